"""Which events a clause reports (kind and trigger), and who takes part in them.

Every rule here is about the shape of news prose, never about one article: a call is "spoke
with <someone>" or "a phone call"; a pledge is a verb of reaffirming near "commitment"; an
agreement needs an instrument (treaty, plan, mission, extension ...) as its object. The words
are the language bundle's (its triggers and its `participants` section); the skeletons of the
patterns are here, compiled once per bundle (`participant_grammar`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from events.extraction.data import Entity, Mention
from events.extraction.gazetteer import Gazetteer, holds_role
from events.extraction.kinds import BY_NAME, CHILD_KINDS, CONTAINER_KINDS, compatible
from events.extraction.lang import Language, alternatives, load_language
from events.extraction.speech import Voices, first_person

_LANGUAGE = load_language()
SAME_REPORT = 120  # characters between compatible triggers of one report
_SAME_CLAUSE_BREAK = re.compile(r"[.;!?]")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9][.!?])\s+")
_CLAUSE_END = re.compile(r"^\s*(?:[,.;:”\"]|$)")
# An organisation or country right before a person is part of the person's title:
# "NATO Secretary General Jens Stoltenberg", "U.S. President Joe Biden".
_TITLE_GAP = re.compile(r"^[\s\w.'’()-]{0,45}$")
_NAME_WORD = r"[A-Z][a-zà-ÿłńśźżćęąőűøåæ'’]+(?:-[A-Z]?[a-zà-ÿłńśźżćęąőűøåæ'’]+)?"
_NAME = rf"(?:{_NAME_WORD}\s+(?:[A-Z]\.?\s+)?){{0,2}}{_NAME_WORD}"


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


class ParticipantGrammar:
    """A bundle's participant words compiled into the patterns that tell who takes part, who
    only reports and who is named how: the skeletons are here, the words in the bundle."""

    def __init__(self, language: Language) -> None:
        w, any_of = language.participants, alternatives
        adverb = any_of(language.clauses.adverbs)
        the, and_, of, possessive = (
            any_of(w.the),
            any_of(w.and_),
            any_of(w.of),
            any_of(w.possessive),
        )
        the_either = any_of((*w.the, *map(_capital, w.the)))
        to = any_of(w.infinitive)
        # A verb in the infinitive is a plan or a purpose, not a report of the event ...
        self.infinitive = re.compile(rf"\b(?:{to})\s+(?:(?:{adverb})\s+)?$")
        # ... unless people gathered or voted for it: "came together to sign the Washington
        # Treaty".
        self.gathered_to = re.compile(
            rf"\b(?:{any_of(w.gathered)})\s+(?:(?:{any_of(w.gathered_in)})\s+\w+\s+)?"
            rf"(?:{to})\s+(?:(?:{adverb})\s+)?$"
        )
        # Who merely reports: "the White House said", "a White House statement said", "Psaki
        # said", "according to NATO".
        self.reporting_after = re.compile(
            rf"^(?:{possessive})?\s*(?:(?:{any_of(w.reporting_nouns)})\s+)?"
            rf"(?:{any_of(w.reporting_after)})\b"
        )
        self.reporting_before = re.compile(
            rf"\b(?:{any_of(w.reporting_before)})\s+"
            rf"(?:(?:{any_of(w.reporting_before_determiners)})\s+)?$",
            re.I,
        )
        # An event named in a phrase before the main clause: "In meetings with X, Y said ...".
        self.fronted = re.compile(
            rf"(?:^|[.;!?]\s+|\n\s*)(?:{any_of(w.fronted)})\s+(?:[\w-]+\s+){{0,3}}$"
        )
        # "she said after the working dinner with Lavrov", "noted ... during a February 23
        # meeting with": one who speaks at or after a meeting attended it.
        self.reported_after = re.compile(
            rf"\s+(?:{any_of(w.reported_after_verbs)})\b[^.;]{{0,160}}?"
            rf"\b(?:{any_of(w.reported_after)})\s+(?:(?:{any_of(w.determiners)})\s+)?"
            r"(?:[\w-]+\s+){0,3}$"
        )
        self.list_join = re.compile(
            rf"(?:{possessive})?\s*(?:,|,?\s+(?:{and_})|&)?\s+(?:(?:{the})\s+)?|\s*,\s*"
        )
        # Before a country that is where, not who: "a brigade for deployment in Lithuania".
        self.preposition_before = re.compile(rf"\b(?:{any_of(w.prepositions_of_place)})\s+$", re.I)
        # A verb right after a name: the name is its subject.
        self.acts = re.compile(
            rf"\s+(?:(?:{adverb})\s+)?(?:(?:{any_of(w.auxiliaries)})\s+)?"
            rf"\w+(?:{any_of(w.verb_endings)})\b"
        )
        self.where = re.compile(rf"\b(?:{any_of(w.where)})\s+$")
        # A mention inside a relative clause ("de Gaulle, who had defeated François Mitterrand").
        self.in_relative = re.compile(
            rf",\s*(?:{any_of(language.clauses.relative_pronouns)})\b[^,]*$"
        )
        # What may stand between a mention and the verb it is the subject of: a relative
        # pronoun ("Finland, which joined"), or nothing ("Montenegro's accession").
        self.relative = re.compile(
            rf"(?:,?\s*(?:{any_of(w.relative_subjects)})\s+(?:\w+\s+){{0,2}})?"
        )
        # "Germany in 1955 and Greece and Turkey joined": an item whose verb is the next item's
        self.gapped_item = re.compile(
            rf"\s+(?:{any_of(w.gapped_prepositions)})\s+[\w ]{{1,25}}?,?\s+(?:{and_})\s+"
            rf"(?:(?:{the})\s+)?"
        )
        self.opens_clause = re.compile(rf"\b(?:{any_of(w.opens_clause)})\b")
        self.partner = re.compile(rf"\b(?:{any_of(w.partner)})\s+(?:(?:{the})\s+)?$")
        # A person after a preposition is an object ("spoke with ... Stoltenberg"), not the
        # subject.
        self.object_before = re.compile(
            rf"\b(?:{any_of(w.object_before)})\s+"
            rf"(?:(?:{any_of(w.object_determiners)}|[A-Z][\w.'’()-]*)\s+)*$"
        )
        # Titles of office with "of" in them ("Secretary of State Hillary Clinton"): the "of" is
        # the title's.
        with_of = [t for t in language.offices if any(f" {word} " in t for word in w.of)]
        self.title_with_of = re.compile(rf"\b(?:{_any_of(tuple(with_of))})\s+$", re.I)
        self.addressed_to = tuple(f" {word}" for word in w.addressed_to)
        self.participle_endings = w.participle_endings
        self.joined = re.compile(rf"\s+(?:{and_})\s+(?:[\w.'’-]+\s+){{0,4}}")
        # "Croatian and Albanian leaders": demonyms before a noun for people in office.
        self.peoples = re.compile(
            rf"\b((?:[A-Z][a-z]+(?:,\s+|\s+(?:{and_})\s+))*[A-Z][a-z]+)\s+"
            rf"(?:{_any_of(language.collective_nouns)})\b"
        )
        third = language.third_person
        self.pronoun = re.compile(rf"\b(?:{any_of((*third, *map(_capital, third)))})\b")
        self.nominal = re.compile(
            rf"\b(?:{any_of(w.the_office)})\s+(?:(?:{any_of(w.office_modifiers)})\s+)?"
            rf"(?:\(?[A-Z]{{2,}}\)?\s+)?(?P<role>(?i:{any_of(w.nominal_roles)}))\b"
        )
        self.title_bound_roles = frozenset(w.title_bound_roles)
        # People the gazetteer does not know yet, named with their office: "Finnish President
        # Sauli Niinisto", "Defence Minister Boris Pistorius" ...
        self.titled_person = re.compile(
            rf"\b(?P<role>{any_of(w.titles_before_name)})\s+(?P<name>{_NAME})\b"
            rf"(?!\s+[A-Z]|(?:{possessive})\s+(?:{any_of(w.not_a_person_after)}))"
        )
        self.loose_titles = frozenset(w.loose_titles)
        # ... or with their office after the name: "Antanas Valionis, Foreign Minister of
        # Lithuania"; not after words that open a phrase of time or place ("On Tuesday, ...").
        not_a_name = any_of((*w.not_a_name, *language.temporal.weekdays))
        self.person_titled = re.compile(
            rf"\b(?!(?:{not_a_name})\b)(?P<name>{_NAME}),\s+(?:(?:{the})\s+)?"
            rf"(?P<role>(?:[A-Z][\w'’-]*\s+){{0,3}}(?:{any_of(w.titles_after_name)}))\b"
        )
        self.group = re.compile(
            rf"\b(?:{any_of(w.pair_openers)})\s+(?:{any_of(w.pair_nouns)})\b"
            rf"|\b(?:{any_of(w.pair_words)})\b"
            rf"|\b(?:{any_of(w.group_titles)})\b(?!\s+(?:{of})\b)"
        )
        # "Finland then moved ahead alone. It joined on 4 April": a sentence's "It" doing
        # something
        self.it = re.compile(rf"(?:{any_of(w.it)})\b(?!\s+(?:{any_of(w.it_not_before)})\b)")
        # A government body: "the U.S. Department of State", "Turkish National Defense
        # Ministry"; "the ministry", the body named last.
        bodies = any_of(w.government_bodies)
        word = rf"(?!(?:{any_of(map(_capital, w.the))})\b)[A-Z][\w.’'-]*\s+"
        self.ministry = re.compile(
            rf"(?P<name>(?:{word}){{0,3}}?(?:{bodies})\s+(?:{of})\s+(?:(?:{the})\s+)?"
            rf"[A-Z][a-z]+(?:\s+(?:(?:{and_})\s+)?[A-Z][a-z]+)*"
            rf"|(?:{word}){{1,3}}(?:{bodies})\b)"
        )
        self.the_ministry = re.compile(
            rf"\b(?:{the_either})\s+(?:{any_of(b.lower() for b in w.government_bodies)})\b"
        )
        # "their video conference", "their talks last week": the meeting of the people just
        # named
        self.their_meeting = re.compile(
            rf"\b(?P<their>{any_of(w.their)})\s+(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{any_of(w.meeting_nouns)})(?:{any_of(w.plural_endings)})?\b"
        )
        self.summit_opening = re.compile(rf"^(?:{any_of(w.summit_name_openers)})\s+", re.I)
        self.summit_trailing = re.compile(rf"\s+(?:{any_of(w.summit_name_trailing)})\s+[A-Z]$")
        self.place_cue = re.compile(rf"(?:\b(?:{any_of(w.place_cues)})\s+(?:(?:{the})\s+)?)$")
        self.summit_after_place = re.compile(rf"\s+(?:{any_of(w.summit_after_place)})\b")
        self.regions = language.regions


@cache
def participant_grammar(language: Language = _LANGUAGE) -> ParticipantGrammar:
    """The bundle's participant patterns, compiled on first use."""
    return ParticipantGrammar(language)


