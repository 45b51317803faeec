#!/usr/bin/env python3
"""Benchmarks fti against its peers (polars, DuckDB, pandas; XGBoost, LightGBM) on the same data, on this machine.

    python3 bench/run.py [--scale 1] [--tasks read,filter,groupby,join,sort,asof,rolling] [--runs 5] [--json out.json]
    python3 bench/run.py --tasks gbdt_regression,gbdt_binary [--train-runs 3]
    python3 bench/run.py --tasks store_training_data,store_feature_vector   (feature store; bench/gen_store.py)
    python3 bench/run.py --tasks monitor [--monitor-data x1,x10] [--monitor-slow]   (fti vs NannyML: bench/monitor.py)

What it does, in order:
  1. creates bench/.venv and installs bench/requirements.txt there (once; again when the file changes);
  2. generates the data for --scale into bench/data/s<scale> with bench/gen.py (once per scale);
  3. runs each (task, library) in a fresh process: inputs are loaded untimed (except for `read`),
     then --warmup untimed runs, then --runs timed runs; the median is reported. fti runs
     bench/tasks/<task>.fti with `fti run`, timing with `time_runs`; the peers run bench/peers.py;
     the gradient-boosting tasks (gbdt_*) compare fti with XGBoost and LightGBM (bench/peers_gbdt.py,
     data from bench/gen_gbdt.py): --train-runs timed trainings, then --warmup and --runs predictions;
  4. guards against a busy machine: before each process it waits until other processes use less
     than 15% of one core, and it samples /proc/stat during the process; when others used more than
     5% of the machine (+30 ms) during the timed runs, the process is run again (up to --retries
     times) and the row is flagged if it stays contended;
  5. checks that every library's answer agrees with the first peer's (bench/checks.py: row counts
     and sums, ints exactly, floats to 1e-9 relative);
  6. prints the table `task | fti | best peer | fti/best | each peer` (medians) and the peak
     resident sizes, measures fti's memory for a loaded events.csv against the bytes of its
     columns, and writes everything as JSON with --json.

An fti task whose script fails with "unknown name" (a verb not built yet) is skipped and marked so.
The gbdt tasks take minutes, so the default task list has them only at --scale 1 or below.
"""
import argparse
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import monitor
import peers_gbdt
import peers_store

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
TASKS = ["read", "filter", "groupby", "join", "sort", "asof", "rolling"]
PEERS = ["polars", "polars_lazy", "duckdb", "pandas"]
GBDT_TASKS = list(peers_gbdt.TASKS)
GBDT_PEERS = ["xgboost", "lightgbm"]
TITLES = {
    "read": "CSV read (events.csv)",
    "filter": "filter + derived column",
    "groupby": "group-by, 5 aggregates, 10k keys",
    "join": "hash join to 10k-row table",
    "sort": "sort by (entity_id, ts)",
    "asof": "ASOF join labels × features, incl. sort",
    "rolling": "rolling 7-day mean per key (sorted input)",
    "store_training_data": "store: training_data, 1M spine × 3 groups",
    "store_feature_vector": "store: feature_vector p50, 1M-key online table",
}
TICK = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Environment and data


def file_digest(*paths):
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def ensure_venv():
    """bench/.venv with the pinned peers; reinstalled when requirements.txt changes."""
    requirements = os.path.join(HERE, "requirements.txt")
    stamp = os.path.join(VENV, ".requirements-sha256")
    wanted = file_digest(requirements)
    if os.path.exists(stamp) and open(stamp).read().strip() == wanted and os.path.exists(VENV_PYTHON):
        return
    log("creating bench/.venv with the pinned peers (bench/requirements.txt)")
    if not os.path.exists(VENV_PYTHON):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([VENV_PYTHON, "-m", "pip", "install", "-q", "-r", requirements], check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted + "\n")


def scale_name(scale):
    return ("%g" % scale).replace("/", "_")


