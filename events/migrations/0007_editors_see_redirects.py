"""Editors see where merged events' old addresses lead (they are created by merging)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename="view_eventredirect")
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0006_event_redirects")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
