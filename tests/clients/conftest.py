"""Third-party clients (TimelineJS3, vis-timeline) from the npm registry, installed by
scripts/install-clients into tests/clients/node_modules, run in Debian's Chromium on pages served
from this machine, reading our outputs from the live test server as any other site would: from
another origin, through CORS. Nothing is fetched from outside: every other request is refused
and named by the test."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from events.gazetteer import sync_gazetteer
from events.models import Actor, Place, Topic

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"


# The files the tests load; checked before any browser or database is set up.
CLIENT_FILES = (
    "@knight-lab/timelinejs/dist/js/timeline.js",
    "vis-timeline/standalone/umd/vis-timeline-graph2d.min.js",
)


@pytest.fixture(scope="session", autouse=True)
def installed_clients() -> None:
    """Skipped outside CI when the clients are not installed; a failure in CI, where
    `make test` installs them."""
    missing = [name for name in CLIENT_FILES if not (NODE_MODULES / name).exists()]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI needs {', '.join(missing)} (scripts/install-clients, with npm)")
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: run scripts/install-clients (needs npm)")


@pytest.fixture
def published(transactional_db):
    """The seed timeline (published events) on SQLite only: the clients read the same JSON
    whichever database produced it, and each run costs a browser."""
    if connection.vendor != "sqlite":
        pytest.skip("run on SQLite only (the outputs are the same on either database)")
    sync_gazetteer(Actor, Place, Topic)
    call_command("loaddata", "fixtures/timeline.json", verbosity=0)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def third_party_site(tmp_path) -> Iterator[tuple[str, Path]]:
    """Another site, on 127.0.0.1 (the live server is `localhost`: another origin): it serves
    tmp_path, where node_modules is linked; the test writes its page there."""
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", tmp_path
    finally:
        server.shutdown()
        server.server_close()


class Client:
    """A browser page on the third-party site: its console errors, uncaught exceptions, failed
    requests and every request it tried to send off this machine."""

    def __init__(self, context) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        context.route(re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]).*"), self._refuse)
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("requestfailed", self._failed)

    def _refuse(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _failed(self, request) -> None:
        if request.url not in self.outside:
            self.errors.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture
def client_page(browser, live_server, unhashed_static) -> Iterator[Client]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="UTC")
    try:
        yield Client(context)
    finally:
        context.close()
