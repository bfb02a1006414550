#!/usr/bin/env python
"""The site at scale: load N published events fast, then measure every public URL.

    .venv/bin/python bench/scale.py 100000 1000000 [--requests 25] [--seconds 10]
    .venv/bin/python bench/scale.py 100000 --database nato_timeline_bench --load-only

For each size on the command line: (re)fills the database `nato_timeline_scale` (or
--database) on the local PostgreSQL server by COPY (400 actors with a long-tailed frequency,
the most frequent in about a fifth of the events; 2-3 participants, 0-1 topic and 1-2
citations per event; dates 1949-2026 rising toward today; 5 % drafts), runs ANALYZE, then
prints (unless --load-only):

- per public URL (first page, deep page, each filter and combinations, API, feeds, embed, event,
  actor and source pages): median and p95 in ms over --requests warm requests, in process
  (Django's test client, DEBUG off, the server-side response cache off so each request runs the
  view) and the queries per request;
- the first request to `/` after a change to published data (the data version raised);
- throughput under gunicorn (nato_timeline/gunicorn.conf.py) for repeated anonymous requests to
  `/` (served from the response cache) and `/api/events`, beside a static file, over --seconds
  with --connections keep-alive connections;
- the plan of a deep page, which must not scan the events table.

Progress goes to stderr while it loads and measures. Local PostgreSQL only; the database is
emptied before each size.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "nato_timeline_scale"
SERVER = "postgres://postgres@127.0.0.1:5432"

ACTORS, PLACES, TOPICS = 400, 60, 40
WORDS = ["Ukraine", "defence", "enlargement", "Russia", "sanctions", "summit", "security",
         "Afghanistan", "Baltic", "cyber", "missile", "Finland", "Sweden", "budget"]  # fmt: skip
VERBS = ["speaks with", "meets", "calls", "hosts", "visits", "writes to"]
KINDS = [("meeting", 30), ("call", 25), ("statement", 20), ("summit", 5), ("other", 10),
         ("agreement", 5), ("pledge", 5)]  # fmt: skip
PUBLISHED_SHARE = 0.95


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup_django(url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="nato_timeline.settings", DATABASE_URL=url, DEBUG="0",
        SECRET_KEY="bench", ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        RESPONSE_CACHE_SECONDS="0", AXES_ENABLED="0", LOG_LEVEL="ERROR",
    )  # fmt: skip
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_REPLICA_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(name: str) -> None:
    import psycopg

    with closing(psycopg.connect(f"{SERVER}/postgres", autocommit=True)) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------------- loading


def required_columns(cursor: Any, table: str, given: Sequence[str]) -> dict[str, Any]:
    """NOT NULL columns without a default that the loader does not fill, with a neutral value
    by type: the loader survives columns that later migrations add."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    )
    neutral = {"boolean": "f", "integer": "0", "bigint": "0", "smallint": "0",
               "double precision": "0", "date": "2000-01-01", "jsonb": "{}", "json": "{}",
               "timestamp with time zone": "2026-01-01 00:00:00+00"}  # fmt: skip
    return {name: neutral.get(kind, "") for name, kind in cursor.fetchall() if name not in given}


def copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> int:
    extra = required_columns(cursor, table, columns)
    names = ", ".join(f'"{name}"' for name in [*columns, *extra])
    tail = tuple(extra.values())
    n = 0
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as out:
        for row in rows:
            out.write_row((*row, *tail))
            n += 1
            if n % 500_000 == 0:
                progress(f"  {table}: {n:,} rows")
    return n


