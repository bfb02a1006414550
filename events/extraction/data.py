"""The extraction package's values: frozen dataclasses, no behaviour beyond small helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "week", "month", "year"]
PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    precision: Precision

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"date range ends before it starts: {self.start} > {self.end}")

    def shifted(self, days: int) -> DateRange:
        delta = dt.timedelta(days=days)
        return DateRange(self.start + delta, self.end + delta, self.precision)

    def within(self, other: DateRange) -> bool:
        return other.start <= self.start and self.end <= other.end

    def overlaps(self, other: DateRange) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text."""

    file_name: str
    title: str = ""
    publisher: str = ""
    kind: str = "news"
    url: str = ""
    published: dt.date | None = None
    published_inferred: bool = False
    language: str = "en"  # the code of the language bundle that reads it


@dataclass(frozen=True)
class Region:
    """A span of the cleaned text kept out of event detection, and why."""

    start: int
    end: int
    reason: Literal["caption", "credit", "title", "heading"]


@dataclass(frozen=True)
class CleanText:
    """Cleaned text, the original offset of each of its characters, and excluded regions."""

    text: str
    origin: tuple[int, ...]
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True)
class Article:
    meta: ArticleMeta
    original: str
    clean: CleanText

    @property
    def text(self) -> str:
        return self.clean.text


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    excluded: str | None = None  # the Region reason, when kept out of detection
    after_heading: bool = False  # first sentence after a section heading


@dataclass(frozen=True)
class Term:
    """A term of office: who held `office` ("head_of_government") for `country` (an ISO code,
    "NATO" or "EU") from `start` to `end` (None: still in office)."""

    office: str
    title: str
    country: str
    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Entity:
    """A gazetteer entry as the extractor sees it. `country` is an ISO 3166 alpha-2 code: a
    person's country, a place's country, or a country's own code."""

    name: str
    category: Literal["person", "organisation", "country", "place", "topic"]
    names: tuple[str, ...]
    role: str = ""
    country: str = ""
    terms: tuple[Term, ...] = ()
    # names it went by before ("Turkey"): a report keeps the one its article uses
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownMeeting:
    """A meeting of a calendar of known events: every NATO summit, G7 summit, ... Two are the
    same meeting when their series, place and days agree (names and aliases may differ)."""

    series: str
    name: str = field(compare=False)
    place: str = ""
    country: str = field(default="", compare=False)
    start: dt.date = dt.date.min
    end: dt.date = dt.date.min
    aliases: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Mention:
    entity: Entity
    start: int
    end: int
    via: Literal["name", "pronoun", "nominal", "group"] = "name"


@dataclass(frozen=True)
class Citation:
    source: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class EventCandidate:
    kind: str
    dates: DateRange
    title: str
    summary: str
    participants: tuple[str, ...]
    location: str | None
    topics: tuple[str, ...]
    confidence: float
    citations: tuple[Citation, ...]
    parent: int | None = None  # index of the parent in the same result list
    rules: tuple[str, ...] = ()  # the trigger rules that found it
    # the category of each participant ("person", "country", "organisation"), in order
    participant_kinds: tuple[str, ...] = ()
    planned: bool = False  # spoken of as still to come when the article was written
    occasion: KnownMeeting | None = None  # the calendar's meeting it is (a summit)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "date_from": self.dates.start.isoformat(),
            "date_to": self.dates.end.isoformat(),
            "date_precision": self.dates.precision,
            "title": self.title,
            "summary": self.summary,
            "participants": list(self.participants),
            "participant_kinds": list(self.participant_kinds),
            "location": self.location,
            "topics": list(self.topics),
            "confidence": round(self.confidence, 2),
            "parent": self.parent,
            "planned": self.planned,
            "occasion": self._occasion_json(),
            "rules": list(self.rules),
            "citations": [
                {"source": c.source, "quote": c.quote, "start": c.start, "end": c.end}
                for c in self.citations
            ],
        }

    def _occasion_json(self) -> dict[str, str] | None:
        if self.occasion is None:
            return None
        meeting = self.occasion
        return {
            "name": meeting.name,
            "place": meeting.place,
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
        }
