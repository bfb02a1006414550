"""The read API: published events as JSON, filtered like the timeline, with cursor pages,
conditional GETs and CORS open for GET. Also the TimelineJS3 export and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from events import serialize
from events.filters import MAX_VALUES, openapi_parameters
from events.forms import TimelineFilterForm, with_filters
from events.http_cache import API, cached_public
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
    """One published event as the API describes it (events.serialize, with full URLs)."""
    return serialize.event_data(event, request.build_absolute_uri)


def bad_request(form: TimelineFilterForm) -> JsonResponse:
    return JsonResponse({"errors": form.error_list()}, status=400)


@require_GET
@cors
@cached_public(API)
@with_filters(bad_request)
def events(request: HttpRequest, form: TimelineFilterForm) -> HttpResponse:
    page, next_cursor = read_events(form.filters())
    next_url = None
    if next_cursor is not None:
        query = form.query_with(after=next_cursor)
        next_url = request.build_absolute_uri(f"{reverse('api:events')}?{query}")
    return JsonResponse({"events": [event_json(e, request) for e in page], "next": next_url})


@require_GET
@cors
@cached_public(API)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.published().for_timeline().filter(slug=slug).first()
    if event is None:
        moved = moved_event(slug)
        if moved is None:
            raise Http404("No published event here.")
        return redirect(reverse("api:event", args=[moved.slug]), permanent=True)
    return JsonResponse(event_json(event, request))


@require_GET
@cors
@cached_public(API)
@with_filters(bad_request)
def timelinejs(request: HttpRequest, form: TimelineFilterForm) -> HttpResponse:
    """The filtered timeline in Knight Lab TimelineJS3's JSON format."""
    events = published_matching(form.filters()).chronological(oldest_first=True).for_timeline()
    slides = [serialize.timelinejs_slide(event_json(event, request)) for event in events[:500]]
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


@require_GET
@cors
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description of this API."""
    filters = openapi_parameters()
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
                "parameters": openapi_parameters(paging=False),
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


def _responses(schema: str) -> dict[str, Any]:
    return {
        "200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"}}}},
        "304": {"description": "Not modified (If-None-Match or If-Modified-Since)"},
        "400": {"description": "A parameter is not valid", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Errors"}}}},
        "404": {"description": "No such published event"},
    }  # fmt: skip
