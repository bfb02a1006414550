"""Import articles as Sources with draft Events; one transaction per article."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from events.extraction import ArticleError
from events.gazetteer import gazetteer_from_db
from events.ingest import import_article
from events.management.articles import (
    add_article_arguments,
    iter_articles,
    reading_options,
)


class Command(BaseCommand):
    help = "Store article files as sources and their extracted events as drafts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_article_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        items = list(
            iter_articles(options["paths"], options["manifest"], **reading_options(self, options))
        )
        gazetteer = gazetteer_from_db()
        failures = 0
        # A progress bar on a terminal; plain lines otherwise (logs, CI, pipes).
        bar = tqdm(items, unit="article", disable=not self.stdout.isatty() or len(items) < 10)
        for path, article in bar:
            if isinstance(article, ArticleError):
                failures += 1
                self.stderr.write(f"{path}: {article.reason}")
                continue
            try:
                result = import_article(article=article, gazetteer=gazetteer)
            except ValidationError as exc:
                failures += 1
                self.stderr.write(f"{path}: invalid data ({'; '.join(exc.messages)})")
                continue
            if not result.created:
                line = f"{path.name}: already imported as source #{result.source.pk}; unchanged"
            else:
                line = (
                    f"{path.name}: imported as source #{result.source.pk}; "
                    f"{result.events_created} new draft events, "
                    f"{result.events_merged} merged into existing events"
                )
            if bar.disable:
                self.stdout.write(line)
            else:
                bar.write(line)
        if failures:
            raise CommandError(f"{failures} of {len(items)} file(s) failed; the others imported")
