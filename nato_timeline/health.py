"""Probes for the process manager and the load balancer.

/healthz: the process answers (no I/O at all). /readyz: the database answers (required: 503
without it) and the cache answers (optional: the site computes what it would have read, so
a cache outage is reported as "degraded" with a 200, and the instance stays in rotation)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_ok() -> bool:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # Redis: ask it directly (its reads never raise)
        return bool(ping())
    try:  # a per-process cache is always there
        cache.set("readyz", 1, 5)
        return cache.get("readyz") == 1
    except Exception:
        return False


@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    checks = {"database": "ok" if database_ok() else "down",
              "cache": "ok" if cache_ok() else "down"}  # fmt: skip
    if checks["database"] != "ok":
        status = "not ready"
    else:
        status = "ready" if checks["cache"] == "ok" else "degraded"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "not ready" else 200
    )
