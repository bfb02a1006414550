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
from tests.extraction.test_front_matter import ALIAS_BOMB

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
        ("bomb.md", ALIAS_BOMB.encode(), "YAML anchors and aliases are not allowed (the field"),
        ("title.md", b"---\ntitle: [A, B]\n---\nText.", "'title' must be a single value"),
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
    assert "meeting: Tillerson meets Stoltenberg in Brussels" in out
    assert "002_c9565cd1ea554d22.txt@" in out


def test_an_alias_added_by_an_editor_is_known_to_the_next_import():
    from events.models import Actor

    text = "The Estonian leader spoke with Biden on Tuesday."
    before = import_article(article=make_article(text))
    participants = Event.objects.filter(citations__source=before.source).values_list(
        "participants__name", flat=True
    )
    assert set(participants) == {"Joe Biden"}
    kallas = Actor.objects.get(name="Kaja Kallas")  # a reference person, loaded by migration
    kallas.aliases += "\nEstonian leader"
    kallas.save()
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
    # the same events as the extractor gives with the shipped gazetteer
    from events.extraction import article_paths, extract, read_article
    from events.gazetteer import shipped_gazetteer

    articles = [read_article(p) for p in article_paths([ARTICLES])]
    expected = [e.to_json() for e in extract(articles, shipped_gazetteer())]
    found = json.loads(result.stdout)["events"]
    assert [(e["kind"], e["date_from"], e["title"]) for e in found] == [
        (e["kind"], e["date_from"], e["title"]) for e in expected
    ]
    assert len(found) >= 18  # the seed gold's required events


def test_a_titled_person_the_gazetteer_does_not_know_becomes_an_actor():
    from events.models import Actor

    text = "President Biden spoke by phone with Defence Minister Antti Kaikkonen on Tuesday."
    import_article(article=make_article(text))
    call = Event.objects.get(kind="call")
    assert {a.name for a in call.participants.all()} == {"Joe Biden", "Antti Kaikkonen"}
    assert Actor.objects.get(name="Antti Kaikkonen").kind == "person"


# Planned events, participants' kinds and names, unknown kinds


def candidate(**fields):
    """An extraction candidate as the pipeline makes them, citing `source`."""
    import datetime as dt

    from events.extraction import DateRange, EventCandidate
    from events.extraction.data import Citation as Cited

    source = fields.pop("source")
    quote = source.text[:20]
    values = {
        "kind": "meeting", "dates": DateRange(dt.date(2023, 7, 11), dt.date(2023, 7, 11), "day"),
        "title": "Biden meets Stoltenberg", "summary": "", "participants": ("Joe Biden", "Jens Stoltenberg"),
        "location": None, "topics": (), "confidence": 0.6,
        "citations": (Cited(source.file_name, quote, 0, len(quote)),),
    }  # fmt: skip
    values.update(fields)
    return EventCandidate(**values)


def save(make_source, **fields):
    from events.ingest import save_candidates

    source = make_source(file_name=f"report-{Source.objects.count()}.txt")
    return save_candidates([candidate(source=source, **fields)], {source.file_name: source})


def test_an_event_announced_before_it_happened_is_planned_until_it_is_reported():
    announced = (
        "President Biden will meet Secretary General Jens Stoltenberg at the White House on Friday."
    )
    import_article(article=make_article(announced, published="2021-06-01"))
    meeting = Event.objects.get(kind="meeting")
    assert meeting.planned and meeting.date_from.isoformat() == "2021-06-04"
    reported = (
        "President Biden met Secretary General Jens Stoltenberg at the White House on Friday."
    )
    result = import_article(article=make_article(reported, published="2021-06-07"))
    assert result.events_merged == 1
    meeting.refresh_from_db()
    assert not meeting.planned and meeting.version == 2
    assert meeting.citations.count() == 2


def test_a_planned_candidate_makes_a_planned_event_and_another_announcement_keeps_it(make_source):
    assert save(make_source, planned=True) == (1, 0)
    assert save(make_source, planned=True) == (0, 1)
    event = Event.objects.get()
    assert event.planned and event.version == 2


def test_an_announcement_after_the_event_was_reported_does_not_make_it_planned(make_source):
    save(make_source, planned=False)
    save(make_source, planned=True)
    assert not Event.objects.get().planned


def test_a_merge_raises_the_version_and_the_last_update(make_source):
    save(make_source, planned=True)
    event = Event.objects.get()
    save(make_source, planned=False)
    merged = Event.objects.get()
    assert (merged.planned, merged.version) == (False, event.version + 1)
    assert merged.updated > event.updated


