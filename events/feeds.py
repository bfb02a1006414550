"""Feeds of the published timeline, filtered like the page: Atom, iCalendar, JSON Feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import icalendar
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from events.api import event_json
from events.forms import TimelineFilterForm, TimelineFilters
from events.models import Event
from events.timeline import read_events

FEED_SIZE = 50
TITLE = "NATO Timeline"


def feed_events(filters: TimelineFilters) -> list[Event]:
    return read_events(filters)[0]


def parse(request: HttpRequest) -> TimelineFilters | HttpResponse:
    """The feed's filters; a feed holds 50 events unless `size` says otherwise."""
    form = TimelineFilterForm(request.GET)
    if not form.is_valid():
        message = "Bad feed parameters:\n" + "\n".join(form.error_list())
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    filters = form.filters()
    return filters if form.cleaned_data.get("size") else replace(filters, size=FEED_SIZE)


def description(event: Event) -> str:
    lines = [event.summary] if event.summary else []
    lines += [
        f"“{c.quote}” — {c.source.publisher}, {c.source.title}" for c in event.citations.all()
    ]
    return "\n\n".join(lines)


class TextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text (type="text"): Django writes them as type="html",
    which would make any markup quoted from an article live HTML in a feed reader."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class EventsAtomFeed(Feed):
    feed_type = TextAtom1Feed
    title = TITLE
    subtitle = "Transatlantic diplomacy, event by event, cited to the sentence."

    def __init__(self, filters: TimelineFilters) -> None:
        super().__init__()
        self.filters = filters

    def link(self) -> str:
        return reverse("events:timeline")

    def items(self) -> list[Event]:
        return feed_events(self.filters)

    def item_title(self, item: Event) -> str:
        return f"{item.date_label()}: {item.title}"

    def item_description(self, item: Event) -> str:
        return description(item)

    def item_pubdate(self, item: Event) -> dt.datetime:
        return item.created

    def item_updateddate(self, item: Event) -> dt.datetime:
        return item.updated

    def item_categories(self, item: Event) -> list[str]:
        return [item.get_kind_display(), *(t.name for t in item.topics.all())]


@require_GET
def atom(request: HttpRequest) -> HttpResponse:
    filters = parse(request)
    if isinstance(filters, HttpResponse):
        return filters
    return EventsAtomFeed(filters)(request)


@require_GET
def ical(request: HttpRequest) -> HttpResponse:
    """All-day calendar events spanning each event's date range (DTEND is exclusive)."""
    filters = parse(request)
    if isinstance(filters, HttpResponse):
        return filters
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//NATO Timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", TITLE)
    host = request.get_host()
    for event in feed_events(filters):
        assert event.date_from is not None and event.date_to is not None
        entry = icalendar.Event()
        entry.add("uid", f"{event.slug}@{host}")
        entry.add("dtstamp", event.updated)
        entry.add("dtstart", event.date_from)
        entry.add("dtend", event.date_to + dt.timedelta(days=1))
        entry.add("summary", event.title)
        entry.add("description", description(event))
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        entry.add("categories", [event.get_kind_display()])
        if event.place:
            entry.add("location", event.place.name)
        calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nato-timeline.ics"'
    return response


@require_GET
def json_feed(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1 (jsonfeed.org); each item also carries the API's event object."""
    filters = parse(request)
    if isinstance(filters, HttpResponse):
        return filters
    items: list[dict[str, Any]] = [
        {
            "id": request.build_absolute_uri(event.get_absolute_url()),
            "url": request.build_absolute_uri(event.get_absolute_url()),
            "title": f"{event.date_label()}: {event.title}",
            "content_text": description(event),
            "date_published": event.created.isoformat(),
            "date_modified": event.updated.isoformat(),
            "tags": [event.get_kind_display(), *(t.name for t in event.topics.all())],
            "_nato_timeline": event_json(event, request),
        }
        for event in feed_events(filters)
    ]
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": TITLE,
            "home_page_url": request.build_absolute_uri(reverse("events:timeline")),
            "feed_url": request.build_absolute_uri(request.get_full_path()),
            "items": items,
        },
        content_type="application/feed+json",
    )
