"""Sentences with their character offsets in the clean text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from events.extraction.data import Region, Sentence
from events.extraction.lang import Language, load_language

_LANGUAGE = load_language()
# Words written with a full stop that does not end a sentence: the language bundle's.
ABBREVIATIONS = _LANGUAGE.abbreviations

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# A candidate boundary: terminal punctuation, closing quotes, space, then a capital, digit or
# opening quote.
_BOUNDARY = re.compile(
    r"[.!?][\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])"
    # "... Foreign Minister of Lithuania.France became ...": a space lost in the copy
    r"|(?<=[a-z]{3}\.)(?=[A-Z][a-z]{2})"
)
# In text that is not hard-wrapped, a line break ends a sentence unless the line reads on
# ("..., \nthe fear"): a headline, a deck, a dateline or a speaker's line stands alone.
_LINE_BOUNDARY = re.compile(
    _BOUNDARY.pattern + r"|(?<=[^\s,;:(\[–—-])[ \t]*(?=\n[ \t]*[\"“‘(\[]?[A-Z0-9])"
)


def hard_wrapped(text: str) -> bool:
    """Prose broken into lines of a fixed width (most lines long and ending mid-sentence)."""
    lines = [line.rstrip() for line in text.split("\n")][:-1]
    if len(lines) < 2:
        return False
    running_on = sum(
        1 for line in lines if len(line) >= 50 and not line.endswith((".", "!", "?", ":"))
    )
    return running_on >= 0.6 * len(lines)


_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    if text[dot] != ".":
        return False
    # A bounded look back: scanning text[:dot] at every boundary made long texts quadratic.
    word = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if word is None:
        return False
    token = word.group(1).lower().strip(".")
    return token in abbreviations or len(token) == 1


def sentence_spans(
    text: str,
    start: int = 0,
    end: int | None = None,
    abbreviations: frozenset[str] = ABBREVIATIONS,
) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], trimmed of surrounding space."""
    end = len(text) if end is None else end
    pos = start
    boundary = _BOUNDARY if hard_wrapped(text[start:end]) else _LINE_BOUNDARY
    for match in boundary.finditer(text, start, end):
        if _is_abbreviation(text, match.start(), abbreviations):
            continue
        yield from _trimmed(text, pos, match.end())
        pos = match.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped[0])
        yield offset, offset + len(stripped)


def split_sentences(
    text: str, regions: tuple[Region, ...] = (), language: Language = _LANGUAGE
) -> list[Sentence]:
    """Every sentence, with its paragraph number and whether it is kept out of detection.

    Paragraph breaks and the edges of regions (captions, credits, headings) always end a
    sentence; a heading is not a sentence, but marks the sentence after it."""
    cuts = {0, len(text)}
    breaks = set()
    for match in _PARAGRAPH.finditer(text):
        cuts.add(match.start())
        breaks.add(match.start())
    for region in regions:
        cuts.update((region.start, region.end))
    sentences: list[Sentence] = []
    paragraph = 0
    after_heading = False
    ordered = sorted(cuts)
    for seg_start, seg_end in pairwise(ordered):
        if seg_start in breaks:
            paragraph += 1
        region = next((r for r in regions if r.start <= seg_start and seg_end <= r.end), None)
        if region is not None and region.reason == "heading":
            after_heading = True
            continue
        for start, end in sentence_spans(text, seg_start, seg_end, language.abbreviations):
            excluded = region.reason if region is not None else None
            sentences.append(
                Sentence(start, end, text[start:end], paragraph, excluded, after_heading)
            )
            after_heading = False
    return sentences
