#!/usr/bin/env python3
"""Writes the benchmark data sets, deterministically: the same --scale gives the same bytes.

    python gen.py OUT_DIR --scale S [--only events,entities,features,labels]

N = 1,000,000 x S rows of events. Timestamps are int64 epoch seconds in [2023-01-01, 2024-01-01).
An empty field is a missing value. Files (all with a header row):

  events.csv    N rows      entity_id (0..9999), ts, value (float, 4 decimals, 0.5% missing),
                            category (20 names, Zipf-like frequencies); random order
  entities.csv  10,000 rows entity_id, segment (4 names), weight (3 decimals); the join's build side
  features.csv  N/4 rows    entity_id, ts, f1, f2, f3 (6 decimals); (entity_id, ts) is unique
  labels.csv    N/10 rows   entity_id, ts, label (0/1); 10% repeat an exact (entity_id, ts) of features

numpy draws every value from one PCG64 generator per file (seeded from --seed and the file name),
and polars writes the CSV (floats with a fixed number of decimals), so the output depends only on
the arguments and on the pinned versions in requirements.txt.
"""
import argparse
import os
import zlib

import numpy as np
import polars as pl

TS_START = 1672531200  # 2023-01-01T00:00:00Z
TS_END = 1704067200  # 2024-01-01T00:00:00Z
ENTITIES = 10_000
CATEGORIES = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
]
SEGMENTS = ["bronze", "silver", "gold", "platinum"]


def generator(seed, name):
    """One independent stream per file, so generating a subset gives the same bytes."""
    return np.random.Generator(np.random.PCG64([seed, zlib.crc32(name.encode())]))


def write(frame, path, decimals):
    tmp = path + ".tmp"
    frame.write_csv(tmp, float_precision=decimals, null_value="")
    os.replace(tmp, path)


def events(n, rng):
    value = np.round(rng.normal(100.0, 20.0, n), 4)
    missing = rng.random(n) < 0.005
    weights = 1.0 / np.arange(1, len(CATEGORIES) + 1)
    category = rng.choice(len(CATEGORIES), size=n, p=weights / weights.sum())
    return pl.DataFrame({
        "entity_id": rng.integers(0, ENTITIES, n, dtype=np.int64),
        "ts": rng.integers(TS_START, TS_END, n, dtype=np.int64),
        "value": pl.Series(value).set(pl.Series(missing), None),
        "category": pl.Series(np.array(CATEGORIES)[category]),
    })


def entities(rng):
    order = rng.permutation(ENTITIES).astype(np.int64)
    return pl.DataFrame({
        "entity_id": order,
        "segment": pl.Series(np.array(SEGMENTS)[rng.integers(0, len(SEGMENTS), ENTITIES)]),
        "weight": np.round(rng.uniform(0.5, 2.0, ENTITIES), 3),
    })


def feature_keys(n, rng):
    """n distinct (entity_id, ts) pairs in random order."""
    keys = np.unique(rng.integers(0, ENTITIES, 2 * n, dtype=np.int64) * (TS_END - TS_START)
                     + rng.integers(0, TS_END - TS_START, 2 * n, dtype=np.int64))
    keys = rng.permutation(keys)[:n]
    return keys // (TS_END - TS_START), keys % (TS_END - TS_START) + TS_START


def features(n, rng):
    entity, ts = feature_keys(n, rng)
    return pl.DataFrame({
        "entity_id": entity, "ts": ts,
        "f1": np.round(rng.normal(0.0, 1.0, n), 6),
        "f2": np.round(rng.uniform(-5.0, 5.0, n), 6),
        "f3": np.round(rng.exponential(2.0, n), 6),
    })


def labels(n, feature_frame, rng):
    exact = n // 10
    picked = rng.integers(0, feature_frame.height, exact)
    entity = np.concatenate([feature_frame["entity_id"].to_numpy()[picked],
                             rng.integers(0, ENTITIES, n - exact, dtype=np.int64)])
    ts = np.concatenate([feature_frame["ts"].to_numpy()[picked],
                         rng.integers(TS_START, TS_END, n - exact, dtype=np.int64)])
    order = rng.permutation(n)
    return pl.DataFrame({
        "entity_id": entity[order], "ts": ts[order],
        "label": rng.integers(0, 2, n, dtype=np.int64),
    })


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--only", default="events,entities,features,labels")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    n = int(round(1_000_000 * args.scale))
    only = set(args.only.split(","))
    path = lambda name: os.path.join(args.out, name + ".csv")
    if "events" in only:
        write(events(n, generator(args.seed, "events")), path("events"), 4)
    if "entities" in only:
        write(entities(generator(args.seed, "entities")), path("entities"), 3)
    if "features" in only or "labels" in only:
        feature_frame = features(n // 4, generator(args.seed, "features"))
        if "features" in only:
            write(feature_frame, path("features"), 6)
        if "labels" in only:
            write(labels(n // 10, feature_frame, generator(args.seed, "labels")), path("labels"), 4)


if __name__ == "__main__":
    main()
