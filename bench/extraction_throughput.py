#!/usr/bin/env python
"""Extraction throughput on a batch of synthetic articles of about 800 words (one core).

    .venv/bin/python bench/extraction_throughput.py [--articles 200]

Articles are assembled from event sentences with varied people, places and dates plus
background prose, so that every article exercises cleaning, dating, detection and merging.
Prints articles per second and events found; no database is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.extraction import extract, parse_article
from events.gazetteer import shipped_gazetteer

PEOPLE = ["Joe Biden", "Jens Stoltenberg", "Emmanuel Macron", "Olaf Scholz", "Rishi Sunak",
          "Volodymyr Zelenskyy", "Antony Blinken", "Lloyd Austin", "Giorgia Meloni"]  # fmt: skip
PLACES = ["Brussels", "Vilnius", "Madrid", "Washington", "Warsaw", "Paris"]
EVENTS = [
    "{a} spoke with {b} on {weekday}, the White House said.",
    "{a} met {b} in {place} on {weekday} to discuss support for Ukraine.",
    "In {month} {year}, {a} hosted {b} during a visit to {place}.",
    "{a} reaffirmed the commitment to collective defence under Article 5 last week.",
    "NATO Allies agreed to expand the training mission in Iraq in {month} {year}.",
    "Leaders will gather at the NATO Summit in {place} later this year.",
    "{a}'s phone call with {b} came a day after he spoke with {c}.",
]
FILLER = (
    "Officials said the discussions covered defence spending, energy security and the "
    "situation on the eastern flank, where allied forces have been reinforced. Analysts noted "
    "that the alliance faces a changed security context and that its members differ on how "
    "quickly budgets can grow. "
)


def article(rng: random.Random, n: int) -> tuple[str, str]:
    published = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1000))
    parts = []
    while sum(len(p.split()) for p in parts) < 800:
        a, b, c = rng.sample(PEOPLE, 3)
        parts.append(rng.choice(EVENTS).format(
            a=a, b=b, c=c, place=rng.choice(PLACES), year=rng.randrange(2015, 2024),
            weekday=rng.choice(["Monday", "Tuesday", "Friday"]),
            month=rng.choice(["January", "May", "June", "October"]),
        ))  # fmt: skip
        parts.append(FILLER)
    text = f"---\ntitle: Article {n}\npublished: {published}\n---\n" + "\n\n".join(parts)
    return f"bench-{n:04}.txt", text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(2026)
    raw = [article(rng, n) for n in range(args.articles)]
    words = sum(len(text.split()) for _, text in raw) / len(raw)
    gazetteer = shipped_gazetteer()
    extract([parse_article(raw[0][1], raw[0][0])], gazetteer)  # warm caches (dateparser, regexes)
    start = time.process_time()
    articles = [parse_article(text, name) for name, text in raw]
    events = extract(articles, gazetteer)
    seconds = time.process_time() - start
    print(f"{len(raw)} articles of {words:.0f} words on average, one core (CPU time)")
    print(f"{seconds:.2f} s: {len(raw) / seconds:.1f} articles/s, {len(events)} events")


if __name__ == "__main__":
    main()
