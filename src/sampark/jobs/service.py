"""The rules of background work.

- `enqueue` writes a job row in the caller's transaction; its id reaches the queue only after
  that transaction commits (`after_commit` below), so a worker never runs a job for work that
  rolled back. A key makes enqueueing idempotent: one job per key, ever.
- `execute` claims a job with a conditional UPDATE (only one worker wins), runs its handler,
  and records the outcome: done, retrying after a back-off, or dead after the last attempt.
- `sweep` re-queues what a crash or a lost queue message left behind: due jobs nobody picked
  up, and running jobs whose worker died. The job row, not the queue, is the truth.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, NotFound
from sampark.core.ids import new_id
from sampark.core.permissions import Action, Obj
from sampark.core.upsert import insert_ignoring_conflicts
from sampark.db import Database
from sampark.jobs import registry
from sampark.jobs.models import Job
from sampark.settings import get_settings

log = logging.getLogger("sampark.jobs")

_PUSH = "sampark.jobs.push"
ACTIVE = ("queued", "retrying")
# A job due within this window is handed to the queue with its time; later ones wait for the sweep.
_NEAR = timedelta(hours=1)


def _upsert_ignoring_key(session: Session, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT (key) DO NOTHING; True when the row was written."""
    stmt = insert_ignoring_conflicts(session, Job, ["key"]).values(values)
    return session.execute(stmt.returning(Job.id)).first() is not None


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> uuid.UUID | None:
    """Add a job to the caller's transaction. With a key already used, nothing is added and
    None is returned: a retried request or a replayed event never makes a second job."""
    spec = registry.kind(kind)
    if spec is None:
        raise ValueError(f"unknown job kind {kind!r}")
    now = utcnow()
    job_id = new_id()
    values = {
        "id": job_id,
        "kind": kind,
        "key": key,
        "payload": audit.jsonable(payload or {}),
        "status": "queued",
        "attempts": 0,
        "max_attempts": max_attempts or spec.max_attempts,
        "run_at": run_at or now,
        "created_at": now,
        "updated_at": now,
    }
    if key is None:
        session.execute(insert(Job).values(values))
    elif not _upsert_ignoring_key(session, values):
        return None
    due = run_at or now
    if due - now <= _NEAR:
        session.info.setdefault(_PUSH, []).append((job_id, due))
    return job_id


def take_pushes(session: Session) -> list[tuple[uuid.UUID, datetime]]:
    pushed: list[tuple[uuid.UUID, datetime]] = session.info.pop(_PUSH, [])
    return pushed


def release_key(session: Session, key: str) -> None:
    """Free a key for the next `enqueue`: for a job that stands for "work is waiting" (e.g.
    `tracking.drain`), released by whoever found the work all done, in that same transaction."""
    session.execute(update(Job).where(Job.key == key).values(key=None))


def mark_done(session: Session, job_id: uuid.UUID) -> None:
    now = utcnow()
    session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "running")
        .values(status="done", finished_at=now, updated_at=now, locked_until=None, last_error=None)
    )


def _claim(db: Database, job_id: uuid.UUID) -> registry.JobRun | None:
    """Take the job if it is due and nobody has it. The look happens in a read transaction; the
    write is one conditional UPDATE, so the write lock (one writer at a time on SQLite) is held
    for as short as can be."""
    now = utcnow()
    with db.session(write=False) as session:
        row = session.execute(
            select(Job.kind, Job.status, Job.run_at, Job.attempts, Job.max_attempts, Job.payload).where(
                Job.id == job_id
            )
        ).first()
    if row is None or row.status not in ACTIVE or as_utc(row.run_at) > now + timedelta(seconds=1):
        return None
    spec = registry.kind(row.kind)
    timeout = spec.timeout if spec else 300.0
    attempt = row.attempts + 1
    with db.session() as session:
        claimed: Any = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.in_(ACTIVE), Job.attempts == row.attempts)
            .values(
                status="running",
                attempts=attempt,
                locked_until=now + timedelta(seconds=timeout),
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if not claimed.rowcount:
            return None  # another worker took it between the look and the write
    return registry.JobRun(
        db=db,
        id=job_id,
        kind=row.kind,
        payload=dict(row.payload),
        attempt=attempt,
        max_attempts=row.max_attempts,
    )


def execute(db: Database, job_id: uuid.UUID) -> str:
    """Run one job if it is due and nobody else has it. Answers what became of it:
    `skipped`, `done`, `retrying` or `dead`."""
    run = _claim(db, job_id)
    if run is None:
        return "skipped"
    spec = registry.kind(run.kind)
    try:
        if spec is None:
            raise registry.PermanentFailure(f"no handler for job kind {run.kind!r} in this worker")
        spec.run(run)
    except Exception as exc:
        permanent = isinstance(exc, registry.PermanentFailure)
        return _failed(db, run, exc, permanent=permanent, backoff=spec.backoff if spec else None)
    if not run.done_in_session:
        with db.session() as session:
            mark_done(session, run.id)
    return "done"


def _failed(
    db: Database,
    run: registry.JobRun,
    exc: Exception,
    *,
    permanent: bool,
    backoff: registry.Backoff | None,
) -> str:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:4000]
    now = utcnow()
    dead = permanent or run.attempt >= run.max_attempts or backoff is None
    with db.session() as session:
        values: dict[str, Any] = {"last_error": detail, "updated_at": now, "locked_until": None}
        if dead or backoff is None:
            values.update(status="dead", finished_at=now)
        else:
            values.update(status="retrying", run_at=now + timedelta(seconds=backoff(run.attempt)))
        session.execute(update(Job).where(Job.id == run.id, Job.status == "running").values(**values))
        if not dead:
            session.info.setdefault(_PUSH, []).append((run.id, values["run_at"]))
    level = logging.ERROR if dead else logging.WARNING
    log.log(level, "job %s (%s) attempt %d failed: %s", run.id, run.kind, run.attempt, detail)
    return "dead" if dead else "retrying"


