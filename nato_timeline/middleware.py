"""Limits on public requests: no query of a reader's request may outlive it."""

from __future__ import annotations

import logging
from collections.abc import Callable

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


class PublicStatementTimeout:
    """On PostgreSQL, cap every statement of a public GET at PUBLIC_STATEMENT_TIMEOUT seconds
    (SET before the view, reset after): migrations, management commands, imports and the
    admin run without it, since the setting lives only for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout_ms = int(settings.PUBLIC_STATEMENT_TIMEOUT * 1000)
        if connection.vendor != "postgresql" or not timeout_ms or not is_public_read(request):
            return self.get_response(request)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(timeout_ms)])
        try:
            return self.get_response(request)
        finally:
            self.reset()

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
