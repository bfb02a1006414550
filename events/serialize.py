"""One event -> one dict (`event_data`, the read API's event object); every other output of an
event is a view of that dict: schema.org JSON-LD, a TimelineJS3 slide, the plain text of feeds
(Atom, iCalendar, JSON Feed) and a JSON Feed item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from events.models import Actor, Event, Source

EventData = dict[str, Any]


def _as_given(path: str) -> str:
    return path


def event_data(event: Event, absolute: Callable[[str], str] = _as_given) -> EventData:
    """A published event as plain data; `absolute` makes the site's paths full URLs
    (request.build_absolute_uri). Read with Event.objects.for_timeline() to stay in a few
    queries."""
    parent = event.parent
    return {
        "slug": event.slug,
        "url": absolute(event.get_absolute_url()),
        "title": event.title,
        "kind": event.kind,
        "date_from": event.date_from.isoformat() if event.date_from else None,
        "date_to": event.date_to.isoformat() if event.date_to else None,
        # Exclusive, for tools that read an end that way (vis-timeline, iCalendar's DTEND).
        "end": (event.date_to + dt.timedelta(days=1)).isoformat() if event.date_to else None,
        "date_precision": event.date_precision,
        "date_label": event.date_label(),
        "planned": event.planned,
        "summary": event.summary,
        "participants": [
            {"name": a.name, "slug": a.slug, "kind": a.kind} for a in event.participants.all()
        ],
        "place": event.place.name if event.place else None,
        "topics": [t.name for t in event.topics.all()],
        # A draft parent is not public: it is not named.
        "parent": parent.slug if parent and parent.status == Event.Status.PUBLISHED else None,
        "citations": [
            {
                "quote": c.quote,
                "source": {
                    "title": c.source.title,
                    "publisher": c.source.publisher,
                    "published": c.source.published.isoformat() if c.source.published else None,
                    "url": c.source.url or None,
                },
                "passage_url": absolute(c.get_absolute_url()),
            }
            for c in event.citations.all()
        ],
        "updated": event.updated.isoformat(),
    }


def kind_label(data: EventData) -> str:
    """ "Call", "Summit": the kind as readers see it."""
    return str(Event.Kind(data["kind"]).label)


def heading(data: EventData) -> str:
    """ "26 Jan 2021: Biden and Stoltenberg speak by phone": a feed entry's title."""
    return f"{data['date_label']}: {data['title']}"


def feed_text(data: EventData) -> str:
    """The event as plain text: the summary, then each quote with its source (feeds carry
    text, never HTML)."""
    lines = [data["summary"]] if data["summary"] else []
    lines += [
        f"“{c['quote']}” — {c['source']['publisher']}, {c['source']['title']}"
        for c in data["citations"]
    ]
    return "\n\n".join(lines)


def categories(data: EventData) -> list[str]:
    """The kind, then the topics: a feed entry's categories or tags."""
    return [kind_label(data), *data["topics"]]


SCHEMA = "https://schema.org"


def _agent(kind: str, name: str) -> dict[str, str]:
    """A person as a schema.org Person; an organisation or a country (as an actor, a
    government) as an Organization: the types `performer` and `publisher` expect."""
    return {"@type": "Person" if kind == Actor.Kind.PERSON else "Organization", "name": name}


def _article(source: dict[str, Any]) -> dict[str, Any]:
    """A cited source as a schema.org NewsArticle."""
    article: dict[str, Any] = {"@type": "NewsArticle", "headline": source["title"]}
    if source["url"]:
        article["url"] = source["url"]
    if source["published"]:
        article["datePublished"] = source["published"]
    if source["publisher"]:
        article["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    return article


def json_ld(data: EventData) -> dict[str, Any]:
    """schema.org Event, for search engines and other machines: the participants as
    performers, the place (if known) as a Place, the cited articles (each once) as subjectOf."""
    articles: list[dict[str, Any]] = []
    for citation in data["citations"]:
        article = _article(citation["source"])
        if article not in articles:
            articles.append(article)
    ld: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": data["title"],
        "description": data["summary"],
        "url": data["url"],
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "startDate": data["date_from"],
        "endDate": data["date_to"],
        "performer": [_agent(a["kind"], a["name"]) for a in data["participants"]],
        "about": [{"@type": "Thing", "name": topic} for topic in data["topics"]],
        "subjectOf": articles,
    }
    if data["place"]:
        ld["location"] = {"@type": "Place", "name": data["place"]}
    return ld


