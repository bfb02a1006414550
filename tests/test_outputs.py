"""Embeds, oEmbed, feeds and the API: framing, filters, drafts, formats, conditional GETs."""

from __future__ import annotations

import datetime as dt
import json
import re

import feedparser
import icalendar
import pytest

from events import curation
from events.models import Event, Source
from tests.conftest import DRAFT_MARK

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(seeded_with_draft):
    return seeded_with_draft


def public_urls(draft: Event) -> list[str]:
    event = Event.objects.published().first()
    urls = [
        "/", "/?kind=agreement", "/?q=Secret", "/?actor=joe-biden", event.get_absolute_url(),
        "/actors/joe-biden/", "/actors/vladimir-putin/",
        *(s.get_absolute_url() for s in Source.objects.all()),
        "/embed/", "/embed/?kind=agreement", f"/embed/events/{event.slug}/",
        "/oembed?url=http://testserver/&format=json", "/feeds/atom", "/feeds/ical",
        "/feeds/json", "/api/events", "/api/events?q=Secret", f"/api/events/{event.slug}",
        "/api/timelinejs", "/api/openapi.json",
        draft.get_absolute_url(), f"/embed/events/{draft.slug}/", f"/api/events/{draft.slug}",
        f"/oembed?url=http://testserver{draft.get_absolute_url()}&format=json",
    ]  # fmt: skip
    return urls


@pytest.fixture
def leaky_timeline(timeline):
    """The draft as every published event's neighbour: the parent of a published event, a
    draft child of another, and the target of a merged event's old address."""
    from events.models import EventRedirect

    draft = timeline
    with_draft_parent, with_draft_child = Event.objects.published().order_by("pk")[:2]
    with_draft_parent.parent = draft
    with_draft_parent.save()
    Event.objects.create(
        title=f"Pledge {DRAFT_MARK}", slug="secret-draft-child", kind="pledge",
        date_from="2021-01-26", date_to="2021-01-26", summary=DRAFT_MARK,
        parent=with_draft_child,
    )  # fmt: skip
    EventRedirect.objects.create(old_slug="merged-away", event=draft)
    urls = [
        *public_urls(draft), f"/?q={with_draft_parent.title.split()[0]}",
        "/events/merged-away/", "/api/events/merged-away", "/embed/events/merged-away/",
        "/events/secret-draft-child/", "/api/events/secret-draft-child",
    ]  # fmt: skip
    for event in (with_draft_parent, with_draft_child):
        urls += [event.get_absolute_url(), f"/api/events/{event.slug}",
                 f"/embed/events/{event.slug}/",
                 f"/oembed?url=http://testserver{event.get_absolute_url()}&format=json"]  # fmt: skip
    return urls


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_drafts_never_leak_on_any_public_url(client, leaky_timeline):
    for url in leaky_timeline:
        response = client.get(url)
        headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
        for leak in (DRAFT_MARK, "secret-draft"):
            assert leak not in headers, (url, leak)  # Location, Link, any header
            assert leak not in body(response), (url, leak)
        assert response.status_code in (200, 404), url  # no redirect is expected here


def test_a_merged_event_still_redirects_to_the_published_one(client, timeline):
    from events.models import EventRedirect

    event = Event.objects.published().first()
    EventRedirect.objects.create(old_slug="merged-into-published", event=event)
    response = client.get("/events/merged-into-published/")
    assert (response.status_code, response["Location"]) == (301, event.get_absolute_url())
    response = client.get("/api/events/merged-into-published")
    assert (response.status_code, response["Location"]) == (301, f"/api/events/{event.slug}")


def test_only_embeds_may_be_framed(client, timeline):
    event = Event.objects.published().first()
    for url in ["/", event.get_absolute_url(), "/actors/joe-biden/", "/api/events",
                "/feeds/atom", "/admin/login/", "/oembed?url=http://testserver/"]:  # fmt: skip
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
    for url in ["/embed/", f"/embed/events/{event.slug}/", "/embed/?kind=bogus"]:
        response = client.get(url)
        assert "X-Frame-Options" not in response, url
        assert "frame-ancestors *" in response["Content-Security-Policy"], url
        assert "script-src 'self'" in response["Content-Security-Policy"], url