def load(size: int, seed: int = 18) -> float:
    """Empty the tables and COPY `size` events with their links; returns the seconds taken."""
    import datetime as dt

    from django.db import connection

    rng = random.Random(seed)
    started = time.perf_counter()
    tables = ["events_citation", "events_event_participants", "events_event_topics",
              "events_eventredirect", "events_event", "events_source", "events_term",
              "events_actor", "events_place", "events_topic", "events_publishedmonth",
              "events_publishedactor"]  # fmt: skip
    with connection.cursor() as c:
        c.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        for table in tables:
            c.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")  # RI and search: redone below
        # Indexes that back no constraint are built once after the load, not kept row by row.
        c.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        deferred = c.fetchall()
        for name, _ in deferred:
            c.execute(f'DROP INDEX "{name}"')
        cur = c.cursor  # the psycopg cursor, for COPY
        names = ["Joe Biden", "Jens Stoltenberg", "Vladimir Putin", "Mark Rutte", "Emmanuel Macron"]
        actors = [
            (i, names[i - 1] if i <= len(names) else f"Actor {i}") for i in range(1, ACTORS + 1)
        ]
        slug = lambda name: name.lower().replace(" ", "-")  # noqa: E731
        copy(cur, "events_actor", ["id", "name", "slug", "aliases", "kind", "role", "country"],
             ((i, n, slug(n), "", "country" if i % 5 == 0 else "person", "", "")
              for i, n in actors))  # fmt: skip
        copy(cur, "events_place", ["id", "name", "slug", "aliases", "country"],
             ((i, f"Place {i}", f"place-{i}", "", "") for i in range(1, PLACES + 1)))  # fmt: skip
        copy(cur, "events_topic", ["id", "name", "slug", "aliases"],
             ((i, f"Topic {i}", f"topic-{i}", "") for i in range(1, TOPICS + 1)))  # fmt: skip
        sources = max(1, size // 4)
        text = "Biden spoke with Stoltenberg about Ukraine and the defence of the alliance."
        copy(cur, "events_source",
             ["id", "title", "publisher", "kind", "url", "file_name", "published", "text",
              "original_text", "content_hash", "language"],
             ((i, f"Article {i}", "Bench News", "news", "", f"bench-{i}.txt", "2020-01-01",
               text, text, f"{i:064x}", "en") for i in range(1, sources + 1)))  # fmt: skip
        progress(f"  {ACTORS} actors, {PLACES} places, {TOPICS} topics, {sources:,} sources")

        # The most frequent actor takes part in about a fifth of the events (k^-0.8 weights).
        weights = [1 / k**0.8 for k in range(1, ACTORS + 1)]
        kinds, kind_weights = zip(*KINDS, strict=True)
        first, span = dt.date(1949, 1, 1), (dt.date(2026, 11, 30) - dt.date(1949, 1, 1)).days
        links: list[tuple[int, int]] = []
        topics: list[tuple[int, int]] = []
        citations: list[tuple[int, int, int]] = []

        # Each event's search document is computed as it is inserted from a staging table (its
        # text gathered here): one write of each row, where an UPDATE after the load wrote the
        # whole table again.
        c.execute("CREATE TEMP TABLE event_load (LIKE events_event INCLUDING DEFAULTS)")
        c.execute("ALTER TABLE event_load DROP COLUMN sort_date, ADD COLUMN document text")

        def events() -> Iterator[tuple[Any, ...]]:
            for i in range(1, size + 1):
                day = first + dt.timedelta(days=int(rng.random() ** 0.5 * span))
                who = sorted(set(rng.choices(range(1, ACTORS + 1), weights, k=rng.choice((2, 3)))))
                links.extend((i, a) for a in who)
                if rng.random() < 0.7:
                    topics.append((i, rng.randint(1, TOPICS)))
                quotes = []
                for _ in range(rng.choice((1, 2))):
                    n = len(citations)
                    citations.append((i, rng.randint(1, sources), n))
                    quotes.append(text[n % 40 : n % 40 + 27])
                word = rng.choice(WORDS)
                one, other = actors[who[0] - 1][1], actors[who[-1] - 1][1]
                title = f"{one} {rng.choice(VERBS)} {other} on {word}"
                status = "published" if rng.random() < PUBLISHED_SHARE else "draft"
                place = rng.randint(1, PLACES) if rng.random() < 0.6 else None
                summary = f"About {word}."
                yield (i, title[:300], f"e-{i}", rng.choices(kinds, kind_weights)[0], day, day,
                       "day", summary, status, place, "2026-01-01 00:00:00+00",
                       "2026-01-01 00:00:00+00", 1, 0.8, "f",
                       " ".join([title[:300], summary, *quotes]))  # fmt: skip

        copy(cur, "event_load",
             ["id", "title", "slug", "kind", "date_from", "date_to", "date_precision", "summary",
              "status", "place_id", "created", "updated", "version", "confidence", "planned",
              "document"],
             events())  # fmt: skip
        c.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events_event' "
            "AND is_generated = 'NEVER' AND column_name <> 'search_document'"
        )
        columns = ", ".join(f'"{name}"' for (name,) in c.fetchall())
        c.execute(
            f"INSERT INTO events_event ({columns}, search_document) "
            f"SELECT {columns}, to_tsvector('english', document) FROM event_load"
        )
        c.execute("DROP TABLE event_load")
        progress(f"  {size:,} events")
        copy(cur, "events_event_participants", ["event_id", "actor_id"], iter(links))
        copy(cur, "events_event_topics", ["event_id", "topic_id"], iter(topics))
        copy(cur, "events_citation", ["event_id", "source_id", "quote", "start", "end"],
             ((e, s, text[n % 40 : n % 40 + 27], n % 40, n % 40 + 27)
              for e, s, n in citations))  # fmt: skip
        progress(f"  {len(links):,} participants, {len(citations):,} citations")
        progress(f"  indexes ({len(deferred)}), counts, statistics")
        for _, definition in deferred:
            c.execute(definition)
        # What the trigger of migration 0013 keeps, which COPY with triggers off did not.
        c.execute(
            "INSERT INTO events_publishedmonth (month, n) SELECT date_trunc('month', date_from),"
            " count(*) FROM events_event WHERE status = 'published' GROUP BY 1"
        )
        # And what the triggers of migration 0016 keep.
        c.execute(
            "INSERT INTO events_publishedactor (actor_id, n) SELECT p.actor_id, count(*) "
            "FROM events_event_participants p JOIN events_event e ON e.id = p.event_id "
            "WHERE e.status = 'published' GROUP BY 1"
        )
        for table in tables:
            c.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
            if table not in ("events_publishedmonth", "events_publishedactor"):
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 1))"
                )
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    from events import dataversion

    dataversion.touch()
    return time.perf_counter() - started


