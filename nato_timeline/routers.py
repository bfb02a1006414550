"""The optional read replica (DATABASE_REPLICA_URL): public reads go to it, everything else to
the primary.

Reads go to the replica only inside a request that `ReplicaReads` marked as a public read: a GET
or HEAD outside the admin from a client without a session (an editor, who may just have changed
something, reads their own writes from the primary). Writes, transactions, management commands,
migrations, imports and tasks always use the primary."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from nato_timeline.middleware import is_public_read

REPLICA = "replica"

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


def reads_from_replica(request: HttpRequest) -> bool:
    return is_public_read(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReplicaReads:
    """Marks the requests whose reads may go to the replica (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _public_read.set(reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not _public_read.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica copies the primary's schema
