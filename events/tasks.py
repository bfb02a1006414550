"""Background work on Django's task framework: importing an article by URL or as text,
re-extracting a source and polling a feed. Each task's progress is an `Import` row that editors
follow in the admin (queued, running, done with N events, failed with the reason) and retry.

Which backend runs the tasks is the setting TASKS: workers (`manage.py db_worker`, django-tasks-db)
in production, the ImmediateBackend (each task runs as it is queued) in the demo and in tests."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, task, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from events import ingest
from events.extraction import Article, ArticleError, ArticleMeta, Gazetteer, extract
from events.extraction.cleaning import clean
from events.extraction.lang import load_language
from events.fetch import FEED_TYPES, FetchError, check_url, fetch, page_article, read_page
from events.gazetteer import gazetteer_from_db
from events.models import Feed, Import, Source

logger = logging.getLogger(__name__)


def runs_elsewhere() -> bool:
    """Whether queued tasks run in worker processes (else each runs as it is queued)."""
    return not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


# The gazetteer is read from the database for each import, except in a worker, which keeps it
# for up to five minutes across the imports it runs back to back (as one import_articles run
# keeps one for the whole run): an actor added by an editor is known to workers after that.
GAZETTEER_SECONDS = 300.0
_gazetteer: tuple[float, Gazetteer] | None = None


def current_gazetteer() -> Gazetteer:
    global _gazetteer
    if not runs_elsewhere():
        return gazetteer_from_db()
    if _gazetteer is None or time.monotonic() - _gazetteer[0] > GAZETTEER_SECONDS:
        _gazetteer = (time.monotonic(), gazetteer_from_db())
    return _gazetteer[1]


# The work itself: each function can also be called directly (the tests, a synchronous run).


def import_url(
    url: str, *, publisher: str = "", kind: str = "news", gazetteer: Gazetteer | None = None
) -> ingest.ImportResult:
    """Fetch a page, extract its article and import it; a URL imported before changes nothing.
    The source's original is the fetched HTML; its text is the article extracted from it."""
    url = check_url(url)
    existing = Source.objects.filter(url=url).first()
    if existing is not None:
        return ingest.ImportResult(existing, created=False)
    fetched = fetch(url)
    page = read_page(fetched.text(), fetched.url)
    existing = Source.objects.filter(url=page.url).first()  # the canonical URL de-duplicates
    if existing is not None:
        return ingest.ImportResult(existing, created=False)
    article = page_article(page, publisher=publisher, kind=kind)
    try:
        with transaction.atomic():
            gazetteer = gazetteer or current_gazetteer()
            result = ingest.import_article(article=article, gazetteer=gazetteer)
            if result.created:
                Source.objects.filter(pk=result.source.pk).update(
                    author=page.author[:300], fetched_at=timezone.now()
                )
    except IntegrityError:
        # Another worker stored this URL (with a text that has changed since) meanwhile.
        existing = Source.objects.filter(url=page.url).first()
        if existing is None:
            raise
        return ingest.ImportResult(existing, created=False)
    return result


def import_text(*, text: str, name: str, metadata: dict[str, object]) -> ingest.ImportResult:
    return ingest.import_text(
        text=text, name=name, metadata=metadata, gazetteer=current_gazetteer()
    )


def reextract(source: Source) -> tuple[int, int]:
    """Extract the events of a stored source again; (events created, events merged into)."""
    if source.fetched_at is None:
        return ingest.reextract(source=source, gazetteer=current_gazetteer())
    # A page from the web: its text (not its HTML) is what citations point into.
    text = clean(source.text, source.title, language=load_language(source.language))
    if text.text != source.text:
        raise ValueError("the stored text no longer cleans to itself; re-import the URL")
    meta = ArticleMeta(
        file_name=source.file_name or f"source-{source.pk}",
        title=source.title,
        publisher=source.publisher,
        kind=source.kind,
        url=source.url,
        published=None if source.published_inferred else source.published,
        language=source.language,
    )
    article = Article(meta, source.original_text, text)
    with transaction.atomic():
        ingest.lock_imports()
        found = extract([article], current_gazetteer())
        return ingest.save_candidates(found, {meta.file_name: source})


