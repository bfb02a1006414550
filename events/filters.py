"""The timeline's filters, declared once: each query-string parameter's form field (parsing and
validation), what it does to the query, its part of the cache key, its OpenAPI description and
whether embed code keeps it. The form, the selectors, the API document and the embed code all
read PARAMETERS; nothing else lists the filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models

from events import dataversion
from events.extraction.dates import FIXED_ANCHOR, dateparse, period_range
from events.models import Actor, Event, EventQuerySet, Place, Topic

DEFAULT_SIZE = 20
MAX_SIZE = 100
# No parameter may be given more often than this (README, "The public timeline"): more values
# only make a costlier query, never a more useful one.
MAX_VALUES = 20

_PERIOD = re.compile(
    r"^(?:\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
    r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})$"
)
_NUMERIC = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# The numeric forms of a period as a regular expression (for the OpenAPI document; the API also
# reads month names, "March 2022", which it describes in words). Which days a month has, and a
# period whose end is before its start, are checked by the form, not by the pattern.
_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_DAY = f"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
NUMERIC_DAY = f"{_YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{1,12})$")


@dataclass(frozen=True)
class Cursor:
    """Where a page of the timeline ends: the last event's sort date (Event.sort_date) and id."""

    date: dt.date
    pk: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()}_{self.pk}"

    @classmethod
    def after(cls, event: Event) -> Cursor:
        assert event.sort_date is not None
        return cls(event.sort_date, event.pk)

    @classmethod
    def parse(cls, text: str) -> Cursor | None:
        """The cursor `str()` wrote, or None for any other text."""
        match = _CURSOR.match(text)
        if match is None:
            return None
        try:
            return cls(dt.date.fromisoformat(match.group(1)), int(match.group(2)))
        except ValueError:
            return None


class PeriodField(forms.Field):
    """A day, a month or a year: "2022-03-24", "March 2022", "2022-03", "2021"; cleaned to the
    first day of the period (or the last, for an end)."""

    def __init__(self, *, end: bool, **kwargs: Any) -> None:
        self.end = end
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()
        if not text:
            return None
        parsed = self.parse_numeric(text) if _NUMERIC.match(text) else None
        if parsed is None and not _NUMERIC.match(text) and _PERIOD.match(text[:40]):
            parsed = dateparse(text, FIXED_ANCHOR)
        if parsed is None:
            raise forms.ValidationError(
                f"“{text[:40]}” is not a date: use a year (2021), a month (March 2022 or 2022-03) "
                "or a day (2022-03-24)."
            )
        day, period = parsed
        span = period_range(day, period)
        return span.end if self.end else span.start

    @staticmethod
    def parse_numeric(text: str) -> tuple[dt.date, str] | None:
        """2021, 2021-03, 2021-03-24, read strictly: month 13 or day 30 of February is no
        date (the general parser read "2021-13" as June 2021)."""
        parts = [int(p) for p in text.split("-")]
        year, month, day_of_month = [*parts, 1, 1][:3]
        try:
            day = dt.date(year, month, day_of_month)
        except ValueError:
            return None
        return day, ("year", "month", "day")[len(parts) - 1]


