"""Real-browser tests: Debian's Chromium driven by Playwright against the live test server.
The `browser` and `unhashed_static` fixtures are in tests/conftest.py: tests/clients uses the
same Chromium (Playwright's sync API allows one instance at a time)."""

from __future__ import annotations

import os

import pytest

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by the tests
# themselves (fixtures) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(browser, live_server, unhashed_static):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server, unhashed_static):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
