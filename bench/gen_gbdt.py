#!/usr/bin/env python3
"""Writes the gradient-boosting benchmark data, deterministically: the same --scale gives the same bytes.

    python gen_gbdt.py OUT_DIR --scale S [--seed 20240601]

Files (header row; an empty field is a missing value):

  gbdt_regression_train.csv   1,000,000 x S rows   x0 … x19 (floats, 4 decimals), y (float, 4 decimals)
  gbdt_regression_valid.csv     200,000 x S rows   same columns, same distribution
  gbdt_binary_train.csv       1,000,000 x S rows   the same x0 … x19 as the regression file, y (0/1 int)
  gbdt_binary_valid.csv         200,000 x S rows   likewise

Every feature cell is missing with probability 2%, independently (missing completely at random: the
target is computed from the values before they are blanked, so a blank carries no signal and adds
irreducible error). The target mixes the shapes trees must learn, so depth and split choice matter:

  f(x) = 1.5 sin(x0) + 0.5 x1^2                         smooth parts
       + x2 x3 + tanh(x9 x10) + 1.2 [x7 > 0 and x8 > 0]  interactions (tanh(x9 x10) has no marginal signal)
       + 0.5 x13 [x0 > 0]                                an interaction with a threshold
       + 2 [x4 > 0.7] - 1.5 [x5 < -1] + [x6 >= 7]        thresholds (x6 takes the ten values 0 … 9)
       + 0.8 x11 + 0.5 log1p(x12) + 0.2 min(x14, 3)      monotone parts, x12 heavy-tailed
  x15 … x19 are noise features the model should ignore.

  regression  y = f(x) + N(0, 0.5^2)
  binary      y = 1 when 0.8 (f(x) - 2) + logistic noise > 0, else 0  (a noisy logit; about half are ones)

Each split (train, valid) draws from its own numpy default_rng stream seeded with (--seed, split), so
the validation rows do not depend on the number of training rows. The files depend only on the
arguments and on the numpy and polars versions pinned in requirements.txt.
"""
import argparse
import os

import numpy as np
import polars as pl

FEATURES = 20
TRAIN_ROWS = 1_000_000
VALID_ROWS = 200_000
MISSING = 0.02
NOISE = 0.5
LOGIT_SCALE = 0.8
LOGIT_SHIFT = 2.0
SPLITS = {"train": (0, TRAIN_ROWS), "valid": (1, VALID_ROWS)}


def features(n, rng):
    """The 20 feature columns before blanking, rounded to the 4 decimals the CSV holds."""
    columns = [
        rng.uniform(-3.0, 3.0, n),  # x0: sin
        rng.normal(0.0, 1.0, n),  # x1: square
        rng.uniform(0.0, 2.0, n),  # x2: times x3
        rng.normal(0.0, 1.0, n),  # x3
        rng.uniform(0.0, 1.0, n),  # x4: threshold 0.7
        rng.normal(0.0, 1.0, n),  # x5: threshold -1
        rng.integers(0, 10, n).astype(np.float64),  # x6: ten values, threshold 7
        rng.normal(0.0, 1.0, n),  # x7: and x8
        rng.normal(0.0, 1.0, n),  # x8
        rng.normal(0.0, 1.0, n),  # x9: tanh(x9 x10)
        rng.normal(0.0, 1.0, n),  # x10
        rng.normal(0.0, 1.0, n),  # x11: linear
        rng.lognormal(0.0, 1.0, n),  # x12: log1p, heavy tail
        rng.uniform(-1.0, 1.0, n),  # x13: times [x0 > 0]
        rng.exponential(1.0, n),  # x14: capped
        rng.normal(0.0, 1.0, n),  # x15 … x19: noise
        rng.uniform(0.0, 1.0, n),
        rng.normal(5.0, 3.0, n),
        rng.exponential(2.0, n),
        rng.integers(0, 100, n).astype(np.float64),
    ]
    return [np.round(column, 4) for column in columns]


def signal(x):
    """f(x) of the module docstring, from the unblanked values."""
    return (1.5 * np.sin(x[0]) + 0.5 * x[1] ** 2
            + x[2] * x[3] + np.tanh(x[9] * x[10]) + 1.2 * ((x[7] > 0) & (x[8] > 0))
            + 0.5 * x[13] * (x[0] > 0)
            + 2.0 * (x[4] > 0.7) - 1.5 * (x[5] < -1.0) + 1.0 * (x[6] >= 7)
            + 0.8 * x[11] + 0.5 * np.log1p(x[12]) + 0.2 * np.minimum(x[14], 3.0))


def split(n, rng):
    """(features with nulls, regression target, binary target) for one split."""
    x = features(n, rng)
    f = signal(x)
    y_regression = np.round(f + rng.normal(0.0, NOISE, n), 4)
    y_binary = (LOGIT_SCALE * (f - LOGIT_SHIFT) + rng.logistic(0.0, 1.0, n) > 0).astype(np.int64)
    blanked = {}
    for index, column in enumerate(x):
        missing = rng.random(n) < MISSING
        blanked[f"x{index}"] = pl.Series(column).set(pl.Series(missing), None)
    return blanked, y_regression, y_binary


def write(columns, path):
    tmp = path + ".tmp"
    pl.DataFrame(columns).write_csv(tmp, float_precision=4, null_value="")
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, (stream, rows) in SPLITS.items():
        n = int(round(rows * args.scale))
        x, y_regression, y_binary = split(n, np.random.default_rng([args.seed, stream]))
        write({**x, "y": y_regression}, os.path.join(args.out, f"gbdt_regression_{name}.csv"))
        write({**x, "y": y_binary}, os.path.join(args.out, f"gbdt_binary_{name}.csv"))


if __name__ == "__main__":
    main()