@dataclass(frozen=True)
class Trigger:
    kind: str
    start: int
    end: int
    text: str
    rule: str = ""
    needs_own_date: bool = False
    objects_take_part: bool = False
    about_a_country: bool = False
    # what the rule found before the verb it stands at ("the Treaty we will sign")
    fronted: str = ""


def find_triggers(clause: str, offset: int = 0, language: Language = _LANGUAGE) -> list[Trigger]:
    """At most one container event (call, meeting or summit) and one child event of each group
    of compatible kinds (an accession "agreement" and "other" are one report)."""
    found: dict[str, Trigger] = {}
    for rule in language.triggers:
        kind = rule.kind
        # a rule may name the word that stands for the event ("the treaty we will *sign*")
        group = "verb" if "verb" in rule.pattern.groupindex else 0
        for match in rule.pattern.finditer(clause):
            trigger = Trigger(
                kind, match.start(group) + offset, match.end(group) + offset, match.group(group),
                rule.id,
                rule.needs_own_date, rule.objects_take_part, rule.about_a_country,
                match.group("object") or "" if "object" in rule.pattern.groupindex else "",
            )  # fmt: skip
            if kind not in found or trigger.start < found[kind].start:
                found[kind] = trigger
    g = participant_grammar(language)
    container = _container(found, clause, offset, language)
    children = _children(found, clause, offset, language)
    if container and any(
        g.gathered_to.search(clause, 0, child.start - offset)
        and container[0].start < child.start
        and not _SAME_CLAUSE_BREAK.search(clause, container[0].end - offset, child.start - offset)
        for child in children
    ):
        # "came together to sign the Washington Treaty": the gathering is the signing
        container = []
    return sorted([*container, *children], key=lambda t: t.start)


