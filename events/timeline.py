"""Reading a page of the public timeline: the same for the page, its fragments, the embed and
the feeds, so that a filter means the same thing everywhere."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.http import Http404

from events.forms import Cursor, TimelineFilters
from events.models import Event, EventQuerySet, EventRedirect


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    count: int


@dataclass(frozen=True)
class TimelinePage:
    filters: TimelineFilters
    events: list[Event]
    total: int
    next_cursor: Cursor | None
    months: list[MonthCount]

    def rows(self) -> list[tuple[Event, bool, bool]]:
        """(event, starts a year, starts a month): where the year and month headings go. A
        page that continues the month the previous page ended in does not repeat it."""
        previous = self.filters.after.date if self.filters.after else None
        rows = []
        for event in self.events:
            day = event.date_from
            assert day is not None
            new_year = previous is None or previous.year != day.year
            new_month = new_year or previous is None or previous.month != day.month
            rows.append((event, new_year, new_month))
            previous = day
        return rows


def published_matching(filters: TimelineFilters) -> EventQuerySet:
    return Event.objects.published().matching(filters)


# Bounds how long a deletion (which leaves the newest `updated` as it was) can go unseen.
OVERVIEW_TTL = 60


def month_counts(filters: TimelineFilters) -> list[MonthCount]:
    """Matching events per month. An aggregate over every matching event, so it is cached per
    filter set; the key holds the newest change to any event, so an edit shows at once."""
    stamp = Event.objects.aggregate(latest=Max("updated"))["latest"]
    described = repr((filters.kinds, [a.pk for a in filters.actors], filters.topic and
                      filters.topic.pk, filters.place and filters.place.pk, filters.date_from,
                      filters.date_to, filters.q, stamp))  # fmt: skip
    key = "timeline-months:" + hashlib.sha256(described.encode()).hexdigest()
    months = cache.get(key)
    if months is None:
        months = [
            MonthCount(row["month"], row["n"])
            for row in published_matching(filters)
            .order_by()
            .annotate(month=TruncMonth("date_from"))
            .values("month")
            # COUNT(*): the date index then answers without reading the rows.
            .annotate(n=Count("*"))
            .order_by("month")
        ]
        cache.set(key, months, OVERVIEW_TTL)
    return months


# Up to this many matching events, a page is read from the list of their ids. The planner
# cannot know how rare a word or a combination of filters is; guessing it common, it would walk
# the date index through every event to find a handful of matches.
FEW_MATCHES = 2000


def read_events(
    filters: TimelineFilters, months: list[MonthCount] | None = None
) -> tuple[list[Event], Cursor | None]:
    """One page of matching events in the chosen order, and the cursor of the next page
    (None on the last): for the timeline, the embed, the feeds and the API alike. Passing
    the filters' `months`, when the caller has them, saves reading them again."""
    matching = published_matching(filters)
    if filters.active:
        if months is None:
            months = month_counts(filters)
        if sum(m.count for m in months) <= FEW_MATCHES:
            ids = list(matching.values_list("pk", flat=True))
            matching = Event.objects.published().filter(pk__in=ids)  # published still
    rows = list(
        matching.page_after(filters.after, filters.oldest_first).for_timeline()[: filters.size + 1]
    )
    events = rows[: filters.size]
    return events, Cursor.after(events[-1]) if len(rows) > filters.size else None


def read_page(filters: TimelineFilters) -> TimelinePage:
    """One page of matching events; the first page also has the overview and the total."""
    if filters.after is None:
        months = month_counts(filters)
        events, next_cursor = read_events(filters, months)
    else:  # a "more" page shows neither the overview nor the total
        months = []
        events, next_cursor = read_events(filters)
    return TimelinePage(
        filters=filters,
        events=events,
        total=sum(m.count for m in months),
        next_cursor=next_cursor,
        months=months,
    )


def moved_event(slug: str) -> Event:
    """The published event that an event merged away under `slug` became; else 404."""
    moved = (
        EventRedirect.objects.filter(old_slug=slug, event__status=Event.Status.PUBLISHED)
        .select_related("event")
        .first()
    )
    if moved is None:
        raise Http404("No published event here.")
    return moved.event
