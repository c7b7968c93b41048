"""The service desk's figures: the dashboard (open work by queue, response and resolution
times, satisfaction) and the SLA checker the worker runs every minute."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.permissions import Action
from sampark.core.records import visible_statement
from sampark.tickets import setup
from sampark.tickets.models import Ticket, TicketQueue, token_of
from sampark.tickets.schemas import Dashboard, QueueCount
from sampark.tickets.service import OBJ, OPEN_VALUES, SYSTEM


def _seconds(start: Any, end: Any) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def dashboard(ctx: Ctx) -> Dashboard:
    ctx.require(OBJ, Action.read)
    now = utcnow()
    month = now - timedelta(days=30)
    base = visible_statement(ctx, Ticket, OBJ)
    open_rows = ctx.session.execute(
        base.with_only_columns(
            Ticket.queue_id,
            func.count(),
            func.count(Ticket.owner_id),
            func.count(Ticket.breached_at),
        )
        .where(Ticket.status.in_(OPEN_VALUES))
        .group_by(Ticket.queue_id)
    ).all()
    names = setup.queue_names(ctx.session, {r[0] for r in open_rows if r[0]})
    by_queue = sorted(
        (
            QueueCount(
                queue_id=r[0],
                name=names.get(r[0]) if r[0] else None,
                open=int(r[1]),
                unassigned=int(r[1]) - int(r[2]),
                breached=int(r[3]),
            )
            for r in open_rows
        ),
        key=lambda q: q.name or "",
    )
    by_status = {
        s: int(n)
        for s, n in ctx.session.execute(
            base.with_only_columns(Ticket.status, func.count()).group_by(Ticket.status)
        )
    }

    def count(*conditions: Any) -> int:
        return int(ctx.session.scalar(base.with_only_columns(func.count()).where(*conditions)) or 0)

    opened = base.where(Ticket.created_at >= month)
    first = [
        _seconds(r[0], r[1])
        for r in ctx.session.execute(
            opened.with_only_columns(Ticket.created_at, Ticket.first_responded_at)
            .where(Ticket.first_responded_at.is_not(None))
            .limit(50_000)
        )
    ]
    resolution = [
        _seconds(r[0], r[1])
        for r in ctx.session.execute(
            base.with_only_columns(Ticket.created_at, Ticket.solved_at)
            .where(Ticket.solved_at >= month)
            .limit(50_000)
        )
    ]
    rated = ctx.session.execute(
        base.with_only_columns(func.avg(Ticket.csat_score), func.count(Ticket.csat_score)).where(
            Ticket.csat_rated_at >= month
        )
    ).one()
    return Dashboard(
        open_by_queue=by_queue,
        by_status=by_status,
        mine_open=count(Ticket.status.in_(OPEN_VALUES), Ticket.owner_id == ctx.principal.user_id),
        unassigned_open=count(Ticket.status.in_(OPEN_VALUES), Ticket.owner_id.is_(None)),
        breached_open=count(Ticket.status.in_(OPEN_VALUES), Ticket.breached_at.is_not(None)),
        breaches_last_30_days=count(Ticket.breached_at >= month),
        due_within_hour=count(Ticket.status.in_(OPEN_VALUES), Ticket.sla_due_at <= now + timedelta(hours=1)),
        median_first_response_seconds=_median(first),
        median_resolution_seconds=_median(resolution),
        csat_average_30_days=round(float(rated[0]), 2) if rated[0] is not None else None,
        csat_ratings_30_days=int(rated[1] or 0),
    )


# --- the SLA checker -------------------------------------------------------------------------------


def check_sla(session: Session, now: datetime | None = None) -> tuple[int, int]:
    """Warn the assignee (or the queue's manager) of targets falling due soon, and record
    breaches — flag, time, which target — escalating each to the queue's manager. Returns
    (warnings, breaches). Keys make each notification once-only however often this runs."""
    from sampark.notifications import service as notifications
    from sampark.tickets.models import SlaPolicy

    now = now or utcnow()
    warn_horizon = now + timedelta(hours=24)
    policies = {p.id: p for p in session.scalars(select(SlaPolicy))}
    warnings = breaches = 0
    rows = session.scalars(
        select(Ticket)
        .where(
            Ticket.sla_due_at <= warn_horizon, Ticket.status.in_(OPEN_VALUES), Ticket.sla_paused_at.is_(None)
        )
        .order_by(Ticket.sla_due_at)
        .limit(2000)
    ).all()
    for t in rows:
        due = as_utc(t.sla_due_at)
        queue = session.get(TicketQueue, t.queue_id) if t.queue_id else None
        manager = queue.manager_id if queue is not None else None
        which = (
            "first_response"
            if t.first_responded_at is None
            and t.first_response_due_at is not None
            and as_utc(t.first_response_due_at) <= due
            else "resolution"
        )
        link = f"/tickets/{t.id}"
        if due <= now:
            if t.breached_at is None or t.breach != which:
                before = {"breached_at": t.breached_at, "breach": t.breach}
                t.breached_at = t.breached_at or now
                t.breach = which if t.breach is None else ("both" if t.breach != which else which)
                breaches += 1
                audit.record(session, SYSTEM, "update", OBJ.value, t.id,
                             audit.diff(before, {"breached_at": t.breached_at, "breach": t.breach}))  # fmt: skip
                title = f"SLA breached: {token_of(t.number)} {t.subject}"
                body = f"The {which.replace('_', ' ')} target passed at {due:%Y-%m-%d %H:%M} UTC."
                for user_id in {u for u in (manager, t.owner_id) if u}:
                    notifications.notify(session, user_id, kind="ticket.sla_breached", title=title, body=body,
                                         link=link, key=f"sla-breach:{t.id}:{which}:{user_id}")  # fmt: skip
            continue
        policy = policies.get(t.sla_policy_id) if t.sla_policy_id else None
        warn_before = timedelta(minutes=policy.warn_before_minutes if policy else 30)
        if due - warn_before <= now:
            target = t.owner_id or manager
            if target is not None and notifications.notify(
                session, target, kind="ticket.sla_warning", title=f"SLA due soon: {token_of(t.number)} {t.subject}",
                body=f"The {which.replace('_', ' ')} target falls due at {due:%Y-%m-%d %H:%M} UTC.", link=link,
                key=f"sla-warn:{t.id}:{which}:{due.isoformat()}",
            ):  # fmt: skip
                t.sla_warned_at = now
                warnings += 1
    session.flush()
    return warnings, breaches
