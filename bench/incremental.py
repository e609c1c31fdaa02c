#!/usr/bin/env python3
"""Edit-to-served latency of a preview server (used by bench/compare.sh).

    incremental.py --page FILE --url URL [--runs N] [--log LOG] -- SERVER COMMAND...

Starts SERVER COMMAND, waits until URL answers 200, then RUNS times: appends a paragraph
with a unique marker to the markdown FILE and measures the time from the write until a GET
of URL returns a body containing the marker (polled every --poll = 5 ms, a fresh connection each
time). After each run the file is restored and the script waits until the marker is gone
(untimed). The file is always restored at the end, and the server stopped.

Prints one line: `ok MEDIAN_MS MIN_MS MAX_MS N STARTUP_S PEAK_RSS_KIB REBUILD_MS`, or
`fail REASON`. PEAK_RSS_KIB is the server process's VmHWM at the end (0 if unknown).
REBUILD_MS is the median of the server's own rebuild times for the edits, read from lines
`serve: KIND update in X ms` in its log (veiviser with VEIVISER_TIMINGS=1), or `-`.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


def get(url, timeout=10.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None, b""


def wait_for(pred, timeout, interval=0.002):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if pred():
            return True
        time.sleep(interval)
    return False


def vm_hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--log", default=os.devnull)
    ap.add_argument("--ready-timeout", type=float, default=600.0)
    ap.add_argument("--edit-timeout", type=float, default=300.0)
    ap.add_argument("--poll", type=float, default=0.005, help="poll interval, seconds")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        print("fail no server command")
        return 2

    with open(a.page, "rb") as f:
        original = f.read()
    log = open(a.log, "wb")
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    times = []
    try:
        ok = wait_for(lambda: proc.poll() is None and get(a.url)[0] == 200, a.ready_timeout, 0.05)
        if not ok:
            print("fail server did not serve %s (exit %s; see %s)" % (a.url, proc.poll(), a.log))
            return 1
        startup = time.perf_counter() - t_start
        time.sleep(1.0)  # let the watcher settle after the first build
        for i in range(a.runs):
            marker = "benchmarkmarkor%d%d" % (os.getpid(), i)
            edited = original.rstrip(b"\n") + ("\n\nEndret avsnitt %s.\n" % marker).encode()
            t0 = time.perf_counter()
            with open(a.page, "wb") as f:
                f.write(edited)
            seen = wait_for(lambda: marker.encode() in get(a.url)[1], a.edit_timeout, a.poll)
            dt = time.perf_counter() - t0
            if not seen:
                print("fail edit %d not served within %.0f s (see %s)" % (i + 1, a.edit_timeout, a.log))
                return 1
            times.append(dt * 1000.0)
            with open(a.page, "wb") as f:
                f.write(original)
            wait_for(lambda: marker.encode() not in get(a.url)[1], a.edit_timeout)
            time.sleep(0.5)
        rss = vm_hwm(proc.pid)
        log.flush()
        rebuilds = []
        with open(a.log, "rb") as f:
            for line in f.read().decode("utf-8", "replace").splitlines():
                m = re.search(r"serve: (\w+) update in ([\d.]+) ms", line)
                if m:
                    rebuilds.append(float(m.group(2)))
        rebuild = "%.1f" % statistics.median(rebuilds) if rebuilds else "-"
        print("ok %.1f %.1f %.1f %d %.1f %d %s" % (statistics.median(times), min(times), max(times),
                                                    len(times), startup, rss, rebuild))
        return 0
    finally:
        with open(a.page, "wb") as f:
            f.write(original)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
