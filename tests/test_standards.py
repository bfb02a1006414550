"""Issue 13: the HTTP semantics, schema.org data, SEO basics, feeds and API fields that
validators and clients check (curl, W3C feedvalidator's rules, extruct, Lighthouse, vis-timeline,
TimelineJS3)."""

from __future__ import annotations

from html import escape

import pytest
from django.test import Client

from events.models import Event, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(seeded_with_draft):
    return seeded_with_draft


@pytest.fixture
def strict_client() -> Client:
    """A client the CSRF middleware checks, as it checks a real browser or curl."""
    return Client(enforce_csrf_checks=True)


def public_pages() -> list[str]:
    event = Event.objects.published().first()
    return [
        "/", "/?kind=agreement", event.get_absolute_url(), "/actors/", "/actors/joe-biden/",
        Source.objects.filter(citations__event=event).first().get_absolute_url(),
        "/embed/", f"/embed/events/{event.slug}/", "/oembed?url=http://testserver/",
        "/feeds/atom", "/feeds/ical", "/feeds/json",
    ]  # fmt: skip


def api_urls() -> list[str]:
    event = Event.objects.published().first()
    return ["/api/events", f"/api/events/{event.slug}", "/api/timelinejs", "/api/openapi.json"]


def test_head_answers_like_get_without_a_body(client, timeline):
    for url in public_pages() + api_urls():
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        assert head.content == b"", url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_405_with_allow_not_a_csrf_403(strict_client, timeline, method):
    for url in public_pages():
        response = getattr(strict_client, method)(url)
        assert response.status_code == 405, (url, response.status_code)
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}, url


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_api_answers_other_methods_with_a_json_405_open_to_other_origins(
    strict_client, timeline, method
):
    for url in api_urls():
        response = getattr(strict_client, method)(url)
        assert response.status_code == 405, url
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json()["errors"][0].startswith(method.upper())