class CursorField(forms.CharField):
    """The `after` parameter: a cursor this site wrote in a "more" link."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=40, widget=forms.HiddenInput, **kwargs)

    def clean(self, value: Any) -> Cursor | None:
        text = super().clean(value)
        if not text:
            return None
        cursor = Cursor.parse(text)
        if cursor is None:
            raise forms.ValidationError("This page cursor is not one this site made.")
        return cursor


def _same(value: Any) -> Any:
    return value


def _listed(value: Any) -> list:
    return list(value or [])


@dataclass(frozen=True)
class Parameter:
    """One query-string parameter of the public timeline, and everything that follows from it."""

    name: str  # in the query string
    attribute: str  # on TimelineFilters
    description: str  # for API users (the OpenAPI document)
    field: Callable[[], forms.Field]  # parses and validates it
    convert: Callable[[Any], Any] = _same  # cleaned value -> TimelineFilters attribute
    # What it does to the published events (given a value); None for a parameter that orders
    # or pages rather than chooses events: only choosing parameters make the cache key and
    # `TimelineFilters.active`.
    narrow: Callable[[EventQuerySet, Any], EventQuerySet] | None = None
    paging: bool = False  # which page, not which view: left out of embeds and TimelineJS
    many: bool = False  # may be repeated
    integer: bool = False
    # The JSON Schema of a value beyond its type: enums, bounds, patterns (a callable: some
    # enums are what published events name). An empty value is always accepted: it means the
    # parameter is not given (a submitted form sends every field).
    values: Callable[[], dict[str, Any]] | None = None

    def openapi(self) -> dict[str, Any]:
        """The parameter as OpenAPI 3.1 describes a query parameter."""
        schema: dict[str, Any] = {"type": "integer" if self.integer else "string"}
        if self.values is not None:
            schema |= self.values()
        if "enum" in schema:
            schema["enum"] = ["", *schema["enum"]]
        elif self.integer:
            schema = {"anyOf": [schema, {"const": ""}]}
        if self.many:
            schema = {"type": "array", "items": schema, "maxItems": MAX_VALUES}
        described = {"name": self.name, "in": "query", "description": self.description,
                     "schema": schema}  # fmt: skip
        return {**described, "explode": True} if self.many else described


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "kind", "kinds", "Event kinds (repeat for several).",
        lambda: forms.MultipleChoiceField(
            label="Kinds", choices=Event.Kind.choices, required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
        convert=_listed, narrow=lambda qs, kinds: qs.of_kinds(kinds), many=True,
        values=lambda: {"enum": list(Event.Kind.values)},
    ),
    # Only what published events name is offered (or accepted): not the reference people no
    # published event mentions, nor actors, topics or places only drafts name.
    Parameter(
        "actor", "actors", "Actor slugs: events with every one of them (repeat for several).",
        lambda: forms.ModelMultipleChoiceField(
            label="Actors", queryset=Actor.objects.with_published_events(),
            to_field_name="slug", required=False, widget=forms.CheckboxSelectMultiple,
        ),
        convert=_listed, narrow=lambda qs, actors: qs.with_actors([a.slug for a in actors]),
        many=True, values=lambda: {"enum": _published_slugs(Actor)},
    ),
    Parameter(
        "topic", "topic", "A topic slug.",
        lambda: forms.ModelChoiceField(
            queryset=Topic.objects.with_published_events(), to_field_name="slug",
            required=False, empty_label="Any topic",
        ),
        narrow=lambda qs, topic: qs.on_topic(topic.slug),
        values=lambda: {"enum": _published_slugs(Topic)},
    ),
    Parameter(
        "place", "place", "A place slug.",
        lambda: forms.ModelChoiceField(
            queryset=Place.objects.with_published_events(), to_field_name="slug",
            required=False, empty_label="Any place",
        ),
        narrow=lambda qs, place: qs.at_place(place.slug),
        values=lambda: {"enum": _published_slugs(Place)},
    ),
    Parameter(
        "from", "date_from", "Start of the period: 2021, March 2022, 2022-03 or 2022-03-24.",
        lambda: PeriodField(end=False, label="From"),
        narrow=lambda qs, day: qs.in_range(day, None),
        values=lambda: {"pattern": f"^(|{NUMERIC_DAY})$"},
    ),
    Parameter(
        "to", "date_to", "End of the period, in the same forms.",
        lambda: PeriodField(end=True, label="To"),
        narrow=lambda qs, day: qs.in_range(None, day),
        values=lambda: {"pattern": f"^(|{NUMERIC_DAY})$"},
    ),
    Parameter(
        "q", "q", "Words in titles, summaries or quotes.",
        lambda: forms.CharField(label="Search", max_length=200, required=False, strip=True),
        convert=lambda text: text or "", narrow=lambda qs, text: qs.search(text),
        values=lambda: {"maxLength": 200},
    ),
    Parameter(
        "order", "oldest_first", "newest (default) or oldest.",
        lambda: forms.ChoiceField(
            choices=[("newest", "Newest first"), ("oldest", "Oldest first")], required=False
        ),
        convert=lambda order: order == "oldest",
        values=lambda: {"enum": ["newest", "oldest"]},
    ),
    Parameter(
        "size", "size", f"Events per page, 1 to {MAX_SIZE} (default {DEFAULT_SIZE}).",
        lambda: forms.IntegerField(
            required=False, min_value=1, max_value=MAX_SIZE, widget=forms.HiddenInput
        ),
        convert=lambda size: size or DEFAULT_SIZE, paging=True, integer=True,
        values=lambda: {"minimum": 1, "maximum": MAX_SIZE},
    ),
    Parameter(
        "after", "after", "The cursor from the previous page's `next` link.", CursorField,
        paging=True, values=lambda: {"pattern": rf"^(|{_DAY}_[0-9]{{1,12}})$"},
    ),
)  # fmt: skip

NARROWING = tuple(p for p in PARAMETERS if p.narrow is not None)
# What embed code, oEmbed and the TimelineJS export keep of a timeline's query string: the view,
# not the page of it.
EMBED_PARAMETERS = tuple(p.name for p in PARAMETERS if not p.paging)


def form_fields() -> dict[str, forms.Field]:
    """A fresh form field for each parameter, by parameter name."""
    return {p.name: p.field() for p in PARAMETERS}


def crowded(data: Mapping[str, list[str]]) -> dict[str, str]:
    """Parameter -> error, for each given more than MAX_VALUES times (checked before any field
    is cleaned, so that no field reads more than MAX_VALUES values)."""
    return {
        name[:40]: f"at most {MAX_VALUES} values per parameter ({len(values)} given)."
        for name, values in data.items()
        if len(values) > MAX_VALUES
    }


def range_error(cleaned: Mapping[str, Any]) -> str | None:
    """What is wrong with the period as a whole, if anything."""
    start, end = cleaned.get("from"), cleaned.get("to")
    if start and end and end < start:
        return "The “to” date is before the “from” date."
    return None


def _published_slugs(model: type[Actor | Topic | Place]) -> list[str]:
    """The slugs a filter accepts: the entries published events name, once per data version."""

    def slugs() -> list[str]:
        return list(model.objects.with_published_events().order_by("slug")
                    .values_list("slug", flat=True))  # fmt: skip

    return dataversion.computed(f"published-slugs:{model.__name__}", slugs)


def openapi_parameters(*, paging: bool = True) -> list[dict[str, Any]]:
    """The OpenAPI description of the parameters (without `size` and `after` when not paging)."""
    return [p.openapi() for p in PARAMETERS if paging or not p.paging]


def _key_part(value: Any) -> Any:
    """A value as plain data for the cache key: a model row by its primary key."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_key_part(v) for v in value]
    return value


