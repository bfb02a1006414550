"""The curated seed timeline is what scripts/build_seed_timeline.py builds: the extractor run on
the seed articles, then the editors' decisions."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "timeline.json"
SCRIPT = ROOT / "scripts" / "build_seed_timeline.py"


def rows(path: Path) -> dict[tuple[str, str], dict]:
    """The fixture's rows by model and natural key, for a readable difference."""
    keyed = {}
    for row in json.loads(path.read_text()):
        fields = row["fields"]
        key = fields.get("slug") or fields.get("content_hash")
        key = key or json.dumps([fields["event"], fields["source"], fields["start"]])
        keyed[(row["model"], key)] = fields
    return keyed


def test_the_script_rebuilds_the_committed_seed_timeline_byte_for_byte(tmp_path):
    """The whole script, as an editor runs it (its own scratch SQLite database; about 10 s)."""
    out = tmp_path / "timeline.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    built, committed = rows(out), rows(FIXTURE)
    rebuild = "fixtures/timeline.json is not what the script builds: run it, review the difference"
    assert built.keys() == committed.keys(), rebuild
    for key, fields in committed.items():
        assert built[key] == fields, f"{rebuild} ({key})"
    assert out.read_bytes() == FIXTURE.read_bytes(), rebuild


@pytest.mark.django_db
def test_decisions_that_do_not_fit_the_extracted_events_are_refused_with_reasons():
    spec = importlib.util.spec_from_file_location("build_seed_timeline", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclass looks its module up
    spec.loader.exec_module(script)
    from events.models import Event

    decisions = [d for d in script.CURATION if "Iraq" not in d.title]  # one forgotten
    decisions[0] = dataclasses.replace(decisions[0], article="002")  # one that cites nothing
    problems = script.curate(decisions)
    # The extractor's titles change with it: the problems are told by the cited sentences.
    assert len(problems) == 3
    assert problems[0] == (
        "'Washington Treaty signed, founding NATO': 0 events cite 'signed the Washington Treaty'"
    )
    assert problems[1].startswith("no decision on ")
    assert problems[1].endswith("(003_357e44b216b55115.txt: 'The United States is one of 12 "
                                "founding members that signed the Washington Treaty on April 4, "
                                "1949, establishing NATO.')")  # fmt: skip
    assert "agreed to expand its training mission in Iraq following calls" in problems[2]
    assert not Event.objects.published().exists()  # nothing decided, nothing published
