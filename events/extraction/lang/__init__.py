"""Language bundles: the vocabulary of a language as data (lang/<code>.yaml), read by the
extractor's general code. A new trigger is a row in the bundle; a new language, a new bundle."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

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


Words = tuple[str, ...]


# eq=False: compared and hashed as itself, so that dates.py compiles a bundle's patterns once.
@dataclass(frozen=True, eq=False)
class TemporalWords:
    """The words of temporal expressions (the `temporal` section of a bundle): regular-expression
    fragments that fill the slots of dates.py's patterns, and what they mean."""

    months: Words
    months_before_a_number: Words
    dateparser_spellings: dict[str, str]
    weekdays: Words
    parts_of_day: Words
    ordinal_suffixes: Words
    numbers: dict[str, int]
    tens: dict[str, int]
    after_tens: Words
    ordinals: dict[str, int]
    units: dict[str, Words]  # unit -> (singular, plural)
    weekend: Words
    seasons: dict[str, Words]
    relative: dict[str, Words]  # last / this / next -> words
    just_gone: Words
    parts: dict[str, Words]  # early / middle / late -> words
    parts_of: dict[str, Words]
    period_modifiers: dict[str, str]
    days: dict[str, int]
    possessive_events: Words
    before_a_day: Words
    before_a_month: Words
    before_a_year: Words
    before_any_year: Words
    percent: Words
    of: Words
    the: Words
    in_the: Words
    summit: Words
    weekend_prepositions: Words
    range: Words
    span_for: Words
    span_from: Words
    this_day: Words
    ago: Words
    ago_to_the_day: Words
    window_prepositions: Words
    window_ahead: Words
    window_back: Words
    offsets: dict[str, int]
    adjacent_days: dict[str, int]
    anniversary: Words
    stamp_words: Words
    time_zones: Words
    clock_suffixes: Words
    revised: Words
    blocker_prepositions: Words
    blocker_determiners: Words
    blocker_periods: Words
    blocker_words: Words
    deadline_before: str
    future: str
    present_perfect: str
    offsets_between_events: Words
    lapse_words: Words
    lapse_reach: dict[str, int]  # unit (lower case) -> how many days it reaches at most
    lapse_after: Words
    lapse_before: Words


# eq=False, as TemporalWords: cleaning.py compiles a bundle's patterns once.
@dataclass(frozen=True, eq=False)
class CleaningWords:
    """The `cleaning` section of a bundle: regular-expression fragments for what is kept out of
    detection (credits, captions, headings) or dropped (reader comments, hover cards)."""

    credit_lines: Words
    caption_verbs: Words
    not_a_caption_after: Words
    photo: Words
    comments_end: Words
    hover_card_end: Words
    interview_labels: Words


# eq=False, as TemporalWords: pipeline.py compiles a bundle's clause patterns once.
@dataclass(frozen=True, eq=False)
class ClauseWords:
    """The `clauses` section of a bundle: regular-expression fragments that fill the slots of
    pipeline.py's clause patterns (where a sentence is cut, what a clause tells)."""

    adverbs: Words
    definite_article: Words
    coordinators: Words
    coordinated_verbs: Words
    clause_conjunctions: Words
    verbs: Words
    subject_openers: Words
    lower_subject_verbs: Words
    not_a_subject: Words
    group_words: Words
    reporters: Words
    reported_verbs: Words
    reported_on: Words
    saying_verbs: Words
    conditional: Words
    relative_pronouns: Words
    subordinators: Words
    past_verbs: Words
    anchor_verbs: Words
    recalling: Words
    deal_determiners: Words
    deal_nouns: Words
    report_nouns: Words
    lead_verbs: Words
    delegation_nouns: Words
    function_words: Words
    phrase_ends: Words
    before_a_date: Words
    title_leading: Words
    question_labels: Words
    ministerial_series: dict[str, Words]  # series -> the ministers' portfolio
    ministerial: Words
    named_series: dict[str, Words]  # series -> its names
    summit_series: dict[str, Words]
    summits_not_in_calendar: Words


