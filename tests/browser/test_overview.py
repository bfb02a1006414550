"""The overview, the chips, the folding filters and the actor picker in a real browser."""

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


def bar(page, name: str):
    return page.locator(f'.overview svg a.bar[aria-label^="{name}:"]')


def test_a_bar_zooms_into_its_period_in_place(page, seeded):
    page.goto("/?kind=call")
    page.evaluate("window.__notReloaded = true")
    bar(page, "Q1 2021").click()
    page.wait_for_url(re.compile(r"/\?kind=call&from=2021-01&to=2021-03$"))
    expect(page.locator("#events .event")).to_have_count(4)
    # The overview is drawn again a level finer, the form follows, no reload.
    expect(page.locator(".overview svg.axis")).to_have_attribute("data-step", "month")
    expect(page.get_by_label("From")).to_have_value("2021-01")
    expect(page.get_by_label("Call", exact=True)).to_be_checked()
    assert page.evaluate("window.__notReloaded") is True
    page.get_by_role("link", name="All years").click()
    page.wait_for_url(re.compile(r"/\?kind=call$"))
    expect(page.locator("#events .event")).to_have_count(5)


def test_dragging_across_bars_chooses_a_range(page, seeded):
    page.goto("/?from=2017&to=2021")
    first, last = bar(page, "Q1 2017").bounding_box(), bar(page, "Q2 2017").bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + 5)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + 5, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r"from=2017-01&to=2017-06"))
    expect(page.locator("#events .event")).to_have_count(7)


def test_shift_arrows_choose_a_range_from_the_keyboard(page, seeded):
    page.goto("/?from=2017&to=2021")
    bar(page, "Q1 2017").focus()
    page.keyboard.press("Shift+ArrowRight")
    expect(bar(page, "Q2 2017")).to_be_focused()
    expect(page.locator("#status")).to_have_text("Q1 2017 to Q2 2017 chosen: Enter shows them.")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"from=2017-01&to=2017-06"))
    expect(page.locator("#events .event")).to_have_count(7)


def test_without_javascript_bars_zoom_links_and_chips_are_links(page_without_js, seeded):
    page = page_without_js
    page.goto("/?kind=summit")
    bar(page, "Q3 2018").click()
    page.wait_for_url(re.compile(r"/\?kind=summit&from=2018-07&to=2018-09$"))
    assert page.locator("#events .event").count() == 1
    page.locator(".chips a", has_text="Summit").click()
    page.wait_for_url(re.compile(r"/\?from=2018-07&to=2018-09$"))
    assert page.locator("#events .event").count() == 1
    page.get_by_role("link", name="All years").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("#events .event").count() == 20


def test_chips_remove_their_filter_and_the_form_follows(page, seeded):
    page.goto("/?kind=call&kind=pledge&q=Biden")
    expect(page.locator(".chips a")).to_have_count(3)
    page.locator(".chips a", has_text="Pledge").click()
    page.wait_for_url(re.compile(r"/\?(q=Biden&kind=call|kind=call&q=Biden)$"))
    expect(page.get_by_label("Pledge", exact=True)).not_to_be_checked()
    expect(page.locator(".chips a")).to_have_count(2)
    expect(page.locator("#events .event")).to_have_count(3)


def test_on_a_phone_the_filters_fold_behind_a_button(page, seeded):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/?kind=call")
    expect(page.locator("form#filters")).to_be_hidden()
    toggle = page.get_by_role("link", name=re.compile(r"Filters \(1 active\)"))
    toggle.click()
    expect(page.locator("form#filters")).to_be_visible()
    page.get_by_label("Meeting", exact=True).check()
    page.wait_for_url(re.compile(r"kind=call&kind=meeting"))
    page.get_by_role("link", name="Close").click()
    expect(page.locator("form#filters")).to_be_hidden()
    first = page.locator("#events .event").first.bounding_box()
    page.evaluate("window.scrollTo(0, 0)")
    first = page.locator("#events .event").first.bounding_box()
    assert first["y"] < 844


def test_the_actor_picker_finds_actors_as_you_type(page, seeded):
    from events.models import Event

    # More actors than the form lists before a search.
    extra = list(Actor.objects.filter(slug__in=["emmanuel-macron", "kaja-kallas", "olaf-scholz",
                                                 "rishi-sunak", "mark-rutte"]))  # fmt: skip
    assert len(extra) >= 3
    Event.objects.published().get(slug__contains="merkel").participants.add(*extra)
    page.goto("/")
    listed = set(
        page.locator(".actors > .actor-list input").evaluate_all("l => l.map(e => e.value)")
    )
    unlisted = next(a for a in extra if a.slug not in listed)
    page.locator(".actors summary").click()
    search = page.get_by_label("Find another actor")
    search.fill(unlisted.name[:4])
    found = page.locator("#actor-found label", has_text=unlisted.name)
    expect(found).to_have_count(1)
    found.click()
    page.wait_for_url(re.compile(f"actor={unlisted.slug}"))
    expect(page.locator("#events .event")).to_have_count(1)
    # The chosen actor stays in the form when the next search replaces the options.
    search.fill("put")
    expect(page.locator("#actor-found label")).to_have_count(0)
    expect(page.get_by_label(unlisted.name)).to_be_checked()
