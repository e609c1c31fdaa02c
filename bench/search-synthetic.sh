#!/usr/bin/env bash
# bench/search-synthetic.sh — search on a large synthetic site (issue 4: bytes downloaded
# before the first answer ≤ 150 KiB at 10,000 pages; median query time).
#
# Builds the synthetic site of N pages (../shared/bench/gen-corpus.py, cached like
# compare.sh's) with base URL "/", makes a query set from it — 60 titles picked with a fixed
# seed among those at most three pages have, each page with the title judged relevant (kind
# "plain"; known-item search) — and runs the shared
# search-eval harness (../shared/search-eval/eval.mjs, real search in headless Chromium) on
# it: MRR@10, Recall@5, zero results, bytes downloaded before the first answer (cold cache,
# median of 12 queries) and the median query time.
#
# Usage:  bench/search-synthetic.sh [N]        # default N = 10000
#
# Environment: BENCH_DIR, SEED (as compare.sh), VEIVISER_BIN, SHARED. The harness is copied to
# $BENCH_DIR/search-eval and its npm packages installed there (the shared folder is not
# written to). Needs node + npm and Debian's chromium.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N="${1:-10000}"
EVAL_SRC="$SHARED/search-eval"
[ -f "$EVAL_SRC/eval.mjs" ] || die "search-eval harness not found: $EVAL_SRC"
[ -x /usr/bin/chromium ] || die "chromium missing: apt-get install -y chromium"

build_veiviser
corpus="$(synth_corpus "$N")"
site="$BENCH_DIR/out/search-synth-$N"
log "building $corpus with base URL / -> $site"
rm -rf "$site"
"$VEIVISER" build --root "$corpus" --out "$site" --base-url / >/dev/null 2>&1 \
    || die "veiviser build failed on $corpus"

harness="$BENCH_DIR/search-eval"
if [ ! -d "$harness/node_modules/playwright-core" ]; then
    log "installing the search-eval harness in $harness"
    rm -rf "$harness"; cp -r "$EVAL_SRC" "$harness"; rm -rf "$harness/node_modules"
    # `npm ci` needs the lock file in step with package.json, which the shared copy is not.
    (cd "$harness" && npm install --no-audit --no-fund >/dev/null) || die "npm install failed in $harness"
fi

queries="$BENCH_DIR/out/queries-synth-$N.tsv"
python3 - "$corpus/content" "$queries" "$SEED" <<'EOF'
import os, random, re, sys
content, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = []
for d, _, files in os.walk(content):
    for f in files:
        if f.endswith('.md'):
            p = os.path.join(d, f)
            text = open(p, encoding='utf-8').read()
            m = re.search(r'^title:\s*"?(.*?)"?\s*$', text, re.M) or re.search(r'^title\s*=\s*"(.*?)"', text, re.M)
            if m and m.group(1).strip():
                pages.append((os.path.relpath(p, content).replace(os.sep, '/'), m.group(1).strip()))
# Known-item queries: titles at most three pages have (the generator reuses titles a lot:
# at 10,000 pages only 8 are unique); every page with the title is relevant.
from collections import defaultdict
by_title = defaultdict(list)
for rel, t in pages:
    by_title[t.lower()].append(rel)
titles = sorted(t for t, rels in by_title.items() if len(rels) <= 3)
random.Random(seed).shuffle(titles)
with open(out, 'w', encoding='utf-8') as fh:
    fh.write('id\tquery\trelevant\tsection\tkind\n')
    for i, title in enumerate(titles[:60]):
        rels = '|'.join(sorted(by_title[title]))
        fh.write(f'synth-{i + 1:03}\t{title}\t{rels}\t\tplain\n')
EOF

# URL → content file, for the harness: what veiviser made of each file (`veiviser list`).
"$VEIVISER" list --root "$corpus" --base-url / --format json 2>/dev/null \
    | python3 "$(dirname "${BASH_SOURCE[0]}")/urlmap.py" > "$site/urlmap.json" \
    || die "veiviser list failed on $corpus (it needs a veiviser with the list command: 8cd9aae or later)"

log "running the search-eval harness (veiviser adapter) on $queries"
cd "$harness"
VEIVISER_CORPUS="$corpus/content" node eval.mjs --site "$site" --adapter adapters/veiviser.mjs \
    --queries "$queries" --bytes-sample 12 --label "synthetic site, $N pages"
