"""The shipped reference data (events/data): terms of office that never overlap, a calendar of
meetings whose days make sense, countries keyed by real ISO codes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pycountry
import pytest
import yaml

from events.gazetteer import DATA_DIR, reference_data
from events.models import Term

# The offices the shipped terms may hold are the ones editors can choose in the admin.
OFFICES = set(Term.Office.values)
TERM_FILES = sorted((DATA_DIR / "terms").glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TERM_FILES, ids=lambda p: p.name)
def test_every_term_has_an_office_dates_and_a_basis(path):
    for person in load(path)["people"]:
        assert person["name"] and isinstance(person.get("aliases", []), list), person
        assert person["terms"], person["name"]
        for term in person["terms"]:
            assert term["office"] in OFFICES, (person["name"], term)
            assert isinstance(term["start"], dt.date), (person["name"], term)
            assert term["end"] is None or term["start"] <= term["end"], (person["name"], term)
            assert term["basis"], (person["name"], term)


def test_terms_of_one_office_never_overlap():
    terms = defaultdict(list)
    for entity in reference_data().entities:
        for term in entity.terms:
            terms[(term.office, term.country)].append((term.start, term.end, entity.name))
    overlaps = []
    for office, held in terms.items():
        held.sort()
        for (_, end, first), (start, _, second) in pairwise(held):
            if end is None or start < end:
                overlaps.append((office, first, second))
    assert overlaps == []


def test_a_person_in_several_files_is_one_entity_with_all_terms():
    people = {e.name: e for e in reference_data().entities if e.category == "person"}
    rutte = {(t.office, t.country) for t in people["Mark Rutte"].terms}
    assert {("head_of_government", "NL"), ("secretary_general", "NATO")} <= rutte


def test_country_codes_are_iso_codes():
    data = load(DATA_DIR / "countries.yaml")
    historic = {c.alpha_2 for c in pycountry.historic_countries if hasattr(c, "alpha_2")}
    for country in data["countries"]:
        code = country["code"]
        assert code == "XK" or pycountry.countries.get(alpha_2=code) or code in historic, code


def test_calendar_meetings_have_ordered_days_and_do_not_overlap_within_a_series():
    meetings = load(DATA_DIR / "calendar.yaml")["meetings"]
    by_series = defaultdict(list)
    for meeting in meetings:
        assert meeting["start"] <= meeting["end"], meeting
        assert (meeting["end"] - meeting["start"]).days < 14, meeting  # Moscow 1972: 9 days
        by_series[meeting["series"]].append((meeting["start"], meeting["end"], meeting["place"]))
    for series, held in by_series.items():
        held.sort()
        for first, second in pairwise(held):
            assert first[1] < second[0], (series, first, second)


def test_every_nato_summit_since_2000_is_in_the_calendar():
    summits = {
        (m.start.year, m.place)
        for m in reference_data().calendar
        if m.series == "nato_summit" and m.start.year >= 2000
    }
    expected = {(2002, "Prague"), (2004, "Istanbul"), (2008, "Bucharest"), (2014, "Newport"),
                (2022, "Madrid"), (2023, "Vilnius"), (2024, "Washington"), (2025, "The Hague")}  # fmt: skip
    assert expected <= summits
