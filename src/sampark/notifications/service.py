"""In-app notifications: written by jobs and services, read by their user only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import NotFound
from sampark.notifications.models import Notification
from sampark.notifications.schemas import NotificationOut, NotificationPage


def notify(
    session: Session,
    user_id: uuid.UUID,
    *,
    kind: str,
    title: str,
    body: str = "",
    link: str | None = None,
    key: str | None = None,
) -> bool:
    """Add a notification in the caller's transaction. With a key already used, nothing is
    added (False): a retried job never notifies twice."""
    if key is not None and session.scalar(select(Notification.id).where(Notification.key == key)):
        return False
    session.add(Notification(user_id=user_id, kind=kind, title=title[:300], body=body, link=link, key=key))
    session.flush()
    return True


def list_mine(ctx: Ctx, *, unread_only: bool, limit: int, before: datetime | None) -> NotificationPage:
    me = ctx.principal.user_id
    stmt = select(Notification).where(Notification.user_id == me)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    if before is not None:
        stmt = stmt.where(Notification.created_at < before)
    rows = list(ctx.session.scalars(stmt.order_by(Notification.created_at.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return NotificationPage(
        items=[NotificationOut.model_validate(r) for r in rows],
        unread=unread_count(ctx),
        next_before=rows[-1].created_at if more and rows else None,
    )


def unread_count(ctx: Ctx) -> int:
    return int(
        ctx.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == ctx.principal.user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(ctx: Ctx, notification_id: uuid.UUID) -> NotificationOut:
    row = ctx.session.get(Notification, notification_id)
    if row is None or row.user_id != ctx.principal.user_id:
        raise NotFound("No such notification.")
    if row.read_at is None:
        row.read_at = utcnow()
        ctx.session.flush()
    return NotificationOut.model_validate(row)


def mark_all_read(ctx: Ctx) -> int:
    result: Any = ctx.session.execute(
        update(Notification)
        .where(Notification.user_id == ctx.principal.user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(result.rowcount or 0)


# --- for the live stream (no request transaction: each poll is its own short read) ---------


def count_unread(session: Session, user_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def recent_for(
    session: Session, user_id: uuid.UUID, since: datetime, limit: int = 100
) -> list[NotificationOut]:
    """The user's notifications created at or after `since`, oldest first."""
    rows = session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.created_at >= since)
        .order_by(Notification.created_at, Notification.id)
        .limit(limit)
    )
    return [NotificationOut.model_validate(r) for r in rows]
