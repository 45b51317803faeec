#!/usr/bin/env python3
"""The gradient-boosting tasks: runs one peer in this (fresh) process and prints one JSON line; also
holds the settings every library shares and the comparison table bench/run.py prints.

    python peers_gbdt.py TASK LIB --data DIR [--train-runs 3] [--runs 5] [--warmup 1]

TASK is gbdt_regression or gbdt_binary (data: bench/gen_gbdt.py). LIB is a peer of PEERS:
  xgboost            tree_method hist, depth-wise: max_depth 6, max_bin 256
  lightgbm           depth-wise as far as LightGBM goes: num_leaves 64 and max_depth 6, max_bin 255
  lightgbm_leafwise  leaf-wise: num_leaves 63, max_depth -1 (no limit), max_bin 255
fti runs bench/tasks/<task>.fti twice, once per growth policy (FTI_GROWTH): `fti` against xgboost and
lightgbm, `fti_leafwise` against lightgbm_leafwise.

What one process does, in order (fti's script does the same):
  1. reads the train and valid CSVs with polars into float64 arrays (a blank is NaN), untimed;
  2. trains once, untimed: that model makes the predictions below, and the run warms the library up;
  3. trains --train-runs more times, timed, each on a freshly built DMatrix (XGBoost) or a freshly
     constructed Dataset (LightGBM); building them is untimed but recorded as `build_times`. XGBoost
     sketches its quantiles inside `train`, so its binning is timed; LightGBM bins when its Dataset is
     constructed, so its binning is not. fti bins inside `gbdt(…)`, so its binning is timed;
  4. predicts the validation rows --warmup times untimed, then --runs times timed, and reports the
     metrics of the last prediction: RMSE (regression) or AUC and logloss (binary), computed here
     with numpy; fti computes its own with `rmse`, `auc` and `logloss`.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

TASKS = {"gbdt_regression": "regression", "gbdt_binary": "binary"}
TITLES = {"gbdt_regression": "GBDT regression", "gbdt_binary": "GBDT binary classification"}
PEERS = ["xgboost", "lightgbm", "lightgbm_leafwise"]
# The growth arguments bench/run.py puts in place of GROWTH in the fti scripts.
FTI_GROWTH = {"fti": "max_depth: 6", "fti_leafwise": "max_leaves: 63"}
# (growth, libraries in table order, the accuracy reference): fti's ratios are against the best peer
# of its own group, and its metrics are flagged when more than TOLERANCE worse than the reference's.
GROUPS = [
    ("depth-wise", ["fti", "xgboost", "lightgbm"], "xgboost"),
    ("leaf-wise", ["fti_leafwise", "lightgbm_leafwise"], "lightgbm_leafwise"),
]
METRICS = {"regression": ["rmse"], "binary": ["auc", "logloss"]}
METRIC_NAMES = {"rmse": "RMSE", "auc": "AUC", "logloss": "logloss"}
TOLERANCE = 0.01

ROUNDS = 100
LEARNING_RATE = 0.1
MAX_DEPTH = 6
LEAVES = 63
THREADS = 2
SEED = 42
TRAIN_ROWS = 1_000_000
VALID_ROWS = 200_000

NOTES = [
    "Loading is untimed for every library: CSV into a frame (fti) or numpy arrays (peers), and the peers' "
    "DMatrix / Dataset are built untimed before each training (`dataset build` column, for information).",
    "XGBoost's quantile sketch runs inside `train`, so its binning is in its training time; LightGBM bins "
    "while its Dataset is constructed (from a 200k-row sample), so its binning is not; fti's binning is "
    "in its training time.",
    "Depth-wise: XGBoost hist (max_depth 6, max_bin 256, lambda 1, min_child_weight 1, base_score "
    "estimated from the data) and LightGBM (num_leaves 64, max_depth 6, max_bin 255 plus its NaN bin, "
    "lambda_l2 1, min_sum_hessian_in_leaf 1, min_data_in_leaf 20, which XGBoost does not have); "
    "fti `max_depth: 6, max_bins: 256`.",
    "Leaf-wise: LightGBM num_leaves 63, max_depth -1, otherwise as above; fti `max_leaves: 63`.",
    "Every library: 100 rounds, learning rate 0.1, 2 threads (XGBoost nthread 2, LightGBM num_threads 2 "
    "with force_col_wise and deterministic, fti threads 2), seed 42. Predictions: XGBoost "
    "`inplace_predict` on the float64 array, LightGBM `predict(num_threads=2)`, fti `predict(model, valid)` "
    "(a new frame with a `prediction` column).",
    "fti/best: fti's median over the fastest peer's of the same growth group (below 1 means fti is faster). "
    "worse than reference: how much worse a metric is than XGBoost's (depth-wise) or LightGBM's (leaf-wise); "
    "FLAG marks fti more than 1% worse (the issue's accuracy goal).",
]


# ---------------------------------------------------------------------------------------------
# Peer side (runs in bench/.venv)


def load(data, task):
    """(x_train, y_train, x_valid, y_valid) as C-ordered float64 arrays, NaN for a blank."""
    import polars as pl
    arrays = []
    for split in ("train", "valid"):
        frame = pl.read_csv(os.path.join(data, f"{task}_{split}.csv"))
        x = np.ascontiguousarray(frame.drop("y").to_numpy().astype(np.float64))
        arrays += [x, frame["y"].to_numpy().astype(np.float64)]
    return arrays


def xgboost_params(objective):
    return {"objective": "reg:squarederror" if objective == "regression" else "binary:logistic",
            "tree_method": "hist", "grow_policy": "depthwise", "max_depth": MAX_DEPTH, "eta": LEARNING_RATE,
            "max_bin": 256, "nthread": THREADS, "lambda": 1.0, "min_child_weight": 1.0, "seed": SEED,
            "verbosity": 0}


def lightgbm_params(objective, leafwise):
    return {"objective": objective, "num_leaves": LEAVES if leafwise else 64,
            "max_depth": -1 if leafwise else MAX_DEPTH, "learning_rate": LEARNING_RATE, "max_bin": 255,
            "num_threads": THREADS, "force_col_wise": True, "deterministic": True, "min_data_in_leaf": 20,
            "lambda_l2": 1.0, "min_sum_hessian_in_leaf": 1.0, "seed": SEED, "verbosity": -1}


class XGBoost:
    def __init__(self, objective):
        import xgboost
        self.xgb = xgboost
        self.params = xgboost_params(objective)
        self.version = xgboost.__version__

    def build(self, x, y):
        return self.xgb.DMatrix(x, label=y, missing=np.nan, nthread=THREADS)

    def train(self, dataset):
        return self.xgb.train(self.params, dataset, num_boost_round=ROUNDS)

    def predict(self, model, x):
        return model.inplace_predict(x)

    def facts(self, model):
        config = json.loads(model.save_config())
        return {"base_score": config["learner"]["learner_model_param"]["base_score"],
                "nthread": config["learner"]["generic_param"]["nthread"]}


class LightGBM:
    def __init__(self, objective, leafwise):
        import lightgbm
        self.lgb = lightgbm
        self.params = lightgbm_params(objective, leafwise)
        self.version = lightgbm.__version__

    def build(self, x, y):
        return self.lgb.Dataset(x, label=y, params=self.params, free_raw_data=True).construct()

    def train(self, dataset):
        return self.lgb.train(self.params, dataset, num_boost_round=ROUNDS)

    def predict(self, model, x):
        return model.predict(x, num_threads=THREADS)

    def facts(self, model):
        return {"num_threads": model.params.get("num_threads"), "trees": model.num_trees()}


def auc(y, p):
    """Area under the ROC curve by ranks (tied predictions share their mean rank)."""
    _, inverse, counts = np.unique(p, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    mean_rank = ends - (counts - 1) / 2.0
    positives = y > 0.5
    n_pos = int(positives.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    return float((mean_rank[inverse][positives].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def metrics(objective, y, p):
    p = np.asarray(p, dtype=np.float64)
    if objective == "regression":
        return {"rmse": float(np.sqrt(np.mean((y - p) ** 2)))}
    clipped = np.clip(p, 1e-15, 1 - 1e-15)
    logloss = float(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)))
    return {"auc": auc(y, p), "logloss": logloss}


def run(task, lib, data, train_runs, runs, warmup):
    objective = TASKS[task]
    library = XGBoost(objective) if lib == "xgboost" else LightGBM(objective, lib == "lightgbm_leafwise")
    x_train, y_train, x_valid, y_valid = load(data, task)
    model = library.train(library.build(x_train, y_train))  # untimed: the predicting model, and a warm-up
    build_times, train_times, cpu_per_wall = [], [], []
    window_start = time.monotonic()
    for _ in range(train_runs):
        start = time.perf_counter()
        dataset = library.build(x_train, y_train)
        build_times.append(time.perf_counter() - start)
        cpu, start = time.process_time(), time.perf_counter()
        trained = library.train(dataset)
        train_times.append(time.perf_counter() - start)
        cpu_per_wall.append((time.process_time() - cpu) / train_times[-1])
        del trained, dataset
    for _ in range(warmup):
        library.predict(model, x_valid)
    predict_times = []
    for _ in range(runs):
        start = time.perf_counter()
        prediction = library.predict(model, x_valid)
        predict_times.append(time.perf_counter() - start)
    window_end = time.monotonic()
    return {"times": train_times, "train_times": train_times, "predict_times": predict_times,
            "build_times": build_times, "train_cpu_per_wall": cpu_per_wall, "window": [window_start, window_end],
            "checks": metrics(objective, y_valid, prediction), "params": library.params,
            "facts": library.facts(model), "version": library.version,
            "env_threads": {name: os.environ[name] for name in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")
                            if name in os.environ},
            "rows": {"train": len(y_train), "valid": len(y_valid)}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("lib", choices=PEERS)
    parser.add_argument("--data", required=True)
    parser.add_argument("--train-runs", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.task, args.lib, args.data, args.train_runs, args.runs, args.warmup)))


# ---------------------------------------------------------------------------------------------
# Harness side (imported by bench/run.py, plain Python with numpy)


def libs(selected):
    """The libraries of a GBDT task for a --libs list: fti means both fti runs, lightgbm both LightGBM runs."""
    wanted = set(selected)
    if "fti" in wanted:
        wanted |= {"fti_leafwise"}
    if "lightgbm" in wanted:
        wanted |= {"lightgbm_leafwise"}
    return [lib for _, members, _ in GROUPS for lib in members if lib in wanted]


def peer_command(python, task, lib, data, train_runs, runs, warmup):
    return [python, os.path.abspath(__file__), task, lib, "--data", data, "--train-runs", str(train_runs),
            "--runs", str(runs), "--warmup", str(warmup)]


def extras(parsed):
    """The medians and facts run.py adds to a GBDT result, from a peer's JSON line or fti's output."""
    out = {"train_median": statistics.median(parsed["train_times"]),
           "predict_median": statistics.median(parsed["predict_times"]),
           "train_times": parsed["train_times"], "predict_times": parsed["predict_times"]}
    for key in ("build_times", "train_cpu_per_wall", "params", "facts", "version", "env_threads", "rows"):
        if key in parsed:
            out[key] = parsed[key]
    if parsed.get("build_times"):
        out["build_median"] = statistics.median(parsed["build_times"])
    if parsed.get("train_cpu_per_wall"):
        out["train_cpu_per_wall_median"] = statistics.median(parsed["train_cpu_per_wall"])
    return out


def worse_by(metric, value, reference):
    """How much worse `value` is than `reference`, relative (positive = worse)."""
    if value is None or reference is None or reference == 0:
        return None
    if metric == "auc":
        return (reference - value) / reference
    return (value - reference) / reference


def summarize(task, row):
    """One entry per library of the task, in table order, with ratios and accuracy against the reference."""
    objective = TASKS[task]
    entries = []
    ok = {lib: r for lib, r in row.items() if r.get("status") == "ok"}
    best_overall = {kind: min((r[kind + "_median"] for lib, r in ok.items() if not lib.startswith("fti")),
                              default=None) for kind in ("train", "predict")}
    for growth, members, reference in GROUPS:
        peers = [lib for lib in members if lib in ok and not lib.startswith("fti")]
        for lib in members:
            if lib not in row:
                continue
            r = row[lib]
            entry = {"growth": growth, "library": lib, "status": r.get("status"), "reason": r.get("reason")}
            if r.get("status") == "ok":
                entry.update({"train_s": r["train_median"], "predict_s": r["predict_median"],
                              "metrics": {m: r["checks"].get(m) for m in METRICS[objective]},
                              "build_s": r.get("build_median"), "train_cpu_per_wall": r.get("train_cpu_per_wall_median"),
                              "peak_rss": r.get("peak_rss"), "contended": r.get("contended", False)})
                if lib.startswith("fti"):
                    for kind in ("train", "predict"):
                        best = min((ok[p][kind + "_median"] for p in peers), default=None)
                        entry[kind + "_ratio"] = r[kind + "_median"] / best if best else None
                        overall = best_overall[kind]
                        entry[kind + "_ratio_all_peers"] = r[kind + "_median"] / overall if overall else None
                if lib != reference and reference in ok:
                    entry["worse_than_reference"] = {
                        m: worse_by(m, r["checks"].get(m), ok[reference]["checks"].get(m)) for m in METRICS[objective]}
                    entry["reference"] = reference
                    entry["flagged"] = lib.startswith("fti") and any(
                        w is not None and w > TOLERANCE for w in entry["worse_than_reference"].values())
            entries.append(entry)
    return entries


def reference_of(lib):
    return next(reference for _, members, reference in GROUPS if lib in members)


def format_seconds(seconds):
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def table(task, entries, scale, train_runs, runs):
    """The markdown table of one GBDT task."""
    objective = TASKS[task]
    names = [METRIC_NAMES[m] for m in METRICS[objective]]
    header = (["growth", "library", "train", "predict"] + names
              + ["worse than reference", "train fti/best", "predict fti/best", "dataset build (untimed)", "train CPU/wall", "peak RSS"])
    lines = [f"{TITLES[task]}: {int(round(TRAIN_ROWS * scale)):,} train rows × 20 features, "
             f"{int(round(VALID_ROWS * scale)):,} validation rows; {ROUNDS} rounds, learning rate {LEARNING_RATE}, "
             f"{THREADS} threads; median of {train_runs} trainings and of {runs} predictions",
             "",
             "| " + " | ".join(header) + " |",
             "|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|"]
    for e in entries:
        if e["status"] != "ok":
            reason = e.get("reason") or e["status"]
            lines.append("| " + " | ".join([e["growth"], e["library"], reason] + ["—"] * (len(header) - 3)) + " |")
            continue
        metric_cells = []
        for m in METRICS[objective]:
            value = e["metrics"].get(m)
            metric_cells.append("—" if value is None else f"{value:.4f}")
        versus = "reference" if e["library"] == reference_of(e["library"]) else "—"
        if "worse_than_reference" in e:
            parts = [f"{METRIC_NAMES[m]} {w * 100:+.2f}%" for m, w in e["worse_than_reference"].items() if w is not None]
            versus = ", ".join(parts) + (" **FLAG**" if e.get("flagged") else "")
        ratio = lambda kind: f"{e[kind + '_ratio']:.2f}" if e.get(kind + "_ratio") else "—"
        cpu = e.get("train_cpu_per_wall")
        train = format_seconds(e["train_s"]) + (" (busy)" if e.get("contended") else "")
        lines.append("| " + " | ".join(
            [e["growth"], e["library"], train, format_seconds(e["predict_s"])] + metric_cells
            + [versus, ratio("train"), ratio("predict"), format_seconds(e.get("build_s")),
               f"{cpu:.2f}" if cpu else "—",
               f"{e['peak_rss'] / 2**20:.0f} MB" if e.get("peak_rss") else "—"]) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
