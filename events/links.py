"""The query strings of the timeline's links: the normalised URL of a filter set (only the
fields that are set), and the links that take one filter away (the active-filter chips)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import QueryDict

from events.models import Event, Place, Topic

if TYPE_CHECKING:
    from events.filters import TimelineFilters

# A field at its default value is not set: the form always submits the order select.
DEFAULTS = {"order": "newest"}


def normalised(query: QueryDict) -> QueryDict:
    """The query with empty fields and defaults left out, in the order given."""
    clean = QueryDict(mutable=True)
    for name, values in query.lists():
        kept = [v for v in values if v.strip() and DEFAULTS.get(name) != v]
        if kept:
            clean.setlist(name, kept)
    return clean


def without(query: QueryDict, *names: str) -> str:
    """The normalised query string less the named parameters (for links that set them)."""
    clean = normalised(query)
    for name in names:
        clean.pop(name, None)
    return clean.urlencode()


def needs_normalising(query: QueryDict) -> bool:
    return normalised(query).urlencode() != query.urlencode()


@dataclass(frozen=True)
class Chip:
    """An active filter, shown as a link that removes it."""

    label: str
    query: str  # the query string without this filter

    @property
    def href(self) -> str:
        """The link relative to the timeline's path."""
        return f"?{self.query}" if self.query else ""


FILTERS = ("q", "kind", "actor", "topic", "place", "from", "to")
TITLES = {"q": "Search", "from": "From", "to": "To"}


def chip_labels(filters: TimelineFilters) -> dict[str, dict[str, str]]:
    """The names readers know the chosen values by: kinds' labels, actors' names."""
    named = [a for a in (filters.topic, filters.place) if a is not None]
    return {
        "kind": {str(value): str(label) for value, label in Event.Kind.choices},
        "actor": {actor.slug: actor.name for actor in filters.actors},
        "topic": {t.slug: f"Topic: {t.name}" for t in named if isinstance(t, Topic)},
        "place": {p.slug: f"Place: {p.name}" for p in named if isinstance(p, Place)},
    }


def chips(query: QueryDict, labels: dict[str, dict[str, str]]) -> list[Chip]:
    """One chip per set value of a filter (not the order or the page), whose link is the
    query without it; `labels` names the values: {"kind": {"call": "Call"}, ...}."""
    clean = normalised(query)
    for name in ("after", "size"):
        clean.pop(name, None)
    found = []
    start, end = clean.get("from"), clean.get("to")
    for name, values in clean.lists():
        if name not in FILTERS:
            continue
        if name in ("from", "to") and start and end:
            # One period, one chip: removing it removes both ends.
            if name == "from":
                rest = clean.copy()
                rest.pop("from")
                rest.pop("to")
                label = start if start == end else f"{start} – {end}"
                found.append(Chip(label, rest.urlencode()))
            continue
        for value in values:
            rest = clean.copy()
            rest.setlist(name, [v for v in values if v != value])
            if not rest.getlist(name):
                rest.pop(name)
            named = labels.get(name, {}).get(value)
            label = named or f"{TITLES.get(name, name.title())}: {value}"
            found.append(Chip(label, rest.urlencode()))
    return found
