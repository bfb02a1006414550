"""The extractor scored with the shared scorer's own functions on the hand-annotated gold sets:
the seed articles, the two development sets of real articles it was not written for, and a
set of our own.

The floors are the scores reached so far: a change that lowers one fails the build (raise
them as the extractor improves). The seeds are pinned at the exact score and every one of
their multi-source events merged."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from events.extraction import article_paths, extract, read_article, read_manifest
from tests.conftest import ARTICLES, DATA

# set name -> (articles folder, manifest or None, gold file)
GOLD_SETS = {
    "seeds": (ARTICLES, None, DATA / "seeds.gold.json"),
    "dev": (DATA / "dev" / "articles", DATA / "dev" / "manifest.json", DATA / "dev" / "gold.json"),
    "dev-b": (
        DATA / "dev-b" / "articles",
        DATA / "dev-b" / "manifest.json",
        DATA / "dev-b" / "gold.json",
    ),
    # our own: 14 texts written in the genres' styles about well-documented events, annotated
    # by the shared gold's conventions, to find failures on text the rules were not tuned on
    "own": (DATA / "own" / "articles", DATA / "own" / "manifest.json", DATA / "own" / "gold.json"),
}
# set name -> (strict F1 floor, multi-source events merged at least)
FLOORS = {"seeds": (1.00, 2), "dev": (0.95, 5), "dev-b": (0.91, 11), "own": (0.88, 5)}


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", DATA / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scorer():
    return load_scorer()


def predict(gazetteer, folder: Path, manifest: Path | None) -> list[dict]:
    meta = read_manifest(manifest) if manifest else None
    articles = [read_article(p, meta) for p in article_paths([folder])]
    return [e.to_json() for e in extract(articles, gazetteer)]


@pytest.fixture(scope="module")
def predictions(gazetteer):
    return {
        name: predict(gazetteer, folder, manifest)
        for name, (folder, manifest, *_) in GOLD_SETS.items()
    }


@pytest.mark.parametrize("name", GOLD_SETS)
def test_strict_f1_does_not_drop_below_its_floor(name, scorer, predictions):
    gold_file, floor = GOLD_SETS[name][2], FLOORS[name][0]
    gold = json.loads(gold_file.read_text())["events"]
    result = scorer.score(gold, predictions[name], strict=True)
    assert round(result["f1"], 2) >= floor, (
        name,
        result["f1"],
        result["tp"],
        result["fp"],
        result["fn"],
    )


@pytest.mark.parametrize("name", GOLD_SETS)
def test_multi_source_events_stay_merged(name, scorer, predictions):
    gold_file, merged_floor = GOLD_SETS[name][2], FLOORS[name][1]
    gold = json.loads(gold_file.read_text())["events"]
    pred = predictions[name]
    result = scorer.score(gold, pred, strict=True)
    multi = [i for i, g in enumerate(gold) if len(g["sources"]) > 1 and not g.get("optional")]
    merged = [
        i
        for i in multi
        if i in result["gold_to_pred"]
        and set(gold[i]["sources"]) <= scorer.cited_sources(pred[result["gold_to_pred"][i]])
    ]
    assert len(merged) >= merged_floor, (name, len(merged), len(multi))


@pytest.mark.parametrize("name", GOLD_SETS)
def test_every_quote_is_in_its_source(name, scorer, predictions):
    folder = GOLD_SETS[name][0]
    texts = {p.name: scorer.words(p.read_text()) for p in folder.glob("*.txt")}
    for event in predictions[name]:
        for citation in event["citations"]:
            assert scorer.quote_found(citation["quote"], texts[citation["source"]]), citation
