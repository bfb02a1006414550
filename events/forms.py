"""TimelineFilterForm: the one parser of the query string for every public output (the
timeline, its fragments, the embed, the feeds and the API), built from events.filters; the
embed's and oEmbed's forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property, wraps
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict

from events import filters as timeline_filters
from events.filters import EMBED_PARAMETERS, MAX_VALUES, TimelineFilters
from events.models import Event

__all__ = ["MAX_VALUES", "EmbedForm", "OEmbedForm", "TimelineFilterForm"]

# The fields come from events.filters.PARAMETERS, where they are declared once.
TimelineFilterFields = type("TimelineFilterFields", (forms.Form,), timeline_filters.form_fields())


class TimelineFilterForm(TimelineFilterFields):  # type: ignore[valid-type,misc]
    """A public output's query string, parsed and validated: TimelineFilterForm(request.GET)."""

    def full_clean(self) -> None:
        # An empty value is a parameter not given, for repeated parameters as for the others
        # (`kind=&actor=`; the HTTP cache's normalised query drops them too).
        repeated = [p.name for p in timeline_filters.PARAMETERS if p.many]
        if any(not v.strip() for name in repeated for v in self.data.getlist(name)):
            self.data = self.data.copy()
            for name in repeated:
                self.data.setlist(name, [v for v in self.data.getlist(name) if v.strip()])
        # Checked before any field is cleaned: a field never reads more than MAX_VALUES values.
        crowded = timeline_filters.crowded(dict(self.data.lists()))
        if not crowded:
            return super().full_clean()
        self.cleaned_data = {}
        self._errors = ErrorDict()
        for name, message in crowded.items():
            self._errors.setdefault(name, self.error_class()).append(message)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        problem = timeline_filters.range_error(data)
        if problem:
            raise forms.ValidationError(problem)
        return data

    def filters(self) -> TimelineFilters:
        """The validated filters; call after is_valid()."""
        return TimelineFilters.from_cleaned(self.cleaned_data)

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

    def checkboxes(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, checked) for a multiple-choice field of fixed choices: the page renders
        them itself, which is many times cheaper than one widget template per option. (Actors
        are offered by views.actor_picker: the most frequent and the chosen, not all.)"""
        chosen = set(self.data.getlist(name))
        options = [(str(value), str(label)) for value, label in self.fields[name].choices]
        return [(value, label, value in chosen) for value, label in options]

    def query_with(self, **params: object) -> str:
        """The current query string with parameters set (None removes one)."""
        data = self.data.copy()
        for name, value in params.items():
            data.pop(name, None)
            if value is not None:
                data[name] = str(value)
        return data.urlencode()

    def query_only(self, names: tuple[str, ...]) -> str:
        """The current query string with only the named parameters."""
        data = self.data.copy()
        for name in list(data):
            if name not in names:
                data.pop(name)
        return data.urlencode()

    def query_without(self, *names: str) -> str:
        """The current query string less the named parameters (for links that change them)."""
        data = self.data.copy()
        for name in names:
            data.pop(name, None)
        return data.urlencode()


def with_filters(
    refuse: Callable[[TimelineFilterForm], HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Parse-or-400 for a view of the filtered timeline: the view is called as
    view(request, form, ...) with a valid TimelineFilterForm; invalid filters get
    refuse(form), which says what is wrong (a 400)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            form = TimelineFilterForm(request.GET)
            if not form.is_valid():
                return refuse(form)
            return view(request, form, *args, **kwargs)

        return wrapped

    return decorate


class EmbedForm(TimelineFilterForm):
    """The timeline's filters plus how an embedded timeline looks."""

    limit = forms.IntegerField(required=False, min_value=1, max_value=50)
    theme = forms.ChoiceField(
        choices=[("auto", "Auto"), ("light", "Light"), ("dark", "Dark")], required=False
    )
    compact = forms.BooleanField(required=False)
    # list: the entries; rail: the dated rail of the timeline page; strip: markers on a time
    # axis with the chosen event's card below.
    layout = forms.ChoiceField(
        choices=[("list", "List"), ("rail", "Rail"), ("strip", "Strip")], required=False
    )

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
            query = filters.query_only(EMBED_PARAMETERS)
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
