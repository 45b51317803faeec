"""The `asof` task in each peer library (used by peers.py; fti runs bench/tasks/asof.fti).

For each labels row, the features row with the same entity_id and the latest ts <= the label's ts
(backward, inclusive), or nulls. Inputs are loaded unsorted; sorting them is part of the timed task
wherever the library needs sorted input (polars and pandas sort both sides by ts; DuckDB's ASOF
JOIN sorts internally). Every library returns the label columns, f1, f2, f3 and the matched
features time as `ts_right`, so the checks compare the same values. Feature (entity_id, ts) pairs
are unique (gen.py), so ties cannot make libraries disagree.
"""
import os

# The input files of each task defined here (peers.py loads these instead of events/entities).
INPUTS = {"asof": ["labels", "features"]}

DUCKDB_SQL = ("SELECT l.*, f.f1, f.f2, f.f3, f.ts AS ts_right FROM labels l "
              "ASOF LEFT JOIN features f ON l.entity_id = f.entity_id AND l.ts >= f.ts")


def polars_asof(pl, inputs, lazy):
    labels, features = inputs["labels"], inputs["features"]
    if lazy:
        labels, features = labels.lazy(), features.lazy()
    joined = labels.sort("ts").join_asof(features.sort("ts"), on="ts", by="entity_id", strategy="backward",
                                         coalesce=False, check_sortedness=False)
    return joined.collect() if lazy else joined


def pandas_load(pd, data):
    frames = {name: pd.read_csv(os.path.join(data, name + ".csv")) for name in INPUTS["asof"]}
    # The matched time as its own column (merge_asof keeps only the left `on` column); copied here, untimed.
    frames["features"]["ts_right"] = frames["features"]["ts"]
    return frames


def pandas_asof(pd, inputs):
    # The default (unstable) sort: a stable one doubles pandas' time, and order among equal times
    # cannot change the answer here ((entity_id, ts) is unique in features).
    return pd.merge_asof(inputs["labels"].sort_values("ts"), inputs["features"].sort_values("ts"),
                         on="ts", by="entity_id", direction="backward")
