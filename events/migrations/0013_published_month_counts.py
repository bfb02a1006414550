"""Published events per month, kept by a PostgreSQL trigger on the events (SQLite counts on
request instead): the unfiltered overview reads about 900 rows instead of counting every
published event after each change."""

from django.db import migrations, models

FORWARD = """
CREATE FUNCTION events_published_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.status = 'published' AND OLD.date_from IS NOT NULL THEN
            UPDATE events_publishedmonth SET n = n - 1
            WHERE month = date_trunc('month', OLD.date_from)::date;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.status = 'published' AND NEW.date_from IS NOT NULL THEN
            INSERT INTO events_publishedmonth (month, n)
            VALUES (date_trunc('month', NEW.date_from)::date, 1)
            ON CONFLICT (month) DO UPDATE SET n = events_publishedmonth.n + 1;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER events_event_published_month
    AFTER INSERT OR DELETE OR UPDATE OF status, date_from ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_published_month();

INSERT INTO events_publishedmonth (month, n)
    SELECT date_trunc('month', date_from)::date, count(*) FROM events_event
    WHERE status = 'published' AND date_from IS NOT NULL GROUP BY 1;
"""

BACKWARD = """
DROP TRIGGER events_event_published_month ON events_event;
DROP FUNCTION events_published_month();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0012_web_imports"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedMonth",
            fields=[
                ("month", models.DateField(primary_key=True, serialize=False)),
                ("n", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "published events in a month",
                "verbose_name_plural": "published events per month",
            },
        ),
        migrations.RunPython(forward, backward),
    ]
