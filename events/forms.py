"""TimelineFilterForm: the one parser of the query string for every public output (the
timeline, its fragments, the embed, the feeds and the API)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict

from events.extraction.dates import FIXED_ANCHOR, dateparse, period_range
from events.models import Actor, Event, Place, Topic

_PERIOD = re.compile(
    r"^(?:\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
    r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})$"
)
_NUMERIC = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{1,12})$")
DEFAULT_SIZE = 20
MAX_SIZE = 100
# No parameter may be given more often than this (README, "The public timeline"): more values
# only make a costlier query, never a more useful one.
MAX_VALUES = 20


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


@dataclass(frozen=True)
class Cursor:
    """Where a page of the timeline ends: the last event's start date and id."""

    date: dt.date
    pk: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()}_{self.pk}"

    @classmethod
    def after(cls, event: Event) -> Cursor:
        assert event.date_from is not None
        return cls(event.date_from, event.pk)


@dataclass(frozen=True)
class TimelineFilters:
    """What a reader asked for, validated."""

    kinds: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    topic: Topic | None = None
    place: Place | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    oldest_first: bool = False
    after: Cursor | None = None
    size: int = DEFAULT_SIZE

    @property
    def active(self) -> bool:
        return bool(
            self.kinds or self.actors or self.topic or self.place or self.date_from
            or self.date_to or self.q
        )  # fmt: skip


