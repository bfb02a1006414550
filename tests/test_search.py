"""Full-text search stays right however rows change: on PostgreSQL the stored document is
kept by triggers, so these go through the ORM's bulk and queryset paths as well as save()."""

from __future__ import annotations

import pytest

from events.models import Citation, Event, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    text = "Leaders discussed hybrid threats. Ministers agreed on pipelines."
    return Source.objects.create(title="Report", text=text, original_text=text)


def event(slug: str, **fields) -> Event:
    return Event.objects.create(
        slug=slug, title=fields.pop("title", slug), kind="meeting", status="published",
        date_from="2021-01-26", date_to="2021-01-26", **fields,
    )  # fmt: skip


def cite(event: Event, source: Source, quote: str) -> Citation:
    at = source.text.index(quote)
    return Citation.objects.create(
        event=event, source=source, quote=quote, start=at, end=at + len(quote)
    )


def found(text: str) -> set[str]:
    return set(Event.objects.published().search(text).values_list("slug", flat=True))


def test_title_summary_and_quotes_are_searched(source):
    event("a", title="Talks on cyber defence")
    event("b", summary="They spoke about sanctions.")
    cite(event("c"), source, "Leaders discussed hybrid threats.")
    assert found("cyber") == {"a"}
    assert found("sanctions") == {"b"}
    assert found("hybrid threats") == {"c"}
    assert found("hybrid sanctions") == set()  # every word must match


def test_changes_through_update_and_bulk_create_are_searched(source):
    e = event("a", title="Talks")
    Event.objects.filter(pk=e.pk).update(title="Talks on pipelines")
    assert found("pipelines") == {"a"}
    Event.objects.bulk_create([Event(slug="bulk", title="Bulk summit", status="published")])
    assert found("summit") == {"bulk"}


def test_adding_moving_and_removing_a_citation_changes_what_matches(source):
    a, b = event("a"), event("b")
    citation = cite(a, source, "Ministers agreed on pipelines.")
    assert found("pipelines") == {"a"}
    Citation.objects.filter(pk=citation.pk).update(event=b)  # as a merge moves citations
    assert found("pipelines") == {"b"}
    citation.delete()
    assert found("pipelines") == set()