# -------------------------------------------------------------------------------- measuring


def cursor_at(share: float, **filters: Any) -> str:
    """The `after` cursor of the event `share` of the way down the (filtered) timeline."""
    from events.filters import Cursor
    from events.models import Event

    published = Event.objects.published().filter(**filters).chronological()
    n = published.count()
    return str(Cursor.after(published[int(n * share)]))


def urls() -> list[tuple[str, str, dict[str, str]]]:
    """(label, path, headers) of every public URL measured."""
    from events.models import Event, Source

    deep = cursor_at(0.9)
    event = Event.objects.published().order_by("-date_from").first()
    source = Source.objects.order_by("pk").first()
    actor_deep = cursor_at(0.9, participants__slug="joe-biden")
    htmx = {"HTTP_HX_REQUEST": "true"}
    famous = ["joe-biden", "jens-stoltenberg", "vladimir-putin", "mark-rutte", "emmanuel-macron"]
    many = "&".join(f"actor={slug}" for slug in famous + [f"actor-{i}" for i in range(6, 21)])
    return [
        ("/ first page", "/", {}),
        ("/ fragment", "/", htmx),
        ("/ 90 % down", f"/?after={deep}", {}),
        ("/ 90 % down, fragment", f"/?after={deep}", htmx),
        ("/?order=oldest", "/?order=oldest", {}),
        ("kind=meeting", "/?kind=meeting", {}),
        ("actor=joe-biden (1 in 5)", "/?actor=joe-biden", {}),
        ("actor=actor-390 (rare)", "/?actor=actor-390", {}),
        ("topic", "/?topic=topic-7", {}),
        ("place", "/?place=place-3", {}),
        ("q=ukraine", "/?q=ukraine", {}),
        ("from=2010&to=2014", "/?from=2010&to=2014", {}),
        ("kind+actor+from+to+q", "/?kind=meeting&actor=joe-biden&from=2010&to=2024&q=ukraine", {}),
        ("2 actors", "/?actor=joe-biden&actor=jens-stoltenberg", {}),
        ("20 actors", f"/?{many}", {}),
        ("/api/events", "/api/events", {}),
        ("/api/events 90 % down", f"/api/events?after={deep}", {}),
        ("/api/events?q=ukraine&kind=call", "/api/events?q=ukraine&kind=call", {}),
        ("/feeds/atom", "/feeds/atom", {}),
        ("/feeds/ical", "/feeds/ical", {}),
        ("/feeds/json?actor=joe-biden", "/feeds/json?actor=joe-biden", {}),
        ("/embed/?kind=summit", "/embed/?kind=summit", {}),
        ("/events/<slug>/", event.get_absolute_url(), {}),
        ("/actors/joe-biden/", "/actors/joe-biden/", {}),
        ("/actors/joe-biden/ 90 % down", f"/actors/joe-biden/?after={actor_deep}", {}),
        ("/sources/<id>/", source.get_absolute_url(), {}),
    ]  # fmt: skip