def sweep(db: Database, *, stale_after: timedelta = timedelta(seconds=30)) -> int:
    """Hand the queue again every job that is due but was not picked up, and put back jobs
    whose worker died while running them. Answers how many were re-queued."""
    now = utcnow()
    with db.session() as session:
        session.execute(
            update(Job)
            .where(Job.status == "running", Job.locked_until < now)
            .values(status="retrying", updated_at=now, locked_until=None, last_error="worker stopped")
        )
        due = session.scalars(
            select(Job.id)
            .where(
                Job.status.in_(ACTIVE),
                Job.run_at <= now,
                or_(Job.updated_at <= now - stale_after, Job.run_at <= now - stale_after),
            )
            .order_by(Job.run_at)
            .limit(5000)
        ).all()
        if due:
            # Touch them so the next sweep does not push them again while they wait in the queue.
            session.execute(update(Job).where(Job.id.in_(due)).values(updated_at=now))
            session.info.setdefault(_PUSH, []).extend((job_id, now) for job_id in due)
        return len(due)


def periodic_slots(now: datetime | None = None) -> list[tuple[str, str]]:
    """(kind, slot start) for each periodic job whose current slot has come."""
    now = (now or utcnow()).replace(microsecond=0)
    overrides = get_settings().jobs_every_seconds
    slots = []
    for item in registry.periodic_jobs():
        if item.every is not None:
            step = max(1, overrides.get(item.kind) or int(item.every.total_seconds()))
            slot_start = datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=now.tzinfo)
        else:
            slot_start = now.replace(second=0)
            if item.cron is None or not item.cron(slot_start.replace(tzinfo=None)):
                continue
        slots.append((item.kind, slot_start.isoformat()))
    return slots


def enqueue_periodic(db: Database, slots: list[tuple[str, str]]) -> int:
    """Enqueue the given periodic slots; the slot in the key makes each once-only however
    many workers tick."""
    added = 0
    with db.session() as session:
        for kind, slot in slots:
            if enqueue(session, kind, {"slot": slot}, key=f"periodic:{kind}:{slot}", max_attempts=1):
                added += 1
    return added


# --- the dead-letter list and job views (admin) -------------------------------------------


def list_jobs(
    ctx: Ctx, *, status: str | None, kind: str | None, limit: int, before: datetime | None
) -> list[Job]:
    ctx.require(Obj.jobs, Action.read)
    stmt = select(Job).order_by(Job.updated_at.desc(), Job.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(Job.status == status)
    if kind:
        stmt = stmt.where(Job.kind == kind)
    if before:
        stmt = stmt.where(Job.updated_at < before)
    return list(ctx.session.scalars(stmt))


def counts(ctx: Ctx) -> dict[str, int]:
    ctx.require(Obj.jobs, Action.read)
    rows = ctx.session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
    return {status: int(n) for status, n in rows}


def get_job(ctx: Ctx, job_id: uuid.UUID) -> Job:
    ctx.require(Obj.jobs, Action.read)
    job = ctx.session.get(Job, job_id)
    if job is None:
        raise NotFound("No such job.")
    return job


def replay(ctx: Ctx, job_id: uuid.UUID) -> Job:
    """Give a dead job a fresh set of attempts."""
    ctx.require(Obj.jobs, Action.write)
    job = get_job(ctx, job_id)
    if job.status != "dead":
        raise Conflict(f"Only dead jobs can be replayed; this one is {job.status}.")
    now = utcnow()
    job.status, job.attempts, job.run_at, job.finished_at = "queued", 0, now, None
    ctx.session.flush()
    ctx.session.info.setdefault(_PUSH, []).append((job.id, now))
    audit.record(ctx.session, ctx.principal, "replay", "jobs", job.id, {"kind": job.kind})
    return job


def states(session: Session, job_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str | None]]:
    """Status and last error of some jobs, for the domain records that started them (a
    ticket reply shows whether its e-mail went out)."""
    if not job_ids:
        return {}
    rows = session.execute(select(Job.id, Job.status, Job.last_error).where(Job.id.in_(sorted(job_ids))))
    return {r.id: (r.status, r.last_error) for r in rows}
