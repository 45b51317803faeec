"""The feature-store tasks in the peers (used by peers.py; fti runs bench/tasks/store_*.fti).

`store_training_data`: for each spine row, each of the three groups' row with the same entity_id
and the latest event time <= the spine's ts (backward, inclusive), or nulls — the point-in-time
join fti's `training_data` does — materialised as a table (DuckDB: CREATE TABLE AS, as fti saves
the dataset). Only DuckDB runs it (`ASOF LEFT JOIN`, three of them). `store_feature_vector` is
fti only (the goal is absolute: p99 under 1 ms).
"""

import os

# The input files of each task defined here (peers.py loads these instead of events/entities).
INPUTS = {"store_training_data": ["store_spine", "store_daily", "store_weekly", "store_monthly"]}

# The peers that run each task (run.py skips the others).
PEERS = {"store_training_data": ["duckdb"], "store_feature_vector": []}

DUCKDB_SQL = (
    "SELECT s.entity_id, s.ts, d.d1, d.d2, w.w1, w.w2, m.m1, m.m2, s.label FROM store_spine s "
    "ASOF LEFT JOIN store_daily d ON s.entity_id = d.entity_id AND s.ts >= d.day_ts "
    "ASOF LEFT JOIN store_weekly w ON s.entity_id = w.entity_id AND s.ts >= w.week_ts "
    "ASOF LEFT JOIN store_monthly m ON s.entity_id = m.entity_id AND s.ts >= m.month_ts")


def remove_store_files(data):
    """Deletes the store file the fti store tasks create in the data folder (each process starts empty)."""
    for suffix in ["", "-wal", "-shm"]:
        path = os.path.join(data, "fti_store_bench.db" + suffix)
        if os.path.exists(path):
            os.remove(path)
