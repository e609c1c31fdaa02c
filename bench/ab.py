#!/usr/bin/env python3
"""bench/ab.py — two build commands timed in alternation, with paired differences.

A change of a few milliseconds to a ~60-90 ms build is below the run-to-run noise of a shared
or virtual machine (±3-5 ms between 20-run medians): medians taken one after the other can
disagree in sign. This script runs A and B alternately (A B, B A, A B, ...), each into a fresh
output folder, and reports, besides each side's medians, the median of the per-pair
differences B - A and of the ratios B/A (with a 95% bootstrap interval of that median, so a
figure comes with how far it can be trusted) and the share of pairs in which B was faster: a
drift of the machine shifts both runs of a pair alike and cancels out.

Usage (commands are split like a shell would; `{out}` is replaced by a fresh output folder):

  bench/ab.py -a "BIN build --root ../shared/corpus/altinn-docs --out {out} --base-url / --no-search" \\
              -b "BIN build --root ../shared/corpus/altinn-docs --out {out} --base-url /"
  bench/ab.py --runs 60 -a "OLD build ... --out {out}" -b "NEW build ... --out {out}"

Measured per run, from the child's resource usage: wall time, CPU (user + system) and minor
page faults. Output folders go under --out-dir (default /dev/shm when it exists, so the disk
is not timed) and are removed before every run and at the end. With an --out-dir on a disk,
add --sync: the removal's and the previous run's write-back then happen before the timing.
"""

import argparse
import os
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time


def run_once(argv, out, sync=False):
    shutil.rmtree(out, ignore_errors=True)
    if sync:
        # Untimed: the removal and the last run's writes reach the disk first, so that their
        # write-back does not land in this run (as compare.sh does).
        os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"ab.py: {shlex.join(argv)} exited with {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    faults = after.ru_minflt - before.ru_minflt
    return wall * 1000, cpu * 1000, faults


def median_ci(xs, rounds=2000, seed=1):
    """A 95% bootstrap interval of the median of `xs` (resampled with a fixed seed, so a
    report can be reproduced from its pairs)."""
    rng = random.Random(seed)
    meds = sorted(
        statistics.median(rng.choices(xs, k=len(xs))) for _ in range(rounds)
    )
    return meds[int(0.025 * rounds)], meds[int(0.975 * rounds) - 1]


def quantile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-a", required=True, help="command A ({out}: output folder)")
    p.add_argument("-b", required=True, help="command B ({out}: output folder)")
    p.add_argument("--runs", type=int, default=40, help="pairs to run (default 40)")
    p.add_argument("--warmup", type=int, default=2, help="untimed pairs first (default 2)")
    default_dir = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"
    p.add_argument("--out-dir", default=default_dir, help=f"where outputs go (default {default_dir})")
    p.add_argument("--sync", action="store_true", help="sync (untimed) before every run: for an --out-dir on a disk")
    args = p.parse_args()

    out = os.path.join(args.out_dir, f"veiviser-ab-{os.getpid()}")
    cmds = {
        side: [w.replace("{out}", out) for w in shlex.split(cmd)]
        for side, cmd in (("A", args.a), ("B", args.b))
    }
    res = {"A": [], "B": []}
    try:
        for i in range(args.warmup + args.runs):
            order = ("A", "B") if i % 2 == 0 else ("B", "A")
            pair = {side: run_once(cmds[side], out, args.sync) for side in order}
            if i >= args.warmup:
                for side in "AB":
                    res[side].append(pair[side])
    finally:
        shutil.rmtree(out, ignore_errors=True)

    print(f"A: {shlex.join(cmds['A'])}")
    print(f"B: {shlex.join(cmds['B'])}")
    print(f"{args.runs} pairs, alternating; load average {os.getloadavg()[0]:.2f} at the end")
    print()
    print("| | wall (median) | CPU (median) | page faults (median) |")
    print("|---|---:|---:|---:|")
    for side in "AB":
        w, c, f = zip(*res[side])
        print(
            f"| {side} | {statistics.median(w):.1f} ms | {statistics.median(c):.1f} ms "
            f"| {statistics.median(f):.0f} |"
        )
    print()
    for k, name in ((0, "wall"), (1, "CPU")):
        diffs = [b[k] - a[k] for a, b in zip(res["A"], res["B"])]
        ratios = [b[k] / a[k] for a, b in zip(res["A"], res["B"])]
        faster = sum(d < 0 for d in diffs) / len(diffs)
        lo, hi = median_ci(ratios)
        print(
            f"{name}: B - A median {statistics.median(diffs):+.1f} ms "
            f"(middle 80% of pairs {quantile(diffs, 0.1):+.1f} to {quantile(diffs, 0.9):+.1f}); "
            f"B/A median {statistics.median(ratios):.3f} ({(statistics.median(ratios) - 1) * 100:+.1f}%, "
            f"95% interval {(lo - 1) * 100:+.1f}% to {(hi - 1) * 100:+.1f}%); "
            f"B faster in {faster:.0%} of pairs"
        )


if __name__ == "__main__":
    main()
