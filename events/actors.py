"""Reads for an actor's page: whom the actor met most often, and the first and last event."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q

from events.models import Actor, Event, EventQuerySet, PublishedActor


@dataclass(frozen=True)
class Companion:
    actor: Actor
    count: int  # published events both take part in


def companions(actor: Actor, limit: int = 8) -> list[Companion]:
    """The actors who share the most published events with `actor`, most first."""
    shared = Event.objects.published().filter(participants=actor).values("pk")
    rows = (
        Actor.objects.filter(events__in=shared)
        .exclude(pk=actor.pk)
        .annotate(n=Count("events", distinct=True))
        .order_by("-n", "name")[:limit]
    )
    return [Companion(row, row.n) for row in rows]


def first_and_last(events: EventQuerySet) -> tuple[Event | None, Event | None]:
    """The earliest and the latest of the events (by the first day each may have happened)."""
    ordered = events.order_by("date_from", "pk").only("slug", "title", "date_from", "date_to",
                                                      "date_precision")  # fmt: skip
    return ordered.first(), ordered.order_by("-date_from", "-pk").first()


# The filter form offers the chosen actors and these many of the most frequent; the others
# are found by name (search as you type, or the plain list at /actors/).
OFFERED = 12
FOUND = 20


@dataclass(frozen=True)
class Option:
    slug: str
    name: str
    checked: bool


def most_frequent(limit: int = OFFERED) -> list[tuple[str, str]]:
    """(slug, name) of the actors most published events name, most first."""
    if connection.vendor == "postgresql":
        # The counts triggers keep (migration 0016): a few hundred rows, not a count of every
        # participation (2.5 million at a million events).
        kept = PublishedActor.objects.filter(n__gt=0).order_by("-n", "actor__name")
        return list(kept.values_list("actor__slug", "actor__name")[:limit])
    rows = (
        Actor.objects.filter(events__status=Event.Status.PUBLISHED)
        .values("slug", "name")
        .annotate(n=Count("events"))
        .order_by("-n", "name")[:limit]
    )
    return [(row["slug"], row["name"]) for row in rows]


_SLUG = re.compile(r"[-\w]+")


def offered(chosen: list[str], frequent: list[tuple[str, str]]) -> list[Option]:
    """The chosen actors (ticked) and then the frequent ones not chosen: what the form lists
    before anyone searches. Unknown slugs are not offered (the form reports them)."""
    slugs = [c for c in chosen[:50] if _SLUG.fullmatch(c)]  # no NUL or other junk to the database
    picked = Actor.objects.with_published_events().filter(slug__in=slugs).order_by("name")
    options = [Option(a.slug, a.name, True) for a in picked]
    taken = {o.slug for o in options}
    return options + [Option(s, n, False) for s, n in frequent if s not in taken]


def named_like(text: str, limit: int | None = FOUND) -> list[Actor]:
    """Actors with published events whose name or aliases contain the text, by name."""
    actors = Actor.objects.with_published_events().only("slug", "name")
    text = text.replace("\x00", "").strip()[:100]  # PostgreSQL text cannot hold NUL
    if text:
        actors = actors.filter(Q(name__icontains=text) | Q(aliases__icontains=text))
    return list(actors.order_by("name")[:limit] if limit else actors.order_by("name"))
