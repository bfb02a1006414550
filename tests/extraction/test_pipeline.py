"""Detection, participants, coreference, dating in context and merging, on sentences written
for the tests (the extractor is judged on articles it has never seen), then the seed gold."""

from __future__ import annotations

import pytest

from events.extraction import extract
from tests.conftest import make_article


def events(gazetteer, text, **meta):
    return [e.to_json() for e in extract([make_article(text, **meta)], gazetteer)]


def brief(event):
    return (event["kind"], event["date_from"], event["date_to"], sorted(event["participants"]))


def test_meeting_with_place_and_weekday(gazetteer):
    found = events(
        gazetteer,
        "French President Emmanuel Macron hosted German Chancellor Olaf Scholz in Paris on "
        "Monday to discuss support for Ukraine.",
        published="2023-01-25",
    )
    assert [brief(e) for e in found] == [
        ("meeting", "2023-01-23", "2023-01-23", ["Emmanuel Macron", "Olaf Scholz"])
    ]
    assert found[0]["location"] == "Paris"
    assert found[0]["topics"] == ["Ukraine"]


def test_call_and_the_pledge_made_in_it_are_two_linked_events(gazetteer):
    found = events(
        gazetteer,
        "Prime Minister Rishi Sunak spoke by phone with President Zelenskyy on Thursday and "
        "reaffirmed Britain's commitment to Ukraine's defence.",
        published="2023-02-03",
    )
    assert [brief(e) for e in found] == [
        ("call", "2023-02-02", "2023-02-02", ["Rishi Sunak", "Volodymyr Zelenskyy"]),
        ("pledge", "2023-02-02", "2023-02-02", ["Rishi Sunak"]),
    ]
    assert found[1]["parent"] == 0


def test_reporting_speakers_and_titles_are_not_participants(gazetteer):
    found = events(
        gazetteer,
        "U.S. President Joe Biden spoke with Turkish President Erdogan on Friday, "
        "the White House said.",
        published="2023-05-08",
    )
    assert [brief(e) for e in found] == [
        ("call", "2023-05-05", "2023-05-05", ["Joe Biden", "Recep Tayyip Erdoğan"])
    ]


def test_agreement_needs_an_instrument(gazetteer):
    text = (
        "On July 11, 2023, NATO Allies agreed a new defence plan for the eastern flank. "
        "On July 12, 2023, Biden and Scholz agreed that the talks went well."
    )
    found = events(gazetteer, text, published="2023-07-13")
    assert [brief(e) for e in found] == [("agreement", "2023-07-11", "2023-07-11", ["NATO"])]


def test_coreference_of_titles_pronouns_and_the_two_leaders(gazetteer):
    text = (
        "Jens Stoltenberg spoke with Vladimir Putin on Monday. "
        "The two leaders agreed to extend the arms control treaty. "
        "The Secretary General also pledged support for Ukraine, he said."
    )
    found = events(gazetteer, text, published="2021-03-03")
    assert [brief(e) for e in found] == [
        ("call", "2021-03-01", "2021-03-01", ["Jens Stoltenberg", "Vladimir Putin"]),
        ("agreement", "2021-03-01", "2021-03-01", ["Jens Stoltenberg", "Vladimir Putin"]),
        ("pledge", "2021-03-01", "2021-03-01", ["Jens Stoltenberg"]),
    ]


def test_the_president_is_the_president_the_article_is_about(gazetteer):
    text = (
        "President Zelenskyy addressed the leaders by video. "
        "After him, the President pledged new aid on Thursday."
    )
    found = events(gazetteer, text, published="2022-03-24", title="President Biden's trip")
    pledge = next(e for e in found if e["kind"] == "pledge")
    assert pledge["participants"] == ["Joe Biden"]


def test_a_day_after_another_event(gazetteer):
    text = (
        "Macron spoke to Scholz on Wednesday. "
        "Macron's phone call with Scholz came a day after he spoke with Prime Minister Meloni."
    )
    found = events(gazetteer, text, published="2023-03-09")
    assert sorted(brief(e) for e in found) == [
        ("call", "2023-03-07", "2023-03-07", ["Emmanuel Macron", "Giorgia Meloni"]),
        ("call", "2023-03-08", "2023-03-08", ["Emmanuel Macron", "Olaf Scholz"]),
    ]


def test_undated_and_present_perfect_events_are_not_candidates(gazetteer):
    text = (
        "Biden has met Macron numerous times. "
        "Biden also spoke with Trudeau during the presidential transition."
    )
    assert events(gazetteer, text, published="2021-02-01") == []


