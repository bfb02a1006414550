"""events.curation: the version rule in one place, editor actions, and selectors that return
None rather than raise."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from events import curation, dataversion
from events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(db):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


def test_every_change_raises_the_version_and_the_update_time(make_event):
    event = make_event()
    before = (event.version, event.updated)
    assert curation.change(Event.objects.filter(pk=event.pk), summary="Changed") == 1
    event.refresh_from_db()
    assert event.summary == "Changed"
    assert event.version == before[0] + 1 and event.updated > before[1]


def test_a_parent_relinked_is_a_change_too(make_event):
    child, parent = make_event("Pledge"), make_event("Call")
    curation.relink(child, parent)
    assert (child.parent, child.version) == (parent, 2)
    assert Event.objects.get(pk=child.pk).version == 2


def test_the_data_version_follows_published_events_only(timeline, make_event):
    draft = make_event("A draft")
    number = dataversion.current().number
    curation.change(Event.objects.filter(pk=draft.pk), summary="Drafts are not public")
    assert dataversion.current().number == number
    published = Event.objects.published().first()
    curation.change(Event.objects.filter(pk=published.pk), summary="Public")
    assert dataversion.current().number == number + 1
    curation.unpublish(published)  # was published: the pages change
    assert dataversion.current().number == number + 2


def test_a_refused_publication_changes_nothing(make_event):
    from django.core.exceptions import ValidationError

    event = make_event("Uncited")
    with pytest.raises(ValidationError, match="it has no citation"):
        curation.publish(event)
    assert Event.objects.get(pk=event.pk).version == 1


def test_moved_event_is_none_when_nothing_moved(timeline):
    from events.models import EventRedirect
    from events.timeline import moved_event

    assert moved_event("no-such-event") is None
    event = Event.objects.published().first()
    EventRedirect.objects.create(old_slug="old-address", event=event)
    assert moved_event("old-address") == event
    curation.unpublish(event)
    assert moved_event("old-address") is None  # a draft is no public destination