def test_a_new_participant_gets_the_kind_the_candidate_gives(make_source):
    from events.models import Actor

    save(
        make_source,
        participants=("Joe Biden", "Moldova", "Council of Europe", "Ana Newcomer"),
        participant_kinds=("person", "country", "organisation", "person"),
    )
    kinds = dict(Actor.objects.filter(name__in=["Moldova", "Council of Europe", "Ana Newcomer"])
                 .values_list("name", "kind"))  # fmt: skip
    assert kinds == {
        "Moldova": "country",
        "Council of Europe": "organisation",
        "Ana Newcomer": "person",
    }


def test_participants_are_found_by_alias(make_source):
    from events.models import Actor

    before = Actor.objects.count()
    save(make_source, participants=("Joe Biden", "Turkey"), participant_kinds=("person", "country"))
    assert Actor.objects.count() == before
    assert [a.name for a in Event.objects.get().participants.order_by("name")] == [
        "Joe Biden",
        "Türkiye",
    ]


def test_an_alias_finds_an_actor_of_the_kind_the_candidate_gives(make_source):
    from events.models import Actor

    player = Actor.objects.create(name="Michael Jordan", slug="mj", kind="person", aliases="Jordan")
    save(make_source, kind="call", participants=("Jordan",), participant_kinds=("person",))
    assert list(Event.objects.get(kind="call").participants.all()) == [player]
    save(make_source, participants=("Joe Biden", "Jordan"), participant_kinds=("person", "country"))
    assert Actor.objects.get(name="Jordan").kind == "country"


def test_a_report_naming_an_actor_by_alias_merges_into_the_stored_event(make_source):
    save(
        make_source, participants=("Joe Biden", "Türkiye"), participant_kinds=("person", "country")
    )
    assert save(
        make_source, participants=("Joe Biden", "Turkey"), participant_kinds=("person", "country")
    ) == (0, 1)
    assert Event.objects.get().citations.count() == 2


def test_an_unknown_kind_is_stored_as_other_and_logged(make_source, caplog):
    """The extractor's registry may name a kind this database does not know (yet): the article
    is not refused for it."""
    with caplog.at_level("WARNING", logger="events.ingest"):
        assert save(make_source, kind="negotiation", title="Talks on talks") == (1, 0)
    assert Event.objects.get().kind == "other"
    assert "Unknown event kind 'negotiation' for 'Talks on talks'" in caplog.text


def test_merging_by_an_editor_keeps_planned_only_if_every_event_was(make_event):
    from events.curation import merge_events

    planned, also_planned, reported = (make_event(f"Summit {n}", planned=p) for n, p in
                                       ((1, True), (2, True), (3, False)))  # fmt: skip
    merge_events(keep=planned, others=[also_planned])
    assert Event.objects.get(pk=planned.pk).planned
    merge_events(keep=planned, others=[reported])
    assert not Event.objects.get(pk=planned.pk).planned


def test_reports_of_two_days_of_one_summit_imported_apart_are_one_event():
    first = make_article(
        "NATO leaders gathered in Bucharest on Wednesday.", published="2008-04-02", name="a.txt"
    )
    second = make_article(
        "The NATO summit in Bucharest opened its second day today.",
        published="2008-04-03",
        name="b.txt",
    )
    import_article(article=first)
    import_article(article=second)
    summit = Event.objects.get(kind="summit")
    assert summit.known_meeting is not None
    assert (summit.known_meeting.place, str(summit.known_meeting.start)) == (
        "Bucharest",
        "2008-04-02",
    )
    assert {c.source.file_name for c in summit.citations.all()} == {"a.txt", "b.txt"}


def test_talks_imported_after_the_call_between_the_same_people_join_it():
    call = make_article("Biden spoke by phone with Macron on Tuesday.", name="a.txt")
    talks = make_article("Biden held talks with Macron on Tuesday.", name="b.txt")
    import_article(article=call)
    import_article(article=talks)
    assert Event.objects.count() == 1
    assert Event.objects.get().citations.count() == 2


# One outcome text: what an import did is told in the same words by import_articles and by the
# admin's "Add an article".

UNDATED_RELATIVE = "On Tuesday, Scholz met Jens Stoltenberg in Berlin."
UNDATED_ABSOLUTE = (
    "On 24 January 2023, Chancellor Scholz met NATO Secretary General Jens Stoltenberg in "
    "Berlin. They discussed support for Ukraine."
)
DATED_NOTHING = "The weather in Brussels was fine all week. Nothing else happened."


