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
from django.test.utils import CaptureQueriesContext

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
                d, d, CASE WHEN i %% 50 = 0 THEN 'year' ELSE 'day' END, '',
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
        cursor.execute("SELECT sort_date, id FROM events_event WHERE status = 'published' "
                       "ORDER BY sort_date DESC, id DESC OFFSET %s LIMIT 1", [DEEP])  # fmt: skip
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
        # filtered row by row from the start as `sort_date < d OR (sort_date = d AND id < n)` is.
        bounded = re.search(r"Index Cond: .*(ROW\(sort_date, id\) [<>]|sort_date [<>]=)", text)
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


def test_the_kept_actor_counts_follow_every_change(make_event):
    """The triggers of migration 0016 keep published events per actor equal to a count, and
    the filter form's most frequent actors read them."""
    if connection.vendor != "postgresql":
        pytest.skip("the counts are kept by PostgreSQL triggers")
    from events import actors
    from events.models import Actor, PublishedActor

    def kept() -> dict:
        return dict(PublishedActor.objects.filter(n__gt=0).values_list("actor__slug", "n"))

    def counted() -> dict:
        rows = Actor.objects.filter(events__status="published").annotate(n=Count("events"))
        return dict(rows.values_list("slug", "n"))

    one, two, three = (Actor.objects.create(name=f"Person {i}", slug=f"p-{i}") for i in range(3))
    a = make_event("A", status="published")
    a.participants.add(one, two)
    b = make_event("B")  # a draft: not counted
    b.participants.add(one, two, three)
    assert kept() == counted() == {"p-0": 1, "p-1": 1}
    Event.objects.filter(pk=b.pk).update(status="published")  # a bulk path
    assert kept() == counted() == {"p-0": 2, "p-1": 2, "p-2": 1}
    assert [slug for slug, _ in actors.most_frequent(2)] == ["p-0", "p-1"]
    b.participants.remove(one)
    a.participants.add(three)
    assert kept() == counted() == {"p-0": 1, "p-1": 2, "p-2": 2}
    curation.unpublish(a)
    assert kept() == counted() == {"p-1": 1, "p-2": 1}
    b.delete()
    a.delete()  # a draft: nothing to take back
    assert kept() == counted() == {}
    c = make_event("C", status="published")
    c.participants.add(two)
    Event.objects.filter(pk=c.pk).delete()
    assert kept() == counted() == {}
    assert actors.most_frequent() == []


def test_few_matching_ids_are_found_once_per_data_version(cited_event):
    """A rare filter's ids are kept under the data version: another page (or a repeated one)
    does not look for them again; a change finds them anew."""
    from events.filters import TimelineFilters
    from events.timeline import few_matches

    first = cited_event(title="A summit", kind="summit")
    curation.publish(first)
    filters = TimelineFilters(kinds=["summit"])
    assert few_matches(filters) == [first.pk]
    with CaptureQueriesContext(connection) as captured:
        assert few_matches(filters) == [first.pk]
    assert len(captured) == 1  # the data version's row, not the events
    second = cited_event(title="Another summit", kind="summit")
    curation.publish(second)
    assert sorted(few_matches(filters)) == sorted([first.pk, second.pk])
