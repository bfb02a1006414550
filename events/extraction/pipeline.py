"""Articles in, dated and cited event candidates out.

Per article: sentences are read in order, keeping a *narrative time* (the date of the last
dated event the article told of) so that a sentence that reports an event without a date of
its own ("In the call, ...", "the two leaders agreed ...") is dated by its context, the way a
reader dates it. Headings reset it; present-perfect, future and undatable ("during the
transition") sentences neither take nor give it. Captions add the people they name to the
event they picture. Reports of one event are then merged, within the article and across the
batch, and pledges and agreements are linked to the call, meeting or summit they were made in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, partial
from itertools import pairwise

from events.extraction.data import (
    PRECISION_RANK,
    Article,
    ArticleMeta,
    Citation,
    DateRange,
    Entity,
    EventCandidate,
    KnownMeeting,
    Mention,
    Precision,
    Region,
    Sentence,
)
from events.extraction.dates import (
    FIXED_ANCHOR,
    TemporalExpression,
    dateline,
    find_expressions,
    offset_of,
    resolve,
    tense_of,
)
from events.extraction.detection import (
    Discourse,
    Trigger,
    find_triggers,
    participants_for,
    place_for,
    summit_name,
)
from events.extraction.gazetteer import Gazetteer
from events.extraction.kinds import BY_NAME, CONTAINER_KINDS
from events.extraction.lang import Language, alternatives, load_language
from events.extraction.merging import EventKey, MergeIndex, hull, narrower, same_event
from events.extraction.sentences import split_sentences
from events.extraction.speech import Voice, Voices, attribute, quote_spans

LANGUAGE = load_language()


@dataclass(frozen=True)
class Steps:
    """The pipeline's named steps, each replaceable in `extract(..., steps=...)`: split the clean
    text into sentences, find temporal expressions (date), find events (detect), find who takes
    part (attribute), find where (place), merge reports of one event. Cleaning happens when an
    article is read (`parse_article`); matching names is the gazetteer's (`Gazetteer.mentions`);
    the vocabulary is the language bundle's."""

    split: Callable[[str, tuple[Region, ...], Language], list[Sentence]] = split_sentences
    date: Callable[[str, int, Language], list[TemporalExpression]] = find_expressions
    detect: Callable[[str, int, Language], list[Trigger]] = find_triggers
    attribute: Callable[[Trigger, list[Mention], str, Entity | None], list[Entity]] = (
        participants_for
    )
    place: Callable[[list[Mention], str], Entity | None] = place_for
    merge: Callable[[list[Draft]], tuple[list[Draft], dict[int, Draft]]] = field(
        default=lambda drafts: merge_drafts(drafts)  # defined further down
    )
    language: Language = LANGUAGE

    def in_language(self) -> Steps:
        """These steps with the shipped attribute and place steps reading the words of their
        language's bundle (a step passed in reads what it likes)."""
        if self.language is LANGUAGE:
            return self
        bound: dict[str, object] = {}
        if self.attribute is participants_for:
            bound["attribute"] = partial(participants_for, language=self.language)
        if self.place is place_for:
            bound["place"] = partial(place_for, language=self.language)
        return replace(self, **bound)


DEFAULT_STEPS = Steps()
# Documents written on the day of what they report: their narrative starts on that day.
FIRST_HAND_KINDS = frozenset({"transcript", "readout", "live_blog"})
LIVE_KINDS = frozenset({"live_blog"})
# How far back an undated report looks for an earlier report of its event: a bound, so that an
# article of thousands of events stays linear.
RECENT_DRAFTS = 40
ABSOLUTE_KINDS = frozenset({"full_date", "month_year", "year", "day_range"})
YEARLESS_KINDS = frozenset({"month_day", "bare_month", "month_part"})
_LAPSE_PRECISION: Precision = "month"


