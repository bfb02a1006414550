"""Where an event sorts on every page (Event.sort_date, the keyset of EventQuerySet.page_after):
an event known only by its year sorts at the start of that year on the timeline, the API, the
embed, the feeds and the actor and source pages, across pages and not only within one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from events import curation, views
from events.models import Actor, Event

D = dt.date


@pytest.fixture
def year_2021(cited_event):
    """Dated events around an event known only as "in 2021", whose first possible day (15 June,
    the day someone spoke of it) would put it among June's events."""
    biden = Actor.objects.get(slug="joe-biden")
    made = {}
    for name, start, end, precision in [
        ("dec-2021", D(2021, 12, 3), D(2021, 12, 3), "day"),
        ("jun-2021", D(2021, 6, 20), D(2021, 6, 20), "day"),
        ("in-2021", D(2021, 6, 15), D(2021, 12, 31), "year"),
        ("jun-2021-early", D(2021, 6, 10), D(2021, 6, 10), "day"),
        ("feb-2021", D(2021, 2, 1), D(2021, 2, 1), "day"),
        ("nov-2020", D(2020, 11, 5), D(2020, 11, 5), "day"),
    ]:
        event = cited_event(title=name, date_from=start, date_to=end, date_precision=precision)
        event.participants.add(biden)
        curation.publish(event)
        made[name] = event
    return made


NEWEST = ["dec-2021", "jun-2021", "jun-2021-early", "feb-2021", "in-2021", "nov-2020"]


def titles_through_api(client, url: str) -> list[str]:
    seen = []
    while url:
        body = client.get(url).json()
        seen += [e["title"] for e in body["events"]]
        url = body["next"]
    return seen


def test_the_stored_sort_date_is_the_start_of_the_period_known(year_2021):
    sort_dates = dict(Event.objects.values_list("title", "sort_date"))
    assert sort_dates["in-2021"] == D(2021, 1, 1)
    assert sort_dates["jun-2021"] == D(2021, 6, 20)


def test_an_update_that_bypasses_saves_keeps_the_sort_date(year_2021):
    event = year_2021["jun-2021"]
    curation.change(Event.objects.filter(pk=event.pk), date_precision="year")
    assert Event.objects.get(pk=event.pk).sort_date == D(2021, 1, 1)
    Event.objects.filter(pk=event.pk).update(date_precision="month", date_from=D(2021, 5, 1))
    assert Event.objects.get(pk=event.pk).sort_date == D(2021, 5, 1)


@pytest.mark.parametrize("size", [1, 2, 4])
def test_api_pages_place_a_year_only_event_after_its_years_dated_events(client, year_2021, size):
    assert titles_through_api(client, f"/api/events?size={size}") == NEWEST
    oldest = titles_through_api(client, f"/api/events?size={size}&order=oldest")
    assert oldest == NEWEST[::-1]


def test_timeline_pages_follow_the_same_order_with_one_heading_for_it(client, year_2021):
    seen, query, headings = [], "size=2", 0
    while query:
        page = client.get(f"/?{query}", HTTP_HX_REQUEST="true").content.decode()
        headings += page.count("2021 · month not known")
        seen += [t for t in re.findall(r'href="/events/[^"]*">([^<]+)</a>', page) if t in NEWEST]
        found = re.search(r"after=([0-9-]+_[0-9]+)", page)
        query = f"size=2&after={found.group(1)}" if found else ""
    assert seen == NEWEST
    assert headings == 1


def test_actor_pages_page_in_the_same_order(client, year_2021, monkeypatch):
    monkeypatch.setattr(views, "LISTING_SIZE", 2)
    seen, query = [], ""
    while True:
        page = client.get(f"/actors/joe-biden/{query}").content.decode()
        page = page[page.rindex("</dl>") :] if "</dl>" in page else page  # the list, not the ends
        seen += [t for t in re.findall(r">([a-z]{3}-20[0-9]{2}(?:-early)?|in-2021)<", page)]
        found = re.search(r"after=([0-9-]+_[0-9]+)", page)
        if not found:
            break
        query = f"?after={found.group(1)}"
    assert [t for t in seen if t in NEWEST] == NEWEST
