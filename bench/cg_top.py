#!/usr/bin/env python3
"""Sums `callgrind_annotate` lines ("COST (PCT%)  file:function [object]") by function name, so
that code inlined from many files (core::slice, alloc, ...) is counted under the function it
was inlined into. Usage: callgrind_annotate [--inclusive=yes] FILE | cg_top.py [TOP [REGEX]]
REGEX keeps only matching function names (for the inclusive view, where thread and rayon
frames would otherwise fill the list; recursive frames marked 'N are dropped too)."""
import re
import sys

top = int(sys.argv[1]) if len(sys.argv) > 1 else 30
only = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
line_re = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$")
total = None
costs = {}
for line in sys.stdin:
    m = line_re.match(line)
    if not m:
        continue
    cost, rest = int(m.group(1).replace(",", "")), m.group(2)
    if rest.startswith("PROGRAM TOTALS"):
        total = cost
        continue
    rest = re.sub(r" \[[^\]]*\]$", "", rest)
    # "file:function": the first ':' that is not part of a '::'
    fm = re.match(r"^(.*?[^:]):(?!:)(.*)$", rest)
    fn = fm.group(2) if fm else rest
    if only and (not only.search(fn) or re.search(r"'\d+$", fn)):
        continue
    costs[fn] = costs.get(fn, 0) + cost
if not total:
    sys.exit("cg_top.py: no PROGRAM TOTALS line in the input")
print("%16s %7s  %s" % ("instructions", "share", "function"))
for fn, c in sorted(costs.items(), key=lambda kv: -kv[1])[:top]:
    print("%16s %6.2f%%  %s" % (format(c, ","), 100.0 * c / total, fn[:160]))
