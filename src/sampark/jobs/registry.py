"""What kinds of job exist, how often they are retried, and which run on a schedule.

Domains declare their handlers with `@handler("webhooks.deliver", ...)` in their `jobs.py`;
`sampark.handlers` imports every such module so a worker knows them all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from sampark.db import Database

Backoff = Callable[[int], float]


class PermanentFailure(Exception):
    """Raised by a handler when retrying cannot help: the job goes straight to the dead letters."""


def exponential(base: float = 10.0, factor: float = 2.0, cap: float = 3600.0) -> Backoff:
    """Seconds to wait after failed attempt n (1-based): base, base·factor, … up to cap."""

    def delay(attempt: int) -> float:
        return float(min(cap, base * factor ** max(0, attempt - 1)))

    return delay


def fixed_schedule(*seconds: float) -> Backoff:
    """Seconds to wait after failed attempt n, from a list (the last value repeats)."""

    def delay(attempt: int) -> float:
        return float(seconds[min(len(seconds), max(1, attempt)) - 1])

    return delay


@dataclass
class JobRun:
    """What a handler is given: ids and data, never ORM objects from another session."""

    db: Database
    id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    attempt: int
    max_attempts: int
    done_in_session: bool = field(default=False)

    @property
    def is_last_attempt(self) -> bool:
        return self.attempt >= self.max_attempts

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction that also marks this job done when it commits: database-only
        work and the job's completion succeed or fail together (exactly once)."""
        from sampark.jobs.service import mark_done

        with self.db.session() as session:
            yield session
            mark_done(session, self.id)
        self.done_in_session = True


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[[JobRun], None]
    max_attempts: int
    backoff: Backoff
    timeout: float


@dataclass(frozen=True)
class Periodic:
    """A job enqueued on a schedule. Its key names the time slot, so however many workers
    tick, each slot runs once."""

    name: str
    kind: str
    every: timedelta | None = None
    cron: Callable[[datetime], bool] | None = None


_KINDS: dict[str, JobKind] = {}
_PERIODIC: dict[str, Periodic] = {}


def handler(
    name: str, *, max_attempts: int = 8, backoff: Backoff | None = None, timeout: float = 300.0
) -> Callable[[Callable[[JobRun], None]], Callable[[JobRun], None]]:
    def register(fn: Callable[[JobRun], None]) -> Callable[[JobRun], None]:
        _KINDS[name] = JobKind(name, fn, max_attempts, backoff or exponential(), timeout)
        return fn

    return register


def periodic(
    kind: str, *, every: timedelta | None = None, cron: Callable[[datetime], bool] | None = None
) -> None:
    """Run the job `kind` (with an empty payload) every `every`, or at minutes where `cron`
    (e.g. `huey.crontab(minute="0", hour="*")`) is true."""
    if (every is None) == (cron is None):
        raise ValueError("give exactly one of every= or cron=")
    _PERIODIC[kind] = Periodic(kind, kind, every, cron)


def kind(name: str) -> JobKind | None:
    return _KINDS.get(name)


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


def periodic_jobs() -> list[Periodic]:
    return list(_PERIODIC.values())


class Background:
    """A long-running thread a worker keeps beside its job workers (e.g. IMAP IDLE watchers):
    `start(db)` starts it and answers a stop function."""

    def __init__(self, name: str, start: Callable[[Database], Callable[[], None]]) -> None:
        self.name, self.start = name, start


_BACKGROUND: dict[str, Background] = {}


def background(name: str, start: Callable[[Database], Callable[[], None]]) -> None:
    _BACKGROUND[name] = Background(name, start)


def background_tasks() -> list[Background]:
    return list(_BACKGROUND.values())