class TimelineFilterForm(forms.Form):
    # Only what published events name is offered (or accepted): not the reference people no
    # published event mentions, nor actors only drafts name.
    kind = forms.MultipleChoiceField(
        label="Kinds",
        choices=Event.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actor = forms.ModelMultipleChoiceField(
        label="Actors",
        queryset=Actor.objects.with_published_events(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.with_published_events(),
        to_field_name="slug",
        required=False,
        empty_label="Any topic",
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.with_published_events(),
        to_field_name="slug",
        required=False,
        empty_label="Any place",
    )
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)
    order = forms.ChoiceField(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")], required=False
    )
    after = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    size = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_SIZE, widget=forms.HiddenInput
    )

    def __init__(self, query: QueryDict, **kwargs: Any) -> None:
        super().__init__(query, **kwargs)
        # "from" is a Python keyword: these two are added here, not declared above.
        self.fields["from"] = PeriodField(end=False, label="From")
        self.fields["to"] = PeriodField(end=True, label="To")

    def clean_after(self) -> Cursor | None:
        value = self.cleaned_data.get("after")
        if not value:
            return None
        match = _CURSOR.match(value)
        try:
            return Cursor(dt.date.fromisoformat(match.group(1)), int(match.group(2)))  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            raise forms.ValidationError("This page cursor is not one this site made.") from None

    def full_clean(self) -> None:
        # Checked before any field is cleaned: a field never reads more than MAX_VALUES values.
        crowded = {name: len(values) for name, values in self.data.lists()
                   if len(values) > MAX_VALUES}  # fmt: skip
        if not crowded:
            return super().full_clean()
        self.cleaned_data = {}
        self._errors = ErrorDict()
        for name, count in crowded.items():
            message = f"at most {MAX_VALUES} values per parameter ({count} given)."
            self._errors.setdefault(name[:40], self.error_class()).append(message)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            raise forms.ValidationError("The “to” date is before the “from” date.")
        return data

    def filters(self) -> TimelineFilters:
        """The validated filters; call after is_valid()."""
        data = self.cleaned_data
        return TimelineFilters(
            kinds=data.get("kind") or [],
            actors=list(data.get("actor") or []),
            topic=data.get("topic"),
            place=data.get("place"),
            date_from=data.get("from"),
            date_to=data.get("to"),
            q=data.get("q") or "",
            oldest_first=data.get("order") == "oldest",
            after=data.get("after"),
            size=data.get("size") or DEFAULT_SIZE,
        )

    def error_list(self) -> list[str]:
        """Every problem as one sentence naming the parameter."""
        return [
            message if name == "__all__" else f"{name}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        ]

    @cached_property
    def kind_checkboxes(self) -> list[tuple[str, str, bool]]:
        return self.checkboxes("kind")

    @cached_property
    def actor_checkboxes(self) -> list[tuple[str, str, bool]]:
        return self.checkboxes("actor")

    @cached_property
    def actors_chosen(self) -> int:
        return sum(checked for *_, checked in self.actor_checkboxes)

    def checkboxes(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, checked) for a multiple-choice field: the page renders them itself,
        which is many times cheaper than one widget template per option."""
        field = self.fields[name]
        chosen = set(self.data.getlist(name))
        if isinstance(field, forms.ModelMultipleChoiceField):
            options = [(obj.slug, obj.name) for obj in field.queryset]
        else:
            options = [(str(value), str(label)) for value, label in field.choices]
        return [(value, label, value in chosen) for value, label in options]

    def query_with(self, **params: object) -> str:
        """The current query string with parameters set (None removes one)."""
        data = self.data.copy()
        for name, value in params.items():
            data.pop(name, None)
            if value is not None:
                data[name] = str(value)
        return data.urlencode()

    def query_without(self, *names: str) -> str:
        """The current query string less the named parameters (for links that change them)."""
        data = self.data.copy()
        for name in names:
            data.pop(name, None)
        return data.urlencode()


class EmbedForm(TimelineFilterForm):
    """The timeline's filters plus how an embedded timeline looks."""

    limit = forms.IntegerField(required=False, min_value=1, max_value=50)
    theme = forms.ChoiceField(
        choices=[("auto", "Auto"), ("light", "Light"), ("dark", "Dark")], required=False
    )
    compact = forms.BooleanField(required=False)

    def filters(self) -> TimelineFilters:
        limit = self.cleaned_data.get("limit") or 10
        return replace(super().filters(), size=limit, after=None)


class OEmbedForm(forms.Form):
    """An oEmbed request: the URL of one of this site's timeline or event pages."""

    # Not a URLField: its validator refuses hosts without a dot, and the URL must name this
    # site anyway, which `clean` checks.
    url = forms.CharField(max_length=2000)
    format = forms.ChoiceField(choices=[("json", "JSON"), ("xml", "XML")], required=False)
    maxwidth = forms.IntegerField(required=False, min_value=50)
    maxheight = forms.IntegerField(required=False, min_value=50)

    def __init__(self, *args: Any, host: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host = host
        self.target: tuple[str, str] | None = None

    def clean(self) -> dict[str, Any]:
        from urllib.parse import urlsplit

        from django.urls import Resolver404, resolve, reverse

        data = super().clean()
        if data.get("format") == "xml":
            raise forms.ValidationError("Only the JSON format is offered.", code="format")
        url = data.get("url")
        if not url:
            return data
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://[::1": an unclosed IPv6 address
            raise forms.ValidationError("The url is not an http(s) URL.", code="invalid") from None
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise forms.ValidationError("The url is not an http(s) URL.", code="invalid")
        try:
            match = resolve(parts.path) if parts.netloc == self.host else None
        except Resolver404:
            match = None
        if match and match.view_name == "events:timeline":
            filters = TimelineFilterForm(QueryDict(parts.query))
            if not filters.is_valid():
                raise forms.ValidationError("That timeline URL has bad filters.", code="unknown")
            query = filters.query_without("after", "size")
            self.target = (f"{reverse('events:embed')}?{query}", "NATO Timeline")
        elif match and match.view_name == "events:event":
            event = Event.objects.published().filter(slug=match.kwargs["slug"]).first()
            if event is None:
                raise forms.ValidationError("No published event at that URL.", code="unknown")
            self.target = (reverse("events:embed_event", args=[event.slug]), event.title)
        else:
            raise forms.ValidationError("Not a timeline or event URL of this site.", code="unknown")
        return data

    def status(self) -> int:
        """What the oEmbed spec asks for: 501 for an unsupported format, 404 for an URL
        with nothing to embed, 400 for a request that makes no sense."""
        codes = {e.code for errors in self.errors.as_data().values() for e in errors}
        return 501 if "format" in codes else 404 if "unknown" in codes else 400

    def embed(self) -> tuple[str, str]:
        assert self.target is not None
        return self.target

    def size(self, width: int, height: int) -> tuple[int, int]:
        maxwidth = self.cleaned_data.get("maxwidth") or width
        maxheight = self.cleaned_data.get("maxheight") or height
        return min(width, maxwidth), min(height, maxheight)

    def error_list(self) -> list[str]:
        return [m for messages in self.errors.values() for m in messages]
