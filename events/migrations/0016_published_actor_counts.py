"""Published events per actor, kept by PostgreSQL triggers on the events and on their
participants (SQLite counts on request instead): the filter form's most frequent actors read a
few hundred rows instead of counting every participation after each change."""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION events_published_actor_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM events_event WHERE id = OLD.event_id AND status = 'published')
        THEN
            UPDATE events_publishedactor SET n = n - 1 WHERE actor_id = OLD.actor_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (SELECT 1 FROM events_event WHERE id = NEW.event_id AND status = 'published')
        THEN
            INSERT INTO events_publishedactor (actor_id, n) VALUES (NEW.actor_id, 1)
            ON CONFLICT (actor_id) DO UPDATE SET n = events_publishedactor.n + 1;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER events_participant_published_actor
    AFTER INSERT OR DELETE OR UPDATE ON events_event_participants
    FOR EACH ROW EXECUTE FUNCTION events_published_actor_link();

-- An event published, unpublished or deleted: each of its participants counts it or not.
-- (Deleted with its participants in either order: whichever row goes second finds the other
-- gone and changes nothing.)
CREATE FUNCTION events_published_actor_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := OLD.status = 'published';
    is_now boolean := TG_OP = 'UPDATE' AND NEW.status = 'published';
BEGIN
    IF is_now AND NOT was THEN
        INSERT INTO events_publishedactor (actor_id, n)
            SELECT actor_id, 1 FROM events_event_participants WHERE event_id = NEW.id
            ORDER BY actor_id
        ON CONFLICT (actor_id) DO UPDATE SET n = events_publishedactor.n + 1;
    ELSIF was AND NOT is_now THEN
        UPDATE events_publishedactor c SET n = c.n - 1
            FROM events_event_participants p
            WHERE p.event_id = OLD.id AND c.actor_id = p.actor_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER events_event_published_actor
    AFTER DELETE OR UPDATE OF status ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_published_actor_event();

INSERT INTO events_publishedactor (actor_id, n)
    SELECT p.actor_id, count(*) FROM events_event_participants p
    JOIN events_event e ON e.id = p.event_id AND e.status = 'published'
    GROUP BY p.actor_id;
"""

BACKWARD = """
DROP TRIGGER events_event_published_actor ON events_event;
DROP TRIGGER events_participant_published_actor ON events_event_participants;
DROP FUNCTION events_published_actor_event();
DROP FUNCTION events_published_actor_link();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0015_sort_date"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedActor",
            fields=[
                (
                    "actor",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="published_count",
                        serialize=False,
                        to="events.actor",
                    ),
                ),
                ("n", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "published events of an actor",
                "verbose_name_plural": "published events per actor",
                "indexes": [models.Index(fields=["-n"], name="published_actor_by_n")],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
