"""Event.sort_date: where an event sorts on every page of the timeline (an event known only by
its year at 1 January of it), a stored column the database computes from the dates (its own
backfill); the keyset indexes of migration 0011 are rebuilt on it."""

import events.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0014_version_help_text'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='event',
            name='event_published_by_date',
        ),
        migrations.RemoveIndex(
            model_name='event',
            name='event_published_by_kind',
        ),
        migrations.RemoveIndex(
            model_name='event',
            name='event_published_by_place',
        ),
        migrations.AddField(
            model_name='event',
            name='sort_date',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(date_precision='year', then=events.models.YearStart('date_from')), default=models.F('date_from'), output_field=models.DateField()), output_field=models.DateField(null=True), verbose_name='sorts as'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['sort_date', 'id'], name='event_published_by_sort'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['kind', 'sort_date', 'id'], name='event_published_kind_sort'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['place', 'sort_date', 'id'], name='event_published_place_sort'),
        ),
    ]
