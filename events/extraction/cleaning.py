"""Turn an article's raw text into clean text without losing track of where each character
came from: every step records, for each character it keeps or writes, its offset in the raw
text, so a citation in the clean text can always be traced back to the original."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import cache
from itertools import islice

import ftfy

from events.extraction.data import CleanText, Region
from events.extraction.lang import CleaningWords, Language, alternatives, load_language
from events.extraction.sentences import sentence_spans

_LANGUAGE = load_language()

Edit = tuple[int, int, str]  # replace text[start:end] with the string

# ftfy repairs encoding errors only; typography (curly quotes, widths) is the author's.
_FTFY = {
    "uncurl_quotes": False,
    "fix_character_width": False,
    "fix_latin_ligatures": False,
    "unescape_html": False,
    "normalization": None,
}


def apply_edits(text: str, origin: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Apply non-overlapping edits; a replacement's characters map to the replaced span."""
    out: list[str] = []
    out_origin: list[int] = []
    pos = 0
    for start, end, replacement in sorted(edits):
        if start < pos:
            continue  # overlaps an earlier edit
        out.append(text[pos:start])
        out_origin.extend(origin[pos:start])
        span = origin[start:end] or [origin[start] if start < len(origin) else origin[-1] + 1]
        out.append(replacement)
        if len(replacement) == len(span):
            out_origin.extend(span)
        else:
            out_origin.extend(span[min(i, len(span) - 1)] for i in range(len(replacement)))
        pos = end
    out.append(text[pos:])
    out_origin.extend(origin[pos:])
    return "".join(out), out_origin


def mojibake_edits(text: str) -> list[Edit]:
    """Runs of non-ASCII characters that ftfy decodes into something else ('â€“' -> '–')."""
    edits = []
    for match in re.finditer(r"[^\x00-\x7f]{2,}", text):
        fixed = ftfy.fix_text(match.group(), **_FTFY)
        if fixed != match.group():
            edits.append((match.start(), match.end(), fixed))
    return edits


def whitespace_edits(text: str) -> list[Edit]:
    """Non-breaking and other exotic spaces become plain spaces; CR LF becomes LF."""
    edits: list[Edit] = [
        (m.start(), m.end(), " ")
        for m in re.finditer(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", text)
    ]
    edits += [(m.start(), m.end(), "\n") for m in re.finditer(r"\r\n?", text)]
    return edits


def markdown_escape_edits(text: str) -> list[Edit]:
    r"""Markdown escapes undone: '\[senior official\]' -> '[senior official]'."""
    # Only the backslash goes, so the escaped character keeps its own origin.
    escapes = re.finditer(r"\\[\\`*_{}\[\]()#+\-.!|>~]", text)
    return [(m.start(), m.start() + 1, "") for m in escapes]


class _Patterns:
    """A bundle's cleaning words compiled into the patterns below."""

    def __init__(self, words: CleaningWords) -> None:
        more = alternatives(words.hover_card_end)
        # "President BidenJoe BidenTrump State Department appointee ... MORE spoke": a linked
        # name glued to a hover card that repeats the full name and lists headlines up to
        # "MORE". Names and their words are bounded, or a run of capitalised words made the
        # search quadratic.
        self.hover_card = re.compile(
            r"\b([A-Z][a-z'’-]{1,30})(?P<card>(?:[A-Z][\w.'’-]{0,40}\s+){1,4}?\1(?!\s)\S.{0,800}?"
            rf"\s(?:{more})\b)",
            re.S,
        )
        self.more = re.compile(rf"\s(?:{more})\b")
        self.comments_end = re.compile(
            rf"^[ \t]*(?:{alternatives(words.comments_end)})[ \t]*$", re.M
        )
        self.credit = re.compile(rf"^[ \t]*(?:{alternatives(words.credit_lines)})[ \t]*$", re.M)
        not_after = "".join(rf"(?<!\b{word} )" for word in words.not_a_caption_after)
        self.caption_verb = re.compile(rf"{not_after}\b(?:{alternatives(words.caption_verbs)})\b")
        self.photo_credit = re.compile(
            rf"\((?:[A-Z][\w.]*\s+)?(?:{alternatives(words.photo)})\b[^)]{{0,60}}\)\s*$"
        )
        self.interview_labels = frozenset(words.interview_labels)


@cache
def _patterns(words: CleaningWords) -> _Patterns:
    return _Patterns(words)


_HOVER_START = re.compile(r"\b[A-Z][a-z'’-]")
# The longest hover card: the name and up to four words (~200 characters), then 800.
_HOVER_REACH = 1100


def hover_card_edits(text: str, language: Language = _LANGUAGE) -> list[Edit]:
    # The card is only looked for where a "MORE" follows close enough: each attempt scans up
    # to 800 characters, which over every capitalised word of a long text was too slow.
    patterns = _patterns(language.cleaning)
    mores = [m.start() for m in patterns.more.finditer(text)]
    edits: list[Edit] = []
    pos = 0
    for start in _HOVER_START.finditer(text) if mores else ():
        at = start.start()
        following = bisect_left(mores, at)
        if at < pos or following == len(mores) or mores[following] - at > _HOVER_REACH:
            continue
        match = patterns.hover_card.match(text, at)
        if match is not None:
            edits.append((match.start("card"), match.end("card"), ""))
            pos = match.end()
    return edits


_FIRST_COMMENT = re.compile(r"\n[ \t]*1\.[ \t]+\S")


def comment_edits(text: str, language: Language = _LANGUAGE) -> list[Edit]:
    """Reader comments after the article: a numbered block up to 'Comments are closed.'."""
    marker = _patterns(language.cleaning).comments_end.search(text)
    if marker is None:
        return []
    cut = marker.start()
    first = _FIRST_COMMENT.search(text, 0, cut)
    if first is not None:
        cut = first.start()
    return [(cut, len(text), "\n")]


# Each step reads the text in the article's language.
STEPS: tuple[Callable[[str, Language], list[Edit]], ...] = (
    lambda text, language: mojibake_edits(text),
    lambda text, language: whitespace_edits(text),
    lambda text, language: markdown_escape_edits(text),
    hover_card_edits,
    comment_edits,
)
# "VILNIUS, July 12 (Reuters) - ": where and when the report was filed, not what it reports.
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'’-]{2,40}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"(?:\((?:Reuters|AP|AFP|dpa|Bloomberg|UPI)\)\s*)?[-–—]{1,2}\s+",
    re.M,
)
_HEADING = re.compile(r"^[ \t]*(?:[A-Z][A-Z'’.-]*\s+){1,6}?[A-Z][A-Z'’.-]+:", re.M)


