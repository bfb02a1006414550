"""Finding the gazetteer's actors, places and topics in text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from events.extraction.data import Entity, Mention

ACTOR_CATEGORIES = frozenset({"person", "organisation", "country"})


class Gazetteer:
    """Entities and the names they go by. Actor and place names match case-sensitively
    (they are proper nouns); topic keywords match in any case."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = tuple(entities)
        self._by_name: dict[tuple[bool, str], Entity] = {}
        for entity in self.entities:
            is_topic = entity.category == "topic"
            for name in entity.names:
                key = (is_topic, name.casefold() if is_topic else name)
                self._by_name.setdefault(key, entity)

    @cached_property
    def _names_pattern(self) -> re.Pattern[str] | None:
        return self._compile([n for (topic, n) in self._by_name if not topic], 0)

    @cached_property
    def _topics_pattern(self) -> re.Pattern[str] | None:
        return self._compile([n for (topic, n) in self._by_name if topic], re.I)

    @staticmethod
    def _compile(names: list[str], flags: int) -> re.Pattern[str] | None:
        if not names:
            return None
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w]){alternation}(?![\w])", flags)

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """Actors and places named in text, longest name first where names overlap."""
        if self._names_pattern is None:
            return []
        return [
            Mention(self._by_name[(False, m.group())], m.start() + offset, m.end() + offset)
            for m in self._names_pattern.finditer(text)
        ]

    def topics(self, text: str) -> list[Entity]:
        if self._topics_pattern is None:
            return []
        found = (
            self._by_name[(True, m.group().casefold())] for m in self._topics_pattern.finditer(text)
        )
        return list(dict.fromkeys(found))

    def with_role(self, words: str) -> list[Entity]:
        """People whose role contains the words ("secretary general" -> Stoltenberg, Rutte)."""
        return [e for e in self.entities if holds_role(e, words)]


def holds_role(entity: Entity, words: str) -> bool:
    """A person whose role contains the words, as whole words in any case."""
    return entity.category == "person" and bool(
        re.search(rf"\b{re.escape(words)}\b", entity.role, re.I)
    )
