#!/usr/bin/env bash
# bench/profile.sh — where does veiviser spend its time? (issue 6, item 2)
#
# Builds veiviser in release mode with debug line tables (CARGO_PROFILE_RELEASE_DEBUG, into
# $BENCH_DIR/target-prof, so the normal target folder is untouched), then profiles one cold
# build of a synthetic site and prints the hottest functions:
#   MODE=perf       `perf record` with the hardware cycles event (needs a PMU:
#                   `perf stat -e instructions true` must count), SIZE pages (default 10000)
#   MODE=perf-clock `perf record -e cpu-clock` (software timer; works in VMs without a PMU)
#   MODE=callgrind  `valgrind --tool=callgrind` (instruction counts, ~50× slower), on
#                   CALLGRIND_SIZE pages (default 1000)
#   MODE=auto       (default) perf if the PMU works, else callgrind
# Missing tools are installed from Debian (linux-perf, valgrind).
#
# Usage:  bench/profile.sh
#         MODE=perf-clock SIZE=10000 bench/profile.sh
#         MODE=callgrind CALLGRIND_SIZE=2000 TOP=40 bench/profile.sh
# Environment: MODE, SIZE, CALLGRIND_SIZE, TOP=30, REF (profile a git revision), BENCH_DIR.
# Raw data stays in $BENCH_DIR/profile/ for perf report / callgrind_annotate / kcachegrind.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE="${MODE:-auto}"
SIZE="${SIZE:-10000}"
CALLGRIND_SIZE="${CALLGRIND_SIZE:-1000}"
TOP="${TOP:-30}"
PDIR="$BENCH_DIR/profile"
mkdir -p "$PDIR"

pmu_works() { command -v perf >/dev/null 2>&1 && perf stat -x, -e instructions true 2>&1 >/dev/null | grep -qv 'not supported'; }
if [ "$MODE" = auto ]; then
    if pmu_works; then MODE=perf; else MODE=callgrind; fi
    log "MODE=auto -> $MODE"
fi
case "$MODE" in
    perf|perf-clock) command -v perf >/dev/null 2>&1 || apt_install linux-perf || die "perf missing: apt-get install -y linux-perf" ;;
    callgrind) command -v valgrind >/dev/null 2>&1 || apt_install valgrind || die "valgrind missing: apt-get install -y valgrind" ;;
    *) die "MODE must be auto, perf, perf-clock or callgrind" ;;
esac

export CARGO_PROFILE_RELEASE_DEBUG=line-tables-only
BUILD_TARGET_DIR="$BENCH_DIR/target-prof" BIN_NAME=veiviser-prof build_veiviser
[ "$MODE" = callgrind ] && n="$CALLGRIND_SIZE" || n="$SIZE"
site="$(synth_corpus "$n")"
out="$BENCH_DIR/out/profile-$n"
rm -rf "$out"; sync

echo "# veiviser profile: $MODE, $n synthetic pages, git $VEIVISER_REV"
echo
machine_info
echo
case "$MODE" in
    perf|perf-clock)
        ev=cycles; [ "$MODE" = perf-clock ] && ev=cpu-clock
        data="$PDIR/perf-$n.data"
        perf record -q -e "$ev" -F 499 --call-graph dwarf,8192 -o "$data" -- \
            "$VEIVISER" build --root "$site" --out "$out" >/dev/null 2>"$PDIR/perf-$n.stderr"
        echo "## self time (top $TOP symbols)"
        echo
        perf report -i "$data" --no-children --no-inline --sort symbol --stdio -g none --percent-limit 0.3 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | sed 's/ *$//' | head -n "$TOP"
        echo
        echo "## inclusive time (children included; veiviser and its main crates only, top $TOP)"
        echo "## (stacks are unwound from 8 KiB copies, so deep frames are under-counted)"
        echo
        perf report -i "$data" --children --no-inline --sort symbol --stdio -g none --percent-limit 0.5 2>/dev/null \
            | grep -E '\] (veiviser|tera|pulldown_cmark|gray_matter|yaml_rust2|serde_json|toml)::' | sed 's/ *$//' | head -n "$TOP"
        echo
        echo "raw: perf report -i $data"
        ;;
    callgrind)
        data="$PDIR/callgrind-$n.out"
        valgrind --tool=callgrind --callgrind-out-file="$data" --separate-threads=no \
            "$VEIVISER" build --root "$site" --out "$out" >/dev/null 2>"$PDIR/callgrind-$n.stderr"
        echo "## self cost (instructions, top $TOP functions; inlined code counted in its caller)"
        echo
        callgrind_annotate --auto=no --inclusive=no --threshold=100 "$data" 2>/dev/null | python3 "$BENCH_SRC/cg_top.py" "$TOP"
        echo
        echo "## inclusive cost (instructions; veiviser and its main crates only, top $TOP functions)"
        echo
        callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$data" 2>/dev/null \
            | python3 "$BENCH_SRC/cg_top.py" "$TOP" '^(veiviser|tera|pulldown_cmark|gray_matter|yaml_rust2|serde_json|toml)::'
        echo
        echo "raw: callgrind_annotate $data  (or kcachegrind)"
        ;;
esac
rm -rf "$out"
