"""The Nu HTML Checker (vnu, the W3C's checker; scripts/install-validator installs it) finds no
error and no warning in the public pages and the HTMX fragments: saved into one folder and
checked in a single run of the checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from events.gazetteer import sync_gazetteer
from events.models import Actor, Event, Place, Source, Topic

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "var" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db

# A fragment is checked inside the smallest document that may hold it: a title and the headings
# it lands under on the timeline (the page's h1, a year's h2, a month's h3).
SHELL = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fragment</title>'
    "</head><body><h1>page</h1><h2>year</h2><h3>month</h3>{}</body></html>"
)


@pytest.fixture
def seeded(db):
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


def pages() -> list[str]:
    events = Event.objects.published()
    with_children = events.filter(children__status="published").distinct()
    sources = Source.objects.filter(citations__event__status="published").distinct()
    return [
        "/", "/?kind=call&kind=pledge&from=2021-01&to=2021-03", "/?actor=joe-biden&q=NATO",
        "/?order=oldest&size=5", "/?from=banana", "/actors/", "/actors/?q=bi",
        *(e.get_absolute_url() for e in [*with_children[:2], *events.order_by("pk")[:3]]),
        "/actors/joe-biden/", "/actors/nato/", *(s.get_absolute_url() for s in sources[:3]),
        "/embed/?limit=8", "/embed/?layout=rail&limit=8", "/embed/?layout=strip&limit=20",
        "/embed/?compact=1&theme=dark", "/embed/?from=banana",
        f"/embed/events/{events.first().slug}/", "/events/no-such-event/",
    ]  # fmt: skip


def fragments() -> list[str]:
    return ["/?kind=call", "/?order=oldest&size=3", "/actors/?q=bi", "/?q=zzzznothing"]


def test_no_html_errors_or_warnings_in_pages_and_fragments(client, seeded, tmp_path):
    java = shutil.which("java")
    if java is None or not JAR.exists():
        pytest.skip("no Java or no vnu.jar: run scripts/install-validator")
    saved: dict[str, str] = {}
    for number, url in enumerate(pages()):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        saved[path.name] = url
    more = client.get("/?size=3").context["more_query"]
    for number, url in enumerate([*fragments(), f"/?{more}"]):
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        html = response.content.decode()
        if html.lstrip().startswith("<li"):
            html = f"<ol>{html}</ol>"
        path = tmp_path / f"fragment{number}.html"
        path.write_text(SHELL.format(html))
        saved[path.name] = f"{url} (HTMX fragment)"
    run = subprocess.run(
        [java, "-jar", str(JAR), "--format", "json", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout)["messages"]
    # Errors and warnings ("info" with subType "warning"); plain info messages are notes.
    found = [
        f"{saved.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: "
        f"{m.get('subType', m['type'])}: {m['message']}"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert len(saved) > 25
    assert found == [], "\n".join(found)
