"""Curation through the admin, as an editor does it (test client, real database)."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.utils.html import escape

from events.models import Citation, Event, EventRedirect, Source

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Chancellor Olaf Scholz spoke with President Macron on Monday about air defence. "
    "On Tuesday, Scholz met Jens Stoltenberg in Berlin and pledged to reaffirm Germany's "
    "commitment to NATO's eastern flank."
)


def loaded_state(event: Event) -> str:
    from events.admin import EventAdminForm

    return EventAdminForm(instance=event)["loaded_state"].value()


def change_form_data(event: Event, **changes) -> dict:
    data = {
        "title": event.title, "slug": event.slug, "kind": event.kind,
        "summary": event.summary, "date_from": event.date_from, "date_to": event.date_to,
        "date_precision": event.date_precision, "confidence": event.confidence,
        "participants": [a.pk for a in event.participants.all()],
        "topics": [t.pk for t in event.topics.all()],
        "place": event.place_id or "", "parent": event.parent_id or "",
        "loaded_state": loaded_state(event),
        "citations-TOTAL_FORMS": 0, "citations-INITIAL_FORMS": 0,
        "citations-MIN_NUM_FORMS": 0, "citations-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_anonymous_users_get_the_login_page(client):
    for url in ["/admin/", "/admin/events/event/", "/admin/events/event/review/",
                "/admin/events/source/add/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_editors_curate_events_but_cannot_manage_users(client, editor):
    assert not editor.is_superuser
    for url in ["/admin/events/event/", "/admin/events/event/review/", "/admin/events/source/add/",
                "/admin/events/actor/add/", "/admin/events/eventredirect/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
    for url in ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]:
        assert client.get(url).status_code == 403, url
    assert client.get("/admin/events/actor/1/delete/").status_code == 403


def test_the_whole_workflow(client, editor):
    # An article in, through the same import service as the command.
    response = client.post("/admin/events/source/add/", {
        "title": "Scholz's week", "publisher": "A Paper", "kind": "news",
        "published": "2023-01-25", "url": "https://paper.example/scholz", "text": ARTICLE,
    })  # fmt: skip
    source = Source.objects.get(title="Scholz's week")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/events/event/source/{source.pk}/"  # its workbench
    queue = client.get(response["Location"]).content.decode()
    drafts = list(Event.objects.filter(citations__source=source).distinct())
    assert {e.kind for e in drafts} == {"call", "meeting", "pledge"}
    for event in drafts:
        assert escape(event.title) in queue  # titles may hold apostrophes
    # Edit one, then publish it from the queue (HTMX), and see it on the public page.
    meeting = next(e for e in drafts if e.kind == "meeting")
    response = client.post(
        f"/admin/events/event/{meeting.pk}/change/",
        change_form_data(meeting, title="Scholz and Stoltenberg meet in Berlin"),
    )
    assert response.status_code == 302, response.content[:2000]
    meeting.refresh_from_db()
    row = client.post(
        f"/admin/events/event/review/{meeting.pk}/publish/",
        {"version": meeting.version},
        headers={"HX-Request": "true"},
    )
    assert b"<html" not in row.content and b"Published" in row.content
    meeting.refresh_from_db()
    assert (
        meeting.status == "published" and meeting.title == "Scholz and Stoltenberg meet in Berlin"
    )
    public = client.get(meeting.get_absolute_url())
    assert public.status_code == 200 and b"Scholz and Stoltenberg meet in Berlin" in public.content
    assert str(meeting.date_from) == "2023-01-24"


def test_merge_asks_first_then_moves_everything_and_redirects(client, editor):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    keep = Event.objects.get(slug="2021-01-26-biden-and-stoltenberg-speak-by-phone")
    duplicate = Event.objects.create(title="Duplicate call", slug="duplicate-call", kind="call",
                                     date_from="2021-01-26", date_to="2021-01-26", status="published")  # fmt: skip
    source = Source.objects.get(file_name="002_c9565cd1ea554d22.txt")
    Citation.objects.create(event=duplicate, source=source, quote=source.text[:20], start=0, end=20)
    duplicate.participants.add(
        *keep.participants.all(), *Event.objects.get(slug__contains="merkel").participants.all()
    )
    selected = {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}
    confirm = client.post("/admin/events/event/", selected)
    assert confirm.status_code == 200 and b"Yes, merge" in confirm.content
    assert Event.objects.filter(pk=duplicate.pk).exists()  # nothing happened yet
    client.post("/admin/events/event/", {**selected, "confirm": "yes", "keep": keep.pk})
    keep.refresh_from_db()
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    assert keep.citations.filter(source=source).exists()
    assert "Angela Merkel" in {a.name for a in keep.participants.all()}
    assert EventRedirect.objects.get(old_slug="duplicate-call").event == keep
    response = client.get("/events/duplicate-call/")
    assert response.status_code == 301 and response["Location"] == keep.get_absolute_url()
    assert client.get("/api/events/duplicate-call").status_code == 301
    assert LogEntry.objects.filter(
        object_id=str(keep.pk), change_message__contains="Merged"
    ).exists()


def test_a_second_save_over_someone_elses_is_refused_and_says_what_changed(client, editor):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    event = Event.objects.get(slug__contains="merkel")
    summary = event.summary
    mine = change_form_data(event, summary="My summary")
    theirs = change_form_data(event, title="Their new title")
    assert client.post(f"/admin/events/event/{event.pk}/change/", theirs).status_code == 302
    response = client.post(f"/admin/events/event/{event.pk}/change/", mine)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this event" in content
    assert "title: now “Their new title”" in content
    assert "summary" not in content.split("They changed")[1].split(".")[0]
    event.refresh_from_db()
    assert (event.title, event.summary) == ("Their new title", summary)  # theirs, not mine


def test_a_save_that_loses_the_race_after_its_check_is_refused(rf, editor):
    """The form's version check passes; another save lands before this one writes: the
    check-and-claim UPDATE refuses it (the check alone cannot)."""
    from django.contrib.admin import site
    from django.core.exceptions import PermissionDenied

    from events import curation
    from events.admin import EventAdminForm

    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    event = Event.objects.get(slug__contains="merkel")
    form = EventAdminForm(change_form_data(event, summary="Mine"), instance=event)
    assert form.is_valid(), form.errors  # nobody has saved yet
    curation.change(Event.objects.filter(pk=event.pk), summary="Theirs")  # someone saves now
    request = rf.post(f"/admin/events/event/{event.pk}/change/")
    request.user = editor
    with pytest.raises(PermissionDenied, match="Someone else saved this event"):
        site.get_model_admin(Event).save_model(request, form.instance, form, change=True)
    assert Event.objects.get(pk=event.pk).summary == "Theirs"


def test_a_merge_is_a_new_version_of_the_kept_event(client, editor):
    """An editor who opened the kept event before the merge cannot save over it unawares."""
    from events import curation

    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    keep = Event.objects.get(slug__contains="merkel")
    duplicate = Event.objects.create(
        title="Duplicate call", slug="duplicate-call", kind=keep.kind,
        date_from=keep.date_from, date_to=keep.date_to,
    )  # fmt: skip
    opened = change_form_data(keep, summary="Written while the merge happened")
    version = keep.version
    curation.merge_events(keep=keep, others=[duplicate])
    assert keep.version == version + 1
    response = client.post(f"/admin/events/event/{keep.pk}/change/", opened)
    assert response.status_code == 200
    assert "Someone else saved this event" in response.content.decode()
    assert Event.objects.get(pk=keep.pk).summary != "Written while the merge happened"


def test_publishing_needs_a_date_and_a_true_citation(client, editor):
    event = Event.objects.create(title="Uncited", slug="uncited", kind="call",
                                 date_from="2021-01-01", date_to="2021-01-01")  # fmt: skip
    response = client.post(
        "/admin/events/event/", {"action": "publish", "_selected_action": [event.pk]}, follow=True
    )
    assert "cannot be published: it has no citation" in response.content.decode()
    event.refresh_from_db()
    assert event.status == "draft"
    row = client.post(
        f"/admin/events/event/review/{event.pk}/publish/",
        {"version": event.version},
        headers={"HX-Request": "true"},
    )
    assert b"it has no citation" in row.content


def review_row(client, event: Event, action: str, version: object, htmx: bool = True):
    return client.post(
        f"/admin/events/event/review/{event.pk}/{action}/",
        {"version": version},
        headers={"HX-Request": "true"} if htmx else {},
    )


@pytest.mark.parametrize("action", ["publish", "reject"])
def test_the_review_queue_does_not_overwrite_a_row_someone_changed_since(
    client, editor, cited_event, action
):
    """The queue posts the version the editor saw: a row changed since is refused, not
    overwritten, and shows what it is now."""
    event = cited_event()
    seen = event.version
    client.post(  # a second editor edits the event meanwhile
        f"/admin/events/event/{event.pk}/change/",
        change_form_data(event, title="Retitled meanwhile"),
    )
    row = review_row(client, event, action, seen).content.decode()
    event.refresh_from_db()
    assert (event.status, event.title) == ("draft", "Retitled meanwhile")
    assert "Someone else saved “Retitled meanwhile” while you were looking at it" in row
    assert f'name="version" value="{event.version}"' in row  # the row as it is now
    # Again on the version now shown: done.
    row = review_row(client, event, action, event.version).content.decode()
    event.refresh_from_db()
    assert event.status == {"publish": "published", "reject": "rejected"}[action]
    assert "Someone else" not in row


@pytest.mark.parametrize("version", ["", "x1", "-1"])
def test_a_review_queue_post_without_a_version_is_refused_with_a_message(
    client, editor, cited_event, version
):
    event = cited_event()
    response = review_row(client, event, "publish", version, htmx=False)
    assert response.status_code == 302
    queue = client.get(response["Location"]).content.decode()
    assert "This row is out of date: reload the queue." in queue
    event.refresh_from_db()
    assert event.status == "draft"


def test_actions_on_the_change_form(client, editor):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    event = Event.objects.get(slug__contains="merkel")
    form = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert re.search(r'<option value="reject">Reject</option>', form)
    client.post(f"/admin/events/event/{event.pk}/change/", {"CHANGE_FORM-action": "reject",
                "CHANGE_FORM-select_across": 0, "_selected_action": event.pk})  # fmt: skip
    event.refresh_from_db()
    assert event.status == "rejected"


def test_history_records_who_changed_what(client, editor):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    event = Event.objects.get(slug__contains="merkel")
    client.post(
        f"/admin/events/event/{event.pk}/change/", change_form_data(event, title="New title")
    )
    history = client.get(f"/admin/events/event/{event.pk}/history/").content.decode()
    assert "ed" in history and "Changed Title" in history


def test_review_queue_orders_by_confidence_both_ways(client, editor):
    for n, confidence in enumerate([0.9, 0.2, 0.5]):
        Event.objects.create(title=f"Draft {confidence}", slug=f"d{n}", kind="call", confidence=confidence,
                             date_from="2021-01-01", date_to="2021-01-01")  # fmt: skip
    low_first = re.findall(
        r"<strong>Draft ([0-9.]+)</strong>",
        client.get("/admin/events/event/review/").content.decode(),
    )
    high_first = re.findall(
        r"<strong>Draft ([0-9.]+)</strong>",
        client.get("/admin/events/event/review/?order=desc").content.decode(),
    )
    assert low_first == ["0.2", "0.5", "0.9"] and high_first == ["0.9", "0.5", "0.2"]


def test_source_admin_marks_passages_and_reextracts_without_duplicates(client, editor):
    call_command("import_articles", "fixtures/articles/004_2fa3a9bb654af29b.txt", verbosity=0)
    source = Source.objects.get()
    page = client.get(f"/admin/events/source/{source.pk}/change/").content.decode()
    for citation in source.citations.all():
        assert f'id="passage-{citation.start}"' in page
    before = Event.objects.count()
    response = client.post(
        "/admin/events/source/",
        {"action": "reextract", "_selected_action": [source.pk]},
        follow=True,
    )
    assert ": 0 new draft events, " in response.content.decode()
    assert Event.objects.count() == before


def test_uploading_a_bad_file_says_why(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.txt", "Brüssel".encode("latin-1"))
    response = client.post(
        "/admin/events/source/add/", {"title": "T", "kind": "news", "file": upload}
    )
    assert response.status_code == 200
    assert "notes.txt: not UTF-8 text" in response.content.decode()
    assert not Source.objects.exists()


# Terms of office, known meetings, planned events


def actor_form_data(actor, terms=(), initial=0) -> dict:
    data = {
        "name": actor.name, "slug": actor.slug, "aliases": actor.aliases, "kind": actor.kind,
        "role": actor.role, "country": actor.country,
        "terms-TOTAL_FORMS": len(terms), "terms-INITIAL_FORMS": initial,
        "terms-MIN_NUM_FORMS": 0, "terms-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, term in enumerate(terms):
        data.update({f"terms-{i}-{name}": value for name, value in term.items()})
    return data


def prime_minister(start: str, end: str = "", country: str = "GB") -> dict:
    return {"office": "head_of_government", "title": "Prime Minister", "country": country,
            "start": start, "end": end, "basis": "a test"}  # fmt: skip


@pytest.fixture
def newcomer():
    from events.models import Actor

    return Actor.objects.create(name="Ann Other", slug="ann-other", kind="person")


def test_editors_curate_terms_and_meetings(editor):
    assert editor.has_perms(["events.add_term", "events.change_term", "events.delete_term",
                             "events.add_knownmeeting", "events.change_knownmeeting"])  # fmt: skip


def test_a_persons_page_lists_their_terms_of_office(client, editor):
    from events.models import Actor

    stoltenberg = Actor.objects.get(name="Jens Stoltenberg")
    page = client.get(f"/admin/events/actor/{stoltenberg.pk}/change/").content.decode()
    assert "Terms of office" in page
    assert 'name="terms-2-start" value="01/10/2014"' in page  # the NATO term, dates as en-GB
    norway = Actor.objects.get(name="Norway")
    assert (
        "Terms of office"
        not in client.get(f"/admin/events/actor/{norway.pk}/change/").content.decode()
    )


def test_actors_are_found_by_alias_and_filtered_by_kind(client, editor):
    found = client.get("/admin/events/actor/?q=LBJ").content.decode()
    assert "Lyndon B. Johnson" in found
    countries = client.get("/admin/events/actor/?kind__exact=country").content.decode()
    assert "Norway" in countries and "Jens Stoltenberg" not in countries


def test_a_term_that_overlaps_another_holders_is_refused_in_the_admin(client, editor, newcomer):
    url = f"/admin/events/actor/{newcomer.pk}/change/"
    response = client.post(
        url, actor_form_data(newcomer, [prime_minister("2020-01-01", "2021-01-01")])
    )
    assert response.status_code == 200
    assert (
        "This term overlaps Boris Johnson&#x27;s as Prime Minister (GB)"
        in response.content.decode()
    )
    assert not newcomer.terms.exists()


def test_two_new_terms_that_overlap_each_other_are_refused(client, editor, newcomer):
    url = f"/admin/events/actor/{newcomer.pk}/change/"
    terms = [
        prime_minister("2040-01-01", "2042-01-01", "ZZ"),
        prime_minister("2041-01-01", "", "ZZ"),
    ]
    response = client.post(url, actor_form_data(newcomer, terms))
    assert response.status_code == 200
    assert "This term overlaps Ann Other&#x27;s" in response.content.decode()
    assert not newcomer.terms.exists()


def test_a_term_added_in_the_admin_is_saved(client, editor, newcomer):
    url = f"/admin/events/actor/{newcomer.pk}/change/"
    response = client.post(url, actor_form_data(newcomer, [prime_minister("2040-01-01", "", "ZZ")]))
    assert response.status_code == 302
    assert str(newcomer.terms.get()) == "Prime Minister (ZZ), 1 Jan 2040 – in office"


def test_known_meetings_are_listed_searched_and_filtered(client, editor):
    def places(query: str) -> set[str]:
        page = client.get(f"/admin/events/knownmeeting/?{query}").content.decode()
        return set(re.findall(r'<td class="field-place">([^<]+)</td>', page))

    assert places("q=Vilnius+Summit") == {"Vilnius"}  # an alias
    assert places("q=Elmau") == {"Elmau"}
    assert "Munich" in places("series__exact=munich_security_conference")
    assert "Vilnius" not in places("series__exact=g7_summit")
    assert {"Vilnius", "Munich"} <= places("start__year=2023")
    assert "Madrid" not in places("start__year=2023")


def test_an_editor_adds_a_known_meeting(client, editor):
    from events.models import KnownMeeting

    response = client.post("/admin/events/knownmeeting/add/", {
        "series": "nato_summit", "name": "NATO Summit", "place": "Akureyri", "country": "IS",
        "start": "2031-07-01", "end": "2031-07-02", "aliases": "Akureyri Summit", "basis": "",
    })  # fmt: skip
    assert response.status_code == 302
    assert KnownMeeting.objects.get(place="Akureyri").alias_list() == ["Akureyri Summit"]
    bad = client.post("/admin/events/knownmeeting/add/", {
        "series": "other", "name": "Backwards", "place": "Oslo", "country": "NO",
        "start": "2031-07-02", "end": "2031-07-01",
    })  # fmt: skip
    assert "A meeting cannot end before it starts." in bad.content.decode()


def test_an_editor_marks_an_event_planned_and_filters_by_it(client, editor):
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    madrid = Event.objects.get(slug__contains="madrid")
    version = madrid.version
    form = client.get(f"/admin/events/event/{madrid.pk}/change/").content.decode()
    assert 'name="planned"' in form
    response = client.post(
        f"/admin/events/event/{madrid.pk}/change/", change_form_data(madrid, planned="on")
    )
    assert response.status_code == 302
    madrid.refresh_from_db()
    assert madrid.planned and madrid.version == version + 1
    listed = client.get("/admin/events/event/?planned__exact=1").content.decode()
    assert madrid.title in listed and "Biden speaks with Merkel" not in listed


@pytest.mark.parametrize(
    "query", ["source=abc", "source=-1", "source=1.5", "source=99999999999999999999999",
              "order=sideways"],
)  # fmt: skip
def test_bad_review_queue_parameters_are_a_400(client, editor, query):
    response = client.get(f"/admin/events/event/review/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] + ":" in response.content.decode()


def test_good_review_queue_parameters_are_read(client, editor, cited_event):
    event = cited_event()
    source = event.citations.get().source
    for query in (f"source={source.pk}", "order=desc", "order=asc", ""):
        response = client.get(f"/admin/events/event/review/?{query}")
        assert response.status_code == 200
        assert event.title in response.content.decode()