def test_the_api_answers_the_cors_preflight(strict_client, timeline):
    for url in api_urls():
        response = strict_client.options(
            url,
            headers={
                "Origin": "https://example.org",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            },
        )
        assert response.status_code == 204, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response["Access-Control-Allow-Methods"]
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/events/no-such-event", 404),
        ("/api/no-such-thing", 404),
        ("/api/events/", 404),
        ("/api/events?kind=banana", 400),
        ("/api/timelinejs?from=banana", 400),
    ],
)
def test_api_errors_are_json_with_cors(client, timeline, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["errors"]


# schema.org, read the way search engines read it (extruct: JSON-LD, microdata, RDFa).


def json_ld_of(client, url: str) -> list[dict]:
    import extruct

    response = client.get(url)
    assert response.status_code == 200, url
    return extruct.extract(
        response.content.decode(), base_url=f"http://testserver{url}", syntaxes=["json-ld"]
    )["json-ld"]


def test_event_pages_carry_a_schema_org_event(client, timeline):
    summit = Event.objects.published().filter(place__isnull=False, citations__isnull=False)
    for event in [*summit.distinct()[:3], *Event.objects.published().filter(place=None)[:2]]:
        [ld] = json_ld_of(client, event.get_absolute_url())
        assert ld["@type"] == "Event" and ld["name"] == event.title
        assert ld["startDate"] == event.date_from.isoformat()
        if event.place:
            assert ld["location"] == {"@type": "Place", "name": event.place.name}
        else:
            assert "location" not in ld
        assert "citation" not in ld  # not a property of Event
        assert {p["@type"] for p in ld["performer"]} <= {"Person", "Organization"}
        kinds = {a.name: a.kind for a in event.participants.all()}
        for performer in ld["performer"]:
            person = kinds[performer["name"]] == "person"
            assert performer["@type"] == ("Person" if person else "Organization")
        assert all(t["@type"] == "Thing" for t in ld["about"])
        articles = ld["subjectOf"]
        assert len(articles) == len({repr(a) for a in articles})  # no duplicates
        sources = {c.source.title for c in event.citations.select_related("source")}
        assert {a["headline"] for a in articles} == sources
        for article in articles:
            assert article["@type"] == "NewsArticle"
            if "publisher" in article:
                assert article["publisher"]["@type"] == "Organization"


def test_an_event_citing_one_source_twice_lists_it_once(client, timeline):
    from events.models import Citation

    citation = Citation.objects.filter(event__status="published").first()
    quote = citation.source.text[:20]
    Citation.objects.create(
        event=citation.event, source=citation.source, quote=quote, start=0, end=len(quote)
    )
    [ld] = json_ld_of(client, citation.event.get_absolute_url())
    headlines = [a["headline"] for a in ld["subjectOf"]]
    assert headlines.count(citation.source.title) == 1


def test_actor_pages_carry_a_person_or_an_organization(client, timeline):
    from events.models import Actor

    for slug, kind in [("joe-biden", "Person"), ("nato", "Organization")]:
        actor = Actor.objects.get(slug=slug)
        [ld] = json_ld_of(client, actor.get_absolute_url())
        assert ld["@type"] == kind and ld["name"] == actor.name
        assert ld["url"] == f"http://testserver{actor.get_absolute_url()}"


def test_source_pages_carry_a_news_article(client, timeline):
    source = Source.objects.filter(citations__event__status="published").first()
    [ld] = json_ld_of(client, source.get_absolute_url())
    assert ld["@type"] == "NewsArticle" and ld["headline"] == source.title
    assert ld["publisher"] == {"@type": "Organization", "name": source.publisher}
    assert ld["datePublished"] == source.published.isoformat()


# SEO: a description and a canonical link on every page, a sitemap, robots.txt.


def head_links(client, url: str) -> tuple[list[str], list[str]]:
    from lxml import html

    tree = html.fromstring(client.get(url).content)
    return (
        tree.xpath('//head/meta[@name="description"]/@content'),
        tree.xpath('//head/link[@rel="canonical"]/@href'),
    )


def test_every_page_has_one_description_and_a_canonical_link(client, timeline):
    event = Event.objects.published().first()
    pages = [p for p in public_pages() if not p.startswith(("/embed", "/oembed", "/feeds"))]
    descriptions = set()
    for url in pages:
        [description], [canonical] = head_links(client, url)
        assert 20 < len(description) <= 300, url
        descriptions.add(description)
        assert canonical == f"http://testserver{url}", url
    assert len(descriptions) >= len(pages) - 2  # the timeline and a filtered one share it
    _, [canonical] = head_links(client, f"{event.get_absolute_url()}?utm_source=x&after=")
    # A parameter the page does not read is dropped before it runs (events.http_cache).
    assert canonical == f"http://testserver{event.get_absolute_url()}"


def test_the_sitemap_lists_published_pages_only(client, timeline):
    from lxml import etree

    from events.models import Actor

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.xpath("//s:sitemap/s:loc", namespaces=ns)]
    assert {s.rsplit("/", 1)[1] for s in sections} == {
        f"sitemap-{name}.xml" for name in ("pages", "events", "actors", "sources")
    }
    listed = set()
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200, section
        listed |= {
            u.text for u in etree.fromstring(response.content).xpath("//s:loc", namespaces=ns)
        }
    site = "http://testserver"
    published = Event.objects.published()
    assert {f"{site}{e.get_absolute_url()}" for e in published} <= listed
    assert f"{site}{timeline.get_absolute_url()}" not in listed  # the draft
    assert f"{site}/actors/joe-biden/" in listed
    actors = {u for u in listed if u.startswith(f"{site}/actors/") and u != f"{site}/actors/"}
    assert len(actors) == Actor.objects.with_published_events().count()
    sources = {u for u in listed if "/sources/" in u}
    cited = Source.objects.filter(citations__event__status="published").distinct()
    assert sources == {f"{site}{s.get_absolute_url()}" for s in cited}
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_keeps_embeds_and_the_api_out_of_search_results(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert {"Disallow: /embed/", "Disallow: /api/", "Disallow: /oembed"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines


def test_public_pages_are_compressed_and_still_answer_304(client, timeline):
    import gzip

    event = Event.objects.published().first()
    for url in ["/", event.get_absolute_url(), "/feeds/atom", "/api/events"]:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content)
        etag = response["ETag"]
        assert etag.startswith('W/"'), url
        again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert again.status_code == 304, url


def test_responses_with_a_secret_are_never_compressed(admin_client, client, timeline):
    """BREACH: a page holding a CSRF token or an editor's session is sent as it is."""
    login = client.get("/admin/login/", headers={"Accept-Encoding": "gzip"})
    assert b"csrfmiddlewaretoken" in login.content
    assert "Content-Encoding" not in login
    for url in ["/", "/admin/"]:
        response = admin_client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert "Content-Encoding" not in response, url


# Atom, by the W3C feedvalidator's rules (the validator itself is not packaged here).

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_of(client, url: str):
    from lxml import etree

    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content)


