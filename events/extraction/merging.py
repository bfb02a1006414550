"""When two reports are of one real event. The single rule used within an article, across the
articles of a batch, and (by `events.ingest`) against the events already in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from events.extraction.data import DateRange, Entity, KnownMeeting
from events.extraction.kinds import BY_NAME, compatible


@dataclass(frozen=True)
class EventKey:
    kind: str
    dates: DateRange
    people: frozenset[str]
    actors: frozenset[str]  # people, organisations and countries
    place: str | None = None
    occasion: KnownMeeting | None = None  # the calendar's meeting, for a summit
    sources: frozenset[str] = frozenset()  # the articles reporting it
    # the countries (ISO codes) its actors are or belong to: "Britain and Germany" and
    # "Starmer and Merz" signing on one day are one signing
    countries: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        kind: str,
        dates: DateRange,
        actors: Iterable[Entity],
        place: str | None = None,
        occasion: KnownMeeting | None = None,
        sources: Iterable[str] = (),
    ) -> EventKey:
        """The key of a report from its extracted participants: who is a person, and the
        countries they are or belong to, are read here only."""
        actors = list(actors)
        return cls(
            kind,
            dates,
            frozenset(a.name for a in actors if a.category == "person"),
            frozenset(a.name for a in actors),
            place,
            occasion,
            frozenset(sources),
            frozenset(
                a.country for a in actors if a.country and a.category in ("person", "country")
            ),
        )


def same_event(a: EventKey, b: EventKey) -> bool:
    """The same kind (or, reported by different articles, compatible kinds: a call and talks, an
    accession and its agreement), one date range inside the other, the same people (one side may
    name fewer), and no conflicting place. Two reports of one known meeting (a summit) are one
    event whatever days each speaks of."""
    if a.occasion is not None and b.occasion is not None:
        return a.occasion == b.occasion and compatible(a.kind, b.kind)
    if not _kinds_agree(a, b):
        return False
    if not (a.dates.within(b.dates) or b.dates.within(a.dates)):
        return False
    if a.place and b.place and a.place != b.place:
        return False
    return _participants_agree(a, b)


def _kinds_agree(a: EventKey, b: EventKey) -> bool:
    """One article names one event one way; another may call the same talks a call."""
    return a.kind == b.kind or (not a.sources & b.sources and compatible(a.kind, b.kind))


def _participants_agree(a: EventKey, b: EventKey) -> bool:
    if a.people and b.people:
        return a.people <= b.people or b.people <= a.people
    if not (a.actors and b.actors):
        # a report that names nobody, from another article, of the same kind (and, against one
        # naming people, of the same week)
        other_articles = bool(a.sources and b.sources and not a.sources & b.sources)
        close = _within_a_week(a.dates, b.dates) or not (a.people or b.people)
        # compatible kinds (a treaty's signing and the alliance's founding) only on one same day
        alike = a.kind == b.kind or _one_same_day(a.dates, b.dates)
        return other_articles and alike and close
    if a.actors & b.actors:
        return True
    # "Britain and Germany signed" and "Starmer and Merz signed": the same countries
    return bool(a.people or b.people) and bool(a.countries) and a.countries == b.countries


def _one_same_day(a: DateRange, b: DateRange) -> bool:
    return a.start == a.end == b.start == b.end


def _within_a_week(*ranges: DateRange) -> bool:
    return all((r.end - r.start).days < 7 for r in ranges)


def hull(a: DateRange, b: DateRange) -> DateRange:
    """The smallest range covering both."""
    return DateRange(min(a.start, b.start), max(a.end, b.end), "day")


def narrower(a: DateRange, b: DateRange) -> DateRange:
    """The more precise of two nested ranges."""
    return a if (a.end - a.start) <= (b.end - b.start) else b


class MergeIndex[T]:
    """Items filed by kind and by the months their dates touch, so that finding the item that
    reports the same event looks at a few neighbours, not at everything seen so far."""

    MAX_MONTHS = 24  # longer ranges are filed under their first and last months only

    def __init__(self, key: Callable[[T], EventKey]) -> None:
        self.key = key
        self.items: list[T] = []
        self._buckets: dict[tuple[str, int], list[int]] = defaultdict(list)

    @classmethod
    def _months(cls, dates: DateRange) -> list[int]:
        first = dates.start.year * 12 + dates.start.month
        last = dates.end.year * 12 + dates.end.month
        if last - first > cls.MAX_MONTHS:
            return [first, last]
        return list(range(first, last + 1))

    def find(self, key: EventKey) -> T | None:
        """The earliest filed item that `same_event` matches with the key."""
        seen: set[int] = set()
        kinds = [k for k in BY_NAME if compatible(key.kind, k)]
        for month in self._months(key.dates):
            for kind in kinds:
                seen.update(self._buckets.get((kind, month), ()))
        for i in sorted(seen):
            if same_event(self.key(self.items[i]), key):
                return self.items[i]
        return None

    def add(self, item: T) -> None:
        self.items.append(item)
        key = self.key(item)
        for month in self._months(key.dates):
            self._buckets[(key.kind, month)].append(len(self.items) - 1)
