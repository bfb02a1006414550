"""A Redis cache that is an optimisation, never a dependency: when Redis cannot be reached,
each process caches in its own memory instead (what it does without REDIS_URL), so callers
compute what they do not find there, once per process rather than once per request (every key
names the data version, so nothing read there is stale). The outage is logged once (and its end
once), not per request."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure Redis is not asked again for this many seconds: a Redis that drops packets
# would otherwise cost every request its connect timeout.
RETRY_AFTER = 5.0

# What every thread of this process uses while Redis is down (a LocMemCache is thread-safe).
_local = LocMemCache("nato-timeline-redis-down", {})


def _forgiving(method: Callable[..., Any]) -> Callable[..., Any]:
    """The Redis operation, or the same one on the process's memory when Redis is down."""
    fallback = getattr(_local, method.__name__)

    @wraps(method)
    def wrapped(self: ForgivingRedisCache, *args: Any, **kwargs: Any) -> Any:
        if self.down_until > time.monotonic():
            return fallback(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self.went_down(error)
            return fallback(*args, **kwargs)
        self.came_back()
        return result

    return wrapped


@dataclass
class Outage:
    """Whether one Redis server is known to be down; shared by every thread of the process
    (Django makes a cache object per thread), so that an outage is logged once."""

    down: bool = False
    retry_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


class ForgivingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        with _outages_lock:
            self.outage = _outages.setdefault(str(server), Outage())

    @property
    def down_until(self) -> float:
        return self.outage.retry_at

    @down_until.setter
    def down_until(self, value: float) -> None:
        self.outage.retry_at = value

    def went_down(self, error: BaseException) -> None:
        with self.outage.lock:
            self.outage.retry_at = time.monotonic() + RETRY_AFTER
            if not self.outage.down:
                self.outage.down = True
                logger.warning("Cache unreachable, serving uncached until it is back: %s", error)

    def came_back(self) -> None:
        if self.outage.down:
            with self.outage.lock:
                if self.outage.down:
                    self.outage.down = False
                    logger.warning("Cache reachable again.")

    @_forgiving
    def add(self, *args: Any, **kwargs: Any) -> bool:
        return super().add(*args, **kwargs)

    @_forgiving
    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)

    @_forgiving
    def set(self, *args: Any, **kwargs: Any) -> None:
        return super().set(*args, **kwargs)

    @_forgiving
    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return super().touch(*args, **kwargs)

    @_forgiving
    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return super().delete(*args, **kwargs)

    @_forgiving
    def get_many(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return super().get_many(*args, **kwargs)

    @_forgiving
    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return super().has_key(*args, **kwargs)

    @_forgiving
    def incr(self, *args: Any, **kwargs: Any) -> int:
        return super().incr(*args, **kwargs)

    @_forgiving
    def set_many(self, *args: Any, **kwargs: Any) -> list[str]:
        return super().set_many(*args, **kwargs)

    @_forgiving
    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return super().delete_many(*args, **kwargs)

    @_forgiving
    def clear(self) -> None:
        return super().clear()

    def ping(self) -> bool:
        """Whether Redis answers now (for /readyz); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except (RedisError, OSError):
            return False
