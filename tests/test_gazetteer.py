"""The gazetteer: the reference data loaded by migration, `sync_reference`, and the extractor's
gazetteer built from the database (terms of office, known meetings) or from the files."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from events.extraction import extract
from events.gazetteer import gazetteer_from_db, reference_data, sync_reference
from events.models import Actor, KnownMeeting, Term
from tests.conftest import make_article

KNOWN_OFFICE_HOLDERS = [
    ("head_of_government", "GB", "2024-11-22", "Keir Starmer"),
    ("head_of_government", "GB", "2020-01-01", "Boris Johnson"),
    ("secretary_general", "NATO", "2020-01-01", "Jens Stoltenberg"),
    ("secretary_general", "NATO", "2024-10-01", "Mark Rutte"),  # the handover day
    ("head_of_state", "US", "1966-03-07", "Lyndon B. Johnson"),
]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def table(model) -> list[tuple]:
    return list(model.objects.order_by("pk").values_list())


# The data migration


def test_a_migrated_database_holds_the_terms_of_office(db):
    terms = Term.objects.filter(actor__name="Jens Stoltenberg").order_by("start")
    assert [(t.office, t.country, t.start, t.end) for t in terms] == [
        ("head_of_government", "NO", day("2000-03-17"), day("2001-10-19")),
        ("head_of_government", "NO", day("2005-10-17"), day("2013-10-16")),
        ("secretary_general", "NATO", day("2014-10-01"), day("2024-10-01")),
    ]
    assert all(t.basis for t in terms)
    people = {e.name for e in reference_data().entities if e.category == "person"}
    assert Actor.objects.filter(kind="person").count() >= len(people) > 1000
    assert Term.objects.count() == sum(
        len(e.terms) for e in reference_data().entities if e.category == "person"
    )


def test_a_migrated_database_holds_the_calendar(db):
    assert KnownMeeting.objects.count() == len(reference_data().calendar)
    vilnius = KnownMeeting.objects.get(series="nato_summit", place="Vilnius")
    assert (vilnius.start, vilnius.end, vilnius.country) == (
        day("2023-07-11"),
        day("2023-07-12"),
        "LT",
    )
    assert vilnius.alias_list() == ["Vilnius Summit"]
    assert KnownMeeting.objects.filter(uncertain=True).exclude(basis="").exists()


def test_reference_people_become_actors_with_their_country_and_role(db):
    johnson = Actor.objects.get(name="Lyndon B. Johnson")
    assert (johnson.slug, johnson.kind, johnson.country) == (
        "lyndon-b-johnson",
        "person",
        "United States",
    )
    assert "President (US)" in johnson.role
    assert "LBJ" in johnson.names()
    walesa = Actor.objects.get(name="Lech Wałęsa")
    assert walesa.slug == "lech-walesa"  # ł folded, not dropped


def test_people_the_shipped_gazetteer_lists_keep_their_actor_and_gain_the_reference_names(db):
    lavrov = Actor.objects.get(slug="sergei-lavrov")  # the reference spells him "Sergey"
    assert not Actor.objects.filter(name="Sergey Lavrov").exists()
    assert "Sergey Lavrov" in lavrov.names()
    assert lavrov.terms.filter(office="foreign_minister", country="RU").exists()
    assert lavrov.role == "Foreign Minister of Russia"  # an editor's role is never overwritten


def test_countries_stay_in_the_files(db):
    from events.gazetteer import read_gazetteer

    shipped = [a for a in read_gazetteer()["actors"] if a["kind"] == "country"]
    assert Actor.objects.filter(kind="country").count() == len(shipped) < 50


def test_sync_reference_again_changes_nothing(db):
    before = [table(Actor), table(Term), table(KnownMeeting)]
    assert sync_reference(Actor, Term, KnownMeeting) == 0
    assert [table(Actor), table(Term), table(KnownMeeting)] == before


# sync_reference on data of our own


PEOPLE = """
    people:
      - name: "Lech Wałęsa"
        aliases: ["Walesa", "Wałęsa"]
        country: PL
        terms:
          - {office: head_of_state, title: President, country: PL, start: 1990-12-22,
             end: 1995-12-22, basis: official list, uncertain: false}
      - name: "Pat Example"
        aliases: ["Patricia Example", "Example"]
        country: PL
        terms:
          - {office: head_of_government, title: Prime Minister, country: PL, start: 2001-01-01,
             end: null, basis: a guess, uncertain: true}
      - name: "Georgia"
        country: PL
        terms:
          - {office: head_of_government, title: Prime Minister, country: PL, start: 1999-01-01,
             end: 2001-01-01}
