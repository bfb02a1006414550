"""Which rules fire where: for each trigger rule of the language bundle and each gazetteer
entry, the texts it fired in. A rule that fires in one text only is a candidate for removal,
not a success: the extractor is judged on texts nobody tuned it to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from events.extraction.data import Article
from events.extraction.gazetteer import Gazetteer
from events.extraction.lang import Language, load_language
from events.extraction.pipeline import anchor_date
from events.extraction.sentences import split_sentences


@dataclass(frozen=True)
class FiringReport:
    texts: int
    rules: dict[str, frozenset[str]]  # rule id -> names of the texts it fired in
    entries: dict[str, frozenset[str]]  # gazetteer entry name -> names of the texts

    def lines(self) -> list[str]:
        out = [f"{self.texts} texts", "", "trigger rules (texts fired in):"]
        for rule, texts in sorted(self.rules.items(), key=lambda r: (len(r[1]), r[0])):
            note = "  <- one text only: candidate for removal" if len(texts) == 1 else ""
            out.append(f"  {len(texts):3d}  {rule}{note}")
        out += ["", "gazetteer entries found (texts found in):"]
        for name, texts in sorted(self.entries.items(), key=lambda e: (-len(e[1]), e[0])):
            out.append(f"  {len(texts):3d}  {name}")
        return out


def firing_report(
    articles: Iterable[Article], gazetteer: Gazetteer, language: Language | None = None
) -> FiringReport:
    """Where each trigger rule and each gazetteer entry fires in the articles' detectable text
    (captions, credits and headings left out, as the extractor leaves them out)."""
    language = language or load_language()
    rules: dict[str, set[str]] = {rule.id: set() for rule in language.triggers}
    entries: dict[str, set[str]] = defaultdict(set)
    count = 0
    for article in articles:
        count += 1
        name = article.meta.file_name
        day = anchor_date(article)[0]
        for sentence in split_sentences(article.text, article.clean.regions):
            if sentence.excluded:
                continue
            for rule in language.triggers:
                if rule.pattern.search(sentence.text):
                    rules[rule.id].add(name)
            for mention in gazetteer.mentions(sentence.text, 0, day):
                entries[mention.entity.name].add(name)
    return FiringReport(
        count,
        {k: frozenset(v) for k, v in rules.items()},
        {k: frozenset(v) for k, v in entries.items()},
    )
