"""Feeds of the published timeline, filtered like the page: Atom, iCalendar, JSON Feed. Each
event's text is events.serialize's; the filters are parsed once (forms.with_filters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import icalendar
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from events import serialize
from events.filters import TimelineFilters
from events.forms import TimelineFilterForm, with_filters
from events.http_cache import FEED, cached_public, normalised_query
from events.http_methods import read_only
from events.models import Event
from events.timeline import read_events

FEED_SIZE = 50
TITLE = "NATO Timeline"


def feed_filters(form: TimelineFilterForm) -> TimelineFilters:
    """The feed's filters; a feed holds 50 events unless `size` says otherwise."""
    filters = form.filters()
    return filters if form.cleaned_data.get("size") else replace(filters, size=FEED_SIZE)


def feed_events(form: TimelineFilterForm) -> list[Event]:
    return read_events(feed_filters(form))[0]


def refuse(form: TimelineFilterForm) -> HttpResponse:
    message = "Bad feed parameters:\n" + "\n".join(form.error_list())
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


feed_view = with_filters(refuse)


class TextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text (type="text"): Django writes them as type="html",
    which would make any markup quoted from an article live HTML in a feed reader."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


@dataclass(frozen=True)
class FilteredFeed:
    """What an Atom feed is about: its filters, their query string (normalised) and its own
    full URL, which is also its atom:id."""

    filters: TimelineFilters
    query: str
    url: str

    def with_query(self, path: str) -> str:
        return f"{path}?{self.query}" if self.query else path


class EventsAtomFeed(Feed):
    """The filtered timeline as Atom: `get_object` is the valid filter form with_filters
    passes in; `items` the events it chooses. Each filtered feed is its own feed (its own
    atom:id and self link, query included); entries name the timeline as their author."""

    feed_type = TextAtom1Feed
    title = TITLE
    subtitle = "Transatlantic diplomacy, event by event, cited to the sentence."
    author_name = TITLE

    def get_object(self, request: HttpRequest, form: TimelineFilterForm) -> FilteredFeed:
        query = normalised_query(request)
        url = request.build_absolute_uri(f"{request.path}?{query}" if query else request.path)
        return FilteredFeed(feed_filters(form), query, url)

    def link(self, feed: FilteredFeed) -> str:
        return feed.with_query(reverse("events:timeline"))

    def feed_url(self, feed: FilteredFeed) -> str:
        return feed.url

    def feed_guid(self, feed: FilteredFeed) -> str:
        return feed.url

    def items(self, feed: FilteredFeed) -> list[Event]:
        return read_events(feed.filters)[0]

    def item_author_name(self, item: Event) -> str:
        return TITLE

    def item_title(self, item: Event) -> str:
        return serialize.heading(serialize.event_data(item))

    def item_description(self, item: Event) -> str:
        return serialize.feed_text(serialize.event_data(item))

    def item_pubdate(self, item: Event) -> dt.datetime:
        return item.created

    def item_updateddate(self, item: Event) -> dt.datetime:
        return item.updated

    def item_categories(self, item: Event) -> list[str]:
        return serialize.categories(serialize.event_data(item))


atom = read_only(cached_public(FEED, vary=())(feed_view(EventsAtomFeed())))


@read_only
@cached_public(FEED, vary=())
@feed_view
def ical(request: HttpRequest, form: TimelineFilterForm) -> HttpResponse:
    """All-day calendar events spanning each event's date range (DTEND is exclusive)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//NATO Timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", TITLE)
    host = request.get_host()
    for event in feed_events(form):
        data = serialize.event_data(event, request.build_absolute_uri)
        assert event.date_from is not None and event.date_to is not None
        entry = icalendar.Event()
        entry.add("uid", f"{event.slug}@{host}")
        entry.add("dtstamp", event.updated)
        entry.add("dtstart", event.date_from)
        entry.add("dtend", event.date_to + dt.timedelta(days=1))
        entry.add("summary", data["title"])
        entry.add("description", serialize.feed_text(data))
        entry.add("url", data["url"])
        entry.add("categories", [serialize.kind_label(data)])
        if data["place"]:
            entry.add("location", data["place"])
        calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nato-timeline.ics"'
    return response


@read_only
@cached_public(FEED, vary=())
@feed_view
def json_feed(request: HttpRequest, form: TimelineFilterForm) -> HttpResponse:
    """JSON Feed 1.1 (jsonfeed.org); each item also carries the API's event object."""
    items = [
        serialize.json_feed_item(event, serialize.event_data(event, request.build_absolute_uri))
        for event in feed_events(form)
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
