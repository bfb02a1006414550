"""Reading a page of the public timeline: the same for the page, its fragments, the embed and
the feeds, so that a filter means the same thing everywhere."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth

from events import dataversion
from events.filters import Cursor, TimelineFilters
from events.models import Event, EventQuerySet, EventRedirect, PublishedMonth


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
            day = event.sort_date
            assert day is not None
            new_year = previous is None or previous.year != day.year
            new_month = new_year or previous is None or previous.month != day.month
            rows.append((event, new_year, new_month))
            previous = day
        return rows


def published_matching(filters: TimelineFilters) -> EventQuerySet:
    return filters.apply(Event.objects.published())


# The key names the data version, so an entry is never stale; the time only frees the memory
# of filter sets nobody asks for again.
OVERVIEW_TTL = 24 * 3600


def _key(kind: str, filters: TimelineFilters, version: str | None) -> str:
    described = f"{filters.cache_key()}|{version}"
    return f"{kind}:" + hashlib.sha256(described.encode()).hexdigest()


def month_counts(filters: TimelineFilters) -> list[MonthCount]:
    """Matching events per month. An aggregate over every matching event, so it is computed once
    per filter set and data version (events.dataversion): an edit shows at once."""
    version = dataversion.current().key
    key = _key("timeline-months", filters, version)
    months = cache.get(key) if version else None
    if months is None and not filters.active and connection.vendor == "postgresql":
        # The whole timeline: the counts a trigger keeps (migration 0013), not a count of
        # every published event.
        rows = PublishedMonth.objects.filter(n__gt=0).order_by("month").values_list("month", "n")
        months = [MonthCount(month, n) for month, n in rows]
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
        if version:
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
            ids = few_matches(filters)
            if not ids:
                return [], None
            matching = Event.objects.published().filter(pk__in=ids)  # published still
    rows = list(
        matching.page_after(filters.after, filters.oldest_first).for_timeline()[: filters.size + 1]
    )
    events = rows[: filters.size]
    return events, Cursor.after(events[-1]) if len(rows) > filters.size else None


def few_matches(filters: TimelineFilters) -> list[int]:
    """The ids of the events the filters choose, when the month counts say they are few: found
    once per filter set and data version (a combination of rare filters, or twenty actors, can
    cost a hundred milliseconds to find at a million events; every page of it then reads its
    rows by id)."""
    version = dataversion.current().key
    key = _key("timeline-ids", filters, version)
    ids = cache.get(key) if version else None
    if ids is None:
        ids = list(published_matching(filters).values_list("pk", flat=True))
        if version:
            cache.set(key, ids, OVERVIEW_TTL)
    return ids


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


def moved_event(slug: str) -> Event | None:
    """The published event that an event merged away under `slug` became, if any."""
    moved = (
        EventRedirect.objects.filter(old_slug=slug, event__status=Event.Status.PUBLISHED)
        .select_related("event")
        .first()
    )
    return moved.event if moved else None
