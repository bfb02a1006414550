"""Covering indexes for filtering by actor or topic: the many-to-many tables Django creates are
indexed on (event, actor) for the join from an event, not on (actor, event) for the lookup of
an actor's events, which then reads the table itself. Plain SQL: both backends accept it."""

from django.db import migrations

TABLES = {"events_event_participants": "actor_id", "events_event_topics": "topic_id"}


class Migration(migrations.Migration):
    dependencies = [("events", "0003_search_indexes")]
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {table}_by_{column} ON {table} ({column}, event_id)",
            f"DROP INDEX {table}_by_{column}",
        )
        for table, column in TABLES.items()
    ]
