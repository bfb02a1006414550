"""Poll the active feeds: each new entry is imported by its URL (run it from cron, see README)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events import tasks
from events.models import Feed, Import


class Command(BaseCommand):
    help = (
        "Fetch every active feed (conditional GET: an unchanged feed costs a 304) and import "
        "each entry not seen before; with a worker backend, the polls and imports are queued."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--feed", type=int, action="append", default=[], help="poll only this feed (id)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        feeds = Feed.objects.filter(active=True)
        if options["feed"]:
            feeds = Feed.objects.filter(pk__in=options["feed"])
            missing = set(options["feed"]) - set(feeds.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no feed with id {', '.join(map(str, sorted(missing)))}")
        failed = 0
        for feed in feeds:
            record = tasks.queue_poll(feed)
            if record.state == Import.State.FAILED:
                failed += 1
                self.stderr.write(f"{feed.url}: {record.error}")
                continue
            self.stdout.write(f"{feed.url}: {record.outcome()}")
            if record.state == Import.State.DONE:
                imports = Import.objects.filter(feed=feed, created__gte=record.created).exclude(
                    kind=Import.Kind.POLL
                )
                for entry in imports:
                    self.stdout.write(f"  {entry.url}: {entry.outcome()}")
        if failed:
            raise CommandError(f"{failed} feed(s) failed; see above")