def ensure_data(scale):
    """bench/data/s<scale>, regenerated when gen.py or the pinned versions change."""
    folder = os.path.join(HERE, "data", "s" + scale_name(scale))
    stamp = os.path.join(folder, ".gen-sha256")
    wanted = file_digest(os.path.join(HERE, "gen.py"), os.path.join(HERE, "requirements.txt"))
    if os.path.exists(stamp) and open(stamp).read().strip() == wanted:
        return folder
    log(f"generating data for scale {scale_name(scale)} into {os.path.relpath(folder, ROOT)}")
    subprocess.run([VENV_PYTHON, os.path.join(HERE, "gen.py"), folder, "--scale", str(scale)], check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted + "\n")
    return folder


def ensure_gbdt_data(scale):
    """The gbdt_* CSVs in bench/data/s<scale>, regenerated when gen_gbdt.py or the pinned versions change."""
    folder = os.path.join(HERE, "data", "s" + scale_name(scale))
    stamp = os.path.join(folder, ".gen-gbdt-sha256")
    wanted = file_digest(os.path.join(HERE, "gen_gbdt.py"), os.path.join(HERE, "requirements.txt"))
    if os.path.exists(stamp) and open(stamp).read().strip() == wanted:
        return folder
    log(f"generating gbdt data for scale {scale_name(scale)} into {os.path.relpath(folder, ROOT)}")
    subprocess.run([VENV_PYTHON, os.path.join(HERE, "gen_gbdt.py"), folder, "--scale", str(scale)], check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted + "\n")
    return folder


def ensure_store_data(scale):
    """The store_*.csv files in bench/data/s<scale>, regenerated when gen_store.py or the pinned versions change."""
    folder = os.path.join(HERE, "data", "s" + scale_name(scale))
    stamp = os.path.join(folder, ".gen-store-sha256")
    wanted = file_digest(os.path.join(HERE, "gen_store.py"), os.path.join(HERE, "requirements.txt"))
    if os.path.exists(stamp) and open(stamp).read().strip() == wanted:
        return folder
    log(f"generating feature-store data for scale {scale_name(scale)} into {os.path.relpath(folder, ROOT)}")
    subprocess.run([VENV_PYTHON, os.path.join(HERE, "gen_store.py"), folder, "--scale", str(scale)], check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted + "\n")
    return folder


# ---------------------------------------------------------------------------------------------
# The quiet-machine guard


def machine_busy_ticks():
    with open("/proc/stat") as handle:
        fields = handle.readline().split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return user + nice + system + irq + softirq + steal


def process_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            text = handle.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def others_busy_fraction(seconds=0.3):
    """Share of one core that processes other than this one used over `seconds`."""
    busy0, self0 = machine_busy_ticks(), process_ticks(os.getpid()) or 0
    time.sleep(seconds)
    busy1, self1 = machine_busy_ticks(), process_ticks(os.getpid()) or 0
    return max(0, (busy1 - busy0) - (self1 - self0)) / TICK / seconds


def wait_until_quiet(limit, max_wait):
    """Waits until others use less than `limit` of one core; returns the seconds waited (or None on timeout)."""
    start = time.monotonic()
    announced = False
    while True:
        if others_busy_fraction() < limit:
            return time.monotonic() - start
        if time.monotonic() - start > max_wait:
            return None
        if not announced:
            log("  waiting for a quiet machine …")
            announced = True
        time.sleep(0.7)