class ClauseGrammar:
    """A bundle's clause words (and its words of vague lapses) compiled into the patterns that
    cut sentences into clauses and read them: the skeletons are here, the words in the bundle."""

    def __init__(self, language: Language) -> None:
        w, t, any_of = language.clauses, language.temporal, alternatives
        adverb, the = any_of(w.adverbs), any_of(w.definite_article)
        relative = any_of(w.relative_pronouns)
        # Coordinated verb phrases of one subject: "met Zelenskyy in Kyiv on Wednesday and held
        # talks in Berlin on Thursday".
        self.coordinated = re.compile(
            rf",?\s+(?:{any_of(w.coordinators)})\s+"
            rf"(?=(?:(?:{adverb})\s+)?(?:{any_of(w.coordinated_verbs)})\b)"
        )
        self.clause_break = re.compile(rf";\s+|,\s+(?:{any_of(w.clause_conjunctions)})\s+")
        self.they = re.compile(rf"\b(?:{any_of(w.group_words)})\b")
        self.reported_on = re.compile(
            rf",\s*(?:{any_of(w.reporters)})\s+(?:{any_of(w.reported_verbs)})\s+"
            rf"(?:(?:{any_of(w.reported_on)})\s+)?$"
        )
        self.said = re.compile(rf"\b(?:{any_of(w.saying_verbs)})\b")
        self.would = re.compile(rf"\b(?:{any_of(w.conditional)})\b")
        # The event's verb opens a relative clause: "Finland, which joined NATO last year, ...".
        self.relative_clause = re.compile(rf"\b(?:{relative})\s+(?:\w+\s+){{0,2}}$")
        # A subordinate clause after the event's verb: its dates are another event's.
        self.subordinate = re.compile(
            rf"\b(?:(?:{any_of(w.subordinators)})\b.*?\b(?:{any_of(w.past_verbs)})|{relative})\b",
            re.I | re.S,
        )
        self.anchor_before = re.compile(rf"\b(?:{any_of(w.anchor_verbs)})\s*$", re.I)
        # A clause recalling an earlier time, up to its verb: "... its backing since Turkey
        # ratified".
        self.recalling = re.compile(
            rf"\w[\w,’']*\s+(?:{any_of(w.recalling)})\s+(?:[\w’'-]+\s+){{1,5}}$", re.I
        )
        # A sentence opening on the agreement just reported: "The deal was announced by ..."
        self.the_deal = re.compile(
            rf"\s*(?:{any_of(w.deal_determiners)})\s+(?:{any_of(w.deal_nouns)})\b"
        )
        # A sentence opening on the report just made: "The vote, which passed on Monday, ..."
        self.the_report = re.compile(
            rf"\s*(?:{any_of(w.deal_determiners)})\s+(?:{any_of(w.report_nouns)})\b"
        )
        # "X will lead the American delegation"
        self.leads_a_side = re.compile(
            rf"\b(?:{any_of(w.lead_verbs)})\s+(?:\S+\s+){{0,3}}?(?:{any_of(w.delegation_nouns)})\b"
        )
        # "a few days after", "just weeks before": a lapse no number measures, and how far it
        # reaches.
        self.vague_lapse = re.compile(
            rf",?\s*\b(?:(?:{any_of(t.lapse_words)})\s+)?(?P<unit>{any_of(t.lapse_reach)})\s+"
            rf"(?:(?P<after>{any_of(t.lapse_after)})|{any_of(t.lapse_before)})\b",
            re.I,
        )
        self.lapse_reach = t.lapse_reach
        # "a day after Y" counts from Y; "two days later", from the narrative time.
        self.between_events = re.compile(rf"(?:{any_of(t.offsets_between_events)})$", re.I)
        self.function_words = frozenset(w.function_words)
        self.phrase_end = re.compile(rf"[,;:(]|\s(?:{any_of(w.phrase_ends)})\s")
        self.date_lead = re.compile(rf"(?:\s(?:{any_of(w.before_a_date)}))?\s*$")
        # A clause has a verb of its own: without one, ", and" joins the parts of a subject.
        self.verb = re.compile(rf"\b(?:{any_of(w.verbs)})\b")
        # What may open a clause's subject: a name, a pronoun, a determiner.
        self.subject = re.compile(rf"(?:[A-Z\"“‘]|(?:{any_of(w.subject_openers)})\b)")
        name = r"[A-Z][\w.'’-]*"
        self.list_item = re.compile(rf",\s*((?:(?:{the})\s+)?{name}(?:\s+{name}){{0,2}})\s*$")
        self.list_start = re.compile(rf"(?:^|\s)(?:(?:{the})\s+)?{name}\s*$")
        self.the = re.compile(rf"^(?:{the})\s+")
        # A subject in lower case before its verb ("..., and allied ambassadors signed"), but
        # not a time or a manner ("..., and last week secured", "..., and quickly agreed").
        self.lower_subject = re.compile(
            rf"((?:[a-z][\w-]*\s+){{1,3}})(?:{any_of(w.lower_subject_verbs)})\b"
        )
        self.not_a_subject = re.compile(rf"\b(?:{any_of(w.not_a_subject)})\b")
        self.leading = re.compile(rf"^(?:{any_of(w.title_leading)})\s+(?=[a-z])")
        self.question = re.compile(rf"(?m)^[ \t]*(?:{any_of(w.question_labels)})")
        portfolios = "|".join(
            f"(?P<{series}>{any_of(words)})" for series, words in w.ministerial_series.items()
        )
        self.ministerial = re.compile(
            rf"\b(?:{portfolios or '(?!)'})\s+(?:{any_of(w.ministerial)})", re.I
        )
        self.named_series = _series(w.named_series)
        self.summit_series = _series(w.summit_series)
        self.not_in_calendar = re.compile(rf"\b(?:{any_of(w.summits_not_in_calendar)})\b")