@pytest.mark.parametrize(
    "query", ["", "?kind=call", "?kind=call&kind=summit", "?actor=joe-biden&size=5"]
)
def test_atom_follows_the_feedvalidator_rules(client, timeline, query):
    feed = atom_of(client, f"/feeds/atom{query}")
    [self_link] = feed.findall(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"http://testserver/feeds/atom{query}"
    assert feed.findtext(f"{ATOM}id") == f"http://testserver/feeds/atom{query}"
    assert feed.findtext(f"{ATOM}updated")
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "NATO Timeline"
        assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}title")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_every_filtered_atom_feed_has_its_own_id(client, timeline):
    queries = ["", "?kind=call", "?kind=summit", "?actor=joe-biden", "?kind=call&actor=joe-biden"]
    ids = {atom_of(client, f"/feeds/atom{q}").findtext(f"{ATOM}id") for q in queries}
    assert len(ids) == len(queries)


@pytest.mark.parametrize("url", ["/feeds/atom?kind=call", "/feeds/ical", "/feeds/json"])
def test_feeds_answer_conditional_gets(client, timeline, url):
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    # A date alone is not trusted (one-second resolution, no release in it): events.http_cache.
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 200


# What API clients read: TimelineJS3 slides, vis-timeline's exclusive end.


def test_timelinejs_slides_credit_their_source(client, timeline):
    slides = client.get("/api/timelinejs").json()["events"]
    assert slides
    for slide in slides:
        [first, *_] = client.get(f"/api/events/{slide['unique_id']}").json()["citations"]
        media = slide["media"]
        # The quote as TimelineJS's blockquote media (an article's URL it would show as an image)
        assert media["url"] == f"<blockquote>{escape(first['quote'])}</blockquote>"
        assert media["credit"] == (first["source"]["publisher"] or "Source")
        assert media["link"] == first["passage_url"]
        assert media["link"].startswith("http://testserver/sources/")


def test_timelinejs_says_so_when_nothing_matches(client, timeline):
    data = client.get("/api/timelinejs?q=nothingmatchesthis").json()
    [slide] = data["events"]  # TimelineJS shows its own error without an event
    assert slide["text"]["headline"] == "No published event matches these filters"
    assert 'href="http://testserver/"' in slide["text"]["text"]


def test_the_api_gives_an_exclusive_end_beside_the_inclusive_date_to(client, timeline):
    import datetime as dt

    events = client.get("/api/events?size=100").json()["events"]
    assert events
    for event in events:
        last_day = dt.date.fromisoformat(event["date_to"])
        assert event["end"] == (last_day + dt.timedelta(days=1)).isoformat()


def test_the_openapi_document_states_enums_bounds_and_every_status(client, timeline):
    document = client.get("/api/openapi.json").json()
    events = document["paths"]["/api/events"]["get"]
    params = {p["name"]: p["schema"] for p in events["parameters"]}
    assert set(params["kind"]["items"]["enum"]) == {"", *Event.Kind.values}
    assert "joe-biden" in params["actor"]["items"]["enum"]
    assert "secret-draft" not in str(params)
    assert params["size"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert params["q"]["maxLength"] == 200
    assert set(params["order"]["enum"]) == {"", "newest", "oldest"}
    for path in document["paths"].values():
        assert {"200", "304", "400", "404", "405"} <= set(path["get"]["responses"])
    assert "end" in document["components"]["schemas"]["Event"]["properties"]


def test_each_kind_of_secret_keeps_a_response_uncompressed(rf, settings):
    from django.http import HttpResponse

    from events.seo import carries_secret

    plain = HttpResponse("x")
    assert not carries_secret(rf.get("/"), plain)
    with_token = rf.get("/")
    with_token.META["CSRF_COOKIE_USED"] = True
    assert carries_secret(with_token, plain)
    with_session = rf.get("/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert carries_secret(with_session, plain)
    setting_cookie = HttpResponse("x")
    setting_cookie.set_cookie("name", "value")
    assert carries_secret(rf.get("/"), setting_cookie)
    assert carries_secret(rf.get("/admin/events/"), plain)
