"""Reads through a replica, writes to the primary (installed only with GANSHI_REPLICA_URL).

What goes to the replica: the reads of a GET or HEAD request (the read-only pages, lists,
dashboards and API reads, which call only selectors), and reads inside
``with replica_reads():`` in a report or a command. Everything else reads the primary:

- every write, and every read inside a transaction (a service's validation sees what it
  is about to change; ``select_for_update`` is a write);
- a request's reads after it has written (a GET that records an audit event);
- every read of the user's next requests for ``GANSHI_REPLICA_STICKY_SECONDS`` after a
  request that wrote (the ``ganshi_primary`` cookie): a user who has just saved a form sees
  the saved record even when the replica is a moment behind;
- sessions and the task queue, which must never be stale;
- management commands, task workers and anything outside a request.

The replica lags the primary by the replication delay (normally well under a second on a
LAN). Another user's change may therefore appear a moment later on someone else's page;
no page reads from the replica and then writes what it read.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "ganshi_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps whose rows are read right after another process writes them.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_db", "contenttypes"})


@dataclass
class _ReadState:
    replica_allowed: bool
    wrote: bool = False


_state: contextvars.ContextVar[_ReadState | None] = contextvars.ContextVar(
    "ganshi_read_state", default=None
)


@contextlib.contextmanager
def replica_reads(*, allowed: bool = True) -> Iterator[_ReadState]:
    """Let the reads in this block (outside transactions, before any write) use the replica."""
    state = _ReadState(replica_allowed=allowed)
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        state = _state.get()
        if (
            state is None
            or not state.replica_allowed
            or state.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == REPLICA else None


class ReplicaMiddleware:
    """Routes a safe request's reads to the replica unless the user has just written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = request.method in SAFE_METHODS and STICKY_COOKIE not in request.COOKIES
        with replica_reads(allowed=allowed) as state:
            response = self.get_response(request)
        if state.wrote:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.GANSHI_REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
