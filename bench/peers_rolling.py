"""The `rolling` task in each peer library (used by peers.py; fti runs bench/tasks/rolling.fti).

For every event, the mean value of the same entity_id's events with ts in (ts − 7 d, ts]: ts is int
epoch seconds, so the window is 604,800. The events are sorted by (entity_id, ts) when loaded, untimed
(research/peers-baseline.md), and each library returns them with the rolling mean as `rm`. Rows that
share (entity_id, ts) share one window in polars and DuckDB (RANGE semantics, as fti); pandas'
`rolling("7D")` stops at the current row instead, so its check is expected to differ on those ties.
"""

# The input files of each task defined here (peers.py loads these instead of events/entities).
INPUTS = {"rolling": ["events"]}

WINDOW = 604_800

# DuckDB sorts inside its window operator whatever the table's order, so it reads events as loaded.
DUCKDB_SQL = ("SELECT *, avg(value) OVER (PARTITION BY entity_id ORDER BY ts "
              f"RANGE BETWEEN {WINDOW - 1} PRECEDING AND CURRENT ROW) AS rm FROM events")


def prepare(task, inputs):
    """The loaded inputs made ready, untimed: events sorted by (entity_id, ts) for polars and pandas,
    plus the datetime column pandas' time-based rolling needs."""
    if task != "rolling" or "events" not in inputs:
        return inputs
    events = inputs["events"]
    if type(events).__module__.startswith("polars"):
        return {"events": events.sort(["entity_id", "ts"])}
    import pandas as pd
    events = events.sort_values(["entity_id", "ts"], kind="stable").reset_index(drop=True)
    events["dt"] = pd.to_datetime(events["ts"], unit="s")
    return {"events": events}


def polars_rolling(pl, inputs, lazy):
    frame = inputs["events"].lazy() if lazy else inputs["events"]
    out = frame.with_columns(
        pl.col("value").rolling_mean_by("ts", window_size=f"{WINDOW}i").over("entity_id").alias("rm"))
    return out.collect() if lazy else out


def pandas_rolling(pd, inputs):
    events = inputs["events"]
    means = events.groupby("entity_id", sort=False).rolling("7D", on="dt")["value"].mean()
    # Groups come out in order of appearance, each in row order: the events' own order, as sorted.
    return events.assign(rm=means.to_numpy())
