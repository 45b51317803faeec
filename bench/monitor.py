"""The monitoring tasks (issue 7): fti's monitoring calculators against NannyML 0.13.1 (bench/run.py).

    python3 bench/run.py --tasks monitor                      # every calculator, on x1 and x10
    python3 bench/run.py --tasks monitor_cbpe,monitor_dle --monitor-data x1

One task per calculator, each on NannyML's own data (x1: Tests/MonitorTests/Fixtures/nannyml, copied
by bench/gen_monitor.py into bench/data/monitor/x1) and on a 10× replicated copy (x10: every row ten
times, chunk sizes ten times larger, so both have 10 reference and 10 analysis chunks). fti runs
bench/tasks/<task>.fti; NannyML runs bench/peers_nannyml.py in bench/.venv-nannyml, a second venv
with NannyML's own pins (bench/requirements-nannyml.txt), which conflict with bench/requirements.txt.
Timed: constructing, fitting and applying the calculator on frames already loaded. Checked: the first
analysis chunk's values (drift: per method, summed over the columns; CBPE and realized: each metric;
reconstruction error) agree to 1e-6 relative; DLE's estimates within one sampling error, the domain
classifier's AUROC within 0.01 (both depend on the learner: LightGBM there, fti's trees here).
The domain classifier fits 5 models per chunk (100 in all) and takes 15 s to minutes at x1 (LightGBM's
OpenMP threads slow down badly on a busy machine: NannyML's DLE took 51 s instead of 1.7 s), so it is
timed once, without a warm-up, and at x10 it is left out unless --monitor-slow is given.
"""
import hashlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv-nannyml")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
REQUIREMENTS = os.path.join(HERE, "requirements-nannyml.txt")

TASKS = ["monitor_drift", "monitor_cbpe", "monitor_realized", "monitor_reconstruction", "monitor_domain",
         "monitor_dle"]
DATA = {"x1": 1, "x10": 10}
TITLES = {
    "monitor_drift": "univariate drift, 9 columns × 4 methods",
    "monitor_cbpe": "CBPE binary, 6 metrics",
    "monitor_realized": "realized performance binary, 6 metrics",
    "monitor_reconstruction": "data reconstruction (PCA) drift",
    "monitor_domain": "domain classifier drift",
    "monitor_dle": "DLE regression, 6 metrics",
}
DATASET = {"monitor_dle": "car price"}
CHUNK = {"monitor_dle": 6000}  # at x1; the others 5000; times the replication
SLOW = {"monitor_domain"}  # one run, no warm-up; x10 only with --monitor-slow

CAR_LOAN_FEATURES = ["car_value", "salary_range", "debt_to_income_ratio", "loan_length", "repaid_loan_on_prev_car",
                     "size_of_downpayment", "driver_tenure"]
CAR_PRICE_FEATURES = ["car_age", "km_driven", "price_new", "accident_count", "door_count", "fuel", "transmission"]
CONTINUOUS_METHODS = ["kolmogorov_smirnov", "jensen_shannon", "wasserstein", "hellinger"]
CATEGORICAL_METHODS = ["chi2", "l_infinity", "jensen_shannon", "hellinger"]
ALL_METHODS = ["kolmogorov_smirnov", "jensen_shannon", "wasserstein", "hellinger", "chi2", "l_infinity"]


def expand(tasks):
    """`monitor` stands for every monitoring task."""
    out = []
    for task in tasks:
        for name in (TASKS if task == "monitor" else [task]):
            if name not in out:
                out.append(name)
    return out


def chunk_size(task, replicate):
    return CHUNK.get(task, 5000) * replicate


def ensure_venv(log):
    """bench/.venv-nannyml with bench/requirements-nannyml.txt; reinstalled when that file changes."""
    stamp = os.path.join(VENV, ".requirements-sha256")
    with open(REQUIREMENTS, "rb") as handle:
        wanted = hashlib.sha256(handle.read()).hexdigest()
    if os.path.exists(stamp) and open(stamp).read().strip() == wanted and os.path.exists(VENV_PYTHON):
        return
    log("creating bench/.venv-nannyml with NannyML 0.13.1 and its pins (bench/requirements-nannyml.txt)")
    if not os.path.exists(VENV_PYTHON):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([VENV_PYTHON, "-m", "pip", "install", "-q", "-r", REQUIREMENTS], check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted + "\n")


def ensure_data(name, log):
    """bench/data/monitor/<name>, regenerated when gen_monitor.py changes."""
    folder = os.path.join(HERE, "data", "monitor", name)
    stamp = os.path.join(folder, ".gen-sha256")
    with open(os.path.join(HERE, "gen_monitor.py"), "rb") as handle:
        wanted = hashlib.sha256(handle.read()).hexdigest()
    if os.path.exists(stamp) and open(stamp).read().strip() == wanted:
        return folder
    log(f"generating monitoring data {name} into bench/data/monitor/{name}")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_monitor.py"), folder, "--replicate", str(DATA[name])],
                   check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted + "\n")
    return folder


