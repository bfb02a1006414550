#!/usr/bin/env python
"""Lighthouse scores (performance, accessibility, best practices, SEO) of the timeline, an event
page and the embed, served with production settings, mobile and desktop presets.

    scripts/install-clients && .venv/bin/python bench/lighthouse.py [--runs N]

Serves the demo data (a scratch SQLite database, `seed_demo`) with `scripts/serve` (gunicorn,
DEBUG off, WhiteNoise, compressed public pages) on a free local port, then runs Lighthouse from
tests/clients/node_modules (npm, scripts/install-clients) in headless Debian Chromium
(CHROME_PATH, default /usr/bin/chromium). Prints each score (the median of N runs, default 1)
and, for any score under 100, the audits that cost it. Performance is Lighthouse's simulated
throttling on this machine: on a shared, loaded machine it varies from run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tests" / "clients" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def start_site(scratch: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ, "VAR_DIR": str(scratch), "DEBUG": "0", "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
        "GUNICORN_LOG_LEVEL": "warning", "DEMO_EDITOR_PASSWORD": "x",
    }  # fmt: skip
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"):
        env.pop(name, None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    venv = str(Path(python).parent.parent)  # scripts/serve runs this virtualenv's gunicorn
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")], cwd=ROOT, env={**env, "VENV": venv},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            fetch(base + "/healthz")
            return server, base
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the site did not start (scripts/serve exited)") from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the site did not start")


def lighthouse(url: str, preset: str, chrome: str, out: Path) -> dict:
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)
    return json.loads(out.read_text())


def costs(report: dict, category: str) -> list[str]:
    """The audits of a category that scored under 1, with their weight."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            found.append(f"{ref['id']} ({audit['score']:.2f}, weight {ref['weight']:.3g})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and preset (median)")
    args = parser.parse_args()
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run scripts/install-clients (npm)")
    version = json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())["version"]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        server, base = start_site(Path(scratch))
        try:
            slug = json.loads(fetch(base + "/api/events?size=1"))["events"][0]["slug"]
            pages = {"timeline": "/", "event": f"/events/{slug}/", "embed": "/embed/"}
            for name, path in pages.items():
                for preset in ("mobile", "desktop"):
                    reports = [
                        lighthouse(base + path, preset, chrome, Path(scratch) / "report.json")
                        for _ in range(args.runs)
                    ]
                    scores = {
                        c: statistics.median(r["categories"][c]["score"] * 100 for r in reports)
                        for c in CATEGORIES
                    }
                    notes = {c: costs(reports[-1], c) for c in CATEGORIES if scores[c] < 100}
                    rows.append((name, path, preset, scores, notes))
                    print(f"{name} {preset}: " + ", ".join(
                        f"{c} {scores[c]:.0f}" for c in CATEGORIES), flush=True)  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\nLighthouse {version}, Chromium {chrome}, median of {args.runs} run(s)\n")
    print("| page | preset | " + " | ".join(CATEGORIES) + " |")
    print("|---|---|" + "---|" * len(CATEGORIES))
    for name, path, preset, scores, _ in rows:
        print(f"| {name} (`{path}`) | {preset} | "
              + " | ".join(f"{scores[c]:.0f}" for c in CATEGORIES) + " |")  # fmt: skip
    for name, _, preset, _, notes in rows:
        for category, audits in notes.items():
            print(f"{name} {preset} {category}: {', '.join(audits) or 'no single audit'}")


if __name__ == "__main__":
    main()
