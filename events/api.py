"""The read API: published events as JSON, filtered like the timeline, with cursor pages,
conditional GETs and CORS open for GET. Also the TimelineJS3 export and the OpenAPI document."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import condition, require_GET

from events.forms import MAX_VALUES, TimelineFilterForm
from events.models import Event
from events.timeline import moved_event, published_matching, read_events

View = Callable[..., HttpResponse]


def cors(view: View) -> View:
    """Any site may read the API from a browser (GET only: there is nothing to write)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        return response

    return wrapped


def event_json(event: Event, request: HttpRequest) -> dict[str, Any]:
    """One published event as the API, the JSON feed and the embed code describe it."""
    return {
        "slug": event.slug,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "title": event.title,
        "kind": event.kind,
        "date_from": event.date_from.isoformat() if event.date_from else None,
        "date_to": event.date_to.isoformat() if event.date_to else None,
        "date_precision": event.date_precision,
        "date_label": event.date_label(),
        "planned": event.planned,
        "summary": event.summary,
        "participants": [
            {"name": a.name, "slug": a.slug, "kind": a.kind} for a in event.participants.all()
        ],
        "place": event.place.name if event.place else None,
        "topics": [t.name for t in event.topics.all()],
        "parent": event.parent.slug
        if event.parent and event.parent.status == Event.Status.PUBLISHED
        else None,
        "citations": [
            {
                "quote": c.quote,
                "source": {
                    "title": c.source.title,
                    "publisher": c.source.publisher,
                    "published": c.source.published.isoformat() if c.source.published else None,
                    "url": c.source.url or None,
                },
                "passage_url": request.build_absolute_uri(c.get_absolute_url()),
            }
            for c in event.citations.all()
        ],
        "updated": event.updated.isoformat(),
    }


def bad_request(form: TimelineFilterForm) -> JsonResponse:
    return JsonResponse({"errors": form.error_list()}, status=400)


def _filtered_state(request: HttpRequest) -> tuple[str | None, datetime | None]:
    """The ETag and Last-Modified of what a filtered request would return (read once per
    request: `condition` asks for both)."""
    if not hasattr(request, "_timeline_state"):
        form = TimelineFilterForm(request.GET)
        state: tuple[str | None, datetime | None] = (None, None)
        if form.is_valid():
            found = published_matching(form.filters()).aggregate(
                latest=Max("updated"), n=Count("pk")
            )
            described = f"{request.get_full_path()}|{found['n']}|{found['latest']}"
            state = (hashlib.sha256(described.encode()).hexdigest()[:32], found["latest"])
        request._timeline_state = state  # type: ignore[attr-defined]
    return request._timeline_state  # type: ignore[attr-defined]


def list_etag(request: HttpRequest, *args: Any) -> str | None:
    return _filtered_state(request)[0]


def list_last_modified(request: HttpRequest, *args: Any) -> datetime | None:
    return _filtered_state(request)[1]


@require_GET
@cors
@condition(etag_func=list_etag, last_modified_func=list_last_modified)
def events(request: HttpRequest) -> HttpResponse:
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        return bad_request(form)
    page, next_cursor = read_events(form.filters())
    next_url = None
    if next_cursor is not None:
        query = form.query_with(after=next_cursor)
        next_url = request.build_absolute_uri(f"{reverse('api:events')}?{query}")
    return JsonResponse({"events": [event_json(e, request) for e in page], "next": next_url})


def _event_state(request: HttpRequest, slug: str) -> Event | None:
    return Event.objects.published().filter(slug=slug).only("updated", "version").first()


@require_GET
@cors
@condition(
    etag_func=lambda r, slug: (e := _event_state(r, slug)) and f"{e.pk}-{e.version}",
    last_modified_func=lambda r, slug: (e := _event_state(r, slug)) and e.updated,
)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.published().for_timeline().filter(slug=slug).first()
    if event is None:
        return redirect(reverse("api:event", args=[moved_event(slug).slug]), permanent=True)
    return JsonResponse(event_json(event, request))


def _timelinejs_date(day: Any) -> dict[str, str]:
    return {"year": str(day.year), "month": str(day.month), "day": str(day.day)}


