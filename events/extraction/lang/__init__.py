"""Language bundles: the vocabulary of a language as data (lang/<code>.yaml), read by the
extractor's general code. A new trigger is a row in the bundle; a new language, a new bundle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from events.extraction.kinds import BY_NAME

BUNDLES = Path(__file__).resolve().parent


@dataclass(frozen=True)
class TriggerRule:
    """One way of saying that an event of a kind happened."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    # A noun ("Sweden's accession") names an event in passing: only a date of its own makes
    # it a report of the event.
    needs_own_date: bool = False
    objects_take_part: bool = False
    about_a_country: bool = False


@dataclass(frozen=True)
class Language:
    code: str
    dateparser_languages: tuple[str, ...]
    search_config: str
    triggers: tuple[TriggerRule, ...]
    not_the_summit: re.Pattern[str]
    not_the_event: re.Pattern[str]
    pro_verb: re.Pattern[str]
    offices: dict[str, str]  # office title (lower case) -> office key
    seats_of_government: dict[str, str]  # publisher words or URL host -> country code
    reporting_verbs: tuple[str, ...] = ()
    honorifics: frozenset[str] = frozenset()
    collective_nouns: tuple[str, ...] = ()
    not_the_person: tuple[str, ...] = ()
    regions: frozenset[str] = frozenset()

    def office_of(self, title: str) -> str | None:
        return self.offices.get(" ".join(title.lower().replace("-", " ").split()))


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z_]+)\}", lambda m: macros[m.group(1)], pattern)


def available_languages() -> frozenset[str]:
    """The codes of the shipped language bundles."""
    return frozenset(p.stem for p in BUNDLES.glob("*.yaml"))


# Language names as metadata may give them, by the code of their bundle.
LANGUAGE_NAMES = {"english": "en"}


def language_code(value: str) -> str:
    """ "en", "en-GB", "en_US", "English" -> "en": a bundle's code from what metadata says."""
    text = value.strip().lower()
    return LANGUAGE_NAMES.get(text, text.replace("_", "-").split("-")[0])


@cache
def load_language(code: str = "en") -> Language:
    """The bundle of that language; a rule naming an unknown kind is an error naming the rule."""
    path = BUNDLES / f"{code}.yaml"
    if not path.exists():
        raise ValueError(f"no language bundle for {code!r}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    macros = {k: v.strip() for k, v in data.get("macros", {}).items()}
    rules = []
    for row in data["triggers"]:
        if row["kind"] not in BY_NAME:
            raise ValueError(f"{path.name}: rule {row['id']} has an unknown kind {row['kind']!r}")
        flags = re.I if row.get("ignore_case") else 0
        pattern = re.compile(_expand(row["pattern"], macros), flags)
        rules.append(
            TriggerRule(
                row["id"],
                row["kind"],
                pattern,
                row.get("needs_own_date", False),
                row.get("takes_part") == "objects",
                row.get("about_a_country", False),
            )
        )
    offices = {" ".join(k.replace("-", " ").split()): v for k, v in data["offices"].items()}
    return Language(
        code=data["code"],
        dateparser_languages=tuple(data["dateparser_languages"]),
        search_config=data["search_config"],
        triggers=tuple(rules),
        not_the_summit=re.compile(data["not_the_summit"], re.I),
        not_the_event=re.compile(data["not_the_event"], re.I),
        pro_verb=re.compile(data["pro_verb"], re.I),
        offices=offices,
        seats_of_government=dict(data["seats_of_government"]),
        reporting_verbs=tuple(data["reporting_verbs"]),
        honorifics=frozenset(data["honorifics"]),
        collective_nouns=tuple(data["collective_nouns"]),
        not_the_person=tuple(data["not_the_person"]),
        regions=frozenset(data["regions"]),
    )
