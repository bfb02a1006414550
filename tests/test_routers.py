"""The read replica (nato_timeline.routers), with a real second database alias: two SQLite files,
the replica a copy of the primary taken before the primary changes, so that which one answered
shows in what a page says. Run in a child process: the settings read DATABASE_REPLICA_URL at
start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import json, django
django.setup()
from django.contrib.auth.models import User
from django.db import router
from django.test import Client
from events.models import Event

Event.objects.create(title="Only on the primary", slug="only-on-the-primary", kind="call",
                     date_from="2021-01-26", date_to="2021-01-26", status="published")
client = Client()
anonymous = client.get("/api/events").content.decode()
signed_in = Client()
signed_in.cookies["sessionid"] = "x"
with_session = signed_in.get("/api/events").content.decode()
editor = Client()
editor.force_login(User.objects.create_superuser("editor", password="x"))
admin = editor.get("/admin/events/event/").content.decode()
print(json.dumps({
    "anonymous": "only-on-the-primary" in anonymous,
    "with_session": "only-on-the-primary" in with_session,
    "admin": "Only on the primary" in admin,
    "outside_requests": router.db_for_read(Event),
    "writes": router.db_for_write(Event),
    "migrate_replica": router.allow_migrate("replica", "events"),
}))
"""


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("replica")
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x", "ALLOWED_HOSTS": "testserver",
           "AXES_ENABLED": "0"}  # fmt: skip
    env.pop("DATABASE_REPLICA_URL", None)
    primary, replica = folder / "primary.sqlite3", folder / "replica.sqlite3"
    env["DATABASE_URL"] = f"sqlite:///{primary}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    shutil.copy(primary, replica)
    env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica}"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE":
        "nato_timeline.settings"}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_public_reads_go_to_the_replica(databases):
    assert databases["anonymous"] is False  # the copy taken before the event was written


def test_editors_read_their_own_writes_from_the_primary(databases):
    assert databases["with_session"] is True
    assert databases["admin"] is True


def test_writes_commands_and_migrations_use_the_primary(databases):
    assert databases["outside_requests"] == "default"
    assert databases["writes"] == "default"
    assert databases["migrate_replica"] is False
