"""Let editors see failed logins and lift a lockout (django-axes: deleting a user's access
attempts unlocks them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["view_accessattempt", "delete_accessattempt", "view_accessfailurelog"]


def grant_editors(apps, schema_editor):
    # As in 0002: permissions are normally created after all migrations; create them now.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=EDITOR_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_event_known_meeting"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
