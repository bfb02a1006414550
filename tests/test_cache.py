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

    from nato_timeline import cache as forgiving

    cache.outage.down, cache.outage.retry_at = False, 0.0  # each test meets the outage afresh
    forgiving._local.clear()
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


def test_every_cache_operation_degrades_to_the_process_memory(redis_down):
    """Each operation works on the process's own memory while Redis is down: what one request
    computed, the next one in the process reads, as without REDIS_URL."""
    cache = redis_down
    assert cache.get("k") is None and cache.get("k", "fallback") == "fallback"
    assert cache.ping() is False
    assert cache.add("k", 1) is True and cache.add("k", 2) is False
    cache.set("k", 3)
    assert cache.get("k") == 3 and cache.get_or_set("k", lambda: 42) == 3
    assert cache.set_many({"a": 1}) == [] and cache.get_many(["a", "b"]) == {"a": 1}
    assert cache.has_key("a") and cache.touch("a") and cache.incr("a") == 2
    assert cache.delete("k") is True and cache.get("k") is None
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


def test_computed_values_do_not_wait_for_a_cache_that_is_down(
    client, seeded_with_draft, redis_down, monkeypatch
):
    """With Redis down no request holds a computing lock: nobody is waited for (each request
    computes), where a wait for a lock that could not exist made every page 5 s slower."""
    from events import dataversion

    def no_waiting(seconds: float) -> None:
        raise AssertionError("waited for a computation nobody was running")

    monkeypatch.setattr(dataversion.time, "sleep", no_waiting)
    assert dataversion.computed("down-test", lambda: 42) == 42
    assert client.get("/").status_code == 200
