"""Reading a page of the public timeline: the same for the page, its fragments, the embed and
the feeds, so that a filter means the same thing everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth

from events.forms import Cursor, TimelineFilters
from events.models import Event, EventQuerySet


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


def read_page(filters: TimelineFilters, with_overview: bool = True) -> TimelinePage:
    matching = published_matching(filters)
    rows = list(
        matching.page_after(filters.after, filters.oldest_first).for_timeline()[: filters.size + 1]
    )
    events, more = rows[: filters.size], len(rows) > filters.size
    months = []
    if with_overview and filters.after is None:
        months = [
            MonthCount(row["month"], row["n"])
            for row in matching.order_by()
            .annotate(month=TruncMonth("date_from"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ]
    return TimelinePage(
        filters=filters,
        events=events,
        total=matching.count(),
        next_cursor=Cursor.after(events[-1]) if more else None,
        months=months,
    )
