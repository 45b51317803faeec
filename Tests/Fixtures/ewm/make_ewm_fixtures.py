#!/usr/bin/env python3
"""Writes the pandas fixtures that Tests/FrameTests/EwmPandasTests.swift checks ewm_mean against.

    python3 Tests/Fixtures/ewm/make_ewm_fixtures.py   # with pandas installed (measured with 3.1.1)

input.csv: 600 rows in random order: a key `k` (0..5, some empty = null), a timestamp `t`
(2024-01-01 plus a random number of days and seconds, many repeated; some empty = null) and a value
`x` (empty = missing). expected.csv: one column per configuration, the pandas result for the row
of input.csv on the same line (empty = NaN).

How each configuration is computed: the rows are grouped by `k` (a null key is a group of its own,
`dropna=False`); rows with a null time are left out (their result is empty, as fti gives null);
each group is ordered by (t, input position) for the time-aware ones, or kept in input order for
the row-based ones (which read no time, so every row takes part), and `Series.ewm(...).mean()`
runs on it with `ignore_na=False`.
"""
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 600

CONFIGS = {
    # name: (ewm keyword arguments, uses the times)
    "hl3d": (dict(halflife="3D"), True),
    "hl3d_noadjust": (dict(halflife="3D", adjust=False), True),
    "hl36h": (dict(halflife="36h"), True),
    "hl10d_noadjust": (dict(halflife="10D", adjust=False), True),
    "span5": (dict(span=5), False),
    "span5_noadjust": (dict(span=5, adjust=False), False),
    "alpha03": (dict(alpha=0.3), False),
    "alpha03_noadjust": (dict(alpha=0.3, adjust=False), False),
    "com2": (dict(com=2.0), False),
    "hl4rows": (dict(halflife=4.0), False),
}


def main():
    rng = np.random.Generator(np.random.PCG64(20240501))
    key = rng.integers(0, 6, ROWS).astype(float)
    key[rng.random(ROWS) < 0.05] = np.nan
    days = rng.integers(0, 120, ROWS)
    seconds = rng.integers(0, 86400, ROWS) * (rng.random(ROWS) < 0.5)
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D") + pd.to_timedelta(seconds, unit="s")
    times = pd.Series(times)
    times[rng.random(ROWS) < 0.04] = pd.NaT
    value = np.round(rng.normal(80.0, 30.0, ROWS), 3)
    value[rng.random(ROWS) < 0.1] = np.nan
    frame = pd.DataFrame({"k": pd.array(key, dtype="Int64"), "t": times, "x": value})

    expected = pd.DataFrame(index=frame.index)
    timed = frame[frame["t"].notna()]
    for name, (options, uses_times) in CONFIGS.items():
        result = pd.Series(np.nan, index=frame.index)
        source = timed if uses_times else frame
        for _, group in source.groupby("k", dropna=False, sort=False):
            if uses_times:
                group = group.sort_values("t", kind="stable")
                means = group["x"].ewm(times=pd.DatetimeIndex(group["t"]), **options).mean()
            else:
                means = group["x"].ewm(**options).mean()
            result[group.index] = means.to_numpy()
        expected[name] = result

    frame_out = pd.DataFrame({
        "k": frame["k"].astype("Int64"),
        "t": frame["t"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
        "x": frame["x"].map(lambda v: "" if np.isnan(v) else repr(float(v))),
    })
    frame_out.to_csv(os.path.join(HERE, "input.csv"), index=False)
    expected.map(lambda v: "" if np.isnan(v) else repr(float(v))).to_csv(os.path.join(HERE, "expected.csv"), index=False)


if __name__ == "__main__":
    main()
