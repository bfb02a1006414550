"""The kind registry (events.extraction.kinds) and the language bundle that names kinds in its
trigger rules (events.extraction.lang)."""

from __future__ import annotations

from collections import Counter
from itertools import product

import pytest
import yaml

from events.extraction import extract, lang
from events.extraction.kinds import BY_NAME, KINDS, compatible
from events.extraction.lang import load_language
from tests.conftest import make_article


@pytest.fixture
def bundles(tmp_path, monkeypatch):
    """A folder of language bundles in place of the shipped one; the loader's cache is emptied
    before and after, so that no other test sees a bundle read from here."""
    monkeypatch.setattr(lang, "BUNDLES", tmp_path)
    load_language.cache_clear()
    yield tmp_path
    load_language.cache_clear()


@pytest.fixture(scope="module")
def shipped_bundle():
    return yaml.safe_load((lang.BUNDLES / "en.yaml").read_text(encoding="utf-8"))


def test_every_trigger_rule_names_a_registered_kind():
    assert {rule.kind for rule in load_language().triggers} <= set(BY_NAME)


def test_every_registered_kind_has_a_trigger_rule():
    assert {rule.kind for rule in load_language().triggers} == set(BY_NAME)


def test_each_trigger_rule_id_is_unique():
    ids = Counter(rule.id for rule in load_language().triggers)
    assert [rule_id for rule_id, n in ids.items() if n > 1] == []


def test_a_kinds_compatible_kinds_are_registered():
    assert {other for kind in KINDS for other in kind.also} <= set(BY_NAME)


def test_compatible_is_symmetric():
    asymmetric = [
        (a, b) for a, b in product(BY_NAME, repeat=2) if compatible(a, b) != compatible(b, a)
    ]
    assert asymmetric == []


def test_a_copy_of_the_shipped_bundle_loads_from_another_folder(bundles, shipped_bundle):
    (bundles / "xx.yaml").write_text(yaml.safe_dump(shipped_bundle), encoding="utf-8")
    assert len(load_language("xx").triggers) == len(shipped_bundle["triggers"])


def test_a_bundle_rule_with_an_unknown_kind_is_rejected_by_name(bundles, shipped_bundle):
    broken = {
        **shipped_bundle,
        "triggers": [
            *shipped_bundle["triggers"],
            {"id": "meeting.banquet", "kind": "banquet", "pattern": r"\bbanquet\b"},
        ],
    }
    (bundles / "xx.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.yaml: rule meeting\.banquet .*'banquet'"):
        load_language("xx")


def test_titles_read_as_a_newsroom_writes_them(gazetteer):
    def titles(text, published):
        return sorted(
            e.title for e in extract([make_article(text, published=published)], gazetteer)
        )

    assert titles("Joe Biden spoke by phone with Vladimir Putin on Tuesday.", "2021-01-27") == [
        "Biden and Putin speak by phone"
    ]
    assert titles("Antony Blinken met Dmytro Kuleba in Kyiv on Monday.", "2023-09-07") == [
        "Blinken meets Kuleba in Kyiv"
    ]
    assert titles(
        "Sweden's accession to the Alliance was completed on Thursday.", "2024-03-08"
    ) == ["Sweden's accession to the Alliance was completed"]
    assert titles("Ursula von der Leyen met Olaf Scholz in Berlin on Monday.", "2023-09-05") == [
        "von der Leyen meets Scholz in Berlin"
    ]