def test_section_heading_stops_dates_flowing_into_the_next_section(gazetteer):
    text = (
        "In March 2019, Trump hosted Stoltenberg in Washington.\n\n"
        "BURDEN SHARING: Trump and Stoltenberg agreed a new spending plan."
    )
    found = events(gazetteer, text, published="2019-06-01", kind="fact_sheet")
    assert [e["kind"] for e in found] == ["meeting"]


def test_without_a_publication_date_the_text_anchors_and_relative_dates_follow(gazetteer):
    text = "On June 14, 2021, Biden met Stoltenberg in Brussels. The next day, Biden met Erdogan."
    found = events(gazetteer, text, published=None)
    assert sorted(brief(e) for e in found) == [
        ("meeting", "2021-06-14", "2021-06-14", ["Jens Stoltenberg", "Joe Biden"]),
        ("meeting", "2021-06-15", "2021-06-15", ["Joe Biden", "Recep Tayyip Erdoğan"]),
    ]


def test_same_event_in_two_articles_is_one_event_citing_both(gazetteer):
    first = make_article(
        "Biden spoke with Macron on Tuesday.", published="2021-01-26", name="a.txt"
    )
    second = make_article(
        "President Biden and Emmanuel Macron spoke on Tuesday, the Elysee said.",
        published="2021-01-27",
        name="b.txt",
    )
    found = extract([first, second], gazetteer)
    assert len(found) == 1
    assert {c.source for c in found[0].citations} == {"a.txt", "b.txt"}
    assert found[0].confidence > extract([first], gazetteer)[0].confidence


def test_citations_point_at_their_quote(gazetteer):
    article = make_article("Intro line.\n\nBiden spoke with Macron on Tuesday.")
    (event,) = extract([article], gazetteer)
    (citation,) = event.citations
    assert article.text[citation.start : citation.end] == citation.quote


def test_extraction_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys, events.extraction as x; from pathlib import Path; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dateline_does_not_date_the_event(gazetteer):
    text = (
        "VILNIUS, July 12 (Reuters) - NATO Allies agreed on Tuesday to a new plan to defend Europe."
    )
    found = events(gazetteer, text, published="2023-07-12")
    assert [brief(e) for e in found] == [("agreement", "2023-07-11", "2023-07-11", ["NATO"])]
    assert found[0]["title"] == "NATO agreed to a new plan to defend Europe"


def test_a_dated_clause_anchors_a_day_after(gazetteer):
    text = (
        "Biden met Erdogan on Tuesday on the sidelines of the summit in Vilnius, "
        "a day after Erdogan spoke with Prime Minister Kristersson."
    )
    found = events(gazetteer, text, published="2023-07-12")
    assert sorted(brief(e) for e in found) == [
        ("call", "2023-07-10", "2023-07-10", ["Recep Tayyip Erdoğan", "Ulf Kristersson"]),
        ("meeting", "2023-07-11", "2023-07-11", ["Joe Biden", "Recep Tayyip Erdoğan"]),
    ]


def test_a_month_takes_the_year_the_clause_names(gazetteer):
    text = "Last year, Biden met Sanchez at the summit in Stockholm in June."
    found = events(gazetteer, text, published="2023-07-12")
    assert [(e["kind"], e["date_from"], e["date_to"]) for e in found] == [
        ("summit", "2022-06-01", "2022-06-30")
    ]


def test_a_known_summit_takes_the_calendars_days(gazetteer):
    # June 2022 in the text; the calendar knows the Madrid summit was 28-30 June.
    text = "Last year, Biden met Sanchez at the Madrid summit in June."
    found = events(gazetteer, text, published="2023-07-12")
    assert [(e["kind"], e["date_from"], e["date_to"], e["title"]) for e in found] == [
        ("summit", "2022-06-28", "2022-06-30", "NATO Summit in Madrid")
    ]


def test_reports_of_two_days_of_one_summit_are_one_event(gazetteer):
    first = make_article(
        "NATO leaders gathered in Bucharest on Wednesday.", published="2008-04-02", name="a.txt"
    )
    second = make_article(
        "The NATO summit in Bucharest opened its second day today.",
        published="2008-04-03",
        name="b.txt",
    )
    found = [e.to_json() for e in extract([first, second], gazetteer)]
    summits = [
        (e["date_from"], e["date_to"], len(e["citations"])) for e in found if e["kind"] == "summit"
    ]
    assert summits == [("2008-04-02", "2008-04-03", 2)]


