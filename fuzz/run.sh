#!/usr/bin/env bash
# Runs the cargo-fuzz (libFuzzer) targets one after another and prints, per target, the
# executions, coverage (cov/ft from libFuzzer's last stats line) and crashes found.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 600); TARGET defaults to every target. Each run is
# `nice -n 10` with -jobs=1 (libFuzzer runs one worker process; its log is
# fuzz/logs/<target>/fuzz-0.log). Extra libFuzzer flags can be given in FUZZ_ARGS.
# Crash inputs land in fuzz/artifacts/<target>/; replay one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/crash-…
# Set FUZZ_NO_BUILD=1 to run the binaries already in fuzz/target without rebuilding, and
# FUZZ_BIN=DIR to run binaries from another folder (e.g. a copy taken before a long run).
# Exit status: 0 when no target crashed, 1 otherwise.
set -euo pipefail

FUZZ="$(cd "$(dirname "$0")" && pwd)"
ALL=(frontmatter shortcodes markdown forms search serve_paths)
SECS="${1:-600}"
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
TOOLCHAIN="${FUZZ_TOOLCHAIN:-+nightly}"

max_len() {
    case "$1" in
        serve_paths) echo 1024 ;;
        search) echo 4096 ;;
        frontmatter) echo 8192 ;;
        *) echo 16384 ;;
    esac
}

if ! cargo "$TOOLCHAIN" fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz…"
    cargo install cargo-fuzz
fi

"$FUZZ/seed.sh" "${TARGETS[@]}"

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    echo "building targets…"
    (cd "$FUZZ" && nice -n 10 cargo "$TOOLCHAIN" fuzz build --fuzz-dir "$FUZZ")
fi
BIN="${FUZZ_BIN:-$FUZZ/target/$(rustc "$TOOLCHAIN" -vV | sed -n 's/^host: //p')/release}"

results=()
failed=0
for t in "${TARGETS[@]}"; do
    logdir="$FUZZ/logs/$t"
    rm -rf "$logdir"
    mkdir -p "$logdir" "$FUZZ/artifacts/$t"
    before=$(find "$FUZZ/artifacts/$t" -type f | wc -l)
    dict=()
    [ -f "$FUZZ/dicts/$t.dict" ] && dict=("-dict=$FUZZ/dicts/$t.dict")
    echo "== $t: ${SECS}s (log: fuzz/logs/$t/fuzz-0.log)"
    start=$(date +%s)
    # The binary is run directly (not `cargo fuzz run`), so edits to src/ during a long
    # session do not trigger rebuilds between targets.
    # shellcheck disable=SC2086
    (cd "$logdir" && nice -n 10 "$BIN/$t" "$FUZZ/corpus/$t" \
        -artifact_prefix="$FUZZ/artifacts/$t/" \
        -max_total_time="$SECS" -jobs=1 -max_len="$(max_len "$t")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" ${FUZZ_ARGS:-}) \
        >"$logdir/libfuzzer.log" 2>&1 || true
    secs=$(( $(date +%s) - start ))
    log="$logdir/fuzz-0.log"
    [ -f "$log" ] || log="$logdir/libfuzzer.log"
    stat() { { grep -E "^stat::$1:" "$log" || true; } | tail -1 | awk '{print $2}'; }
    execs=$(stat number_of_executed_units)
    rate=$(stat average_exec_per_sec)
    # libFuzzer's last status line: `#N<TAB>DONE   cov: C ft: F corp: …`.
    last=$({ grep -E '^#[0-9]+[[:space:]].*cov: ' "$log" || true; } | tail -1)
    [ -n "$execs" ] || execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    corpus=$(find "$FUZZ/corpus/$t" -type f | wc -l)
    after=$(find "$FUZZ/artifacts/$t" -type f | wc -l)
    crashes=$((after - before))
    if [ "$crashes" -gt 0 ]; then failed=1; fi
    results+=("$(printf '%-12s %6s %12s %8s %7s %8s %7s %8s' "$t" "$secs" "${execs:-?}" \
        "${rate:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$crashes")")
    if [ "$crashes" -gt 0 ]; then
        echo "   CRASH: see $log and fuzz/artifacts/$t/"
        grep -m3 -E 'ERROR|panicked|SUMMARY' "$log" | sed 's/^/   /' || true
    fi
done

echo
printf '%-12s %6s %12s %8s %7s %8s %7s %8s\n' target secs execs exec/s cov ft corpus crashes
printf '%s\n' "${results[@]}"
exit "$failed"
