"""Any text, however long or strange, extracts without error, and every citation points at
the text it quotes (hypothesis, bounded). Timings per size are in bench/long_articles.py."""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.extraction import ArticleError, extract, parse_article
from events.extraction.cleaning import hover_card_edits
from events.extraction.sentences import sentence_spans

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ALPHABET = "abcdeXYZ MT.,;:!?'\"()[]-–—\n\t0123456789“”‘’\\#*_\u00a0\ré€â"
# Pieces that the cleaning, the splitter and the detectors react to, put together at random.
PIECES = st.sampled_from(
    [
        "x. ", "Y ", "U.S. ", "Mr. ", "Biden", "Joe Biden", "BidenJoe Biden", " MORE ", "President ",
        "Jens Stoltenberg", "Emmanuel Macron", " spoke with ", " met ", " on Tuesday", " in Brussels",
        " last week", "In May 2017, ", " said", ".", ". ", "\n", "\n\n", '"', "“", "”", "‘", "’",
        "(AP Photo/Denes Erdos)", "Comments are closed.\n", "\n1. ", "VILNIUS, July 12 (Reuters) - ",
        "KEY POINTS: ", "\\[official\\]", "â€“", "\u00a0", "\r\n", "Stoltenberg" * 20, "I ", "he ",
        "shakes hands with ", "NATO", "Allies agreed to ", "pledged", "---\n", "title: x\n",
        # Whole reports, so that events (and their citations) are found among the noise.
        "Joe Biden spoke with Emmanuel Macron on Tuesday. ",
        "Jens Stoltenberg met Olaf Scholz in Berlin last week. ",
        '"We stand together," Biden said after meeting Stoltenberg on Monday. ',
        "In May 2017, NATO leaders met in Brussels for a summit. ",
    ]
)  # fmt: skip
RANDOM_TEXTS = st.text(ALPHABET, min_size=1, max_size=3000)
ADVERSARIAL_TEXTS = st.lists(PIECES, min_size=1, max_size=300).map("".join)
FRONT_MATTER = st.sampled_from(["", "---\ntitle: T\npublished: 2021-01-26\n---\n", "---\n"])


def check_citations(raw: str, gazetteer) -> None:
    """Extract `raw`; every citation lies inside the stored text and quotes it exactly, and each
    character it quotes comes from the same character of the original file."""
    try:
        article = parse_article(raw, "a.txt", {"published": "2021-01-26"})
    except ArticleError:
        return  # refused with a reason (empty, broken front matter): what an import reports
    text, origin = article.text, article.clean.origin
    assert len(origin) == len(text)
    assert all(0 <= o < len(raw) for o in origin)
    for candidate in extract([article], gazetteer):
        for citation in candidate.citations:
            assert 0 <= citation.start < citation.end <= len(text)
            assert text[citation.start : citation.end] == citation.quote
            for i in range(citation.start, citation.end):
                # Repaired characters (mojibake, exotic spaces, CR LF) map to what they replace.
                if text[i].isascii() and not text[i].isspace():
                    assert raw[origin[i]] == text[i]


@BOUNDED
@given(front=FRONT_MATTER, body=RANDOM_TEXTS)
def test_random_texts_extract_with_citations_inside_the_text(gazetteer, front, body):
    check_citations(front + body, gazetteer)


@BOUNDED
@given(front=FRONT_MATTER, body=ADVERSARIAL_TEXTS)
def test_adversarial_texts_extract_with_citations_inside_the_text(gazetteer, front, body):
    check_citations(front + body, gazetteer)


@BOUNDED
@given(pieces=st.lists(PIECES, min_size=1, max_size=40), repeat=st.integers(1, 60))
def test_repeated_pieces_extract_with_citations_inside_the_text(gazetteer, pieces, repeat):
    check_citations("".join(pieces) * repeat, gazetteer)


def test_the_shipped_article_citations_quote_their_text(gazetteer):
    text = "President Joe Biden spoke with Emmanuel Macron on Tuesday.\n\n" * 3
    check_citations(text, gazetteer)
    assert extract([parse_article(text, "a.txt", {"published": "2021-01-26"})], gazetteer)


@contextmanager
def within(seconds: int):
    """Fail if the block runs longer than `seconds` (a bound far above the expected time, so
    that only super-linear work trips it)."""

    def stop(*_):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "text",
    [
        "Biden Joe Biden" * 4000,  # capitalised words glued to a repeated name: was quadratic
        "Ab Ab Abx " * 6000 + " MORE",  # candidates everywhere, one MORE far away
        "BidenBiden" * 6000 + " MORE",  # one long word of capitals
    ],
)
def test_hover_card_search_is_linear(text):
    # 60 KB: under 0.05 s now; the unbounded pattern took minutes on the first text.
    with within(10):
        assert hover_card_edits(text) == []


def test_hover_cards_are_still_removed_in_a_long_text():
    card = "President BidenJoe BidenTrump appointee arrested FireEye finds evidence MORE spoke. "
    edits = hover_card_edits(card * 1000)
    assert len(edits) == 1000
    start, end, _ = edits[0]
    assert card[start:end] == "Joe BidenTrump appointee arrested FireEye finds evidence MORE"


def test_sentence_splitting_is_linear_with_a_boundary_every_five_characters():
    # 200 KB of "x. Y ": 40,000 candidate boundaries, each checked for an abbreviation by
    # looking back a few characters (looking back over the whole text took minutes).
    with within(10):
        assert len(list(sentence_spans("x. Y " * 40_000))) == 1  # "x." is an initial
        assert len(list(sentence_spans("Yes. Go. " * 20_000))) == 40_000
