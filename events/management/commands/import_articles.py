"""Import articles (files, folders of them, or web addresses) as Sources with draft Events;
one transaction per article. With a worker backend, one task per article is queued instead."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from events import tasks
from events.extraction import Article, ArticleError
from events.gazetteer import gazetteer_from_db
from events.ingest import ImportResult, counted, import_article
from events.management.articles import add_article_arguments, iter_articles, reading_options
from events.models import Import


def is_url(argument: str) -> bool:
    return argument.lower().startswith(("http://", "https://"))


@dataclass
class Summary:
    """What a run did, told once at the end."""

    imported: int = 0
    already: int = 0
    created: int = 0
    merged: int = 0
    queued: int = 0
    a_look: int = 0  # imported with no events or a warning
    failed: list[str] = field(default_factory=list)

    def add(self, result: ImportResult) -> None:
        if result.created:
            self.imported += 1
            self.created += result.events_created
            self.merged += result.events_merged
            self.a_look += result.needs_a_look
        else:
            self.already += 1

    def line(self) -> str:
        parts = [
            f"{self.imported} imported ({counted(self.created, self.merged)})",
            f"{self.already} unchanged (imported before)",
        ]
        if self.a_look:
            parts.append(f"{self.a_look} to look at (no events, or a warning above)")
        if self.queued:
            parts.append(f"{self.queued} queued")
        parts.append(f"{len(self.failed)} failed")
        return "Summary: " + ", ".join(parts)


class Command(BaseCommand):
    help = (
        "Store articles (files, folders, or URLs to fetch) as sources and their extracted events "
        "as drafts (idempotent). With a worker backend (TASKS_BACKEND=database), one task per "
        "article is queued for `manage.py db_worker` processes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_article_arguments(parser, urls=True)
        parser.add_argument(
            "--publisher", default="", help="publisher of the URLs given (else the site's name)"
        )
        parser.add_argument(
            "--kind", default="news", help="source kind of the URLs given (default: news)"
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="with a worker backend: follow the queued imports until all have finished",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        urls = [a for a in options["paths"] if is_url(a)]
        paths = [Path(a) for a in options["paths"] if not is_url(a)]
        files: list[tuple[Path, Article | ArticleError]] = []
        if paths:
            reading = reading_options(self, options)
            files = list(iter_articles(paths, options["manifest"], **reading))
        items: list[tuple[str, Article | ArticleError | str]] = [(str(p), a) for p, a in files]
        items += [(url, url) for url in urls]
        summary = Summary()
        if tasks.runs_elsewhere():
            self.queue(items, options, summary)
        else:
            self.run_here(items, options, summary)
        self.stdout.write(summary.line())
        for line in summary.failed:
            self.stderr.write(f"failed: {line}")
        if summary.failed:
            noun = "file(s)" if not urls else "article(s)"
            others = (
                "nothing imported" if len(summary.failed) == len(items) else "the others imported"
            )
            raise CommandError(f"{len(summary.failed)} of {len(items)} {noun} failed; {others}")

    def progress(self, items: list, unit: str = "article") -> tqdm:
        """A progress bar (count, rate, time left) on a terminal; plain lines otherwise."""
        return tqdm(items, unit=unit, disable=not self.stdout.isatty() or len(items) < 10)

    def say(self, bar: tqdm, line: str) -> None:
        if bar.disable:
            self.stdout.write(line)
        else:
            bar.write(line)

    def run_here(self, items: list, options: dict[str, Any], summary: Summary) -> None:
        gazetteer = gazetteer_from_db()
        bar = self.progress(items)
        for name, item in bar:
            label = Path(name).name if not is_url(name) else name
            try:
                if isinstance(item, ArticleError):
                    raise item
                if isinstance(item, str):
                    result = tasks.import_url(
                        item,
                        publisher=options["publisher"],
                        kind=options["kind"],
                        gazetteer=gazetteer,
                    )
                else:
                    result = import_article(article=item, gazetteer=gazetteer)
            except Exception as exc:
                reason = tasks.failure(exc)
                if reason is None:
                    raise
                summary.failed.append(f"{name}: {reason}")
                self.stderr.write(summary.failed[-1])
                continue
            summary.add(result)
            # The words "Add an article" shows for the same outcome.
            self.say(bar, f"{label}: {result.outcome(gazetteer)}")

    def queue(self, items: list, options: dict[str, Any], summary: Summary) -> None:
        records: list[Import] = []
        for name, item in self.progress(items, unit="task"):
            if isinstance(item, ArticleError):
                summary.failed.append(f"{name}: {item.reason}")
                self.stderr.write(summary.failed[-1])
            elif isinstance(item, str):
                records.append(
                    tasks.queue_url(item, publisher=options["publisher"], kind=options["kind"])
                )
            else:
                meta = item.meta
                metadata = {
                    "title": meta.title,
                    "publisher": meta.publisher,
                    "kind": meta.kind,
                    "url": meta.url,
                    "language": meta.language,
                }
                if meta.published is not None:
                    metadata["published"] = meta.published.isoformat()
                metadata = {k: v for k, v in metadata.items() if v}
                records.append(tasks.queue_text(item.original, meta.file_name, metadata))
        self.stdout.write(
            f"Queued {len(records)} import task(s) for the workers (`manage.py db_worker`)."
        )
        if not options["wait"]:
            summary.queued = len(records)
            return
        self.follow(records, summary)

    def follow(self, records: list[Import], summary: Summary) -> None:
        """Wait for the workers to finish the queued imports, showing their progress."""
        waiting = {r.pk for r in records}
        bar = tqdm(total=len(waiting), unit="article", disable=not self.stdout.isatty())
        last_line = time.monotonic()
        while waiting:
            finished = Import.objects.filter(
                pk__in=waiting, state__in=[Import.State.DONE, Import.State.FAILED]
            )
            for record in finished:
                waiting.discard(record.pk)
                bar.update(1)
                if record.state == Import.State.FAILED:
                    summary.failed.append(f"{record.url or record.name}: {record.error}")
                else:
                    summary.add(tasks.import_result(record))
                    # The worker's words (the outcome the import recorded).
                    self.say(bar, f"{record.url or record.name}: {record.detail}")
            if bar.disable and time.monotonic() - last_line > 10:
                states = Counter(
                    Import.objects.filter(pk__in=waiting).values_list("state", flat=True)
                )
                self.stdout.write(
                    f"{len(records) - len(waiting)} of {len(records)} finished; "
                    f"{states['running']} running, {states['queued']} queued"
                )
                last_line = time.monotonic()
            if waiting:
                time.sleep(0.2)
        bar.close()
