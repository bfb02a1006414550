"""axe-core (shipped inside axe-playwright-python, run in the page) finds no violations on the
public views, light and dark, at a phone's and a laptop's width."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from events.gazetteer import sync_gazetteer
from events.models import Actor, Place, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URLS = [
    "/",
    "/?kind=call&kind=pledge&from=2021-01&to=2021-03",
    "/?from=banana",
    "/events/2021-01-26-biden-and-stoltenberg-speak-by-phone/",
    "/actors/joe-biden/",
    "/actors/?q=bi",
    "/embed/?limit=8",
    "/embed/?layout=rail&limit=8",
    "/embed/?layout=strip&limit=20",
]


@pytest.fixture
def seeded(transactional_db):
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (390, "dark")])
def test_no_axe_violations(browser, live_server, unhashed_static, seeded, width, scheme):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 844}, color_scheme=scheme
    )
    page = context.new_page()
    axe = Axe()
    found = {}
    try:
        for url in URLS:
            page.goto(url)
            violations = axe.run(page).response["violations"]
            if violations:
                found[url] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    finally:
        context.close()
    assert found == {}, "\n".join(f"{url}: {v}" for url, v in found.items())
