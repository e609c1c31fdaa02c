#!/usr/bin/env python3
"""bench/preview-edits.py — what one edit costs the preview server, by kind of edit (issue 5).

Starts `veiviser serve` (with VEIVISER_TIMINGS=1) on a copy of the SIZE-page synthetic site
(default 10,000; generated and cached by bench/lib.sh's synth_corpus) and makes, ROUNDS times
(default 3), each kind of edit to one page of a top-level section: a body edit, a title, a
weight, a draft (the page leaves), the draft undone, a new page, the new page deleted, and the
section's own title. For each it reads the server's own line `serve: <Kind> update in X ms,
N pages rendered` and prints the kind, the median time and the pages rendered.

A title, weight or draft change re-renders the page, its section's lists, its neighbours and
the pages whose sidebar shows it (on a site above `nav.full_tree_limit` pages, every page of
the section's subtree); a section's title shows in every page's menu, so every page.

Environment: SIZE (10000), ROUNDS (3), VEIVISER_BIN (default: target/release/veiviser, built
with `cargo build --release` when missing), VERIFY=1 (the server compares itself with a full
build after every edit and this script fails on a difference), BENCH_DIR.
Usage: python3 bench/preview-edits.py
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SIZE = int(os.environ.get("SIZE", "10000"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
VERIFY = os.environ.get("VERIFY") == "1"
BENCH_DIR = os.environ.get("BENCH_DIR", os.path.expanduser("~/.cache/veiviser-bench"))
LINE = re.compile(r"^serve: (\w+) update in ([0-9.]+) ms, (\d+) pages rendered")


def corpus():
    out = subprocess.run(
        ["bash", "-c", f'. "{HERE}/lib.sh"; synth_corpus {SIZE}'],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def binary():
    b = os.environ.get("VEIVISER_BIN") or os.path.join(REPO, "target/release/veiviser")
    if not os.environ.get("VEIVISER_BIN") and "CARGO_TARGET_DIR" in os.environ:
        b = os.path.join(os.environ["CARGO_TARGET_DIR"], "release/veiviser")
    if not os.path.exists(b):
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    return b


class Server:
    def __init__(self, bin_, root):
        env = dict(os.environ, VEIVISER_TIMINGS="1")
        if VERIFY:
            env["VEIVISER_VERIFY_INCREMENTAL"] = "1"
        self.log = open(os.path.join(BENCH_DIR, "logs", "preview-edits.err"), "w+")
        self.proc = subprocess.Popen(
            [bin_, "serve", "--root", root, "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            env=env,
        )
        self.wait(lambda t: "search index updated" in t or "search:" in t, 300)
        time.sleep(2)

    def text(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait(self, cond, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if cond(self.text()):
                return
            if self.proc.poll() is not None:
                sys.exit(f"preview-edits: the server exited:\n{self.text()[-2000:]}")
            time.sleep(0.05)
        sys.exit("preview-edits: timed out waiting for the server")

    def edit(self, change):
        before = self.text()
        n = len([l for l in before.splitlines() if LINE.match(l)])
        change()
        self.wait(lambda t: len([l for l in t.splitlines() if LINE.match(l)]) > n, 120)
        # Let the server finish (verification, search) before the next edit.
        time.sleep(3.0 if VERIFY else 2.5)
        text = self.text()
        new = text[len(before):]
        if VERIFY:
            self.wait(lambda t: "verify:" in t[len(before):], 120)
            new = self.text()[len(before):]
            if "DIFFERS" in new or "equals a full build" not in new:
                sys.exit(f"preview-edits: incremental differs from full:\n{new}")
        lines = [LINE.match(l) for l in text.splitlines() if LINE.match(l)]
        m = lines[n]
        return m.group(1), float(m.group(2)), int(m.group(3))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def main():
    os.makedirs(os.path.join(BENCH_DIR, "logs"), exist_ok=True)
    src = corpus()
    work = os.path.join(BENCH_DIR, "work", f"preview-edits-{SIZE}")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, work)
    content = os.path.join(work, "content")
    sections = sorted(
        d for d in os.listdir(content) if os.path.isdir(os.path.join(content, d))
    )
    section = os.path.join(content, sections[len(sections) // 2])
    page = sorted(
        os.path.join(section, f)
        for f in os.listdir(section)
        if f.endswith(".md") and f != "_index.md"
    )[0]
    index = os.path.join(section, "_index.md")
    new_page = os.path.join(section, "ny-side-for-maling.md")
    original = open(page, encoding="utf-8").read()
    original_index = open(index, encoding="utf-8").read()

    def put(path, text):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def front(text, key, value):
        return re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1)

    edits = [
        ("body", lambda i: put(page, original + f"\nEt nytt avsnitt {i}.\n")),
        ("title", lambda i: put(page, front(original, "title", f'"Ny tittel {i}"'))),
        ("weight", lambda i: put(page, front(original, "weight", str(900 + i)))),
        ("draft", lambda i: put(page, original.replace("---\n", "---\ndraft: true\n", 1))),
        ("draft undone", lambda i: put(page, original)),
        ("new page", lambda i: put(new_page, f'---\ntitle: "Ny side {i}"\nweight: 5\n---\nTekst.\n')),
        ("page deleted", lambda i: os.remove(new_page)),
        ("section title", lambda i: put(index, front(original_index, "title", f'"Ny seksjon {i}"'))),
        ("section title undone", lambda i: put(index, original_index)),
    ]
    b = binary()
    print(f"# preview edits: {SIZE} pages, {ROUNDS} rounds, section {os.path.basename(section)}, "
          f"page {os.path.basename(page)}, load {os.getloadavg()[0]:.2f}")
    server = Server(b, work)
    results = {name: [] for name, _ in edits}
    try:
        for r in range(ROUNDS):
            for name, change in edits:
                results[name].append(server.edit(lambda: change(r)))
    finally:
        server.stop()
    print(f"load after {os.getloadavg()[0]:.2f}{' (every edit verified against a full build)' if VERIFY else ''}")
    print()
    print("| edit | update kind | pages rendered | server update ms (median) | min–max |")
    print("|---|---|---:|---:|---:|")
    for name, _ in edits:
        rs = results[name]
        kinds = "/".join(sorted({k for k, _, _ in rs}))
        pages = "/".join(str(p) for p in sorted({p for _, _, p in rs}))
        ms = [t for _, t, _ in rs]
        print(f"| {name} | {kinds} | {pages} | {statistics.median(ms):.0f} | {min(ms):.0f}–{max(ms):.0f} |")


if __name__ == "__main__":
    main()
