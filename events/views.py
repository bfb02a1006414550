"""Public pages: published events only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from events.models import Actor, Event, Source


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    events = Event.objects.published().for_timeline()
    return render(request, "events/timeline.html", {"events": events})


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().for_timeline(), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})


@require_GET
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    events = Event.objects.published().with_actors([slug]).for_timeline()
    return render(request, "events/actor_detail.html", {"actor": actor, "events": events})


@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    events = Event.objects.published().filter(citations__source=source).distinct().for_timeline()
    return render(request, "events/source_detail.html", {"source": source, "events": events})