def test_a_summit_named_by_its_place_alone_takes_the_next_one_in_the_future(gazetteer):
    text = "Leaders will meet at the Vilnius summit."
    found = events(gazetteer, text, published="2023-03-01")
    assert [(e["kind"], e["date_from"], e["date_to"], e["planned"]) for e in found] == [
        ("summit", "2023-07-11", "2023-07-12", True)
    ]


def test_people_named_with_their_office_are_participants_even_if_unknown(gazetteer):
    text = "Biden spoke by phone with Finnish President Sauli Niinisto and Defence Minister Antti Kaikkonen on Tuesday."
    (call,) = events(gazetteer, text, published="2022-06-29")
    assert set(call["participants"]) == {"Joe Biden", "Sauli Niinistö", "Antti Kaikkonen"}


def test_a_lone_party_to_a_call_gets_no_invented_partner(gazetteer):
    text = (
        "Putin warned the West on Monday. Biden spoke by phone with Estonian officials on Tuesday."
    )
    (call,) = events(gazetteer, text, published="2022-06-29")
    assert call["participants"] == ["Joe Biden"]


def test_a_meeting_on_the_margins_of_a_summit_is_a_meeting(gazetteer):
    text = "Biden met Erdogan on Monday on the margins of the NATO summit in Brussels."
    (event,) = events(gazetteer, text, published="2021-06-15")
    assert (event["kind"], event["location"]) == ("meeting", "Brussels")


def test_the_president_is_not_the_president_he_meets(gazetteer):
    text = (
        "The President met President Erdogan on Monday. "
        "The President also spoke with Prime Minister Johnson on Sunday."
    )
    found = events(gazetteer, text, published="2021-06-15")
    call = next(e for e in found if e["kind"] == "call")
    assert "Recep Tayyip Erdoğan" not in call["participants"]


def test_a_meeting_held_to_prepare_a_summit_is_a_meeting_on_its_own_dates(gazetteer):
    text = (
        "NATO Defence Ministers met in Brussels on Tuesday and Wednesday (14 and 15 February "
        "2023) to prepare for the Vilnius Summit."
    )
    (event,) = events(gazetteer, text, published="2023-02-15", kind="statement")
    assert (event["kind"], event["date_from"], event["date_to"], event["location"]) == (
        "meeting",
        "2023-02-14",
        "2023-02-15",
        "Brussels",
    )


def test_a_step_of_the_pipeline_can_be_replaced(gazetteer):
    from events.extraction.pipeline import Steps

    text = "Biden spoke with Stoltenberg on Tuesday."
    assert [brief(e) for e in events(gazetteer, text)] == [
        ("call", "2021-01-26", "2021-01-26", ["Jens Stoltenberg", "Joe Biden"])
    ]
    # A detection step that finds nothing: no events, whatever the text says.
    quiet = Steps(detect=lambda part, offset, language: [])
    assert extract([make_article(text)], gazetteer, quiet) == []
    # An attribution step of one's own decides who takes part.
    solo = Steps(attribute=lambda trigger, mentions, text, focus: [mentions[0].entity])
    found = [e.to_json() for e in extract([make_article(text)], gazetteer, solo)]
    assert [brief(e) for e in found] == [("call", "2021-01-26", "2021-01-26", ["Joe Biden"])]


def test_an_article_in_a_language_without_a_bundle_is_refused():
    from events.extraction import ArticleError

    with pytest.raises(ArticleError, match="no language bundle for 'xx'"):
        make_article_with_language("Biden spoke with Stoltenberg.", "xx")


def make_article_with_language(text, language):
    from events.extraction import parse_article

    return parse_article(text, "t.txt", {"published": "2021-01-26", "language": language})


@pytest.mark.parametrize("given", ["en", "en-GB", "en_US", "English", " EN "])
def test_an_english_article_is_read_whatever_the_metadata_calls_english(given):
    assert make_article_with_language("Biden spoke with Stoltenberg.", given).meta.language == "en"


def test_a_date_of_its_own_and_named_participants_raise_confidence(gazetteer):
    def confidence_of(text, kind, who=""):
        found = events(gazetteer, text, published="2021-01-27")
        return next(
            e["confidence"]
            for e in found
            if e["kind"] == kind and (not who or who in e["participants"])
        )

    own_date = confidence_of("Biden met Macron in Paris on Tuesday.", "meeting")
    from_context = confidence_of(
        "Biden met Scholz in Berlin on Tuesday. Later Biden met Macron in Paris.",
        "meeting",
        "Emmanuel Macron",
    )
    assert own_date > from_context
    named = confidence_of("Germany signed the treaty on Tuesday.", "agreement")
    nobody = confidence_of("Twelve nations signed the treaty on Tuesday.", "agreement")
    assert named > nobody
