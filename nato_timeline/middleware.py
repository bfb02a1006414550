"""Limits on public requests: no query of a reader's request may outlive it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# Paths that are not public reads: editors' work and the probes (which must do no I/O).
EXEMPT_PREFIXES = ("/admin/", "/healthz", "/readyz")


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT proxies the address the
    outermost of them put in X-Forwarded-For (what a client writes there itself is ignored)."""
    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT and forwarded[-settings.PROXY_COUNT]:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def is_public_read(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(EXEMPT_PREFIXES)


# What statement_timeout (ms) each open PostgreSQL connection has been given by the middleware
# below (keyed by the driver's connection, so that a pooled connection keeps its entry whichever
# request takes it). Absent or 0: the server's default; UNKNOWN: set or reset inside a transaction
# that may yet be rolled back, so the next request sets it again whatever it needs.
_session_timeouts: WeakKeyDictionary[Any, int] = WeakKeyDictionary()
UNKNOWN = -1


class PublicStatementTimeout:
    """On PostgreSQL, cap every statement of a public GET at PUBLIC_STATEMENT_TIMEOUT seconds;
    the admin, editors' writes and the probes run without it, and so do migrations, management
    commands and imports (other processes, which never pass here).

    The setting is made once per connection, not per request, just before a request's first
    query: a public request on a connection that already has it costs no query of its own (a
    304 is one read), the first other request on that connection resets it, and a request
    that makes no query makes none for this either (/healthz does no I/O). Inside a transaction
    (a test's, or a view's atomic block) a rollback would undo a session setting, so there it
    is set for the request and reset after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if connection.vendor != "postgresql":
            return self.get_response(request)
        public = is_public_read(request)
        timeout_ms = int(settings.PUBLIC_STATEMENT_TIMEOUT * 1000) if public else 0
        state = {"settled": False, "reset": False}

        def settle(execute: Callable[..., Any], *args: Any) -> Any:
            if not state["settled"]:
                state["settled"] = True  # before set(): its own query passes through here
                raw = connection.connection
                if connection.in_atomic_block:
                    if timeout_ms or _session_timeouts.get(raw, 0):
                        self.set(timeout_ms)
                        _session_timeouts[raw] = UNKNOWN
                        state["reset"] = bool(timeout_ms)
                elif _session_timeouts.get(raw, 0) != timeout_ms:
                    self.set(timeout_ms)
                    _session_timeouts[raw] = timeout_ms
            return execute(*args)

        try:
            with connection.execute_wrapper(settle):
                return self.get_response(request)
        finally:
            if state["reset"]:
                self.reset()

    @staticmethod
    def set(timeout_ms: int) -> None:
        with connection.cursor() as cursor:
            if timeout_ms:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)", [str(timeout_ms)]
                )
            else:
                cursor.execute("SET statement_timeout TO DEFAULT")

    @staticmethod
    def reset() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout TO DEFAULT")
        except DatabaseError:
            # A connection that cannot be reset must not serve a later, unlimited command.
            if not connection.in_atomic_block:
                connection.close()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError) and _cancelled(exception):
            logger.warning("Statement timeout on %s", request.get_full_path()[:200])
            response = HttpResponse(
                "This request took too long; try fewer filters.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "5"
            return response
        return None


def _cancelled(exception: BaseException) -> bool:
    try:
        from psycopg.errors import QueryCanceled
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(exception.__cause__, QueryCanceled)
