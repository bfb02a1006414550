"""Articles from the web: the guarded fetcher, reading a page, and importing by URL through the
task, the admin and the command, from pages a local server serves."""

from __future__ import annotations

import re
import socket
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from werkzeug import Response

from events import tasks
from events.fetch import FetchError, address_allowed, check_url, fetch, read_page, request
from events.models import Citation, Event, Import, Source
from tests.webpages import CALL, article_html, paywall_html

pytestmark = pytest.mark.django_db

HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


@pytest.fixture
def web(httpserver, settings):
    """The local server, with the loopback network allowed (and no other private one)."""
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.0/8"]
    settings.FETCH_TIMEOUT = 5
    return httpserver


def serve_article(web, path: str = "/world/biden-macron-call", **page) -> str:
    url = web.url_for(path)
    page.setdefault("canonical", url)
    web.expect_request(path).respond_with_data(article_html(**page), content_type=HTML)
    return url


def nothing_stored() -> bool:
    return not (Source.objects.exists() or Event.objects.exists() or Citation.objects.exists())


# Reading a page


def test_read_page_takes_the_article_and_its_metadata_not_the_page_around_it():
    url = "https://news.example/world/biden-macron-call"
    page = read_page(article_html(canonical=url), f"{url}?utm_source=feed")
    assert page.url == url  # the canonical URL, not the one fetched
    assert (page.title, page.author, page.site_name) == (
        "Biden and Macron discuss NATO in first call",
        "Jane Reporter",
        "The Daily Example",
    )
    assert str(page.published) == "2021-01-27"
    assert CALL in page.text
    for noise in ("cookies", "Accept all", "Related stories", "recipes", "Privacy", "Politics"):
        assert noise not in page.text


def test_the_date_comes_from_the_markup_when_there_is_no_metadata():
    html = article_html(published="2021-01-27").replace("2021-01-27T09:30:00Z", "")
    html = html.replace('"datePublished": "T09:30:00Z", ', "")
    html = html.replace("<time datetime=", '<time class="published" datetime=')
    html = html.replace(">2021-01-27</time>", ">27 January 2021</time>")
    assert str(read_page(html, "https://news.example/a").published) == "2021-01-27"


# The fetcher's limits


