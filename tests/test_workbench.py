"""events.workbench: the source review view, citing by selecting, the citation inline, the
admin home, and addresses that follow the facts (test client, real database)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from events import workbench
from events.models import Actor, Citation, Event, EventRedirect, Import, Place, Source

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Chancellor Olaf Scholz spoke with President Macron on Monday about air defence. "
    "On Tuesday, Scholz met Jens Stoltenberg in Berlin and pledged to reaffirm Germany's "
    "commitment to NATO's eastern flank. Scholz met Stoltenberg again. The talks were short."
)


@pytest.fixture
def article(client, editor) -> Source:
    response = client.post("/admin/events/source/add/", {
        "title": "Scholz's week", "publisher": "A Paper", "kind": "news",
        "published": "2023-01-25", "text": ARTICLE,
    })  # fmt: skip
    assert response.status_code == 302
    return Source.objects.get(title="Scholz's week")


def review_url(source: Source) -> str:
    return f"/admin/events/event/source/{source.pk}/"


def card_post(client, event: Event, action: str, source: Source, htmx: bool = True, **data):
    data = {"source": source.pk, "version": event.version, **data}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/admin/events/event/card/{event.pk}/{action}/", data, headers=headers)


def edit_data(event: Event, **changes) -> dict:
    prefix = f"e{event.pk}-"
    data = {
        "version": event.version, "title": event.title, "date_from": event.date_from or "",
        "date_to": event.date_to or "", "date_precision": event.date_precision,
        "participants": ", ".join(a.name for a in event.participants.all()),
        "place": event.place.name if event.place else "",
    }  # fmt: skip
    data.update(changes)
    return {prefix + k: v for k, v in data.items()}


# The review view


def test_the_article_is_shown_whole_with_each_events_passages_marked(client, article):
    page = client.get(review_url(article)).content.decode()
    text = re.search(r'<div class="wb-text" id="wb-text"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", text)) == article.text  # offsets hold in the page
    events = Event.objects.filter(citations__source=article).distinct()
    assert events.count() >= 2
    for event in events:
        assert f'id="card-{event.pk}"' in page
        for citation in event.citations.filter(source=article):
            mark = re.search(rf'<mark [^>]*id="p{citation.start}"[^>]*>', page).group(0)
            assert str(event.pk) in re.search(r'data-events="([^"]*)"', mark).group(1).split()


def test_cards_show_confidence_as_a_percentage_and_the_date_precision(client, article):
    event = Event.objects.filter(citations__source=article).first()
    Event.objects.filter(pk=event.pk).update(confidence=0.7000000000000001)
    page = client.get(review_url(article)).content.decode()
    card = page.split(f'id="card-{event.pk}"')[1].split("</li>")[0]
    assert "confidence 70%" in card and "0.7000" not in card
    assert "(day)" in card


def test_segments_split_overlapping_passages_and_keep_every_event(make_source, make_event):
    source = make_source("Alpha beta gamma delta.")
    one, two = make_event("One"), make_event("Two")
    Citation.objects.create(event=one, source=source, quote="Alpha beta", start=0, end=10)
    Citation.objects.create(event=two, source=source, quote="beta gamma", start=6, end=16)
    pieces = workbench.marked_text(source, workbench.source_events(source))
    assert "".join(p.text for p in pieces) == source.text
    assert [(p.text, p.events) for p in pieces] == [
        ("Alpha ", [one.pk]), ("beta", [one.pk, two.pk]), (" gamma", [two.pk]),
        (" delta.", []),
    ]  # fmt: skip


def test_publish_in_place_returns_the_card_alone(client, article):
    event = Event.objects.filter(citations__source=article).first()
    response = card_post(client, event, "publish", article)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="card-{event.pk}"' in body and "Published" in body
    event.refresh_from_db()
    assert event.status == "published"


def test_without_javascript_a_card_action_is_a_plain_form_and_a_redirect(client, article):
    event = Event.objects.filter(citations__source=article).first()
    response = card_post(client, event, "reject", article, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"{review_url(article)}#card-{event.pk}"
    event.refresh_from_db()
    assert event.status == "rejected"


def test_an_action_on_a_card_someone_else_changed_is_refused_and_says_so(client, article):
    from events import curation

    event = Event.objects.filter(citations__source=article).first()
    seen = event.version
    curation.change(Event.objects.filter(pk=event.pk), title="Their title")
    event.version = seen
    body = card_post(client, event, "publish", article).content.decode()
    assert "Someone else saved “Their title”" in body and 'role="alert"' in body
    assert Event.objects.get(pk=event.pk).status == "draft"
    response = client.post(
        f"/admin/events/event/card/{event.pk}/edit/",
        {"source": article.pk, **edit_data(event, title="Mine")},
        headers={"HX-Request": "true"},
    )
    assert "Someone else saved" in response.content.decode()
    assert Event.objects.get(pk=event.pk).title == "Their title"


def test_edit_in_place_sets_title_dates_participants_and_place(client, article):
    event = Event.objects.filter(citations__source=article, kind="meeting").first()
    berlin = Place.objects.get_or_create(name="Berlin", defaults={"slug": "berlin"})[0]
    macron = Actor.objects.get(name="Emmanuel Macron")
    data = edit_data(event, title="Scholz meets Macron", date_from="2023-01-23",
                     date_to="", participants="emmanuel macron", place="berlin")  # fmt: skip
    response = client.post(
        f"/admin/events/event/card/{event.pk}/edit/",
        {"source": article.pk, **data},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Scholz meets Macron" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.date_from, event.date_to) == (
        "Scholz meets Macron", dt.date(2023, 1, 23), dt.date(2023, 1, 23),
    )  # fmt: skip
    assert list(event.participants.all()) == [macron] and event.place == berlin
    # A draft's address follows its date and title.
    assert event.slug == "2023-01-23-scholz-meets-macron"


def test_an_unknown_participant_is_refused_with_its_name(client, article):
    event = Event.objects.filter(citations__source=article).first()
    response = client.post(
        f"/admin/events/event/card/{event.pk}/edit/",
        {"source": article.pk, **edit_data(event, participants="Nobody Atall")},
        headers={"HX-Request": "true"},
    )
    assert "Not a known actor: Nobody Atall" in response.content.decode()
    assert Event.objects.get(pk=event.pk).version == event.version


def test_publish_all_asks_first_then_publishes_what_it_can(client, article):
    events = Event.objects.filter(citations__source=article).distinct()
    undated = events.first()
    Event.objects.filter(pk=undated.pk).update(date_from=None, date_to=None)
    url = f"/admin/events/event/source/{article.pk}/publish-all/"
    confirm = client.get(url).content.decode()
    assert "Yes, publish them" in confirm and "it has no date" in confirm
    assert not events.filter(status="published").exists()
    response = client.post(url, follow=True)
    content = response.content.decode()
    assert "cannot be published: it has no date" in content
    assert set(events.values_list("status", flat=True)) == {"published", "draft"}
    assert events.get(pk=undated.pk).status == "draft"


# Citing by selecting


def passage(client, source: Source, follow: bool = False, **data):
    return client.post(f"/admin/events/event/source/{source.pk}/passage/", data, follow=follow)


def test_a_selected_passage_becomes_a_new_event_with_its_offsets(client, article):
    quote = "The talks were short."
    response = passage(client, article, quote=quote, position=article.text.index(quote),
                       title="Short talks", do="new")  # fmt: skip
    event = Event.objects.get(title="Short talks")
    assert response.status_code == 302 and response["Location"].endswith(f"#card-{event.pk}")
    citation = event.citations.get()
    assert (citation.start, citation.end) == (article.text.index(quote), len(article.text))
    assert citation.quote_matches() and event.status == "draft"


def test_a_selection_whose_line_breaks_became_spaces_is_still_found(make_source):
    source = make_source("First line\nof the text.\n\nSecond paragraph.")
    assert workbench.locate(source.text, "line of the   text.") == (6, 23)


def test_a_passage_not_in_the_source_is_refused_with_a_message(client, article):
    response = passage(client, article, quote="Scholz danced in Paris.", do="new", follow=True)
    assert "is not in the article&#x27;s text" in response.content.decode()
    assert not Event.objects.filter(title__contains="danced").exists()


def test_the_selected_position_chooses_between_repeated_passages(client, article):
    event = Event.objects.get(citations__source=article, kind="call")
    second = article.text.index("Scholz met", article.text.index("Scholz met") + 1)
    passage(client, article, quote="Scholz met", position=second - 3, event=event.pk, do="cite")
    assert event.citations.filter(start=second, end=second + 10).exists()


def test_a_pasted_passage_found_twice_asks_which_one(client, article):
    event = Event.objects.filter(citations__source=article).first()
    response = passage(client, article, quote="Scholz met", event=event.pk, do="cite")
    content = response.content.decode()
    assert response.status_code == 400 and "appears 2 times" in content
    assert content.count('name="occurrence"') == 2
    first = article.text.index("Scholz met")
    passage(client, article, quote="Scholz met", event=event.pk, do="cite", occurrence=first)
    assert event.citations.filter(start=first).exists()


def test_citing_needs_the_event_and_raises_its_version(client, article):
    event = Event.objects.filter(citations__source=article).first()
    response = passage(client, article, quote="The talks were short.", do="cite", follow=True)
    assert "Choose the event this passage reports." in response.content.decode()
    passage(client, article, quote="The talks were short.", event=event.pk, do="cite")
    assert Event.objects.get(pk=event.pk).version == event.version + 1


# The event admin's citation inline


def inline_data(event: Event, source: Source, quote: str, **extra) -> dict:
    from events.admin import EventAdminForm

    data = {
        "title": event.title, "slug": event.slug, "kind": event.kind, "summary": event.summary,
        "date_from": event.date_from, "date_to": event.date_to,
        "date_precision": event.date_precision, "confidence": event.confidence,
        "loaded_state": EventAdminForm(instance=event)["loaded_state"].value(),
        "citations-TOTAL_FORMS": 1, "citations-INITIAL_FORMS": 0,
        "citations-MIN_NUM_FORMS": 0, "citations-MAX_NUM_FORMS": 1000,
        "citations-0-source": source.pk, "citations-0-quote": quote, **extra,
    }  # fmt: skip
    return {k: v for k, v in data.items() if v is not None}


def test_the_citation_inline_takes_a_quote_alone(client, editor, make_source, make_event):
    source = make_source("Biden called Stoltenberg. They spoke for an hour.")
    event = make_event()
    response = client.post(
        f"/admin/events/event/{event.pk}/change/", inline_data(event, source, "spoke for an hour")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    citation = event.citations.get()
    assert (citation.start, citation.end) == (31, 48) and citation.quote_matches()


def test_the_citation_inline_asks_which_of_two_and_refuses_what_is_absent(
    client, editor, make_source, make_event
):
    source = make_source("They met. Then they met again.")
    event = make_event()
    url = f"/admin/events/event/{event.pk}/change/"
    content = client.post(url, inline_data(event, source, "they meet")).content.decode()
    assert "is not in the article" in content
    content = client.post(url, inline_data(event, source, "met")).content.decode()
    assert "appears 2 times" in content and "(at 5)" in content and "(at 20)" in content
    assert "between its start and end offsets" not in content  # one message, the useful one
    assert not event.citations.exists()
    response = client.post(url, inline_data(event, source, "met", **{"citations-0-occurrence": 20}))
    assert response.status_code == 302
    assert (event.citations.get().start, event.citations.get().end) == (20, 23)


# Addresses


def test_a_published_events_changed_address_redirects_permanently(client, editor, cited_event):
    from events import curation
    from tests.test_admin import change_form_data

    cited_event = cited_event()
    curation.publish(cited_event)
    old = cited_event.slug
    response = client.post(
        f"/admin/events/event/{cited_event.pk}/change/",
        change_form_data(cited_event, slug="2021-01-26-a-better-address"),
    )
    assert response.status_code == 302
    cited_event.refresh_from_db()
    assert cited_event.slug == "2021-01-26-a-better-address"
    moved = client.get(f"/events/{old}/")
    assert moved.status_code == 301 and moved["Location"] == cited_event.get_absolute_url()
    assert EventRedirect.objects.get(old_slug=old).event == cited_event


def test_a_drafts_address_follows_a_corrected_date(client, editor, cited_event):
    from tests.test_admin import change_form_data

    cited_event = cited_event()
    response = client.post(
        f"/admin/events/event/{cited_event.pk}/change/",
        change_form_data(cited_event, title="NATO summit in Washington",
                         date_from="2024-07-09", date_to="2024-07-11"),
    )  # fmt: skip
    assert response.status_code == 302
    cited_event.refresh_from_db()
    assert cited_event.slug == "2024-07-09-nato-summit-in-washington"
    assert not EventRedirect.objects.exists()  # a draft had no public address


# The admin home


def test_the_admin_home_leads_to_the_work(client, article):
    Import.objects.create(kind="url", state="failed", url="https://x.example/a", error="404")
    page = client.get("/admin/").content.decode()
    assert 'href="/admin/events/source/add/"' in page and "Add an article" in page
    assert 'href="/admin/events/event/review/"' in page
    drafts = Event.objects.filter(status="draft").count()
    assert f"{drafts} draft" in page
    assert review_url(article) in page  # the article with drafts, to review
    assert "failed: 404" in page
    assert "Needing attention" in page


# Summaries


def test_a_drafts_summary_adds_to_its_title_and_never_repeats_its_quote(article):
    drafts = Event.objects.filter(citations__source=article).distinct()
    for event in drafts:
        quotes = {" ".join(c.quote.split()) for c in event.citations.all()}
        assert event.summary not in quotes
        assert not any(q in event.summary for q in quotes)
    meeting = drafts.get(kind="meeting")
    assert "Taking part: " in meeting.summary and "Jens Stoltenberg" in meeting.summary


def test_a_summary_is_empty_when_the_fields_add_nothing():
    from events.ingest import draft_summary

    scholz = Actor(name="Olaf Scholz")
    assert draft_summary("Olaf Scholz speaks", [scholz], None, []) == ""
    berlin = Place(name="Berlin")
    assert draft_summary("Olaf Scholz speaks", [scholz], berlin, []) == "In Berlin."


# Honest import outcomes


def test_an_article_without_a_publication_date_names_the_sentences_it_could_not_date(
    client, editor
):
    text = "On Tuesday, Scholz met Jens Stoltenberg in Berlin. The weather was fine."
    response = client.post("/admin/events/source/add/", {
        "title": "Undated", "kind": "news", "text": text,
    }, follow=True)  # fmt: skip
    source = Source.objects.get(title="Undated")
    assert source.published is None
    why = "could not be resolved: “On Tuesday, Scholz met Jens Stoltenberg in Berlin.”"
    assert why in Import.objects.get(source=source).outcome()
    page = html.unescape(response.content.decode())  # the article's workbench
    assert why in page and "no publication date" in page


def test_an_article_with_no_event_sentence_says_so(client, editor):
    client.post("/admin/events/source/add/", {
        "title": "Weather", "kind": "news", "published": "2023-01-25",
        "text": "The weather in Brussels was fine all week. Nothing else happened.",
    })  # fmt: skip
    record = Import.objects.get(source__title="Weather")
    assert "none because the extractor found no sentence reporting" in record.outcome()
    page = client.get(review_url(record.source)).content.decode()
    assert "found no sentence reporting" in page


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_named_as_such_not_as_binary(encoding):
    from events.extraction import ArticleError
    from events.extraction.articles import decode

    with pytest.raises(ArticleError, match=r"not UTF-8 text \(UTF-16\)"):
        decode("Scholz met Stoltenberg in Berlin.".encode(encoding), "a.txt")
    with pytest.raises(ArticleError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x01\x02", "b.txt")


def test_a_batch_where_every_file_failed_says_nothing_was_imported(tmp_path):
    from django.core.management import CommandError, call_command

    for i in range(2):
        (tmp_path / f"bad{i}.txt").write_bytes("Brüssel".encode("utf-16"))
    with pytest.raises(CommandError, match="2 of 2 file\\(s\\) failed; nothing imported"):
        call_command("import_articles", str(tmp_path), verbosity=0)


def test_an_event_page_never_shows_its_quote_again_as_its_summary(client, cited_event):
    from events import curation

    event = cited_event()
    quote = event.citations.get().quote
    Event.objects.filter(pk=event.pk).update(summary=quote)  # as drafts were once made
    curation.publish(event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'class="summary"' not in page and quote in page
    Event.objects.filter(pk=event.pk).update(summary="Taking part: Joe Biden.")
    curation.change(Event.objects.filter(pk=event.pk))
    assert (
        'class="summary">Taking part: Joe Biden.'
        in client.get(event.get_absolute_url()).content.decode()
    )


def test_a_sources_admin_page_and_the_queue_lead_to_its_workbench(client, article):
    url = review_url(article)
    assert url in client.get(f"/admin/events/source/{article.pk}/change/").content.decode()
    assert url in client.get(f"/admin/events/event/review/?source={article.pk}").content.decode()


def test_dating_an_undated_article_extracts_its_events_again(client, editor):
    text = "On Tuesday, Scholz met Jens Stoltenberg in Berlin. The weather was fine."
    client.post("/admin/events/source/add/", {"title": "Undated", "kind": "news", "text": text})
    source = Source.objects.get(title="Undated")
    assert not Event.objects.filter(citations__source=source).exists()
    page = client.get(review_url(source)).content.decode()
    assert f'action="/admin/events/event/source/{source.pk}/redate/"' in page
    response = client.post(
        f"/admin/events/event/source/{source.pk}/redate/", {"published": "2023-01-26"}, follow=True
    )
    source.refresh_from_db()
    assert (source.published, source.published_inferred) == (dt.date(2023, 1, 26), False)
    meeting = Event.objects.get(citations__source=source)
    assert meeting.date_from == dt.date(2023, 1, 24)  # the Tuesday before the 26th
    assert "Dated; extracted again: done" in response.content.decode()
    bad = client.post(f"/admin/events/event/source/{source.pk}/redate/", {"published": "soon"},
                      follow=True)  # fmt: skip
    assert "Enter a valid date." in bad.content.decode()
