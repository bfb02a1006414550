"""Measured: one editor takes the seed article with the most events (003, eight proposals)
from "Add an article" to everything published, correcting one event (its title and a wrong
participant) and adding the one the extractor missed ("In 2017, NATO deployed a new, enhanced
Forward Presence …", dated to the year). Page loads, clicks and keystrokes are counted, through
the admin's list, change and add forms and the review queue ("before") and through the
workbench ("after"); run with -s to see the figures (the README quotes them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from events.gazetteer import sync_gazetteer, sync_reference
from events.models import Actor, Event, KnownMeeting, Place, Source, Term, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = "fixtures/articles/003_357e44b216b55115.txt"
TITLE = "Trump hosts Stoltenberg"  # the title an editor types for an uploaded file
MISSED = "In 2017, NATO deployed a new, enhanced Forward Presence"
WRONG = "Trump, Stoltenberg and Truman speak by phone"
RIGHT = "Trump and Stoltenberg speak by phone"


@dataclass
class Counts:
    loads: int = 0
    clicks: int = 0
    keys: int = 0

    def __str__(self) -> str:
        return f"{self.loads} page loads, {self.clicks} clicks, {self.keys} keystrokes"


class Editor:
    """Acts on the page and counts: a click, a key, typed text (a key per character), a paste
    (Ctrl+V: two keys), and every full page load."""

    def __init__(self, page: Page) -> None:
        self.page, self.counts = page, Counts()
        page.on("load", self.loaded)

    def loaded(self, _: object) -> None:
        self.counts.loads += 1

    def done(self) -> Counts:
        self.page.remove_listener("load", self.loaded)
        return self.counts

    def click(self, locator) -> None:
        self.counts.clicks += 1
        locator.click()

    def type(self, locator, text: str) -> None:
        self.counts.clicks += 1  # into the field
        self.counts.keys += len(text)
        locator.fill(text)

    def retype(self, locator, text: str) -> None:
        """Select what the field holds (Ctrl+A) and type over it."""
        self.counts.keys += 2
        self.type(locator, text)

    def paste(self, locator, text: str) -> None:
        self.counts.clicks += 1
        self.counts.keys += 2
        locator.fill(text)

    def press(self, key: str) -> None:
        self.counts.keys += 1
        self.page.keyboard.press(key)


@pytest.fixture
def ready(transactional_db, admin_user):
    # As the migrations load them (an earlier transactional test may have flushed them).
    sync_gazetteer(Actor, Place, Topic)
    sync_reference(Actor, Term, KnownMeeting)


def log_in(page: Page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def add_the_article(ed: Editor, via_home_button: bool) -> Source:
    page = ed.page
    if via_home_button:
        ed.click(page.get_by_role("link", name="Add an article").first)
    else:  # the home's app list: Sources, then Add source
        ed.click(page.locator("tr.model-source a.addlink"))
    ed.type(page.get_by_label("Title"), TITLE)
    ed.click(page.get_by_label("File"))
    page.get_by_label("File").set_input_files(ARTICLE)
    ed.click(page.get_by_role("button", name="Fetch or import, and extract"))
    page.wait_for_load_state()
    return Source.objects.get(title=TITLE)


def everything_published(source: Source) -> None:
    events = Event.objects.filter(citations__source=source).distinct()
    assert events.count() == 9
    assert set(events.values_list("status", flat=True)) == {"published"}
    call = events.get(title=RIGHT)
    assert {a.name for a in call.participants.all()} == {"Donald Trump", "Jens Stoltenberg"}
    missed = events.get(citations__quote__startswith=MISSED)
    assert (str(missed.date_from), str(missed.date_to), missed.date_precision) == (
        "2017-01-01", "2017-12-31", "year",
    )  # fmt: skip


def after(page: Page) -> Counts:
    """The workbench: the article beside its proposals, edits in place, a selection for the
    missed event, publish all."""
    log_in(page)
    ed = Editor(page)
    source = add_the_article(ed, via_home_button=True)
    call = Event.objects.get(title=WRONG)
    card = page.locator(f"#card-{call.pk}")
    ed.click(card.locator(".wb-meta"))  # focus the card (j/k would do too)
    expect(card).to_be_focused()
    ed.press("e")
    ed.retype(page.locator(f"#id_e{call.pk}-title"), RIGHT)
    ed.retype(page.locator(f"#id_e{call.pk}-participants"), "Donald Trump, Jens Stoltenberg")
    ed.press("Enter")
    expect(page.locator(f"#card-title-{call.pk}")).to_have_text(RIGHT)
    # The missed event: select its sentence (one drag), make an event of it.
    sentence = page.locator("#wb-text span", has_text=MISSED).first
    box = sentence.bounding_box()
    start = page.evaluate(
        """(needle) => {
          const root = document.getElementById("wb-text");
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const at = walker.currentNode.data.indexOf(needle);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(walker.currentNode, at);
              range.setEnd(walker.currentNode, walker.currentNode.data.indexOf(":", at) + 1);
              const selection = window.getSelection();
              selection.removeAllRanges(); selection.addRange(range);
              root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
              return true;
            }
          }
          return false;
        }""",
        MISSED,
    )
    assert start and box is not None
    ed.counts.clicks += 1  # the drag that selects it
    ed.click(page.get_by_role("button", name="New event from this passage"))
    page.wait_for_load_state()
    new = Event.objects.get(citations__quote__startswith=MISSED)
    card = page.locator(f"#card-{new.pk}")
    ed.click(card.locator("summary"))
    ed.type(page.locator(f"#id_e{new.pk}-date_from"), "2017-01-01")
    ed.type(page.locator(f"#id_e{new.pk}-date_to"), "2017-12-31")
    ed.click(page.locator(f"#id_e{new.pk}-date_precision"))
    page.locator(f"#id_e{new.pk}-date_precision").select_option("year")
    ed.counts.clicks += 1  # the option
    ed.click(card.get_by_role("button", name="Save"))
    expect(card.locator("time")).to_have_text("2017")
    ed.click(page.get_by_role("link", name=re.compile("Publish all")))
    ed.click(page.get_by_role("button", name="Yes, publish them"))
    page.wait_for_load_state()
    everything_published(source)
    return ed.done()


def before(page: Page) -> Counts:
    """The admin as it was: the queue, the event's change form, the add form (a quote and the
    offsets in the citation inline), publishing row by row."""
    page.goto("/admin/")  # logged in already
    ed = Editor(page)
    source = add_the_article(ed, via_home_button=False)
    # Where the import led then: the queue (one load, as the redirect to the workbench is now).
    page.goto(f"/admin/events/event/review/?source={source.pk}")
    ed.counts.loads -= 1
    call = Event.objects.get(title=WRONG)
    ed.click(page.locator(f"#review-{call.pk}").get_by_role("link", name="Edit"))
    ed.retype(page.get_by_label("Title:"), RIGHT)
    # Truman's chip in the participants' autocomplete: its remove button.
    ed.click(page.locator(".field-participants li.select2-selection__choice", has_text="Truman")
             .locator(".select2-selection__choice__remove"))  # fmt: skip
    page.keyboard.press("Escape")
    ed.click(page.get_by_role("button", name="Save", exact=True))
    page.wait_for_load_state()
    # The missed event, added by hand.
    ed.click(page.get_by_role("link", name="Add event"))
    ed.type(page.get_by_label("Title:"), "NATO deploys an enhanced Forward Presence")
    ed.click(page.get_by_label("Kind:"))
    page.get_by_label("Kind:").select_option("other")
    ed.counts.clicks += 1
    ed.type(page.get_by_label("Date from:"), "2017-01-01")
    ed.type(page.get_by_label("Date to:"), "2017-12-31")
    ed.click(page.get_by_label("Date precision:"))
    page.get_by_label("Date precision:").select_option("year")
    ed.counts.clicks += 1
    ed.click(page.get_by_text("Add another Citation"))
    row = page.locator("#citations-group tr.dynamic-citations").last
    # The source's autocomplete: open it, type part of its title, pick it.
    ed.click(row.locator(".select2-selection"))
    ed.type(page.locator(".select2-dropdown .select2-search__field"), "Trump")
    page.locator(".select2-results__option", has_text=TITLE).click()
    ed.counts.clicks += 1
    text = source.text
    quote = text[text.index(MISSED) : text.index(":", text.index(MISSED)) + 1]
    ed.paste(row.locator("textarea[name$='-quote']"), quote)
    # Then also typed its offsets, found outside the admin (a Django shell): not counted here.
    start = text.index(quote)
    ed.counts.clicks += 2
    ed.counts.keys += len(str(start)) + len(str(start + len(quote)))
    ed.click(page.get_by_role("button", name="Save", exact=True))
    page.wait_for_load_state()
    ed.click(page.get_by_role("link", name="Review queue"))
    page.wait_for_load_state()
    buttons = page.locator("#review").get_by_role("button", name="Publish")
    while (left := buttons.count()) > 0:
        ed.click(buttons.first)
        expect(buttons).to_have_count(left - 1)
    everything_published(source)
    return ed.done()


def test_measured_editor_workflow(page, ready, capsys):
    figures = {"after (workbench)": after(page)}
    for event in Event.objects.all():
        event.delete()
    Source.objects.all().delete()
    figures["before (admin forms and queue)"] = before(page)
    with capsys.disabled():
        for name, counts in figures.items():
            print(f"\n{name}: {counts}")
    done, was = figures["after (workbench)"], figures["before (admin forms and queue)"]
    assert done.loads < was.loads and done.clicks < was.clicks and done.keys < was.keys