AGREEMENTS = 5


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/embed/?kind=agreement&limit=50", lambda r: body(r).count('class="title"')),
        ("/feeds/atom?kind=agreement", lambda r: len(feedparser.parse(body(r)).entries)),
        ("/feeds/ical?kind=agreement",
         lambda r: len(icalendar.Calendar.from_ical(r.content).walk("VEVENT"))),
        ("/feeds/json?kind=agreement", lambda r: len(json.loads(r.content)["items"])),
        ("/api/events?kind=agreement", lambda r: len(json.loads(r.content)["events"])),
        ("/api/timelinejs?kind=agreement", lambda r: len(json.loads(r.content)["events"])),
    ],
)  # fmt: skip
def test_filters_apply_in_every_output(client, timeline, url, count):
    response = client.get(url)
    assert response.status_code == 200
    assert count(response) == AGREEMENTS


@pytest.mark.parametrize(
    "url", ["/embed/?kind=nope", "/feeds/atom?from=soon", "/feeds/ical?to=x", "/feeds/json?size=0",
            "/api/events?actor=nobody", "/api/timelinejs?from=2022&to=2021"],
)  # fmt: skip
def test_bad_filters_are_a_400_everywhere(client, timeline, url):
    assert client.get(url).status_code == 400


def test_icalendar_events_are_all_day_and_span_their_range(client, timeline):
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/ical?kind=summit").content)
    summits = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    july = summits["NATO Summit, 11–12 July 2018"]
    assert july.decoded("DTSTART") == dt.date(2018, 7, 11)
    assert july.decoded("DTEND") == dt.date(2018, 7, 13)  # exclusive end
    may = summits["NATO Leaders' Meeting in Brussels"]
    assert (may.decoded("DTSTART"), may.decoded("DTEND")) == (
        dt.date(2017, 5, 1),
        dt.date(2017, 6, 1),
    )
    assert str(may["LOCATION"]) == "Brussels"
    assert str(july["UID"]).endswith("@testserver")


def test_atom_feed_parses(client, timeline):
    feed = feedparser.parse(body(client.get("/feeds/atom")))
    assert not feed.bozo
    assert feed.feed.title == "NATO Timeline"
    assert len(feed.entries) == 21
    assert feed.entries[0].link.startswith("http://testserver/events/")
    assert "Madrid" in feed.entries[0].title


def test_json_feed_follows_the_spec(client, timeline):
    response = client.get("/feeds/json?actor=vladimir-putin")
    assert response["Content-Type"] == "application/feed+json"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {item["id"] for item in feed["items"]} == {item["url"] for item in feed["items"]}
    assert len(feed["items"]) == 2


def test_oembed_answers_for_a_timeline_url(client, timeline):
    response = client.get(
        "/oembed", {"url": "http://testserver/?kind=call&actor=joe-biden", "format": "json"}
    )
    data = json.loads(response.content)
    assert response.status_code == 200
    assert (data["version"], data["type"], data["width"], data["height"]) == (
        "1.0",
        "rich",
        600,
        480,
    )
    src = re.search(r'src="([^"]+)"', data["html"]).group(1)
    assert (
        src.startswith("http://testserver/embed/?")
        and "kind=call" in src
        and "actor=joe-biden" in src
    )
    embedded = client.get(src.replace("&amp;", "&").replace("http://testserver", ""))
    assert embedded.status_code == 200


def test_oembed_respects_maxwidth_and_maxheight(client, timeline):
    data = client.get(
        "/oembed", {"url": "http://testserver/", "maxwidth": 320, "maxheight": 200}
    ).json()
    assert (data["width"], data["height"]) == (320, 200)
    assert 'width="320"' in data["html"]


