from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from events.extraction import Gazetteer, parse_article
from events.extraction.data import Article
from events.gazetteer import shipped_gazetteer

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the timeline caches its overview)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return shipped_gazetteer()


def make_article(
    text: str,
    published: str | None = "2021-01-26",
    kind: str = "news",
    name: str = "test.txt",
    title: str = "",
) -> Article:
    overrides = {"kind": kind, "title": title}
    if published:
        overrides["published"] = published
    return parse_article(text, name, overrides)


@pytest.fixture
def make_source(db):
    from itertools import count

    from events.models import Source

    numbers = count(1)

    def make(text: str = "", **fields) -> Source:
        # Each source is a different article: the same text would be the same source.
        text = text or f"Biden spoke with Stoltenberg on Tuesday. (Report {next(numbers)}.)"
        fields.setdefault("title", "A report")
        fields.setdefault("published", dt.date(2021, 1, 26))
        source = Source(text=text, original_text=text, **fields)
        source.save()
        return source

    return make


@pytest.fixture
def make_event(db):
    from events.models import Event, unique_slug

    def make(title: str = "Biden speaks with Stoltenberg", **fields) -> Event:
        fields.setdefault("kind", Event.Kind.CALL)
        fields.setdefault("date_from", dt.date(2021, 1, 26))
        fields.setdefault("date_to", fields["date_from"])
        return Event.objects.create(title=title, slug=unique_slug(Event, title), **fields)

    return make


@pytest.fixture
def cited_event(make_source, make_event):
    """A draft event with one true citation."""
    from events.models import Citation

    def make(**fields):
        source = make_source()
        event = make_event(**fields)
        quote = "Biden spoke with Stoltenberg"
        Citation.objects.create(event=event, source=source, quote=quote, start=0, end=len(quote))
        return event

    return make


DRAFT_MARK = "DRAFT-ONLY-MARKER"


@pytest.fixture
def seeded_with_draft(db):
    """The curated seed timeline and one draft sharing its participants, topics and source."""
    from django.core.management import call_command

    from events.models import Citation, Event, Source

    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    source = Source.objects.get(file_name="004_2fa3a9bb654af29b.txt")
    draft = Event.objects.create(
        title=f"Secret {DRAFT_MARK}", slug="secret-draft", kind="agreement",
        date_from="2021-01-26", date_to="2021-01-26", summary=DRAFT_MARK,
    )  # fmt: skip
    Citation.objects.create(event=draft, source=source, quote=source.text[10:40], start=10, end=40)
    spoke = Event.objects.get(slug__contains="biden-and-putin-speak")
    draft.participants.add(*spoke.participants.all())
    draft.topics.add(*spoke.topics.all())
    return draft


@pytest.fixture
def editor(client):
    """A member of the Editors group, logged in on `client`."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("ed", password="a-long-pass-phrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


# Chromium for tests/browser and tests/clients: one per session, as Playwright's sync API runs
# one instance at a time.

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]  # fmt: skip


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests (scripts/install-browser)")
        pytest.skip("no Chromium installed (scripts/install-browser installs Debian's)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # themselves (fixtures) are synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def unhashed_static(settings):
    """The live server finds static files by their plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
