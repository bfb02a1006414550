"""Screenshots of the public pages at a phone's and a laptop's width, light and dark, saved
as artifacts under var/screenshots/ (git-ignored), with the layout facts they should show."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from events.gazetteer import sync_gazetteer
from events.models import Actor, Event, Place, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = {390: 844, 1280: 800}


@pytest.fixture
def seeded(transactional_db):
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


def pages() -> dict[str, str]:
    event = Event.objects.published().get(slug="2021-01-26-biden-and-stoltenberg-speak-by-phone")
    return {
        "timeline": "/",
        "filtered": "/?kind=call&kind=pledge&from=2021&to=2021",
        "event": event.get_absolute_url(),
        "actor": "/actors/joe-biden/",
        "embed-list": "/embed/?limit=5",
        "embed-rail": "/embed/?layout=rail&limit=8",
        "embed-strip": "/embed/?layout=strip&limit=20",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_screenshots_and_layout_facts(browser, live_server, unhashed_static, seeded, width, scheme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,
    )
    page = context.new_page()
    errors: list[str] = []  # a CSP violation (an inline style, a script) is one of these
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    try:
        for name, url in pages().items():
            page.goto(url)
            page.screenshot(path=SHOTS / f"{name}-{width}-{scheme}.png", full_page=False)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways at {width} px"
            if name in {"timeline", "filtered", "actor"}:
                assert page.locator(".rail .event .marker").count() > 0, name
            if name in {"timeline", "filtered"}:
                top = page.locator("#events .event").first.bounding_box()
                assert top is not None and top["y"] + 40 < WIDTHS[width], (
                    f"the first event of {name} is below the first screen at {width} px"
                )
        assert errors == []
    finally:
        context.close()
