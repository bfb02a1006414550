"""Who speaks where: quoted speech with its attribution ("…,” he added; Stoltenberg said:
“…”) and a transcript's speaker sections ("PRESIDENT BIDEN: …"). Inside a voice, "I" and "my"
are its speaker; an event told outside quotation marks takes neither its date nor its people
from inside them."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Literal

from events.extraction.data import Entity, Mention
from events.extraction.lang import Language, alternatives, load_language

_LANGUAGE = load_language()

# Opening and closing marks; straight double quotes pair in reading order.
_CURLY = re.compile(r"[“„«](?P<body>[^“”„«»]{1,3000}?)[”“»]", re.S)
_STRAIGHT = re.compile(r'"(?P<body>[^"]{1,3000}?)"', re.S)
# Single quotes (British copy): an opening mark at a word's start, a closing one at its end;
# apostrophes inside ("it's", "Merz's") are followed by a letter.
_SINGLE = re.compile(
    r"(?<![\w'‘’])['‘](?=[\w“\"])(?P<body>(?:[^'‘’\n]|['’](?=\w)){1,1500}?)(?<=[\w.,!?”\"])['’](?!\w)"
)


@cache
def _reporting(verbs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Reporting clauses right after a quote ("…,” Stoltenberg said / “…,” he added) and right
    before one (X said: “…”)."""
    verb = rf"(?:{alternatives(verbs)})"
    after = re.compile(
        rf"[\s,]*(?:{verb}\s+(?P<who1>[^.,;:“”\"]{{1,80}}?)"
        rf"|(?P<who2>[^.,;:“”\"]{{1,80}}?)\s+{verb})\b"
    )
    before = re.compile(rf"(?P<who>[^.;“”\"]{{1,80}}?)\s+{verb}(?:\s+\w+){{0,3}}[,:]\s*$")
    return after, before


@cache
def _pronouns(words: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """Any of the words, whole: a bundle's first-person words or third-person pronouns."""
    return re.compile(rf"\b(?:{alternatives(words)})\b", flags)


@dataclass(frozen=True)
class Voice:
    start: int
    end: int
    speaker: Entity | None
    kind: Literal["quote", "section"]

    def holds(self, start: int, end: int | None = None) -> bool:
        return self.start <= start and (end if end is not None else start) <= self.end


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's words, without the marks; curly quotes first, then
    straight and single ones where they do not overlap them."""
    spans = [(m.start("body"), m.end("body")) for m in _CURLY.finditer(text)]
    for pattern in (_STRAIGHT, _SINGLE):
        taken = sorted(spans)
        starts = [s for s, _ in taken]
        for m in pattern.finditer(text):
            i = bisect_right(starts, m.end())
            # the spans starting before this match ends; only the last of them can overlap
            if i == 0 or taken[i - 1][1] <= m.start():
                spans.append((m.start("body"), m.end("body")))
    return sorted(spans)


def attribute(
    text: str,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    verbs: tuple[str, ...],
    language: Language = _LANGUAGE,
) -> list[Voice]:
    """Each quotation with its speaker: the person named (or "he"/"she": the person last named)
    in the reporting clause right after or right before it."""
    _AFTER, _BEFORE = _reporting(verbs)
    pronoun = _pronouns(language.third_person, re.I)
    people = [m for m in mentions if m.entity.category == "person"]
    voices = []
    for start, end in spans:
        speaker = None
        after = _AFTER.match(text, end + 1, min(len(text), end + 120))
        before = _BEFORE.search(text, max(0, start - 120), max(0, start - 1))
        for match, group_start in (
            (
                after,
                after and (after.start("who1") if after.group("who1") else after.start("who2")),
            ),
            (before, before and before.start("who")),
        ):
            if match is None:
                continue
            window = (group_start, match.end())
            named = [m for m in people if window[0] <= m.start < window[1]]
            if named:
                speaker = named[-1].entity
            elif pronoun.search(text[window[0] : window[1]]):
                earlier = [m for m in people if m.end <= start]
                speaker = earlier[-1].entity if earlier else None
            if speaker is not None:
                break
        voices.append(Voice(start, end, speaker, "quote"))
    return voices


class Voices:
    """The voices of an article, for lookups by position in logarithmic time: quotations,
    speaker sections and questions each lie side by side, never inside one another."""

    def __init__(self, voices: list[Voice]) -> None:
        self.all = voices
        layers: dict[str, list[Voice]] = {}
        for voice in voices:
            layers.setdefault(
                voice.kind if voice.speaker or voice.kind == "quote" else "question", []
            ).append(voice)
        self._layers = [sorted(layer, key=lambda v: v.start) for layer in layers.values()]
        self._starts = [[v.start for v in layer] for layer in self._layers]

    def _holding(self, at: int) -> list[Voice]:
        found = []
        for layer, starts in zip(self._layers, self._starts, strict=True):
            i = bisect_right(starts, at)
            if i and layer[i - 1].holds(at):
                found.append(layer[i - 1])
        return found

    def innermost(self, at: int) -> Voice | None:
        holding = self._holding(at)
        return min(holding, key=lambda v: v.end - v.start) if holding else None

    def quote_at(self, at: int) -> Voice | None:
        return next((v for v in self._holding(at) if v.kind == "quote"), None)


def first_person(
    text: str, offset: int, voices: Voices, language: Language = _LANGUAGE
) -> list[Mention]:
    """ "I", "me", "my" inside a voice whose speaker is known, as mentions of the speaker."""
    found = []
    for match in _pronouns(language.first_person).finditer(text):
        at = match.start() + offset
        voice = voices.innermost(at)
        if voice is not None and voice.speaker is not None:
            found.append(Mention(voice.speaker, at, match.end() + offset, "pronoun"))
    return found
