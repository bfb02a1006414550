from __future__ import annotations

import pytest

from events.extraction.cleaning import clean
from events.extraction.sentences import split_sentences
from tests.conftest import ARTICLES


def assert_offsets_true(raw: str, cleaned) -> None:
    """Every clean character comes from its recorded origin: the same character, a space
    from an exotic space, or a repaired character from the mojibake it replaced."""
    assert len(cleaned.origin) == len(cleaned.text)
    assert list(cleaned.origin) == sorted(cleaned.origin)
    for i, ch in enumerate(cleaned.text):
        source = raw[cleaned.origin[i]]
        assert source == ch or (ch.isspace() and source.isspace()) or not source.isascii(), (
            f"clean[{i}]={ch!r} but raw[{cleaned.origin[i]}]={source!r}"
        )


def test_mojibake_is_repaired_and_traced_to_its_bytes():
    raw = 'security." â€“ President Donald J. Trump'
    cleaned = clean(raw)
    assert "– President" in cleaned.text and "â€" not in cleaned.text
    dash = cleaned.text.index("–")
    assert cleaned.origin[dash] == raw.index("â")
    assert_offsets_true(raw, cleaned)


def test_curly_quotes_and_accents_are_left_alone():
    raw = "“Zelenskyy’s speech,” Erdoğan said."
    assert clean(raw).text == raw


def test_markdown_escapes_are_undone():
    raw = r"joining us are \[senior administration officials\]."
    cleaned = clean(raw)
    assert cleaned.text == "joining us are [senior administration officials]."
    assert_offsets_true(raw, cleaned)


def test_non_breaking_spaces_become_spaces_in_place():
    raw = "President\u00a0Biden’s Meetings at\u00a0NATO"
    cleaned = clean(raw)
    assert cleaned.text == "President Biden’s Meetings at NATO"
    assert cleaned.origin == tuple(range(len(raw)))


def test_hover_card_after_a_linked_name_is_removed():
    raw = (
        "President BidenJoe BidenTrump appointee arrested FireEye finds evidence MORE spoke "
        "Tuesday with NATO Secretary General Jens Stoltenberg."
    )
    cleaned = clean(raw)
    assert cleaned.text == (
        "President Biden spoke Tuesday with NATO Secretary General Jens Stoltenberg."
    )
    spoke = cleaned.text.index("spoke")
    assert raw[cleaned.origin[spoke] : cleaned.origin[spoke] + 5] == "spoke"


def test_reader_comments_are_cut():
    raw = (
        "The call lasted an hour.\n\n(Reporting by A. Writer)\n\n\n  1. First!\n\n"
        "  2. I disagree.\n\n    1. Reply.\n\nComments are closed."
    )
    cleaned = clean(raw)
    assert "First!" not in cleaned.text and "Comments are closed" not in cleaned.text
    assert cleaned.text.startswith("The call lasted an hour.")


def test_a_numbered_list_without_comment_marker_is_kept():
    raw = "The allies agreed on:\n\n  1. More spending.\n\n  2. More exercises."
    assert clean(raw).text == raw


def test_captions_credits_and_repeated_titles_are_regions_not_detection_text():
    raw = (
        "Allies meet\n\n4 minutes read time\n"
        "U.S. Secretary of State Rex Tillerson shakes hands with Jens Stoltenberg in Brussels, "
        "Belgium, on March 31, 2017.\n\nAllies meet\n\nOn March 31, Tillerson visited Brussels.\n\n"
        "Editor's Note: This entry is also published elsewhere"
    )
    cleaned = clean(raw, title="Allies meet")
    reasons = {s.text[:20]: s.excluded for s in split_sentences(cleaned.text, cleaned.regions)}
    assert reasons == {
        "Allies meet": "title",
        "4 minutes read time": "credit",
        "U.S. Secretary of St": "caption",
        "On March 31, Tillers": None,
        "Editor's Note: This ": "credit",
    }


def test_section_heading_marks_the_next_sentence():
    raw = "Quote. – Someone\nA LASTING COMMITMENT: Trump is working with NATO.\n\nNext one."
    cleaned = clean(raw)
    sentences = split_sentences(cleaned.text, cleaned.regions)
    assert [(s.text, s.after_heading) for s in sentences] == [
        ("Quote. – Someone", False),
        ("Trump is working with NATO.", True),
        ("Next one.", False),
    ]


def test_sentences_do_not_break_after_abbreviations():
    text = "U.S. President Joe Biden met Mr. Stoltenberg on Feb. 5 in Washington. Then he left."
    assert [s.text for s in split_sentences(text)] == [
        "U.S. President Joe Biden met Mr. Stoltenberg on Feb. 5 in Washington.",
        "Then he left.",
    ]


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_offsets_stay_true_on_every_seed(path):
    raw = path.read_text(encoding="utf-8")
    cleaned = clean(raw)
    assert_offsets_true(raw, cleaned)
