"""The cache is an optimisation, never a dependency: with Redis unreachable every public
output still answers, computing what it would have read; the outage is logged once."""

from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:6399/9"
PUBLIC = ["/", "/?actor=joe-biden&kind=call", "/?q=Navalny", "/embed/", "/feeds/atom",
          "/feeds/ical", "/feeds/json", "/api/events", "/api/events?actor=joe-biden",
          "/api/timelinejs", "/actors/joe-biden/"]  # fmt: skip


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "nato_timeline.cache.ForgivingRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache(CLOSED_PORT)
    from django.core.cache import cache

    cache.outage.down, cache.outage.retry_at = False, 0.0  # each test meets the outage afresh
    return cache


def test_public_outputs_answer_with_redis_down(client, seeded_with_draft, redis_down):
    for url in PUBLIC:
        for _ in range(2):  # the second time, the cache is known to be down
            assert client.get(url).status_code == 200, url


def test_the_outage_is_logged_once_not_per_request(client, seeded_with_draft, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="nato_timeline.cache"):
        for _ in range(3):
            assert client.get("/").status_code == 200
            redis_down.down_until = 0.0  # ask Redis again each time: still logged once
    assert len([r for r in caplog.records if "unreachable" in r.message]) == 1


def test_every_cache_operation_degrades(redis_down):
    cache = redis_down
    assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None and cache.add("k", 1) is False
    assert cache.get_or_set("k", lambda: 42) == 42
    assert cache.get_many(["a", "b"]) == {} and cache.has_key("k") is False
    assert cache.set_many({"a": 1}) == ["a"] and cache.delete("k") is False
    assert cache.touch("k") is False and cache.ping() is False
    cache.delete_many(["a"])
    cache.clear()
    with pytest.raises(ValueError):
        cache.incr("k")


def test_a_reachable_redis_is_used(settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:6379/15")
    from django.core.cache import cache

    if not cache.ping():
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache.set("hardening-probe", {"a": 1}, 5)
    assert cache.get("hardening-probe") == {"a": 1}
    cache.delete("hardening-probe")


def test_threads_share_what_they_know_of_the_outage(redis_down, caplog):
    import threading

    from django.core.cache import cache

    def read() -> None:
        assert cache.get("k", "computed") == "computed"  # a cache object of this thread

    with caplog.at_level(logging.WARNING, logger="nato_timeline.cache"):
        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert len([r for r in caplog.records if "unreachable" in r.message]) == 1
