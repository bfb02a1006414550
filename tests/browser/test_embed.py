from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from events.gazetteer import sync_gazetteer
from events.models import Actor, Place, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other_site():
    """Another site, on another origin (127.0.0.1 and its own port; the live server is on
    localhost), serving whatever page a test gives it."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def seeded(transactional_db):
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


def host_page(page, live_server, other_site, attributes: str) -> None:
    """Another site's page with our loader on it."""
    pages, origin = other_site
    pages["/article"] = (
        "<!doctype html><html><body><h1>An article</h1>"
        f'<script src="{live_server.url}/static/events/embed.js" {attributes} async></script>'
        "<p>After the timeline.</p></body></html>"
    )
    page.goto(f"{origin}/article")


def test_loader_inserts_the_iframe_and_sizes_it_to_its_content(
    page, live_server, other_site, seeded
):
    host_page(
        page, live_server, other_site, 'data-kind="call" data-actor="joe-biden" data-limit="3"'
    )
    frame = page.locator("iframe")
    expect(frame).to_have_count(1)
    src = frame.get_attribute("src")
    assert src.startswith(f"{live_server.url}/embed/?") and "kind=call" in src
    content = page.frame_locator("iframe").locator(".embed .title")
    expect(content).to_have_count(3)
    # The frame reports its height; the loader replaces the 400px default with it.
    expect(frame).not_to_have_attribute("style", "border: 0px; width: 100%; height: 400px;")
    inner = (
        page.frame_locator("iframe")
        .locator("html")
        .evaluate("e => e.getBoundingClientRect().height")
    )
    outer = frame.evaluate("e => e.getBoundingClientRect().height")
    assert abs(outer - inner) <= 2 and outer < 400


def test_loader_follows_content_growth(page, live_server, other_site, seeded):
    host_page(page, live_server, other_site, 'data-limit="20"')
    frame = page.locator("iframe")
    expect(page.frame_locator("iframe").locator(".embed .title")).to_have_count(20)
    expect(frame).not_to_have_attribute("style", "border: 0px; width: 100%; height: 400px;")
    assert frame.evaluate("e => e.getBoundingClientRect().height") > 1000


def test_the_timeline_page_itself_refuses_to_be_framed(page, live_server, other_site, seeded):
    pages, origin = other_site
    pages["/framing"] = f'<!doctype html><iframe src="{live_server.url}/"></iframe>'
    page.goto(f"{origin}/framing")
    frame = page.frame_locator("iframe")
    expect(frame.locator("body")).not_to_contain_text("Transatlantic diplomacy")
    expect(frame.locator("body")).to_contain_text("refused")


def test_the_strip_layout_is_keyboard_navigable_and_stays_on_this_site(page, live_server, seeded):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/embed/?layout=strip&limit=20")
    markers = page.locator(".strip a.m")
    expect(markers).to_have_count(20)
    # The newest event's card shows first; the others wait for their marker.
    expect(page.locator(".card:visible")).to_have_count(1)
    expect(page.locator(".card:visible .title")).to_have_text("NATO Summit in Madrid")
    markers.first.focus()
    first_title = page.locator(".card:visible .title").inner_text()
    page.keyboard.press("ArrowRight")
    expect(markers.nth(1)).to_be_focused()
    expect(page.locator(".card:visible")).to_have_count(1)
    assert page.locator(".card:visible .title").inner_text() != first_title
    assert all(url.startswith(live_server.url) for url in requested), requested


def test_the_strip_works_without_javascript(page_without_js, seeded):
    page = page_without_js
    page.goto("/embed/?layout=strip&limit=20")
    page.locator(".strip a.m").nth(3).click()
    expect(page.locator(".card:visible")).to_have_count(1)
    target = page.evaluate("location.hash")
    assert page.locator(".card:visible").get_attribute("id") == target[1:]


def test_the_rail_layout_marks_each_kind(page, seeded):
    page.goto("/embed/?layout=rail&limit=8")
    expect(page.locator(".embed.rail li .mk")).to_have_count(8)
    assert page.locator(".embed.rail li.k-summit").count() >= 1


def test_loader_forwards_every_parameter_but_the_frames_own(page, live_server, other_site, seeded):
    # The loader keeps no list of parameters: /embed/ validates whatever it is given.
    host_page(
        page, live_server, other_site,
        'data-layout="strip" data-topic="ukraine" data-title="Timeline" data-height="300"',
    )  # fmt: skip
    src = page.locator("iframe").get_attribute("src")
    assert "layout=strip" in src and "topic=ukraine" in src
    assert "title=" not in src and "height=" not in src
    assert page.locator("iframe").get_attribute("title") == "Timeline"


def chosen_code(page) -> tuple[str, str]:
    """The iframe and the loader the embed box shows: one of each, the chosen layout's."""
    iframe = page.locator(".embed-code textarea[id^='embed-iframe']:visible")
    loader = page.locator(".embed-code textarea[id^='embed-loader']:visible")
    expect(iframe).to_have_count(1)
    expect(loader).to_have_count(1)
    return iframe.input_value(), loader.input_value()


def choose_layouts_in_the_embed_box(page) -> str:
    page.goto("/?kind=summit")
    page.get_by_text("Embed this view, or follow it").click()
    iframe, loader = chosen_code(page)  # the list, chosen unless the reader chooses another
    assert "kind=summit" in iframe and "layout" not in iframe and "layout" not in loader
    page.get_by_label("Rail").check()
    iframe, loader = chosen_code(page)
    assert "/embed/?kind=summit&amp;layout=rail" in iframe
    assert 'data-kind="summit" data-layout="rail"' in loader
    page.get_by_label("Strip").check()
    iframe, loader = chosen_code(page)
    assert "/embed/?kind=summit&amp;layout=strip" in iframe
    assert 'data-layout="strip"' in loader
    return loader


def test_the_embed_box_gives_the_code_of_the_chosen_layout(page, other_site, seeded):
    from axe_playwright_python.sync_playwright import Axe

    loader = choose_layouts_in_the_embed_box(page)
    violations = Axe().run(page).response["violations"]  # the box open, a layout chosen
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    # That code, pasted into another site, embeds that layout.
    pages, origin = other_site
    pages["/article"] = f"<!doctype html><html><body><h1>An article</h1>{loader}</body></html>"
    page.goto(f"{origin}/article")
    frame = page.frame_locator("iframe")
    expect(frame.locator(".strip a.m")).to_have_count(5)  # the seed timeline's summits
    expect(frame.locator(".card:visible")).to_have_count(1)


def test_the_embed_box_offers_the_layouts_without_javascript(page_without_js, seeded):
    choose_layouts_in_the_embed_box(page_without_js)
