"""A Redis cache that is an optimisation, never a dependency: when Redis cannot be reached,
reads miss and writes are dropped, so every caller computes its value as if nothing were
cached. The outage is logged once (and its end once), not per request."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure Redis is not asked again for this many seconds: a Redis that drops packets
# would otherwise cost every request its connect timeout.
RETRY_AFTER = 5.0


def _forgiving(fallback: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
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

    return decorate


def _missing_key(key: str, *args: Any, **kwargs: Any) -> int:
    raise ValueError(f"Key {key!r} not found (the cache is unreachable).")


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

    @_forgiving(lambda *a, **k: False)
    def add(self, *args: Any, **kwargs: Any) -> bool:
        return super().add(*args, **kwargs)

    @_forgiving(lambda key, default=None, version=None: default)
    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)

    @_forgiving(lambda *a, **k: None)
    def set(self, *args: Any, **kwargs: Any) -> None:
        return super().set(*args, **kwargs)

    @_forgiving(lambda *a, **k: False)
    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return super().touch(*args, **kwargs)

    @_forgiving(lambda *a, **k: False)
    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return super().delete(*args, **kwargs)

    @_forgiving(lambda *a, **k: {})
    def get_many(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return super().get_many(*args, **kwargs)

    @_forgiving(lambda *a, **k: False)
    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return super().has_key(*args, **kwargs)

    @_forgiving(_missing_key)
    def incr(self, *args: Any, **kwargs: Any) -> int:
        return super().incr(*args, **kwargs)

    @_forgiving(lambda data, *a, **k: list(data))
    def set_many(self, *args: Any, **kwargs: Any) -> list[str]:
        return super().set_many(*args, **kwargs)

    @_forgiving(lambda *a, **k: None)
    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return super().delete_many(*args, **kwargs)

    @_forgiving(lambda *a, **k: None)
    def clear(self) -> None:
        return super().clear()

    def ping(self) -> bool:
        """Whether Redis answers now (for /readyz); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except (RedisError, OSError):
            return False
