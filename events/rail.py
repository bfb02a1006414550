"""The dated rail of the timeline: which headings go where, where an event known only by its
year sits, and which entries hang from the entry they happened during."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from events.models import Event


@dataclass(frozen=True)
class RailRow:
    event: Event
    year: int | None  # a year heading before this entry
    month: str  # a month heading before it ("" for none); "2021 · month not known" too
    attached: bool  # happened during the entry above it (a pledge made in a call)


def sort_day(event: Event) -> dt.date:
    """Where an event sorts in the rail: its Event.sort_date, the order of every page (an event
    known only by its year at the start of that year)."""
    day = event.sort_date
    assert day is not None
    return day


def _attach_children(events: list[Event]) -> list[tuple[Event, bool]]:
    """Each child right after its parent when both are on the page."""
    on_page = {e.pk for e in events}
    children: dict[int, list[Event]] = {}
    for event in events:
        if event.parent_id in on_page and event.parent_id != event.pk:
            children.setdefault(event.parent_id, []).append(event)
    attached = {c.pk for kids in children.values() for c in kids}
    ordered: list[tuple[Event, bool]] = []
    for event in events:
        if event.pk in attached:
            continue
        ordered.append((event, False))
        ordered += [(child, True) for child in children.get(event.pk, [])]
    return ordered


def rows(
    events: Iterable[Event], *, oldest_first: bool = False, previous: dt.date | None = None
) -> list[RailRow]:
    """The page's entries with their headings. A page that continues the period the previous
    page ended in (`previous`: the day of its last entry) does not repeat its heading.
    Entries come in the database's order, which is the rail's on every page
    (Event.sort_date); children move next to their parent."""
    placed = sorted(events, key=sort_day, reverse=not oldest_first)  # stable: ties keep order
    last_year = previous.year if previous else None
    last_group: tuple[int, int] | None = (previous.year, previous.month) if previous else None
    result = []
    for event, attached in _attach_children(placed):
        day = sort_day(event)
        year_known = event.date_precision == Event.Precision.YEAR
        group = (day.year, 0 if year_known else day.month)
        heading = ""
        if not attached and group != last_group:
            heading = f"{day.year} · month not known" if year_known else f"{day:%B %Y}"
        year = day.year if not attached and day.year != last_year else None
        result.append(RailRow(event, year, heading, attached))
        if not attached:
            last_year, last_group = day.year, group
    return result
