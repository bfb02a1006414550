"""The version of the published data: one row, raised in the same transaction as any change to
what the public pages show, so that ETags, Last-Modified and every cache key follow it and a
request can tell whether anything changed with one primary-key read instead of an aggregate over
the events.

`touch()` is called by the write paths that bypass model saves (queryset `.update()`s in ingest
and curation); saves, deletes and many-to-many changes of the public models raise it through the
receivers below. Those are signals on purpose: keeping a cache key honest is not core flow, and a
write path that forgot it would serve stale pages until the next change."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from events.models import (
    Actor,
    Citation,
    DataVersion,
    Event,
    EventRedirect,
    KnownMeeting,
    Place,
    Source,
    Term,
    Topic,
)

ROW = 1


@dataclass(frozen=True)
class Version:
    number: int
    changed: dt.datetime

    @property
    def key(self) -> str | None:
        """What names this version in cache keys and ETags; None before the row exists (cache
        nothing then: a database emptied and refilled would start again at the same number)."""
        if self is NONE:
            return None
        return f"{self.number}.{self.changed.timestamp():.6f}"


# Before the row exists (a database flushed by a test): no change since the epoch.
NONE = Version(0, dt.datetime(1970, 1, 1, tzinfo=dt.UTC))


def touch(using: str | None = None) -> None:
    """Raise the data version, inside the caller's transaction (its row lock is held until that
    transaction ends, so a reader never sees the new version without the new data)."""
    using = using or router.db_for_write(DataVersion)
    with transaction.atomic(using=using):
        rows = DataVersion.objects.using(using).filter(pk=ROW)
        # The time is Python's, to the microsecond: with the number it names the version even
        # in a database whose transactions are rolled back (tests) and raised again.
        if not rows.update(version=F("version") + 1, changed=timezone.now()):
            DataVersion.objects.using(using).get_or_create(
                pk=ROW, defaults={"changed": timezone.now()}
            )
            rows.update(version=F("version") + 1, changed=timezone.now())


_pinned: ContextVar[Version | None] = ContextVar("data_version", default=None)


def current() -> Version:
    """The data version as the database that serves this request's reads has it (the one
    `pinned` for this public request, if any)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    row = DataVersion.objects.filter(pk=ROW).values_list("version", "changed").first()
    return Version(*row) if row else NONE


# Set when computed() answered a previous version's value within the pinned block.
_lagging: ContextVar[bool] = ContextVar("lagging", default=False)


@contextmanager
def pinned(version: Version) -> Iterator[None]:
    """Within the block, current() answers `version` without a query: a public page reads it
    once, and its ETag, its cache keys and its counts all name the same version."""
    token, lag = _pinned.set(version), _lagging.set(False)
    try:
        yield
    finally:
        _pinned.reset(token)
        _lagging.reset(lag)


def lagging() -> bool:
    """Whether the last pinned block used a value of a previous version: its page must not be
    kept, nor tagged, as the version's own."""
    return _lagging.get()


# How long a request waits for another's computation before computing itself: 50 × 0.1 s.
WAIT_STEPS, WAIT_STEP = 50, 0.1


def computed[T](name: str, compute: Callable[[], T], timeout: int = 24 * 3600) -> T:
    """compute(), once per data version: kept in the cache under `name` and the version (the
    timeout only frees memory). Not kept before the version row exists.

    While one request computes a new version's value (seconds, for an aggregate over a million
    events), the others are answered the previous version's value rather than all computing it
    at once: a facet may lag one change behind for that long, never longer."""
    version = current().key
    if version is None:
        return compute()
    key, latest = f"computed:{version}:{name}", f"computed-latest:{name}"
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"computing:{version}:{name}"
    held = cache.add(lock, 1, 60)
    if not held:  # another request is computing it, or the cache cannot be reached
        value = cache.get(latest)
        # The previous version's value; or, the first time, wait for the computing request's
        # (a burst of requests must not run a slow aggregate once each) while its lock is
        # there: an unreachable cache has none, and nobody would ever answer the wait.
        for _ in range(WAIT_STEPS):
            if value is not None:
                _lagging.set(True)
                return value
            if cache.get(lock) is None:
                break
            time.sleep(WAIT_STEP)
            value = cache.get(key)
    try:
        value = compute()
    finally:
        if held:
            cache.delete(lock)
    cache.set_many({key: value, latest: value}, timeout)
    return value


# The receivers. A model's change is public when a published event shows it: an event that is
# or was published, a citation of one, an edited (not a new) actor, place, topic, source, term,
# meeting; an event's redirect always (it answers an old public address).

PUBLIC_ENTRIES = (Actor, Place, Topic, Source, Term, KnownMeeting)


def _event_was_published(sender: type[Event], instance: Event, **kwargs: Any) -> None:
    if instance.pk is None or instance.status == Event.Status.PUBLISHED:
        instance._was_published = False  # type: ignore[attr-defined]
        return
    was = Event.objects.using(kwargs.get("using") or DEFAULT_DB_ALIAS).filter(
        pk=instance.pk, status=Event.Status.PUBLISHED
    )
    instance._was_published = was.exists()  # type: ignore[attr-defined]


def _event_changed(sender: type[Event], instance: Event, using: str, **kwargs: Any) -> None:
    if instance.status == Event.Status.PUBLISHED or getattr(instance, "_was_published", False):
        touch(using)


def _citation_changed(sender: type[Citation], instance: Citation, using: str, **kw: Any) -> None:
    shown = Event.objects.using(using).filter(pk=instance.event_id).published()
    if kw.get("signal") is post_delete or shown.exists():
        touch(using)


def _entry_changed(sender: type[Model], instance: Model, using: str, **kwargs: Any) -> None:
    if not kwargs.get("created", False):
        touch(using)


def _always(sender: type[Model], instance: Model, using: str, **kwargs: Any) -> None:
    touch(using)


def _links_changed(
    sender: type[Model], instance: Model, action: str, using: str, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if not isinstance(instance, Event) or instance.status == Event.Status.PUBLISHED:
        touch(using)


def connect() -> None:
    """Connect the receivers (EventsConfig.ready)."""
    uid = "events.dataversion"
    pre_save.connect(_event_was_published, sender=Event, dispatch_uid=f"{uid}.event-was")
    post_save.connect(_event_changed, sender=Event, dispatch_uid=f"{uid}.event-saved")
    post_delete.connect(_event_changed, sender=Event, dispatch_uid=f"{uid}.event-deleted")
    for signal in (post_save, post_delete):
        signal.connect(_citation_changed, sender=Citation, dispatch_uid=f"{uid}.citation")
        signal.connect(_always, sender=EventRedirect, dispatch_uid=f"{uid}.redirect")
        for model in PUBLIC_ENTRIES:
            signal.connect(_entry_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
    for through in (Event.participants.through, Event.topics.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}.{through}")
