from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

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
        event.publish()
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_publish_needs_a_date(cited_event):
    event = cited_event(date_from=None, date_to=None)
    with pytest.raises(ValidationError, match="no date"):
        event.publish()


def test_publish_refuses_a_citation_that_does_not_match_its_source(cited_event):
    event = cited_event()
    Citation.objects.filter(event=event).update(quote="something else")
    with pytest.raises(ValidationError, match="matches its source"):
        event.publish()


def test_publish_raises_the_version(cited_event):
    event = cited_event()
    event.publish()
    event.refresh_from_db()
    assert (event.status, event.version) == (Event.Status.PUBLISHED, 2)


def test_published_leaves_out_drafts_and_rejected(cited_event):
    published, draft, rejected = cited_event(), cited_event(), cited_event()
    published.publish()
    rejected.reject()
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
        cited_event().publish()
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
