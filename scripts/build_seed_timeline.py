#!/usr/bin/env python
"""Rebuild fixtures/timeline.json: the curated, published timeline of the seed articles.

It imports fixtures/articles into a scratch SQLite database with the real extractor, applies
the editors' decisions below (title, summary, fixes, publish or reject), and dumps sources,
events and citations with natural keys, so that `loaddata` is idempotent.

    .venv/bin/python scripts/build_seed_timeline.py [--output FILE]

Each decision names the event it is about by a passage that cites it (the article's file and
words of the quoted sentence): the article's text does not change when the extractor's titles,
and with them its slugs, do. The timestamps are fixed, so the same extractor and the same
decisions give the same file byte for byte (tests/test_seed_timeline.py checks the committed
one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from events.models import Event

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "timeline.json"

# When every row of the seed timeline was created, changed and imported.
SEEDED_AT = dt.datetime(2026, 11, 23, 13, 34, tzinfo=dt.UTC)

# A date as the article gives it: first day, last day, precision.
DateFix = tuple[str, str, str]


@dataclass(frozen=True)
class Decision:
    """What the editors decided about the event cited by `passage` in the article `article`
    (the start of its file name): it is published with this title and summary, and with the
    fixes given (None: as extracted)."""

    article: str
    passage: str
    title: str
    summary: str
    # Which of the events the passage cites, when it cites more than one: the one with this
    # participant.
    with_actor: str = ""
    # The address it was first published under, when that is not its date and title's.
    slug: str = ""
    kind: str | None = None
    # The article's own date, where the extractor found a more precise one in the calendar of
    # known meetings: the seed timeline dates events as its articles report them (the tests of
    # month, year and "late June" dates read these).
    date: DateFix | None = None
    place: str | None = None
    no_place: bool = False
    participants: tuple[str, ...] | None = None
    topics: tuple[str, ...] | None = None
    # The title of the decision on the event this one happened during.
    parent: str | None = None
    # Citations that are not this event: (article, words of the quote).
    not_cited_by: tuple[tuple[str, str], ...] = ()
    # A passage the extractor missed: the editors made the event from it.
    added: bool = False
    status: str = "published"


# fmt: off
CURATION: list[Decision] = [
    Decision(
        "003", "signed the Washington Treaty",
        title="Washington Treaty signed, founding NATO",
        summary="Twelve founding members, the United States among them, sign the North Atlantic Treaty in Washington.",
    ),
    Decision(
        "003", "spoke soon after the President's inauguration",
        title="Trump and Stoltenberg speak after the inauguration",
        summary="President Trump and Secretary General Stoltenberg speak soon after the inauguration.",
        # Truman was not on the call.
        participants=("donald-trump", "jens-stoltenberg"),
    ),
    Decision(
        "002", "NATO Foreign Ministers Meeting",
        title="Tillerson at the NATO Foreign Ministers Meeting in Brussels",
        summary="Secretary of State Tillerson attends the NATO Foreign Ministers Meeting and meets Secretary General Stoltenberg.",
    ),
    Decision(
        "002", "commitment to NATO is strong",
        title="Tillerson: the US commitment to NATO is strong",
        summary="Tillerson reaffirms the US commitment to the Alliance and asks Allies to raise defence spending.",
    ),
    Decision(
        "003", "hosted Secretary General Stoltenberg during a visit to Washington",
        title="Trump hosts Stoltenberg in Washington",
        summary="President Trump hosts Secretary General Stoltenberg to discuss priorities for NATO.",
    ),
    Decision(
        "003", "signed the instrument of ratification",
        title="Trump ratifies Montenegro's accession to NATO",
        summary="President Trump signs the instrument of ratification for Montenegro's accession.",
    ),
    Decision(
        "003", "met in Brussels for the NATO Leaders' Meeting",
        title="NATO Leaders' Meeting in Brussels",
        summary="President Trump and Secretary General Stoltenberg meet at the NATO Leaders' Meeting.",
        slug="2017-05-01-nato-leaders-meeting-in-brussels-2",
        date=("2017-05-01", "2017-05-31", "month"),  # "In May 2017"
    ),
    Decision(
        "003", "Counterterrorism Action Plan",
        title="NATO adopts a Counterterrorism Action Plan",
        summary="Allies agree to substantially increase NATO's role in the fight against terrorism.",
        parent="NATO Leaders' Meeting in Brussels",
    ),
    Decision(
        "003", "training mission in Iraq",
        title="NATO agrees to expand its training mission in Iraq",
        summary="Allies agree to expand the training mission in Iraq after US calls to help stabilise the country.",
    ),
    Decision(
        "003", "toward a successful July 11-12, 2018, NATO Summit",
        title="NATO Summit, 11–12 July 2018",
        # The slug it was published under, when its title still said "(planned)".
        slug="2018-07-11-nato-summit-1112-july-2018-planned",
        no_place=True,  # the article does not say where
        summary="The White House works with Secretary General Stoltenberg towards a successful summit.",
    ),
    Decision(
        "000", "first foreign call",
        title="Austin's first foreign call: Stoltenberg",
        summary="Defense Secretary Austin calls Stoltenberg in his first foreign call after being sworn in.",
    ),
    Decision(
        "004", "a day after he spoke with German Chancellor Angela Merkel",
        with_actor="angela-merkel",  # the sentence reports both calls
        title="Biden speaks with Merkel",
        summary="President Biden speaks with German Chancellor Angela Merkel, a day before his call with Stoltenberg.",
    ),
    Decision(
        "004", "stressing in a phone call with NATO Secretary General",
        title="Biden and Stoltenberg speak by phone",
        summary="Biden stresses the US commitment to the Alliance in his first call with NATO's Secretary General.",
    ),
    Decision(
        "000", "collective defense under Article 5",
        title="Biden reaffirms the US commitment to Article 5",
        summary="In the call with Stoltenberg, Biden reaffirms the US commitment to collective defence.",
        # The 2022 summit's account of US security assistance is not this call's pledge.
        not_cited_by=(("001", "security assistance that the U.S. has continued"),),
        topics=("collective-defence",),
    ),
    Decision(
        "000", "NATO Summit in Brussels later this year",
        title="NATO Summit in Brussels",
        # The slug it was published under, when its title still said "(planned)".
        slug="2021-01-26-nato-summit-in-brussels-planned-for-later-in-2021",
        date=("2021-01-26", "2021-12-31", "year"),  # "later this year"
        summary="Biden and Stoltenberg agree to work together on preparing the summit.",
    ),
    Decision(
        "004", "spoke to Russian President Vladimir Putin on Tuesday",
        title="Biden and Putin speak for the first time",
        summary="Biden raises Navalny, the SolarWinds hack and election interference in his first call with Putin.",
        participants=("joe-biden", "vladimir-putin"),  # Psaki briefed on the call
    ),
    Decision(
        "004", "work urgently to complete",
        title="Biden and Putin agree to work urgently on extending New START",
        summary="Their teams are to complete the extension before the treaty expires on 5 February.",
        participants=("joe-biden", "vladimir-putin"),
    ),
    Decision(
        "001", "Secretary General Stoltenberg opened the meeting",
        title="Extraordinary NATO summit on Russia's war against Ukraine",
        summary="Allied leaders meet in Brussels a month after Russia's invasion; Zelenskyy joins by video.",
        kind="summit",
        place="brussels",
        participants=("jens-stoltenberg", "joe-biden", "volodymyr-zelenskyy"),
    ),
    Decision(
        "001",
        "As I think everyone is tracking, President Zelenskyy was beamed in via\nvideo link from "
        "Ukraine to address the group.",
        title="Zelenskyy addresses NATO leaders by video",
        summary="Zelenskyy asks for continued and increased security assistance.",
        added=True,
        kind="statement",
        date=("2022-03-24", "2022-03-24", "day"),
        participants=("volodymyr-zelenskyy",),
        topics=("ukraine",),
        parent="Extraordinary NATO summit on Russia's war against Ukraine",
    ),
    Decision(
        "001", "commitment to Article 5",
        title="Biden reaffirms the US commitment to Article 5 at the summit",
        summary="Biden's message of support for NATO at the extraordinary summit.",
    ),
    Decision(
        "001", "looked ahead to the Madrid summit",
        title="NATO Summit in Madrid",
        # The slug it was published under, when its title still said "(planned)".
        slug="2022-06-21-nato-summit-in-madrid-planned",
        date=("2022-06-21", "2022-06-30", "month"),  # "in late June"
        summary="Biden looks ahead to the Madrid summit in late June and the new Strategic Concept.",
    ),
]
# fmt: on


def words(text: str) -> str:
    return " ".join(text.split())


def cites(event: Event, article: str, passage: str) -> bool:
    return any(
        c.source.file_name.startswith(article) and words(passage) in words(c.quote)
        for c in event.citations.all()
    )


def build(out: Path) -> int:
    """Import the seed articles into a new database, curate them and write the fixture."""
    import django

    django.setup()
    from django.core.management import call_command

    from events.models import Event

    call_command("migrate", verbosity=0)
    problems = curate(CURATION)
    if problems:
        print("the editors' decisions do not fit the extracted events:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    dump(out)
    print(f"wrote {out} ({Event.objects.published().count()} published events)", file=sys.stderr)
    return 0


def dump(out: Path) -> None:
    """Sources, events and citations with natural keys (what `dumpdata --natural-foreign
    --natural-primary` writes), less the columns the database computes (Event.sort_date)."""
    from itertools import chain

    from django.core import serializers

    from events.models import Citation, Event, Source

    models = [Source, Event, Citation]
    fields = {
        f.name
        for model in models
        for f in [*model._meta.fields, *model._meta.many_to_many]
        if not f.generated
    }
    rows = chain.from_iterable(model._default_manager.order_by("pk") for model in models)
    with out.open("w", encoding="utf-8") as stream:
        serializers.serialize(
            "json", rows, stream=stream, indent=1, fields=sorted(fields),
            use_natural_foreign_keys=True, use_natural_primary_keys=True,
        )  # fmt: skip


def curate(decisions: Sequence[Decision]) -> list[str]:
    """Import the seed articles and apply `decisions`; or, changing nothing but the import,
    say why they do not fit the extracted events (one decision for each, and no other)."""
    from django.core.management import call_command
    from django.db import transaction

    from events import curation, workbench
    from events.models import Event, Source, unique_slug

    call_command("import_articles", str(ROOT / "fixtures" / "articles"), stdout=sys.stderr)
    extracted = list(Event.objects.prefetch_related("citations__source").order_by("pk"))
    matched: dict[str, Event] = {}
    problems = []
    for decision in decisions:
        if decision.added:
            continue
        found = [
            e
            for e in extracted
            if cites(e, decision.article, decision.passage)
            and (not decision.with_actor or e.participants.filter(slug=decision.with_actor))
        ]
        if len(found) != 1:
            problems.append(f"{decision.title!r}: {len(found)} events cite {decision.passage!r}")
        else:
            matched[decision.title] = found[0]
    chosen = {e.pk for e in matched.values()}
    for event in extracted:
        if event.pk not in chosen:
            first = event.citations.all()[0]
            problems.append(
                f"no decision on {event.title!r} ({first.source.file_name}: {words(first.quote)!r})"
            )
    if problems:
        return problems
    with transaction.atomic():
        for decision in decisions:
            if decision.added:
                source = Source.objects.get(file_name__startswith=decision.article)
                matched[decision.title] = workbench.new_event(
                    source=source, quote=decision.passage, title=decision.title
                )
        # Addresses are given once every event is there: none takes another's.
        for event in Event.objects.all():
            Event.objects.filter(pk=event.pk).update(slug=f"unsettled-{event.pk}")
        for decision in decisions:
            event = Event.objects.get(pk=matched[decision.title].pk)
            apply(decision, event, matched)
            event.slug = decision.slug or unique_slug(Event, f"{event.date_from} {event.title}")
            event.save()
            if decision.status == "published":
                curation.publish(event)
            else:
                curation.reject(event)
        # KnownMeeting rows have no natural key (their ids follow the calendar's load order),
        # and the seed timeline dates events as the articles do: no link to the calendar.
        Event.objects.update(known_meeting=None, created=SEEDED_AT, updated=SEEDED_AT)
        Source.objects.update(imported_at=SEEDED_AT)
    return []


def apply(decision: Decision, event: Event, matched: dict[str, Event]) -> None:
    """The decision's fixes on `event` (saved by the caller, except its relations)."""
    from events import curation
    from events.models import Actor, Place, Topic

    event.title, event.summary = decision.title, decision.summary
    event.kind = decision.kind or event.kind
    if decision.date is not None:
        start, end, event.date_precision = decision.date
        event.date_from, event.date_to = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if decision.place is not None:
        event.place = Place.objects.get(slug=decision.place)
    if decision.no_place:
        event.place = None
    if decision.participants is not None:
        actors = Actor.objects.filter(slug__in=decision.participants)
        assert len(actors) == len(decision.participants), (decision.title, list(actors))
        event.participants.set(actors)
    if decision.topics is not None:
        topics = Topic.objects.filter(slug__in=decision.topics)
        assert len(topics) == len(decision.topics), (decision.title, list(topics))
        event.topics.set(topics)
    for article, quote in decision.not_cited_by:
        wrong = [
            c.pk
            for c in event.citations.select_related("source")
            if c.source.file_name.startswith(article) and words(quote) in words(c.quote)
        ]
        assert len(wrong) == 1, (decision.title, quote)
        event.citations.filter(pk__in=wrong).delete()
    if decision.parent is not None:
        curation.relink(event, matched[decision.parent])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FIXTURE, help="default: %(default)s")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.update(VAR_DIR=scratch, DEBUG="1", DJANGO_SETTINGS_MODULE="nato_timeline.settings")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DATABASE_REPLICA_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    return build(args.output.resolve())


if __name__ == "__main__":
    sys.exit(main())
