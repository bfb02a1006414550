"""Two import_articles processes at once, on PostgreSQL: both succeed, nothing is stored twice."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from events.models import Citation, Event, Source
from tests.conftest import ARTICLES, ROOT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Two reports of one call nobody has stored yet, in different words.
FIRST = (
    "---\ntitle: A call\npublished: 2021-01-27\n---\n"
    "President Joe Biden spoke with French President Emmanuel Macron on Tuesday, the White "
    "House said.\n"
)
SECOND = (
    "---\ntitle: Leaders talk\npublished: 2021-01-27\n---\n"
    "Emmanuel Macron held a phone call with Joe Biden on Tuesday to discuss NATO.\n"
)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite's test database lives in memory, where another process "
            "cannot reach it (and SQLite's write lock serialises imports anyway)"
        )
    # An earlier transactional test may have flushed the migrations' rows: the processes read
    # the gazetteer from the database, so load it as a fresh migration would.
    from events.gazetteer import sync_gazetteer, sync_reference
    from events.models import Actor, KnownMeeting, Place, Term, Topic

    sync_gazetteer(Actor, Place, Topic)
    sync_reference(Actor, Term, KnownMeeting)


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def import_at_once(*paths) -> list[subprocess.CompletedProcess]:
    """Run one import_articles process per path, all started together."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "0"}
    env.setdefault("SECRET_KEY", "x")
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "import_articles", str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def test_two_imports_of_the_same_article_store_it_once(postgresql):
    article = ARTICLES / "000_44c5bc153bc7a261.txt"
    results = import_at_once(article, article)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert Source.objects.count() == 1
    outputs = sorted(r.stdout for r in results)
    assert "already imported" in outputs[0] and "imported as source" in outputs[1]
    # Every event once: as many events and citations as one import alone makes.
    at_once = (Event.objects.count(), Citation.objects.count())
    Source.objects.all().delete()
    Event.objects.all().delete()
    call_command("import_articles", str(article), stdout=StringIO())
    assert at_once == (Event.objects.count(), Citation.objects.count())


def test_two_articles_reporting_one_new_event_make_one_event(postgresql, tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "first.txt").write_text(FIRST)
    (tmp_path / "two" / "second.txt").write_text(SECOND)
    for _ in range(3):  # the race is won differently each time
        Source.objects.all().delete()
        Event.objects.all().delete()
        results = import_at_once(tmp_path / "one", tmp_path / "two")
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        assert Source.objects.count() == 2
        call = Event.objects.get(kind="call")
        files = {c.source.file_name for c in call.citations.select_related("source")}
        assert files == {"first.txt", "second.txt"}
