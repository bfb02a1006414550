"""The data version and HTTP caching (events.dataversion, events.http_cache): ETags, 304s before
any query of the page, the server-side response cache, and what raises the version."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import curation, dataversion
from events.models import Actor, Citation, DataVersion, Event

PUBLIC = [
    "/", "/?kind=call", "/embed/", "/feeds/atom", "/feeds/json", "/api/events",
    "/api/events?kind=call", "/api/timelinejs", "/actors/joe-biden/",
]  # fmt: skip


@pytest.fixture
def timeline(db):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    return Event.objects.published().get(slug__contains="biden-and-stoltenberg-speak")


def reads(captured: CaptureQueriesContext) -> list[str]:
    """The queries, less the statement timeout PostgreSQL requests set and reset."""
    return [q["sql"] for q in captured.captured_queries if "statement_timeout" not in q["sql"]]


@pytest.mark.parametrize("url", PUBLIC)
def test_a_matching_etag_is_answered_304_with_one_query(client, timeline, url):
    etag = client.get(url)["ETag"]
    assert etag.startswith('W/"')
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert len(reads(captured)) == 1  # the data version's row, nothing of the page
    assert response.status_code == 304
    assert response["ETag"] == etag
    if not url.startswith("/feeds/"):  # the feeds have no fragment
        assert "HX-Request" in response["Vary"]


def test_a_repeated_request_is_served_from_the_response_cache(client, timeline):
    first = client.get("/?kind=call")
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/?kind=call")
    assert len(reads(captured)) == 1
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]


def test_a_change_to_published_data_changes_the_etag_and_the_cached_page(client, timeline):
    first = client.get("/api/events")
    assert timeline.slug in first.content.decode()
    curation.unpublish(timeline)
    assert client.get("/api/events", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert timeline.slug not in client.get("/api/events").content.decode()
    assert client.get("/api/events")["ETag"] != first["ETag"]


def test_page_and_fragment_are_told_apart(client, timeline):
    page = client.get("/")
    fragment = client.get("/", HTTP_HX_REQUEST="true")
    assert page["ETag"] != fragment["ETag"]
    assert b"<html" in client.get("/").content.lower()
    assert b"<html" not in client.get("/", HTTP_HX_REQUEST="true").content.lower()
    assert client.get("/", HTTP_IF_NONE_MATCH=fragment["ETag"]).status_code == 200


def test_the_same_query_spelled_two_ways_shares_an_etag(client, timeline):
    one = client.get("/api/events?kind=call&q=")["ETag"]
    assert client.get("/api/events?q=&kind=call")["ETag"] == one
    assert client.get("/api/events?kind=meeting")["ETag"] != one


def test_the_host_is_part_of_the_key(client, timeline):
    one = client.get("/api/events", HTTP_HOST="localhost")
    other = client.get("/api/events", HTTP_HOST="127.0.0.1")
    assert one["ETag"] != other["ETag"]
    assert "//127.0.0.1/" in other.content.decode()


def test_cache_control_suits_each_output(client, timeline):
    page = client.get("/")["Cache-Control"]
    assert "public" in page and "max-age=30" in page and "stale-while-revalidate=300" in page
    assert "max-age=600" in client.get("/feeds/atom")["Cache-Control"]


def test_errors_are_neither_cached_nor_given_an_etag(client, timeline):
    response = client.get("/api/events?kind=nonsense")
    assert response.status_code == 400 and not response.has_header("ETag")
    assert client.get("/actors/joe-biden/?after=junk").status_code == 400


def test_drafts_do_not_raise_the_version(timeline, make_event):
    before = dataversion.current()
    draft = make_event("A draft")
    draft.title = "A draft, edited"
    draft.save()
    assert dataversion.current() == before


def test_publishing_and_unpublishing_raise_the_version(timeline, cited_event):
    event = cited_event()
    before = dataversion.current().number
    curation.publish(event)
    assert dataversion.current().number > before
    before = dataversion.current().number
    curation.unpublish(event)  # no longer published: it was, so the pages change
    assert dataversion.current().number > before


def test_edits_shown_on_public_pages_raise_the_version(timeline):
    for change in (
        lambda: Actor.objects.filter(slug="joe-biden").first().save(),
        lambda: Citation.objects.filter(event=timeline).first().save(),
        lambda: timeline.participants.remove(timeline.participants.first()),
        lambda: Event.objects.get(pk=timeline.pk).delete(),
    ):
        before = dataversion.current().number
        change()
        assert dataversion.current().number > before


def test_the_version_is_raised_in_the_writing_transaction(timeline):
    from django.db import transaction

    before = dataversion.current().number
    with pytest.raises(RuntimeError), transaction.atomic():
        curation.unpublish(timeline)
        raise RuntimeError("the change is rolled back")
    assert dataversion.current().number == before


def test_a_missing_version_row_is_recreated_and_caches_nothing_before(client, timeline):
    DataVersion.objects.all().delete()
    assert dataversion.current().key is None
    assert not client.get("/api/events").has_header("ETag")
    dataversion.touch()
    assert dataversion.current().number == 2
    assert client.get("/api/events").has_header("ETag")


def test_computed_values_follow_the_version_and_do_not_pile_up(timeline):
    from django.core.cache import cache

    calls = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    assert dataversion.computed("n", count) == 1
    assert dataversion.computed("n", count) == 1  # the same version: kept
    dataversion.touch()
    # Another request is computing the new version's value: the previous one, at once.
    lock = f"computing:{dataversion.current().key}:n"
    cache.add(lock, 1, 60)
    assert dataversion.computed("n", count) == 1 and len(calls) == 1
    cache.delete(lock)
    assert dataversion.computed("n", count) == 2
    assert dataversion.computed("n", count) == 2


@pytest.mark.django_db
def test_a_page_using_a_previous_versions_facet_is_neither_kept_nor_tagged():
    from django.core.cache import cache

    from events import dataversion

    version = dataversion.current()
    with dataversion.pinned(version):
        assert dataversion.computed("lag-test", lambda: "fresh") == "fresh"
        assert not dataversion.lagging()
    dataversion.touch()
    newer = dataversion.current()
    # Another request is computing the new version's value: this one is answered the last one.
    cache.add(f"computing:{newer.key}:lag-test", 1, 60)
    try:
        with dataversion.pinned(newer):
            assert dataversion.computed("lag-test", lambda: "newer") == "fresh"
            assert dataversion.lagging()
    finally:
        cache.delete(f"computing:{newer.key}:lag-test")


def test_only_an_etag_answers_304_not_a_date(client, timeline):
    """Last-Modified has one-second resolution and no release in it: a date alone cannot say
    that nothing changed (two changes in one second, a deploy)."""
    first = client.get("/api/events")
    assert first.has_header("Last-Modified")
    since = client.get("/api/events", HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT")
    assert since.status_code == 200
    both = client.get(
        "/api/events",
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert both.status_code == 304


@pytest.mark.parametrize(
    "url, junk",
    [
        ("/?kind=call", "&utm_source=spam&utm_source=more"),
        ("/api/events?kind=call", "&fbclid=1"),
        ("/feeds/atom?kind=call", "&x=1"),
        ("/embed/?layout=rail", "&y=2"),
        ("/actors/joe-biden/", "?z=3"),
    ],
)
def test_parameters_a_view_does_not_read_share_its_cache_entry(client, timeline, url, junk):
    plain = client.get(url)
    with CaptureQueriesContext(connection) as captured:
        spammed = client.get(url + junk)
    assert len(reads(captured)) == 1  # the version; the page came from the cache
    assert spammed["ETag"] == plain["ETag"]
    assert spammed.content == plain.content


def test_a_page_computed_with_junk_parameters_does_not_carry_them(client, timeline):
    page = client.get("/?kind=call&utm_source=spam")
    assert page.status_code == 200
    assert b"utm_source" not in page.content and b"spam" not in page.content


def test_headers_are_keyed_in_their_normal_form(client, timeline):
    fragment = client.get("/?kind=call", HTTP_HX_REQUEST="true")
    for junk in ("not a key", "x" * 5000, "0123456789abcdef"):
        other = client.get("/?kind=call", HTTP_HX_REQUEST="true", HTTP_X_TIMELINE_OVERVIEW=junk)
        assert other["ETag"] == fragment["ETag"]
    known = client.get("/?kind=call", HTTP_HX_REQUEST="true", HTTP_X_TIMELINE_OVERVIEW="0" * 12)
    assert known["ETag"] != fragment["ETag"]  # a key a page may hold: its own entry
    page = client.get("/?kind=call")
    # a full page does not read the overview header; HX-Request is "true" or nothing
    assert client.get("/?kind=call", HTTP_X_TIMELINE_OVERVIEW="0" * 12)["ETag"] == page["ETag"]
    assert client.get("/?kind=call", HTTP_HX_REQUEST="yes")["ETag"] == page["ETag"]


def test_a_sitemap_from_the_response_cache_keeps_its_headers(client, timeline):
    first = client.get("/sitemap.xml")
    assert "noindex" in first["X-Robots-Tag"]
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/sitemap.xml")
    assert len(reads(captured)) == 1
    assert again["X-Robots-Tag"] == first["X-Robots-Tag"]
    assert again["Content-Type"] == first["Content-Type"]
