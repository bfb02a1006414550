#!/usr/bin/env python
"""Load a served instance with a mix of public URLs and print throughput, latency and errors.

    .venv/bin/python bench/load.py [URL] [--duration 30] [--concurrency 16]

URL defaults to http://127.0.0.1:8000 (e.g. `make serve`). Bounded on purpose: loopback
addresses only, at most 600 s and 256 connections. The mix reads slugs from the API first,
then requests the timeline, its fragments, embeds, feeds and the API, with and without
filters, including 20-value `actor` and `kind` filters (the documented maximum). An error is
a status of 500 or more, or no answer within --timeout seconds.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import ipaddress
import json
import random
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

MAX_DURATION = 600
MAX_CONCURRENCY = 256
MAX_VALUES = 20


def loopback_only(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit(f"load: {url!r} is not an http:// URL")
    addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 80)}
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"load: {parts.hostname} is not a loopback address; refusing")
    return parts.hostname, parts.port or 80


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    if response.getheader("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, body


def url_mix(host: str, port: int, timeout: float) -> list[tuple[str, str]]:
    """(group, path) pairs: every public output, plain and filtered."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    status, body = get(connection, "/api/events?size=100")
    if status != 200:
        raise SystemExit(f"load: /api/events answered {status}; is the site served?")
    events = json.loads(body)["events"]
    actors = sorted({p["slug"] for e in events for p in e["participants"]})
    kinds = sorted({e["kind"] for e in events}) or ["call"]
    slug = events[0]["slug"] if events else "none"
    pair = actors[:2]
    many_actors = [actors[i % len(actors)] for i in range(MAX_VALUES)] if actors else []
    many_kinds = [kinds[i % len(kinds)] for i in range(MAX_VALUES)]

    def query(**params: object) -> str:
        return "?" + urlencode(params, doseq=True)

    mix = [
        ("timeline", "/"), ("timeline", "/" + query(order="oldest")),
        ("timeline", "/" + query(kind=kinds[0], **{"from": "2021", "to": "2022-06"})),
        ("timeline", "/" + query(q="NATO")), ("timeline", "/" + query(actor=pair)),
        ("event", f"/events/{slug}/"), ("embed", "/embed/" + query(kind=kinds[0])),
        ("feeds", "/feeds/atom"), ("feeds", "/feeds/json" + query(actor=pair[:1])),
        ("feeds", "/feeds/ical"), ("api", "/api/events"),
        ("api", "/api/events" + query(q="summit")),
        ("api", f"/api/events/{slug}"), ("timelinejs", "/api/timelinejs" + query(kind=kinds[0])),
        ("20 values", "/" + query(actor=many_actors)),
        ("20 values", "/api/events" + query(actor=many_actors)),
        ("20 values", "/feeds/atom" + query(kind=many_kinds, actor=many_actors[:MAX_VALUES])),
        ("20 values", "/embed/" + query(kind=many_kinds)),
        ("too many", "/api/events" + query(actor=many_actors + many_actors[:1])),
        ("probe", "/healthz"), ("probe", "/readyz"),
    ]  # fmt: skip
    return mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=30, help="seconds (at most 600)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections (at most 256)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per request")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if not 0 < args.duration <= MAX_DURATION:
        raise SystemExit(f"load: --duration must be in (0, {MAX_DURATION}]")
    if not 0 < args.concurrency <= MAX_CONCURRENCY:
        raise SystemExit(f"load: --concurrency must be in 1..{MAX_CONCURRENCY}")
    host, port = loopback_only(args.url)
    mix = url_mix(host, port, args.timeout)
    results: list[tuple[str, int, float]] = []  # (group, status or 0 for no answer, seconds)
    lock = threading.Lock()
    stop = time.monotonic() + args.duration

    def worker(number: int) -> None:
        rng = random.Random(args.seed + number)
        connection = http.client.HTTPConnection(host, port, timeout=args.timeout)
        mine = []
        while time.monotonic() < stop:
            group, path = rng.choice(mix)
            started = time.perf_counter()
            try:
                status, _ = get(connection, path)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=args.timeout)
            mine.append((group, status, time.perf_counter() - started))
        connection.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    report(results, elapsed, args)


def percentile(values: list[float], p: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def report(results: list[tuple[str, int, float]], elapsed: float, args: argparse.Namespace) -> None:
    times = [t * 1000 for _, _, t in results]
    errors = sum(1 for _, status, _ in results if status == 0 or status >= 500)
    print(f"{args.url}: {args.concurrency} connections for {elapsed:.1f} s")
    print(f"requests {len(results)}  {len(results) / elapsed:.1f} req/s  "
          f"p50 {percentile(times, 50):.0f} ms  p99 {percentile(times, 99):.0f} ms  "
          f"errors {errors}")  # fmt: skip
    print("statuses", dict(sorted(Counter(status for _, status, _ in results).items())))
    print(f"{'group':<11} {'n':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for group in sorted({g for g, _, _ in results}):
        rows = [(s, t * 1000) for g, s, t in results if g == group]
        group_errors = sum(1 for s, _ in rows if s == 0 or s >= 500)
        latencies = [t for _, t in rows]
        print(f"{group:<11} {len(rows):>7} {percentile(latencies, 50):>8.0f} "
              f"{percentile(latencies, 99):>8.0f} {group_errors:>7}")  # fmt: skip
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
