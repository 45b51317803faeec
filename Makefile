# fti — set-up, build and test. `make run` opens the REPL; `make test` runs every test and notebook.
SWIFT ?= swift
FTI_RELEASE := .build/release/fti
FTI_DEBUG := .build/debug/fti
# Notebooks replayed by `make test`: the course, the docs and README's tour.
NOTEBOOKS := notebooks docs README.md
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && echo sudo)

.PHONY: all deps build release run test replay update clean fuzz fuzz-build

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
# `make bench` runs all of them; `make bench-monitor` (fti against NannyML, a few minutes) and
# `make bench-store` (against DuckDB) run one group.
SCALE ?= 1
.PHONY: bench bench-monitor bench-store
bench: release
	python3 bench/run.py --scale $(SCALE) --fti $(FTI_RELEASE) --json bench/data/results-s$(SCALE).json
	python3 bench/interpreter.py --fti $(FTI_RELEASE)
	$(MAKE) bench-store bench-monitor

bench-monitor: release
	python3 bench/run.py --tasks monitor --monitor-slow --fti $(FTI_RELEASE) --runs 3 --json bench/data/monitor/results.json

bench-store: release
	python3 bench/run.py --tasks store_training_data,store_feature_vector --fti $(FTI_RELEASE) --json bench/data/results-store.json

# libFuzzer targets (fuzz/, a package of its own): each runs FUZZ_SECONDS, one after another on one
# core, from the committed seeds in fuzz/corpus/<target>; new inputs go to the build folder and any
# crash, timeout or out-of-memory input to fuzz/crashes/. Fails while fuzz/crashes/ holds anything:
# turn each into a regression test, fix it, then delete it. FUZZ_TARGETS=FuzzCSV runs one target.
# FuzzInterpreter runs without LeakSanitizer: its scan after each input would take 80% of the time.
# Swift's own crash backtracer is switched off: it would race AddressSanitizer's report.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= FuzzParser FuzzInterpreter FuzzCSV FuzzNotebook
FUZZ_BUILD := fuzz/.build-fuzz
FUZZ_FLAGS ?= -timeout=30 -rss_limit_mb=4096 -print_final_stats=1

fuzz-build: deps
	$(SWIFT) build --package-path fuzz --scratch-path $(FUZZ_BUILD) -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld

fuzz: fuzz-build
	@mkdir -p fuzz/crashes; \
	for target in $(FUZZ_TARGETS); do \
		case $$target in FuzzCSV) dict=csv;; FuzzNotebook) dict=notebook;; *) dict=fti;; esac; \
		extra=""; [ $$target = FuzzInterpreter ] && extra=-detect_leaks=0; \
		mkdir -p $(FUZZ_BUILD)/corpus/$$target; \
		echo "== $$target: $(FUZZ_SECONDS)s"; \
		SWIFT_BACKTRACE=enable=no $(FUZZ_BUILD)/release/$$target $(FUZZ_BUILD)/corpus/$$target fuzz/corpus/$$target \
			-dict=fuzz/dict/$$dict.dict -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=fuzz/crashes/$$target- $(FUZZ_FLAGS) $$extra 2>&1 | grep -v '^#[0-9]'; \
	done; \
	if [ -n "$$(ls -A fuzz/crashes)" ]; then echo "fuzz: inputs that failed are in fuzz/crashes/:"; ls fuzz/crashes; exit 1; fi
