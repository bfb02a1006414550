"""The one module that writes extracted data: articles become Sources, candidates become draft
Events with Citations, merged into the events already stored when they report the same one
(editors' merges are events.curation's, as is the version rule the merges here follow).
Each article is imported in one transaction: all of it, or nothing."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db import IntegrityError, OperationalError, connection, transaction

from events import curation
from events.extraction import (
    Article,
    DateRange,
    EventCandidate,
    EventKey,
    Gazetteer,
    anchor_date,
    extract,
    parse_article,
    same_event,
)
from events.extraction.data import KnownMeeting as ExtractedMeeting
from events.extraction.kinds import BY_NAME, DEFAULT_KIND, compatible, known_kind
from events.gazetteer import gazetteer_from_db
from events.models import (
    Actor,
    Citation,
    Event,
    KnownMeeting,
    Place,
    Source,
    Topic,
    unique_slug,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    source: Source
    created: bool  # False: the same text was imported before, nothing changed
    events_created: int = 0
    events_merged: int = 0

    def outcome(self, gazetteer: Gazetteer | None = None) -> str:
        """What the import did, in the words every place that tells it uses ("Add an article"'s
        message, the Import record, import_articles' output): the events, why there are none,
        and what the editor should check."""
        source = self.source
        if not self.created:
            return f"already imported as source #{source.pk}; nothing changed"
        events = counted(self.events_created, self.events_merged)
        said = f"imported as source #{source.pk}: {events}"
        if not self.events_created and not self.events_merged:
            return f"{said} — none because {explain_no_events(source, gazetteer)}"
        return "; ".join([said, *self.warnings()])

    def warnings(self) -> list[str]:
        """What the editor should check about an article that gave events."""
        if not self.created:
            return []
        if self.source.published is None:
            return [
                "warning: the article has no publication date, so relative dates (“on Tuesday”) "
                "could not be resolved; give the source its date, then re-extract"
            ]
        if self.source.published_inferred:
            return [
                f"warning: the publication date ({self.source.published.isoformat()}) was "
                "inferred from the text; check it"
            ]
        return []

    @property
    def needs_a_look(self) -> bool:
        """Imported, but with no events or with a warning."""
        nothing = not self.events_created and not self.events_merged
        return self.created and (nothing or bool(self.warnings()))


def counted(created: int, merged: int) -> str:
    """ "2 new draft events, 1 merged into existing events": what an import or a re-extraction
    made of an article's events."""
    new = f"{created} new draft event{'' if created == 1 else 's'}"
    return f"{new}, {merged} merged into existing events"


# The key of the PostgreSQL advisory lock that the writes of imports take (any 64-bit number
# no other code uses: "NATOimp").
IMPORT_LOCK = 0x4E41544F696D70
IMPORT_ATTEMPTS = 5  # on SQLite, tries of an import's writes that meet another import's


def lock_imports() -> None:
    """Wait until no other import is writing, until the end of the transaction.

    Two imports at once may store the same article, or the same new event reported by two
    articles: each must see what the other wrote. Whether a candidate is a stored event is
    a judgement over dates and participants (`same_event`), not a key a lock could be taken
    on, so the writes of imports take turns; extraction, the slow part, still runs at once.
    On SQLite a writing transaction locks the whole database, and `import_article` retries."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def import_article(*, article: Article, gazetteer: Gazetteer | None = None) -> ImportResult:
    """Store an article and its draft events; an article already stored changes nothing."""
    content_hash = Source.hash_text(article.text)
    existing = Source.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return ImportResult(existing, created=False)
    gazetteer = gazetteer or gazetteer_from_db()
    candidates = extract([article], gazetteer)
    # Inside a caller's transaction a retry would read the same snapshot: no retry there.
    attempts = 1 if connection.in_atomic_block else IMPORT_ATTEMPTS
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                lock_imports()
                # Another import may have stored it while this one was extracting.
                existing = Source.objects.filter(content_hash=content_hash).first()
                if existing is not None:
                    return ImportResult(existing, created=False)
                source = create_source(article)
                created, merged = save_candidates(candidates, {source.file_name: source})
            return ImportResult(source, True, created, merged)
        except (IntegrityError, OperationalError):
            # Where no lock is taken (SQLite), a concurrent import can win a unique row (the
            # source's hash, an event's slug) or hold the database: try again, reading anew.
            if connection.vendor == "postgresql" or attempt == attempts - 1:
                raise
            logger.info("Import of %s met another import; retrying.", article.meta.file_name)
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def create_source(article: Article) -> Source:
    published, inferred = anchor_date(article)
    meta = article.meta
    kinds = {value for value, _ in Source.Kind.choices}
    source = Source(
        title=meta.title or meta.file_name,
        publisher=meta.publisher,
        kind=meta.kind if meta.kind in kinds else Source.Kind.OTHER,
        url=meta.url,
        file_name=meta.file_name,
        published=published,
        published_inferred=inferred,
        text=article.text,
        original_text=article.original,
        language=meta.language,
        content_hash=Source.hash_text(article.text),
    )
    source.full_clean()
    source.save()
    return source


def import_text(
    *, text: str, name: str, metadata: dict[str, object], gazetteer: Gazetteer | None = None
) -> ImportResult:
    """An article pasted or uploaded by an editor, imported like a file of `import_articles`."""
    return import_article(article=parse_article(text, name, metadata), gazetteer=gazetteer)


def reextract(*, source: Source, gazetteer: Gazetteer | None = None) -> tuple[int, int]:
    """Run the extractor again on a stored source: new drafts, citations added to known events."""
    # In the language and with the publication date stored with the source (an editor may have
    # corrected them: a date given since is what resolves "on Tuesday").
    overrides = {"language": source.language}
    if source.published is not None:
        overrides["published"] = source.published.isoformat()
    article = parse_article(
        source.original_text, source.file_name or f"source-{source.pk}", overrides
    )
    with transaction.atomic():
        lock_imports()
        return save_candidates(
            extract([article], gazetteer or gazetteer_from_db()), {article.meta.file_name: source}
        )


def save_candidates(
    candidates: Sequence[EventCandidate], sources: dict[str, Source]
) -> tuple[int, int]:
    """Create or merge each candidate; return (events created, events merged into)."""
    actors = ActorIndex()
    places = {p.name: p for p in Place.objects.all()}
    topics = {t.name: t for t in Topic.objects.all()}
    saved: list[Event] = []
    created = merged = 0
    for candidate in map(registered_kind, candidates):
        event = find_same_event(candidate, actors)
        participants = actors.participants(candidate)
        place = places.get(candidate.location or "")
        cited_topics = [topics[n] for n in candidate.topics if n in topics]
        if event is None:
            event = Event(
                title=candidate.title[:300],
                slug=unique_slug(Event, f"{candidate.dates.start} {candidate.title}"),
                kind=candidate.kind,
                date_from=candidate.dates.start,
                date_to=candidate.dates.end,
                date_precision=candidate.dates.precision,
                summary=draft_summary(candidate.title, participants, place, cited_topics),
                place=place,
                planned=candidate.planned,
                known_meeting=known_meeting_row(candidate.occasion),
                confidence=candidate.confidence,
            )
            event.full_clean(exclude=["parent"])
            event.save()
            created += 1
        else:
            # A new report changes the event: a new version (and, when it reports the event
            # itself rather than announcing it, the event is no longer planned).
            changes = {"planned": False} if event.planned and not candidate.planned else {}
            curation.change(Event.objects.filter(pk=event.pk), **changes)
            merged += 1
        event.participants.add(*participants)
        event.topics.add(*cited_topics)
        for cited in candidate.citations:
            citation = Citation(
                event=event, source=sources[cited.source], quote=cited.quote,
                start=cited.start, end=cited.end,
            )  # fmt: skip
            citation.full_clean(exclude=["event"], validate_unique=False)
            Citation.objects.get_or_create(
                event=event, source=citation.source, start=citation.start,
                defaults={"quote": citation.quote, "end": citation.end},
            )  # fmt: skip
        saved.append(event)
    for candidate, event in zip(candidates, saved, strict=True):
        if candidate.parent is not None and event.parent_id is None:
            parent = saved[candidate.parent]
            if parent.pk != event.pk:
                curation.relink(event, parent)
    return created, merged


def explain_no_events(source: Source, gazetteer: Gazetteer | None = None) -> str:
    """Why an article gave no event: no sentence reporting one, or (without a publication date)
    sentences whose relative dates could not be resolved, named."""
    if source.published is not None:
        return (
            "the extractor found no sentence reporting a dated meeting, call, summit, pledge, "
            "agreement or statement"
        )
    # Dated as of its import, would it give events? Then the missing date is why.
    article = parse_article(
        source.text,  # the cleaned text (a fetched page's original is its HTML)
        source.file_name or f"source-{source.pk}",
        {"published": source.imported_at.date().isoformat(), "language": source.language},
    )
    quotes = [
        " ".join(c.quote.split())
        for candidate in extract([article], gazetteer or gazetteer_from_db())
        for c in candidate.citations
    ]
    if not quotes:
        return (
            "the extractor found no sentence reporting a meeting, call, summit, pledge, "
            "agreement or statement"
        )
    named = "; ".join(f"“{q[:120]}”" for q in dict.fromkeys(quotes))
    return (
        "the article has no publication date, so the dates of these sentences could not be "
        f"resolved: {named}. Give the source its publication date, then re-extract"
    )


def draft_summary(
    title: str, participants: Sequence[Actor], place: Place | None, topics: Sequence[Topic]
) -> str:
    """A draft's summary: what its fields add to its title (who took part, with their offices;
    where; about what), or empty when they add nothing. Never the quoted sentence, which the
    event's page shows already."""
    told = title.casefold()
    parts = []
    people = [f"{a.name} ({a.role})" if a.role else a.name for a in participants]
    if any(a.name.casefold() not in told or a.role for a in participants):
        parts.append(f"Taking part: {', '.join(people)}.")
    if place is not None and place.name.casefold() not in told:
        parts.append(f"In {place.name}.")
    if topics:
        parts.append(f"About {', '.join(t.name for t in topics)}.")
    return " ".join(parts)


