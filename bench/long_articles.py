#!/usr/bin/env python
"""Extraction time of one long article, by size, up to the import limit (2 MB).

    .venv/bin/python bench/long_articles.py [--sizes 20000,100000,500000,2000000]
                                           [--only NAME] [--full]

Realistic text (the dev-b articles concatenated) and adversarial texts (a sentence boundary
every five characters, runs without spaces, one 1 MB line, hover cards, many quotation marks,
many capitalised words, one event per sentence). Prints seconds per size and text (parsing,
cleaning and extraction with the shipped gazetteer); the time should grow linearly. No
database is used.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.extraction import extract, parse_article
from events.extraction.articles import MAX_BYTES
from events.gazetteer import shipped_gazetteer

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "eval" / "dev-b" / "articles"
FALLBACK = ROOT / "fixtures" / "articles"


def realistic() -> str:
    folder = REAL if REAL.is_dir() else FALLBACK
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def one_line(size: int) -> str:
    """Realistic prose, half of it on one line (no line breaks: the caption and line checks)."""
    prose = realistic()
    return repeated(" ".join(prose.split()) + " ", size // 2) + "\n\n" + repeated(prose, size // 2)


TEXTS = {
    "realistic": lambda size: repeated(realistic() + "\n\n", size),
    "x. Y": lambda size: repeated("x. Y ", size),
    "no spaces": lambda size: repeated("Stoltenberg" * 9000 + " met Biden. ", size),
    "1 MB line": one_line,
    "hover card": lambda size: repeated("BidenJoe Biden" * 50 + " MORE ", size),
    "quotes": lambda size: repeated('"Biden said “we” and ‘they’ "', size),
    "capitals": lambda size: repeated("President Joe Biden Macron Stoltenberg NATO Summit ", size),
    "many events": lambda size: repeated("Biden spoke with Macron on Tuesday. ", size),
}
# Texts run only up to these sizes unless --full, to keep a default run short: quotation
# marks, capitalised words and one event per sentence were super-linear until the voices were
# looked up by bisection, the surname check looked back a bounded window and an undated report
# looked back a bounded number of drafts; a full run is linear to about 500 KB (figures in the
# README).
LIMITS = {"quotes": 500_000, "capitals": 500_000, "many events": 100_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"20000,100000,500000,{MAX_BYTES}")
    parser.add_argument("--only", action="append", help="run only the texts named")
    parser.add_argument("--full", action="store_true", help="every text at every size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    gazetteer = shipped_gazetteer()
    print(f"{'text':<12}" + "".join(f"{size // 1000:>9} KB" for size in sizes))
    for name, make in TEXTS.items():
        if args.only and name not in args.only:
            continue
        row = f"{name:<12}"
        for size in sizes:
            if not args.full and size > LIMITS.get(name, size):
                row += f"{'-':>12}"
                continue
            text = make(size)
            # Size in bytes, as the import limit counts them: trim multi-byte texts to fit.
            while len(text.encode()) > size:
                text = text[: len(text) - (len(text.encode()) - size)]
            started = time.perf_counter()
            article = parse_article(text, "long.txt", {"published": "2021-01-26"})
            extract([article], gazetteer)
            row += f"{time.perf_counter() - started:>11.2f}s"
        print(row, flush=True)
    print("- : skipped to keep the run short (see LIMITS; --full runs it)")


if __name__ == "__main__":
    main()