def _series(names: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    """Each series with a pattern of its names."""
    return [(series, re.compile(rf"\b(?:{alternatives(n)})\b")) for series, n in names.items()]


@cache
def clause_grammar(language: Language = LANGUAGE) -> ClauseGrammar:
    """The bundle's clause patterns, compiled on first use."""
    return ClauseGrammar(language)


@dataclass(frozen=True)
class Clause:
    """A clause being read: where it stands, who and which dates it names."""

    sentence: Sentence
    order: int
    start: int
    end: int
    mentions: list[Mention]
    exprs: list[TemporalExpression]
    forced: DateRange | None  # a date given by an offset ("a day after ...")


@dataclass(frozen=True)
class Report:
    """What one trigger of a clause reports, before it is dated."""

    clause: Clause
    trigger: Trigger
    actors: list[Entity]
    place: Entity | None
    occasion: KnownMeeting | None
    tense: str
    exprs: list[TemporalExpression]


@dataclass
class Draft:
    """An event being assembled from the sentences that report it."""

    kind: str
    dates: DateRange
    actors: list[Entity]
    place: Entity | None
    topics: list[Entity]
    citations: list[Citation]
    summary: str
    phrase: str
    order: int
    own_date: bool
    name: str | None = None
    occasion: KnownMeeting | None = None  # the calendar's meeting it is (a summit)
    planned: bool = False  # spoken of as still to come
    parent: Draft | None = None
    sources: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    # an actor's name as the article gives it, where that is a former name ("Turkey")
    called: dict[str, str] = field(default_factory=dict)

    @property
    def people(self) -> list[Entity]:
        return [a for a in self.actors if a.category == "person"]

    def key(self) -> EventKey:
        return EventKey.of(
            self.kind,
            self.dates,
            self.actors,
            self.place.name if self.place else None,
            self.occasion,
            self.sources,
        )

    def absorb(self, other: Draft) -> None:
        if self.occasion is not None and self.occasion == other.occasion:
            self.dates = hull(self.dates, other.dates)  # day one in one report, day two in another
        else:
            self.dates = narrower(self.dates, other.dates)
        self.planned = self.planned and other.planned  # a report of the meeting itself
        self.actors = list(dict.fromkeys([*self.actors, *other.actors]))
        self.topics = list(dict.fromkeys([*self.topics, *other.topics]))
        self.place = self.place or other.place
        self.name = self.name or other.name
        self.own_date = self.own_date or other.own_date
        self.citations += [c for c in other.citations if c not in self.citations]
        self.sources |= other.sources
        self.rules |= other.rules
        self.called = {**other.called, **self.called}
        self.order = min(self.order, other.order)


def anchor_date(article: Article, language: Language | None = None) -> tuple[dt.date | None, bool]:
    """The day the text speaks from: its dateline ("WASHINGTON, April 4 (AP) -" in the paper
    of April 5), else the publication date, else the latest full date the text gives (marked
    inferred)."""
    language = language or load_language(article.meta.language)
    filed = dateline(article.text, article.meta.published, language)
    if filed is not None:
        return filed, article.meta.published is None
    if article.meta.published is not None:
        return article.meta.published, False
    days = [
        resolved.end
        for expr in find_expressions(article.text, 0, language)
        if expr.kind == "full_date" and (resolved := resolve(expr, FIXED_ANCHOR, "past", language))
    ]
    return (max(days), True) if days else (None, False)


OFFICIAL_KINDS = frozenset({"statement", "readout", "press_release", "transcript", "fact_sheet"})


def seat_of(meta: ArticleMeta, gazetteer: Gazetteer, language: Language = LANGUAGE) -> str | None:
    """The country (or NATO) an official text speaks for: a seat of government named in its
    publisher or address ("10 Downing Street", gov.uk), else a country its publisher names."""
    where = f"{meta.publisher} {meta.url}".lower()
    for words, country in language.seats_of_government.items():
        if words.lower() in where:
            return country
    if meta.kind in OFFICIAL_KINDS:
        for mention in gazetteer.mentions(meta.publisher):
            if mention.entity.category == "country":
                return mention.entity.country
    return None


class ArticleReader:
    """Reads one article sentence by sentence and collects its event drafts."""

    def __init__(
        self, article: Article, gazetteer: Gazetteer, steps: Steps = DEFAULT_STEPS
    ) -> None:
        if article.meta.language != steps.language.code:
            steps = replace(steps, language=load_language(article.meta.language))
        self.steps = steps.in_language()
        self.grammar = clause_grammar(steps.language)
        self.article = article
        self.text = article.text
        self.gazetteer = gazetteer
        self.anchor = anchor_date(article, steps.language)[0]
        first_hand = self.anchor is not None and article.meta.kind in FIRST_HAND_KINDS
        self.initial = DateRange(self.anchor, self.anchor, "day") if first_hand else None  # type: ignore[arg-type]
        self.narrative = self.initial
        self.discourse = Discourse(
            gazetteer, seat_of(article.meta, gazetteer, steps.language), self.anchor, steps.language
        )
        self.discourse.note(gazetteer.mentions(article.meta.title), weight=3)
        self.drafts: list[Draft] = []
        self.told: list[Trigger] = []  # the triggers of the last clause read
        self.carried: list[Mention] = []  # a coordinated verb phrase's subject
        self.pending: list[Report] = []  # reports still without a date
        self.captions: list[Sentence] = []
        self.seams = self._seams()
        named = gazetteer.mentions(self.text, 0, self.anchor)
        # A country the article calls by a former name ("Turkey") keeps it in its reports.
        self.called = {
            m.entity.name: said
            for m in reversed(named)
            if (said := self.text[m.start : m.end]) in m.entity.former_names
        }
        self.voices = self._voices(named)

    def _seams(self) -> set[int]:
        """Clean-text positions where cleaning removed words (a hover card): quotes stop there."""
        origin, raw = self.article.clean.origin, self.article.original
        return {
            i
            for i in range(1, len(origin))
            if origin[i] - origin[i - 1] > 1
            and re.search(r"\w", raw[origin[i - 1] + 1 : origin[i]])
        }

    def _voices(self, named: list[Mention]) -> Voices:
        """Quotations with their speakers, and a transcript's speaker sections."""
        voices = attribute(
            self.text,
            quote_spans(self.text),
            named,
            self.steps.language.reporting_verbs,
            self.steps.language,
        )
        headings = [r for r in self.article.clean.regions if r.reason == "heading"]
        ends = [h.start for h in headings[1:]] + [len(self.text)]
        for region, end in zip(headings, ends, strict=False):
            label = self.text[region.start : region.end].strip().rstrip(":")
            voices.append(Voice(region.end, end, self._speaker_named(label), "section"))
        # A journalist's question ("Q: ...") is nobody's we know: its "I" is not the speaker's.
        for question in self.grammar.question.finditer(self.text):
            end = min(
                (h.start for h in headings if h.start > question.end()), default=len(self.text)
            )
            voices.append(Voice(question.end(), end, None, "section"))
        return Voices(voices)

    def _speaker_named(self, label: str) -> Entity | None:
        """ "PRESIDENT BIDEN" -> Joe Biden; "THE PRESIDENT" -> who held the office."""
        titled = label.title()
        people = [
            m.entity
            for m in self.gazetteer.mentions(titled, 0, self.anchor)
            if m.entity.category == "person"
        ]
        if people:
            return people[0]
        return self.discourse.office_holder(self.grammar.the.sub("", label.lower()))

    def read(self) -> list[Draft]:
        sentences = self.steps.split(self.text, self.article.clean.regions, self.steps.language)
        for order, sentence in enumerate(sentences):
            if sentence.after_heading:
                self.narrative = self.initial
            if sentence.excluded == "caption":
                self.captions.append(sentence)
                continue
            if sentence.excluded:
                continue
            mentions = self.discourse.mentions(sentence.text, sentence.start, self.voices)
            for start, end, gapped in self._clauses(sentence):
                if gapped:
                    self._read_gapped(sentence, order, start, end, mentions)
                    continue
                for part_start, part_end, subject in self._coordinated(start, end, mentions):
                    self.carried = subject
                    self._read_clause(sentence, order, part_start, part_end, mentions)
                self.carried = []
            self._parties_named_after(sentence, order, mentions)
            self._dated_after(sentence, order)
            self._side_leaders(sentence, order, mentions)
            self.discourse.note([m for m in mentions if m.via != "group"])
        self._date_pending()
        self._apply_captions()
        drafts, _ = self.steps.merge(self.drafts)
        link_parents(drafts)
        return drafts

    def _parties_named_after(self, sentence: Sentence, order: int, mentions: list[Mention]) -> None:
        """ "Erdoğan agreed to send the protocol. The deal was announced by Stoltenberg after a
        meeting with Erdoğan and Kristersson.": a sentence that opens on the agreement just
        reported names its other parties (the people it names) and cites it."""
        if self.grammar.the_deal.match(sentence.text):
            self._join_just_reported(sentence, order, mentions, ("agreement",))

    def _join_just_reported(
        self, sentence: Sentence, order: int, mentions: list[Mention], kinds: tuple[str, ...]
    ) -> None:
        """The people the sentence names join the event of those kinds that the previous
        sentence reported, and the sentence cites it."""
        latest = next((d for d in reversed(self.drafts) if d.order < order), None)
        people = [m.entity for m in mentions if m.entity.category == "person"]
        if latest is None or latest.kind not in kinds or latest.order < order - 1 or not people:
            return
        latest.actors = list(dict.fromkeys([*latest.actors, *people]))
        citation = self._citation(sentence, sentence.start)
        if citation not in latest.citations:
            latest.citations.append(citation)

    def _dated_after(self, sentence: Sentence, order: int) -> None:
        """ "Hungary's parliament has voted to ratify Sweden's bid. The vote, which passed on
        Monday, ...": a sentence that opens on the report just made, still undated, gives it its
        own day (and cites it)."""
        if not self.pending or not self.grammar.the_report.match(sentence.text):
            return
        report = self.pending[-1]
        if report.clause.order != order - 1:
            return
        dates = self._first_day(sentence)
        if dates is None:
            return
        self.pending.remove(report)
        draft = self._assemble(report, dates, own_date=True)
        citation = self._citation(sentence, sentence.start)
        if citation not in draft.citations:
            draft.citations.append(citation)
        self.drafts.append(draft)

    def _side_leaders(self, sentence: Sentence, order: int, mentions: list[Mention]) -> None:
        """ "Officials are scheduled to meet in Geneva on Jan. 10. Wendy Sherman will lead the
        American delegation.": who leads a side takes part in the meeting just reported."""
        if self.grammar.leads_a_side.search(sentence.text):
            self._join_just_reported(sentence, order, mentions, CONTAINER_KINDS)

    def _last_day_told(self) -> DateRange | None:
        """The day of the latest event reported, when it is a day."""
        latest = self.drafts[-1] if self.drafts else None
        return latest.dates if latest is not None and latest.dates.precision == "day" else None

    def _first_day(self, sentence: Sentence) -> DateRange | None:
        """A sentence's first date, even inside "which passed on Monday"."""
        language = self.steps.language
        tense = tense_of(sentence.text, language)
        for expr in self.steps.date(sentence.text, sentence.start, language):
            if expr.kind in {"offset", "blocker"} or expr.deadline:
                continue
            if self.anchor is None and expr.kind not in ABSOLUTE_KINDS:
                continue
            resolved = resolve(expr, self.anchor or FIXED_ANCHOR, tense, language)
            if resolved is not None:
                return resolved
        return None

    def _clauses(self, sentence: Sentence) -> Iterable[tuple[int, int, bool]]:
        """The clauses of a sentence, each with whether it is *gapped*: a verbless item after a
        semicolon that repeats the previous clause's verb ("Bulgaria ... joined in 2004; the
        Czech Republic, Hungary and Poland in 1999; Spain in 1982")."""
        pos, told, g = sentence.start, False, self.grammar
        for match in g.clause_break.finditer(sentence.text):
            before = sentence.text[pos - sentence.start : match.start()]
            following = sentence.text[match.end() : match.end() + 30]
            gapped = told and match.group().startswith(";") and not g.verb.search(before)
            if not gapped and (
                _ends_a_list(before, g)
                or not g.verb.search(before)
                or not _opens_a_clause(following, g)
            ):
                # "Bulgaria, ..., and Slovenia were inducted", "X, a diplomat, and Y met", "The
                # Prime Minister has been ..., and last week secured": one clause
                continue
            yield pos, sentence.start + match.start(), gapped
            told = told or not gapped
            pos = sentence.start + match.end()
        yield pos, sentence.end, False

    def _pro_verb(self, part: str, start: int) -> list[Trigger]:
        """ "..., and Hungary did so last week": the previous clause's triggers, standing where
        the verb that stands for theirs does."""
        said = self.steps.language.pro_verb.search(part)
        if said is None:
            return []
        at = start + said.start()
        return [replace(t, start=at, end=start + said.end()) for t in self.told]

    def _coordinated(
        self, start: int, end: int, mentions: list[Mention]
    ) -> Iterator[tuple[int, int, list[Mention]]]:
        """A clause, or its coordinated verb phrases when each has a date of its own ("attended
        the summit on Monday and met EU leaders on Tuesday"): the later ones with the first
        one's subject."""
        pos, subject = start, []
        for match in self.grammar.coordinated.finditer(self.text, start, end):
            if not (self._dated(pos, match.start()) and self._dated(match.end(), end)):
                continue
            if pos == start:
                subject = self._subject_of(start, match.start(), mentions)
            yield pos, match.start(), [] if pos == start else subject
            pos = match.end()
        yield pos, end, [] if pos == start else subject

    def _subject_of(self, start: int, end: int, mentions: list[Mention]) -> list[Mention]:
        """Who does what the first verb phrase reports: the last person named before its
        trigger ("on which the Secretary met ...")."""
        triggers = self.steps.detect(self.text[start:end], start, self.steps.language)
        verb = triggers[0].start if triggers else end
        people = [m for m in mentions if start <= m.start < verb and m.entity.category == "person"]
        return people[-1:]

    def _dated(self, start: int, end: int) -> bool:
        dates = self.steps.date(self.text[start:end], start, self.steps.language)
        return any(e.kind not in {"blocker", "offset"} for e in dates)

    def _read_gapped(
        self, sentence: Sentence, order: int, start: int, end: int, mentions: list[Mention]
    ) -> None:
        """A gapped item reports what the clause before it reported, of its own names and date:
        its trigger stands where the elided verb would, before the item's date."""
        exprs = self.steps.date(self.text[start:end], start, self.steps.language)
        exprs = [e for e in exprs if e.kind != "blocker"]
        if not exprs or not self.told:
            return
        at = exprs[0].start
        triggers = [replace(t, start=at, end=at) for t in self.told]
        self._detect(sentence, order, start, end, mentions, exprs, triggers=triggers)

    def _read_clause(
        self, sentence: Sentence, order: int, start: int, end: int, mentions: list[Mention]
    ) -> None:
        exprs = self.steps.date(self.text[start:end], start, self.steps.language)
        offset_expr = next((e for e in exprs if e.kind == "offset"), None)
        offset = offset_of(offset_expr, self.steps.language) if offset_expr else None
        if offset_expr is None or offset is None:
            lapse = self.grammar.vague_lapse.search(self.text, start, end)
            if lapse is None:
                self._detect(sentence, order, start, end, mentions, exprs)
            else:
                self._read_lapse(sentence, order, start, end, mentions, exprs, lapse)
            return
        if not self.grammar.between_events.search(offset_expr.text):
            # "The next day", "two days later": counted from the narrative time (in a passage
            # looking ahead, from the last event told: "are scheduled to meet on Jan. 10 ...
            # will meet NATO officials two days later"); "on Tuesday ..., before flying to
            # Berlin for a meeting the same evening": from the clause's own day before it.
            earlier = [e for e in exprs if start <= e.start < offset_expr.start]
            tense = tense_of(self.text[start:end], self.steps.language)
            base = self._own_date(earlier, tense, [])
            if base is None or base.precision != "day":
                told = self._last_day_told()
                base = (told or self.narrative) if tense == "future" else (self.narrative or told)
            if base is not None:
                forced = base.shifted(offset.days)
                self._detect(sentence, order, start, end, mentions, exprs, forced=forced)
            return
        # "X came a day after Y", "X met Z on Tuesday, a day after Y": X is known, Y is a day
        # before it (sign -1). "X a day after Y": Y is known, X is a day after it (sign +1).
        left, right = (start, offset_expr.start), (offset_expr.end, end)
        left_dated = any(
            left[0] <= e.start < left[1] and e.kind not in {"offset", "blocker"} for e in exprs
        )
        if left_dated or self.grammar.anchor_before.search(self.text[left[0] : left[1]]):
            anchor_part, new_part, sign = left, right, -1
        else:
            anchor_part, new_part, sign = right, left, 1
        anchors = self._detect(sentence, order, *anchor_part, mentions, exprs)
        base = anchors[0].dates if anchors else self.narrative
        if base is not None:
            forced = base.shifted(sign * offset.days)
            self._detect(sentence, order, *new_part, mentions, exprs, forced=forced)

    def _read_lapse(
        self,
        sentence: Sentence,
        order: int,
        start: int,
        end: int,
        mentions: list[Mention],
        exprs: list[TemporalExpression],
        lapse: re.Match[str],
    ) -> None:
        """ "Hungary ratified on 26 February, a few days after Kristersson travelled to
        Budapest": the event after the lapse lies within a loose range before the dated one
        (after it, for "before"); "X comes just weeks after Sweden joined": X is the anchor."""
        left, right = (start, lapse.start()), (lapse.end(), end)
        anchors = self._detect(sentence, order, *left, mentions, exprs)
        base = anchors[0].dates if anchors else None
        if base is None and self.grammar.anchor_before.search(self.text[left[0] : left[1]]):
            base = self.narrative
        if base is None:
            self._detect(sentence, order, *right, mentions, exprs)
            return
        reach = dt.timedelta(days=self.grammar.lapse_reach[lapse.group("unit").lower()])
        one = dt.timedelta(days=1)
        if lapse.group("after"):
            forced = DateRange(base.start - reach, base.start - one, _LAPSE_PRECISION)
        else:
            forced = DateRange(base.end + one, base.end + reach, _LAPSE_PRECISION)
        self._detect(sentence, order, *right, mentions, exprs, forced=forced)

    def _detect(
        self,
        sentence: Sentence,
        order: int,
        start: int,
        end: int,
        mentions: list[Mention],
        exprs: list[TemporalExpression],
        forced: DateRange | None = None,
        triggers: list[Trigger] | None = None,
    ) -> list[Draft]:
        part = self.text[start:end]
        if triggers is None:
            triggers = self.steps.detect(part, start, self.steps.language) or self._pro_verb(
                part, start
            )
            self.told = triggers
        if not triggers:
            self._lead_sets_the_day(start, end, exprs)
            return []
        clause = Clause(
            sentence, order, start, end,
            [*self.carried, *(m for m in mentions if start <= m.start < end)],
            [e for e in exprs if start <= e.start < end],
            forced,
        )  # fmt: skip
        created = []
        for trigger in triggers:
            draft = self._draft(clause, trigger, exprs)
            if draft is not None:
                self.drafts.append(draft)
                created.append(draft)
                if trigger.kind in CONTAINER_KINDS:
                    self.discourse.note_group(tuple(draft.people))
        tense = tense_of(part, self.steps.language)
        own_clause = forced or self._own_date(clause.exprs, tense, triggers)
        tells = own_clause is not None and tense == "past" and not forced
        # "Hungary is the last to give its backing since Turkey ratified last month": what a
        # subordinate clause recalls is background
        at = triggers[0].start
        recalled = self.grammar.recalling.search(self.text, max(start, at - 60), at)
        if tells and not recalled and self._tells_the_story(own_clause):  # type: ignore[arg-type]
            self.narrative = own_clause
        return created

    def _lead_sets_the_day(self, start: int, end: int, exprs: list[TemporalExpression]) -> None:
        """A news story's lead tells the day of what follows even when it names no event of
        ours ("Old adversaries sat down as partners Tuesday as ..."): a day of the article's
        week, in the past tense, before anything else is told."""
        if self.narrative is not None or self.drafts or self.article.meta.kind != "news":
            return
        part = self.text[start:end]
        tense = tense_of(part, self.steps.language)
        dates = self._own_date([e for e in exprs if start <= e.start < end], tense, [])
        if (
            tense == "past"
            and dates is not None
            and dates.precision == "day"
            and self.anchor is not None
            and 0 <= (self.anchor - dates.end).days <= 7
        ):
            self.narrative = dates

    def _draft(
        self, clause: Clause, trigger: Trigger, exprs: list[TemporalExpression]
    ) -> Draft | None:
        """The event one trigger reports, or None when it cannot be dated."""
        spec = BY_NAME[trigger.kind]
        # Told outside quotation marks, an event takes neither its date nor its people from
        # inside them (and the other way round).
        quote = self.voices.quote_at(trigger.start)
        seen = [m for m in clause.mentions if self.voices.quote_at(m.start) is quote]
        dated = [e for e in clause.exprs if self.voices.quote_at(e.start) is quote]
        tense, dated = self._tense_and_dates(clause, trigger, dated)
        own = clause.forced or self._own_date(dated, tense, [trigger])
        if own is None and (spec.needs_own_date or trigger.needs_own_date):
            return None  # "..., the White House said in a statement": a readout of the call
        actors = self._participants(trigger, seen)
        blocked = any(e.kind == "blocker" for e in clause.exprs)
        dates = own or self._context_date(trigger, actors, tense, blocked)
        place = self.steps.place(seen, self.text) if trigger.kind != "call" else None
        occasion = None
        if trigger.kind in {"summit", "meeting"}:
            part = self.text[clause.start : clause.end]
            occasion = self._known_meeting(part, trigger.kind, place, dates, tense)
            if occasion is not None:
                dates = occasion_dates(occasion, dates)
                place = self._place_named(occasion.place) or place
        report = Report(clause, trigger, actors, place, occasion, tense, exprs)
        if dates is None:
            if tense != "future" and not blocked:
                self.pending.append(report)
            return None
        return self._assemble(report, dates, own_date=own is not None)

    def _tense_and_dates(
        self, clause: Clause, trigger: Trigger, dated: list[TemporalExpression]
    ) -> tuple[str, list[TemporalExpression]]:
        """The tense of the trigger's own stretch of the clause, and the clause's dates that
        may be its event's."""
        # "As I mentioned in my recent meeting over the weekend, this development will make
        # ..." is past; a verbless opening ("In his speech to Congress, Biden is expected to
        # ...") takes the tense of the whole clause.
        comma = self.text.find(",", trigger.end, clause.end)
        if comma != -1 and not self.grammar.verb.search(self.text, clause.start, comma):
            comma = -1
        stretch_end = comma if comma != -1 else clause.end
        stretch = self.text[clause.start : stretch_end]
        tense = tense_of(stretch, self.steps.language)
        if BY_NAME[trigger.kind].takes_part == "speaker" and (
            tense == "future" or self.grammar.would.search(stretch)
        ):
            # "Germany will deploy 4,800 troops, the minister said on Monday": a promise of
            # the future is made when it is said; "... would set out the path to 2.5% in the
            # spring, he added": the dates of what is promised are not the promise's
            said = self.grammar.said.search(self.text, clause.start, clause.end)
            tense = "past" if said else tense
            if said and said.start() > trigger.end:
                dated = [e for e in dated if not trigger.end <= e.start < said.start()]
        if self.grammar.relative_clause.search(self.text, clause.start, trigger.start) is not None:
            # "Finland, which joined NATO last year, will host ... on March 20": the relative
            # clause's dates are its own
            dated = [e for e in dated if e.start < stretch_end]
        elif tense == "present" and self.article.meta.kind in LIVE_KINDS:
            tense = "past"  # a live page's "have signed" happened on the page's day
        return tense, dated

    def _assemble(self, report: Report, dates: DateRange, own_date: bool) -> Draft:
        clause, trigger, actors = report.clause, report.trigger, report.actors
        return Draft(
            kind=trigger.kind,
            dates=dates,
            actors=actors,
            place=report.place,
            occasion=report.occasion,
            planned=self.anchor is not None
            and (report.tense == "future" or dates.start > self.anchor),
            topics=self.gazetteer.topics(clause.sentence.text),
            citations=[self._citation(clause.sentence, trigger.start)],
            summary=" ".join(clause.sentence.text.split()),
            phrase=self._phrase(trigger, clause.end, report.exprs),
            order=clause.order,
            own_date=own_date,
            name=self._summit_name(trigger, report.occasion, clause),
            sources={self.article.meta.file_name},
            rules={trigger.rule},
            called={a.name: self.called[a.name] for a in actors if a.name in self.called},
        )

    def _date_pending(self) -> None:
        """An undated report ("Clinton and Lavrov pledged to reset relations in their first
        talks") takes the date of the call, meeting or summit of the same people that the
        article dates later ("... the working dinner with Lavrov on Friday"); one naming no
        one, the date of the summit the article reports."""
        containers = [d for d in self.drafts if d.kind in CONTAINER_KINDS]
        for report in self.pending:
            people = {a.name for a in report.actors if a.category == "person"}
            later = [d for d in containers if d.order > report.clause.order]
            if people:
                host = next((d for d in later if people <= {p.name for p in d.people}), None)
            elif report.trigger.kind == "agreement":
                # "NATO agreed to boost the spending target ... at its annual summit": a
                # decision naming nobody takes the day of the summit the article reports
                host = next((d for d in later if d.kind == "summit" and not d.planned), None)
            else:
                continue
            if host is not None:
                self.drafts.append(self._assemble(report, host.dates, own_date=False))

    def _participants(self, trigger: Trigger, seen: list[Mention]) -> list[Entity]:
        actors = self.steps.attribute(trigger, seen, self.text, self.discourse.focus)
        speaker = self._transcript_speaker()
        if (
            speaker is not None
            and trigger.kind in CONTAINER_KINDS
            and not any(a.category == "person" for a in actors)
        ):
            # "Press Availability After a NATO Foreign Ministerial": the one who speaks in the
            # transcript was there
            actors = [*actors, speaker]
        if not actors and trigger.about_a_country:
            # "The Protocol entered into force on March 19": a milestone of the country the
            # article is about
            country = self.discourse.country_in_focus()
            return [country] if country is not None else []
        if BY_NAME[trigger.kind].takes_part == "speaker" and not any(
            a.category == "person" for a in actors
        ):
            voice = self.voices.innermost(trigger.start)
            if voice is not None and voice.speaker is not None:
                return [voice.speaker]  # "The United States today announces", said Biden
            group = self.discourse.last_group
            if group and self.grammar.they.search(
                self.text, max(0, trigger.start - 80), trigger.end
            ):
                return list(group)  # "The leaders ... reaffirmed their commitment"
        return actors

    def _transcript_speaker(self) -> Entity | None:
        """The first speaker of a transcript's sections, if the article is a transcript."""
        if self.article.meta.kind != "transcript":
            return None
        return next(
            (v.speaker for v in self.voices.all if v.kind == "section" and v.speaker is not None),
            None,
        )

    def _summit_name(
        self, trigger: Trigger, occasion: KnownMeeting | None, clause: Clause
    ) -> str | None:
        if trigger.kind != "summit":
            return None
        if occasion is not None:
            return occasion.name
        return summit_name(self.text[clause.start : clause.end], self.steps.language)

    def _tells_the_story(self, dates: DateRange) -> bool:
        """Whether a clause's date carries the narrative on: a day or a week does; a year, or a
        month long before the article, is background ("Greece and Turkey joined in 1952")."""
        if dates.precision in {"day", "week"}:
            return True
        return (
            dates.precision == "month"
            and self.anchor is not None
            and abs((self.anchor - dates.end).days) <= 366
        )

    def _known_meeting(
        self, part: str, kind: str, place: Entity | None, dates: DateRange | None, tense: str
    ) -> KnownMeeting | None:
        """The calendar's meeting a summit clause speaks of: the one of its series at its place
        whose days meet the clause's date; with no date, the latest held by the article's day
        (the next one, in the future tense)."""
        series = series_of(part, kind, self.steps.language)
        if series is None:
            return None
        candidates = list(
            self.gazetteer.meetings_named(place.name if place else None, None, series)
        )
        if dates is not None:
            fitting = [m for m in candidates if m.start <= dates.end and dates.start <= m.end]
            if len(fitting) == 1:
                return fitting[0]
        if place is None:
            # "The NATO summit, culminating on Thursday" in an article written during one
            return self._meeting_under_way(candidates)
        if dates is not None or self.anchor is None:
            return None
        if tense == "future":
            return min(
                (m for m in candidates if m.end >= self.anchor), default=None, key=lambda m: m.start
            )
        return max(
            (m for m in candidates if m.start <= self.anchor), default=None, key=lambda m: m.start
        )

    def _meeting_under_way(self, candidates: list[KnownMeeting]) -> KnownMeeting | None:
        """The one meeting held within three days of the article's day, if there is one."""
        if self.anchor is None:
            return None
        near = [
            m
            for m in candidates
            if m.start - dt.timedelta(days=3) <= self.anchor <= m.end + dt.timedelta(days=3)
        ]
        return near[0] if len(near) == 1 else None

    def _place_named(self, name: str) -> Entity | None:
        found = [m.entity for m in self.gazetteer.mentions(name) if m.entity.category == "place"]
        return found[0] if found else None

    def _own_date(
        self, exprs: list[TemporalExpression], tense: str, triggers: list[Trigger]
    ) -> DateRange | None:
        """The most precise date the clause gives itself, deadlines ("by Feb. 5") aside."""
        first = triggers[0].start if triggers else 0
        exprs = self._eligible(exprs, triggers)
        anchor, context_tense = self._year_named(exprs, tense)
        candidates: list[tuple[tuple[int, bool, bool], int, DateRange]] = []
        for expr in exprs:
            if anchor is None and expr.kind not in ABSOLUTE_KINDS:
                continue
            yearless = expr.kind in YEARLESS_KINDS
            resolved = resolve(
                expr, (anchor if yearless else self.anchor) or FIXED_ANCHOR,
                context_tense if yearless else tense, self.steps.language,
            )  # fmt: skip
            if resolved is not None:
                # The most precise first; among equals, one that names its year ("14 and 15
                # February 2023" over "Tuesday"), then the one nearest the trigger.
                # A date in brackets after another glosses it ("Monday (early Tuesday AEDT)")
                # unless it is the more precise ("on Thursday (4 April 2024)").
                gloss = "(" in self.text[max(0, expr.start - 8) : expr.start]
                rank = (
                    PRECISION_RANK[resolved.precision], expr.kind not in ABSOLUTE_KINDS, gloss
                )  # fmt: skip
                candidates.append((rank, abs(expr.start - first), resolved))
        return min(candidates, key=lambda c: c[:2])[2] if candidates else None

    def _eligible(
        self, exprs: list[TemporalExpression], triggers: list[Trigger]
    ) -> list[TemporalExpression]:
        """The clause's dates that may be its event's."""
        first = triggers[0].start if triggers else 0
        last = triggers[-1].end if triggers else 0
        # A date inside the trigger ("said Wednesday") is the event's.
        inside = [e for e in exprs if first <= e.start and e.end <= last]
        if len(triggers) == 1 and inside:
            exprs = inside
        statement = any(t.kind == "statement" for t in triggers)
        return [
            e
            for e in exprs
            if e.kind not in {"offset", "blocker"}
            and not e.deadline
            # "pledged ... since Obama took office in January": another event's date
            and not (e.start > last and self.grammar.subordinate.search(self.text, last, e.start))
            # "..., making it the 29th member, it said on June 2": the saying's date
            and not (
                e.start > last
                and not statement
                and self.grammar.reported_on.search(self.text, max(last, e.start - 30), e.start)
            )
        ]

    def _year_named(
        self, exprs: list[TemporalExpression], tense: str
    ) -> tuple[dt.date | None, str]:
        """ "Last year ... in June": a month or day without a year falls in the year the clause
        names; the anchor and tense to resolve them with."""
        anchor, context_tense = self.anchor, tense
        for expr in exprs:
            if expr.kind in {"year", "period"} and (anchor or expr.kind == "year"):
                year = resolve(expr, anchor or FIXED_ANCHOR, tense, self.steps.language)
                if year is not None and year.precision == "year":
                    anchor, context_tense = year.end, "past"
        return anchor, context_tense

    def _context_date(
        self, trigger: Trigger, actors: list[Entity], tense: str, blocked: bool
    ) -> DateRange | None:
        """A date from context: an earlier report of the same event, else the narrative time."""
        if blocked or tense != "past":
            return None
        for earlier in reversed(self.drafts[-RECENT_DRAFTS:]):
            key = EventKey.of(trigger.kind, earlier.dates, actors)
            if same_event(key, earlier.key()):
                return earlier.dates
        return self.narrative

    def _citation(self, sentence: Sentence, at: int) -> Citation:
        """The sentence, or the piece of it around `at` that stands unbroken in the original."""
        cuts = sorted(s for s in self.seams if sentence.start < s < sentence.end)
        bounds = [sentence.start, *cuts, sentence.end]
        start, end = next(
            (b for b in pairwise(bounds) if b[0] <= at < b[1]),
            (sentence.start, sentence.end),
        )
        quote = self.text[start:end]
        lead = len(quote) - len(quote.lstrip())
        quote = quote.strip()
        return Citation(self.article.meta.file_name, quote, start + lead, start + lead + len(quote))

    def _phrase(self, trigger: Trigger, end: int, exprs: list[TemporalExpression]) -> str:
        """The trigger and its object, without dates, up to where circumstances begin."""
        base = trigger.start
        text = self.text[base:end]
        for expr in sorted(exprs, key=lambda e: -e.start):
            if not base <= expr.start < end:
                continue
            at, to = expr.start - base, expr.end - base
            lead = self.grammar.date_lead.search(text[:at])
            text = text[: lead.start() if lead else at] + text[to:]
        phrase = self.grammar.phrase_end.split(text, maxsplit=1)[0]
        if trigger.fronted:
            # "the Treaty we will sign today": "sign the Treaty"
            fronted = trigger.fronted[:1].lower() + trigger.fronted[1:]
            phrase = f"{self.text[trigger.start : trigger.end]} {fronted}"
        words = phrase.split()[:10]
        # "issued the", "path to 2.5% in the": a cut phrase does not end on a function word
        while words and words[-1].lower().strip(",;:.") in self.grammar.function_words:
            words.pop()
        return " ".join(words).rstrip(",;:.")

    def _apply_captions(self) -> None:
        """A dated caption names who was at the event it pictures (same day, same place)."""
        for caption in self.captions:
            exprs = self.steps.date(caption.text, caption.start, self.steps.language)
            dates = self._own_date(exprs, "past", [])
            if dates is None:
                continue
            mentions = self.gazetteer.mentions(caption.text, caption.start)
            place = self.steps.place(mentions, self.text)
            people = [m.entity for m in mentions if m.entity.category == "person"]
            for draft in self.drafts:
                if (
                    draft.kind in CONTAINER_KINDS
                    and draft.dates.overlaps(dates)
                    and (place is None or draft.place in (None, place))
                ):
                    draft.actors = list(dict.fromkeys([*draft.actors, *people]))


def _opens_a_clause(following: str, g: ClauseGrammar) -> bool:
    """Whether the words after "and" open a clause with a subject of its own."""
    if g.subject.match(following):
        return True
    lower = g.lower_subject.match(following)
    return lower is not None and not g.not_a_subject.search(lower.group(1))


def _ends_a_list(before: str, g: ClauseGrammar) -> bool:
    """Whether text ends with the items of a list of names ("Bulgaria, Estonia, Latvia")."""
    items = 0
    while (match := g.list_item.search(before)) is not None:
        items += 1
        before = before[: match.start()]
    return items >= 1 and g.list_start.search(before) is not None


def series_of(clause: str, kind: str, language: Language = LANGUAGE) -> str | None:
    """Which series of known meetings a summit or meeting clause speaks of."""
    g = clause_grammar(language)
    if (ministerial := g.ministerial.search(clause)) is not None:
        return next(series for series, word in ministerial.groupdict().items() if word)
    for series, name in g.named_series:
        if name.search(clause):
            return series
    if kind != "summit" or g.not_in_calendar.search(clause):
        return None  # G20 summits are not in the calendar
    for series, name in g.summit_series:
        if name.search(clause):
            return series
    return "nato_summit"


def occasion_dates(occasion: KnownMeeting, reported: DateRange | None) -> DateRange:
    """The days a report of a known meeting speaks of: a day within the meeting as reported,
    else the meeting's whole span."""
    if (
        reported is not None
        and reported.precision == "day"
        and reported.within(DateRange(occasion.start, occasion.end, "day"))
    ):
        return reported
    return DateRange(occasion.start, occasion.end, "day")


def merge_drafts(drafts: list[Draft]) -> tuple[list[Draft], dict[int, Draft]]:
    """One draft per real event: reports for which `same_event` holds are merged. Returns the
    merged drafts and, for each draft absorbed, the draft that absorbed it."""
    index: MergeIndex[Draft] = MergeIndex(Draft.key)
    absorbed: dict[int, Draft] = {}
    for draft in drafts:
        kept = index.find(draft.key())
        if kept is None:
            index.add(draft)
        else:
            kept.absorb(draft)
            absorbed[id(draft)] = kept
    return index.items, absorbed


def link_parents(drafts: list[Draft]) -> None:
    """A pledge, agreement or statement made during a call, meeting or summit belongs to it:
    the latest such event before it, on an overlapping date, sharing a participant (any
    meeting or summit on the day will do: their company is open). Meetings and summits count
    their children's people among their participants."""
    containers = [d for d in drafts if d.kind in CONTAINER_KINDS]
    for child in drafts:
        if child.kind in CONTAINER_KINDS or not child.actors:
            continue  # a report naming nobody gives no ground to place it anywhere
        candidates = [
            c
            for c in containers
            if c.order <= child.order
            and c.dates.overlaps(child.dates)
            and not (child.dates.start < c.dates.start)
        ]
        sharing = [c for c in candidates if set(c.actors) & set(child.actors)]
        open_company = [c for c in candidates if c.kind != "call"]
        chosen = max(sharing or open_company, key=lambda c: c.order, default=None)
        if chosen is None:
            continue
        child.parent = chosen
        if chosen.kind != "call":
            chosen.actors = list(dict.fromkeys([*chosen.actors, *child.people]))


def confidence(draft: Draft) -> float:
    score = BY_NAME[draft.kind].base_confidence
    score += 0.15 if draft.own_date else 0.05
    score += 0.1 if draft.dates.precision == "day" else 0.0
    score += 0.05 * min(2, len(draft.people))
    score += 0.1 * min(2, len(draft.sources) - 1)
    score -= 0.1 if not draft.actors else 0.0
    return max(0.05, min(0.99, score))


def title_for(draft: Draft, language: Language = LANGUAGE) -> str:
    """A title as a newsroom writes one: "Biden and Putin speak by phone", "Blinken meets
    Kuleba in Kyiv", "Hungary ratified Sweden's accession", participants by their short names."""
    if draft.kind == "summit":
        name = draft.name or "Summit"
        where = draft.place.name if draft.place else None
        return f"{name} in {where}" if where and where not in name else name
    names = [short_name(a) for a in (draft.people or draft.actors)]
    spec = BY_NAME[draft.kind]
    if not names:
        phrase = draft.phrase or spec.label
        return (phrase[0].upper() + phrase[1:])[:200]
    template = spec.title_many if len(names) > 1 else spec.title_one
    phrase = clause_grammar(language).leading.sub("", draft.phrase)
    if phrase.startswith(("'s ", "’s ")):
        # "Sweden 's accession to the Alliance"
        names[-1], phrase = names[-1] + phrase[:2], phrase[3:]
    cut_short = len(phrase.split()) < 2 and spec.title_plain != "{all}"
    if "{phrase}" in template and (cut_short or not phrase[:1].islower()):
        # the report's words do not read after the names ("In a speech marking ...", "Rutte
        # announced"), though a verb alone beats the names alone ("Finland joined")
        template = spec.title_plain
    return template.format(
        first=names[0],
        others=_join(names[1:]),
        all=_join(names),
        place=f" in {draft.place.name}" if draft.place else "",
        phrase=phrase,
    ).strip()[:200]


# Particles that belong to a surname ("von der Leyen", "de Gaulle").
_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "du", "da", "di", "del", "la", "le", "bin"}
)