def test_oembed_for_an_event_url(client, timeline):
    event = Event.objects.published().get(slug__contains="merkel")
    data = client.get("/oembed", {"url": f"http://testserver{event.get_absolute_url()}"}).json()
    assert data["title"] == event.title
    assert f"/embed/events/{event.slug}/" in data["html"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": "http://testserver/no/such/page"}, 404),
        ({"url": "http://elsewhere.example/"}, 404),
        ({"url": "http://testserver/events/secret-draft/"}, 404),
        ({"url": "http://testserver/", "format": "xml"}, 501),
        ({}, 400),
        ({"url": "not a url"}, 400),
    ],
)
def test_oembed_errors_follow_the_spec(client, timeline, params, status):
    assert client.get("/oembed", params).status_code == status


def test_discovery_links_on_timeline_and_event_pages(client, timeline):
    event = Event.objects.published().first()
    for url in ["/", event.get_absolute_url()]:
        assert 'type="application/json+oembed"' in body(client.get(url))


def test_embed_sets_no_cookie_has_no_admin_link_and_opens_the_site_in_a_new_tab(
    client, timeline, admin_client
):
    response = admin_client.get("/embed/?limit=3&theme=dark&compact=1")
    content = body(response)
    assert not response.cookies
    assert "/admin" not in content
    links = re.findall(r"<a [^>]*>", content)
    assert links and all('target="_blank"' in link for link in links)
    assert content.count('class="title"') == 3
    assert 'data-theme="dark"' in content and 'class="embed compact"' in content
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', content)
    assert external == []  # no third-party requests


def test_api_pages_by_cursor_and_is_open_to_other_origins(client, timeline):
    seen, url = [], "/api/events?size=6"
    while url:
        response = client.get(url)
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        seen += [e["slug"] for e in data["events"]]
        url = data["next"] and data["next"].replace("http://testserver", "")
    assert len(seen) == len(set(seen)) == 21


def test_api_event_detail(client, timeline):
    call = Event.objects.get(slug="2021-01-26-biden-and-stoltenberg-speak-by-phone")
    data = client.get(f"/api/events/{call.slug}").json()
    assert data["kind"] == "call" and data["date_from"] == "2021-01-26"
    assert {p["slug"] for p in data["participants"]} == {"joe-biden", "jens-stoltenberg"}
    assert all(c["quote"] for c in data["citations"])


