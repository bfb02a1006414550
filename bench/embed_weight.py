#!/usr/bin/env python
"""Weight and render time of our embed (20 events) against Knight Lab TimelineJS3 showing the
same events, measured in one run.

    .venv/bin/python bench/embed_weight.py

Serves the demo data (a scratch SQLite database) with `runserver`, installs
@knight-lab/timelinejs with npm into a temporary folder (never into the repository), and
loads both in headless Chromium with every request outside this machine refused. Weights are
of the HTML, CSS and JS as gzip -9 would send them (WhiteNoise serves precompressed files);
TimelineJS's weight is its JS and CSS before fonts and data, as TimelineJS documents it.
Render time: from navigation start to the load event (ours) or to TimelineJS's "loaded"
event, median of 7 loads.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def start_site(scratch: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "VAR_DIR": str(scratch), "DEBUG": "1", "DEMO_EDITOR_PASSWORD": "x"}
    env.pop("DATABASE_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/embed/")
            return server, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the site did not start")


LAYOUTS = ("list", "rail", "strip")


def our_weight(base: str, layout: str = "list") -> tuple[int, int, list[str]]:
    html = fetch(base + f"/embed/?limit=20&layout={layout}")
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    sizes = [gz(html)] + [gz(fetch(base + a.decode())) for a in assets]
    return sum(sizes), html.count(b'class="title"'), [a.decode() for a in assets]


def install_timelinejs(folder: Path) -> Path:
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
         "@knight-lab/timelinejs@3"], check=True, capture_output=True,
    )  # fmt: skip
    return folder / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(folder: Path) -> str:
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def render_times(chromium: str, url: str, ready: str) -> float:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(RUNS):
            context = browser.new_context()
            context.route(
                re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort()
            )  # nothing leaves the machine
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(ready, timeout=20_000)
            times.append(page.evaluate("window.__rendered || performance.getEntriesByType"
                                       "('navigation')[0].loadEventEnd"))  # fmt: skip
            context.close()
        browser.close()
    return statistics.median(times)


def main() -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as scratch:
        server, base = start_site(Path(scratch))
        try:
            weights = {layout: our_weight(base, layout) for layout in LAYOUTS}
            data = json.loads(fetch(base + "/api/timelinejs"))
            data["events"] = data["events"][-20:]
            dist = install_timelinejs(Path(scratch) / "npm")
            tl_weight = gz((dist / "js/timeline.js").read_bytes()) + gz(
                (dist / "css/timeline.css").read_bytes()
            )
            (dist / "bench.html").write_text(
                "<!doctype html><html><head><link rel='stylesheet' href='css/timeline.css'>"
                "<script src='js/timeline.js'></script></head><body>"
                "<div id='tl' style='width:100%;height:600px'></div><script>"
                f"var t = new TL.Timeline('tl', {json.dumps(data)});"
                "t.on('loaded', function () { window.__rendered = performance.now(); });"
                "</script></body></html>"
            )
            tl_url = serve(dist) + "/bench.html"
            ours_ms = render_times(chromium, base + "/embed/?limit=20",
                                   "document.readyState === 'complete'")  # fmt: skip
            tl_ms = render_times(chromium, tl_url, "window.__rendered > 0")
        finally:
            server.terminate()
    for layout, (weight, count, files) in weights.items():
        print(f"our embed, layout={layout}, {count} events: {weight / 1024:.1f} KB compressed "
              f"(HTML and {', '.join(files)})")  # fmt: skip
    print(f"TimelineJS3 JS + CSS (before fonts and data): {tl_weight / 1024:.1f} KB compressed")
    print(f"render, median of {RUNS}: ours {ours_ms:.0f} ms, TimelineJS3 {tl_ms:.0f} ms")


if __name__ == "__main__":
    main()
