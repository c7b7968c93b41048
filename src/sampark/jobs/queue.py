"""Huey carries job ids from the committing process to the workers.

SQLite storage in `var/queue.db` by default, so `make run` needs no server; Redis when
`SAMPARK_REDIS_URL` is set, so workers on several machines share one queue. The queue holds
only ids: a message lost with a crashed Redis is found again by `service.sweep`.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import event
from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.db import Database
from sampark.jobs import service
from sampark.settings import Settings, get_settings

log = logging.getLogger("sampark.jobs")

_WROTE_AUDIT = "sampark.audit.wrote"


def make_huey(settings: Settings, name: str = "sampark") -> Huey:
    if settings.redis_url:
        return RedisHuey(name, url=settings.redis_url, results=False, utc=True)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    # No fsync per message: the queue only carries ids, and a message lost to a power cut is
    # found again by the sweep (the job row is the truth). Syncing each one halved throughput.
    return SqliteHuey(
        name, filename=str(settings.var_dir / "queue.db"), results=False, utc=True, timeout=30, fsync=False
    )


@lru_cache
def get_huey() -> Huey:
    huey = make_huey(get_settings())

    @huey.task(name="sampark.run_job")  # type: ignore[untyped-decorator]
    def run_job(job_id: str) -> None:
        from sampark.db import get_database

        service.execute(get_database(), uuid.UUID(job_id))

    huey.run_job = run_job
    return huey


def push(items: list[tuple[uuid.UUID, datetime]]) -> None:
    """Hand job ids to the queue. A failure here loses nothing: the sweep finds the rows."""
    if not items:
        return
    try:
        huey = get_huey()
        now = utcnow()
        for job_id, due in items:
            delay = (due - now).total_seconds()
            if delay > 0.5:
                huey.run_job.schedule(args=(str(job_id),), delay=delay)
            else:
                huey.run_job(str(job_id))
    except Exception:  # the job rows are safe; the sweep will push them again
        log.exception("could not hand %d job(s) to the queue", len(items))


@event.listens_for(Session, "after_commit")
def _push_after_commit(session: Session) -> None:
    push(service.take_pushes(session))


@event.listens_for(Session, "after_rollback")
def _drop_on_rollback(session: Session) -> None:
    service.take_pushes(session)


def drain(db: Database, *, rounds: int = 50) -> dict[str, int]:
    """Run, in this process, every due job until nothing is left — dispatching domain events
    and sweeping first each round. For tests and `sampark jobs run-pending`."""
    from sampark.jobs import events

    huey = get_huey()
    outcomes: dict[str, int] = {}
    for _ in range(rounds):
        moved = events.dispatch_once(db)
        service.sweep(db, stale_after=timedelta(0))
        ran = 0
        while (task := huey.dequeue()) is not None:
            ran += _run_task(db, task, outcomes)
        if not moved and not ran:
            break
    return outcomes


def _run_task(db: Database, task: Any, outcomes: dict[str, int]) -> int:
    if task.name == "sampark.run_job":
        outcome = service.execute(db, uuid.UUID(task.args[0]))
    else:  # pragma: no cover
        get_huey().execute(task)
        outcome = "ran"
    outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return 1


def flush() -> None:
    get_huey().flush()