def test_conditional_get_answers_304_until_something_changes(client, timeline):
    first = client.get("/api/events?kind=call")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/events?kind=call", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A date alone is not trusted (one-second resolution, no release in it): events.http_cache.
    assert client.get("/api/events?kind=call", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    assert client.get("/api/events?kind=meeting", HTTP_IF_NONE_MATCH=etag).status_code == 200
    curation.unpublish(Event.objects.get(slug__contains="merkel"))
    assert client.get("/api/events?kind=call", HTTP_IF_NONE_MATCH=etag).status_code == 200
    detail = client.get("/api/events/2021-01-26-biden-and-stoltenberg-speak-by-phone")
    assert (
        client.get(detail.wsgi_request.path, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    )


def test_timelinejs_format(client, timeline):
    data = client.get("/api/timelinejs?kind=summit").json()
    july = next(e for e in data["events"] if e["start_date"]["year"] == "2018")
    assert july["start_date"] == {"year": "2018", "month": "7", "day": "11"}
    assert july["end_date"] == {"year": "2018", "month": "7", "day": "12"}
    assert july["group"] == "Summit" and "headline" in july["text"]
    assert data["title"]["text"]["headline"] == "NATO Timeline"


def test_openapi_document(client, timeline):
    data = client.get("/api/openapi.json").json()
    assert data["openapi"].startswith("3.")
    assert {"/api/events", "/api/events/{slug}", "/api/timelinejs"} <= set(data["paths"])


def test_embed_this_view_carries_the_filters(client, timeline):
    content = body(client.get("/?kind=call&actor=joe-biden&size=5"))
    assert "/embed/?kind=call&amp;amp;actor=joe-biden" in content
    assert "data-kind=&quot;call&quot; data-actor=&quot;joe-biden&quot;" in content
    assert "size=5" not in re.search(
        r'<textarea id="embed-iframe-list"[^>]*>([^<]*)', content
    ).group(1)


def test_embed_this_view_offers_each_layout_with_its_own_code(client, timeline):
    """The box has the code of each layout (list, rail, strip), the list chosen; each iframe
    shows its layout of the same filtered events."""
    import html

    content = body(client.get("/?kind=summit&from=2018"))
    radios = re.findall(r'<input type="radio" name="embed-layout" value="(\w+)"[^>]*>', content)
    assert radios == ["list", "rail", "strip"]
    assert re.search(r'value="list" id="embed-layout-list" checked>', content)
    shown = {}
    for layout in radios:
        iframe = re.search(rf'<textarea id="embed-iframe-{layout}"[^>]*>([^<]*)', content)
        loader = re.search(rf'<textarea id="embed-loader-{layout}"[^>]*>([^<]*)', content)
        iframe, loader = html.unescape(iframe.group(1)), html.unescape(loader.group(1))
        src = html.unescape(re.search(r'src="([^"]+)"', iframe).group(1))
        named = "" if layout == "list" else f"&layout={layout}"
        assert src == f"http://testserver/embed/?kind=summit&from=2018{named}"
        assert 'data-kind="summit" data-from="2018"' in loader
        assert (f'data-layout="{layout}"' in loader) == (layout != "list")
        shown[layout] = body(client.get(src.removeprefix("http://testserver")))
    assert '<ol class="embed">' in shown["list"]
    assert '<ol class="embed rail">' in shown["rail"]
    assert 'class="strip"' in shown["strip"]
    for page in shown.values():
        assert "Extraordinary NATO summit" in page and "Leaders" not in page


def test_feeds_hold_fifty_events_unless_size_says_otherwise(client, timeline):
    assert len(json.loads(client.get("/feeds/json").content)["items"]) == 21
    assert len(json.loads(client.get("/feeds/json?size=20").content)["items"]) == 20
    assert len(json.loads(client.get("/feeds/json?size=5").content)["items"]) == 5


def test_the_api_and_the_json_feed_say_whether_an_event_is_planned(client, timeline):
    madrid = Event.objects.get(slug__contains="madrid")
    Event.objects.update(planned=False)  # the seed's planned summits: Madrid alone here
    Event.objects.filter(pk=madrid.pk).update(planned=True)
    listed = {e["slug"]: e["planned"] for e in client.get("/api/events?size=100").json()["events"]}
    assert listed.pop(madrid.slug) is True
    assert set(listed.values()) == {False}
    assert client.get(f"/api/events/{madrid.slug}").json()["planned"] is True
    items = json.loads(client.get("/feeds/json").content)["items"]
    feed = {i["_nato_timeline"]["slug"]: i["_nato_timeline"]["planned"] for i in items}
    assert feed[madrid.slug] is True and list(feed.values()).count(True) == 1


def test_the_openapi_document_describes_every_field_of_an_event(client, timeline):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["Event"]
    event = Event.objects.published().first()
    assert set(schema["properties"]) == set(client.get(f"/api/events/{event.slug}").json())
    assert schema["properties"]["planned"]["type"] == "boolean"
    assert schema["properties"]["kind"]["enum"] == [value for value, _ in Event.Kind.choices]


MARKUP = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture
def markup_event(db, gazetteer):
    """An article full of markup, imported and published as the extractor found it."""
    from events import ingest

    text = (f"Biden spoke with Stoltenberg on Tuesday {MARKUP} about the alliance. "
            f"The two leaders {MARKUP} agreed to meet in Brussels.")  # fmt: skip
    result = ingest.import_text(
        text=text, name="markup.txt", gazetteer=gazetteer,
        metadata={"title": f"Report {MARKUP}", "publisher": f"Wire {MARKUP}",
                  "published": "2021-01-28", "kind": "news"},
    )  # fmt: skip
    events = list(Event.objects.filter(citations__source=result.source).distinct())
    assert events, "the extractor found no event in the article"
    for event in events:
        event.summary = f"Summary {MARKUP}"
        event.title = f"{event.title} {MARKUP}"
        event.save()
        curation.publish(event)
    assert Event.objects.published().filter(citations__quote__contains="<script>").exists()
    return events[0]


def test_atom_sends_text_as_text_never_as_html(client, markup_event):
    import xml.etree.ElementTree as ET

    content = client.get("/feeds/atom").content
    assert b"<img" not in content and b"<script" not in content  # escaped, as text
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(content).findall(f"{atom}entry")
    assert entries
    for entry in entries:
        for element in entry.iter():
            assert element.get("type", "text") == "text", element.tag
    summary = entries[0].find(f"{atom}summary")
    assert MARKUP in summary.text  # the reader sees the markup as the text it was
    parsed = feedparser.parse(content).entries[0]
    assert parsed.summary_detail.type == "text/plain"
    assert parsed.title_detail.type == "text/plain"


def test_json_feed_and_icalendar_carry_markup_as_text(client, markup_event):
    items = json.loads(client.get("/feeds/json").content)["items"]
    assert items
    for item in items:
        assert "content_html" not in item and "summary" not in item
        assert MARKUP in item["content_text"]
    ical = client.get("/feeds/ical").content
    calendar = icalendar.Calendar.from_ical(ical)
    for entry in calendar.walk("VEVENT"):
        assert "X-ALT-DESC" not in entry and "ALTREP" not in entry.content_lines()[0]
    assert b"text/html" not in ical.lower()
    assert MARKUP in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])


