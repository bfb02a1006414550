#!/usr/bin/env python
"""Name matching against gazetteers of growing size (one core).

    .venv/bin/python bench/name_matching.py [--articles 200]

The shipped gazetteer (people with terms of office, countries, organisations, places) and the
same with 5,000 and 20,000 synthetic people added: the time to find every name in the same
200 articles should grow with the text, not with the number of names. Prints milliseconds per
article and names found; no database is used.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction_throughput import article
from events.extraction import Entity, Gazetteer, parse_article
from events.gazetteer import shipped_gazetteer


def synthetic_people(rng: random.Random, count: int) -> list[Entity]:
    def word() -> str:
        return rng.choice(string.ascii_uppercase) + "".join(
            rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(4, 9))
        )

    people = []
    for _ in range(count):
        first, last = word(), word()
        people.append(Entity(f"{first} {last}", "person", (f"{first} {last}", last)))
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(2026)
    texts = [
        parse_article(text, name).text
        for name, text in (article(rng, n) for n in range(args.articles))
    ]
    shipped = shipped_gazetteer()
    for extra in (0, 5_000, 20_000):
        gazetteer = Gazetteer(
            [*shipped.entities, *synthetic_people(rng, extra)], shipped.demonyms, shipped.calendar
        )
        names = sum(len(e.names) for e in gazetteer.entities)
        start = time.process_time()
        found = sum(len(gazetteer.mentions(text)) for text in texts)
        seconds = time.process_time() - start
        print(
            f"{names:6d} names: {1000 * seconds / len(texts):.2f} ms per article, "
            f"{found} names found in {len(texts)} articles"
        )


if __name__ == "__main__":
    main()
