#!/usr/bin/env python3
"""Runs one monitoring task in NannyML 0.13.1, in this (fresh) process, and prints one JSON line.

    bench/.venv-nannyml/bin/python peers_nannyml.py TASK --data DIR --chunk N --runs N [--warmup 1]

Run by bench/run.py through bench/monitor.py with bench/.venv-nannyml's interpreter (NannyML's pins
conflict with bench/requirements.txt). Each task uses the settings of the matching oracle script in
shared/oracles/nannyml/scripts (columns, methods, metrics, timestamp column; chunk_size is --chunk).
The frames are read with pandas first, untimed (as nannyml.datasets does); each timed run constructs
the calculator, fits it on the reference and calculates (or estimates) on the analysis frame. The JSON
line has the run times, their monotonic window and the checks of the last result (monitor.py).
"""
import argparse
import json
import os
import sys
import time
import warnings

os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")  # before nannyml is imported

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import monitor  # noqa: E402  (task list, column names, check names; no third-party imports)

CLASSIFICATION_METRICS = ["roc_auc", "f1", "precision", "recall", "specificity", "accuracy"]
REGRESSION_METRICS = ["mae", "mape", "mse", "msle", "rmse", "rmsle"]


def calculators(nml, chunk):
    """TASK -> (reference file, analysis file, function building an unfitted calculator, run it)."""
    loan = ("synthetic_car_loan_reference.csv", "synthetic_car_loan_analysis.csv")
    loan_target = ("synthetic_car_loan_reference.csv", "synthetic_car_loan_analysis_with_target.csv")
    price = ("regression_synthetic_reference.csv", "regression_synthetic_analysis.csv")
    return {
        "monitor_drift": (loan, lambda: nml.UnivariateDriftCalculator(
            column_names=monitor.CAR_LOAN_FEATURES + ["y_pred_proba", "y_pred"], treat_as_categorical=["y_pred"],
            timestamp_column_name="timestamp", continuous_methods=monitor.CONTINUOUS_METHODS,
            categorical_methods=monitor.CATEGORICAL_METHODS, chunk_size=chunk), "calculate"),
        "monitor_cbpe": (loan, lambda: nml.CBPE(
            y_pred_proba="y_pred_proba", y_pred="y_pred", y_true="repaid", timestamp_column_name="timestamp",
            metrics=CLASSIFICATION_METRICS, chunk_size=chunk, problem_type="classification_binary"), "estimate"),
        "monitor_realized": (loan_target, lambda: nml.PerformanceCalculator(
            y_pred_proba="y_pred_proba", y_pred="y_pred", y_true="repaid", timestamp_column_name="timestamp",
            problem_type="classification_binary", metrics=CLASSIFICATION_METRICS, chunk_size=chunk), "calculate"),
        "monitor_reconstruction": (loan, lambda: nml.DataReconstructionDriftCalculator(
            column_names=monitor.CAR_LOAN_FEATURES, timestamp_column_name="timestamp", chunk_size=chunk), "calculate"),
        "monitor_domain": (loan, lambda: nml.DomainClassifierCalculator(
            feature_column_names=monitor.CAR_LOAN_FEATURES, timestamp_column_name="timestamp", chunk_size=chunk),
            "calculate"),
        "monitor_dle": (price, lambda: nml.DLE(
            feature_column_names=monitor.CAR_PRICE_FEATURES, y_pred="y_pred", y_true="y_true",
            timestamp_column_name="timestamp", metrics=REGRESSION_METRICS, chunk_size=chunk,
            tune_hyperparameters=False), "estimate"),
    }


def checks(task, result):
    """The first analysis chunk's values, named as monitor.check_names(task) names them."""
    frame = result.filter(period="analysis").to_df(multilevel=False)
    first = frame.iloc[0]
    out = {}
    if task == "monitor_drift":
        for method in monitor.ALL_METHODS:
            columns = [c for c in frame.columns if c.endswith("_" + method + "_value")]
            out[method] = float(sum(first[c] for c in columns))
    elif task in ("monitor_cbpe", "monitor_realized"):
        for metric in CLASSIFICATION_METRICS:
            out[metric] = float(first[metric + "_value"])
    elif task == "monitor_reconstruction":
        out["reconstruction_error"] = float(first["reconstruction_error_value"])
    elif task == "monitor_domain":
        out["domain_classifier_auroc"] = float(first["domain_classifier_auroc_value"])
    elif task == "monitor_dle":
        for metric in REGRESSION_METRICS:
            out[metric] = float(first[metric + "_value"])
            out[metric + "_sampling_error"] = float(first[metric + "_sampling_error"])
    out["chunks"] = int(len(result.to_df(multilevel=False)))
    return {key: (None if isinstance(v, float) and np.isnan(v) else v) for key, v in out.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=monitor.TASKS)
    parser.add_argument("--data", required=True)
    parser.add_argument("--chunk", type=int, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import nannyml as nml

    (reference_file, analysis_file), build, verb = calculators(nml, args.chunk)[args.task]
    reference = pd.read_csv(os.path.join(args.data, reference_file))
    analysis = pd.read_csv(os.path.join(args.data, analysis_file))

    def task():
        calculator = build()
        calculator.fit(reference)
        return getattr(calculator, verb)(analysis)

    for _ in range(args.warmup):
        task()
    times = []
    window_start = time.monotonic()
    result = None
    for _ in range(args.runs):
        start = time.perf_counter()
        result = task()
        times.append(time.perf_counter() - start)
    window_end = time.monotonic()
    print(json.dumps({"times": times, "window": [window_start, window_end], "checks": checks(args.task, result),
                      "versions": {"nannyml": nml.__version__, "pandas": pd.__version__, "numpy": np.__version__}}))


if __name__ == "__main__":
    main()
