#!/usr/bin/env bash
# bench/scaling.sh — does veiviser grow linearly? (issue 6, item 3)
#
# Cold full builds of synthetic sites of growing size (default 1,000 → 10,000 → 50,000
# files, from ../shared/bench/gen-corpus.py, cached in $BENCH_DIR/corpora like compare.sh's),
# RUNS times each; prints the medians of wall time and peak RSS per size, time and RSS per
# page, the marginal cost per page between consecutive sizes (the slope: constant if growth
# is linear, rising if something is superlinear), and the per-stage times of one extra run
# per size, so a stage that grows faster than the rest stands out.
#
# Usage:  bench/scaling.sh                               # 1000 10000 50000, 3 runs each
#         RUNS=1 SIZES="500 1000 2000" bench/scaling.sh  # quick check
#
# Environment: SIZES="1000 10000 50000", RUNS=3, BENCH_DIR, SEED, REF, VEIVISER_BIN, SYNC=1
# (as in compare.sh). The 50,000-page corpus is ~200 MB of markdown and ~1.2 GB of output:
# check the free space in $BENCH_DIR. The report is saved in $BENCH_DIR/results/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES="${SIZES:-1000 10000 50000}"
RUNS="${RUNS:-3}"
SYNC="${SYNC:-1}"
case "$RUNS" in ''|*[!0-9]*|0) die "RUNS must be a positive whole number" ;; esac

mkdir -p "$BENCH_DIR"/{out,logs,results}
STAMP="$(date -u +%Y%m%d-%H%M%S)"
RES="$BENCH_DIR/results/scaling-$STAMP.tsv"
REPORT="$BENCH_DIR/results/scaling-$STAMP.md"
: >"$RES"

need_time
build_veiviser
LOAD_BEFORE="$(machine_info)"

declare -A DIRS STAGE_LOG
for n in $SIZES; do DIRS[$n]="$(synth_corpus "$n")"; done

for n in $SIZES; do
    out="$BENCH_DIR/out/scaling-$n"
    for ((i = 1; i <= RUNS; i++)); do
        rm -rf "$out"; [ "$SYNC" = 1 ] && sync
        r=$(measure "$BENCH_DIR/logs/scaling-$n-$i.log" "$VEIVISER" build --root "${DIRS[$n]}" --out "$out")
        printf '%s\t%s\t%s\n' "$n" "$i" "${r// /$'\t'}" >>"$RES"
        set -- $r
        if [ "$3" != 0 ]; then log "FAILED at $n pages (run $i, exit $3):"; tail -n 5 "$BENCH_DIR/logs/scaling-$n-$i.log" >&2
        else log "$n pages run $i: $1 s, $(( $2 / 1024 )) MiB"; fi
    done
    rm -rf "$out"; [ "$SYNC" = 1 ] && sync
    STAGE_LOG[$n]="$BENCH_DIR/logs/scaling-$n-timings.log"
    VEIVISER_TIMINGS=1 "$VEIVISER" build --root "${DIRS[$n]}" --out "$out" >"${STAGE_LOG[$n]}" 2>&1 </dev/null || true
    rm -rf "$out"
done
LOAD_AFTER="$(uptime | sed 's/.*load average/load average/')"

med() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n && $5 == 0 { print $c }' "$RES" | median; }

{
    echo "# veiviser scaling — cold full builds of synthetic sites, medians of $RUNS runs"
    echo
    echo '```'
    echo "$LOAD_BEFORE"
    echo "load after: $LOAD_AFTER"
    echo "veiviser:  $("$VEIVISER" --version 2>/dev/null) (git $VEIVISER_REV)"
    echo '```'
    echo
    echo "| pages (md files) | wall | peak RSS | wall/page | RSS/page | marginal wall/page | marginal RSS/page |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    pn=""; pw=""; pr=""
    for n in $SIZES; do
        w="$(med "$n" 3)"; r="$(med "$n" 4)"
        if [ -z "$w" ]; then echo "| $n | FAILED | | | | | |"; continue; fi
        awk -v n="$n" -v w="$w" -v r="$r" -v pn="$pn" -v pw="$pw" -v pr="$pr" 'BEGIN {
            m = (pn == "") ? "—" : sprintf("%.3f ms", (w - pw) * 1000 / (n - pn))
            mr = (pn == "") ? "—" : sprintf("%.1f KiB", (r - pr) / (n - pn))
            printf "| %d | %.3f s | %.0f MiB | %.3f ms | %.1f KiB | %s | %s |\n", n, w, r / 1024, w * 1000 / n, r / n, m, mr }'
        pn="$n"; pw="$w"; pr="$r"
    done
    echo
    echo "Marginal = (value at this size − value at the previous size) / (pages added): roughly"
    echo "constant from size to size means linear growth; wall/page at small sizes includes fixed"
    echo "start-up costs."
    echo
    echo "Per-stage times (ms; µs per page in brackets), one extra run per size:"
    echo
    hdr="| stage |"; sep="|---|"
    for n in $SIZES; do hdr="$hdr $n |"; sep="$sep---:|"; done
    echo "$hdr"; echo "$sep"
    stages=()
    while IFS= read -r s; do stages+=("$s"); done < <(for n in $SIZES; do stage_timings "${STAGE_LOG[$n]}" | cut -f1; done | awk '!seen[$0]++')
    for s in "${stages[@]}"; do
        line="| $s |"
        for n in $SIZES; do
            v=$(stage_timings "${STAGE_LOG[$n]}" | awk -F'\t' -v s="$s" -v n="$n" '$1 == s { printf "%.1f (%.1f)", $2, $2 * 1000 / n; exit }')
            line="$line ${v:-—} |"
        done
        echo "$line"
    done
    echo
    echo "Timings on a busy machine are noisy (see the load averages); re-measure on a quiet machine."
    echo "Raw runs: $RES"
} | tee "$REPORT"
log "report saved: $REPORT"
