# Shared helpers for bench/compare.sh, bench/scaling.sh and bench/profile.sh.
# Sourced, not run. Everything is configured through environment variables (see bench/README.md).

BENCH_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_SRC/.." && pwd)"
SHARED="${SHARED:-$(cd "$REPO/.." && pwd)/shared}"

BENCH_DIR="${BENCH_DIR:-$HOME/.cache/veiviser-bench}"
SEED="${SEED:-20240917}"
GEN_CORPUS="${GEN_CORPUS:-$SHARED/bench/gen-corpus.py}"
HUGO_SITE="${HUGO_SITE:-$SHARED/bench/hugo-site}"
ALTINN_DIR="${ALTINN_DIR:-$SHARED/corpus/altinn-docs}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# as_root CMD...: runs CMD as root (directly, or through passwordless sudo).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
    else return 1; fi
}

# apt_install PKG...: installs Debian packages, running `apt-get update` once if needed.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    log "installing Debian package(s): $*"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "$@" </dev/null >&2 && return 0
    DEBIAN_FRONTEND=noninteractive as_root apt-get update -q </dev/null >&2 || return 1
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "$@" </dev/null >&2
}

# need_time: GNU time at /usr/bin/time (the `time` package) for peak RSS.
need_time() {
    [ -x /usr/bin/time ] || apt_install time || die "GNU time missing and cannot install it: apt-get install -y time"
    /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null || die "/usr/bin/time is not GNU time"
}

# need_hugo: Hugo from Debian's packages if `hugo` is not on PATH.
need_hugo() {
    command -v hugo >/dev/null 2>&1 || apt_install hugo || die "hugo missing and cannot install it: apt-get install -y hugo"
}

