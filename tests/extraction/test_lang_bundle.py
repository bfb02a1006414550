"""The words of dates, sentences, speech, cleaning, clauses and participants come from the
language bundle: a second, test-only bundle (tests/data/lang/xx.yaml, a few German words)
changes what is recognised."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from events.extraction import lang
from events.extraction.cleaning import find_regions
from events.extraction.dates import find_expressions, offset_of, resolve, tense_of
from events.extraction.detection import Discourse
from events.extraction.lang import load_language
from events.extraction.pipeline import series_of
from events.extraction.sentences import split_sentences
from events.extraction.speech import attribute, quote_spans

TEST_BUNDLE = Path(__file__).resolve().parent.parent / "data" / "lang" / "xx.yaml"
ANCHOR = dt.date(2024, 3, 7)  # a Thursday


@pytest.fixture
def bundles(tmp_path, monkeypatch):
    """A folder holding the test bundle in place of the shipped ones; the loader's cache is
    emptied before and after, so that no other test sees a bundle read from here."""
    shutil.copy(TEST_BUNDLE, tmp_path / "xx.yaml")
    monkeypatch.setattr(lang, "BUNDLES", tmp_path)
    load_language.cache_clear()
    yield tmp_path
    load_language.cache_clear()


@pytest.fixture
def xx(bundles):
    return load_language("xx")


def dates_in(text, language=None):
    """(kind, text, first day, last day) of each expression, resolved from ANCHOR."""
    found = []
    kwargs = {"language": language} if language is not None else {}
    for expr in find_expressions(text, **kwargs):
        days = resolve(expr, ANCHOR, "past", **kwargs)
        found.append((expr.kind, expr.text, days and str(days.start), days and str(days.end)))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sie trafen sich gestern.", [("relative_day", "gestern", "2024-03-06", "2024-03-06")]),
        ("am 5. Juni 2017", [("full_date", "5. Juni 2017", "2017-06-05", "2017-06-05")]),
        ("letzte Woche", [("period", "letzte Woche", "2024-02-26", "2024-03-03")]),
        ("nächsten Montag", [("weekday", "nächsten Montag", "2024-03-11", "2024-03-11")]),
        ("im Mai", [("bare_month", "Mai", "2023-05-01", "2023-05-31")]),
        ("Ende Mai", [("month_part", "Ende Mai", "2023-05-21", "2023-05-31")]),
        ("letzten Sommer", [("season", "letzten Sommer", "2023-06-01", "2023-09-22")]),
        (
            "vom 3. bis 5. Mai 2017",
            [("day_range", "3. bis 5. Mai 2017", "2017-05-03", "2017-05-05")],
        ),
    ],
)
def test_a_second_bundle_brings_its_own_temporal_words(xx, text, expected):
    assert dates_in(text, xx) == expected
    assert dates_in(text) == []  # none of them is English


@pytest.mark.parametrize("text", ["yesterday", "last week", "on 5 June 2017", "in May"])
def test_english_temporal_words_are_the_english_bundles_only(xx, text):
    assert dates_in(text) != []
    assert dates_in(text, xx) == []


def test_tense_offsets_and_deadlines_read_the_bundles_words(xx):
    assert (tense_of("Er wird kommen.", xx), tense_of("Er wird kommen.")) == ("future", "past")
    assert (tense_of("He will come.", xx), tense_of("He will come.")) == ("past", "future")
    [deadline] = find_expressions("bis 5. Juni 2017", language=xx)
    assert deadline.deadline
    [offset] = find_expressions("zwei Tage danach", language=xx)
    assert offset_of(offset, xx).days == 2


def test_sentence_abbreviations_are_the_bundles(xx):
    text = "Das ist Nr. 5 der Liste. Gut."
    assert len(split_sentences(text, language=xx)) == 2
    assert len(split_sentences(text)) == 3  # "Nr." ends a sentence in English


def test_credit_lines_are_the_bundles(xx):
    text = "Foto: NATO\nSie trafen sich."
    assert [r.reason for r in find_regions(text, language=xx)] == ["credit"]
    assert find_regions(text) == []


def test_a_bare_yes_or_on_in_a_word_list_is_refused_by_name(bundles):
    data = yaml.safe_load(TEST_BUNDLE.read_text(encoding="utf-8"))
    data["temporal"]["before_a_day"] = [True]  # what YAML makes of an unquoted `on`
    (bundles / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.yaml: temporal.*before_a_day"):
        load_language("xx")


def test_a_missing_temporal_word_list_is_refused_by_name(bundles):
    data = yaml.safe_load(TEST_BUNDLE.read_text(encoding="utf-8"))
    del data["temporal"]["weekdays"]
    (bundles / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.yaml: temporal: missing weekdays"):
        load_language("xx")


def test_the_pronoun_that_stands_for_the_speaker_is_the_bundles(xx, gazetteer):
    day = dt.date(2021, 6, 1)

    def speaker(text, verbs, *language):
        mentions = gazetteer.mentions(text, 0, day)
        voices = attribute(text, quote_spans(text), mentions, verbs, *language)
        return [v.speaker.name if v.speaker else None for v in voices]

    text = "Macron welcomed Scholz. „Europa muss handeln“, sagte er."
    assert speaker(text, xx.reporting_verbs, xx) == ["Olaf Scholz"]
    assert speaker(text.replace("er.", "he."), xx.reporting_verbs, xx) == [None]
    # the English bundle (the default) reads "he", not "er"
    assert speaker(text, xx.reporting_verbs) == [None]
    assert speaker(text.replace("sagte er.", "he said."), ("said",)) == ["Olaf Scholz"]


def test_an_article_in_another_language_is_read_with_its_bundle_throughout(bundles, gazetteer):
    # The whole pipeline, not only the date finder: the trigger, the relative day and the
    # sentence split all come from the article's bundle.
    from events.extraction import extract
    from events.extraction.articles import parse_article

    text = "Macron traf Scholz gestern in Paris. Es war ein gutes Treffen."
    article = parse_article(text, "xx.txt", {"language": "xx", "published": "2024-03-07"})
    found = [e.to_json() for e in extract([article], gazetteer)]
    assert [(e["kind"], e["date_from"], sorted(e["participants"])) for e in found] == [
        ("meeting", "2024-03-06", ["Emmanuel Macron", "Olaf Scholz"])
    ]


def _events(text, gazetteer):
    from events.extraction import extract
    from events.extraction.articles import parse_article

    article = parse_article(text, "xx.txt", {"language": "xx", "published": "2024-03-07"})
    return [
        (e.kind, str(e.dates.start), sorted(e.participants)) for e in extract([article], gazetteer)
    ]


def test_coordinated_verb_phrases_are_split_by_the_bundles_words(bundles, gazetteer):
    text = "Macron traf Scholz am Montag in Berlin und traf Meloni am Dienstag in Rom."
    assert _events(text, gazetteer) == [
        ("meeting", "2024-03-04", ["Emmanuel Macron", "Olaf Scholz"]),
        ("meeting", "2024-03-05", ["Emmanuel Macron", "Giorgia Meloni"]),
    ]
    # without "und" among the bundle's coordinators, the sentence is one clause: one meeting
    data = yaml.safe_load(TEST_BUNDLE.read_text(encoding="utf-8"))
    data["clauses"]["coordinators"] = []
    (bundles / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_language.cache_clear()
    assert len(_events(text, gazetteer)) == 1


def mentions_in(text, gazetteer, *language):
    discourse = Discourse(gazetteer, None, dt.date(2024, 3, 7), *language)
    return [(m.entity.name, m.via) for m in discourse.mentions(text, 0)]


def test_the_pronoun_for_the_person_named_is_the_bundles(xx, gazetteer):
    text = "Scholz kam, und er traf Macron."
    assert ("Olaf Scholz", "pronoun") in mentions_in(text, gazetteer, xx)
    assert ("Olaf Scholz", "pronoun") not in mentions_in(text, gazetteer)


def test_the_noun_of_a_government_body_is_the_bundles(xx, gazetteer):
    german = "Das Russische Verteidigungsministerium teilte mit."
    english = "The Russian Defence Ministry said so."
    assert mentions_in(german, gazetteer, xx) == [("Russische Verteidigungsministerium", "name")]
    assert mentions_in(german, gazetteer) == []
    assert mentions_in(english, gazetteer) == [("Russian Defence Ministry", "name")]
    assert mentions_in(english, gazetteer, xx) == []


def test_a_series_of_known_meetings_is_named_in_the_bundles_words(xx):
    assert series_of("auf der Münchner Sicherheitskonferenz", "meeting", xx) == (
        "munich_security_conference"
    )
    assert series_of("auf der Münchner Sicherheitskonferenz", "meeting") is None
    assert series_of("at the Munich Security Conference", "meeting", xx) is None
    # German has no skeleton for "foreign ministers' meeting": the bundle leaves it empty
    assert series_of("a NATO foreign ministers' meeting", "meeting", xx) is None
    assert series_of("a NATO foreign ministers' meeting", "meeting") == "nato_foreign_ministers"


@pytest.mark.parametrize("section", ["clauses", "participants"])
def test_a_missing_clause_or_participant_word_list_is_refused_by_name(bundles, section):
    data = yaml.safe_load(TEST_BUNDLE.read_text(encoding="utf-8"))
    del data[section]["the" if section == "participants" else "verbs"]
    (bundles / "xx.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"xx\.yaml: {section}: missing"):
        load_language("xx")
