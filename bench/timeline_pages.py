#!/usr/bin/env python
"""Timeline response times with 100,000 published events on PostgreSQL.

    .venv/bin/python bench/timeline_pages.py [--events 100000] [--requests 60]

Creates (or reuses) the database `nato_timeline_bench` on the local PostgreSQL server, fills it
with synthetic events (participants, topics, places, a citation each), then requests the
full page and the HTMX fragment through Django's test client, with and without filters, and
prints p50 and p95 in milliseconds. Requests are in-process: the figures include Django,
the queries and the templates, not the network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "nato_timeline_bench"


def setup_django() -> None:
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        DEBUG="0",
        SECRET_KEY="bench",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="nato_timeline.settings",
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], capture_output=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def fill(n: int) -> None:
    from django.db import transaction

    from events.models import Actor, Citation, Event, Place, Source, Topic

    if Event.objects.count() >= n:
        return
    rng = random.Random(1)
    actors, places, topics = (
        list(Actor.objects.all()),
        list(Place.objects.all()),
        list(Topic.objects.all()),
    )
    kinds = [k for k, _ in Event.Kind.choices]
    start = time.perf_counter()
    with transaction.atomic():
        Event.objects.all().delete()
        Source.objects.all().delete()
        sources = []
        for i in range(n // 50):
            text = f"Report {i}. " + " ".join(
                f"Leaders met to discuss Article 5 and defence spending, item {j}."
                for j in range(50)
            )
            sources.append(
                Source(
                    title=f"Report {i}",
                    publisher="Bench",
                    text=text,
                    original_text=text,
                    content_hash=Source.hash_text(text),
                )
            )
        Source.objects.bulk_create(sources, batch_size=1000)
        events = []
        for i in range(n):
            day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(13000))
            events.append(Event(
                title=f"Event {i}: talks on {rng.choice(topics).name.lower()}", slug=f"bench-{i}",
                kind=rng.choice(kinds), date_from=day, date_to=day, status="published",
                summary="Leaders met and reaffirmed their commitment to collective defence.",
                place=rng.choice(places + [None] * len(places)), confidence=0.8,
            ))  # fmt: skip
        Event.objects.bulk_create(events, batch_size=2000)
        events = list(Event.objects.only("pk"))
        through_p, through_t = Event.participants.through, Event.topics.through
        through_p.objects.bulk_create(
            [
                through_p(event_id=e.pk, actor_id=a.pk)
                for e in events
                for a in rng.sample(actors, 2)
            ],
            batch_size=5000,
        )
        through_t.objects.bulk_create(
            [through_t(event_id=e.pk, topic_id=rng.choice(topics).pk) for e in events],
            batch_size=5000,
        )
        cites = []
        for i, e in enumerate(events):
            source = sources[i % len(sources)]
            quote = f"Leaders met to discuss Article 5 and defence spending, item {i % 50}."
            at = source.text.index(quote)
            cites.append(
                Citation(event_id=e.pk, source=source, quote=quote, start=at, end=at + len(quote))
            )
        Citation.objects.bulk_create(cites, batch_size=5000)
    from django.db import connection

    # What autovacuum does on a live server: statistics, and the visibility map that lets
    # counts be answered from indexes.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"filled {n} events in {time.perf_counter() - start:.0f} s")


def measure(requests: int) -> None:
    from django.test import Client

    client = Client()
    cases = {
        "no filter": "/",
        "kind": "/?kind=call&kind=meeting",
        "actor": "/?actor=joe-biden",
        "date range": "/?from=2021&to=March+2022",
        "full text": "/?q=cyber",  # in about one title in sixteen
        "common word": "/?q=defence",  # in every event's summary and quote
        "rare words": "/?q=event+1234",  # in one title
        "combined": "/?kind=call&actor=jens-stoltenberg&from=2000&to=2020&topic=ukraine",
    }
    from events.models import Actor

    # The documented maximum of values per parameter: one subquery, however many actors.
    slugs = Actor.objects.with_published_events().order_by("slug").values_list("slug", flat=True)
    cases["2 actors"] = "/?" + "&".join(f"actor={slug}" for slug in slugs[:2])
    cases["20 actors"] = "/?" + "&".join(f"actor={slug}" for slug in slugs[:20])
    print(f"{'filters':<12} {'page p50':>9} {'page p95':>9} {'frag p50':>9} {'frag p95':>9}  (ms)")
    for name, url in cases.items():
        row = []
        for headers in ({}, {"HX-Request": "true"}):
            client.get(url, headers=headers)  # warm
            times = []
            for _ in range(requests):
                t = time.perf_counter()
                response = client.get(url, headers=headers)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.status_code
            times.sort()
            row += [statistics.median(times), times[int(len(times) * 0.95) - 1]]
        print(f"{name:<12} " + " ".join(f"{v:>9.1f}" for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup_django()
    fill(args.events)
    measure(args.requests)


if __name__ == "__main__":
    main()
