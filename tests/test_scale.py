"""Plans that hold at scale: with 100,000 published events and fresh statistics, PostgreSQL reads
a page deep in the timeline through an index, never by scanning the events (the keyset row
comparison of EventQuerySet.page_after and the partial indexes of migration 0011)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import QueryDict

from events import curation
from events.filters import Cursor
from events.forms import TimelineFilterForm
from events.models import Event, PublishedMonth
from events.timeline import month_counts

pytestmark = pytest.mark.django_db

EVENTS = 100_000
DEEP = EVENTS * 8 // 10  # the cursor: 80 % of the way down (of 90,000 published)


@pytest.fixture
def many_events(db):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's")
    with connection.cursor() as cursor:
        # Dates from 1949 to 2026, more of them toward today; a few kinds and places; a tenth
        # left as drafts. One INSERT ... SELECT: seconds, not minutes.
        cursor.execute(
            "INSERT INTO events_place (name, slug, aliases, country) "
            "SELECT 'Place ' || i, 'place-' || i, '', '' FROM generate_series(1, 20) i"
        )
        cursor.execute(
            """
            INSERT INTO events_event (title, slug, kind, date_from, date_to, date_precision,
                summary, status, planned, confidence, created, updated, version, place_id)
            SELECT 'Event ' || i, 'event-' || i,
                (ARRAY['call','meeting','summit','statement'])[1 + i %% 4],
                d, d, 'day', '',
                CASE WHEN i %% 10 = 0 THEN 'draft' ELSE 'published' END,
                false, 0.5, now(), now(), 1,
                (SELECT min(id) FROM events_place) + i %% 20
            FROM generate_series(1, %s) i,
                LATERAL (SELECT DATE '1949-01-01'
                    + (sqrt(random()) * (DATE '2026-11-30' - DATE '1949-01-01'))::int AS d) dd
            """,
            [EVENTS],
        )
        cursor.execute("ANALYZE events_event")
        cursor.execute("SELECT date_from, id FROM events_event WHERE status = 'published' "
                       "ORDER BY date_from DESC, id DESC OFFSET %s LIMIT 1", [DEEP])  # fmt: skip
        day, pk = cursor.fetchone()
    return Cursor(day, pk)


def plan(queryset) -> str:
    return queryset.explain()


@pytest.mark.slow
def test_a_deep_page_reads_an_index_not_the_table(many_events):
    published = Event.objects.published()
    for oldest_first in (False, True):
        deep = published.page_after(many_events, oldest_first)[:21]
        text = plan(deep)
        assert "Seq Scan on events_event" not in text, text
        # Bounded by the cursor in the index (the row comparison, or the date it implies), not
        # filtered row by row from the start as `date_from < d OR (date_from = d AND id < n)` is.
        bounded = re.search(r"Index Cond: .*(ROW\(date_from, id\) [<>]|date_from [<>]=)", text)
        assert bounded, text


@pytest.mark.slow
def test_a_deep_page_of_one_kind_or_place_reads_an_index(many_events):
    published = Event.objects.published()
    place = Event.objects.filter(place__isnull=False).values_list("place", flat=True).first()
    for narrowed in (published.filter(kind="meeting"), published.filter(place=place)):
        text = plan(narrowed.page_after(many_events)[:21])
        assert "Seq Scan on events_event" not in text, text


@pytest.mark.slow
def test_the_row_comparison_pages_like_the_order(many_events):
    """Two pages from the cursor are the 100 events after it in the order (ties on a day by
    id): what OFFSET would read, without reading what lies before."""
    published = Event.objects.published()
    first = list(published.page_after(many_events)[:50])
    second = list(published.page_after(Cursor.after(first[-1]))[:50])
    start = DEEP + 1
    expected = published.chronological().values_list("pk", flat=True)[start : start + 100]
    assert [e.pk for e in first + second] == list(expected)


def test_the_kept_month_counts_follow_every_change(make_event):
    """The trigger of migration 0013 keeps the whole timeline's overview equal to a count."""
    if connection.vendor != "postgresql":
        pytest.skip("the counts are kept by a PostgreSQL trigger")

    def kept() -> dict:
        return dict(PublishedMonth.objects.filter(n__gt=0).values_list("month", "n"))

    def overview() -> dict:
        form = TimelineFilterForm(QueryDict())
        assert form.is_valid()
        return {m.month: m.count for m in month_counts(form.filters())}

    def counted() -> dict:
        published = Event.objects.published().annotate(m=TruncMonth("date_from"))
        return dict(published.values("m").annotate(n=Count("*")).values_list("m", "n"))

    january, march = dt.date(2021, 1, 1), dt.date(2021, 3, 1)
    a = make_event("A", status="published")
    b = make_event("B", status="published", date_from=dt.date(2021, 3, 2))
    make_event("A draft")
    assert kept() == counted() == overview() == {january: 1, march: 1}
    b.date_from = b.date_to = dt.date(2021, 1, 5)
    b.save()
    assert kept() == counted() == {january: 2}
    curation.unpublish(a)
    assert kept() == counted() == {january: 1}
    b.delete()
    Event.objects.filter(pk=a.pk).update(status="published")  # a bulk path too
    assert kept() == counted() == overview() == {january: 1}
