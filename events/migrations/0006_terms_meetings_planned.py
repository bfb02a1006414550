"""Terms of office (Term) and the calendar of known meetings (KnownMeeting) become editable
rows; an event may be planned (spoken of as still to come). The data follows in 0007."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_search_document'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='planned',
            field=models.BooleanField(default=False, help_text='The sources spoke of it as still to come; a later report of the event itself clears it.'),
        ),
        migrations.AlterField(
            model_name='actor',
            name='country',
            field=models.CharField(blank=True, help_text='The country\'s name, e.g. "Germany".', max_length=100),
        ),
        migrations.CreateModel(
            name='KnownMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('series', models.CharField(choices=[('nato_summit', 'NATO summit'), ('g7_summit', 'G7 (G8) summit'), ('munich_security_conference', 'Munich Security Conference'), ('nato_foreign_ministers', "NATO foreign ministers' meeting"), ('nato_defence_ministers', "NATO defence ministers' meeting"), ('other', 'Other')], max_length=30)),
                ('name', models.CharField(help_text='e.g. "NATO Summit".', max_length=200)),
                ('place', models.CharField(help_text='The city the meeting was held in, as news copy names it.', max_length=200)),
                ('country', models.CharField(help_text='The ISO 3166 alpha-2 code of the host country, e.g. "LT".', max_length=10)),
                ('start', models.DateField(help_text="The meeting's first day.")),
                ('end', models.DateField(help_text="The meeting's last day (the first, for one day).")),
                ('aliases', models.TextField(blank=True, help_text='Other names texts use for the meeting or its place, one per line (for example "Wales summit", "Newport").')),
                ('basis', models.TextField(blank=True, help_text='Where the dates come from.')),
                ('uncertain', models.BooleanField(default=False, help_text='Set when a day is not well established; say why in basis.')),
            ],
            options={
                'verbose_name': 'known meeting',
                'ordering': ['-start', 'name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__gte', models.F('start'))), name='knownmeeting_end_not_before_start', violation_error_message='A meeting cannot end before it starts.')],
            },
        ),
        migrations.CreateModel(
            name='Term',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('office', models.CharField(choices=[('head_of_state', 'Head of state'), ('head_of_government', 'Head of government'), ('foreign_minister', 'Foreign minister'), ('defence_minister', 'Defence minister'), ('party_leader', 'Party leader'), ('secretary_general', 'Secretary General (NATO)'), ('deputy_secretary_general', 'Deputy Secretary General (NATO)'), ('saceur', 'Supreme Allied Commander Europe (NATO)'), ('commission_president', 'President of the European Commission'), ('council_president', 'President of the European Council'), ('high_representative', 'High Representative (EU)'), ('vice_president', 'Vice president')], max_length=30)),
                ('title', models.CharField(help_text='The title as news copy gives it, e.g. "Chancellor", "Prime Minister".', max_length=100)),
                ('country', models.CharField(help_text='The ISO 3166 alpha-2 code of the country ("GB", "DE"), or "NATO" or "EU".', max_length=10)),
                ('start', models.DateField(help_text='The first day in office.')),
                ('end', models.DateField(blank=True, help_text="The day the term ended: the successor's first day is fine (this day is not counted). Empty: still in office.", null=True)),
                ('basis', models.TextField(blank=True, help_text='Where the dates come from (an official list, a news report).')),
                ('uncertain', models.BooleanField(default=False, help_text='Set when a date is approximate or disputed; say why in basis.')),
                ('actor', models.ForeignKey(help_text='The person who held the office.', limit_choices_to={'kind': 'person'}, on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='events.actor')),
            ],
            options={
                'verbose_name': 'term of office',
                'verbose_name_plural': 'terms of office',
                'ordering': ['start', 'pk'],
                'indexes': [models.Index(fields=['office', 'country', 'start'], name='events_term_office_2049fb_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__isnull', True), ('end__gte', models.F('start')), _connector='OR'), name='term_end_not_before_start', violation_error_message='A term cannot end before it starts.')],
            },
        ),
    ]
