"""The reader bugs found when the demo was tried as a new user would (issue 16, item 9)."""

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
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_back_and_forward_keep_the_form_in_step_with_the_results(page, seeded, console_errors):
    page.goto("/")
    summit = page.get_by_label("Summit", exact=True)
    summit.check()
    page.wait_for_url(re.compile(r"kind=summit"))
    expect(page.locator("#events .event")).to_have_count(5)
    page.get_by_label("Search titles, summaries and quotes").fill("Madrid")
    page.wait_for_url(re.compile(r"q=Madrid"))
    expect(page.locator("#events .event")).to_have_count(1)

    page.go_back()
    page.wait_for_url(re.compile(r"/\?kind=summit$"))
    expect(page.locator("#events .event")).to_have_count(5)
    expect(page.get_by_label("Summit", exact=True)).to_be_checked()
    expect(page.get_by_label("Search titles, summaries and quotes")).to_have_value("")

    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#events .event")).to_have_count(20)
    expect(page.get_by_label("Summit", exact=True)).not_to_be_checked()

    page.go_forward()
    page.wait_for_url(re.compile(r"kind=summit$"))
    expect(page.get_by_label("Summit", exact=True)).to_be_checked()
    page.go_forward()
    page.wait_for_url(re.compile(r"q=Madrid"))
    expect(page.get_by_label("Search titles, summaries and quotes")).to_have_value("Madrid")
    expect(page.locator("#events .event")).to_have_count(1)
    assert console_errors == []


def test_bad_dates_in_debug_show_the_message_under_the_intact_form(page, seeded, settings):
    settings.DEBUG = True
    page.goto("/")
    page.get_by_label("From").fill("last tuesday")
    page.get_by_role("button", name="Apply filters").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "is not a date" in alert.inner_text()
    expect(page.locator("form#filters")).to_be_visible()
    # Still styled by our stylesheet: not Django's bare technical page.
    assert page.locator("link[rel=stylesheet]").count() >= 1
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Transatlantic diplomacy, event by event"
    )


def test_filter_urls_carry_only_the_fields_that_are_set(page, seeded):
    page.goto("/")
    page.get_by_label("Summit", exact=True).check()
    page.wait_for_url(re.compile(r"kind=summit"))
    assert page.url.endswith("/?kind=summit")


def test_without_javascript_the_submitted_form_redirects_to_the_normalised_url(
    page_without_js, seeded
):
    page = page_without_js
    page.goto("/")
    page.get_by_label("Summit", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=summit"))
    assert page.url.endswith("/?kind=summit")
    assert page.locator("#events .event").count() == 5


def test_an_event_known_only_by_its_year_is_not_shown_as_of_a_day(page, seeded):
    page.goto("/?from=2021&to=2021")
    planned = page.locator(".event", has_text="NATO Summit in Brussels")
    # Under its year's own heading, not among the events of 26 January, and its precision said.
    heading = planned.locator("xpath=preceding-sibling::li[contains(@class,'heading')][1]")
    expect(heading).to_have_text(re.compile(r"2021.*month not known"))
    expect(planned.locator(".when time")).to_have_text("2021")
    expect(planned.locator(".precision")).to_have_text(re.compile("date within the year not known"))


def test_the_favicon_is_served(page, seeded):
    response = page.goto("/favicon.ico")
    assert response is not None and response.ok
    assert "svg" in response.headers["content-type"]
