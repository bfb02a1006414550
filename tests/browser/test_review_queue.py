from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from events.gazetteer import sync_gazetteer
from events.models import Actor, Event, Place, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drafts(transactional_db):
    sync_gazetteer(Actor, Place, Topic)
    call_command("import_articles", "fixtures/articles/004_2fa3a9bb654af29b.txt", verbosity=0)
    return Event.objects.filter(status="draft").order_by("confidence", "date_from", "pk")


def test_publish_and_reject_from_the_queue_without_leaving_it(
    page, live_server, admin_user, drafts
):
    page.goto("/admin/login/?next=/admin/events/event/review/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/events/event/review/")
    page.evaluate("window.__notReloaded = true")
    first, second = list(drafts[:2])
    row = page.locator(f"#review-{first.pk}")
    row.get_by_role("button", name="Publish").click()
    expect(row.locator(".done")).to_have_text("Published")
    other = page.locator(f"#review-{second.pk}")
    other.get_by_role("button", name="Reject").click()
    expect(other.locator(".done")).to_have_text("Rejected")
    assert page.evaluate("window.__notReloaded") is True
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("published", "rejected")
    page.goto(first.get_absolute_url())
    expect(page.locator("h1")).to_have_text(first.title)