def test_an_unknown_embed_theme_is_a_400(client, timeline):
    event = Event.objects.published().first()
    assert client.get(f"/embed/events/{event.slug}/?theme=dark").status_code == 200
    response = client.get(f"/embed/events/{event.slug}/?theme=<b>neon")
    assert response.status_code == 400
    assert "theme: choose one of" in body(response)


def test_every_output_of_an_event_is_a_view_of_the_api_object(client, timeline):
    """events.serialize: the API's event object is the one serialisation; JSON Feed, JSON-LD,
    TimelineJS and the feeds' text are made from it."""
    from events import serialize

    call = Event.objects.published().get(slug="2021-01-26-biden-and-stoltenberg-speak-by-phone")
    data = client.get(f"/api/events/{call.slug}").json()
    assert data["citations"] and data["participants"]
    items = json.loads(client.get("/feeds/json?size=100").content)["items"]
    item = next(i for i in items if i["_nato_timeline"]["slug"] == call.slug)
    assert item == {
        **serialize.json_feed_item(call, data),
        "date_published": item["date_published"],
    }
    assert item["content_text"] == serialize.feed_text(data)
    assert all(c["quote"] in item["content_text"] for c in data["citations"])
    page = body(client.get(call.get_absolute_url()))
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert ld == serialize.json_ld(data)
    sources = {c["source"]["title"] for c in data["citations"]}
    assert ld["startDate"] == "2021-01-26" and len(ld["subjectOf"]) == len(sources)
    slides = client.get("/api/timelinejs?kind=call").json()["events"]
    assert next(s for s in slides if s["unique_id"] == call.slug) == serialize.timelinejs_slide(
        data
    )
    calendar = icalendar.Calendar.from_ical(client.get("/feeds/ical?size=100").content)
    entry = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(call.slug))
    assert str(entry["DESCRIPTION"]) == serialize.feed_text(data)
    atom = feedparser.parse(body(client.get("/feeds/atom?size=100")))
    summary = next(e.summary for e in atom.entries if e.link == data["url"])
    assert summary == serialize.feed_text(data)
