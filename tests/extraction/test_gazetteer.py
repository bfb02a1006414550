"""The extractor's gazetteer (events.extraction.gazetteer): names found with and without their
diacritics, who held an office on a day, namesakes told apart by the day, names that stand for
someone else, offices named without a name, peoples named by their demonym, and the calendar of
known meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction import Entity, Gazetteer, extract, parse_article
from tests.extraction.test_pipeline import brief, events


def names_found(gazetteer, text, day=None):
    return [(m.entity.name, text[m.start : m.end]) for m in gazetteer.mentions(text, 0, day)]


@pytest.mark.parametrize(
    ("text", "name"),
    [("Erdogan", "Recep Tayyip Erdoğan"), ("Niinisto", "Sauli Niinistö")],
)
def test_a_name_written_without_its_diacritics_finds_the_person(gazetteer, text, name):
    assert names_found(gazetteer, f"{text} arrived.") == [(name, text)]


def test_a_name_written_with_diacritics_finds_a_name_stored_without_them():
    small = Gazetteer([Entity("Recep Tayyip Erdogan", "person", ("Erdogan",))])
    assert names_found(small, "Erdoğan arrived.") == [("Recep Tayyip Erdogan", "Erdoğan")]


@pytest.mark.parametrize(
    ("office", "country", "day", "name"),
    [
        ("head_of_government", "GB", dt.date(2024, 11, 22), "Keir Starmer"),
        ("head_of_government", "GB", dt.date(2019, 1, 1), "Theresa May"),
        ("secretary_general", "NATO", dt.date(2010, 1, 1), "Anders Fogh Rasmussen"),
    ],
)
def test_who_held_an_office_on_a_day(gazetteer, office, country, day, name):
    holder = gazetteer.holder(office, country, day)
    assert holder is not None and holder.name == name


@pytest.mark.parametrize(
    ("text", "day", "name"),
    [
        ("Bush", dt.date(1990, 6, 1), "George H. W. Bush"),
        ("Bush", dt.date(2005, 6, 1), "George W. Bush"),
        ("Johnson", dt.date(1966, 3, 7), "Lyndon B. Johnson"),
        ("Johnson", dt.date(2020, 1, 1), "Boris Johnson"),
    ],
)
def test_a_name_two_people_bore_is_the_one_nearest_in_office(gazetteer, text, day, name):
    assert names_found(gazetteer, text, day) == [(name, text)]


def test_a_middle_initial_without_its_dot_matches(gazetteer):
    found = names_found(gazetteer, "Lyndon B Johnson spoke.")
    assert found == [("Lyndon B. Johnson", "Lyndon B Johnson")]


def test_a_lone_surname_after_another_given_name_is_someone_else(gazetteer):
    found = events(
        gazetteer,
        "Prime Minister Tony Blair met Kevin Bush in London on Tuesday.",
        published="2005-06-09",
    )
    assert [brief(e) for e in found] == [("meeting", "2005-06-07", "2005-06-07", ["Tony Blair"])]


def test_an_administration_named_after_a_president_is_not_the_president(gazetteer):
    found = events(
        gazetteer,
        "The Biden administration announced a $1 billion package for Ukraine on Tuesday.",
        published="2022-06-09",
    )
    assert [brief(e) for e in found] == [("pledge", "2022-06-07", "2022-06-07", [])]


def test_a_readout_from_downing_street_names_the_prime_minister_of_the_day(gazetteer):
    # make_article sets no publisher or address: the manifest's fields, as `import` passes them.
    readout = parse_article(
        "The Prime Minister spoke to NATO Secretary General Mark Rutte this afternoon.",
        "readout.txt",
        {
            "published": "2024-11-22",
            "kind": "readout",
            "publisher": "Prime Minister's Office, 10 Downing Street",
            "url": "https://www.gov.uk/government/news/pm-call-with-nato-secretary-general",
        },
    )
    found = [e.to_json() for e in extract([readout], gazetteer)]
    assert [brief(e) for e in found] == [
        ("call", "2024-11-22", "2024-11-22", ["Keir Starmer", "Mark Rutte"])
    ]


def test_leaders_named_by_their_demonyms_are_their_countries(gazetteer):
    found = events(
        gazetteer,
        "Croatian and Albanian officials attended a dinner in Tirana on Friday.",
        published="2009-04-06",
    )
    assert [brief(e) for e in found] == [
        ("meeting", "2009-04-03", "2009-04-03", ["Albania", "Croatia"])
    ]


def test_a_summit_named_by_its_place_in_the_future_tense_is_the_next_one(gazetteer):
    found = events(
        gazetteer, "Stoltenberg will travel to the Vilnius summit.", published="2023-02-01"
    )
    assert [(*brief(e), e["planned"]) for e in found] == [
        ("summit", "2023-07-11", "2023-07-12", ["Jens Stoltenberg"], True)
    ]


@pytest.mark.parametrize(
    ("verb", "date_from", "date_to", "planned"),
    [
        ("will fly", "2018-07-11", "2018-07-12", True),  # the next Brussels summit
        ("flew", "2017-05-25", "2017-05-25", False),  # the latest one held
    ],
)
def test_the_tense_chooses_between_two_summits_at_one_place(
    gazetteer, verb, date_from, date_to, planned
):
    found = events(
        gazetteer,
        f"Prime Minister Theresa May {verb} to the Brussels summit.",
        published="2018-03-01",
    )
    assert [(*brief(e), e["planned"]) for e in found] == [
        ("summit", date_from, date_to, ["Theresa May"], planned)
    ]


def test_a_g7_summit_is_not_resolved_to_the_nato_summit_at_the_same_place(gazetteer):
    # London held a G7 summit on 7-8 May 1977 and a NATO summit on 10-11 May 1977.
    found = events(gazetteer, "Carter attended the G7 summit in London.", published="1977-05-12")
    assert [(*brief(e), e["title"]) for e in found] == [
        ("summit", "1977-05-07", "1977-05-08", ["G7", "Jimmy Carter"], "G7 Summit in London")
    ]


def test_a_given_name_typed_wrong_is_confirmed_by_the_surname(gazetteer):
    from tests.extraction.test_pipeline import brief, events

    found = events(
        gazetteer,
        "On Tuesday, Russian President Vladmir Putin spoke with Emmanuel Macron.",
        published="2022-05-04",
    )
    assert [brief(e) for e in found] == [
        ("call", "2022-05-03", "2022-05-03", ["Emmanuel Macron", "Vladimir Putin"])
    ]


def test_a_phrase_of_time_before_a_title_is_no_name(gazetteer):
    from tests.extraction.test_pipeline import events

    found = events(gazetteer, "On Monday, Polish President Andrzej Duda met Joe Biden.")
    assert all("On Monday" not in e["participants"] for e in found)
