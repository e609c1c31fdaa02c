#!/usr/bin/env python3
"""bench/urlmap.py — the URL → content file map of a site, for the search-eval harness.

The harness (../shared/search-eval) maps result URLs back to content files by Hugo's rule for
one-language sites, and falls back to `SITE/urlmap.json` ({"/url/": "path/in/content.md"}).
A multilingual Hugo site (`side.nb.md` at `/nb/side/`) needs the map. Reads the JSON of
`veiviser list --format json` on stdin and writes the map on stdout:

  veiviser list --root ROOT --base-url / --format json | bench/urlmap.py > SITE/urlmap.json

Build the site with the same --base-url. Pages without their own URL (none today) are left
out; when two files share a URL (a warning in the build), the first by path is kept.
"""

import json
import sys


def main():
    rows = json.load(sys.stdin)
    urlmap = {}
    for r in rows:
        urlmap.setdefault(r["url"], r["path"])
    json.dump(urlmap, sys.stdout, ensure_ascii=False, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