def _container(
    found: dict[str, Trigger], clause: str, offset: int, language: Language
) -> list[Trigger]:
    """The clause's call, meeting or summit. A named summit is the summit even when "met"
    comes first ("met in Brussels for the NATO Leaders' Meeting"), but not a meeting "on the
    sidelines of" one, nor one held "to prepare for" it."""
    containers = [found[k] for k in CONTAINER_KINDS if k in found]
    if not containers:
        return []
    summit = found.get("summit")
    before = clause[: summit.start - offset] if summit else ""
    if summit and len(containers) > 1 and language.not_the_summit.search(before):
        summit = None
    return [summit or min(containers, key=lambda t: t.start)]


def _children(
    found: dict[str, Trigger], clause: str, offset: int, language: Language
) -> list[Trigger]:
    """One child event of each group of compatible kinds."""
    children: list[Trigger] = []
    g = participant_grammar(language)
    for trigger in sorted((found[k] for k in CHILD_KINDS if k in found), key=lambda t: t.start):
        before = clause[: trigger.start - offset]
        if language.not_the_event.search(before) or (
            g.infinitive.search(before) and not g.gathered_to.search(before)
        ):
            continue  # "the anniversary of accession", "for them to officially join"
        # Compatible kinds are one report when the later is a noun or stands close by ("signed
        # the instrument of ratification for Montenegro's accession"); apart, two ("said
        # Wednesday ... the Protocol, done at Brussels on 6 February").
        if not any(
            compatible(trigger.kind, kept.kind)
            and (trigger.needs_own_date or trigger.start - kept.end < SAME_REPORT)
            for kept in children
        ):
            children.append(trigger)
    return children


