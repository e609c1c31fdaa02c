#!/usr/bin/env python3
"""Load check for `veiviser serve` (issue: live preview).

Starts the preview server on a scratch copy of a site, opens N Server-Sent-Events clients
(default 200), then runs a load generator for D seconds (default 30) of page requests on
127.0.0.1 while a content file is edited a few times. Reports requests, failures, latency
percentiles, and whether every SSE client received every reload. Exits 1 on any failure.

    python3 bench/preview-load.py [--site DIR] [--clients 200] [--seconds 30] [--workers 8]

Only loopback traffic; every loop is bounded in count and time and stops by itself.
"""
import urllib.parse, argparse, http.client, json, os, random, shutil, socket, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default=REPO, help="site root to copy (default: the repo's bundled site)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "veiviser"))
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)

    work = tempfile.mkdtemp(prefix="veiviser-load-")
    root = os.path.join(work, "site")
    os.makedirs(root)
    for name in ("content", "veiviser.toml", "config.toml", "hugo.toml", "static"):
        src = os.path.join(a.site, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(root, name))
        elif os.path.isfile(src):
            shutil.copy(src, os.path.join(root, name))

    server = subprocess.Popen([a.bin, "serve", "--port", "0", "--root", root],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in server.stdout:
            if "http://" in line:
                url = line[line.index("http://"):].strip()
                break
        host, port = url[len("http://"):].rstrip("/").rsplit(":", 1)
        port = int(port)

        def get(path, timeout=10):
            c = http.client.HTTPConnection(host, port, timeout=timeout)
            c.request("GET", urllib.parse.quote(path))
            r = c.getresponse()
            body = r.read()
            c.close()
            return r.status, body

        files = json.loads(get("/__veiviser/files")[1])
        pages = ["/" + f[: -len("index.html")] for f in files if f.endswith("index.html")]
        pages += ["/" + f for f in files if f.endswith(".css") or f.endswith(".js")][:5]

        # SSE clients: raw sockets, each read by a thread that counts reload events.
        counts = [0] * a.clients
        connected = [False] * a.clients
        stop = threading.Event()

        def sse(i):
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(f"GET /__veiviser/events HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
            s.settimeout(1.0)
            buf = b""
            while not stop.is_set():
                try:
                    chunk = s.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                buf += chunk
                if b"200 OK" in buf:
                    connected[i] = True
                while b"\n\n" in buf:
                    frame, buf = buf.split(b"\n\n", 1)
                    if b"event: reload" in frame:
                        counts[i] += 1
            s.close()

        sse_threads = [threading.Thread(target=sse, args=(i,), daemon=True) for i in range(a.clients)]
        for t in sse_threads:
            t.start()
        deadline = time.time() + 20
        while not all(connected) and time.time() < deadline:
            time.sleep(0.1)
        print(f"SSE clients connected: {sum(connected)}/{a.clients}")

        ok = 0
        failed = 0
        reasons = {}
        lat = []
        lock = threading.Lock()
        end = time.time() + a.seconds

        def worker(seed):
            nonlocal ok, failed
            rnd = random.Random(seed)
            while time.time() < end:
                p = rnd.choice(pages)
                t0 = time.perf_counter()
                try:
                    status, _ = get(p)
                    good = status == 200
                    why = f"status {status}"
                except Exception as e:
                    good = False
                    why = type(e).__name__ + ": " + str(e)[:80]
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    if good:
                        ok += 1
                        lat.append(dt)
                    else:
                        failed += 1
                        reasons[why] = reasons.get(why, 0) + 1

        workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(a.workers)]
        for t in workers:
            t.start()
        # Edits during the load: each one must reach every SSE client as a reload.
        target = None
        for dirpath, _, names in os.walk(os.path.join(root, "content")):
            for n in sorted(names):
                if n.endswith(".md"):
                    target = os.path.join(dirpath, n)
                    break
            if target:
                break
        original = open(target, encoding="utf-8").read()
        for k in range(a.edits):
            time.sleep(a.seconds / (a.edits + 1))
            with open(target, "w", encoding="utf-8") as f:
                f.write(original + f"\n\nLasttest-endring {k}.\n")
        for t in workers:
            t.join()
        time.sleep(3)
        stop.set()
        lat.sort()
        pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
        reached = sum(1 for c in counts if c >= a.edits)
        print(f"requests: {ok + failed} in {a.seconds:.0f} s ({(ok + failed) / a.seconds:.0f}/s), failed: {failed}")
        print(f"latency ms: p50 {pct(0.5):.2f}  p95 {pct(0.95):.2f}  p99 {pct(0.99):.2f}  max {lat[-1] if lat else 0:.2f}")
        print(f"reloads: {a.edits} edits; clients that got every reload: {reached}/{a.clients} (min {min(counts)}, max {max(counts)})")
        for why, n in sorted(reasons.items(), key=lambda x: -x[1])[:5]:
            print(f"  failure: {why} x{n}")
        alive = get("/")[0] == 200
        print(f"server still answering: {alive}")
        good = failed == 0 and reached == a.clients and alive and all(connected)
        print("PASS" if good else "FAIL")
        return 0 if good else 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except Exception:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
