#!/usr/bin/env python3
"""Times the interpreter benchmarks: each task in fti and in CPython, on this machine, in one run.

Each task is a pair of scripts in bench/interpreter/ (NAME.fti, NAME.py) that must print the
same answer. Every script runs as a fresh process (start-up included on both sides), once to
warm the page cache, then --runs times; the table shows the median wall time and fti / CPython.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS = [("fib(27), recursive", "fib"), ("reduce over 10M ints", "reduce")]


def run(command):
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stdout.strip()


def median_time(command, runs):
    run(command)  # warm-up
    times, answer = [], None
    for _ in range(runs):
        elapsed, answer = run(command)
        times.append(elapsed)
    return statistics.median(times), answer


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fti", default=os.path.join(HERE, "..", ".build", "release", "fti"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="also write the table as JSON to this file")
    args = parser.parse_args()
    rows = []
    print(f"{'task':<24} {'fti (s)':>9} {'CPython (s)':>12} {'fti/CPython':>12}")
    for title, name in TASKS:
        fti_time, fti_answer = median_time([args.fti, "run", os.path.join(HERE, "interpreter", name + ".fti")], args.runs)
        py_time, py_answer = median_time([sys.executable, os.path.join(HERE, "interpreter", name + ".py")], args.runs)
        if fti_answer != py_answer:
            sys.exit(f"{name}: answers differ: fti {fti_answer!r}, CPython {py_answer!r}")
        ratio = fti_time / py_time
        rows.append({"task": title, "fti_s": round(fti_time, 4), "cpython_s": round(py_time, 4), "ratio": round(ratio, 2)})
        print(f"{title:<24} {fti_time:>9.3f} {py_time:>12.3f} {ratio:>12.2f}")
    print(f"CPython {sys.version.split()[0]}, median of {args.runs} runs, whole process (start-up included)")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(rows, out, indent=2)


if __name__ == "__main__":
    main()
