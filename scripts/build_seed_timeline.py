#!/usr/bin/env python
"""Rebuild fixtures/timeline.json: the curated, published timeline of the seed articles.

It imports fixtures/articles into a scratch SQLite database with the real extractor, applies
the editors' decisions below (title, summary, fixes, publish or reject), and dumps sources,
events and citations with natural keys, so that `loaddata` is idempotent.

    .venv/bin/python scripts/build_seed_timeline.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The extractor's slug -> the editors' decisions. "status" defaults to published.
CURATION: dict[str, dict[str, str | bool]] = {
    "1949-04-04-united-states-signed-the-washington-treaty": {
        "title": "Washington Treaty signed, founding NATO",
        "summary": "Twelve founding members, the United States among them, sign the North Atlantic Treaty in Washington.",
    },
    "2017-01-01-donald-trump-speaks-with-jens-stoltenberg": {
        "title": "Trump and Stoltenberg speak after the inauguration",
        "summary": "President Trump and Secretary General Stoltenberg speak soon after the inauguration.",
    },
    "2017-03-31-rex-tillerson-meets-jens-stoltenberg-in-brussels": {
        "title": "Tillerson at the NATO Foreign Ministers Meeting in Brussels",
        "summary": "Secretary of State Tillerson attends the NATO Foreign Ministers Meeting and meets Secretary General Stoltenberg.",
    },
    "2017-03-31-rex-tillerson-pledges": {
        "title": "Tillerson: the US commitment to NATO is strong",
        "summary": "Tillerson reaffirms the US commitment to the Alliance and asks Allies to raise defence spending.",
    },
    "2017-04-01-donald-trump-meets-jens-stoltenberg-in-washington": {
        "title": "Trump hosts Stoltenberg in Washington",
        "summary": "President Trump hosts Secretary General Stoltenberg to discuss priorities for NATO.",
    },
    "2017-04-11-donald-trump-signed-the-instrument-of-ratification-for-montenegros-accession-to-nato": {
        "title": "Trump ratifies Montenegro's accession to NATO",
        "summary": "President Trump signs the instrument of ratification for Montenegro's accession.",
    },
    "2017-05-01-nato-leaders-meeting-in-brussels": {
        "title": "NATO Leaders' Meeting in Brussels",
        "summary": "President Trump and Secretary General Stoltenberg meet at the NATO Leaders' Meeting.",
    },
    "2017-05-01-nato-adopted-a-counterterrorism-action-plan": {
        "title": "NATO adopts a Counterterrorism Action Plan",
        "summary": "Allies agree to substantially increase NATO's role in the fight against terrorism.",
    },
    "2018-02-01-nato-agreed-to-expand-its-training-mission-in-iraq": {
        "title": "NATO agrees to expand its training mission in Iraq",
        "summary": "Allies agree to expand the training mission in Iraq after US calls to help stabilise the country.",
    },
    "2018-07-11-nato-summit": {
        "title": "NATO Summit, 11–12 July 2018",
        # The slug it was published under, when its title still said "(planned)".
        "slug": "2018-07-11-nato-summit-1112-july-2018-planned",
        "planned": True,
        "summary": "The White House works with Secretary General Stoltenberg towards a successful summit.",
    },
    "2021-01-18-lloyd-austin-speaks-with-jens-stoltenberg": {
        "title": "Austin's first foreign call: Stoltenberg",
        "summary": "Defense Secretary Austin calls Stoltenberg in his first foreign call after being sworn in.",
    },
    "2021-01-25-joe-biden-speaks-with-angela-merkel": {
        "title": "Biden speaks with Merkel",
        "summary": "President Biden speaks with German Chancellor Angela Merkel, a day before his call with Stoltenberg.",
    },
    "2021-01-26-joe-biden-speaks-with-jens-stoltenberg": {
        "title": "Biden and Stoltenberg speak by phone",
        "summary": "Biden stresses the US commitment to the Alliance in his first call with NATO's Secretary General.",
    },
    "2021-01-26-joe-biden-pledges-on-collective-defence": {
        "title": "Biden reaffirms the US commitment to Article 5",
        "summary": "In the call with Stoltenberg, Biden reaffirms the US commitment to collective defence.",
    },
    "2021-01-26-nato-summit-in-brussels": {
        "title": "NATO Summit in Brussels",
        # The slug it was published under, when its title still said "(planned)".
        "slug": "2021-01-26-nato-summit-in-brussels-planned-for-later-in-2021",
        "planned": True,
        "summary": "Biden and Stoltenberg agree to work together on preparing the summit.",
    },
    "2021-01-26-joe-biden-speaks-with-vladimir-putin": {
        "title": "Biden and Putin speak for the first time",
        "summary": "Biden raises Navalny, the SolarWinds hack and election interference in his first call with Putin.",
    },
    "2021-01-26-joe-biden-and-vladimir-putin-agreed-to-have-their-teams-work-urgently-to-complete-the": {
        "title": "Biden and Putin agree to work urgently on extending New START",
        "summary": "Their teams are to complete the extension before the treaty expires on 5 February.",
    },
    "2022-03-24-jens-stoltenberg-meets-volodymyr-zelenskyy-and-joe-biden": {
        "title": "Extraordinary NATO summit on Russia's war against Ukraine",
        "summary": "Allied leaders meet in Brussels a month after Russia's invasion; Zelenskyy joins by video.",
        "kind": "summit",
        "place": "brussels",
    },
    "2022-03-24-volodymyr-zelenskyy-address-the-group": {
        "title": "Zelenskyy addresses NATO leaders by video",
        "summary": "Zelenskyy asks for continued and increased security assistance.",
    },
    "2022-03-24-joe-biden-pledges-on-collective-defence": {
        "title": "Biden reaffirms the US commitment to Article 5 at the summit",
        "summary": "Biden's message of support for NATO at the extraordinary summit.",
    },
    "2022-06-21-madrid-summit": {
        "title": "NATO Summit in Madrid",
        # The slug it was published under, when its title still said "(planned)".
        "slug": "2022-06-21-nato-summit-in-madrid-planned",
        "planned": True,
        "summary": "Biden looks ahead to the Madrid summit in late June and the new Strategic Concept.",
    },
}


def main() -> int:
    scratch = tempfile.mkdtemp()
    os.environ.update(VAR_DIR=scratch, DEBUG="1", DJANGO_SETTINGS_MODULE="nato_timeline.settings")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from events import curation
    from events.models import Event, Place, unique_slug

    call_command("migrate", verbosity=0)
    call_command("import_articles", str(ROOT / "fixtures" / "articles"))
    unknown = set(Event.objects.values_list("slug", flat=True)) - set(CURATION)
    if unknown:
        print(f"extracted events without a curation decision: {sorted(unknown)}", file=sys.stderr)
        return 1
    with transaction.atomic():
        for slug, decision in CURATION.items():
            event = Event.objects.get(slug=slug)
            event.title, event.summary = decision["title"], decision["summary"]
            event.kind = decision.get("kind", event.kind)
            # Planned is a flag, never words in the title ("(planned)").
            event.planned = decision.get("planned", event.planned)
            if "place" in decision:
                event.place = Place.objects.get(slug=decision["place"])
            event.slug = "temp"
            event.slug = decision.get("slug") or unique_slug(
                Event, f"{event.date_from} {event.title}"
            )
            event.save()
            if decision.get("status", "published") == "published":
                curation.publish(event)
            else:
                curation.reject(event)
    out = ROOT / "fixtures" / "timeline.json"
    call_command(
        "dumpdata", "events.source", "events.event", "events.citation",
        natural_foreign=True, natural_primary=True, indent=1, output=str(out),
    )  # fmt: skip
    print(f"wrote {out} ({Event.objects.published().count()} published events)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
