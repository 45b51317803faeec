#!/usr/bin/env python3
"""Times LightGBM alone on the model fits inside NannyML's two tree-based calculators, to show how
much of NannyML's time they are (and so what a 10x goal asks of any learner).

    bench/.venv-nannyml/bin/python bench/lightgbm_alone.py [--data bench/data/monitor/x1] [--repeat 3]

- domain classifier: one reference chunk's 5-fold cross-validation on the car loan reference
  (50,000 rows, the first 5,000 labelled 1), with NannyML's LGBMClassifier settings
  (100 trees, learning rate 0.1, 31 leaves, min_child_samples 20, random_state 13, n_jobs -1) and
  its categorical columns; the time per fit includes predicting the held-out fold.
- DLE: one LGBMRegressor() on the car price reference (60,000 rows) learning the squared error,
  with the monitored prediction as a feature, and its prediction of the 60,000 analysis rows.
Median of --repeat runs; needs bench/.venv-nannyml (bench/run.py creates it).
"""
import argparse
import os
import statistics
import time
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

warnings.filterwarnings("ignore")


def domain_fits(data):
    reference = pd.read_csv(os.path.join(data, "synthetic_car_loan_reference.csv"))
    columns = ["salary_range", "repaid_loan_on_prev_car", "size_of_downpayment", "car_value",
               "debt_to_income_ratio", "driver_tenure", "loan_length"]
    matrix = reference[columns].copy()
    categorical = ["salary_range", "repaid_loan_on_prev_car", "size_of_downpayment"]
    for name in categorical:
        matrix[name] = matrix[name].astype("category").cat.codes
    labels = np.zeros(len(matrix))
    labels[:5000] = 1
    started = time.perf_counter()
    folds = StratifiedKFold(n_splits=5).split(matrix, labels)
    for train, held in folds:
        model = lgb.LGBMClassifier(
            n_estimators=100, learning_rate=0.1, num_leaves=31, min_child_samples=20, min_child_weight=1e-3,
            random_state=13, n_jobs=-1, verbose=-1)
        model.fit(matrix.iloc[train], labels[train], categorical_feature=list(range(len(categorical))))
        model.predict_proba(matrix.iloc[held])
    return (time.perf_counter() - started) / 5


def dle_fit(data):
    reference = pd.read_csv(os.path.join(data, "regression_synthetic_reference.csv"))
    analysis = pd.read_csv(os.path.join(data, "regression_synthetic_analysis.csv"))
    columns = ["car_age", "km_driven", "price_new", "accident_count", "door_count", "fuel", "transmission", "y_pred"]

    def encode(frame):
        out = frame[columns].copy()
        for name in ["fuel", "transmission"]:
            out[name] = pd.Categorical(out[name], categories=sorted(reference[name].dropna().unique())).codes + 1
        return out

    started = time.perf_counter()
    model = lgb.LGBMRegressor(verbose=-1)
    model.fit(encode(reference), (reference["y_true"] - reference["y_pred"]) ** 2, categorical_feature=[5, 6])
    model.predict(encode(analysis))
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data/monitor/x1"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    domain = statistics.median(domain_fits(args.data) for _ in range(args.repeat))
    dle = statistics.median(dle_fit(args.data) for _ in range(args.repeat))
    print(f"LightGBM {lgb.__version__} alone, median of {args.repeat}:")
    print(f"  domain classifier: {domain * 1000:.0f} ms per fit (NannyML makes 100 on car loan)")
    print(f"  DLE: {dle * 1000:.0f} ms per loss model, fit and predict (NannyML makes 6 on car price)")


if __name__ == "__main__":
    main()