def named_participants(candidate: EventCandidate) -> list[tuple[str, str | None]]:
    """(name, category) of each participant; the category is None when the candidate has none."""
    kinds = candidate.participant_kinds
    return [
        (name, kinds[i] if i < len(kinds) else None)
        for i, name in enumerate(candidate.participants)
    ]


class ActorIndex:
    """Every actor by its name and, kind by kind, by its aliases ("Turkey" finds the country
    named "Türkiye"): read once per import, and told of the actors the import creates."""

    def __init__(self) -> None:
        self.by_name: dict[str, Actor] = {}
        self.by_alias: dict[tuple[str, str], Actor] = {}
        for actor in Actor.objects.all():
            self.by_name[actor.name] = actor
            for alias in actor.names()[1:]:
                self.by_alias.setdefault((actor.kind, alias), actor)

    def find(self, name: str, category: str | None = None) -> Actor | None:
        """The actor of that name, else the one with that alias, of the participant's category
        when the candidate gives one (so that a country is not taken for a person)."""
        if name in self.by_name:
            return self.by_name[name]
        kinds = [category] if category in Actor.Kind.values else Actor.Kind.values
        return next((self.by_alias[(k, name)] for k in kinds if (k, name) in self.by_alias), None)

    def participants(self, candidate: EventCandidate) -> list[Actor]:
        """The candidate's participants as actors; one the database did not know (a titled
        person, a country no actor was yet) is created, of the category the candidate gives."""
        found = []
        for name, category in named_participants(candidate):
            actor = self.find(name, category)
            if actor is None:
                actor = Actor.objects.create(
                    name=name, slug=unique_slug(Actor, name), kind=actor_kind(category)
                )
                self.by_name[name] = actor
            found.append(actor)
        return found


