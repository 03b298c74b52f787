#!/usr/bin/env python3
"""Bounded load test of the web API: loopback only, a fixed number of requests, a time limit.

By default it starts its own ``newsbrief serve`` (a fresh SQLite file in a temporary directory)
on a free 127.0.0.1 port, sends one untimed warm-up request, then ``--requests`` POST /api/briefs (the two example articles) from
``--clients`` concurrent clients, and stops when all are done or ``--max-seconds`` have passed,
whichever comes first. It prints throughput and p50/p95 latency, and stops the server.

    python3 scripts/loadtest.py                      # 200 requests, 10 clients, at most 300 s
    python3 scripts/loadtest.py --url http://127.0.0.1:8000 --requests 50

Only loopback addresses are accepted for ``--url``: this is not a tool to load someone's server.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "penn-el-chapo"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation, as numpy's default."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def is_loopback_url(url: str) -> bool:
    from newsbrief.apps.web.serve import _is_loopback

    return _is_loopback(urlsplit(url).hostname or "")


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-c", "import sys; from newsbrief.apps.cli import main; sys.exit(main())",
           "serve", "--host", "127.0.0.1", "--port", str(port), "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("loadtest: the server exited at start")
        try:
            if httpx.get(base + "/api/briefs?limit=1", timeout=2, trust_env=False).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("loadtest: the server did not start within 60 s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running server on a loopback address (default: start one)")
    ap.add_argument("--requests", type=int, default=200, help="total requests (default 200)")
    ap.add_argument("--clients", type=int, default=10, help="concurrent clients (default 10)")
    ap.add_argument("--max-seconds", type=float, default=300, help="time limit (default 300)")
    ap.add_argument("--words", type=int, default=200, help="brief length asked for (default 200)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if args.requests < 1 or args.clients < 1 or args.max_seconds <= 0:
        ap.error("--requests, --clients and --max-seconds must be positive")
    if args.url and not is_loopback_url(args.url):
        ap.error("--url must be a loopback address (127.0.0.1, ::1 or localhost)")

    body = {"articles": [{"text": (EXAMPLES / n).read_text(encoding="utf-8")}
                         for n in ("inquisitr.txt", "nbcnews.txt")], "words": args.words}
    proc = None
    tmp = tempfile.TemporaryDirectory(prefix="newsbrief-load-")
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            proc, base = start_server(Path(tmp.name) / "load.sqlite3")
        warm = httpx.post(base + "/api/briefs", json=body, timeout=120, trust_env=False)
        if warm.status_code != 201:  # not timed: the first brief loads the models
            raise SystemExit(f"loadtest: the warm-up request failed: HTTP {warm.status_code} "
                             f"{warm.text[:200]}")
        latencies: list[float] = []
        errors: dict[str, int] = {}
        lock = threading.Lock()
        issued = 0
        start = time.monotonic()
        deadline = start + args.max_seconds

        def client() -> None:
            nonlocal issued
            with httpx.Client(timeout=max(1.0, args.max_seconds), trust_env=False) as c:
                while True:
                    with lock:
                        if issued >= args.requests or time.monotonic() >= deadline:
                            return
                        issued += 1
                    t0 = time.perf_counter()
                    try:
                        r = c.post(base + "/api/briefs", json=body)
                        outcome = "ok" if r.status_code == 201 else f"HTTP {r.status_code}"
                    except httpx.HTTPError as e:
                        outcome = type(e).__name__
                    dt = time.perf_counter() - t0
                    with lock:
                        if outcome == "ok":
                            latencies.append(dt)
                        else:
                            errors[outcome] = errors.get(outcome, 0) + 1

        threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()) + 30)
        elapsed = time.monotonic() - start
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        tmp.cleanup()

    result = {
        "requests_ok": len(latencies),
        "errors": errors,
        "clients": args.clients,
        "seconds": round(elapsed, 2),
        "stopped_by_time_limit": len(latencies) + sum(errors.values()) < args.requests,
        "throughput_rps": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1) if latencies else float("nan"),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['requests_ok']} briefs in {result['seconds']} s with {args.clients} clients "
              f"({result['cpus']} CPUs): {result['throughput_rps']} req/s, "
              f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms"
              + (f"; errors: {errors}" if errors else "")
              + ("; stopped by the time limit" if result["stopped_by_time_limit"] else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
