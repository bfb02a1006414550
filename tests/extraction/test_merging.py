"""When two reports are of one real event (events.extraction.merging), through `extract`: within
one article and across the articles of a batch."""

from __future__ import annotations

from events.extraction import extract
from tests.conftest import make_article
from tests.extraction.test_pipeline import brief


def merged(gazetteer, *texts_and_days):
    """The events of one article per (text, published) pair, merged across the batch."""
    articles = [
        make_article(text, published=day, name=f"{n}.txt")
        for n, (text, day) in enumerate(texts_and_days)
    ]
    return [e.to_json() for e in extract(articles, gazetteer)]


def sources(event):
    return sorted(c["source"] for c in event["citations"])


def test_calls_between_the_same_people_on_different_days_stay_apart(gazetteer):
    found = merged(
        gazetteer,
        ("Biden spoke with Macron on Tuesday.", "2021-01-27"),
        ("Biden spoke with Macron on Wednesday.", "2021-01-28"),
    )
    assert [brief(e) for e in found] == [
        ("call", "2021-01-26", "2021-01-26", ["Emmanuel Macron", "Joe Biden"]),
        ("call", "2021-01-27", "2021-01-27", ["Emmanuel Macron", "Joe Biden"]),
    ]


def test_a_call_reported_as_talks_by_another_article_is_one_event(gazetteer):
    found = merged(
        gazetteer,
        ("Biden spoke by phone with Macron on Tuesday.", "2021-01-27"),
        ("Biden held talks with Macron on Tuesday.", "2021-01-27"),
    )
    assert [(brief(e), sources(e)) for e in found] == [
        (("call", "2021-01-26", "2021-01-26", ["Emmanuel Macron", "Joe Biden"]), ["0.txt", "1.txt"])
    ]


def test_within_one_article_a_call_and_a_meeting_of_the_same_people_stay_apart(gazetteer):
    found = merged(
        gazetteer,
        (
            "Biden spoke by phone with Macron on Tuesday. Biden met Macron in Paris on Tuesday.",
            "2021-01-27",
        ),
    )
    assert [brief(e) for e in found] == [
        ("call", "2021-01-26", "2021-01-26", ["Emmanuel Macron", "Joe Biden"]),
        ("meeting", "2021-01-26", "2021-01-26", ["Emmanuel Macron", "Joe Biden"]),
    ]


def test_a_signing_by_two_countries_and_by_their_leaders_is_one_event(gazetteer):
    found = merged(
        gazetteer,
        ("Britain and Germany signed a treaty on Thursday.", "2025-07-17"),
        ("Starmer and Merz signed a treaty on Thursday.", "2025-07-17"),
    )
    assert [(brief(e), sources(e)) for e in found] == [
        (
            (
                "agreement",
                "2025-07-17",
                "2025-07-17",
                ["Friedrich Merz", "Germany", "Keir Starmer", "United Kingdom"],
            ),
            ["0.txt", "1.txt"],
        )
    ]


def test_accessions_of_two_countries_in_one_month_stay_apart(gazetteer):
    # The second date range holds the first: only the countries tell them apart.
    found = merged(
        gazetteer,
        ("Albania joined NATO on April 1, 2009.", "2009-04-02"),
        ("Croatia became a NATO member in April 2009.", "2009-05-02"),
    )
    assert [brief(e) for e in found] == [
        ("other", "2009-04-01", "2009-04-01", ["Albania"]),
        ("other", "2009-04-01", "2009-04-30", ["Croatia"]),
    ]


def test_two_days_of_a_known_summit_reported_by_two_articles_are_one_summit(gazetteer):
    found = merged(
        gazetteer,
        ("NATO leaders gathered in Bucharest on Wednesday.", "2008-04-02"),
        ("The summit in Bucharest continued today.", "2008-04-03"),
    )
    assert [(brief(e), sources(e)) for e in found] == [
        (("summit", "2008-04-02", "2008-04-03", ["NATO"]), ["0.txt", "1.txt"])
    ]


def test_reports_naming_nobody_merge_across_compatible_kinds_only_on_one_same_day(gazetteer):
    # The treaty signed on 4 April 1949 and the alliance founded that day: one event.
    same_day = merged(
        gazetteer,
        ("Twelve nations signed the North Atlantic Treaty on April 4, 1949.", "2024-04-04"),
        ("Since it was founded April 4, 1949, the alliance has grown.", "2024-04-05"),
    )
    assert [sources(e) for e in same_day] == [["0.txt", "1.txt"]]
    # Over a whole year, two such reports may be two events.
    same_year = merged(
        gazetteer,
        ("Twelve nations signed the North Atlantic Treaty in 1949.", "2024-04-04"),
        ("Since it was founded in 1949, the alliance has grown.", "2024-04-05"),
    )
    assert sorted(sources(e) for e in same_year) == [["0.txt"], ["1.txt"]]