# eq=False, as TemporalWords: detection.py compiles a bundle's participant patterns once.
@dataclass(frozen=True, eq=False)
class ParticipantWords:
    """The `participants` section of a bundle: regular-expression fragments that fill the slots
    of detection.py's patterns (who takes part, who only reports, who is named how)."""

    possessive: Words
    the: Words
    # "and", "of" as words
    and_: Words
    of: Words
    infinitive: Words
    gathered: Words
    gathered_in: Words
    reporting_nouns: Words
    reporting_after: Words
    reporting_before: Words
    reporting_before_determiners: Words
    fronted: Words
    reported_after_verbs: Words
    reported_after: Words
    determiners: Words
    prepositions_of_place: Words
    auxiliaries: Words
    verb_endings: Words
    where: Words
    relative_subjects: Words
    gapped_prepositions: Words
    opens_clause: Words
    partner: Words
    object_before: Words
    object_determiners: Words
    addressed_to: Words
    participle_endings: Words
    the_office: Words
    office_modifiers: Words
    nominal_roles: Words
    title_bound_roles: Words
    titles_before_name: Words
    loose_titles: Words
    not_a_person_after: Words
    titles_after_name: Words
    not_a_name: Words
    pair_openers: Words
    pair_nouns: Words
    pair_words: Words
    group_titles: Words
    it: Words
    it_not_before: Words
    government_bodies: Words
    their: Words
    meeting_nouns: Words
    plural_endings: Words
    summit_name_openers: Words
    summit_name_trailing: Words
    place_cues: Words
    summit_after_place: Words


def _words(section: str, key: str, value: Any) -> Any:
    """A bundle's value with its lists as tuples; anything but text in a list is an error (YAML
    reads a bare `on` or `no` as a truth value)."""
    if isinstance(value, dict):
        return {k: _words(section, f"{key}.{k}", v) for k, v in value.items()}
    if isinstance(value, list):
        if not all(isinstance(word, str) for word in value):
            raise ValueError(f"{section}.{key}: every word must be text (quote 'on', 'no')")
        return tuple(value)
    return value


def _section[T](cls: type[T], data: dict[str, Any], name: str) -> T:
    """A bundle section as its dataclass; a missing key is an error naming the section."""
    keys = {f.name: f.name.rstrip("_") for f in fields(cls)}  # "and_" is the key "and"
    missing = [key for key in keys.values() if key not in data]
    if missing:
        raise ValueError(f"{name}: missing {', '.join(missing)}")
    return cls(**{field: _words(name, key, data[key]) for field, key in keys.items()})


# eq=False: compared and hashed as itself, so that a bundle's compiled patterns are cached per
# bundle.
@dataclass(frozen=True, eq=False)
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
    temporal: TemporalWords
    cleaning: CleaningWords
    clauses: ClauseWords
    participants: ParticipantWords
    abbreviations: frozenset[str]
    first_person: Words
    third_person: Words
    reporting_verbs: tuple[str, ...] = ()
    honorifics: frozenset[str] = frozenset()
    collective_nouns: tuple[str, ...] = ()
    not_the_person: tuple[str, ...] = ()
    regions: frozenset[str] = frozenset()

    def office_of(self, title: str) -> str | None:
        return self.offices.get(" ".join(title.lower().replace("-", " ").split()))


def alternatives(words: Iterable[str]) -> str:
    """A bundle's words as one regular-expression alternation; no words never match (a bundle
    may leave a slot empty)."""
    return "|".join(words) or "(?!)"


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
        temporal=_section(TemporalWords, data["temporal"], f"{path.name}: temporal"),
        cleaning=_section(CleaningWords, data["cleaning"], f"{path.name}: cleaning"),
        clauses=_section(ClauseWords, data["clauses"], f"{path.name}: clauses"),
        participants=_section(ParticipantWords, data["participants"], f"{path.name}: participants"),
        abbreviations=frozenset(_words(path.name, "abbreviations", data["abbreviations"])),
        first_person=_words(path.name, "first_person", data["first_person"]),
        third_person=_words(path.name, "third_person", data["third_person"]),
    )
