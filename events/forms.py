"""TimelineFilterForm: the one parser of the query string for every public output (the
timeline, its fragments, the embed, the feeds and the API)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict

from events.extraction.dates import FIXED_ANCHOR, dateparse, period_range
from events.models import Actor, Event, Place, Topic

_PERIOD = re.compile(
    r"^(?:\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
    r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})$"
)
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{1,12})$")
DEFAULT_SIZE = 20
MAX_SIZE = 100


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
        parsed = dateparse(text, FIXED_ANCHOR) if _PERIOD.match(text[:40]) else None
        if parsed is None:
            raise forms.ValidationError(
                f"“{text[:40]}” is not a date: use a year (2021), a month (March 2022 or 2022-03) "
                "or a day (2022-03-24)."
            )
        day, period = parsed
        if re.fullmatch(r"\d{4}-\d{2}", text):
            period = "month"
        span = period_range(day, period)
        return span.end if self.end else span.start


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
    kind = forms.MultipleChoiceField(
        label="Kinds",
        choices=Event.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actor = forms.ModelMultipleChoiceField(
        label="Actors",
        queryset=Actor.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), to_field_name="slug", required=False, empty_label="Any topic"
    )
    place = forms.ModelChoiceField(
        queryset=Place.objects.all(), to_field_name="slug", required=False, empty_label="Any place"
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