def timed(request: Callable[[], Any], n: int) -> tuple[list[float], int, int]:
    """Milliseconds of n requests after one warm-up, the queries of the last, its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()
    times = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - started) * 1000)
    return times, len(queries), response.status_code


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


def measure_urls(requests: int) -> list[tuple[str, float, float, int, int]]:
    from django.test import Client

    client = Client(raise_request_exception=False)
    rows = []
    for label, path, headers in urls():
        times, queries, status = timed(lambda p=path, h=headers: client.get(p, **h), requests)
        rows.append((label, statistics.median(times), p95(times), queries, status))
        progress(f"  {label}: {rows[-1][1]:.1f} ms median, {queries} queries, {status}")
    return rows


def first_after_change(n: int = 5) -> float:
    """`/` right after the data version is raised: the overview is counted again."""
    from django.test import Client

    from events import dataversion

    client = Client()
    times = []
    for _ in range(n):
        dataversion.touch()
        started = time.perf_counter()
        client.get("/")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def deep_plan() -> str:
    from events.filters import Cursor
    from events.models import Event

    published = Event.objects.published()
    n = published.count()
    last = published.chronological()[int(n * 0.9)]
    return published.page_after(Cursor.after(last)).for_timeline()[:21].explain()


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, seconds: float, connections: int) -> float:
    """Requests per second for `path` over keep-alive connections."""
    done = [0] * connections
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"scale: {path} answered {response.status}")
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


def throughput(url: str, seconds: float, connections: int) -> dict[str, float]:
    from django.templatetags.static import static

    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "BIND": f"127.0.0.1:{port}",
           "RESPONSE_CACHE_SECONDS": "600", "GUNICORN_LOG_LEVEL": "warning"}  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "nato_timeline/gunicorn.conf.py",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with closing(socket.create_connection(("127.0.0.1", port), timeout=1)):
                    break
            except OSError:
                time.sleep(0.1)
        css = static("events/css/site.css")
        figures = {}
        for label, path in (("static file", css), ("/", "/"), ("/api/events", "/api/events")):
            hammer(port, path, 1, connections)  # warm every worker's cache
            figures[label] = hammer(port, path, seconds, connections)
            progress(f"  {label}: {figures[label]:.0f} req/s")
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of events, e.g. 100000")
    parser.add_argument("--requests", type=int, default=25, help="timed requests per URL")
    parser.add_argument("--seconds", type=float, default=10, help="of each throughput run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep a database of that size")
    parser.add_argument("--database", default=DB, help=f"the database to fill (default {DB})")
    parser.add_argument(
        "--load-only", action="store_true", help="load one size and stop (for bench/load.py)"
    )
    args = parser.parse_args()
    if any(not 1000 <= n <= 5_000_000 for n in args.sizes):
        raise SystemExit("scale: each size must be between 1,000 and 5,000,000 events")
    if not args.database.replace("_", "").isalnum():
        raise SystemExit("scale: a database name is letters, digits and underscores")
    url = f"{SERVER}/{args.database}"
    create_database(args.database)
    setup_django(url)
    from django.core.management import call_command

    progress(f"migrating {args.database}")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from events.models import Event

    results = {}
    for size in args.sizes:
        if args.reuse and Event.objects.count() == size:
            progress(f"reusing the {size:,} events loaded before")
            loaded = float("nan")
        else:
            progress(f"loading {size:,} events")
            loaded = load(size)
        progress(f"loaded in {loaded:.0f} s; measuring")
        if args.load_only:
            return
        plan = deep_plan()
        rows = measure_urls(args.requests)
        after_change = first_after_change()
        progress("throughput under gunicorn")
        rates = throughput(url, args.seconds, args.connections)
        results[size] = (loaded, rows, after_change, rates, plan)
        if "Seq Scan on events_event" in plan:
            print(f"FAIL at {size:,}: a deep page scans the events table:\n{plan}")
    report(results, args)


def report(results: dict[int, Any], args: argparse.Namespace) -> None:
    sizes = list(results)
    out = io.StringIO()
    head = " | ".join(f"{n:,}: median / p95 ms, queries" for n in sizes)
    out.write(f"| request | {head} |\n|---|{'---|' * len(sizes)}\n")
    for i, (label, *_rest) in enumerate(results[sizes[0]][1]):
        cells = []
        for n in sizes:
            _, median, worst, queries, status = results[n][1][i]
            flag = "" if status == 200 else f" ({status})"
            cells.append(f"{median:.0f} / {worst:.0f}, {queries}{flag}")
        out.write(f"| `{label}` | {' | '.join(cells)} |\n")
    out.write(
        f"| first `/` after a change | {' | '.join(f'{results[n][2]:.0f} ms' for n in sizes)} |\n"
    )
    loads = " | ".join(f"{results[n][0]:.0f} s" for n in sizes)
    out.write(f"| load (COPY, indexes, ANALYZE) | {loads} |\n")
    for label in ("static file", "/", "/api/events"):
        cells = []
        for n in sizes:
            rates = results[n][3]
            share = rates[label] / rates["static file"] * 100
            cells.append(f"{rates[label]:.0f} req/s ({share:.0f} % of static)")
        out.write(
            f"| gunicorn, {args.connections} connections: `{label}` | {' | '.join(cells)} |\n"
        )
    print(out.getvalue())
    for n in sizes:
        plan = results[n][4]
        print(f"Deep page plan at {n:,} events:\n{plan}\n")


if __name__ == "__main__":
    main()
