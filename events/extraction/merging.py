"""When two reports are of one real event. The single rule used within an article, across the
articles of a batch, and (by `events.ingest`) against the events already in the database."""

from __future__ import annotations

from dataclasses import dataclass

from events.extraction.data import DateRange


@dataclass(frozen=True)
class EventKey:
    kind: str
    dates: DateRange
    people: frozenset[str]
    actors: frozenset[str]  # people, organisations and countries
    place: str | None = None


def same_event(a: EventKey, b: EventKey) -> bool:
    """Same kind, one date range inside the other, the same people (one side may name fewer),
    and no conflicting place."""
    if a.kind != b.kind:
        return False
    if not (a.dates.within(b.dates) or b.dates.within(a.dates)):
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.people and b.people:
        return a.people <= b.people or b.people <= a.people
    if a.people or b.people:
        return bool(a.actors & b.actors)
    return a.actors == b.actors or bool(a.actors & b.actors)


def narrower(a: DateRange, b: DateRange) -> DateRange:
    """The more precise of two nested ranges."""
    return a if (a.end - a.start) <= (b.end - b.start) else b
