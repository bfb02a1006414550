"""Load the shipped reference data: the people with their terms of office (events/data/terms)
and the calendar of known meetings (events/data/calendar.yaml); let editors curate both.

Reversing leaves the rows in place (a no-op): 0006, reversed, drops the Term and KnownMeeting
tables, and the people created here are ordinary actors by then, which events may name."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from events.gazetteer import sync_reference

EDITOR_PERMISSIONS = {
    "term": ["view", "add", "change", "delete"],
    "knownmeeting": ["view", "add", "change"],
}


def load_reference(apps, schema_editor):
    sync_reference(apps.get_model("events", "Actor"), apps.get_model("events", "Term"),
                   apps.get_model("events", "KnownMeeting"))


def grant_editors(apps, schema_editor):
    # As in 0002: permissions are normally created after all migrations; create them now.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items()
                 for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0006_terms_meetings_planned")]

    operations = [
        migrations.RunPython(load_reference, migrations.RunPython.noop),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