"""
COUNTRIES = """
    countries:
      - {code: PL, name: Poland, aliases: [], demonyms: [Polish], capital: Warsaw}
"""
CALENDAR = """
    meetings:
      - {series: other, name: Test Talks, place: Gdańsk, country: PL, start: 2001-05-01,
         end: 2001-05-02, aliases: [Gdansk talks], basis: a report, uncertain: true}
"""


@pytest.fixture
def data_dir(tmp_path):
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "people.yaml").write_text(textwrap.dedent(PEOPLE))
    (tmp_path / "countries.yaml").write_text(textwrap.dedent(COUNTRIES))
    (tmp_path / "calendar.yaml").write_text(textwrap.dedent(CALENDAR))
    return tmp_path


def test_sync_reference_creates_people_terms_and_meetings_once(db, data_dir):
    Actor.objects.filter(slug__startswith="lech-walesa").delete()
    Actor.objects.create(name="Lech Walesa Street", slug="lech-walesa", kind="organisation")
    Actor.objects.create(name="Georgia", slug="georgia-the-country", kind="country")
    created = sync_reference(Actor, Term, KnownMeeting, data_dir=data_dir)
    assert created == 2 + 2 + 1  # Wałęsa and Example; their terms; the talks
    walesa = Actor.objects.get(name="Lech Wałęsa")
    assert (walesa.slug, walesa.country, walesa.role) == (
        "lech-walesa-2",
        "Poland",
        "President (PL)",
    )
    assert walesa.names() == ["Lech Wałęsa", "Walesa", "Wałęsa"]
    example = Term.objects.get(actor__name="Pat Example")
    assert (example.end, example.basis, example.uncertain) == (None, "a guess", True)
    assert not Term.objects.filter(actor__name="Georgia").exists()  # not a person: left alone
    talks = KnownMeeting.objects.get(name="Test Talks")
    assert (talks.place, talks.aliases, talks.uncertain) == ("Gdańsk", "Gdansk talks", True)
    before = [table(Actor), table(Term), table(KnownMeeting)]
    assert sync_reference(Actor, Term, KnownMeeting, data_dir=data_dir) == 0
    assert [table(Actor), table(Term), table(KnownMeeting)] == before


def test_sync_reference_gives_terms_to_the_actor_who_goes_by_the_name(db, data_dir):
    known = Actor.objects.create(
        name="Patricia Example", slug="patricia-example", aliases="P. Example"
    )
    sync_reference(Actor, Term, KnownMeeting, data_dir=data_dir)
    known.refresh_from_db()
    assert not Actor.objects.filter(name="Pat Example").exists()
    assert known.names() == ["Patricia Example", "P. Example", "Pat Example", "Example"]
    assert known.terms.get().title == "Prime Minister"
    # An editor's later edit of the aliases stays: the names come with the first terms only.
    known.aliases = "P. Example"
    known.save()
    assert sync_reference(Actor, Term, KnownMeeting, data_dir=data_dir) == 0
    known.refresh_from_db()
    assert known.aliases == "P. Example"


def test_an_actor_named_by_an_alias_gets_the_terms(db, data_dir):
    Actor.objects.filter(slug__startswith="lech-walesa").delete()
    editor_made = Actor.objects.create(name="Lech", slug="lech", aliases="Lech Wałęsa")
    sync_reference(Actor, Term, KnownMeeting, data_dir=data_dir)
    assert editor_made.terms.get().office == "head_of_state"
    assert not Actor.objects.filter(name="Lech Wałęsa").exists()


# The extractor's gazetteer from the database


@pytest.mark.parametrize(("office", "country", "on", "name"), KNOWN_OFFICE_HOLDERS)
def test_who_held_an_office_on_a_day(db, office, country, on, name):
    assert gazetteer_from_db().holder(office, country, day(on)).name == name


def test_a_name_two_people_bore_is_the_one_in_office_on_the_day(db):
    gazetteer = gazetteer_from_db()
    text = "Johnson said so."
    assert gazetteer.mentions(text, 0, day("1966-03-07"))[0].entity.name == "Lyndon B. Johnson"
    assert gazetteer.mentions(text, 0, day("2020-01-01"))[0].entity.name == "Boris Johnson"


def test_the_shipped_gazetteer_answers_the_same_without_a_database(gazetteer):
    for office, country, on, name in KNOWN_OFFICE_HOLDERS:
        assert gazetteer.holder(office, country, day(on)).name == name
    assert gazetteer.mentions("Johnson", 0, day("1966-03-07"))[0].entity.name == "Lyndon B. Johnson"


def test_the_database_gazetteer_knows_what_the_shipped_one_knows(db, gazetteer):
    from_db = gazetteer_from_db()

    def described(g):
        return {
            e.name: (e.category, frozenset(e.names), frozenset(e.terms), e.role) for e in g.entities
        }

    assert described(from_db) == described(gazetteer)
    assert from_db.calendar == gazetteer.calendar
    assert from_db.demonyms == gazetteer.demonyms


def test_people_carry_their_country_code(db):
    entities = {e.name: e for e in gazetteer_from_db().entities}
    assert entities["Keir Starmer"].country == "GB"
    assert entities["Recep Tayyip Erdoğan"].country == "TR"  # "Türkiye" in the actor row


def test_a_term_an_editor_adds_is_known_to_the_gazetteer(db):
    starmer = Term.objects.get(actor__name="Keir Starmer", office="head_of_government")
    starmer.end = day("2030-01-01")
    starmer.full_clean()
    starmer.save()
    successor = Actor.objects.create(name="Ada Future", slug="ada-future", kind="person")
    term = Term(
        actor=successor, office="head_of_government", title="Prime Minister", country="GB",
        start=day("2030-01-01"),
    )  # fmt: skip
    term.full_clean()
    term.save()
    gazetteer = gazetteer_from_db()
    assert gazetteer.holder("head_of_government", "GB", day("2030-06-01")).name == "Ada Future"
    assert gazetteer.holder("head_of_government", "GB", day("2029-06-01")).name == "Keir Starmer"
    ada = next(e for e in gazetteer.entities if e.name == "Ada Future")
    assert ada.role == "Prime Minister (GB)"


def test_a_meeting_an_editor_adds_is_known_to_the_next_extraction(db):
    KnownMeeting.objects.create(
        series="nato_summit", name="NATO Summit", place="Akureyri", country="IS",
        start=day("2031-07-01"), end=day("2031-07-02"), aliases="Akureyri Summit",
    )  # fmt: skip
    gazetteer = gazetteer_from_db()
    (meeting,) = gazetteer.meetings_named("Akureyri", 2031, "nato_summit")
    assert (meeting.start, meeting.end, meeting.aliases) == (
        day("2031-07-01"),
        day("2031-07-02"),
        ("Akureyri Summit",),
    )
    assert [m.entity.name for m in gazetteer.mentions("in Akureyri")] == ["Akureyri"]
    article = make_article("Biden will attend the NATO summit in Akureyri.", published="2031-05-01")
    (summit,) = [c for c in extract([article], gazetteer) if c.kind == "summit"]
    assert (summit.dates.start, summit.dates.end) == (day("2031-07-01"), day("2031-07-02"))


def test_a_meeting_an_editor_deletes_is_no_longer_known(db):
    KnownMeeting.objects.filter(place="Vilnius").delete()
    assert not list(gazetteer_from_db().meetings_named("Vilnius", 2023))
