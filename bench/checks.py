"""Check values that every library's result must agree on (shared by peers.py and run.py).

Per result: `rows`; per numeric column c: `c_sum` (nulls as 0), `c_nulls`, and for integer columns
`c_ordered`, a position-sensitive checksum: sum over rows i (from 1) of (i * (v mod M)) mod M, mod
M = 2^31 - 1. fti's `bench_checks(df)` computes the same names. Each task compares only the checks
in CHECKS, ints exactly and floats to 1e-9 relative.
"""
import numpy as np

MODULUS = 2**31 - 1

CHECKS = {
    "read": ["rows", "entity_id_sum", "ts_sum", "value_sum", "value_nulls"],
    "filter": ["rows", "ts_sum", "value_sum", "z_sum"],
    "groupby": ["rows", "n_sum", "mean_sum", "std_sum", "std_nulls", "min_sum", "max_sum"],
    "join": ["rows", "weight_sum", "value_sum", "wv_sum"],
    "sort": ["rows", "entity_id_ordered", "ts_ordered"],
    "asof": ["rows", "label_sum", "f1_sum", "f1_nulls", "f2_sum", "f3_sum", "ts_right_sum", "ts_right_nulls"],
    "rolling": ["rows", "value_sum", "rm_sum", "rm_nulls"],
    "store_training_data": ["rows", "entity_id_sum", "ts_sum", "d1_sum", "d1_nulls", "d2_sum", "w1_sum", "w1_nulls",
                            "w2_sum", "m1_sum", "m1_nulls", "m2_sum", "label_sum"],
}


def ordered(values):
    positions = np.arange(1, len(values) + 1, dtype=np.int64)
    return int(((positions * (values.astype(np.int64) % MODULUS)) % MODULUS).sum() % MODULUS)


def compute(task, columns, rows):
    """columns: name -> (values with nulls filled by 0, null mask)."""
    out = {"rows": int(rows)}
    for name, (values, nulls) in columns.items():
        if np.issubdtype(values.dtype, np.integer):
            out[name + "_sum"] = int(values.astype(np.int64).sum())
            out[name + "_ordered"] = ordered(values)
        elif np.issubdtype(values.dtype, np.floating) or values.dtype == np.bool_:
            out[name + "_sum"] = float(values.astype(np.float64).sum())
        else:
            continue
        out[name + "_nulls"] = int(np.asarray(nulls).sum())
    if task == "join" and "weight" in columns and "value" in columns:
        out["wv_sum"] = float((columns["weight"][0].astype(np.float64) * columns["value"][0]).sum())
    return {key: out[key] for key in CHECKS.get(task, out) if key in out}


def agree(expected, actual, keys):
    """The keys whose values differ (ints exactly, floats to 1e-9 relative), or are missing."""
    differing = []
    for key in keys:
        a, b = expected.get(key), actual.get(key)
        if a is None or b is None:
            differing.append(key)
        elif isinstance(a, int) and isinstance(b, int):
            if a != b:
                differing.append(key)
        elif abs(float(a) - float(b)) > 1e-9 * max(abs(float(a)), abs(float(b)), 1e-300):
            differing.append(key)
    return differing