@dataclass(frozen=True)
class PollResult:
    entries: int
    queued: list[Import]
    not_modified: bool = False

    def describe(self) -> str:
        if self.not_modified:
            return "not modified since the last poll (304): nothing new"
        skipped = self.entries - len(self.queued)
        return f"{self.entries} entries: {len(self.queued)} new, {skipped} seen before"


def entry_links(parsed: feedparser.FeedParserDict, base: str) -> list[str]:
    """Each entry's article URL (absolute, without fragment), once, in the feed's order."""
    links: dict[str, None] = {}
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        parts = urlsplit(urljoin(base, link.strip()))
        if parts.scheme in ("http", "https") and parts.hostname:
            links[urlunsplit(parts._replace(fragment=""))] = None
    return list(links)


def poll_feed(feed: Feed, *, user: object = None) -> PollResult:
    """Fetch a feed (conditional GET) and queue an import of each entry never seen before: not
    stored as a source, and not imported (or tried) before. The feed records how it went."""
    feed.last_polled = timezone.now()
    try:
        fetched = fetch(
            feed.url, accept=FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified
        )
        if fetched.not_modified:
            feed.last_error = ""
            feed.save(update_fields=["last_polled", "last_error"])
            return PollResult(0, [], not_modified=True)
        # feedparser parses the bytes fetched above: it never fetches anything itself.
        parsed = feedparser.parse(
            fetched.body,
            response_headers={
                "content-type": fetched.content_type,
                "content-location": fetched.url,
            },
        )
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            raise FetchError(feed.url, f"not a readable feed ({parsed.get('bozo_exception', '')})")
    except FetchError as exc:
        feed.last_error = exc.reason
        feed.save(update_fields=["last_polled", "last_error"])
        raise
    links = entry_links(parsed, fetched.url)
    seen = set(Source.objects.filter(url__in=links).values_list("url", flat=True))
    seen |= set(Import.objects.filter(url__in=links).values_list("url", flat=True))
    with transaction.atomic():
        records = [
            Import.objects.create(
                kind=Import.Kind.URL,
                url=link,
                feed=feed,
                requested_by=user,
                metadata={"publisher": feed.publisher, "kind": feed.kind},
            )
            for link in links
            if link not in seen
        ]
        feed.etag, feed.last_modified, feed.last_error = fetched.etag, fetched.last_modified, ""
        feed.save(update_fields=["last_polled", "etag", "last_modified", "last_error"])
    for record in records:
        enqueue(record)
    return PollResult(len(links), records)


# The tasks: each takes the id of its Import row and keeps that row up to date.


def run(context: TaskContext, import_id: int, work: Callable[[Import], None]) -> str:
    record = Import.objects.select_related("source", "feed").get(pk=import_id)
    record.start(task_id=str(context.task_result.id))
    try:
        work(record)
    except Exception as exc:
        reason = failure(exc)
        if reason is not None:
            record.fail(reason)
        else:
            # Recorded for the editors, and raised for the worker's log and the task's result.
            record.fail(f"unexpected error ({type(exc).__name__}: {exc})")
            raise
    return record.outcome()


def failure(exc: Exception) -> str | None:
    """Why an import failed, as the admin and import_articles tell it; None for an error that
    is not the article's (a bug, the database down)."""
    if isinstance(exc, FetchError | ArticleError):
        return exc.reason
    if isinstance(exc, ValidationError):
        return f"invalid data ({'; '.join(exc.messages)})"
    if isinstance(exc, ValueError):
        return str(exc)
    return None