def test_loopback_is_refused_by_name_and_address_unless_allowed(httpserver, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = False
    httpserver.expect_request("/a").respond_with_data(article_html(), content_type=HTML)
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        fetch(httpserver.url_for("/a"))
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        fetch(f"http://localhost:{httpserver.port}/a")
    # The address actually connected to is checked too (a name may resolve anywhere).
    with pytest.raises(FetchError, match=re.escape("127.0.0.1 is a private")):
        request(httpserver.url_for("/a"), {}, time.monotonic() + 5)
    assert not httpserver.log  # refused before a request was sent
    settings.FETCH_ALLOW_PRIVATE_HOSTS = True
    assert fetch(httpserver.url_for("/a")).status == 200


def test_every_redirect_hop_is_checked(web):
    web.expect_request("/moved").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    with pytest.raises(FetchError, match=re.escape("169.254.169.254 is a private")):
        fetch(web.url_for("/moved"))


def test_redirects_are_followed_up_to_the_limit(web, settings):
    settings.FETCH_MAX_REDIRECTS = 2
    url = serve_article(web, "/final")
    web.expect_request("/one").respond_with_response(
        Response(status=301, headers={"Location": "/final"})
    )
    assert fetch(web.url_for("/one")).url == url
    for n in range(3):
        web.expect_request(f"/loop{n}").respond_with_response(
            Response(status=302, headers={"Location": f"/loop{n + 1}"})
        )
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(web.url_for("/loop0"))


@pytest.mark.parametrize(
    ("respond", "reason"),
    [
        (lambda w: w.respond_with_data("Not here", status=404), "the server answered 404"),
        (
            lambda w: w.respond_with_data(b"%PDF-1.7", content_type="application/pdf"),
            "not an HTML page (the server sent application/pdf)",
        ),
        (lambda w: w.respond_with_data("", content_type=HTML), "the page is empty"),
        (lambda w: w.respond_with_data("x" * 5000, content_type=HTML), "larger than the limit"),
        (lambda w: w.respond_with_data(paywall_html(), content_type=HTML), "only 23 words"),
    ],
    ids=["404", "pdf", "empty", "too-large", "paywall"],
)
def test_a_page_that_cannot_be_used_fails_with_the_reason_and_stores_nothing(
    web, settings, respond, reason
):
    settings.FETCH_MAX_BYTES = 4000
    respond(web.expect_request("/page"))
    record = tasks.queue_url(web.url_for("/page"))
    assert record.state == Import.State.FAILED
    assert reason in record.error
    assert nothing_stored()


def test_too_little_text_says_how_little(web):
    web.expect_request("/wall").respond_with_data(paywall_html(), content_type=HTML)
    record = tasks.queue_url(web.url_for("/wall"))
    assert record.error == (
        "only 23 words of article text (under 80): a paywall, a cookie wall or not an article"
    )


def test_an_unreachable_server_is_a_clear_error(web):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    record = tasks.queue_url(f"http://127.0.0.1:{port}/a")
    assert record.error == "unreachable (the connection was refused)"
    assert nothing_stored()


def test_a_server_too_slow_to_answer_times_out(web, settings):
    settings.FETCH_TIMEOUT = 0.5
    web.expect_request("/slow").respond_with_handler(lambda request: time.sleep(1.5) or "late")
    record = tasks.queue_url(web.url_for("/slow"))
    assert record.error == "unreachable: no answer within 0.5 s"


def test_not_a_web_address(db):
    record = tasks.queue_url("ftp://files.example/a.txt")
    assert record.error == "not a web address (http:// or https://)"


# Importing by URL


def test_a_url_imports_the_article_with_its_html_as_the_original(web):
    url = serve_article(web)
    record = tasks.queue_url(url)
    assert record.state == Import.State.DONE, record.error
    source = Source.objects.get()
    assert (record.source, record.source_created) == (source, True)
    assert (source.url, source.title, source.author, source.publisher) == (
        url,
        "Biden and Macron discuss NATO in first call",
        "Jane Reporter",
        "The Daily Example",
    )
    assert str(source.published) == "2021-01-27" and not source.published_inferred
    assert source.fetched_at is not None
    assert source.original_text.startswith("<!DOCTYPE html>")
    assert CALL in source.text and "cookie" not in source.text
    call = Event.objects.get(kind="call")
    assert {a.name for a in call.participants.all()} >= {"Joe Biden", "Emmanuel Macron"}
    for citation in Citation.objects.all():
        assert citation.quote_matches() and citation.source == source
    assert record.events_created == Event.objects.count()


def test_the_same_article_again_changes_nothing_and_says_so(web):
    url = serve_article(web)
    tasks.queue_url(url)
    counts = (Source.objects.count(), Event.objects.count(), Citation.objects.count())
    again = tasks.queue_url(url)
    assert again.state == Import.State.DONE and not again.source_created
    assert again.detail.startswith("already imported as source")
    assert len(web.log) == 1  # a URL stored already is not fetched again
    # The canonical URL de-duplicates a tracking link to the same page, even once its text has
    # changed (a correction appended).
    web.expect_request("/world/biden-macron-call-amp").respond_with_data(
        article_html(canonical=url, extra="<p>This article was updated.</p>"), content_type=HTML
    )
    tracked = tasks.queue_url(web.url_for("/world/biden-macron-call-amp") + "?utm_source=x")
    assert tracked.state == Import.State.DONE and not tracked.source_created
    assert (Source.objects.count(), Event.objects.count(), Citation.objects.count()) == counts


def test_editors_add_an_article_by_url_in_the_admin(client, editor, web):
    url = serve_article(web)
    response = client.post("/admin/events/source/add/", {"url": url, "kind": "readout"})
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/events/event/source/{source.pk}/"
    assert source.kind == "readout" and source.url == url
    record = Import.objects.get()
    assert record.requested_by == editor
    page = client.get(f"/admin/events/source/{source.pk}/change/").content.decode()
    assert "Article by URL" in page and "done: imported as source" in page


def test_the_admin_form_shows_why_a_url_failed(client, editor, web):
    web.expect_request("/wall").respond_with_data(paywall_html(), content_type=HTML)
    response = client.post(
        "/admin/events/source/add/", {"url": web.url_for("/wall"), "kind": "news"}
    )
    assert response.status_code == 200
    assert "only 23 words of article text (under 80)" in response.content.decode()
    assert nothing_stored()


def test_the_admin_form_needs_a_url_or_a_text(client, editor):
    response = client.post("/admin/events/source/add/", {"kind": "news"})
    assert (
        "Give the article&#x27;s URL, paste its text or upload a file." in response.content.decode()
    )
    response = client.post("/admin/events/source/add/", {"kind": "news", "text": "Some text."})
    assert "A title is needed with pasted text or a file." in response.content.decode()


def test_the_command_imports_urls_and_files_and_sums_up(web):
    good = serve_article(web)
    web.expect_request("/wall").respond_with_data(paywall_html(), content_type=HTML)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 3 article"):
        call_command(
            "import_articles",
            good,
            web.url_for("/wall"),
            "fixtures/articles/000_44c5bc153bc7a261.txt",
            "--publisher",
            "Example Wire",
            stdout=out,
            stderr=err,
        )
    assert f"{good}: imported as source" in out.getvalue()
    assert "000_44c5bc153bc7a261.txt: imported as source" in out.getvalue()
    assert "Summary: 2 imported (" in out.getvalue() and ", 1 failed" in out.getvalue()
    assert f"{web.url_for('/wall')}: only 23 words of article text" in err.getvalue()
    assert Source.objects.get(url=good).publisher == "Example Wire"


def test_a_web_source_is_re_extracted_from_its_text_not_its_html(client, editor, web):
    tasks.queue_url(serve_article(web))
    source = Source.objects.get()
    counts = (Event.objects.count(), Citation.objects.count())
    response = client.post(
        "/admin/events/source/",
        {"action": "reextract", "_selected_action": [source.pk]},
        follow=True,
    )
    assert ": 0 new draft events, " in response.content.decode()
    assert (Event.objects.count(), Citation.objects.count()) == counts
    assert Import.objects.filter(kind="reextract", state="done").count() == 1


def test_a_page_cannot_claim_another_sites_address():
    # A copy on one site declaring another's canonical URL keeps the address it was fetched at.
    fetched = "https://copies.example/story"
    page = read_page(article_html(canonical="https://www.reuters.com/world/x"), fetched)
    assert page.url == fetched
    # Its own site's other host is fine.
    page = read_page(article_html(canonical="https://www.copies.example/story"), fetched)
    assert page.url == "https://www.copies.example/story"


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # of 169.254.169.254 (cloud metadata)
        "64:ff9b:1::808:808",  # the local-use NAT64 prefix, whatever it embeds
        "::ffff:127.0.0.1",
    ],
)
def test_ipv6_addresses_that_reach_a_private_ipv4_address_are_refused(address, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = False
    assert not address_allowed(address)
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        check_url(f"http://[{address}]/a")


def test_nat64_of_a_public_ipv4_address_is_allowed_and_the_allow_list_reads_the_ipv4(settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = False
    assert address_allowed("64:ff9b::808:808")  # 8.8.8.8
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.0/8"]
    assert address_allowed("64:ff9b::7f00:1")
    assert not address_allowed("64:ff9b::a00:1")
