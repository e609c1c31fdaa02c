#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the project's test fixtures and example content and,
# when it is there, the shared Altinn docs corpus (../shared/corpus/altinn-docs beside the
# repository). Seeds are written at run time into git-ignored folders and never committed.
# Existing corpus files are kept (libFuzzer's findings accumulate); seeding is idempotent.
#
#   fuzz/seed.sh [TARGET...]        (default: every target)
set -euo pipefail

FUZZ="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$FUZZ")"
SHARED="${VEIVISER_FUZZ_SHARED:-$ROOT/../shared/corpus/altinn-docs}"
ALL=(frontmatter shortcodes markdown forms search serve_paths)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

# Markdown sources: fixtures, the bundled example site, the shared corpus (if present).
list_md() {
    {
        find "$ROOT/tests/fixtures" "$ROOT/content" -type f \( -name '*.md' -o -name '*.markdown' \)
        if [ -d "$SHARED/content" ]; then
            find "$SHARED/content" -type f \( -name '*.md' -o -name '*.markdown' \)
        fi
    } 2>/dev/null | LC_ALL=C sort
}

# add TARGET: stdin → corpus/TARGET/<sha1> (content-addressed, so duplicates collapse).
add() {
    local dir="$FUZZ/corpus/$1" tmp
    mkdir -p "$dir"
    tmp="$(mktemp)"
    cat >"$tmp"
    if [ -s "$tmp" ]; then
        mv "$tmp" "$dir/$(sha1sum "$tmp" | cut -c1-40)"
    else
        rm -f "$tmp"
    fi
}

# The front matter block of a file (through the closing delimiter) plus a little body.
header_of() {
    awk 'NR==1 { d=$0; sub(/[ \r]+$/, "", d); print; if (d != "---" && d != "+++") exit; next }
         { print; x=$0; sub(/[ \r]+$/, "", x); if (x == d) { n=1 } }
         n && ++k > 3 { exit }' "$1"
}

seed_frontmatter() {
    list_md | while read -r f; do header_of "$f" | head -c 4096 | add frontmatter; done
    printf '{"title": "JSON", "weight": 3, "tags": ["a", "b"]}\n\nTekst\n' | add frontmatter
    printf '+++\ntitle = "TOML"\n[params]\nx = 1\n+++\nTekst\n' | add frontmatter
    printf -- '---\ntitle: "to\nlinjer"\ntitle: igjen\n---\n' | add frontmatter
}

seed_shortcodes() {
    list_md | while read -r f; do
        if grep -q '{{[<%]' "$f"; then head -c 16384 "$f" | add shortcodes; fi
    done
    printf '{{< a >}}{{%% b x="1" %%}}inner{{%% /b %%}}{{</* c */>}}{{< d />}}{{< /a >}}' | add shortcodes
}

seed_markdown() {
    list_md | while read -r f; do head -c 12288 "$f" | add markdown; done
    printf -- '---\ntitle: Lenker\n---\n## Lenker {#l}\n\n[a](../kom-i-gang/#forste) [b](/om-oss/) [c]({{< ref "docs/kom-i-gang.md" >}})\n\n{{< children depth="2" >}}\n' | add markdown
}

seed_forms() {
    list_md | while read -r f; do
        if grep -q '^form *[:=]' "$f"; then head -c 16384 "$f" | add forms; fi
    done
    printf '{"all": [{"field": "a", "equals": "ja"}, {"not": {"field": "b", "filled": true}}, {"any": [{"field": "c", "in": ["x", "y"]}]}]}' | add forms
    printf '{"form": {"id": "f", "fields": [{"name": "a", "type": "text", "show_if": {"field": "b", "equals": 1}}, {"name": "b", "type": "number"}]}}\n' | add forms
    printf '974760673\n12345678901\n86011117947\n+47 412 34 567\n0150\nola@example.org\n10.0.0.0/8\n' | add forms
}

seed_search() {
    list_md | while read -r f; do head -c 2048 "$f" | add search; done
}

seed_serve_paths() {
    list_md | while read -r f; do
        rel="${f#"$ROOT"/}"
        rel="${rel#../shared/corpus/altinn-docs/}"
        rel="${rel#*content/}"
        rel="${rel%.md}"
        printf '/%s/' "$rel" | add serve_paths
    done
    for u in '/' '/a/b/?x=1#y' '/sp%C3%B8rsm%C3%A5l/' '/a/./b//c' '/../etc/passwd' \
        '/%2e%2e/etc' '/a/..%2f..%2fb' '/a%5cb' '/a%00b' '/%ff%fe' '//x/..' \
        '/css/veiviser.css' '/search/shards/a.bin' '/%2E/x'; do
        printf '%s' "$u" | add serve_paths
    done
}

for t in "${TARGETS[@]}"; do
    case "$t" in
        frontmatter | shortcodes | markdown | forms | search | serve_paths) "seed_$t" ;;
        *) echo "seed.sh: unknown target $t (one of: ${ALL[*]})" >&2; exit 2 ;;
    esac
    echo "seeded $t: $(find "$FUZZ/corpus/$t" -type f | wc -l) files"
done