def finish_import(record: Import, result: ingest.ImportResult) -> None:
    detail = result.outcome()
    limit = Import._meta.get_field("detail").max_length
    assert limit is not None
    record.finish(
        source=result.source,
        source_created=result.created,
        events_created=result.events_created,
        events_merged=result.events_merged,
        # The whole text is told where the import was asked for (import_result(record)).
        detail=detail if len(detail) <= limit else detail[: limit - 1] + "…",
    )


def import_result(record: Import) -> ingest.ImportResult:
    """The result of a finished import, as the import itself returned it."""
    assert record.source is not None, "a finished import has its source"
    return ingest.ImportResult(
        record.source, record.source_created, record.events_created, record.events_merged
    )


def do_import_url(record: Import) -> None:
    meta = record.metadata or {}
    result = import_url(
        record.url, publisher=str(meta.get("publisher") or ""), kind=str(meta.get("kind") or "news")
    )
    finish_import(record, result)


def do_import_text(record: Import) -> None:
    finish_import(record, import_text(text=record.text, name=record.name, metadata=record.metadata))


def do_reextract(record: Import) -> None:
    if record.source is None:
        raise ValueError("the source was deleted")
    created, merged = reextract(record.source)
    record.finish(
        events_created=created,
        events_merged=merged,
        detail=ingest.counted(created, merged),
    )


def do_poll(record: Import) -> None:
    if record.feed is None:
        raise ValueError("the feed was deleted")
    result = poll_feed(record.feed, user=record.requested_by)
    record.finish(detail=result.describe())


@task(takes_context=True)
def import_url_task(context: TaskContext, import_id: int) -> str:
    return run(context, import_id, do_import_url)


@task(takes_context=True)
def import_text_task(context: TaskContext, import_id: int) -> str:
    return run(context, import_id, do_import_text)


@task(takes_context=True)
def reextract_task(context: TaskContext, import_id: int) -> str:
    return run(context, import_id, do_reextract)


@task(takes_context=True)
def poll_feed_task(context: TaskContext, import_id: int) -> str:
    return run(context, import_id, do_poll)


TASKS = {
    Import.Kind.URL: import_url_task,
    Import.Kind.TEXT: import_text_task,
    Import.Kind.REEXTRACT: reextract_task,
    Import.Kind.POLL: poll_feed_task,
}


def enqueue(record: Import) -> Import:
    """Queue the record's task; with the immediate backend it has run when this returns."""
    TASKS[record.kind].enqueue(record.pk)
    record.refresh_from_db()
    return record


def queue_url(url: str, *, publisher: str = "", kind: str = "news", user: object = None) -> Import:
    record = Import.objects.create(
        kind=Import.Kind.URL,
        url=url[:1000],
        requested_by=user,
        metadata={"publisher": publisher, "kind": kind},
    )
    return enqueue(record)


def queue_text(text: str, name: str, metadata: dict[str, object], *, user: object = None) -> Import:
    record = Import.objects.create(
        kind=Import.Kind.TEXT,
        name=name[:255],
        text=text,
        metadata=jsonable(metadata),
        requested_by=user,
    )
    return enqueue(record)


def queue_reextract(source: Source, *, user: object = None) -> Import:
    record = Import.objects.create(
        kind=Import.Kind.REEXTRACT, source=source, name=source.title[:255], requested_by=user
    )
    return enqueue(record)


def queue_poll(feed: Feed, *, user: object = None) -> Import:
    record = Import.objects.create(
        kind=Import.Kind.POLL, feed=feed, url=feed.url, requested_by=user
    )
    return enqueue(record)


def retry(record: Import) -> Import:
    """Queue a failed import again (the same request, from the start)."""
    if record.state != Import.State.FAILED:
        raise ValueError(f"only a failed import can be retried (this one is {record.state})")
    Import.objects.filter(pk=record.pk).update(
        state=Import.State.QUEUED, error="", started=None, finished=None
    )
    return enqueue(record)


def jsonable(metadata: dict[str, object]) -> dict[str, object]:
    """Metadata as JSON keeps it (dates as YYYY-MM-DD, which parse_article reads back)."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in metadata.items()}
