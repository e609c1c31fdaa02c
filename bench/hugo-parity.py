#!/usr/bin/env python3
"""Does a page read the same in veiviser as in Hugo? Text parity on the Altinn corpus.

Builds ../shared/corpus/altinn-docs with Hugo (layouts that print only `.Content`, and the
stub shortcodes of ../shared/bench/hugo-site) and with veiviser, then compares each page's
content as a list of text blocks (paragraphs, list items, cells, headings, code blocks; an
image as `[img ALT]`). Markup is not compared, only what a reader reads, in order.

What the two themes do differently on purpose is left out on both sides: shortcode output
of the stubs (children lists, evidence codes, diagrams, videos, attachments, expiring
notices) and veiviser's notice and panel labels. Hugo's alias pages are skipped.

    bench/hugo-parity.py                 # summary and every differing page
    bench/hugo-parity.py --show 5        # and up to 5 differing blocks per page
    VEIVISER=target/release/veiviser bench/hugo-parity.py

Needs `hugo` (Debian's 0.111.3: `apt-get install hugo`) and a release build of veiviser.
Exits 0 (it reports; it does not judge).
"""

import argparse
import difflib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("SHARED", os.path.join(REPO, "..", "shared"))

BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "blockquote", "dt",
    "dd", "summary", "figcaption", "div", "section", "details", "table", "tr", "ul", "ol",
    "dl", "hr", "br", "aside", "figure", "article", "nav", "header", "footer",
}
# Subtrees left out: the Hugo stubs' output and veiviser's own labels (see the docstring).
SKIP_CLASSES = {
    "children", "evidencecodes", "mermaid", "video", "attachments", "panel-heading",
    "vv-children", "vv-notice__label", "vv-video", "vv-attachments", "vv-diagram",
    "vv-notice--expiring", "vv-panel__header",
}


class TextBlocks(HTMLParser):
    """The text of an HTML fragment as a list of blocks, whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current = [], []
        self.hidden = 0  # depth inside script/style or a skipped subtree
        self.skipping = []  # [tag, depth] of the skipped subtrees open

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if self.skipping:
            if tag == self.skipping[-1][0]:
                self.skipping[-1][1] += 1
        elif classes & SKIP_CLASSES:
            self.skipping.append([tag, 1])
            self.hidden += 1
        if tag in ("script", "style", "svg"):
            self.hidden += 1
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "img" and not self.hidden:
            # Hugo 0.111 escapes typographic quotes in alt twice (`&amp;ldquo;`).
            alt = (attrs.get("alt") or "").replace("&ldquo;", "\u201c").replace("&rdquo;", "\u201d")
            self.current.append(f"[img {alt}]")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self.hidden = max(0, self.hidden - 1)
        if self.skipping and tag == self.skipping[-1][0]:
            self.skipping[-1][1] -= 1
            if self.skipping[-1][1] == 0:
                self.skipping.pop()
                self.hidden = max(0, self.hidden - 1)
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)


def blocks(fragment):
    parser = TextBlocks()
    parser.feed(fragment)
    parser.close()
    parser.flush()
    return parser.blocks


def veiviser_content(page_html):
    m = re.search(r'<div class="vv-content">\n(.*?)\n          </div>\n', page_html, re.S)
    return m.group(1) if m else ""


def build_hugo(corpus, out):
    site = tempfile.mkdtemp(prefix="hugo-parity-")
    layouts = os.path.join(site, "layouts")
    os.makedirs(os.path.join(layouts, "_default"))
    stubs = os.path.join(SHARED, "bench", "hugo-site", "layouts")
    for sub in ("shortcodes", "partials"):
        shutil.copytree(os.path.join(stubs, sub), os.path.join(layouts, sub))
    for name in ("single.html", "list.html"):
        with open(os.path.join(layouts, "_default", name), "w") as f:
            f.write("{{ .Content }}")
    with open(os.path.join(layouts, "_default", "baseof.html"), "w") as f:
        f.write('{{ block "main" . }}{{ end }}')
    config_file = os.path.join(corpus, "config.toml")
    if not os.path.exists(config_file):
        # A synthetic site (`gen-corpus.py --format hugo`) has none: the bench's own.
        config_file = os.path.join(SHARED, "bench", "hugo-site", "config.toml")
    with open(config_file) as f:
        config = re.sub(r"(?m)^theme\s*=.*$", "", f.read())
    with open(os.path.join(site, "config.toml"), "w") as f:
        f.write(config)
    os.symlink(os.path.join(corpus, "content"), os.path.join(site, "content"))
    subprocess.run(["hugo", "--quiet", "--destination", out], cwd=site, check=True)
    shutil.rmtree(site)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=0, help="differing blocks shown per page")
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus", "altinn-docs"))
    args = ap.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo-parity: needs `hugo` (apt-get install hugo)")
    veiviser = os.environ.get("VEIVISER") or os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "veiviser")
    if not os.path.exists(veiviser):
        sys.exit(f"hugo-parity: no veiviser at {veiviser} (cargo build --release, or VEIVISER=)")
    print(f"veiviser: {veiviser}", file=sys.stderr)
    work = tempfile.mkdtemp(prefix="hugo-parity-out-")
    hugo_out, vv_out = os.path.join(work, "hugo"), os.path.join(work, "veiviser")
    build_hugo(args.corpus, hugo_out)
    subprocess.run([veiviser, "build", "--root", args.corpus, "--out", vv_out, "--base-url", "/",
                    "--no-search"], check=True, stderr=subprocess.DEVNULL)

    total, same, differ, missing = 0, 0, [], []
    for folder, _, files in sorted(os.walk(hugo_out)):
        if "index.html" not in files:
            continue
        with open(os.path.join(folder, "index.html"), encoding="utf-8") as f:
            hugo_html = f.read()
        if not hugo_html.strip() or 'http-equiv="refresh"' in hugo_html:
            continue
        rel = os.path.relpath(folder, hugo_out)
        total += 1
        mine = os.path.join(vv_out, rel, "index.html")
        if not os.path.exists(mine):
            missing.append(rel)
            continue
        with open(mine, encoding="utf-8") as f:
            a, b = blocks(hugo_html), blocks(veiviser_content(f.read()))
        if a == b:
            same += 1
        else:
            differ.append((rel, a, b))
    shutil.rmtree(work)

    print(f"pages with content: {total}; same text as Hugo: {same}; different: {len(differ)}; "
          f"missing: {len(missing)}")
    for rel in missing:
        print(f"missing: /{rel}/")
    for rel, a, b in differ:
        ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
               if op[0] != "equal"]
        print(f"different: /{rel}/ ({len(ops)} places)")
        for _, i1, i2, j1, j2 in ops[:args.show]:
            for x in a[i1:i2]:
                print("    hugo     " + html.escape(x[:160], quote=False))
            for x in b[j1:j2]:
                print("    veiviser " + html.escape(x[:160], quote=False))


if __name__ == "__main__":
    main()
