"""import_articles and extract_events, through the real commands and the real database."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.ingest import import_article, reextract
from events.models import Citation, Event, Source
from tests.conftest import ARTICLES, make_article

pytestmark = pytest.mark.django_db

GOOD = "---\ntitle: A call\npublished: 2021-01-26\n---\nBiden spoke with Macron on Tuesday.\n"


def run(command, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
        failed = None
    except CommandError as exc:
        failed = str(exc)
    return out.getvalue(), err.getvalue(), failed


def test_import_creates_source_drafts_and_citations():
    out, _, failed = run("import_articles", ARTICLES)
    assert failed is None
    assert Source.objects.count() == 5
    assert Event.objects.count() == Event.objects.filter(status="draft").count() > 15
    for citation in Citation.objects.select_related("source"):
        assert citation.quote_matches()
    assert "2 merged into existing events" in out  # 004 reports two of 000's events


def test_reimport_changes_nothing_and_says_so():
    run("import_articles", ARTICLES)
    counts = (Source.objects.count(), Event.objects.count(), Citation.objects.count())
    out, _, failed = run("import_articles", ARTICLES)
    assert failed is None
    assert (Source.objects.count(), Event.objects.count(), Citation.objects.count()) == counts
    assert out.count("already imported") == 5


def test_new_reports_merge_into_stored_events():
    run("import_articles", ARTICLES / "000_44c5bc153bc7a261.txt")
    call = Event.objects.get(kind="call", date_from="2021-01-26")
    run("import_articles", ARTICLES / "004_2fa3a9bb654af29b.txt")
    call.refresh_from_db()
    assert {c.source.file_name for c in call.citations.all()} == {
        "000_44c5bc153bc7a261.txt",
        "004_2fa3a9bb654af29b.txt",
    }
    assert call.version > 1
    assert Event.objects.filter(kind="call", date_from="2021-01-26").count() == 2  # + Putin


def test_pledge_is_linked_to_the_call_it_was_made_in():
    run("import_articles", ARTICLES / "000_44c5bc153bc7a261.txt")
    pledge = Event.objects.get(kind="pledge")
    assert pledge.parent.kind == "call"


def test_reextract_adds_no_duplicates():
    run("import_articles", ARTICLES / "003_357e44b216b55115.txt")
    source = Source.objects.get()
    before = Event.objects.count()
    created, merged = reextract(source=source)
    assert (created, Event.objects.count()) == (0, before)
    assert merged == before


def test_unknown_publication_date_is_inferred_from_the_text():
    article = make_article("On June 14, 2021, Biden met Stoltenberg in Brussels.", published=None)
    result = import_article(article=article)
    assert (str(result.source.published), result.source.published_inferred) == ("2021-06-14", True)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("empty.txt", b"  \n", "the file is empty"),
        ("latin1.txt", "Brüssel".encode("latin-1"), "not UTF-8 text"),
        ("big.txt", b"word " * 500_000, "larger than 2 MB"),
        ("frontmatter.md", b"---\ntitle: [unclosed\n---\nText.", "broken front matter"),
        ("list.md", b"---\n- a\n- b\n---\nText.", "front matter is not"),
        ("nobody.md", b"---\ntitle: Empty\n---\n\n", "no article text"),
        ("date.md", b"---\npublished: 26/01/2021\n---\nBiden spoke on Tuesday.", "does not parse"),
    ],
)
def test_a_bad_file_is_reported_by_name_and_the_others_import(tmp_path, name, content, reason):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / name).write_bytes(content)
    _out, err, failed = run("import_articles", tmp_path)
    assert f"{name}: " in err and reason in err
    assert failed == "1 of 2 file(s) failed; the others imported"
    assert list(Source.objects.values_list("file_name", flat=True)) == ["good.txt"]


def test_an_article_that_fails_midway_leaves_nothing(monkeypatch):
    """Fault injection: the event step fails after the source row was written."""
    import events.ingest as ingest

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "save_candidates", broken)
    with pytest.raises(RuntimeError):
        import_article(article=make_article("Biden spoke with Macron on Tuesday."))
    assert Source.objects.count() == 0


def test_missing_path_and_bad_manifest_are_command_errors(tmp_path):
    assert "no such file or folder" in run("import_articles", tmp_path / "nope")[2]
    manifest = tmp_path / "m.json"
    manifest.write_text("{not json")
    _, _, failed = run("import_articles", "--manifest", manifest, ARTICLES)
    assert "m.json: manifest is not valid JSON or CSV" in failed


def test_extract_events_is_a_dry_run_with_the_scorer_format():
    out, _, failed = run("extract_events", "--format", "json", ARTICLES)
    assert failed is None
    assert Source.objects.count() == Event.objects.count() == 0
    events = json.loads(out)["events"]
    keys = {"kind", "date_from", "date_to", "date_precision", "title", "summary", "participants",
            "location", "topics", "confidence", "citations"}  # fmt: skip
    assert keys <= set(events[0])
    assert {"source", "quote", "start", "end"} == set(events[0]["citations"][0])


def test_extract_events_reads_a_csv_manifest(tmp_path):
    shutil.copy(ARTICLES / "004_2fa3a9bb654af29b.txt", tmp_path / "plain.txt")
    text = (tmp_path / "plain.txt").read_text().split("---\n", 2)[2]
    (tmp_path / "plain.txt").write_text(text)  # no front matter: the manifest dates it
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,title,publisher,kind,url,published\nplain.txt,T,P,news,,2021-01-26\n")
    out, _, failed = run("extract_events", "--format", "json", "--manifest", manifest, tmp_path)
    assert failed is None
    calls = [e for e in json.loads(out)["events"] if e["kind"] == "call"]
    assert {"2021-01-25", "2021-01-26"} == {e["date_from"] for e in calls}


def test_extract_events_text_format_names_sources(tmp_path):
    out, _, _ = run("extract_events", ARTICLES / "002_c9565cd1ea554d22.txt")
    assert "meeting: Rex Tillerson meets Jens Stoltenberg in Brussels" in out
    assert "002_c9565cd1ea554d22.txt@" in out


def test_an_alias_added_by_an_editor_is_known_to_the_next_import():
    from events.models import Actor

    text = "The Estonian leader spoke with Biden on Tuesday."
    before = import_article(article=make_article(text))
    participants = Event.objects.filter(citations__source=before.source).values_list(
        "participants__name", flat=True
    )
    assert set(participants) == {"Joe Biden"}
    kallas = Actor.objects.create(name="Kaja Kallas", slug="kaja-kallas", aliases="Estonian leader")
    import_article(article=make_article("The Estonian leader spoke with Stoltenberg on Monday."))
    assert Event.objects.filter(participants=kallas, kind="call").exists()


def test_extract_events_works_before_the_database_is_migrated(tmp_path):
    """A dry run needs no database: on a fresh checkout it uses the shipped gazetteer."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_events", "--format", "json", str(ARTICLES)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "not migrated" in result.stderr
    assert len(json.loads(result.stdout)["events"]) == 21


def test_a_titled_person_the_gazetteer_does_not_know_becomes_an_actor():
    from events.models import Actor

    text = "President Biden spoke by phone with Defence Minister Antti Kaikkonen on Tuesday."
    import_article(article=make_article(text))
    call = Event.objects.get(kind="call")
    assert {a.name for a in call.participants.all()} == {"Joe Biden", "Antti Kaikkonen"}
    assert Actor.objects.get(name="Antti Kaikkonen").kind == "person"
