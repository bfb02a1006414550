"""GIN indexes for full-text search, on PostgreSQL only (SQLite searches by substring)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    "event": GinIndex(SearchVector("title", "summary", config="english"), name="event_search"),
    "citation": GinIndex(SearchVector("quote", config="english"), name="citation_search"),
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in INDEXES.items():
            schema_editor.add_index(apps.get_model("events", model), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in INDEXES.items():
            schema_editor.remove_index(apps.get_model("events", model), index)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_gazetteer_and_editors")]
    operations = [migrations.RunPython(add_indexes, remove_indexes)]
