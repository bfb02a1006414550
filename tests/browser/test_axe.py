"""axe-core on the views of issue 13 that tests/browser/test_accessibility.py (public pages) and
test_workbench.py (the workbench) do not visit: a source page, the embed of one event, and the
admin review queue with drafts in it; light and dark."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from events.gazetteer import sync_gazetteer
from events.models import Actor, Citation, Event, Place, Source, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_with_drafts(transactional_db):
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)
    source = Source.objects.order_by("pk").first()
    for number in range(3):  # drafts for the queue, cited like imported ones
        draft = Event.objects.create(
            title=f"Draft call {number}", slug=f"draft-call-{number}", kind="call",
            date_from="2021-01-26", date_to="2021-01-26", summary="A draft.",
        )  # fmt: skip
        quote = source.text[10:40]
        Citation.objects.create(event=draft, source=source, quote=quote, start=10, end=40)


def violations_on(page, urls: list[str]) -> dict[str, list]:
    axe = Axe()
    found = {}
    for url in urls:
        page.goto(url)
        violations = axe.run(page).response["violations"]
        if violations:
            found[url] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_source_embed_and_review_queue(
    browser, live_server, unhashed_static, admin_user, seeded_with_drafts, scheme
):
    event = Event.objects.published().filter(citations__isnull=False).first()
    source = Source.objects.filter(citations__event=event).first()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
    try:
        found = violations_on(
            page,
            [
                source.get_absolute_url(),
                f"/embed/events/{event.slug}/",
                f"/embed/events/{event.slug}/?theme={scheme}",
            ],
        )
        page.goto("/admin/login/?next=/admin/events/event/review/")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill("password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/events/event/review/")
        found |= violations_on(page, ["/admin/events/event/review/"])
        assert "Draft call 0" in page.content()  # the queue was checked with drafts in it
    finally:
        context.close()
    assert found == {}, "\n".join(f"{url}: {v}" for url, v in found.items())
