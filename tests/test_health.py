"""Probes (/healthz, /readyz) and the friendly error pages."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from tests.test_cache import redis_cache

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_any_io(client, django_assert_num_queries, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *a, **k: pytest.fail("the cache was read"))
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}


def test_without_the_cache_the_site_is_degraded_but_ready(client, settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:6399/9")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded",
                               "checks": {"database": "ok", "cache": "down"}}  # fmt: skip


def test_without_the_database_the_site_is_not_ready(client, monkeypatch):
    from nato_timeline import health

    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_a_missing_page_is_friendly(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nothing here" in page and 'class="site-header"' in page


def test_a_server_error_is_friendly(monkeypatch):
    from events import views

    def broken(filters):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "read_page", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and 'class="site-header"' in page


@pytest.mark.django_db
def test_health_checks_answer_head_as_load_balancers_send_it(client):
    assert client.head("/healthz").status_code == 200
    assert client.head("/readyz").status_code in {200, 503}
