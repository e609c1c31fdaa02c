#!/usr/bin/env bash
# Runs all of veiviser's tests: installs what the browser tests and the Hugo parity
# test need when it is missing and can be installed (Chromium and Hugo from Debian
# when root, the npm packages of tests/browser), then `cargo test --all-targets` and
# `cargo test --doc`. These tests never skip: if something cannot be installed, this fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\ntest.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# --- Chromium (Debian package; a browser is never downloaded through npm) ---
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    if [ -n "${CHROMIUM_PATH:-}" ]; then
        die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file"
    fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Chromium missing: apt-get install -y chromium"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update </dev/null || die "apt-get update failed"
        apt-get install -y --no-install-recommends chromium </dev/null \
            || die "apt-get install -y chromium failed"
        [ -x /usr/bin/chromium ] || die "chromium installed but /usr/bin/chromium is missing"
    else
        die "Chromium is missing at /usr/bin/chromium and cannot be installed here (not root or no apt-get).
Install it with: sudo apt-get update && sudo apt-get install -y chromium
(or set CHROMIUM_PATH to a Chromium binary)"
    fi
fi

# --- Hugo (Debian package), for the Hugo parity test of tests/testsuite/compat.rs ---
if ! command -v hugo >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Hugo missing: apt-get install -y hugo"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends hugo </dev/null \
            || { apt-get update </dev/null && apt-get install -y --no-install-recommends hugo </dev/null; } \
            || die "apt-get install -y hugo failed"
        command -v hugo >/dev/null 2>&1 || die "hugo installed but not on PATH"
    else
        die "hugo is missing and cannot be installed here (not root or no apt-get).
Install it with: sudo apt-get install -y hugo"
    fi
fi

# --- Node.js and the browser-test packages ---
command -v node >/dev/null 2>&1 || die "node is missing (Node.js 20+ is needed for tests/browser)"
command -v npm >/dev/null 2>&1 || die "npm is missing (needed to install tests/browser's packages)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: tests/browser needs Node.js 20+"
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
    say "tests/browser: npm ci"
    (cd tests/browser && npm ci --no-audit --no-fund) || die "npm ci in tests/browser failed"
fi

say "versions: $(cargo --version); node $(node --version); $("$chromium" --version 2>/dev/null | head -n1); $(hugo version 2>/dev/null | cut -d' ' -f1-2)"

# --- The tests ---
say "cargo test --all-targets --no-fail-fast"
cargo test --all-targets --no-fail-fast
say "cargo test --doc"
cargo test --doc
