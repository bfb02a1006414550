"""A stored full-text document per event (title, summary and every cited quote), kept by
PostgreSQL triggers and GIN-indexed; it replaces the expression indexes of 0003.

With one stored document the planner can walk the date index and test each row cheaply when a
word is common ("defence"), or read the GIN index when it is rare; computing tsvectors at query
time, or joining two lists of every match, made a common word cost a scan of the table. Triggers
rather than `save()` so that bulk inserts, `update()` and merges keep it right too. SQLite
leaves the column empty and searches by substring."""

from importlib import import_module

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

FORWARD = """
CREATE FUNCTION events_event_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := to_tsvector('english',
        coalesce(NEW.title, '') || ' ' || coalesce(NEW.summary, '') || ' ' ||
        coalesce((SELECT string_agg(quote, ' ' ORDER BY id) FROM events_citation
                  WHERE event_id = NEW.id), ''));
    RETURN NEW;
END $$;

CREATE TRIGGER events_event_search_document BEFORE INSERT OR UPDATE ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_event_search_document();

-- A change to citations rewrites the documents of the events they belong (or belonged) to;
-- the event trigger above computes them. One statement for all the rows a statement changed.
CREATE FUNCTION events_citation_refresh_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE events_event SET search_document = NULL
        WHERE id IN (SELECT event_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE events_event SET search_document = NULL
        WHERE id IN (SELECT event_id FROM old_rows);
    ELSE
        UPDATE events_event SET search_document = NULL
        WHERE id IN (SELECT event_id FROM new_rows UNION SELECT event_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER events_citation_inserted AFTER INSERT ON events_citation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_citation_refresh_events();
CREATE TRIGGER events_citation_updated AFTER UPDATE ON events_citation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_citation_refresh_events();
CREATE TRIGGER events_citation_deleted AFTER DELETE ON events_citation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_citation_refresh_events();

UPDATE events_event SET search_document = NULL;
CREATE INDEX event_search_document ON events_event USING gin (search_document);
"""

BACKWARD = """
DROP INDEX event_search_document;
DROP TRIGGER events_citation_inserted ON events_citation;
DROP TRIGGER events_citation_updated ON events_citation;
DROP TRIGGER events_citation_deleted ON events_citation;
DROP FUNCTION events_citation_refresh_events();
DROP TRIGGER events_event_search_document ON events_event;
DROP FUNCTION events_event_search_document();
"""

# The expression indexes of 0003, which nothing queries any more: dropped and, going back,
# made again by that migration's own functions.
search_indexes = import_module("events.migrations.0003_search_indexes")


def forward(apps, schema_editor):
    search_indexes.remove_indexes(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)
    search_indexes.add_indexes(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("events", "0004_filter_indexes")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_document",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