class Sampler(threading.Thread):
    """Samples (time, machine busy ticks, child ticks, own ticks) every 10 ms while a child runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples = []
        self.stopped = threading.Event()

    def sample(self):
        child = process_ticks(self.pid)
        if child is None and self.samples:
            child = self.samples[-1][2]
        self.samples.append((time.monotonic(), machine_busy_ticks(), child or 0, process_ticks(os.getpid()) or 0))

    def run(self):
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(0.01)

    def others_seconds(self, start, end):
        """CPU seconds others used between the samples that bracket [start, end]."""
        before = [s for s in self.samples if s[0] <= start]
        after = [s for s in self.samples if s[0] >= end]
        if not before or not after:
            return None
        a, b = before[-1], after[0]
        return max(0, (b[1] - a[1]) - (b[2] - a[2]) - (b[3] - a[3])) / TICK


# ---------------------------------------------------------------------------------------------
# Running one (task, library)


def run_process(command, cwd, env=None):
    """Runs `command`, returning (exit status, stdout, stderr, peak RSS bytes, sampler)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        sampler = Sampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stopped.set()
        sampler.join()
        sampler.sample()
        out.seek(0)
        err.seek(0)
        return (process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                usage.ru_maxrss * 1024, sampler)


def parse_fti_output(text):
    """The `times`, `window` and `checks` lines that bench/tasks/*.fti print."""
    result = {}
    for line in text.splitlines():
        word, _, rest = line.partition(" ")
        if word == "times" or word.endswith("_times"):
            result[word] = [float(x) for x in rest.strip("[] ").split(",") if x.strip()]
        elif word == "window":
            result["window"] = [float(x) for x in rest.split()]
        elif word == "checks":
            checks = {}
            for key, value in re.findall(r"(\w+): ([^,}]+)", rest):
                value = value.strip()
                if value == "null":
                    checks[key] = None
                elif re.fullmatch(r"-?\d+", value):
                    checks[key] = int(value)
                else:
                    checks[key] = float(value)
            result["checks"] = checks
    return result


def fti_script(task, data, runs, warmup, train_runs=1, variant="fti"):
    """The task's script with its run counts (and a gbdt task's GROWTH) filled in, written next to the data."""
    with open(os.path.join(HERE, "tasks", task + ".fti")) as handle:
        text = handle.read().replace("TRAIN_RUNS", str(train_runs))
        text = text.replace("RUNS", str(runs)).replace("WARMUP", str(warmup))
    if variant in peers_gbdt.FTI_GROWTH:
        text = text.replace("GROWTH", peers_gbdt.FTI_GROWTH[variant])
    folder = os.path.join(data, ".scripts")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, task + ("" if variant == "fti" else "-" + variant) + ".fti")
    with open(path, "w") as handle:
        handle.write(text)
    return path


def measure(task, lib, args, data):
    """Runs one (task, lib) until it is uncontended or out of retries; returns a result dict."""
    gbdt = task in GBDT_TASKS
    if task in monitor.TASKS:
        command = monitor.command(task, lib, args, data)
    elif lib.startswith("fti"):
        command = [args.fti, "run", fti_script(task, data, args.runs, args.warmup, args.train_runs, lib)]
    elif gbdt:
        command = peers_gbdt.peer_command(VENV_PYTHON, task, lib, data, args.train_runs, args.runs, args.warmup)
    else:
        command = [VENV_PYTHON, os.path.join(HERE, "peers.py"), task, lib, "--data", data,
                   "--runs", str(args.runs), "--warmup", str(args.warmup)]
    attempts = []
    for attempt in range(args.retries + 1):
        waited = 0.0
        if not args.no_guard:
            waited = wait_until_quiet(0.15, args.max_wait)
        if lib.startswith("fti") and task in peers_store.PEERS:
            peers_store.remove_store_files(data)
        status, out, err, rss, sampler = run_process(command, data)
        if status != 0:
            missing = re.search(r"unknown name '([^']+)'|error: (\w+) has no parameter '", err)
            if lib.startswith("fti") and missing:
                verb = missing.group(1) or missing.group(2)
                return {"status": "skipped", "reason": f"skipped: fti has no '{verb}' verb yet"}
            first = (err.strip().splitlines() or ["exit %d" % status])[0]
            return {"status": "failed", "reason": "failed: " + first.removeprefix("error: ")[:120],
                    "stderr": err[-2000:]}
        parsed = parse_fti_output(out) if lib.startswith("fti") else json.loads(out.strip().splitlines()[-1])
        if "times" not in parsed and "train_times" in parsed:
            parsed["times"] = parsed["train_times"]
        window = parsed.get("window", [0, 0])
        others = sampler.others_seconds(window[0], window[1])
        span = max(window[1] - window[0], 1e-6)
        contended = others is None or others > 0.05 * CPUS * span + 0.03
        result = {
            "status": "ok", "times": parsed["times"], "median": statistics.median(parsed["times"]),
            "checks": parsed.get("checks", {}), "peak_rss": rss, "others_cpu_s": others,
            "contended": contended and not args.no_guard, "waited_s": waited, "attempt": attempt + 1,
        }
        if gbdt:
            result.update(peers_gbdt.extras(parsed))
        if len(parsed["times"]) >= 100:  # per-call latencies (store_feature_vector): the median is p50
            result["p99"] = sorted(parsed["times"])[min(len(parsed["times"]) - 1, int(0.99 * len(parsed["times"])))]
        attempts.append(result)
        if not result["contended"]:
            return result
        log(f"  {task}/{lib}: others used {others if others is not None else '?'} s of CPU during the runs; again")
    best = min(attempts, key=lambda r: r["others_cpu_s"] if r["others_cpu_s"] is not None else 1e9)
    return best