def outcome_by_command(tmp_path, text: str, published: str | None) -> str:
    front = f"published: {published}\n" if published else ""
    path = tmp_path / "article.txt"
    path.write_text(f"---\ntitle: An article\n{front}---\n{text}\n")
    out, _, failed = run("import_articles", path)
    assert failed is None
    line = next(line for line in out.splitlines() if line.startswith("article.txt: "))
    return line.removeprefix("article.txt: ")


def outcome_by_admin(client, text: str, published: str | None) -> tuple[str, str]:
    import html
    import re

    data = {"title": "An article", "kind": "news", "text": text, "published": published or ""}
    page = client.post("/admin/events/source/add/", data, follow=True).content.decode()
    level, message = re.search(r'<li class="(\w+)">([^<]*)</li>', page).groups()
    return level, html.unescape(message)


@pytest.mark.parametrize(
    ("text", "published", "said", "level"),
    [
        (UNDATED_RELATIVE, None, "0 new draft events, 0 merged into existing events — none "
         "because the article has no publication date, so the dates of these sentences could "
         "not be resolved: “On Tuesday, Scholz met Jens Stoltenberg in Berlin.”. Give the "
         "source its publication date, then re-extract", "warning"),
        (UNDATED_ABSOLUTE, None, "1 new draft event, 0 merged into existing events; warning: "
         "the publication date (2023-01-24) was inferred from the text; check it", "warning"),
        (DATED_NOTHING, "2023-01-25", "0 new draft events, 0 merged into existing events — "
         "none because the extractor found no sentence reporting a dated meeting, call, summit, "
         "pledge, agreement or statement", "warning"),
        (UNDATED_ABSOLUTE, "2023-01-25", "1 new draft event, 0 merged into existing events",
         "success"),
    ],
)  # fmt: skip
def test_the_command_and_add_an_article_tell_an_import_in_the_same_words(
    tmp_path, client, editor, text, published, said, level
):
    by_command = outcome_by_command(tmp_path, text, published)
    number = Source.objects.get().pk
    assert by_command == f"imported as source #{number}: {said}"
    # Once more: nothing changes, and both say so alike.
    again = f"already imported as source #{number}; nothing changed"
    assert outcome_by_command(tmp_path, text, published) == again
    Source.objects.all().delete()
    Event.objects.all().delete()
    assert outcome_by_admin(client, text, published) == (
        level,
        f"Imported as source #{number + 1}: {said}.",
    )
    again = f"Already imported as source #{number + 1}; nothing changed."
    assert outcome_by_admin(client, text, published) == ("warning", again)


def test_the_command_counts_the_imports_to_look_at_and_names_failures(tmp_path):
    (tmp_path / "a.txt").write_text(f"---\ntitle: A\n---\n{UNDATED_RELATIVE}\n")
    (tmp_path / "b.txt").write_text(
        f"---\ntitle: B\npublished: 2023-01-25\n---\n{UNDATED_ABSOLUTE}\n"
    )
    (tmp_path / "c.txt").write_bytes("---\ntitle: C\n---\nZoë".encode("utf-16"))
    out, err, failed = run("import_articles", tmp_path)
    assert out.splitlines()[-1] == (
        "Summary: 2 imported (1 new draft event, 0 merged into existing events), "
        "0 unchanged (imported before), 1 to look at (no events, or a warning above), 1 failed"
    )
    assert "c.txt: " in err and "UTF-16" in err
    assert failed == "1 of 3 file(s) failed; the others imported"


def test_a_long_outcome_is_kept_whole_where_it_is_told_and_shortened_in_the_import_record(
    client, editor
):
    """The Import record's detail holds 500 characters (PostgreSQL refuses more); the admin's
    message tells the whole outcome."""
    from events.models import Import

    people = ["Jens Stoltenberg", "Emmanuel Macron", "Olaf Scholz", "Joe Biden", "Rishi Sunak"]
    text = " ".join(
        f"On {day}, {a} met {b} in Brussels to discuss support for Ukraine."
        for day, (a, b) in zip(
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            zip(people, people[1:] + people[:1], strict=True),
            strict=True,
        )
    )
    _, message = outcome_by_admin(client, text, None)
    record = Import.objects.get()
    assert len(record.detail) == 500 and record.detail.endswith("…")
    assert message.startswith(f"Imported as source #{record.source_id}: 0 new draft events")
    assert message.endswith("Give the source its publication date, then re-extract.")
    assert len(message) > 600 and record.detail[1:-1] in message  # less "i" and "…"