def actor_kind(category: str | None) -> str:
    """The Actor kind for a participant's category; a category that is not one (or none
    given) makes a person, as titled people are the actors the extractor discovers."""
    return category if category in Actor.Kind.values else Actor.Kind.PERSON


def registered_kind(candidate: EventCandidate) -> EventCandidate:
    """The candidate with a kind the registry knows: an unknown kind becomes the default one
    (logged), so that an article is never refused for it."""
    if known_kind(candidate.kind) is not None:
        return candidate
    logger.warning(
        "Unknown event kind %r for %r: stored as %r.", candidate.kind, candidate.title, DEFAULT_KIND
    )
    return replace(candidate, kind=DEFAULT_KIND)


def event_key(
    kind: str,
    dates: DateRange,
    actors: Sequence[tuple[str, str | None]],
    place: str | None,
    occasion: ExtractedMeeting | None,
) -> EventKey:
    """What `same_event` compares, from (name, Actor kind or None when unknown) of each
    participant: the one place that says which participants are people."""
    return EventKey(
        kind,
        dates,
        frozenset(name for name, actor_kind in actors if actor_kind == Actor.Kind.PERSON),
        frozenset(name for name, _ in actors),
        place,
        occasion,
    )


def find_same_event(candidate: EventCandidate, actors: ActorIndex) -> Event | None:
    """A stored event (of any status) that `same_event` says the candidate reports."""
    known = [(actors.find(n, c), n) for n, c in named_participants(candidate)]
    key = event_key(
        candidate.kind,
        candidate.dates,
        [(a.name, a.kind) if a is not None else (name, None) for a, name in known],
        candidate.location,
        candidate.occasion,
    )
    # Reports of compatible kinds may be one event (a call stored, talks reported), and so may
    # reports of any day of one known meeting.
    kinds = [k for k in BY_NAME if compatible(candidate.kind, k)]
    window = candidate.dates
    if candidate.occasion is not None:
        window = DateRange(candidate.occasion.start, candidate.occasion.end, "day")
    nearby = (
        Event.objects.filter(kind__in=kinds)
        .in_range(min(window.start, candidate.dates.start), max(window.end, candidate.dates.end))
        .select_related("place", "known_meeting")
        .prefetch_related("participants")
    )
    for event in nearby:
        if event.date_from is None or event.date_to is None:
            continue
        stored = event_key(
            event.kind,
            DateRange(event.date_from, event.date_to, event.date_precision),
            [(a.name, a.kind) for a in event.participants.all()],
            event.place.name if event.place else None,
            event.known_meeting.as_known_meeting() if event.known_meeting else None,
        )
        if same_event(key, stored):
            return event
    return None


def known_meeting_row(meeting: ExtractedMeeting | None) -> KnownMeeting | None:
    """The calendar row of a candidate's known meeting (series, place and first day)."""
    if meeting is None:
        return None
    return KnownMeeting.objects.filter(
        series=meeting.series, place=meeting.place, start=meeting.start
    ).first()