def runs(task, args):
    return (1, 0) if task in SLOW else (args.runs, args.warmup)


def fti_command(task, args, data, name):
    """`fti run` on the task's script with its run counts and chunk size filled in, written next to the data."""
    count, warmup = runs(task, args)
    with open(os.path.join(HERE, "tasks", task + ".fti")) as handle:
        text = handle.read()
    text = text.replace("CHUNK", str(chunk_size(task, DATA[name]))).replace("RUNS", str(count))
    text = text.replace("WARMUP", str(warmup))
    folder = os.path.join(data, ".scripts")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, task + ".fti")
    with open(path, "w") as handle:
        handle.write(text)
    return [args.fti, "run", path]


def peer_command(task, args, data, name):
    count, warmup = runs(task, args)
    return [VENV_PYTHON, os.path.join(HERE, "peers_nannyml.py"), task, "--data", data,
            "--chunk", str(chunk_size(task, DATA[name])), "--runs", str(count), "--warmup", str(warmup)]


def agreement(task, fti, nannyml):
    """The check keys where fti and NannyML disagree (see the module docstring), with both values."""
    differing = {}
    for key, expected in nannyml.items():
        if key.endswith("_sampling_error"):
            continue
        actual = fti.get(key)
        if expected is None or actual is None:
            if expected is not actual:
                differing[key] = [expected, actual]
            continue
        if key == "chunks":
            ok = int(expected) == int(actual)
        elif task == "monitor_dle":
            ok = abs(actual - expected) <= (nannyml.get(key + "_sampling_error") or 0)
        elif task == "monitor_domain":
            ok = abs(actual - expected) <= 0.01
        else:
            ok = abs(actual - expected) <= 1e-6 * max(abs(expected), abs(actual), 1e-12)
        if not ok:
            differing[key] = [expected, actual]
    return differing


def table(results, format_time):
    """results: task -> data name -> {"fti": result, "nannyml": result}."""
    lines = ["| calculator | data | fti | NannyML | NannyML/fti | agree |", "|---|---|---:|---:|---:|---|"]
    for task, row in results.items():
        for name, pair in row.items():
            fti, peer = pair.get("fti"), pair.get("nannyml")
            cells = [TITLES[task], f"{DATASET.get(task, 'car loan')} {name}"]
            for r in (fti, peer):
                if r is None or r["status"] != "ok":
                    cells.append((r or {}).get("reason", "—"))
                else:
                    cells.append(format_time(r["median"]) + (" (busy)" if r.get("contended") else ""))
            ratio = "—"
            if fti and peer and fti["status"] == "ok" and peer["status"] == "ok":
                ratio = f"{peer['median'] / fti['median']:.1f}×"
            cells.append(ratio)
            agree = pair.get("agree")
            cells.append("—" if agree is None else ("yes" if not agree else "DIFF " + ", ".join(sorted(agree))))
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(tasks, args, libs, measure, log, cell):
    """Measures each (task, data, library) with run.py's `measure` (quiet-machine guard, retries), then
    checks agreement; returns task -> data name -> {"fti": result, "nannyml": result, "agree": {...}}."""
    if "nannyml" in libs:
        ensure_venv(log)
    names = [name for name in args.monitor_data.split(",") if name]
    for name in names:
        if name not in DATA:
            sys.exit(f"unknown --monitor-data {name}; expected {', '.join(DATA)}")
    folders = {name: ensure_data(name, log) for name in names}
    results = {}
    for task in tasks:
        results[task] = {}
        for name in names:
            pair = results[task][name] = {}
            for lib in [lib for lib in ("fti", "nannyml") if lib in libs]:
                if task in SLOW and DATA[name] > 1 and not args.monitor_slow:
                    pair[lib] = {"status": "skipped", "reason": "left out (--monitor-slow)"}
                    continue
                log(f"{task} {name}: {lib}")
                pair[lib] = measure(task, lib, args, folders[name])
                r = pair[lib]
                log(f"  {cell(r)}" + (f"  ({r['reason']})" if r["status"] != "ok" else ""))
            fti, peer = pair.get("fti"), pair.get("nannyml")
            if fti and peer and fti["status"] == "ok" and peer["status"] == "ok":
                pair["agree"] = agreement(task, fti["checks"], peer["checks"])
                if pair["agree"]:
                    log(f"  fti and NannyML disagree on {task} {name}: {pair['agree']}")
    return results


def command(task, lib, args, data):
    """The command measuring `task` in `lib` on the data folder `data` (bench/data/monitor/<name>)."""
    name = os.path.basename(data)
    return fti_command(task, args, data, name) if lib == "fti" else peer_command(task, args, data, name)