@dataclass(frozen=True)
class TimelineFilters:
    """What a reader asked for, validated: one attribute per parameter of PARAMETERS."""

    kinds: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    topic: Topic | None = None
    place: Place | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    oldest_first: bool = False
    size: int = DEFAULT_SIZE
    after: Cursor | None = None

    @classmethod
    def from_cleaned(cls, cleaned: Mapping[str, Any]) -> TimelineFilters:
        """The filters from a valid form's cleaned data."""
        return cls(**{p.attribute: p.convert(cleaned.get(p.name)) for p in PARAMETERS})

    @property
    def active(self) -> bool:
        """Whether any parameter narrows the timeline (ordering and paging do not)."""
        return any(getattr(self, p.attribute) for p in NARROWING)

    def apply(self, events: EventQuerySet) -> EventQuerySet:
        """The one place where the timeline's filters become a query."""
        for parameter in NARROWING:
            value = getattr(self, parameter.attribute)
            if value:
                assert parameter.narrow is not None
                events = parameter.narrow(events, value)
        return events

    def cache_key(self) -> str:
        """Which events the filters choose, as text: equal for equal choices, whatever the
        order or page (every narrowing parameter is in it; nothing else is)."""
        return repr([(p.name, _key_part(getattr(self, p.attribute))) for p in NARROWING])