def short_name(entity: Entity) -> str:
    """A person by their surname (with its particles), anything else by its name."""
    if entity.category != "person":
        return entity.name
    words = entity.name.split()
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:])


def _join(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def extract(
    articles: Iterable[Article], gazetteer: Gazetteer, steps: Steps = DEFAULT_STEPS
) -> list[EventCandidate]:
    """Every article's events, merged across articles, as candidates with parent indices."""
    drafts: list[Draft] = []
    for article in articles:
        drafts += ArticleReader(article, gazetteer, steps).read()
    merged, replaced = steps.merge(drafts)
    index = {id(d): i for i, d in enumerate(merged)}
    candidates = []
    for draft in merged:
        parent = draft.parent
        if parent is not None:
            parent = replaced.get(id(parent), parent)
        candidates.append(
            EventCandidate(
                kind=draft.kind,
                dates=draft.dates,
                title=title_for(draft, steps.language),
                summary=draft.summary,
                participants=tuple(draft.called.get(a.name, a.name) for a in draft.actors),
                participant_kinds=tuple(a.category for a in draft.actors),
                location=draft.place.name if draft.place else None,
                topics=tuple(t.name for t in draft.topics),
                confidence=confidence(draft),
                citations=tuple(draft.citations),
                parent=index.get(id(parent)) if parent is not None else None,
                rules=tuple(sorted(draft.rules)),
                planned=draft.planned,
                occasion=draft.occasion,
            )
        )
    return candidates