def memory_of_fti(args, data):
    """Peak RSS of fti loading events.csv, less an empty session's, against the frame's buffer bytes."""
    status, out, err, loaded, _ = run_process([args.fti, "run", fti_script("memory", data, 1, 0)], data)
    if status != 0:
        return {"status": "failed", "reason": err.strip()[-200:]}
    status2, _, err2, empty, _ = run_process([args.fti, "run", fti_script("empty", data, 1, 0)], data)
    if status2 != 0:
        return {"status": "failed", "reason": err2.strip()[-200:]}
    column_bytes = parse_fti_output(out)["checks"]["bytes"]
    file_bytes = os.path.getsize(os.path.join(data, "events.csv"))
    return {"status": "ok", "peak_rss": loaded, "empty_session_peak_rss": empty, "column_bytes": column_bytes,
            "file_bytes": file_bytes, "ratio": (loaded - empty) / column_bytes}


# ---------------------------------------------------------------------------------------------
# Reporting


def format_time(seconds):
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def cell(result):
    if result is None:
        return "—"
    if result["status"] == "skipped":
        return "skipped"
    if result["status"] != "ok":
        return "failed"
    text = format_time(result["median"])
    if result.get("contended"):
        text += " (busy)"
    if result.get("check") == "DIFF":
        text += " (DIFF)"
    return text