def summit_name(clause: str, language: Language = _LANGUAGE) -> str | None:
    for rule in language.triggers:
        if rule.kind != "summit":
            continue
        match = rule.pattern.search(clause)
        if match:
            g = participant_grammar(language)
            name = g.summit_opening.sub("", match.group())
            return g.summit_trailing.sub("", name).strip()
    return None


class Discourse:
    """What the article has said so far: who was named how often and last, who is in focus,
    which groups of people events involved. Resolves pronouns, "the President", "the two
    leaders" to actors."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        seat: str | None = None,
        day: dt.date | None = None,
        language: Language = _LANGUAGE,
    ) -> None:
        self.gazetteer = gazetteer
        # Whose offices "the President", "the Prime Minister" name when the text never says
        # (a readout from No. 10), and on which day.
        self.seat = seat
        self.day = day
        self.language = language
        self.grammar = participant_grammar(language)
        self.counts: dict[Entity, int] = {}
        self.country_counts: dict[Entity, int] = {}
        self.last_seen: dict[Entity, int] = {}
        self.focus: Entity | None = None
        self.last_group: tuple[Entity, ...] = ()
        self.lead: Entity | None = None
        self.last_body: Entity | None = None  # the government body named last
        # "The President met President Erdogan": whoever "the President" is, it is not Erdogan.
        self.not_the: dict[str, set[Entity]] = {}
        self._clock = 0

    def note(self, mentions: list[Mention], weight: int = 1) -> None:
        for mention in mentions:
            if mention.entity.category == "country" and mention.via == "name":
                self.country_counts[mention.entity] = (
                    self.country_counts.get(mention.entity, 0) + weight
                )
            if mention.entity.category == "person":
                self._clock += 1
                self.last_seen[mention.entity] = self._clock
                # Only names count towards who the article is about; "he" says nothing new.
                if mention.via == "name":
                    self.counts[mention.entity] = self.counts.get(mention.entity, 0) + weight
        people = [m for m in mentions if m.entity.category == "person"]
        if people:
            self.focus = people[0].entity

    def country_in_focus(self) -> Entity | None:
        """The country the article is most about (its headline counts thrice)."""
        if not self.country_counts:
            return None
        return max(self.country_counts, key=lambda e: self.country_counts[e])

    def note_group(self, people: tuple[Entity, ...]) -> None:
        if len(people) >= 2:
            self.last_group = people

    def resolve_role(self, role: str) -> Entity | None:
        """The most talked-about actor holding the role (lower case, "secretary general"), the
        latest named breaking ties."""
        excluded = self.not_the.get(role, set())
        candidates = [
            e for e in self.gazetteer.with_role(role) if e in self.last_seen and e not in excluded
        ]
        if not candidates:
            return self.office_holder(role)
        return max(candidates, key=lambda e: (self.counts.get(e, 0), self.last_seen[e]))

    def _peoples(self, text: str, offset: int) -> list[Mention]:
        """ "Croatian and Albanian leaders": the countries whose people in office take part."""
        found = []
        for match in self.grammar.peoples.finditer(text):
            for word in re.finditer(r"[A-Z][a-z]+", match.group(1)):
                country = self.gazetteer.country_of_word(word.group())
                if country is not None:
                    start = word.start() + match.start(1) + offset
                    found.append(Mention(country, start, start + len(word.group()), "group"))
        return found

    def _capitals_speaking(self, named: list[Mention], text: str, offset: int) -> list[Mention]:
        """A capital that acts ("Ankara invoked Article 4", "Podgorica was invited") speaks for
        its country; after a preposition ("in Ankara") it is only a place."""
        found = []
        for mention in named:
            if mention.entity.role != "capital" or mention.entity.category != "place":
                continue
            before = text[max(0, mention.start - offset - 12) : mention.start - offset]
            after = text[mention.end - offset : mention.end - offset + 30]
            country = self.gazetteer.by_code.get(mention.entity.country)
            if (
                country
                and not self.grammar.preposition_before.search(before)
                and self.grammar.acts.match(after)
            ):
                found.append(Mention(country, mention.start, mention.end, "group"))
        return found

    def _someone_else(self, mention: Mention, text: str, offset: int) -> bool:
        """A lone surname right after a given name that is not part of the known name ("Wayne
        Bush"; not after a title, a demonym or at the start of a sentence), or a name standing
        for something else ("the Biden administration")."""
        if mention.entity.category != "person":
            return False
        after = text[mention.end - offset : mention.end - offset + 30]
        if _words_after_pattern(self.language.not_the_person).match(after):
            return True
        if " " in text[mention.start - offset : mention.end - offset]:
            return False
        # a bounded look back: this runs for every name of a sentence
        lead = text[max(0, mention.start - offset - 40) : mention.start - offset]
        before = re.search(r"(?:^|[^\w.])([A-Z][a-z]+)\s+$", lead)
        at_start = before is not None and before.start(1) == 0 and mention.start - offset <= 40
        if before is None or at_start or before.group(1) in self.language.honorifics:
            return False
        if self.gazetteer.country_of_word(before.group(1)) is not None:
            return False  # "German Merz"
        if _misspells_a_given_name(before.group(1), mention.entity):
            return False  # "Vladmir Putin": the surname confirms a given name typed wrong
        return not re.search(r"[.!?:]\s*$", lead[: before.start(1)])

    def _misspelt_holder(self, role: str, name: str) -> Entity | None:
        """The one holder of the titled office on the article's day whose surname the unknown
        name misspells by a letter ("President Zelenskky"), for surnames of five letters or
        more: the title confirms what the spelling alone would not."""
        office = self.language.office_of(role)
        if office is None or self.day is None:
            return None
        surname = name.split()[-1].lower()
        if len(surname) < 5:
            return None
        alike = {
            holder
            for holder in self.gazetteer.holders_on(office, self.day)
            if any(_one_letter_off(surname, known.split()[-1].lower()) for known in holder.names)
        }
        return alike.pop() if len(alike) == 1 else None

    def office_holder(self, role: str, country: str | None = None) -> Entity | None:
        """Who held the office on the article's day: NATO's for a Secretary General, else the
        country's named (or the publisher's, for an official text)."""
        office = self.language.office_of(role)
        if office is None or self.day is None:
            return None
        if office in {"secretary_general", "deputy_secretary_general", "saceur"}:
            country = "NATO"
        country = country or self.seat
        if country is None:
            return None
        holder = self.gazetteer.holder(office, country, self.day)
        if holder is None or (
            role in self.grammar.title_bound_roles
            and not any(role in t.title.lower() for t in holder.terms if t.covers(self.day))
        ):
            return None  # "the Chancellor" of a country whose head of government is not one
        return holder

    def mentions(self, text: str, offset: int, voices: Voices | None = None) -> list[Mention]:
        """Named, nominal ("the Secretary"), pronoun, group and first-person ("I" in a quote)
        mentions in reading order."""
        named = [
            m
            for m in self.gazetteer.mentions(text, offset, self.day)
            if not self._someone_else(m, text, offset)
        ]
        found = [
            *named,
            *(first_person(text, offset, voices, self.language) if voices is not None else []),
            *self._peoples(text, offset),
            *self._capitals_speaking(named, text, offset),
        ]
        taken = [(m.start, m.end) for m in named]
        found += self._nominal(named, taken, text, offset)
        found += self._titled(taken, text, offset)
        for match in self.grammar.group.finditer(text):
            for entity in self.last_group:
                found.append(Mention(entity, match.start() + offset, match.end() + offset, "group"))
        found.sort(key=lambda m: m.start)
        found += self._pronouns(found, text, offset)
        found += self._their_meeting(found, text, offset)
        found = self._ministries(found, text, offset)
        if (it := self.grammar.it.match(text)) and self.lead is not None:
            found.append(Mention(self.lead, offset, offset + it.end(), "pronoun"))
        found.sort(key=lambda m: m.start)
        # the country a sentence opens with, for "It" opening the next one
        first = found[0] if found else None
        self.lead = (
            first.entity
            if first and first.entity.category == "country" and first.start - offset <= 4
            else None
        )
        return found

    def _nominal(
        self, named: list[Mention], taken: list[tuple[int, int]], text: str, offset: int
    ) -> list[Mention]:
        """ "The Secretary", "the Chancellor": the office holder the discourse knows."""
        found = []
        for match in self.grammar.nominal.finditer(text):
            start, end = match.start() + offset, match.end() + offset
            role = match.group("role").lower().replace("-", " ")
            others = {m.entity for m in named if holds_role(m.entity, role)}
            self.not_the.setdefault(role, set()).update(others)
            entity = self.resolve_role(role)
            if entity is not None and _free(taken, start, end):
                found.append(Mention(entity, start, end, "nominal"))
        return found

    def _titled(self, taken: list[tuple[int, int]], text: str, offset: int) -> list[Mention]:
        """A title and a name the gazetteer does not know ("Ambassador Frank Taylor")."""
        found = []
        g = self.grammar
        for match in [*g.titled_person.finditer(text), *g.person_titled.finditer(text)]:
            start, end = match.start("name") + offset, match.end("name") + offset
            # A surname alone after a title ("President Karzai"), but a full name after a
            # word that is a title only sometimes ("General Assembly" is no general).
            loose = match.group("role") in g.loose_titles
            if _free(taken, start, end) and (" " in match.group("name") or not loose):
                name = match.group("name")
                entity = self._misspelt_holder(match.group("role"), name) or Entity(
                    name, "person", (name,), match.group("role")
                )
                found.append(Mention(entity, start, end))
                taken.append((start, end))
        return found

    def _pronouns(self, found: list[Mention], text: str, offset: int) -> list[Mention]:
        """ "he", "she": the first person named before it in the sentence, else the one in focus."""
        pronouns = []
        for match in self.grammar.pronoun.finditer(text):
            start = match.start() + offset
            earlier = [m for m in found if m.start < start and m.entity.category == "person"]
            entity = earlier[0].entity if earlier else self.focus
            if entity is not None:
                pronouns.append(Mention(entity, start, match.end() + offset, "pronoun"))
        return pronouns

    def _ministries(self, found: list[Mention], text: str, offset: int) -> list[Mention]:
        """ "The U.S. Department of State said", "Turkish National Defense Ministry": a
        government body the gazetteer does not list acts as itself, not as its country (or a
        person) named inside its name."""
        bodies = []
        for match in self.grammar.ministry.finditer(text):
            name = match.group("name")
            start = match.start("name") + offset
            end = start + len(name)
            country = self.gazetteer.country_of_word(name.split()[0].strip(".’'"))
            entity = Entity(
                name, "organisation", (name,), "ministry", country.country if country else ""
            )
            bodies.append(Mention(entity, start, end))
        if bodies:
            self.last_body = bodies[-1].entity
        elif self.last_body is not None:
            # "the ministry wrote on X": the body named last
            bodies = [
                Mention(self.last_body, m.start() + offset, m.end() + offset, "nominal")
                for m in self.grammar.the_ministry.finditer(text)
            ]
        if not bodies:
            return found
        inside = [m for m in found if any(b.start <= m.start < b.end for b in bodies)]
        return [m for m in found if m not in inside] + bodies

    def _their_meeting(self, found: list[Mention], text: str, offset: int) -> list[Mention]:
        """ "The presidents continued the discussion begun during their video conference": the
        people named before "their" in the sentence, else the last group an event involved."""
        result = []
        for match in self.grammar.their_meeting.finditer(text):
            start, end = match.start() + offset, match.end("their") + offset
            earlier = {m.entity: m for m in found if m.start < start}
            people = [e for e in earlier if e.category == "person"]
            for entity in people if len(people) >= 2 else self.last_group:
                result.append(Mention(entity, start, end, "pronoun"))
        return result


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or e <= start for s, e in taken)


def participants_for(
    trigger: Trigger,
    mentions: list[Mention],
    text: str,
    focus: Entity | None,
    language: Language = _LANGUAGE,
) -> list[Entity]:
    """Who takes part in the event a trigger announces, from the mentions of its clause."""
    spec = BY_NAME[trigger.kind]
    g = participant_grammar(language)
    actors = _parties(trigger, mentions, text, g)
    people = [m for m in actors if m.entity.category == "person"]
    before = [m for m in people if m.end <= trigger.start]
    others = [m for m in actors if m.entity.category != "person"]
    if trigger.kind == "summit":
        # The people named at a summit, and the body in its name ("NATO Summit"); a country
        # named around it ("after Russia annexed Crimea") is context.
        result = [m.entity for m in people]
        result += [m.entity for m in others if trigger.start <= m.start < trigger.end]
    elif spec.takes_part == "all":
        result = [m.entity for m in people] or [m.entity for m in others]
    elif spec.takes_part == "subjects":
        result = _subjects(trigger, before, others, text, g)
    else:
        result = _speaker(trigger, before, people, others, text, focus, g)
    return list(dict.fromkeys(result))


def _parties(
    trigger: Trigger, mentions: list[Mention], text: str, g: ParticipantGrammar
) -> list[Mention]:
    """The mentions that may take part: no places, no country that is only where ("a brigade
    for deployment in Lithuania"), no one who merely reports, no title before a name."""
    actors = [
        m
        for m in mentions
        if m.entity.category != "place"
        and not (
            m.entity.category == "country" and g.where.search(text, max(0, m.start - 6), m.start)
        )
    ]
    if BY_NAME[trigger.kind].takes_part != "speaker":
        # Whoever merely reports is not a party ("..., the White House said"); the speaker of
        # a statement or a pledge is, and so is one who reports on their own meeting ("In
        # meetings with Zelenskyy, Blinken said").
        fronted = g.fronted.search(text, max(0, trigger.start - 40), trigger.start)
        actors = [
            m
            for m in actors
            if not _is_reporter(m, text, g)
            or (fronted and m.start > trigger.end and m.entity.category == "person")
            or g.reported_after.match(text, m.end, trigger.start)
        ]
    return [m for m in actors if not _is_title_prefix(m, mentions, text)]


def _subjects(
    trigger: Trigger,
    before: list[Mention],
    others: list[Mention],
    text: str,
    g: ParticipantGrammar,
) -> list[Entity]:
    """Signatories and deciders: the people before the verb, else the countries or bodies before
    it, with a counterpart after "with"; a milestone's country (it joins, ratifies, is invited)
    wherever it stands. Countries merely named after an agreement's verb ("signed Montenegro's
    Accession Protocol") are not its parties."""
    countries = [m for m in others if m.entity.category == "country"]
    if invited := _invitees(trigger, countries):
        return invited
    preceding = [m for m in countries if m.end <= trigger.start]
    ahead = _relative_to(preceding, trigger, text, g) or _subject_list(preceding, text, g)
    earlier = [m for m in others if m.end <= trigger.start]
    if trigger.kind == "other" and _a_countrys_milestone(ahead, countries, before, earlier):
        # "Hungary's parliament ratified", else the person who acts, else "the accession of Poland"
        return [m.entity for m in ahead or countries]
    subjects = before or ahead or earlier
    if not subjects:
        return []
    return [*(m.entity for m in subjects), *_partner(trigger, others, text, g)]


def _invitees(trigger: Trigger, countries: list[Mention]) -> list[Entity]:
    """ "NATO leaders invited Hungary, Poland and ...": the countries after the verb."""
    if not trigger.objects_take_part:
        return []
    return [m.entity for m in countries if m.start >= trigger.end]


def _a_countrys_milestone(
    ahead: list[Mention], countries: list[Mention], people: list[Mention], earlier: list[Mention]
) -> bool:
    """Whether the countries are the milestone's parties: one is its subject, or countries are
    named and no person or body acts before the verb."""
    bodies_before = any(m.entity.category != "country" for m in earlier)
    return bool(ahead) or bool(countries and not people and not bodies_before)


def _partner(
    trigger: Trigger, others: list[Mention], text: str, g: ParticipantGrammar
) -> list[Entity]:
    """ "secured a migrant return agreement with France": the counterpart is a party too."""
    for m in others:
        if m.start > trigger.end and g.partner.search(
            text, max(trigger.end, m.start - 12), m.start
        ):
            return [m.entity]
    return []


def _subject_list(mentions: list[Mention], text: str, g: ParticipantGrammar) -> list[Mention]:
    """The run of mentions joined as a list ("Belgium, France and Germany") that is the verb's
    subject: the first ("The UK and Germany, two providers of aid to Ukraine, signed"), or
    the last when a subordinate clause opens between them ("Hungary is the last ... since
    Turkey ratified")."""
    runs: list[list[Mention]] = []
    for mention in mentions:
        if runs and g.list_join.fullmatch(text[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    if len(runs) > 1 and (
        g.opens_clause.search(text, runs[0][-1].end, runs[-1][0].start)
        or g.gapped_item.fullmatch(text, runs[-2][-1].end, runs[-1][0].start)
    ):
        return runs[-1]
    return runs[0] if runs else []


def _relative_to(
    mentions: list[Mention], trigger: Trigger, text: str, g: ParticipantGrammar
) -> list[Mention]:
    """ "Finland, which joined NATO last year", "Montenegro's accession": the mention the verb
    (or noun) is about."""
    if mentions and g.relative.fullmatch(text[mentions[-1].end : trigger.start]):
        return mentions[-1:]
    return []


@cache
def _words_after_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{_any_of(words)})\b")


def _any_of(words: tuple[str, ...]) -> str:
    """An alternation of the words; none matches nothing (a bundle may list no such words)."""
    return "|".join(re.escape(w) for w in words) if words else "(?!)"


def _one_letter_off(word: str, known: str) -> bool:
    """At most one letter inserted, left out or replaced."""
    if word == known or abs(len(word) - len(known)) > 1:
        return word == known
    if len(word) == len(known):
        return sum(a != b for a, b in zip(word, known, strict=True)) == 1
    short, long = sorted((word, known), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _misspells_a_given_name(word: str, person: Entity) -> bool:
    """Whether a word is one letter off one of the person's given names ("Vladmir" for
    Vladimir, "Aleksey" for Alexei), for names of five letters or more."""
    given = {name.split()[0] for name in person.names if " " in name}
    return any(
        len(name) >= 5 and SequenceMatcher(None, word.lower(), name.lower()).ratio() >= 0.8
        for name in given
    )


def _is_object(text: str, start: int, g: ParticipantGrammar) -> bool:
    """Whether the name at `start` is governed by what comes before it ("met with X")."""
    lead = _lead_in(text, start)
    if (title := g.title_with_of.search(lead)) is not None:
        lead = lead[: title.start()]
    return g.object_before.search(lead) is not None


def _lead_in(text: str, start: int, size: int = 60) -> str:
    """Up to `size` characters before `start`, from the start of its sentence at most."""
    window = text[max(0, start - size) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    return window[ends[-1] :] if ends else window


def _speaker(
    trigger: Trigger,
    before: list[Mention],
    people: list[Mention],
    others: list[Mention],
    text: str,
    focus: Entity | None,
    g: ParticipantGrammar,
) -> list[Entity]:
    """One speaker: the subject before the verb, else the first person after it."""
    after = [m for m in people if m.start >= trigger.start]
    subjects = [m for m in before if _may_be_subject(m, text, g)]
    # "announced to X", "in a letter to X": the one spoken to takes part too.
    addressee = after[:1] if trigger.text.endswith(g.addressed_to) else []
    subject = (
        _joined(subjects[-1:], subjects, text, g) or [m for m in after if m not in addressee][:1]
    )
    if subject:
        return [*(m.entity for m in subject), *(m.entity for m in addressee)]
    if focus is not None and trigger.text.split()[0].lower().endswith(g.participle_endings):
        # "— reaffirming the commitment": no subject of its own; the speaker in focus.
        return [focus]
    return [
        m.entity for m in others if m.end <= trigger.start and not _is_object(text, m.start, g)
    ][-1:]


def _may_be_subject(mention: Mention, text: str, g: ParticipantGrammar) -> bool:
    """Neither governed by what precedes it nor inside a relative clause."""
    return not _is_object(text, mention.start, g) and not g.in_relative.search(
        text[max(0, mention.start - 80) : mention.start]
    )


def _joined(
    subject: list[Mention], subjects: list[Mention], text: str, g: ParticipantGrammar
) -> list[Mention]:
    """ "Clinton and Lavrov pledged": the subjects joined to the last by "and" speak too."""
    while subject and (earlier := [m for m in subjects if m.end <= subject[0].start]):
        if not g.joined.fullmatch(text, earlier[-1].end, subject[0].start):
            break
        subject.insert(0, earlier[-1])
    return subject


def _is_reporter(mention: Mention, text: str, g: ParticipantGrammar) -> bool:
    after = text[mention.end : mention.end + 40]
    before = text[max(0, mention.start - 30) : mention.start]
    if g.reporting_after.match(after):
        return True
    # "..., said Psaki." (but not "said the two leaders agreed")
    return bool(g.reporting_before.search(before) and _CLAUSE_END.match(after))


def _is_title_prefix(mention: Mention, mentions: list[Mention], text: str) -> bool:
    if mention.entity.category == "person":
        return False
    following = [m for m in mentions if m.start >= mention.end and m.entity.category == "person"]
    if not following:
        return False
    gap = text[mention.end : following[0].start]
    return bool(_TITLE_GAP.match(gap)) and "," not in gap


def place_for(mentions: list[Mention], text: str, language: Language = _LANGUAGE) -> Entity | None:
    """A place named with a preposition ("in Brussels") or before "summit" ("the Madrid summit")."""
    g = participant_grammar(language)
    for mention in mentions:
        if mention.entity.category != "place" or mention.entity.name in g.regions:
            continue
        before = text[max(0, mention.start - 15) : mention.start]
        after = text[mention.end : mention.end + 8]
        if g.place_cue.search(before) or g.summit_after_place.match(after):
            return mention.entity
    return None
