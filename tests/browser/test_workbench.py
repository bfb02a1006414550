"""The editor's workbench in a real browser: cite by selecting, a citation by quote alone,
publish, reject and edit by keyboard, a conflicting edit refused, axe on the new views."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from events import curation
from events.gazetteer import sync_gazetteer
from events.models import Actor, Event, Place, Source, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "fixtures/articles/004_2fa3a9bb654af29b.txt"


@pytest.fixture
def source(transactional_db) -> Source:
    sync_gazetteer(Actor, Place, Topic)
    call_command("import_articles", SEED, verbosity=0)
    return Source.objects.get(file_name="004_2fa3a9bb654af29b.txt")


def log_in(page, next_url: str) -> None:
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_url}")


def select_text(page, needle: str, occurrence: int = 0) -> None:
    """Select `needle` in the article as a mouse would (the page's text nodes, one range)."""
    page.evaluate(
        """([needle, occurrence]) => {
          const root = document.getElementById("wb-text");
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          const nodes = []; let all = "";
          while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]);
                                      all += walker.currentNode.data; }
          let at = -1;
          for (let i = 0; i <= occurrence; i++) at = all.indexOf(needle, at + 1);
          const place = (offset) => {
            const [node, start] = nodes.filter(([, s]) => s <= offset).pop();
            return [node, offset - start];
          };
          const range = document.createRange();
          range.setStart(...place(at));
          range.setEnd(...place(at + needle.length));
          const selection = window.getSelection();
          selection.removeAllRanges(); selection.addRange(range);
          root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        [needle, occurrence],
    )


def test_a_selected_passage_becomes_an_event_with_the_right_offsets(page, admin_user, source):
    url = f"/admin/events/event/source/{source.pk}/"
    log_in(page, url)
    # A passage the extractor did not cite, spanning a highlighted one's edge if need be.
    text = source.text
    line = text.strip().splitlines()[-1]
    quote = line[line.index(" ", len(line) - 50) + 1 :]
    select_text(page, quote)
    expect(page.locator("#wb-quote")).to_have_value(quote)
    page.get_by_label("Title of a new event").fill("A passage picked by hand")
    page.get_by_role("button", name="New event from this passage").click()
    event = Event.objects.get(title="A passage picked by hand")
    expect(page.locator(f"#card-{event.pk}")).to_be_visible()
    citation = event.citations.get()
    start = text.rindex(quote)
    assert (citation.start, citation.end) == (start, start + len(quote))
    assert citation.quote_matches()


def test_a_citation_added_by_its_quote_alone(page, admin_user, source):
    event = Event.objects.filter(citations__source=source).first()
    line = source.text.strip().splitlines()[-1]
    quote = line[line.index(" ", len(line) - 50) + 1 :]
    log_in(page, f"/admin/events/event/{event.pk}/change/")
    page.get_by_text("Add another Citation").click()
    row = page.locator("#citations-group tr.dynamic-citations").last
    # The source's autocomplete widget, given its choice as select2 would give it.
    select = row.locator("select[name$='-source']")
    select.evaluate(
        "(el, [pk, title]) => { el.add(new Option(title, pk, true, true)); }",
        [source.pk, source.title],
    )
    row.locator("textarea[name$='-quote']").fill(quote)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    citation = event.citations.get(start=source.text.index(quote))
    assert citation.end == citation.start + len(quote)


def test_publish_reject_and_edit_by_keyboard_in_place(page, admin_user, source):
    url = f"/admin/events/event/source/{source.pk}/"
    log_in(page, url)
    page.evaluate("window.__notReloaded = true")
    cards = page.locator(".wb-card")
    first_id, second_id, third_id = (
        int(cards.nth(i).get_attribute("data-event")) for i in range(3)
    )
    page.keyboard.press("j")
    expect(page.locator(f"#card-{first_id}")).to_be_focused()
    page.keyboard.press("p")
    expect(page.locator(f"#card-{first_id} .wb-status")).to_have_text("Published")
    expect(page.locator(f"#card-{second_id}")).to_be_focused()  # on to the next
    page.keyboard.press("r")
    expect(page.locator(f"#card-{second_id} .wb-status")).to_have_text("Rejected")
    expect(page.locator(f"#card-{third_id}")).to_be_focused()
    page.keyboard.press("e")
    title = page.locator(f"#id_e{third_id}-title")
    expect(title).to_be_focused()
    title.fill("Edited by keyboard")
    title.press("Enter")
    expect(page.locator(f"#card-title-{third_id}")).to_have_text("Edited by keyboard")
    assert page.evaluate("window.__notReloaded") is True
    statuses = dict(Event.objects.filter(pk__in=[first_id, second_id]).values_list("pk", "status"))
    assert statuses == {first_id: "published", second_id: "rejected"}
    assert Event.objects.get(pk=third_id).title == "Edited by keyboard"


def test_a_conflicting_edit_by_a_second_editor_is_refused(page, admin_user, source):
    url = f"/admin/events/event/source/{source.pk}/"
    log_in(page, url)
    card = page.locator(".wb-card").first
    pk = int(card.get_attribute("data-event"))
    # Another editor saves the event after this page was loaded.
    curation.change(Event.objects.filter(pk=pk), title="Their title")
    card.focus()
    page.keyboard.press("p")
    alert = page.locator(f"#card-{pk} [role=alert]")
    expect(alert).to_contain_text("Someone else saved “Their title”")
    expect(page.locator(f"#card-title-{pk}")).to_have_text("Their title")  # theirs shown now
    assert Event.objects.get(pk=pk).status == "draft"


def test_the_review_view_works_without_javascript(page_without_js, admin_user, source):
    page = page_without_js
    url = f"/admin/events/event/source/{source.pk}/"
    log_in(page, url)
    card = page.locator(".wb-card").first
    pk = int(card.get_attribute("data-event"))
    card.get_by_role("button", name="Reject").click()
    page.wait_for_url(f"**{url}#card-{pk}")
    expect(page.locator(f"#card-{pk} .wb-status")).to_have_text("Rejected")
    page.get_by_role("link", name="Publish all").click()
    page.get_by_role("button", name="Yes, publish them").click()
    expect(page.locator(".messagelist")).to_contain_text("published")
    assert not Event.objects.filter(citations__source=source, status="draft").exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_workbench(browser, live_server, unhashed_static, admin_user,
                                             source, scheme):  # fmt: skip
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
    found = {}
    try:
        log_in(page, "/admin/")
        for url in ["/admin/", f"/admin/events/event/source/{source.pk}/",
                    f"/admin/events/event/source/{source.pk}/publish-all/"]:  # fmt: skip
            page.goto(url)
            violations = Axe().run(page).response["violations"]
            if violations:
                found[url] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    finally:
        context.close()
    assert found == {}, "\n".join(f"{url}: {v}" for url, v in found.items())


def test_the_event_list_and_the_citation_inline_fit_1280_px(browser, live_server, unhashed_static,
                                                           admin_user, source):  # fmt: skip
    event = Event.objects.filter(citations__source=source).first()
    Event.objects.filter(pk=event.pk).update(title="A very long title " * 12)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, "/admin/")
        # Nothing wider than the window, nor scrolled sideways inside its box.
        for url, box in [("/admin/events/event/", "#changelist .results"),
                         (f"/admin/events/event/{event.pk}/change/", "#citations-group")]:  # fmt: skip
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280, url
            widths = page.locator(box).evaluate("el => [el.scrollWidth, el.clientWidth]")
            assert widths[0] <= widths[1], (url, widths)
        page.goto("/admin/events/event/")
        expect(page.locator("#result_list td.field-confidence_percent").first).to_have_text(
            re.compile(r"^\d{1,3}%$")
        )
    finally:
        context.close()
