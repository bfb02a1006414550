"""Quoted speech and its speakers (events.extraction.speech), alone and through `extract`: who
speaks a quotation, "I" inside it, a transcript's speaker labels, and what an event told
outside quotation marks may take from inside them."""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.lang import load_language
from events.extraction.speech import Voices, attribute, first_person, quote_spans
from tests.extraction.test_pipeline import brief, events

DAY = dt.date(2021, 6, 1)


@pytest.fixture
def speakers(gazetteer):
    """Each quotation of a text with the name of its speaker (None when unknown)."""

    def find(text: str) -> list[tuple[str, str | None]]:
        voices = attribute(
            text,
            quote_spans(text),
            gazetteer.mentions(text, 0, DAY),
            load_language().reporting_verbs,
        )
        return [(text[v.start : v.end], v.speaker.name if v.speaker else None) for v in voices]

    return find


def test_quote_spans_finds_curly_and_straight_quotes_without_their_marks():
    text = '“We stand together,” one envoy said. "We will not waver," another added.'
    assert [text[s:e] for s, e in quote_spans(text)] == [
        "We stand together,",
        "We will not waver,",
    ]


def test_the_speaker_named_after_the_quote(speakers):
    assert speakers("“The alliance has never been stronger,” Stoltenberg said.") == [
        ("The alliance has never been stronger,", "Jens Stoltenberg")
    ]


def test_the_speaker_named_before_the_quote(speakers):
    assert speakers("Stoltenberg said: “Our door remains open.”") == [
        ("Our door remains open.", "Jens Stoltenberg")
    ]


def test_he_after_the_quote_is_the_person_last_named_before_it(speakers):
    text = "Macron welcomed Scholz to Paris. “Europe has to act as one,” he said."
    assert speakers(text) == [("Europe has to act as one,", "Olaf Scholz")]


def test_she_before_the_quote_is_the_person_last_named_before_it(speakers):
    text = "Kaja Kallas arrived in Brussels. She told reporters: “Russia is testing us.”"
    assert speakers(text) == [("Russia is testing us.", "Kaja Kallas")]


def test_a_quote_without_a_reporting_clause_has_no_speaker(speakers):
    assert speakers("“Deterrence works.” The meeting ended at noon.") == [
        ("Deterrence works.", None)
    ]


def test_i_inside_a_quote_is_a_mention_of_its_speaker(gazetteer):
    text = "“I am ready for the talks,” Stoltenberg said."
    voices = attribute(
        text, quote_spans(text), gazetteer.mentions(text, 0, DAY), load_language().reporting_verbs
    )
    found = first_person(text, 0, Voices(voices))
    assert [(m.entity.name, text[m.start : m.end], m.via) for m in found] == [
        ("Jens Stoltenberg", "I", "pronoun")
    ]


def test_i_inside_a_quote_takes_part_in_the_event_the_quote_tells(gazetteer):
    found = events(
        gazetteer,
        "“I spoke with President Biden on Tuesday,” Stoltenberg said.",
        published="2021-06-03",
    )
    assert [brief(e) for e in found] == [
        ("call", "2021-06-01", "2021-06-01", ["Jens Stoltenberg", "Joe Biden"])
    ]


def test_a_transcript_speaker_label_is_the_speaker_of_an_announcement(gazetteer):
    text = (
        "PRESIDENT BIDEN: Thank you all for coming. The United States today announces a "
        "$2 billion package of security assistance for Ukraine."
    )
    found = events(gazetteer, text, published="2023-07-12", kind="transcript")
    assert [brief(e) for e in found] == [("pledge", "2023-07-12", "2023-07-12", ["Joe Biden"])]


def test_an_event_told_outside_quotes_takes_no_date_and_no_people_from_inside(gazetteer):
    # Read as one clause, the full date inside the quote would win over "Thursday" (it names
    # its year) and Meloni would join the meeting.
    text = (
        "Macron hosted Scholz in Paris on Thursday and said: "
        "“Meloni and I spoke on March 1, 2023, about this.”"
    )
    found = events(gazetteer, text, published="2023-03-25")
    assert [brief(e) for e in found] == [
        ("meeting", "2023-03-23", "2023-03-23", ["Emmanuel Macron", "Olaf Scholz"])
    ]


def test_single_quotes_are_quotations_but_apostrophes_are_not():
    from events.extraction.speech import quote_spans

    text = "Sir Keir said: 'It's the foundation of Merz's visit.' The chancellor's plane landed."
    spans = quote_spans(text)
    assert [text[a:b] for a, b in spans] == ["It's the foundation of Merz's visit."]


def test_a_journalists_question_is_not_the_speakers_voice(gazetteer):
    from tests.extraction.test_pipeline import brief, events

    text = (
        "SECRETARY BLINKEN: Thank you all.\n\n"
        "Q: Mr Secretary, I met President Zelensky on Monday; what did he tell you?\n\n"
        "SECRETARY BLINKEN: I met President Zelensky on Tuesday in Kyiv."
    )
    found = events(gazetteer, text, published="2022-09-08", kind="transcript")
    meetings = [brief(e) for e in found if e["kind"] == "meeting"]
    assert (
        "meeting",
        "2022-09-06",
        "2022-09-06",
        ["Antony Blinken", "Volodymyr Zelenskyy"],
    ) in meetings
    assert all(m[1] != "2022-09-05" or "Antony Blinken" not in m[3] for m in meetings)