@require_GET
@cors
@condition(etag_func=list_etag, last_modified_func=list_last_modified)
def timelinejs(request: HttpRequest) -> HttpResponse:
    """The filtered timeline in Knight Lab TimelineJS3's JSON format."""
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        return bad_request(form)
    filters = form.filters()
    events = published_matching(filters).chronological(oldest_first=True).for_timeline()
    slides = []
    for event in events[:500]:
        assert event.date_from is not None and event.date_to is not None
        quotes = "".join(
            f"<blockquote>{_escape(c.quote)}</blockquote><p>{_escape(c.source.publisher)}, "
            f"“{_escape(c.source.title)}”</p>"
            for c in event.citations.all()
        )
        slide: dict[str, Any] = {
            "unique_id": event.slug,
            "start_date": _timelinejs_date(event.date_from),
            "display_date": event.date_label(),
            "group": event.get_kind_display(),
            "text": {
                "headline": f'<a href="{request.build_absolute_uri(event.get_absolute_url())}">'
                f"{_escape(event.title)}</a>",
                "text": f"<p>{_escape(event.summary)}</p>{quotes}",
            },
        }
        if event.date_to != event.date_from:
            slide["end_date"] = _timelinejs_date(event.date_to)
        slides.append(slide)
    return JsonResponse(
        {
            "title": {
                "text": {
                    "headline": "NATO Timeline",
                    "text": "<p>Transatlantic diplomacy, cited to the sentence.</p>",
                }
            },
            "events": slides,
        }
    )


def _escape(text: str) -> str:
    from html import escape

    return escape(text or "")


@require_GET
@cors
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description of this API."""
    filters = [
        _param("kind", "Event kinds (repeat for several).", array=True),
        _param("actor", "Actor slugs: events with every one of them (repeat for several).",
               array=True),
        _param("topic", "A topic slug."),
        _param("place", "A place slug."),
        _param("from", "Start of the period: 2021, March 2022, 2022-03 or 2022-03-24."),
        _param("to", "End of the period, in the same forms."),
        _param("q", "Words in titles, summaries or quotes."),
        _param("order", "newest (default) or oldest."),
        _param("size", "Events per page, 1 to 100 (default 20).", integer=True),
        _param("after", "The cursor from the previous page's `next` link."),
    ]  # fmt: skip
    document = {
        "openapi": "3.1.0",
        "info": {"title": "NATO Timeline API", "version": "1",
                 "description": "Published events only. GET only; CORS is open. Responses "
                 "carry ETag and Last-Modified and answer conditional requests with 304. "
                 f"No parameter may be given more than {MAX_VALUES} times (400)."},
        "servers": [{"url": request.build_absolute_uri("/")}],
        "paths": {
            "/api/events": {"get": {"summary": "Events, newest first, one page at a time",
                                    "parameters": filters, "responses": _responses("EventPage")}},
            "/api/events/{slug}": {"get": {
                "summary": "One event",
                "parameters": [{"name": "slug", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": _responses("Event")}},
            "/api/timelinejs": {"get": {
                "summary": "The filtered events in Knight Lab TimelineJS3 JSON (up to 500)",
                "parameters": filters[:8],
                "responses": {"200": {"description": "TimelineJS3 JSON"}}}},
        },
        "components": {"schemas": {
            "EventPage": {"type": "object", "properties": {
                "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                "next": {"type": ["string", "null"], "format": "uri"}}},
            "Event": {"type": "object", "properties": {
                "slug": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "kind": {"enum": [k for k, _ in Event.Kind.choices]},
                "date_from": {"type": "string", "format": "date"},
                "date_to": {"type": "string", "format": "date"},
                "date_precision": {"enum": [p for p, _ in Event.Precision.choices]},
                "date_label": {"type": "string"},
                "planned": {"type": "boolean", "description": "The sources spoke of the "
                            "event as still to come; a later report of the event clears it."},
                "summary": {"type": "string"},
                "participants": {"type": "array", "items": {"type": "object"}},
                "place": {"type": ["string", "null"]},
                "topics": {"type": "array", "items": {"type": "string"}},
                "parent": {"type": ["string", "null"]},
                "citations": {"type": "array", "items": {"type": "object"}},
                "updated": {"type": "string", "format": "date-time"}}},
            "Errors": {"type": "object", "properties": {
                "errors": {"type": "array", "items": {"type": "string"}}}},
        }},
    }  # fmt: skip
    return JsonResponse(document)


def _param(name: str, description: str, array: bool = False, integer: bool = False) -> dict:
    schema: dict[str, Any] = {"type": "integer"} if integer else {"type": "string"}
    if array:
        schema = {"type": "array", "items": schema, "maxItems": MAX_VALUES}
    return {"name": name, "in": "query", "description": description, "schema": schema,
            **({"explode": True} if array else {})}  # fmt: skip


def _responses(schema: str) -> dict[str, Any]:
    return {
        "200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"}}}},
        "304": {"description": "Not modified (If-None-Match or If-Modified-Since)"},
        "400": {"description": "A parameter is not valid", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Errors"}}}},
        "404": {"description": "No such published event"},
    }  # fmt: skip
