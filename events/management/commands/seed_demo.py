"""Load the demo content and create an editor account; safe to run again."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from events.gazetteer import sync_gazetteer, sync_reference
from events.models import Actor, KnownMeeting, Place, Term, Topic

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
EDITOR = "editor"


class Command(BaseCommand):
    help = "Load the gazetteer, the reference data (people with their terms of office, known "
    "meetings) and the curated seed timeline (its articles, events and citations, "
    "fixtures/timeline.json); create an editor account and print its login."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = sync_gazetteer(Actor, Place, Topic)
            reference = sync_reference(Actor, Term, KnownMeeting)
        self.stdout.write(
            f"Gazetteer: {created} new entries; reference data (people, terms of office, "
            f"known meetings): {reference} new rows."
        )
        # Natural keys (content hash, slug) make loading the fixture again an update, not a copy.
        call_command("loaddata", str(FIXTURES / "timeline.json"), stdout=self.stdout)
        password = self.editor_password()
        with transaction.atomic():
            user, _ = User.objects.get_or_create(username=EDITOR)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Editor login: {EDITOR} / {password} at http://127.0.0.1:8000/admin/"
            )
        )

    @staticmethod
    def editor_password() -> str:
        """DEMO_EDITOR_PASSWORD, or one generated on the first run and kept in var/."""
        if password := os.environ.get("DEMO_EDITOR_PASSWORD"):
            return password
        stored = Path(settings.VAR_DIR) / "demo-editor-password"
        if stored.exists():
            return stored.read_text().strip()
        password = secrets.token_urlsafe(12)
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(password + "\n")
        return password
