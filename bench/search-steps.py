#!/usr/bin/env python3
"""bench/search-steps.py — the search stage's steps, two binaries compared run by run.

A change to one step of the search stage (a millisecond or two) is lost in the noise of a
whole build on this VM. This script builds a site with each of two veiviser binaries in
turn (A B, B A, …), single-threaded (RAYON_NUM_THREADS=1) and with VEIVISER_SEARCH_DEBUG=1,
reads the time of every step the stage prints, and reports per step each side's median and
the median of the per-pair differences B - A (a drift of the machine moves both runs of a
pair alike). TOTAL is the whole search stage.

Usage:
  bench/search-steps.py OLD_BIN NEW_BIN [--runs 30] [--root ../shared/corpus/altinn-docs]

Output folders go to /dev/shm (or the system's temporary folder) and are removed.
"""

import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

STEP = re.compile(r"\s*search ([a-z ,]+): ([\d.]+) ms")


def steps(binary, root, out):
    """{step: ms} of one build; a step printed twice (the inner timer of the postings, then
    the outer one) gets `#2` on its second name; times are per step, not cumulative."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, RAYON_NUM_THREADS="1", VEIVISER_SEARCH_DEBUG="1")
    err = subprocess.run(
        [binary, "build", "--root", root, "--out", out, "--base-url", "/"],
        env=env,
        capture_output=True,
        text=True,
    ).stderr
    found, seen, prev, total = {}, collections.Counter(), 0.0, None
    for line in err.splitlines():
        m = STEP.match(line)
        if not m:
            continue
        name, t = m[1], float(m[2])
        seen[name] += 1
        if seen[name] > 1:
            name += "#2"
        # Each timer prints the time since it started: a smaller figure is a new timer.
        found[name] = t - prev if t >= prev else t
        prev = t
        if m[1] == "files":
            total = t
    if total is None:
        sys.exit(f"{binary}: no search steps printed (is VEIVISER_SEARCH_DEBUG supported?)\n{err[-2000:]}")
    found["TOTAL"] = total
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "../../shared/corpus/altinn-docs"))
    args = ap.parse_args()
    base = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    out = os.path.join(base, f"veiviser-steps-{os.getpid()}")
    sides = {args.a: collections.defaultdict(list), args.b: collections.defaultdict(list)}
    diffs = collections.defaultdict(list)
    order = []
    try:
        for i in range(args.runs):
            pair = (args.a, args.b) if i % 2 == 0 else (args.b, args.a)
            got = {b: steps(b, args.root, out) for b in pair}
            for b in pair:
                for k, v in got[b].items():
                    sides[b][k].append(v)
                    if k not in order:
                        order.append(k)
            for k in got[args.a]:
                if k in got[args.b]:
                    diffs[k].append(got[args.b][k] - got[args.a][k])
    finally:
        shutil.rmtree(out, ignore_errors=True)
    med = statistics.median
    print(f"{args.runs} pairs, alternating, single-threaded; ms per step (medians)")
    print(f"A: {args.a}\nB: {args.b}\n")
    print("| step | A | B | B - A (median of pairs) |\n|---|---:|---:|---:|")
    for k in order:
        if k.endswith("#2"):
            continue  # the outer timer's postings: the sum of the inner steps
        a, b = sides[args.a][k], sides[args.b][k]
        if a and b and diffs[k]:
            print(f"| {k} | {med(a):.2f} | {med(b):.2f} | {med(diffs[k]):+.2f} |")


if __name__ == "__main__":
    main()
