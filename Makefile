# fti — set-up, build and test. `make run` opens the REPL; `make test` runs every test and notebook.
SWIFT ?= swift
FTI_RELEASE := .build/release/fti
FTI_DEBUG := .build/debug/fti
# Notebooks replayed by `make test`: the course, the docs and README's tour.
NOTEBOOKS := notebooks docs README.md
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && echo sudo)

.PHONY: all deps build release run test replay update clean

all: build

# System libraries the package links against; installed only when their headers are missing.
deps:
	@missing=""; \
	[ -f /usr/include/editline/readline.h ] || missing="$$missing libedit-dev"; \
	[ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product fti

run: release
	@$(FTI_RELEASE)

test: deps
	$(SWIFT) build
	$(SWIFT) test
	$(FTI_DEBUG) replay $(NOTEBOOKS)

# Replay the notebooks only (debug build).
replay: build
	$(FTI_DEBUG) replay $(NOTEBOOKS)

# Re-record every notebook's outputs after a deliberate change; review with git diff.
update: build
	$(FTI_DEBUG) replay --update $(NOTEBOOKS)

clean:
	rm -rf .build

# Benchmarks against the peers in a release build: bench/run.py makes and pins its own virtual
# environment, generates the data and waits for a quiet machine. SCALE=10 make bench for stable figures.
SCALE ?= 1
.PHONY: bench
bench: release
	python3 bench/run.py --scale $(SCALE) --fti $(FTI_RELEASE) --json bench/data/results-s$(SCALE).json
	python3 bench/interpreter.py --fti $(FTI_RELEASE)
