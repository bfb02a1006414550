"""Imports as tasks on Django's task framework: their record, a retry, the database queue and
real `db_worker` processes (two at once, meeting the same articles and the same new event)."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from werkzeug import Response

from events import tasks
from events.models import Citation, Event, Import, Source
from tests.conftest import ROOT
from tests.test_concurrent_imports import database_url
from tests.webpages import CALL_AGAIN, article_html

HTML = "text/html; charset=utf-8"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


@pytest.fixture
def web(httpserver, settings):
    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.0/8"]
    return httpserver


def serve(web, path: str, **page) -> str:
    url = web.url_for(path)
    page.setdefault("canonical", url)
    web.expect_request(path).respond_with_data(article_html(**page), content_type=HTML)
    return url


@pytest.mark.django_db
def test_a_failed_import_is_retried_from_the_admin(client, web):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("ed", password="a-long-pass-phrase", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    answers = iter([Response("busy", status=503), Response(article_html(), content_type=HTML)])
    web.expect_request("/a").respond_with_handler(lambda request: next(answers))
    record = tasks.queue_url(web.url_for("/a"), user=editor)
    assert record.outcome() == "failed: the server answered 503 SERVICE UNAVAILABLE"
    listing = client.get("/admin/events/import/?state__exact=failed").content.decode()
    assert "503 SERVICE UNAVAILABLE" in listing
    response = client.post(
        "/admin/events/import/", {"action": "retry", "_selected_action": [record.pk]}, follow=True
    )
    record.refresh_from_db()
    assert record.state == "done" and record.source_created and not record.error
    assert "done: imported as source" in response.content.decode()
    assert Source.objects.count() == 1
    # A done import is not retried.
    response = client.post(
        "/admin/events/import/", {"action": "retry", "_selected_action": [record.pk]}, follow=True
    )
    assert "Only failed imports can be retried." in response.content.decode()
    assert Source.objects.count() == 1 and len(web.log) == 2


@pytest.mark.django_db
def test_with_workers_the_admin_queues_the_article_and_lists_it(admin_client, web, settings):
    settings.TASKS = DATABASE_QUEUE
    url = serve(web, "/a")
    response = admin_client.post("/admin/events/source/add/", {"url": url, "kind": "news"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/events/import/"
    listing = admin_client.get(response["Location"]).content.decode()
    assert url in listing and "queued" in listing
    assert not Source.objects.exists() and not web.log


@pytest.mark.django_db
def test_import_records_cannot_be_added_or_edited_by_hand(admin_client):
    assert admin_client.get("/admin/events/import/add/").status_code == 403


@pytest.mark.django_db
def test_with_a_worker_backend_the_command_queues_one_task_per_article(web, settings):
    settings.TASKS = DATABASE_QUEUE
    urls = [serve(web, "/a"), serve(web, "/b", title="Macron and Biden talk", lead=CALL_AGAIN)]
    out = StringIO()
    call_command("import_articles", *urls, "fixtures/articles/000_44c5bc153bc7a261.txt", stdout=out)
    assert "Queued 3 import task(s)" in out.getvalue() and "3 queued" in out.getvalue()
    assert list(Import.objects.values_list("state", flat=True)) == ["queued"] * 3
    assert not Source.objects.exists() and not web.log
    # A worker (here in this process, on this test database) runs them. On PostgreSQL, real
    # worker processes do (below): in-process, db_worker closes the test's connection.
    if connection.vendor == "postgresql":
        return
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=StringIO())
    assert list(Import.objects.values_list("state", flat=True)) == ["done"] * 3
    assert Source.objects.count() == 3
    call = Event.objects.get(kind="call", participants__name="Emmanuel Macron")
    assert {c.source.url for c in call.citations.select_related("source")} == set(urls)


# Real worker processes on PostgreSQL

# Skipped at collection on SQLite, before the transactional database is set up for them.
on_postgresql = pytest.mark.skipif(
    not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="needs PostgreSQL: worker processes cannot reach SQLite's in-memory database",
)


@pytest.fixture
def postgresql():
    from events.gazetteer import sync_gazetteer, sync_reference
    from events.models import Actor, KnownMeeting, Place, Term, Topic

    sync_gazetteer(Actor, Place, Topic)
    sync_reference(Actor, Term, KnownMeeting)


def start_workers(n: int, *until: str) -> list[subprocess.Popen]:
    """`manage.py db_worker` processes that run what is queued, then stop (or stop `until`)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.0/8",
        "DEBUG": "0",
    }
    env.setdefault("SECRET_KEY", "x")
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
               *(until or ["--batch"])]  # fmt: skip
    return [
        subprocess.Popen(
            [*command, "--worker-id", f"test-worker-{i}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]


def wait(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        _out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err[-3000:]


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_process_runs_queued_imports(postgresql, web, settings):
    settings.TASKS = DATABASE_QUEUE
    url = serve(web, "/a")
    record = tasks.queue_url(url)
    assert record.state == "queued"
    wait(start_workers(1))
    record.refresh_from_db()
    assert record.state == "done", record.error
    assert record.task_id and record.started and record.finished
    assert Source.objects.get().url == url


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_waits_for_the_workers_and_sums_up(postgresql, web, settings):
    settings.TASKS = DATABASE_QUEUE
    workers = start_workers(1, "--max-tasks", "3")
    web.expect_request("/wall").respond_with_data("<p>Subscribe.</p>" * 3, content_type=HTML)
    urls = [serve(web, "/a"), serve(web, "/b", title="Macron and Biden talk", lead=CALL_AGAIN)]
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 3 article"):
        call_command("import_articles", "--wait", *urls, web.url_for("/wall"), stdout=out,
                     stderr=err)  # fmt: skip
    wait(workers)
    assert "Summary: 2 imported (" in out.getvalue() and ", 1 failed" in out.getvalue()
    assert f"{web.url_for('/wall')}: only 3 words of article text" in err.getvalue()


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_importing_overlapping_articles_store_each_once(postgresql, web, settings):
    """The same article queued twice (once through a tracking link) and two articles reporting
    one new call: one source per article, one call event citing both."""
    settings.TASKS = DATABASE_QUEUE
    first = serve(web, "/a")
    second = serve(web, "/b", title="Macron and Biden talk", lead=CALL_AGAIN)
    # The same article through another link, corrected since: another text, the same page.
    web.expect_request("/a-amp").respond_with_data(
        article_html(canonical=first, extra="<p>This article was corrected.</p>"),
        content_type=HTML,
    )
    for _ in range(2):  # the race is won differently each time
        Source.objects.all().delete()
        Event.objects.all().delete()
        Import.objects.all().delete()
        for url in (first, second, first, web.url_for("/a-amp") + "?utm_source=x", second):
            tasks.queue_url(url)
        wait(start_workers(2))
        states = list(Import.objects.values_list("state", "error"))
        assert [s for s, _ in states] == ["done"] * 5, states
        assert sorted(Source.objects.values_list("url", flat=True)) == sorted([first, second])
        assert Import.objects.filter(source_created=True).count() == 2
        call = Event.objects.get(kind="call", participants__name="Emmanuel Macron")
        cited = Citation.objects.filter(event=call).values_list("source__url", flat=True)
        assert set(cited) == {first, second}
        workers = set(Import.objects.values_list("task_id", flat=True))
        assert len(workers) == 5
