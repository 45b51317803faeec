#!/usr/bin/env python3
"""Times the interpreter benchmarks: each task in fti and in CPython, on this machine, in one run.

Each task is measured two ways, and both are printed:
- whole process: NAME.fti and NAME.py run as fresh processes (start-up included on both
  sides), once to warm the page cache, then --runs times; the median wall time.
- compute only: NAME_compute.fti and NAME_compute.py time the computation inside the process
  (one warm-up, then the median of 5) and print the answer and that median.
The answers of fti and CPython must agree.
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
    print(f"{'task':<24} {'measure':<14} {'fti (s)':>9} {'CPython (s)':>12} {'fti/CPython':>12}")
    for title, name in TASKS:
        script = lambda suffix, ext: os.path.join(HERE, "interpreter", name + suffix + ext)
        fti_time, fti_answer = median_time([args.fti, "run", script("", ".fti")], args.runs)
        py_time, py_answer = median_time([sys.executable, script("", ".py")], args.runs)
        if fti_answer != py_answer:
            sys.exit(f"{name}: answers differ: fti {fti_answer!r}, CPython {py_answer!r}")
        _, fti_compute = run([args.fti, "run", script("_compute", ".fti")])
        _, py_compute = run([sys.executable, script("_compute", ".py")])
        fti_answer2, fti_inner = fti_compute.split()
        py_answer2, py_inner = py_compute.split()
        if fti_answer2 != py_answer2 or fti_answer2 != fti_answer:
            sys.exit(f"{name}: compute answers differ: fti {fti_answer2!r}, CPython {py_answer2!r}")
        for measure, f, p in (("whole process", fti_time, py_time), ("compute only", float(fti_inner), float(py_inner))):
            rows.append({"task": title, "measure": measure, "fti_s": round(f, 4), "cpython_s": round(p, 4), "ratio": round(f / p, 2)})
            print(f"{title:<24} {measure:<14} {f:>9.3f} {p:>12.3f} {f / p:>12.2f}")
    print(f"CPython {sys.version.split()[0]}; whole process: median of {args.runs} fresh runs; compute only: median of 5 in-process runs after one warm-up")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(rows, out, indent=2)


if __name__ == "__main__":
    main()
