from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from events.models import Event, Source


@pytest.mark.django_db
def test_demo_setup_runs_twice_without_duplicating_anything(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (Source.objects.count(), Event.objects.count(), User.objects.count())
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert (Source.objects.count(), Event.objects.count(), User.objects.count()) == counts
    assert counts[0] == 5
    assert Event.objects.published().exists()
    password = (tmp_path / "demo-editor-password").read_text().strip()
    assert f"editor / {password}" in first and f"editor / {password}" in second
    editor = User.objects.get(username="editor")
    assert editor.is_staff and not editor.is_superuser
    assert editor.check_password(password)
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


@pytest.mark.django_db
def test_demo_setup_loads_the_reference_data_that_is_missing(tmp_path, settings, capsys):
    from events.models import KnownMeeting, Term

    settings.VAR_DIR = tmp_path
    meetings, _ = KnownMeeting.objects.filter(place="Vilnius").delete()
    terms, _ = Term.objects.filter(actor__name="Jens Stoltenberg").delete()
    call_command("seed_demo")
    assert f"known meetings): {meetings + terms} new rows" in capsys.readouterr().out
    assert KnownMeeting.objects.filter(place="Vilnius", series="nato_summit").exists()
    assert Term.objects.filter(actor__name="Jens Stoltenberg").count() == 3
