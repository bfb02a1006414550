"""Finding the gazetteer's actors, places and topics in text; who held an office on a day; the
calendar of known meetings.

Names are found in one pass over the text: at each word start the first word is looked up in a
table of the names that begin with it, so the cost grows with the text, not with the number
of names. Diacritics and typographic apostrophes are folded on both sides ("Erdogan" finds
Erdoğan, "Niinisto" Niinistö); actor and place names keep their case (they are proper nouns),
topic keywords match in any case."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property

from events.extraction.data import Entity, KnownMeeting, Mention

ACTOR_CATEGORIES = frozenset({"person", "organisation", "country"})
_WORD = re.compile(r"\w+")
_WORD_START = re.compile(r"(?<!\w)\w")


# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans("łŁđĐøØıħĦŧŦ", "lLdDoOihHtT")


def fold_char(char: str) -> str:
    """One character without its diacritics (length kept, so offsets stay valid)."""
    if char in "’‘`´":
        return "'"
    if char.isascii():
        return char
    char = char.translate(_UNDECOMPOSED)
    base = unicodedata.normalize("NFKD", char)[0]
    return base if base.isalnum() or base == char else char


def fold(text: str) -> str:
    return "".join(fold_char(c) for c in text)


class Gazetteer:
    """Entities and the names they go by, the countries' demonyms, and known meetings."""

    def __init__(
        self,
        entities: Iterable[Entity],
        demonyms: dict[str, str] | None = None,
        calendar: Iterable[KnownMeeting] = (),
    ) -> None:
        self.entities = tuple(entities)
        self.demonyms = {fold(k): v for k, v in (demonyms or {}).items()}  # word -> country code
        self.calendar = tuple(sorted(calendar, key=lambda m: m.start))
        self._by_first: dict[str, list[tuple[str, list[Entity]]]] = defaultdict(list)
        self._topics: dict[str, Entity] = {}
        # A name may belong to several people (two Bushes, two Johnsons): the date decides.
        bearers: dict[str, list[Entity]] = {}
        for entity in self.entities:
            for name in entity.names:
                if entity.category == "topic":
                    self._topics.setdefault(name.casefold(), entity)
                    continue
                for variant in name_variants(fold(name)):
                    claimed = bearers.setdefault(variant, [])
                    if entity.category == "person" and all(e.category == "person" for e in claimed):
                        if entity not in claimed:
                            claimed.append(entity)
                    elif not claimed:
                        claimed.append(entity)  # the first entity to claim a name keeps it
        for folded, entities in bearers.items():
            first = _WORD.match(folded)
            if first is not None:
                self._by_first[first.group()].append((folded, entities))
        for names in self._by_first.values():
            names.sort(key=lambda n: -len(n[0]))

    @cached_property
    def _topics_pattern(self) -> re.Pattern[str] | None:
        if not self._topics:
            return None
        names = sorted(self._topics, key=len, reverse=True)
        return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?!\w)", re.I)

    @cached_property
    def by_code(self) -> dict[str, Entity]:
        """Countries (and NATO, EU) by their code."""
        return {e.country: e for e in self.entities if e.category == "country" and e.country}

    @cached_property
    def _holders(self) -> dict[tuple[str, str], list[tuple[dt.date, dt.date | None, Entity]]]:
        index: dict[tuple[str, str], list[tuple[dt.date, dt.date | None, Entity]]] = defaultdict(
            list
        )
        for entity in self.entities:
            for term in entity.terms:
                index[(term.office, term.country)].append((term.start, term.end, entity))
        return index

    def mentions(self, text: str, offset: int = 0, day: dt.date | None = None) -> list[Mention]:
        """Actors and places named in text, the longest name first where names overlap; a name
        several people bear is the one in office nearest the day."""
        folded = fold(text)
        found: list[Mention] = []
        pos = 0
        for start_match in _WORD_START.finditer(folded):
            start = start_match.start()
            if start < pos:
                continue
            word = _WORD.match(folded, start)
            assert word is not None
            for name, entities in self._by_first.get(word.group(), ()):
                end = start + len(name)
                if folded.startswith(name, start) and not (
                    end < len(folded) and (folded[end].isalnum() or folded[end] == "_")
                ):
                    entity = entities[0] if len(entities) == 1 else nearest_in_office(entities, day)
                    found.append(Mention(entity, start + offset, end + offset))
                    pos = end
                    break
        return found

    def topics(self, text: str) -> list[Entity]:
        if self._topics_pattern is None:
            return []
        found = (self._topics[m.group().casefold()] for m in self._topics_pattern.finditer(text))
        return list(dict.fromkeys(found))

    def with_role(self, words: str) -> list[Entity]:
        """People whose role contains the words ("secretary general" -> Stoltenberg, Rutte)."""
        return [e for e in self.entities if holds_role(e, words)]

    def holder(self, office: str, country: str, day: dt.date) -> Entity | None:
        """Who held the office of that country (or of NATO, the EU) on that day."""
        for start, end, entity in self._holders.get((office, country), ()):
            if start <= day and (end is None or day < end):
                return entity
        return None

    def holders_on(self, office: str, day: dt.date) -> list[Entity]:
        """Everyone who held that office, in any country, on that day."""
        return [
            entity
            for (held, _), terms in self._holders.items()
            if held == office
            for start, end, entity in terms
            if start <= day and (end is None or day < end)
        ]

    def country_of_word(self, word: str) -> Entity | None:
        """The country a demonym or a country's name denotes ("Ukrainian", "Britain's")."""
        code = self.demonyms.get(fold(word))
        return self.by_code.get(code) if code else None

    def meetings_named(
        self, place: str | None, year: int | None, series: str | None = None
    ) -> Iterator[KnownMeeting]:
        """Known meetings held at a place (and in a year, of a series)."""
        place_key = fold(place).casefold() if place else None
        for meeting in self.calendar:
            if series and meeting.series != series:
                continue
            if year is not None and not (meeting.start.year <= year <= meeting.end.year):
                continue
            names = {fold(n).casefold() for n in (meeting.place, *meeting.aliases)}
            if place_key is not None and place_key not in names:
                continue
            yield meeting


def name_variants(name: str) -> list[str]:
    """A name and its spellings without an initial's dot or without the initial ("Lyndon B.
    Johnson", "Lyndon B Johnson", "Lyndon Johnson")."""
    variants = [name]
    if re.search(r"\b[A-Z]\.\s", name):
        variants.append(re.sub(r"\b([A-Z])\.(?=\s)", r"\1", name))
        variants.append(re.sub(r"\s[A-Z]\.(?=\s)", "", name))
    return variants


def nearest_in_office(people: list[Entity], day: dt.date | None) -> Entity:
    """Of several people bearing one name, the one whose terms of office lie nearest the day
    (the first listed when there is no day or no term)."""
    if day is None:
        return people[0]

    def distance(entity: Entity) -> int:
        gaps = [
            0 if t.covers(day) else min(abs((t.start - day).days), abs(((t.end or day) - day).days))
            for t in entity.terms
        ]
        return min(gaps, default=10**6)

    return min(people, key=distance)


def holds_role(entity: Entity, words: str) -> bool:
    """A person whose role contains the words, as whole words in any case."""
    return entity.category == "person" and bool(
        re.search(rf"\b{re.escape(words)}\b", entity.role, re.I)
    )
