"""The service desk's part of each agent's morning digest: their tickets whose SLA target falls
due by the end of their day, or is already breached."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sampark.core.clock import as_utc
from sampark.reminders.service import DigestItem, register_sla_risks
from sampark.tickets.models import Ticket
from sampark.tickets.schemas import Status

# Pending tickets are waiting on the customer: their clock is stopped, so they are no risk.
RUNNING = (Status.new.value, Status.open.value, Status.on_hold.value)


def sla_risks(session: Session, user_id: uuid.UUID, day: date, zone: ZoneInfo) -> list[DigestItem]:
    end_of_day = as_utc(datetime.combine(day + timedelta(days=1), time(), tzinfo=zone))
    rows = session.execute(
        select(Ticket.id, Ticket.number, Ticket.subject, Ticket.sla_due_at, Ticket.breached_at)
        .where(
            Ticket.owner_id == user_id,
            Ticket.status.in_(RUNNING),
            Ticket.merged_into_id.is_(None),
            or_(Ticket.sla_due_at < end_of_day, Ticket.breached_at.is_not(None)),
        )
        .order_by(Ticket.sla_due_at)
        .limit(20)
    ).all()
    items = []
    for row in rows:
        due = as_utc(row.sla_due_at).astimezone(zone)
        # Words come from the digest's own headings (in the reader's language); this is a time.
        detail = f"SLA {due:%H:%M}" + (" ⚠" if row.breached_at else "")
        items.append(DigestItem(f"#{row.number} {row.subject}", detail, f"/tickets/{row.id}"))
    return items


register_sla_risks(sla_risks)
