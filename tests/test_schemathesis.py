"""schemathesis (every check, as `--checks all`) against the API served by a live test server:
the OpenAPI document describes what the API does, and the API does what it describes. Bounded
(a fixed seed, 25 examples per operation, about 40 s) and run on one database: the API's
behaviour does not depend on which."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from events.gazetteer import sync_gazetteer
from events.models import Actor, Place, Topic

ROOT = Path(__file__).resolve().parent.parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")

# serialized_rollback: the flush after it leaves the content types for the next such test
# (tests/test_tasks.py restores them and would find them twice).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_api_passes_every_schemathesis_check(live_server, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("run on SQLite only (the API is the same on either database)")
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    command = [
        str(SCHEMATHESIS), "run", f"{live_server.url}/api/openapi.json",
        "--checks", "all", "--seed", "1", "--max-examples", "25",
        "--generation-allow-x00", "false", "--no-color",
        "--report", "junit", "--report-dir", str(tmp_path / "report"),
    ]  # fmt: skip
    # Run in a temporary folder: schemathesis keeps a cache (.schemathesis/) where it runs.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks", "PYTHONPATH": path}
    run = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout
    assert "3/3" in run.stdout  # every operation of the document was tested
