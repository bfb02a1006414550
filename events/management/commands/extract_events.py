"""Dry run: print the events the extractor finds in articles; writes nothing.

    python manage.py extract_events [--manifest FILE]... [--format json|text|rules] PATH...

The JSON is what ../shared/eval/score_extraction.py reads. `--format rules` prints, for each
trigger rule and each gazetteer entry, the number of texts it fired in.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from events.extraction import Article, ArticleError, Gazetteer, extract
from events.extraction.report import firing_report
from events.gazetteer import gazetteer_from_db, shipped_gazetteer
from events.management.articles import (
    add_article_arguments,
    iter_articles,
    reading_options,
)


class Command(BaseCommand):
    help = "Print the events found in article files (a dry run: the database is not changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_article_arguments(parser)
        parser.add_argument("--format", choices=["json", "text", "rules"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        articles: list[Article] = []
        failures = 0
        for path, result in iter_articles(
            options["paths"], options["manifest"], **reading_options(self, options)
        ):
            if isinstance(result, ArticleError):
                failures += 1
                self.stderr.write(f"{path}: {result.reason}")
            else:
                articles.append(result)
        if options["format"] == "rules":
            for line in firing_report(articles, self.gazetteer()).lines():
                self.stdout.write(line)
            if failures:
                raise CommandError(f"{failures} file(s) could not be read")
            return
        candidates = extract(articles, self.gazetteer())
        if options["format"] == "json":
            events = [c.to_json() for c in candidates]
            self.stdout.write(json.dumps({"events": events}, indent=2, ensure_ascii=False))
        else:
            for i, c in enumerate(candidates):
                parent = f" (during #{c.parent})" if c.parent is not None else ""
                self.stdout.write(
                    f"#{i} {c.dates.start}..{c.dates.end} [{c.dates.precision}] {c.kind}: "
                    f"{c.title}{parent}\n    participants: {', '.join(c.participants) or '-'}"
                    f"; place: {c.location or '-'}; confidence {c.confidence:.2f}"
                )
                for cited in c.citations:
                    self.stdout.write(f"    {cited.source}@{cited.start}: “{cited.quote}”")
        if failures:
            raise CommandError(f"{failures} file(s) could not be read")

    def gazetteer(self) -> Gazetteer:
        """The database's gazetteer; a dry run on a database not yet migrated uses the
        shipped one (what a fresh migration would load) and says so."""
        try:
            return gazetteer_from_db()
        except DatabaseError:
            self.stderr.write(
                "The database is not migrated: using the shipped gazetteer "
                "(fixtures/gazetteer.yaml). Run `manage.py migrate` to use editors' aliases."
            )
            return shipped_gazetteer()
