#!/usr/bin/env python3
"""Writes the monitoring benchmark's data (bench/monitor.py) into a folder, deterministically.

    python3 bench/gen_monitor.py OUT_DIR --replicate K

The inputs are NannyML 0.13.1's bundled data sets as copied into
Tests/MonitorTests/Fixtures/nannyml (car loan: binary classification; car price: regression).
With --replicate 1 the files are copied byte for byte; with K > 1 every data row is written K times
in a row (the header once), so timestamps stay sorted, chunk k of a K× copy with K× the chunk size
holds chunk k's rows K times, and a tie between equal timestamps is a tie between identical rows
(NannyML's unstable sort cannot change the data). One more file joins the car loan analysis rows
with their targets by position, after checking the ids agree, as NannyML's realized-performance
tutorial does: synthetic_car_loan_analysis_with_target.csv (the analysis columns, then `repaid`).
Text is processed line by line, so every number is written exactly as NannyML's files have it.
"""
import argparse
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), "Tests", "MonitorTests", "Fixtures", "nannyml")
FILES = [
    "synthetic_car_loan_reference.csv",
    "synthetic_car_loan_analysis.csv",
    "regression_synthetic_reference.csv",
    "regression_synthetic_analysis.csv",
]
JOINED = "synthetic_car_loan_analysis_with_target.csv"


def lines(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8", newline="") as handle:
        text = handle.read()
    rows = text.splitlines()
    return rows[0], [row for row in rows[1:] if row]


def write(path, header, rows, replicate):
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        for row in rows:
            handle.write((row + "\n") * replicate)
    os.replace(path + ".tmp", path)


def joined_rows():
    header, rows = lines("synthetic_car_loan_analysis.csv")
    target_header, targets = lines("synthetic_car_loan_analysis_target.csv")
    if target_header.split(",") != ["id", "repaid"] or len(rows) != len(targets):
        raise SystemExit("unexpected synthetic_car_loan_analysis_target.csv")
    out = []
    for row, target in zip(rows, targets):
        row_id = row.split(",", 1)[0]
        target_id, repaid = target.split(",")
        if row_id != target_id:
            raise SystemExit(f"analysis and target rows are not aligned on id ({row_id} vs {target_id})")
        out.append(row + "," + repaid)
    return header + ",repaid", out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--replicate", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in FILES:
        header, rows = lines(name)
        write(os.path.join(args.out, name), header, rows, args.replicate)
    header, rows = joined_rows()
    write(os.path.join(args.out, JOINED), header, rows, args.replicate)


if __name__ == "__main__":
    main()