def find_regions(text: str, title: str = "", language: Language = _LANGUAGE) -> list[Region]:
    """Captions, credits, repeated titles and section headings: text kept out of detection."""
    patterns = _patterns(language.cleaning)
    regions: list[Region] = []
    norm_title = " ".join(title.split()).casefold()
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if not line:
            continue
        start = match.start() + match.group().index(line[0])
        end = start + len(line)
        if norm_title and " ".join(line.split()).casefold() == norm_title:
            regions.append(Region(start, end, "title"))
        elif patterns.credit.match(line):
            regions.append(Region(start, end, "credit"))
        elif is_caption(line, language):
            regions.append(Region(start, end, "caption"))
    for match in _DATELINE.finditer(text):
        regions.append(Region(match.start(), match.end(), "credit"))
    for match in _HEADING.finditer(text):
        if match.group().strip() not in patterns.interview_labels:
            regions.append(Region(match.start(), match.end(), "heading"))
    return sorted(regions, key=lambda r: r.start)


def is_caption(line: str, language: Language = _LANGUAGE) -> bool:
    """A line ending with a photo credit, or a single-sentence line, no quotation, whose verb
    is a photo caption's."""
    patterns = _patterns(language.cleaning)
    if patterns.photo_credit.search(line):
        return True
    # The cheap checks first, and the sentences counted only up to two: lines can be long.
    if len(line.split(maxsplit=61)) > 60 or re.search(r"[“”\"]", line):
        return False
    if len(list(islice(sentence_spans(line, abbreviations=language.abbreviations), 2))) > 1:
        return False
    verb = patterns.caption_verb.search(line)
    return verb is not None and verb.start() < 120


def clean(raw: str, title: str = "", base: int = 0, language: Language = _LANGUAGE) -> CleanText:
    """Repair, unescape and strip noise from raw text; find the regions kept out of detection.
    `base` is where raw starts in the original file (after front matter)."""
    text, origin = raw, list(range(base, base + len(raw)))
    for step in STEPS:
        edits = step(text, language)
        if edits:
            text, origin = apply_edits(text, origin, edits)
    return CleanText(text, tuple(origin), tuple(find_regions(text, title, language)))
