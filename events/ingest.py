"""The one module that writes extracted data: articles become Sources, candidates become draft
Events with Citations, merged into the events already stored when they report the same one.
Each article is imported in one transaction: all of it, or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

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
from events.gazetteer import gazetteer_from_db
from events.models import (
    Actor,
    Citation,
    Event,
    EventRedirect,
    Place,
    Source,
    Topic,
    unique_slug,
)


@dataclass(frozen=True)
class ImportResult:
    source: Source
    created: bool  # False: the same text was imported before, nothing changed
    events_created: int = 0
    events_merged: int = 0


def import_article(*, article: Article, gazetteer: Gazetteer | None = None) -> ImportResult:
    """Store an article and its draft events; an article already stored changes nothing."""
    existing = Source.objects.filter(content_hash=Source.hash_text(article.text)).first()
    if existing is not None:
        return ImportResult(existing, created=False)
    gazetteer = gazetteer or gazetteer_from_db()
    with transaction.atomic():
        source = create_source(article)
        created, merged = save_candidates(extract([article], gazetteer), {source.file_name: source})
    return ImportResult(source, True, created, merged)


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
    article = parse_article(source.original_text, source.file_name or f"source-{source.pk}")
    with transaction.atomic():
        return save_candidates(
            extract([article], gazetteer or gazetteer_from_db()), {article.meta.file_name: source}
        )


def save_candidates(
    candidates: Sequence[EventCandidate], sources: dict[str, Source]
) -> tuple[int, int]:
    """Create or merge each candidate; return (events created, events merged into)."""
    actors = {a.name: a for a in Actor.objects.all()}
    places = {p.name: p for p in Place.objects.all()}
    topics = {t.name: t for t in Topic.objects.all()}
    saved: list[Event] = []
    created = merged = 0
    for candidate in candidates:
        event = find_same_event(candidate, actors)
        if event is None:
            event = Event(
                title=candidate.title[:300],
                slug=unique_slug(Event, f"{candidate.dates.start} {candidate.title}"),
                kind=candidate.kind,
                date_from=candidate.dates.start,
                date_to=candidate.dates.end,
                date_precision=candidate.dates.precision,
                summary=candidate.summary,
                place=places.get(candidate.location or ""),
                confidence=candidate.confidence,
            )
            event.full_clean(exclude=["parent"])
            event.save()
            created += 1
        else:
            Event.objects.filter(pk=event.pk).update(version=F("version") + 1)
            merged += 1
        for name in candidate.participants:
            if name not in actors:  # a titled person the gazetteer did not know: now it does
                actors[name] = Actor.objects.filter(name=name).first() or Actor.objects.create(
                    name=name, slug=unique_slug(Actor, name), kind=Actor.Kind.PERSON
                )
        event.participants.add(*(actors[n] for n in candidate.participants))
        event.topics.add(*(topics[n] for n in candidate.topics if n in topics))
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
                Event.objects.filter(pk=event.pk).update(parent=parent)
    return created, merged


def find_same_event(candidate: EventCandidate, actors: dict[str, Actor]) -> Event | None:
    """A stored event (of any status) that `same_event` says the candidate reports."""
    key = EventKey(
        candidate.kind,
        candidate.dates,
        frozenset(n for n in candidate.participants if n in actors and actors[n].kind == "person"),
        frozenset(candidate.participants),
        candidate.location,
    )
    nearby = (
        Event.objects.filter(kind=candidate.kind)
        .in_range(candidate.dates.start, candidate.dates.end)
        .select_related("place")
        .prefetch_related("participants")
    )
    for event in nearby:
        if event.date_from is None or event.date_to is None:
            continue
        stored = EventKey(
            event.kind,
            DateRange(event.date_from, event.date_to, event.date_precision),
            frozenset(a.name for a in event.participants.all() if a.kind == Actor.Kind.PERSON),
            frozenset(a.name for a in event.participants.all()),
            event.place.name if event.place else None,
        )
        if same_event(key, stored):
            return event
    return None


@dataclass(frozen=True)
class MergePlan:
    """What merging will do, shown to the editor before it is done."""

    keep: Event
    others: list[Event]
    citations_moved: int
    participants_added: list[str]
    topics_added: list[str]


def plan_merge(keep: Event, others: Sequence[Event]) -> MergePlan:
    others = [e for e in others if e.pk != keep.pk]
    kept_citations = {(c.source_id, c.start) for c in keep.citations.all()}
    moved = {
        (c.source_id, c.start)
        for e in others
        for c in e.citations.all()
        if (c.source_id, c.start) not in kept_citations
    }
    have_actors, have_topics = set(keep.participants.all()), set(keep.topics.all())
    actors = {a for e in others for a in e.participants.all()} - have_actors
    topics = {t for e in others for t in e.topics.all()} - have_topics
    return MergePlan(
        keep, others, len(moved), sorted(a.name for a in actors), sorted(t.name for t in topics)
    )


@transaction.atomic
def merge_events(*, keep: Event, others: Sequence[Event]) -> MergePlan:
    """Fold duplicates into `keep`: their citations, participants, topics and child events
    move to it, they are deleted, and their public addresses redirect to it."""
    plan = plan_merge(keep, others)
    for other in plan.others:
        for citation in other.citations.all():
            if not keep.citations.filter(source=citation.source_id, start=citation.start).exists():
                Citation.objects.filter(pk=citation.pk).update(event=keep)
        keep.participants.add(*other.participants.all())
        keep.topics.add(*other.topics.all())
        Event.objects.filter(parent=other).exclude(pk=keep.pk).update(parent=keep)
        EventRedirect.objects.filter(event=other).update(event=keep)
        EventRedirect.objects.update_or_create(old_slug=other.slug, defaults={"event": keep})
        if keep.parent_id == other.pk:
            keep.parent = other.parent if other.parent_id != keep.pk else None
        other.delete()
    keep.version = F("version") + 1
    keep.save()
    keep.refresh_from_db()
    return plan