def table(results, libs):
    peers = [lib for lib in libs if lib != "fti"]
    header = ["task", "fti", "best peer", "fti/best"] + peers
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    for task, row in results.items():
        ok_peers = [(lib, r["median"]) for lib, r in row.items()
                    if lib != "fti" and r["status"] == "ok" and r.get("check") != "DIFF"]
        best = min(ok_peers, key=lambda p: p[1]) if ok_peers else None
        fti = row.get("fti")
        ratio = "—"
        if best and fti and fti["status"] == "ok":
            ratio = f"{fti['median'] / best[1]:.2f}"
        elif fti and fti["status"] != "ok":
            ratio = fti["reason"]
        cells = [TITLES.get(task, task), cell(fti), f"{best[0]} {format_time(best[1])}" if best else "—", ratio]
        cells += [cell(row.get(lib)) for lib in peers]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rss_table(results, libs):
    header = ["task"] + libs
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * len(libs)) + "|"]
    for task, row in results.items():
        cells = [TITLES.get(task, task)]
        for lib in libs:
            r = row.get(lib)
            cells.append(f"{r['peak_rss'] / 2**20:.0f} MB" if r and r["status"] == "ok" else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def versions():
    script = ("import json, polars, duckdb, pandas, numpy, pyarrow, xgboost, lightgbm; print(json.dumps({m.__name__: "
              "m.__version__ for m in [polars, duckdb, pandas, numpy, pyarrow, xgboost, lightgbm]}))")
    found = json.loads(subprocess.run([VENV_PYTHON, "-c", script], capture_output=True, text=True, check=True).stdout)
    found["python"] = subprocess.run([VENV_PYTHON, "-c", "import platform; print(platform.python_version())"],
                                     capture_output=True, text=True).stdout.strip()
    return found


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as handle:
            memory = int(handle.readline().split()[1]) * 1024
    except OSError:
        memory = 0
    return {"cpus": CPUS, "cpu_model": model, "memory_gib": round(memory / 2**30, 1),
            "kernel": platform.release(), "system": platform.system()}


# ---------------------------------------------------------------------------------------------


def main():
    import checks  # noqa: E402  (bench/checks.py, plain Python)

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 1M events (default 1)")
    parser.add_argument("--tasks", help="comma-separated; default %s, plus %s at --scale 1 or below"
                        % (",".join(TASKS), ",".join(GBDT_TASKS)))
    parser.add_argument("--libs", default=",".join(["fti"] + PEERS + GBDT_PEERS + ["nannyml"]),
                        help="fti also means fti_leafwise and lightgbm lightgbm_leafwise in the gbdt tasks")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per process (default 5)")
    parser.add_argument("--train-runs", type=int, default=3, help="timed trainings per gbdt process (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before them (default 1)")
    parser.add_argument("--retries", type=int, default=3, help="reruns of a contended process (default 3)")
    parser.add_argument("--max-wait", type=float, default=600, help="seconds to wait for a quiet machine")
    parser.add_argument("--no-guard", action="store_true", help="skip the quiet-machine guard")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument("--fti", default=os.path.join(ROOT, ".build", "release", "fti"))
    parser.add_argument("--json", help="write the results as JSON to this file")
    parser.add_argument("--monitor-data", default="x1,x10", help="monitor tasks: x1 (NannyML's data), x10 (replicated)")
    parser.add_argument("--monitor-slow", action="store_true", help="monitor tasks: also the domain classifier at x10")
    args = parser.parse_args()
    args.fti = os.path.abspath(args.fti)
    libs = [lib for lib in args.libs.split(",") if lib]
    if args.tasks is None:
        args.tasks = ",".join(TASKS + (GBDT_TASKS if args.scale <= 1 else []))
    tasks = [task for task in monitor.expand(args.tasks.split(",")) if task]
    monitor_tasks = [task for task in tasks if task in monitor.TASKS]
    tasks = [task for task in tasks if task not in monitor.TASKS]
    if "fti" in libs and not os.path.exists(args.fti):
        sys.exit(f"no fti binary at {args.fti}: build it first (swift build -c release --product fti)")

    ensure_venv()
    data = ensure_data(args.scale)
    if any(task in GBDT_TASKS for task in tasks):
        ensure_gbdt_data(args.scale)
    if any(task in peers_store.PEERS for task in tasks):
        ensure_store_data(args.scale)
    results = {}
    for task in tasks:
        results[task] = {}
        task_libs = (peers_gbdt.libs(libs) if task in GBDT_TASKS
                     else [lib for lib in libs if lib in ["fti"] + peers_store.PEERS.get(task, PEERS)])
        for lib in task_libs:
            log(f"{task}: {lib}")
            results[task][lib] = measure(task, lib, args, data)
            r = results[task][lib]
            log(f"  {cell(r)}" + (f"  ({r['reason']})" if r["status"] != "ok" else ""))
        if task in GBDT_TASKS:
            continue  # accuracy is compared in the gbdt tables, not checked for equality
        reference = next((r["checks"] for lib, r in results[task].items() if lib != "fti" and r["status"] == "ok"), None)
        for lib, r in results[task].items():
            if r["status"] != "ok" or reference is None:
                continue
            differing = checks.agree(reference, r["checks"], checks.CHECKS[task])
            r["check"] = "DIFF" if differing else "ok"
            if differing:
                r["differing"] = {key: [reference.get(key), r["checks"].get(key)] for key in differing}
                log(f"  {lib} disagrees on {task}: {r['differing']}")

    monitor_results = monitor.run(monitor_tasks, args, libs, measure, log, cell) if monitor_tasks else {}
    memory = None
    if "fti" in libs and not args.no_memory and tasks:
        memory = memory_of_fti(args, data)

    frame_results = {task: row for task, row in results.items() if task not in GBDT_TASKS}
    frame_libs = [lib for lib in libs if lib in ["fti"] + PEERS]
    if frame_results:
        print()
        print(f"scale {scale_name(args.scale)} ({int(round(1_000_000 * args.scale)):,} events), "
              f"median of {args.runs} runs after {args.warmup} warm-up, fresh process per cell; ratio < 1 means fti is faster")
        print()
        print(table(frame_results, frame_libs))
        print()
        print("peak resident size of each process (inputs, task and result):")
        print()
        print(rss_table(frame_results, frame_libs))
    gbdt_tables = {}
    for task, row in results.items():
        if task not in GBDT_TASKS:
            continue
        entries = peers_gbdt.summarize(task, row)
        markdown = peers_gbdt.table(task, entries, args.scale, args.train_runs, args.runs)
        gbdt_tables[task] = {"entries": entries, "markdown": markdown}
        print()
        print(markdown)
    if gbdt_tables:
        print()
        print("\n".join("- " + note for note in peers_gbdt.NOTES))
    if monitor_results:
        print(f"\nmonitoring, fit + calculate on loaded frames, median of {args.runs} runs after {args.warmup} warm-up "
              "(domain classifier: 1 run); NannyML/fti > 1 means fti is faster (goal ≥ 10×)\n")
        print(monitor.table(monitor_results, format_time))
    for task, row in results.items():
        if "p99" in row.get("fti", {}):
            print(f"\n{TITLES.get(task, task)}: p50 {row['fti']['median'] * 1e6:.0f} µs, "
                  f"p99 {row['fti']['p99'] * 1e6:.0f} µs over {len(row['fti']['times'])} calls")
    if memory and memory["status"] == "ok":
        print()
        print(f"fti memory, events.csv loaded: peak RSS {memory['peak_rss'] / 2**20:.1f} MB, empty session "
              f"{memory['empty_session_peak_rss'] / 2**20:.1f} MB, column buffers {memory['column_bytes'] / 2**20:.1f} MB "
              f"→ {memory['ratio']:.2f}× the raw bytes (goal ≤ 1.3×); the file is {memory['file_bytes'] / 2**20:.1f} MB")
    elif memory:
        print(f"fti memory measurement failed: {memory['reason']}")
    flagged = [f"{t}/{l}" for t, row in results.items() for l, r in row.items() if r.get("contended")]
    if flagged:
        print(f"\ncontended (the machine stayed busy through every retry): {', '.join(flagged)}")
    info = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "scale": args.scale, "runs": args.runs,
            "warmup": args.warmup, "train_runs": args.train_runs, "machine": machine(), "versions": versions(),
            "results": results, "memory": memory}
    if monitor_results:
        info["monitor"] = {"results": monitor_results, "markdown": monitor.table(monitor_results, format_time)}
    if gbdt_tables:
        info["gbdt"] = {"tables": gbdt_tables, "notes": peers_gbdt.NOTES,
                        "threads": {"xgboost": {"nthread": peers_gbdt.THREADS},
                                    "lightgbm": {"num_threads": peers_gbdt.THREADS, "force_col_wise": True,
                                                 "deterministic": True},
                                    "fti": {"threads": peers_gbdt.THREADS}}}
    print(f"\n{info['machine']['cpu_model']}, {CPUS} cpus, {info['machine']['memory_gib']} GiB, Linux "
          f"{info['machine']['kernel']}; " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(info, handle, indent=2)


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
