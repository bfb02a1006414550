"""Feeds: polled with conditional GET, each new entry imported by URL, entries seen before skipped."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from werkzeug import Request, Response

from events import tasks
from events.models import Feed, Import, Source
from tests.webpages import CALL_AGAIN, article_html, rss

pytestmark = pytest.mark.django_db

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


@pytest.fixture
def web(httpserver, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.0/8"]
    return httpserver


class Publisher:
    """A site with articles and a feed that answers conditional GETs as servers do."""

    def __init__(self, web) -> None:
        self.web = web
        self.entries: list[tuple[str, str]] = []
        self.version = 0
        web.expect_request("/feed.xml").respond_with_handler(self.feed)

    def publish(self, path: str, **page) -> str:
        url = self.web.url_for(path)
        self.web.expect_request(path).respond_with_data(
            article_html(canonical=url, **page), content_type=HTML
        )
        self.entries.append((page.get("title", path), url))
        self.version += 1
        return url

    def feed(self, request: Request) -> Response:
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(rss(self.entries), content_type=RSS, headers={"ETag": etag})

    def feed_requests(self) -> list[Request]:
        return [r for r, _ in self.web.log if r.path == "/feed.xml"]


def test_a_feed_polled_twice_imports_once_and_the_second_poll_is_a_304(web):
    site = Publisher(web)
    first = site.publish("/a", title="Biden and Macron discuss NATO")
    second = site.publish("/b", title="Macron and Biden talk", lead=CALL_AGAIN)
    feed = Feed.objects.create(url=web.url_for("/feed.xml"), publisher="Example Wire")
    out = StringIO()
    call_command("poll_feeds", stdout=out)
    assert "2 entries: 2 new, 0 seen before" in out.getvalue()
    assert set(Source.objects.values_list("url", flat=True)) == {first, second}
    assert set(Source.objects.values_list("publisher", flat=True)) == {"Example Wire"}
    imports = Import.objects.filter(kind="url", feed=feed)
    assert [r.state for r in imports] == ["done", "done"]
    feed.refresh_from_db()
    assert feed.etag == '"v2"' and feed.last_polled is not None and not feed.last_error

    out = StringIO()
    call_command("poll_feeds", stdout=out)
    assert "not modified since the last poll (304)" in out.getvalue()
    assert site.feed_requests()[-1].headers["If-None-Match"] == '"v2"'
    assert Import.objects.filter(kind="url").count() == 2 and Source.objects.count() == 2
    polls = Import.objects.filter(kind="poll").order_by("created")
    assert [p.detail for p in polls] == [
        "2 entries: 2 new, 0 seen before",
        "not modified since the last poll (304): nothing new",
    ]


def test_a_changed_feed_imports_only_its_new_entries(web):
    site = Publisher(web)
    site.publish("/a")
    feed = Feed.objects.create(url=web.url_for("/feed.xml"))
    tasks.queue_poll(feed)
    article_requests = len(web.log) - 1
    new = site.publish("/b", title="Macron and Biden talk", lead=CALL_AGAIN)
    record = tasks.queue_poll(feed)
    assert record.detail == "2 entries: 1 new, 1 seen before"
    assert Source.objects.filter(url=new).exists() and Source.objects.count() == 2
    # The entry seen before was not fetched again.
    assert len([r for r, _ in web.log if r.path == "/a"]) == article_requests


def test_an_entry_that_failed_is_not_retried_by_every_poll(web):
    site = Publisher(web)
    web.expect_request("/gone").respond_with_data("gone", status=410)
    site.entries.append(("Gone", web.url_for("/gone")))
    feed = Feed.objects.create(url=web.url_for("/feed.xml"))
    tasks.queue_poll(feed)
    site.version += 1  # the feed changes, the failed entry stays in it
    tasks.queue_poll(feed)
    failed = Import.objects.get(kind="url")
    assert failed.error == "the server answered 410 GONE"


def test_a_feed_that_is_not_a_feed_records_the_error(web):
    web.expect_request("/news").respond_with_data(article_html(), content_type=HTML)
    feed = Feed.objects.create(url=web.url_for("/news"))
    err = StringIO()
    with pytest.raises(CommandError, match="1 feed"):
        call_command("poll_feeds", stdout=StringIO(), stderr=err)
    assert "not a feed (RSS or Atom) (the server sent text/html)" in err.getvalue()
    feed.refresh_from_db()
    assert feed.last_error == "not a feed (RSS or Atom) (the server sent text/html)"
    assert Import.objects.get(kind="poll").state == "failed"


def test_feedparser_never_fetches_what_the_feed_points_to(web):
    """An entity or stylesheet the feed refers to is not requested; only the feed itself."""
    body = rss([]).replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{web.url_for("/secret")}">]>\n'
        f'<?xml-stylesheet href="{web.url_for("/style.xsl")}"?>',
    )
    web.expect_request("/feed.xml").respond_with_data(body, content_type=RSS)
    tasks.queue_poll(Feed.objects.create(url=web.url_for("/feed.xml")))
    assert [r.path for r, _ in web.log] == ["/feed.xml"]


def test_inactive_feeds_are_not_polled_and_a_named_one_is(web):
    site = Publisher(web)
    site.publish("/a")
    feed = Feed.objects.create(url=web.url_for("/feed.xml"), active=False)
    call_command("poll_feeds", stdout=StringIO())
    assert not web.log
    call_command("poll_feeds", "--feed", str(feed.pk), stdout=StringIO())
    assert Source.objects.count() == 1
    with pytest.raises(CommandError, match="no feed with id 999"):
        call_command("poll_feeds", "--feed", "999")


def test_editors_manage_feeds_and_poll_them_from_the_admin(client, web):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("ed", password="a-long-pass-phrase", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    site = Publisher(web)
    site.publish("/a")
    response = client.post(
        "/admin/events/feed/add/",
        {"url": web.url_for("/feed.xml"), "publisher": "Example Wire", "kind": "news",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:1000]
    feed = Feed.objects.get()
    response = client.post(
        "/admin/events/feed/", {"action": "poll", "_selected_action": [feed.pk]}, follow=True
    )
    assert "1 entries: 1 new, 0 seen before" in response.content.decode()
    listing = client.get("/admin/events/import/").content.decode()
    assert "Feed poll" in listing and "Article by URL" in listing
