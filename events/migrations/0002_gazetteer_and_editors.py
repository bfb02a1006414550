"""Load the shipped gazetteer and create the Editors group with the permissions curation needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from events.gazetteer import sync_gazetteer

# Editors curate content; they never manage users or groups (those stay with superusers).
EDITOR_PERMISSIONS = {
    "event": ["view", "add", "change", "delete"],
    "citation": ["view", "add", "change", "delete"],
    "source": ["view", "add", "change", "delete"],
    "actor": ["view", "add", "change"],
    "place": ["view", "add", "change"],
    "topic": ["view", "add", "change"],
    "eventredirect": ["view"],  # created by merging, shown for reference
}


def load_gazetteer(apps, schema_editor):
    sync_gazetteer(apps.get_model("events", "Actor"), apps.get_model("events", "Place"),
                   apps.get_model("events", "Topic"))


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now to grant them.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items()
                 for action in actions]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(load_gazetteer, migrations.RunPython.noop),
        migrations.RunPython(create_editors_group, migrations.RunPython.noop),
    ]
