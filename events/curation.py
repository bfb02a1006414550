"""Editor actions on stored events (publish, reject, back to draft, merge, re-link a parent)
and THE version rule: every change to a stored event raises its version (optimistic locking
in the admin) and, when published data changes, the data version (events.dataversion).

`change()` is the one place the rule is written; every write that changes events without a
model form goes through it, and the admin's save claims its version through `claim()`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from events import dataversion
from events.models import Citation, Event, EventRedirect


@transaction.atomic
def change(events: QuerySet[Event], **fields: object) -> int:
    """Set `fields` on `events` as one change each: the version is raised and `updated` set;
    the data version is raised when a published event changes or an event becomes published.
    Returns the number of events changed."""
    public = events.filter(status=Event.Status.PUBLISHED).exists()
    # Python's clock, as `auto_now` uses: SQLite's CURRENT_TIMESTAMP keeps milliseconds only,
    # so a change just after a save could seem older than it.
    changed = events.update(version=F("version") + 1, updated=timezone.now(), **fields)
    if changed and (public or fields.get("status") == Event.Status.PUBLISHED):
        dataversion.touch()
    return changed


def claim(event: Event, version: int) -> bool:
    """Take the next version of `event` for a save, if it still has `version` (what the editor
    loaded): check and raise in one UPDATE, so that two saves cannot both pass the check."""
    return bool(change(Event.objects.filter(pk=event.pk, version=version)))


def set_status(event: Event, status: str) -> None:
    change(Event.objects.filter(pk=event.pk), status=status)
    event.refresh_from_db(fields=["status", "version", "updated"])


@transaction.atomic
def publish(event: Event) -> None:
    """The one place an event becomes public: it needs a date and a true citation."""
    problems = event.publishing_problems()
    if problems:
        raise ValidationError(f"“{event.title}” cannot be published: {'; '.join(problems)}.")
    set_status(event, Event.Status.PUBLISHED)


def reject(event: Event) -> None:
    set_status(event, Event.Status.REJECTED)


def unpublish(event: Event) -> None:
    set_status(event, Event.Status.DRAFT)


ACTIONS = {"publish": publish, "reject": reject, "unpublish": unpublish}


def settle_address(event: Event, old_slug: str) -> None:
    """After an edit: a draft's address follows its date and title; a published event whose
    address changed keeps the old one as a permanent redirect (and an address it takes back
    is no longer a redirect)."""
    if event.status == Event.Status.DRAFT:
        slug = event.fitting_slug()
        if slug != event.slug:
            # Derived, not an editor's change: no new version.
            Event.objects.filter(pk=event.pk).update(slug=slug)
            event.slug = slug
    elif old_slug and old_slug != event.slug:
        EventRedirect.objects.filter(old_slug=event.slug).delete()
        EventRedirect.objects.update_or_create(old_slug=old_slug, defaults={"event": event})
        dataversion.touch()


def relink(event: Event, parent: Event | None) -> None:
    """Make `parent` the event `event` happened during (None: no parent)."""
    change(Event.objects.filter(pk=event.pk), parent=parent)
    event.refresh_from_db(fields=["parent", "version", "updated"])


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
    parent_id = keep.parent_id
    for other in plan.others:
        for citation in other.citations.all():
            if not keep.citations.filter(source=citation.source_id, start=citation.start).exists():
                Citation.objects.filter(pk=citation.pk).update(event=keep)
        keep.participants.add(*other.participants.all())
        keep.topics.add(*other.topics.all())
        change(Event.objects.filter(parent=other).exclude(pk=keep.pk), parent=keep)
        EventRedirect.objects.filter(event=other).update(event=keep)
        EventRedirect.objects.update_or_create(old_slug=other.slug, defaults={"event": keep})
        if parent_id == other.pk:
            parent_id = other.parent_id if other.parent_id != keep.pk else None
        other.delete()
    # As in extraction: one report of the event itself makes the merged event no longer planned.
    planned = keep.planned and all(other.planned for other in plan.others)
    change(Event.objects.filter(pk=keep.pk), planned=planned, parent_id=parent_id)
    keep.refresh_from_db()
    return plan
