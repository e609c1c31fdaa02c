#!/usr/bin/env python3
"""fuzz/site.py — whole sites mangled at random, each built by the real `veiviser build`.

The cargo-fuzz targets check one stage at a time on one file. This checks the whole
pipeline on whole sites: it copies a site once (to a memory folder when there is one),
then, per iteration, mangles one to three of its content files (markdown and front matter
snippets, shortcodes, form fields, cut, doubled or deleted runs, random characters, a few
flipped bytes) and builds the result. A build must exit 0 (ok) or 1 (content errors)
without a panic; anything else is kept: the mangled files and the build's stderr go to
`--keep DIR/<seed>-<iteration>/`.

    fuzz/site.py                                   # the bundled content/, 100 builds
    fuzz/site.py --root ../shared/corpus/altinn-docs --iterations 200 --seed 2
    fuzz/site.py --bin target/release/veiviser

The binary defaults to `$CARGO_TARGET_DIR/release/veiviser` (else `target/release/…`);
build it first (`cargo build --release`). Exits 1 when a build failed that way.
"""

import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Snippets inserted at random places: markdown and shortcode syntax, front matter and form
# schema lines, characters that need care (BOM, NUL, CR, bidi control, astral plane).
SNIPPETS = [
    "---", "+++", "{{%", "{{<", "%}}", ">}}", "{{% notice warning %}}", "{{% /notice %}}",
    '{{< ref "x" >}}', '{{< relref "../a.md#b" >}}', "[a](", "](#", "```", "~~~", "<div>",
    "</div>", "|", "| --- |", "\t", "\r", "\x00", "\ufeff", "é", "ø", '"', "'", "<<", ">>",
    "--", "...", "*", "_", "**", "[^1]", "[^1]: x", "# ", "{#id}", "{.cls}", "<!--", "-->",
    "&amp;", "&#x0;", "&#1114112;", "\\", "\u202e", "\U0001F600", "[x]: <>",
    '![a](b "c")', "<http://x>", "www.x", "a@b.no", "---\ntitle: [\n---", 'title = "',
    "{{% children %}}", '{{< children depth="x" >}}', '{{% panel theme="x" %}}',
    '{{% expandlarge id="x" header="y" %}}', "{{% /expandlarge %}}", "{{% small %}}",
    "{{% /small %}}", "aliases: [/x/]\n", "weight: x\n", "date: 2020-13-45\n",
    "draft: true\n", "url: /../\n", "slug: ../x\n", "form:\n", "  fields: 7\n",
    "    - name: x\n      type: nope\n", "      show_if: { field: nope, equals: 1 }\n",
    "      options: [a, a]\n", "      min: 9\n      max: 1\n", "  docs: /nope/#x\n",
    "&a [*a]\n", "!!binary x\n",
]


def mangle(text, rng):
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.35:
            text = text[:i] + rng.choice(SNIPPETS) + text[i:]
        elif op < 0.5:
            text = text[:i] + text[i + rng.randint(1, 200):]
        elif op < 0.6:
            text = text[:i]
        elif op < 0.75:
            run = text[i:i + rng.randint(1, 300)]
            text = text[:i] + run * rng.randint(2, 3) + text[i + len(run):]
        elif op < 0.85:
            chars = [rng.choice([rng.randint(32, 126), rng.randint(0x80, 0x2FFF), 9, 10, 13])
                     for _ in range(rng.randint(1, 20))]
            text = text[:i] + "".join(map(chr, chars)) + text[i:]
        else:
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
            text = "\n".join(lines)
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=REPO, help="site to mangle (default: this repository's)")
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    ap.add_argument("--bin", default=os.path.join(target, "release", "veiviser"))
    ap.add_argument("--keep", default=os.path.join(HERE, "artifacts", "site"))
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no veiviser binary at {args.bin}: cargo build --release first")
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="veiviser-site-fuzz-",
                           dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        base = os.path.join(tmp, "base")
        skip = shutil.ignore_patterns("target", ".git", "node_modules", "tests", "bench",
                                      "src", "fuzz", "public", "hugo-expected", "*.png",
                                      "*.PNG", "*.jpg", "*.gif", "*.svg", "*.pdf")
        shutil.copytree(args.root, base, ignore=skip)
        files = sorted(glob.glob(os.path.join(base, "content", "**", "*.md"), recursive=True))
        if not files:
            sys.exit(f"no content/*.md under {args.root}")
        failed = 0
        codes = {0: 0, 1: 0}
        for it in range(args.iterations):
            work = os.path.join(tmp, "work")
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(base, work)
            picked = rng.sample(files, min(len(files), rng.randint(1, 3)))
            for path in picked:
                path = os.path.join(work, os.path.relpath(path, base))
                if rng.random() < 0.1:
                    data = bytearray(open(path, "rb").read())
                    for _ in range(3):
                        if data:
                            data[rng.randrange(len(data))] = rng.randrange(256)
                    open(path, "wb").write(bytes(data))
                else:
                    text = open(path, encoding="utf-8", errors="replace").read()
                    with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
                        f.write(mangle(text, rng))
            out = os.path.join(tmp, "out")
            shutil.rmtree(out, ignore_errors=True)
            r = subprocess.run([args.bin, "build", "--root", work, "--out", out,
                                "--base-url", "/"], capture_output=True, text=True,
                               errors="replace", timeout=120)
            if r.returncode in (0, 1) and "panicked" not in r.stderr:
                codes[r.returncode] += 1
                continue
            failed += 1
            keep = os.path.join(args.keep, f"{args.seed}-{it}")
            os.makedirs(keep, exist_ok=True)
            for path in picked:
                rel = os.path.relpath(path, base)
                shutil.copy(os.path.join(work, rel), os.path.join(keep, rel.replace(os.sep, "__")))
            with open(os.path.join(keep, "stderr.txt"), "w") as f:
                f.write(r.stderr[-20000:])
            print(f"iteration {it}: exit {r.returncode}, kept in {keep}", flush=True)
        print(f"{args.iterations} builds of mangled copies of {args.root} (seed {args.seed}): "
              f"{codes[0]} built, {codes[1]} refused with content errors, {failed} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
