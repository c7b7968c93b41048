"""A short-lived, in-process cache of resolved callers, keyed by the digest of their token or
session cookie. Resolving a caller costs a session and three queries on every request; with
the cache a busy client pays that once per `auth_cache_seconds`.

Changes that alter who a caller is or what they reach (role, active flag, teams, passwords,
revoked tokens and sessions) mark their database session; the cache is emptied right after
that session commits, so this process never serves them stale. Another process sharing the
database (a second server) may keep serving an old answer for up to the TTL — the reason the
TTL is seconds, not minutes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from sqlalchemy import event
from sqlalchemy.orm import Session

from sampark.core.permissions import Principal

MAX_ENTRIES = 10_000
_FLAG = "principal_cache_stale"


@dataclass(frozen=True)
class CachedCaller:
    principal: Principal
    csrf: str | None  # sessions: the CSRF token to compare


class PrincipalCache:
    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, CachedCaller]] = {}
        self._lock = threading.Lock()
        self.ttl = 0.0
        # Bumped by every clear: an answer read from the database before a change committed
        # must not be stored after the change emptied the cache.
        self.generation = 0

    def get(self, key: str) -> CachedCaller | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] <= time.monotonic():
                del self._entries[key]
                return None
            caller = found[1]
        # Each request gets its own copy: request_id and ip are set on it per request.
        return replace(caller, principal=replace(caller.principal))

    def put(self, key: str, caller: CachedCaller, generation: int) -> None:
        """Store what was read from the database while `generation` was current."""
        if self.ttl <= 0:
            return
        with self._lock:
            if generation != self.generation:
                return
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + self.ttl, caller)

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()


cache = PrincipalCache()


def invalidate_on_commit(session: Session) -> None:
    """Call from any write that changes who a caller is or what they may reach."""
    session.info[_FLAG] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        cache.clear()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)
