"""Partial indexes for keyset pagination over published events (newest and oldest first, alone
and under the kind and place filters) and the data version row that ETags and caches follow."""

from django.db import migrations, models
from django.utils import timezone


def create_version(apps, schema_editor):
    apps.get_model("events", "DataVersion").objects.create(pk=1, version=1, changed=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_source_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=1)),
                (
                    "changed",
                    models.DateTimeField(help_text="When the published data last changed."),
                ),
            ],
            options={
                "verbose_name": "data version",
            },
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["date_from", "id"],
                name="event_published_by_date",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["kind", "date_from", "id"],
                name="event_published_by_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["place", "date_from", "id"],
                name="event_published_by_place",
            ),
        ),
        migrations.RunPython(create_version, migrations.RunPython.noop),
    ]
