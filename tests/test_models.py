from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events import curation
from events.models import Citation, Event, Source


def test_end_date_before_start_date_is_refused_by_the_database(make_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(date_from=dt.date(2021, 1, 26), date_to=dt.date(2021, 1, 25))


def test_constraint_message_reaches_validation(make_event):
    event = make_event()
    event.date_to = event.date_from - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="end date cannot be before"):
        event.full_clean()


def test_half_dated_event_is_refused(make_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(date_from=dt.date(2021, 1, 26), date_to=None)


def test_confidence_outside_zero_to_one_is_refused(make_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(confidence=1.5)


def test_same_article_twice_is_one_source(make_source):
    make_source(text="The same words.")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(text="The same words.", title="Another title")


def test_content_hash_follows_the_text(make_source):
    source = make_source(text="First text.")
    source.text = "Second text."
    source.save()
    assert source.content_hash == Source.hash_text("Second text.")


def test_citation_whose_offsets_do_not_give_the_quote_is_invalid(make_source, make_event):
    source = make_source(text="Biden spoke with Stoltenberg on Tuesday.")
    citation = Citation(event=make_event(), source=source, quote="Biden spoke", start=1, end=12)
    with pytest.raises(ValidationError, match="not the source's text"):
        citation.full_clean()


def test_citation_end_must_follow_start(make_source, make_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(event=make_event(), source=make_source(), quote="", start=5, end=5)


def test_publish_needs_a_citation(make_event):
    event = make_event()
    with pytest.raises(ValidationError, match="no citation"):
        curation.publish(event)
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_publish_needs_a_date(cited_event):
    event = cited_event(date_from=None, date_to=None)
    with pytest.raises(ValidationError, match="no date"):
        curation.publish(event)


def test_publish_refuses_a_citation_that_does_not_match_its_source(cited_event):
    event = cited_event()
    Citation.objects.filter(event=event).update(quote="something else")
    with pytest.raises(ValidationError, match="matches its source"):
        curation.publish(event)


def test_publish_raises_the_version(cited_event):
    event = cited_event()
    curation.publish(event)
    event.refresh_from_db()
    assert (event.status, event.version) == (Event.Status.PUBLISHED, 2)


def test_published_leaves_out_drafts_and_rejected(cited_event):
    published, draft, rejected = cited_event(), cited_event(), cited_event()
    curation.publish(published)
    curation.reject(rejected)
    assert list(Event.objects.published()) == [published]
    assert draft.status == Event.Status.DRAFT


def test_in_range_selects_overlapping_events(make_event):
    may = make_event("May", date_from=dt.date(2017, 5, 1), date_to=dt.date(2017, 5, 31))
    make_event("April", date_from=dt.date(2017, 4, 11))
    found = Event.objects.in_range(dt.date(2017, 5, 20), dt.date(2017, 6, 30))
    assert list(found) == [may]


def test_with_actors_requires_every_actor(make_event):
    from events.models import Actor

    biden, putin = Actor.objects.get(slug="joe-biden"), Actor.objects.get(slug="vladimir-putin")
    both = make_event("Both")
    both.participants.add(biden, putin)
    make_event("One").participants.add(biden)
    assert list(Event.objects.with_actors(["joe-biden", "vladimir-putin"])) == [both]


def test_for_timeline_queries_do_not_grow_with_the_number_of_events(
    cited_event, django_assert_num_queries
):
    for _ in range(5):
        curation.publish(cited_event())
    with django_assert_num_queries(4):
        for event in Event.objects.published().for_timeline():
            list(event.participants.all())
            list(event.topics.all())
            [c.source.title for c in event.citations.all()]


@pytest.mark.parametrize(
    ("start", "end", "precision", "label"),
    [
        ("2021-01-26", "2021-01-26", "day", "26 Jan 2021"),
        ("2017-05-01", "2017-05-31", "month", "May 2017"),
        ("2018-07-11", "2018-07-12", "day", "11–12 Jul 2018"),
        ("2021-01-18", "2021-01-24", "week", "week of 18 Jan 2021"),
        ("2022-06-21", "2022-06-30", "month", "late June 2022"),
        ("2022-02-01", "2022-02-10", "month", "early February 2022"),
        ("2017-01-01", "2017-12-31", "year", "2017"),
    ],
)
def test_date_label_shows_the_known_precision(start, end, precision, label):
    event = Event(
        date_from=dt.date.fromisoformat(start),
        date_to=dt.date.fromisoformat(end),
        date_precision=precision,
    )
    assert event.date_label() == label


@pytest.mark.parametrize(
    ("start", "end", "precision", "value"),
    [
        ("2021-01-26", "2021-01-26", "day", "2021-01-26"),
        ("2018-07-11", "2018-07-12", "day", "2018-07-11"),  # HTML has no ranges: the first day
        ("2021-01-18", "2021-01-24", "week", "2021-W03"),
        ("2021-01-04", "2021-01-10", "week", "2021-W01"),
        ("2021-01-01", "2021-01-03", "week", "2020-W53"),  # ISO weeks belong to their Thursday
        ("2017-05-01", "2017-05-31", "month", "2017-05"),
        ("2017-06-21", "2017-06-30", "month", "2017-06"),
        ("2017-01-01", "2017-12-31", "year", "2017"),
    ],
)
def test_machine_date_is_a_valid_html_time_value_as_precise_as_the_label(
    start, end, precision, value
):
    event = Event(
        date_from=dt.date.fromisoformat(start),
        date_to=dt.date.fromisoformat(end),
        date_precision=precision,
    )
    assert event.machine_date() == value


def test_gazetteer_is_in_a_freshly_migrated_database(db):
    from events.models import Actor, Topic

    nato = Actor.objects.get(name="NATO")
    assert "North American Treaty Organization" in nato.names()
    assert Topic.objects.filter(slug="collective-defence").exists()


def test_event_kinds_are_the_registry_kinds():
    from events.extraction.kinds import KINDS

    assert Event.Kind.choices == [(k.name, k.label) for k in KINDS]
    assert Event._meta.get_field("kind").choices == Event.Kind.choices
    assert Event.Kind.CALL == "call" and Event.Kind.OTHER.label == "Other"


def test_an_event_is_not_planned_unless_said(make_event):
    assert make_event().planned is False


# Terms of office and known meetings


@pytest.fixture
def person(db):
    from events.models import Actor

    def make(name: str):
        return Actor.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind="person")

    return make


def term(actor, start, end=None, office="head_of_government", country="XX", title="Premier"):
    from events.models import Term

    return Term(
        actor=actor, office=office, title=title, country=country,
        start=dt.date.fromisoformat(start), end=end and dt.date.fromisoformat(end),
    )  # fmt: skip


def test_a_term_overlapping_another_holders_is_refused_with_the_holder_named(person):
    from events.models import Actor

    johnson = Actor.objects.get(name="Boris Johnson")  # GB prime minister, 2019-07-24 to 2022-09-06
    overlapping = term(person("Ann Other"), "2020-01-01", "2021-01-01", country="GB")
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    message = error.value.messages[0]
    assert f"overlaps {johnson}'s as Prime Minister (GB) from 24 Jul 2019" in message
    assert "one holder at a time" in message


def test_terms_may_meet_on_the_handover_day(person):
    first = term(person("First Holder"), "2001-01-01", "2005-06-01")
    first.full_clean()
    first.save()
    term(person("Second Holder"), "2005-06-01").full_clean()  # the end day is not counted


@pytest.mark.parametrize(
    ("start", "end"),
    [("2004-01-01", "2005-06-02"), ("2001-01-01", None), ("2002-01-01", "2003-01-01"),
     ("1990-01-01", "2030-01-01")],
)  # fmt: skip
def test_overlaps_are_refused_however_they_lie(person, start, end):
    term(person("First Holder"), "2001-01-01", "2005-06-01").save()
    with pytest.raises(ValidationError, match="First Holder"):
        term(person("Second Holder"), start, end).full_clean()


def test_a_term_still_running_overlaps_every_later_one(person):
    term(person("Incumbent"), "2020-01-01").save()
    with pytest.raises(
        ValidationError, match="Incumbent's as Premier \\(XX\\) from 1 Jan 2020 with"
    ):
        term(person("Usurper"), "2024-05-05", "2024-06-06").full_clean()


def test_other_offices_and_countries_do_not_count_and_a_term_is_not_its_own_rival(person):
    holder = person("Holder")
    saved = term(holder, "2001-01-01", "2005-06-01")
    saved.save()
    term(holder, "2002-01-01", office="foreign_minister").full_clean()
    term(person("Neighbour"), "2002-01-01", country="YY").full_clean()
    saved.end = dt.date(2006, 1, 1)
    saved.full_clean()


def test_a_term_cannot_end_before_it_starts(person):
    from events.models import Term

    with pytest.raises(ValidationError, match="cannot end before it starts"):
        term(person("Backwards"), "2005-01-01", "2004-01-01").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.bulk_create([term(person("Backwards 2"), "2005-01-01", "2004-01-01")])


def test_term_and_meeting_read_well_in_the_admin(db):
    from events.models import KnownMeeting, Term

    stoltenberg = Term.objects.filter(actor__name="Jens Stoltenberg", country="NATO").get()
    assert str(stoltenberg) == "Secretary General (NATO), 1 Oct 2014 – 1 Oct 2024"
    vilnius = KnownMeeting.objects.get(series="nato_summit", place="Vilnius")
    assert str(vilnius) == "NATO Summit, Vilnius, 11 Jul 2023"


def test_a_meeting_cannot_end_before_it_starts(db):
    from events.models import KnownMeeting

    meeting = KnownMeeting(
        series="other", name="Backwards talks", place="Geneva", country="CH",
        start=dt.date(2020, 5, 2), end=dt.date(2020, 5, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        meeting.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


# What public pages may list


def test_with_published_events_keeps_what_a_published_event_names(cited_event):
    from events.models import Actor, Place, Topic

    published, draft = cited_event(), cited_event()
    curation.publish(published)
    biden, putin = Actor.objects.get(slug="joe-biden"), Actor.objects.get(slug="vladimir-putin")
    published.participants.add(biden)
    draft.participants.add(biden, putin)
    topic = Topic.objects.get(slug="collective-defence")
    published.topics.add(topic)
    draft.topics.add(*Topic.objects.exclude(pk=topic.pk))
    madrid = Place.objects.get(slug="madrid")
    Event.objects.filter(pk=published.pk).update(place=madrid)
    Event.objects.filter(pk=draft.pk).update(place=Place.objects.exclude(pk=madrid.pk).first())
    assert list(Actor.objects.with_published_events()) == [biden]
    assert list(Topic.objects.with_published_events()) == [topic]
    assert list(Place.objects.with_published_events()) == [madrid]