def actor_json_ld(actor: Actor, url: str) -> dict[str, Any]:
    """An actor's page as schema.org Person or Organization."""
    ld: dict[str, Any] = {"@context": SCHEMA, **_agent(actor.kind, actor.name), "url": url}
    if actor.role and actor.kind == Actor.Kind.PERSON:
        ld["jobTitle"] = actor.role
    return ld


def source_json_ld(source: Source, url: str) -> dict[str, Any]:
    """A source's page as schema.org NewsArticle; the original's address, when known, is
    `sameAs`."""
    ld: dict[str, Any] = {
        "@context": SCHEMA,
        **_article(
            {
                "title": source.title,
                "url": url,
                "published": source.published.isoformat() if source.published else None,
                "publisher": source.publisher,
            }
        ),
        "inLanguage": source.language,
    }
    if source.author:
        ld["author"] = {"@type": "Person", "name": source.author}
    if source.url:
        ld["sameAs"] = source.url
    return ld


def _timelinejs_date(iso: str) -> dict[str, str]:
    year, month, day = (int(part) for part in iso.split("-"))
    return {"year": str(year), "month": str(month), "day": str(day)}


def timelinejs_slide(data: EventData) -> dict[str, Any]:
    """The event as a Knight Lab TimelineJS3 slide (its text is HTML: everything escaped)."""
    quotes = "".join(
        f"<blockquote>{escape(c['quote'])}</blockquote><p>{escape(c['source']['publisher'])}, "
        f"“{escape(c['source']['title'])}”</p>"
        for c in data["citations"][1:]  # the first is the slide's media
    )
    slide: dict[str, Any] = {
        "unique_id": data["slug"],
        "start_date": _timelinejs_date(data["date_from"]),
        "display_date": data["date_label"],
        "group": kind_label(data),
        "text": {
            "headline": f'<a href="{escape(data["url"])}">{escape(data["title"])}</a>',
            "text": f"<p>{escape(data['summary'])}</p>{quotes}",
        },
    }
    if data["date_to"] != data["date_from"]:
        slide["end_date"] = _timelinejs_date(data["date_to"])
    if data["citations"]:
        # The first citation as the slide's media: its quote as TimelineJS's blockquote media
        # (an article's URL would be shown as a broken image: TimelineJS takes any URL it does
        # not know for an image), the article as the caption, its publisher as the credit, and
        # the passage on our site as the link.
        citation = data["citations"][0]
        source = citation["source"]
        slide["media"] = {
            "url": f"<blockquote>{escape(citation['quote'])}</blockquote>",
            "caption": escape(source["title"]),
            "credit": escape(source["publisher"] or "Source"),
            "link": citation["passage_url"],
        }
    return slide


def timelinejs_no_match(day: dt.date, timeline_url: str) -> dict[str, Any]:
    """The one slide of an export that matches nothing: TimelineJS3 needs an event to show
    (without one it shows its own error, which speaks of a spreadsheet)."""
    return {
        "unique_id": "no-match",
        "start_date": _timelinejs_date(day.isoformat()),
        "display_date": "No match",
        "text": {
            "headline": "No published event matches these filters",
            "text": f'<p><a href="{escape(timeline_url)}">See the whole timeline</a>.</p>',
        },
    }


def json_feed_item(event: Event, data: EventData) -> dict[str, Any]:
    """A JSON Feed 1.1 item; it also carries the API's event object."""
    return {
        "id": data["url"],
        "url": data["url"],
        "title": heading(data),
        "content_text": feed_text(data),
        "date_published": event.created.isoformat(),
        "date_modified": data["updated"],
        "tags": categories(data),
        "_nato_timeline": data,
    }
