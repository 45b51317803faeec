#!/usr/bin/env python3
"""Writes the feature-store benchmark data (issue 8), deterministically: the same --scale gives the same bytes.

    python gen_store.py OUT_DIR --scale S

Timestamps are int64 epoch seconds from 2023-01-01; DAYS = 100 x S; 10,000 entities. Files:

  store_spine.csv    1M x S rows  entity_id, ts (uniform over the DAYS), label (0/1); random order
  store_daily.csv    ~900k x S    entity_id, day_ts (midnight), d1, d2: every entity and day, 10% dropped
  store_weekly.csv   ~143k x S    entity_id, week_ts (a random second in each week), w1, w2
  store_monthly.csv  ~33k x S     entity_id, month_ts (a random second in each 30 days), m1, m2
  store_online.csv   1M rows      entity_id 0..999999, ts, o1, o2, o3 (the online table of store_feature_vector)

(entity_id, event time) is unique in each group, so ties cannot make fti and DuckDB disagree.
Floats have 6 decimals. numpy draws from one PCG64 stream per file; polars writes the CSV.
"""
import argparse
import os
import zlib

import numpy as np
import polars as pl

TS_START = 1672531200  # 2023-01-01T00:00:00Z
DAY = 86400
ENTITIES = 10_000
ONLINE_KEYS = 1_000_000


def generator(seed, name):
    return np.random.Generator(np.random.PCG64([seed, zlib.crc32(name.encode())]))


def periodic(rng, days, period_days, keep):
    """One row per entity and period (a random second inside it), a fraction `keep` of them kept."""
    periods = -(-days // period_days)
    entity = np.repeat(np.arange(ENTITIES, dtype=np.int64), periods)
    period = np.tile(np.arange(periods, dtype=np.int64), ENTITIES)
    offset = rng.integers(0, period_days * DAY, size=entity.size) if period_days > 1 else np.zeros(entity.size, np.int64)
    ts = TS_START + period * period_days * DAY + offset
    mask = rng.random(entity.size) < keep
    return entity[mask], ts[mask]


def write(frame, out, name):
    frame.write_csv(os.path.join(out, name), float_precision=6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    days = max(1, int(round(100 * args.scale)))
    rows = int(round(1_000_000 * args.scale))

    rng = generator(args.seed, "store_spine")
    write(pl.DataFrame({
        "entity_id": rng.integers(0, ENTITIES, size=rows, dtype=np.int64),
        "ts": TS_START + rng.integers(0, days * DAY, size=rows, dtype=np.int64),
        "label": (rng.random(rows) < 0.3).astype(np.int64),
    }), args.out, "store_spine.csv")

    for name, period, keep, prefix in [("daily", 1, 0.9, "d"), ("weekly", 7, 1.0, "w"), ("monthly", 30, 1.0, "m")]:
        rng = generator(args.seed, "store_" + name)
        entity, ts = periodic(rng, days, period, keep)
        time_name = {"daily": "day_ts", "weekly": "week_ts", "monthly": "month_ts"}[name]
        write(pl.DataFrame({
            "entity_id": entity, time_name: ts,
            prefix + "1": rng.normal(50.0, 15.0, entity.size), prefix + "2": rng.random(entity.size),
        }), args.out, f"store_{name}.csv")

    rng = generator(args.seed, "store_online")
    write(pl.DataFrame({
        "entity_id": np.arange(ONLINE_KEYS, dtype=np.int64),
        "ts": TS_START + rng.integers(0, days * DAY, size=ONLINE_KEYS, dtype=np.int64),
        "o1": rng.normal(0.0, 1.0, ONLINE_KEYS), "o2": rng.random(ONLINE_KEYS), "o3": rng.normal(100.0, 20.0, ONLINE_KEYS),
    }), args.out, "store_online.csv")


if __name__ == "__main__":
    main()
