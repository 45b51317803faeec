#!/usr/bin/env python3
"""Runs one benchmark task in one peer library, in this (fresh) process, and prints one JSON line.

    python peers.py TASK LIB --data DIR --runs N [--warmup 1]

Inputs are loaded first and not timed (except for `read`, which times the load). Then `--warmup`
untimed runs, then `--runs` timed ones (wall clock, perf_counter). Results are materialised in the
library's own in-memory form: a DataFrame for polars and pandas, a table (CREATE TABLE AS) for DuckDB.
The JSON line has the run times, the monotonic window they fall in (for the harness's contention
check) and the check values of the last result (see checks.py).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import peers_asof  # noqa: E402
import peers_rolling  # noqa: E402
import peers_store  # noqa: E402

LIBS = ["polars", "polars_lazy", "duckdb", "pandas"]


def polars_tasks(pl, lazy):
    def collect(frame):
        return frame.collect() if lazy else frame

    def source(frame):
        return frame.lazy() if lazy else frame

    def load(data, names):
        return {name: pl.read_csv(os.path.join(data, name + ".csv")) for name in names}

    tasks = {
        "read": lambda d, _: (pl.scan_csv(os.path.join(d, "events.csv")).collect() if lazy
                              else pl.read_csv(os.path.join(d, "events.csv"))),
        "filter": lambda _, t: collect(source(t["events"]).filter(pl.col("value") > 100.0)
                                       .with_columns(((pl.col("value") - 100.0) / 20.0).alias("z"))),
        "groupby": lambda _, t: collect(source(t["events"]).group_by("entity_id").agg(
            pl.len().alias("n"), pl.col("value").mean().alias("mean"), pl.col("value").std().alias("std"),
            pl.col("value").min().alias("min"), pl.col("value").max().alias("max"))),
        "join": lambda _, t: collect(source(t["events"]).join(source(t["entities"]), on="entity_id", how="inner")),
        "sort": lambda _, t: collect(source(t["events"]).sort(["entity_id", "ts"])),
        "asof": lambda _, t: peers_asof.polars_asof(pl, t, lazy),
        "rolling": lambda _, t: peers_rolling.polars_rolling(pl, t, lazy),
    }

    def columns(frame):
        out = {}
        for name in frame.columns:
            series = frame[name]
            if series.dtype == pl.String:
                continue
            out[name] = (series.fill_null(0).to_numpy(), series.is_null().to_numpy())
        return out

    return load, tasks, columns, lambda frame: frame.height


def duckdb_tasks(duckdb):
    con = duckdb.connect()
    con.execute("SET threads TO %d" % os.cpu_count())

    def load(data, names):
        for name in names:
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{os.path.join(data, name + '.csv')}')")
        return {}

    def run(sql):
        con.execute("CREATE OR REPLACE TABLE res AS " + sql)
        return "res"

    tasks = {
        "read": lambda d, _: run(f"SELECT * FROM read_csv('{os.path.join(d, 'events.csv')}')"),
        "filter": lambda _, t: run("SELECT *, (value - 100.0) / 20.0 AS z FROM events WHERE value > 100.0"),
        "groupby": lambda _, t: run("SELECT entity_id, count(*) AS n, avg(value) AS mean, stddev_samp(value) AS std, "
                                    "min(value) AS min, max(value) AS max FROM events GROUP BY entity_id"),
        "join": lambda _, t: run("SELECT e.*, d.segment, d.weight FROM events e JOIN entities d USING (entity_id)"),
        "sort": lambda _, t: run("SELECT * FROM events ORDER BY entity_id, ts"),
        "asof": lambda _, t: run(peers_asof.DUCKDB_SQL),
        "rolling": lambda _, t: run(peers_rolling.DUCKDB_SQL),
        "store_training_data": lambda _, t: run(peers_store.DUCKDB_SQL),
    }

    def columns(table):
        out = {}
        described = con.execute(f"DESCRIBE {table}").fetchall()
        numeric = [row[0] for row in described if row[1] not in ("VARCHAR",)]
        fetched = con.execute(f"SELECT {', '.join(numeric)} FROM {table}").fetchnumpy()
        for name in numeric:
            values = fetched[name]
            mask = np.ma.getmaskarray(values)
            out[name] = (np.ma.filled(values, 0), mask)
        return out

    return load, tasks, columns, lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def pandas_tasks(pd):
    def load(data, names):
        if names == peers_asof.INPUTS["asof"]:
            return peers_asof.pandas_load(pd, data)
        return {name: pd.read_csv(os.path.join(data, name + ".csv")) for name in names}

    def filtered(events):
        out = events[events["value"] > 100.0].copy()
        out["z"] = (out["value"] - 100.0) / 20.0
        return out

    tasks = {
        "read": lambda d, _: pd.read_csv(os.path.join(d, "events.csv")),
        "filter": lambda _, t: filtered(t["events"]),
        "groupby": lambda _, t: t["events"].groupby("entity_id").agg(
            n=("value", "size"), mean=("value", "mean"), std=("value", "std"),
            min=("value", "min"), max=("value", "max")).reset_index(),
        "join": lambda _, t: t["events"].merge(t["entities"], on="entity_id", how="inner"),
        "sort": lambda _, t: t["events"].sort_values(["entity_id", "ts"], kind="stable"),
        "asof": lambda _, t: peers_asof.pandas_asof(pd, t),
        "rolling": lambda _, t: peers_rolling.pandas_rolling(pd, t),
    }

    def columns(frame):
        out = {}
        for name in frame.columns:
            series = frame[name]
            if not pd.api.types.is_numeric_dtype(series.dtype):
                continue
            out[name] = (series.fillna(0).to_numpy(), series.isna().to_numpy())
        return out

    return load, tasks, columns, len


def setup(lib):
    if lib in ("polars", "polars_lazy"):
        import polars as pl
        return polars_tasks(pl, lib == "polars_lazy")
    if lib == "duckdb":
        import duckdb
        return duckdb_tasks(duckdb)
    if lib == "pandas":
        import pandas as pd
        return pandas_tasks(pd)
    sys.exit(f"unknown library {lib}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("task")
    parser.add_argument("lib", choices=LIBS)
    parser.add_argument("--data", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    load, tasks, columns, height = setup(args.lib)
    names = {**peers_asof.INPUTS, **peers_rolling.INPUTS, **peers_store.INPUTS}.get(args.task, ["events", "entities"])
    inputs = {} if args.task == "read" else peers_rolling.prepare(args.task, load(args.data, names))
    task = tasks[args.task]
    for _ in range(args.warmup):
        result = task(args.data, inputs)
        del result
    times = []
    window_start = time.monotonic()
    for _ in range(args.runs):
        start = time.perf_counter()
        result = task(args.data, inputs)
        times.append(time.perf_counter() - start)
        if len(times) < args.runs:
            del result
    window_end = time.monotonic()
    values = checks.compute(args.task, columns(result), height(result))
    print(json.dumps({"times": times, "window": [window_start, window_end], "checks": values}))


if __name__ == "__main__":
    main()
