from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from events.gazetteer import sync_gazetteer
from events.models import Actor, Place, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(transactional_db):
    # Transactional tests flush the tables, migration data included: load what is needed.
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


def kinds_shown(page) -> set[str]:
    return set(page.locator("#events .event .badge:not(.badge-planned)").all_inner_texts())


def test_a_filter_change_swaps_the_list_in_place_and_updates_the_url(page, seeded):
    page.goto("/")
    page.evaluate("window.__notReloaded = true")
    assert page.locator("#events .event").count() == 20
    page.get_by_label("Call", exact=True).check()
    page.wait_for_url(re.compile(r"kind=call"))
    expect(page.locator("#events .event")).to_have_count(5)
    assert kinds_shown(page) == {"Call"}
    assert page.evaluate("window.__notReloaded") is True  # no full reload
    expect(page.locator("#status")).to_have_text("5 events")


def test_back_restores_the_previous_results(page, seeded):
    page.goto("/")
    page.get_by_label("Agreement", exact=True).check()
    page.wait_for_url(re.compile(r"kind=agreement"))
    expect(page.locator("#events .event")).to_have_count(5)
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#events .event")).to_have_count(20)
    page.go_forward()
    page.wait_for_url(re.compile(r"kind=agreement"))
    expect(page.locator("#events .event")).to_have_count(5)


def test_more_results_append_to_the_list(page, seeded):
    page.goto("/?size=8")
    page.evaluate("window.__notReloaded = true")
    first = page.locator("#events .event h4").all_inner_texts()
    page.get_by_role("link", name="More events").click()
    expect(page.locator("#events .event")).to_have_count(16)
    after = page.locator("#events .event h4").all_inner_texts()
    assert after[:8] == first and len(set(after)) == 16
    assert page.evaluate("window.__notReloaded") is True


def test_search_as_you_type(page, seeded):
    page.goto("/")
    page.get_by_label("Search titles, summaries and quotes").fill("Montenegro")
    page.wait_for_url(re.compile(r"q=Montenegro"))
    expect(page.locator("#events .event")).to_have_count(1)


def test_bad_dates_show_the_error_in_place(page, seeded):
    page.goto("/")
    page.get_by_label("From").fill("banana")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("alert").wait_for()
    assert "is not a date" in page.get_by_role("alert").inner_text()


def test_the_page_works_without_javascript(page_without_js, seeded):
    page = page_without_js
    page.goto("/")
    page.get_by_label("Summit", exact=True).check()
    page.get_by_label("Place").select_option("brussels")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=summit.*place=brussels"))
    assert kinds_shown(page) == {"Summit"}
    assert page.locator("#events .event").count() == 3
    page.goto("/?size=5")
    page.get_by_role("link", name="More events").click()
    assert "after=" in page.url and page.locator("#events .event").count() == 5


def test_usable_at_360_pixels(page, seeded):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
