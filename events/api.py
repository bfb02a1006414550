"""The read API: published events as JSON, filtered like the timeline, with cursor pages,
conditional GETs and CORS open for GET. Also the TimelineJS3 export and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from events import serialize
from events.filters import MAX_VALUES, openapi_parameters
from events.forms import TimelineFilterForm, with_filters
from events.http_cache import API, cached_public
from events.models import Event
from events.timeline import moved_event, published_matching, read_events

View = Callable[..., HttpResponse]


# What the API answers: reads, and the CORS preflight a browser sends before a GET that
# carries a conditional header.
ALLOWED = "GET, HEAD, OPTIONS"


def error(status: int, message: str) -> JsonResponse:
    """An API error as JSON: {"errors": [...]}, like a 400's."""
    return JsonResponse({"errors": [message]}, status=status)


def api_view(view: View) -> View:
    """An API URL: any site may read it from a browser (CORS open for GET and HEAD, the
    preflight answered), other methods get a JSON 405 with `Allow`, a missing event a JSON
    404; exempt from CSRF because nothing is written."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED
        elif request.method not in ("GET", "HEAD"):
            response = error(405, f"{request.method} is not allowed: the API only reads.")
            response["Allow"] = ALLOWED
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404 as missing:
                response = error(404, str(missing) or "Not found.")
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        return response

    return wrapped


@api_view
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other URL under /api/."""
    raise Http404("No such API URL: see /api/openapi.json.")


def event_json(event: Event, request: HttpRequest) -> dict[str, Any]:
    """One published event as the API describes it (events.serialize, with full URLs)."""
    return serialize.event_data(event, request.build_absolute_uri)


def bad_request(form: TimelineFilterForm) -> JsonResponse:
    return JsonResponse({"errors": form.error_list()}, status=400)


@api_view
@cached_public(API)
@with_filters(bad_request)
def events(request: HttpRequest, form: TimelineFilterForm) -> HttpResponse:
    page, next_cursor = read_events(form.filters())
    next_url = None
    if next_cursor is not None:
        query = form.query_with(after=next_cursor)
        next_url = request.build_absolute_uri(f"{reverse('api:events')}?{query}")
    return JsonResponse({"events": [event_json(e, request) for e in page], "next": next_url})


@api_view
@cached_public(API, parameters=())
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.published().for_timeline().filter(slug=slug).first()
    if event is None:
        moved = moved_event(slug)
        if moved is None:
            raise Http404("No published event here.")
        return redirect(reverse("api:event", args=[moved.slug]), permanent=True)
    return JsonResponse(event_json(event, request))


@api_view
@cached_public(API)
@with_filters(bad_request)
def timelinejs(request: HttpRequest, form: TimelineFilterForm) -> HttpResponse:
    """The filtered timeline in Knight Lab TimelineJS3's JSON format; no matching event is one
    slide that says so, dated today (TimelineJS shows nothing without an event)."""
    events = published_matching(form.filters()).chronological(oldest_first=True).for_timeline()
    slides = [serialize.timelinejs_slide(event_json(event, request)) for event in events[:500]]
    if not slides:
        timeline = request.build_absolute_uri(reverse("events:timeline"))
        slides = [serialize.timelinejs_no_match(timezone.localdate(), timeline)]
    text = "<p>Transatlantic diplomacy, cited to the sentence.</p>"
    return JsonResponse({"title": {"text": {"headline": "NATO Timeline", "text": text}},
                         "events": slides})  # fmt: skip


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description of this API: every parameter's values (enums, bounds,
    patterns) and every status code it answers."""
    slug = {"name": "slug", "in": "path", "required": True,
            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}}  # fmt: skip
    document = {
        "openapi": "3.1.0",
        "info": {"title": "NATO Timeline API", "version": "1",
                 "description": "Published events only. GET and HEAD; the CORS preflight "
                 "(OPTIONS) is answered and CORS is open; any other method is a 405. Responses "
                 "carry ETag and Last-Modified and answer conditional requests with 304. An "
                 "empty parameter is the same as none. `from` and `to` also read month names "
                 "(March 2022, 24 March 2022); a day that does not exist, or a `to` before "
                 f"`from`, is a 400. No parameter may be given more than {MAX_VALUES} times "
                 "(400). Errors are JSON: {\"errors\": [...]}."},
        "servers": [{"url": request.build_absolute_uri("/")}],
        "paths": {
            "/api/events": {"get": {
                "summary": "Events, newest first, one page at a time",
                "parameters": openapi_parameters(), "responses": _responses("EventPage")}},
            "/api/events/{slug}": {"get": {
                "summary": "One event (an event merged into another redirects to it)",
                "parameters": [slug], "responses": _responses("Event", moved=True)}},
            "/api/timelinejs": {"get": {
                "summary": "The filtered events in Knight Lab TimelineJS3 JSON (up to 500)",
                "parameters": openapi_parameters(paging=False),
                "responses": _responses("TimelineJS")}},
        },
        "components": {"schemas": {
            "EventPage": {"type": "object", "required": ["events", "next"], "properties": {
                "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                "next": {"type": ["string", "null"], "format": "uri"}}},
            "Event": {"type": "object", "properties": {
                "slug": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "kind": {"enum": [k for k, _ in Event.Kind.choices]},
                "date_from": {"type": "string", "format": "date",
                              "description": "The first day the event may have happened."},
                "date_to": {"type": "string", "format": "date",
                            "description": "The last day (inclusive)."},
                "end": {"type": "string", "format": "date", "description": "The day after "
                        "date_to: an exclusive end, as vis-timeline and iCalendar read it."},
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
            "TimelineJS": {"type": "object", "required": ["title", "events"], "properties": {
                "title": {"type": "object"},
                "events": {"type": "array", "minItems": 1, "maxItems": 500,
                           "items": {"type": "object"}, "description": "The matching events, "
                           "oldest first; when none matches, one slide that says so (TimelineJS "
                           "needs an event to show anything)."}}},
            "Errors": {"type": "object", "required": ["errors"], "properties": {
                "errors": {"type": "array", "items": {"type": "string"}}}},
        }},
    }  # fmt: skip
    return JsonResponse(document)


def _responses(schema: str, *, moved: bool = False) -> dict[str, Any]:
    def errors(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Errors"}}}}  # fmt: skip

    responses = {
        "200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"}}}},
        "304": {"description": "Not modified (If-None-Match or If-Modified-Since)"},
        "400": errors("A parameter is not valid"),
        "404": errors("No such published event"),
        "405": errors("Not GET or HEAD (the Allow header lists what is)"),
    }  # fmt: skip
    if moved:
        responses["301"] = {"description": "Merged into the event at Location"}
    return responses