# build_veiviser: release build of the working tree (or, with REF=<git revision>, of a clean
# `git archive` snapshot of that revision in $BENCH_DIR/src-<rev>, built with its own target
# folder), copied to $BENCH_DIR/bin so that a rebuild by someone else during the run cannot
# swap the binary under the benchmark. Sets VEIVISER (path of the copy) and VEIVISER_REV.
# VEIVISER_BIN=path skips the build and uses that binary. (BUILD_TARGET_DIR and BIN_NAME are
# for profile.sh, which builds with debug line tables into a target folder of its own.)
build_veiviser() {
    mkdir -p "$BENCH_DIR/bin"
    local src dir rev
    if [ -n "${VEIVISER_BIN:-}" ]; then
        src="$VEIVISER_BIN"
        VEIVISER_REV="prebuilt $VEIVISER_BIN"
    else
        command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust (https://rustup.rs)"
        if [ -n "${REF:-}" ]; then
            rev="$(git -C "$REPO" rev-parse --short "$REF^{commit}")" || die "unknown git revision: $REF"
            dir="$BENCH_DIR/src-$rev"
            if [ ! -f "$dir/Cargo.toml" ]; then
                rm -rf "$dir"; mkdir -p "$dir"
                git -C "$REPO" archive "$rev" | tar -x -C "$dir" || die "git archive $rev failed"
            fi
            log "cargo build --release (snapshot of $rev)"
            local tdir="${BUILD_TARGET_DIR:-$BENCH_DIR/target}"
            (cd "$dir" && CARGO_TARGET_DIR="$tdir" cargo build --release -q) || die "cargo build --release failed"
            src="$tdir/release/veiviser"
            VEIVISER_REV="$rev"
        else
            log "cargo build --release (working tree)"
            local tdir="${BUILD_TARGET_DIR:-${CARGO_TARGET_DIR:-$REPO/target}}"
            (cd "$REPO" && CARGO_TARGET_DIR="$tdir" cargo build --release -q) || die "cargo build --release failed"
            src="$tdir/release/veiviser"
            VEIVISER_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
            if [ -n "$(git -C "$REPO" status --porcelain -- src themes Cargo.toml Cargo.lock 2>/dev/null)" ]; then
                VEIVISER_REV="$VEIVISER_REV + uncommitted changes"
            fi
        fi
    fi
    [ -x "$src" ] || die "no veiviser binary at $src"
    VEIVISER="$BENCH_DIR/bin/${BIN_NAME:-veiviser}"
    cp -f "$src" "$VEIVISER.tmp" && mv -f "$VEIVISER.tmp" "$VEIVISER"
}

# synth_corpus N: prints the folder of the synthetic Hugo-format site with N files
# (generated once, cached; regenerated when gen-corpus.py or the seed changes).
synth_corpus() {
    local n="$1" dir stamp
    dir="$BENCH_DIR/corpora/synth-hugo-$n-s$SEED"
    [ -f "$GEN_CORPUS" ] || die "generator not found: $GEN_CORPUS (set GEN_CORPUS or SHARED)"
    stamp="$(sha256sum "$GEN_CORPUS" | cut -c1-16) $n $SEED"
    if [ "$(cat "$dir/.complete" 2>/dev/null)" != "$stamp" ]; then
        command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the synthetic corpora"
        log "generating synthetic site: $n pages (seed $SEED) -> $dir"
        rm -rf "$dir" "$dir.tmp"
        mkdir -p "$(dirname "$dir")"
        python3 "$GEN_CORPUS" --pages "$n" --format hugo --seed "$SEED" --out "$dir.tmp" >&2 \
            || die "gen-corpus.py failed for $n pages"
        mv "$dir.tmp" "$dir"
        printf '%s\n' "$stamp" >"$dir/.complete"
    fi
    printf '%s\n' "$dir"
}

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# measure LOG CMD...: runs CMD once with stdout+stderr to LOG; prints "WALL_S RSS_KIB RC CPU_S".
# Wall time is taken around /usr/bin/time (fork+exec overhead ~1 ms); peak RSS is GNU time's
# %M (maximum resident set size, KiB); CPU is user+system seconds (%U + %S), which a busy
# machine inflates less than wall time.
measure() {
    local logf="$1"; shift
    local rssf="$logf.rss" t0 t1 rc=0
    t0=$(now_ns)
    /usr/bin/time -f '%M %U %S' -o "$rssf" "$@" >"$logf" 2>&1 </dev/null || rc=$?
    t1=$(now_ns)
    local rss=0 u=0 s=0
    read -r rss u s < <(tail -n1 "$rssf" 2>/dev/null) || true
    case "$rss" in ''|*[!0-9]*) rss=0 ;; esac
    awk -v a="$t0" -v b="$t1" -v r="$rss" -v c="$rc" -v u="${u:-0}" -v s="${s:-0}" \
        'BEGIN { printf "%.4f %d %d %.2f\n", (b - a) / 1e9, r, c, u + s }'
}

# median: median of the numbers on stdin (mean of the two middle ones for an even count);
# prints nothing for empty input.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# html_count DIR: number of .html files written.
html_count() { if [ -d "$1" ]; then find "$1" -name '*.html' -type f | wc -l | tr -d ' '; else echo 0; fi; }

# machine_info: one block describing the machine and its current load.
machine_info() {
    local cpu
    cpu="$(LC_ALL=C lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)"
    printf 'date:      %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    printf 'machine:   %s, %s cores, %s MiB RAM, kernel %s\n' "${cpu:-unknown CPU}" "$(nproc)" \
        "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" "$(uname -r)"
    printf 'load:      %s\n' "$(uptime | sed 's/.*load average/load average/')"
}

# stage_timings LOG: "stage<TAB>ms" lines from a VEIVISER_TIMINGS=1 run's stderr.
stage_timings() {
    # `timing: parse 12.3 ms` or `timing: parse 12.3 ms, CPU 24.1 ms, RSS 52 MiB (peak 53 MiB)`
    # (stage names have no digits: the first number is the wall time)
    sed -n 's/^timing: \([^0-9]*[^ 0-9]\) \([0-9.][0-9.]*\) ms.*$/\1\t\2/p' "$1"
}

# free_port: a TCP port that was free a moment ago.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
