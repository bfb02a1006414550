#!/usr/bin/env python
"""Articles per second imported from the web: the synchronous command, then 1, 2 and 4 workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_web \\
        .venv/bin/python bench/web_import.py [--articles 500] [--workers 1,2,4]

A local server (127.0.0.1) serves N distinct news pages (navigation, cookie banner, related
links, JSON-LD, about 500 words). Each run starts from no sources and no events:
- sync: `manage.py import_articles URL...` with tasks run at once (TASKS_BACKEND=immediate);
- N workers: `import_articles URL...` queues one task per article (TASKS_BACKEND=database),
  then N `manage.py db_worker --batch` processes run them; the time runs from the queueing to
  the last worker's exit (process start-up included, as a deployment pays it once).
The database named by DATABASE_URL is migrated and its imports deleted between runs: give it a
scratch PostgreSQL database, never one with data you keep.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.webpages import article_html  # noqa: E402

PEOPLE = ["Joe Biden", "Jens Stoltenberg", "Emmanuel Macron", "Olaf Scholz", "Rishi Sunak",
          "Volodymyr Zelenskyy", "Antony Blinken", "Lloyd Austin", "Giorgia Meloni"]  # fmt: skip
LEADS = [
    "{a} spoke with {b} on {weekday}, the White House said.",
    "{a} met {b} in {place} on {weekday} to discuss support for Ukraine.",
    "{a} hosted {b} in {place} on {weekday}, officials said.",
]
PLACES = ["Brussels", "Vilnius", "Madrid", "Washington", "Warsaw", "Paris"]


def pages(n: int) -> dict[str, bytes]:
    rng = random.Random(2026)
    served = {}
    for i in range(n):
        a, b = rng.sample(PEOPLE, 2)
        lead = rng.choice(LEADS).format(
            a=a, b=b, place=rng.choice(PLACES), weekday=rng.choice(["Monday", "Tuesday"])
        )
        day = f"2021-{rng.randrange(1, 13):02}-{rng.randrange(1, 28):02}"
        served[f"/article/{i}"] = article_html(
            title=f"{a} and {b} talk ({i})", lead=lead, published=day, paragraphs=6
        ).encode()
    return served


def serve(served: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def manage(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> None:
    _, err = process.communicate()
    if process.returncode:
        sys.exit(f"{' '.join(process.args)} failed:\n{err[-2000:]}")


def reset(env: dict[str, str]) -> None:
    """No sources, events, imports or queued tasks: each run imports every article anew."""
    code = (
        "from events.models import Citation, Event, Import, Source;"
        "from django_tasks_db.models import DBTaskResult;"
        "[m.objects.all().delete() for m in (Citation, Event, Source, Import, DBTaskResult)]"
    )
    finish(manage(env, "shell", "-c", code))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    served = pages(args.articles)
    server = serve(served)
    urls = [f"http://127.0.0.1:{server.server_port}{path}" for path in served]
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.0/8",
        "LOG_LEVEL": "ERROR",
    }
    finish(manage(env, "migrate", "--verbosity", "0"))
    print(f"{args.articles} pages from a local server, PostgreSQL, {os.cpu_count()} cores")
    results = []
    reset(env)
    start = time.perf_counter()
    finish(manage({**env, "TASKS_BACKEND": "immediate"}, "import_articles", *urls))
    results.append(("synchronous command", time.perf_counter() - start))
    queued = {**env, "TASKS_BACKEND": "database"}
    for n in (int(w) for w in args.workers.split(",")):
        reset(env)
        start = time.perf_counter()
        finish(manage(queued, "import_articles", *urls))
        worker = ["db_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id"]
        workers = [manage(queued, *worker, f"bench-{i}") for i in range(n)]
        for worker in workers:
            finish(worker)
        results.append((f"{n} worker{'s' if n > 1 else ''}", time.perf_counter() - start))
    server.shutdown()
    for label, seconds in results:
        print(f"{label:>20}: {seconds:6.1f} s, {args.articles / seconds:5.1f} articles/s")


if __name__ == "__main__":
    main()
