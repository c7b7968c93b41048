"""Reading the audit log: the whole log for admins, one record's history for its readers,
and verification of the hash chain. Nothing here writes to the log except refusals,
which the error handler audits."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, select

from sampark.activities import service as activities
from sampark.auditlog.schemas import AuditEntryOut, ChainReportOut, HistoryEntryOut, RecordType
from sampark.companies import service as companies
from sampark.core import audit
from sampark.core.audit import AuditEntry
from sampark.core.clock import as_utc
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.pagination import Page, clamp_limit
from sampark.core.permissions import Action, Obj
from sampark.deals import service as deals
from sampark.people import service as people
from sampark.tasks import service as tasks
from sampark.tickets import service as tickets

Out = TypeVar("Out", bound=BaseModel)
_CURSOR_TAG = "audit"


@dataclass
class AuditQuery:
    actor_id: uuid.UUID | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int | None = None
    cursor: str | None = None


def encode_cursor(seq: int) -> str:
    raw = json.dumps([_CURSOR_TAG, seq], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        tag, seq = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        if tag != _CURSOR_TAG or not isinstance(seq, int) or isinstance(seq, bool):
            raise ValueError("not an audit cursor")
        return seq
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ValidationFailed(
            "The cursor is not valid for this list.", errors=[FieldError("cursor", "invalid cursor")]
        ) from exc


def _page(ctx: Ctx, stmt: Select[Any], query: AuditQuery, out: type[Out]) -> Page[Out]:
    """Newest first, keyset on seq: page N costs what page 1 does, and new entries do not shift it."""
    limit = clamp_limit(query.limit)
    if query.cursor:
        stmt = stmt.where(AuditEntry.seq < decode_cursor(query.cursor))
    rows = list(ctx.session.scalars(stmt.order_by(AuditEntry.seq.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].seq) if more and rows else None
    return Page[Any](items=[out.model_validate(r) for r in rows], next_cursor=next_cursor, limit=limit)


def list_entries(ctx: Ctx, query: AuditQuery) -> Page[AuditEntryOut]:
    ctx.require(Obj.audit, Action.read)
    if query.since and query.until and as_utc(query.since) >= as_utc(query.until):
        raise ValidationFailed(
            "'from' must come before 'to'.",
            errors=[FieldError("to", "must be after 'from'", "invalid_range")],
        )
    stmt = select(AuditEntry)
    if query.actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == query.actor_id)
    if query.action:
        stmt = stmt.where(AuditEntry.action == query.action)
    if query.object_type:
        stmt = stmt.where(AuditEntry.object_type == query.object_type)
    if query.object_id:
        stmt = stmt.where(AuditEntry.object_id == query.object_id)
    if query.since is not None:
        stmt = stmt.where(AuditEntry.occurred_at >= as_utc(query.since))
    if query.until is not None:
        stmt = stmt.where(AuditEntry.occurred_at < as_utc(query.until))
    return _page(ctx, stmt, query, AuditEntryOut)


def verify(ctx: Ctx) -> ChainReportOut:
    """Walk the whole chain, recomputing every hash (admins; reads every entry)."""
    ctx.require(Obj.audit, Action.read)
    report = audit.verify_chain(ctx.session)
    return ChainReportOut(
        ok=report.ok, checked=report.checked, first_bad_seq=report.first_bad_seq, problem=report.problem
    )


# Each reader answers 404 (or 403) unless the caller may read that record right now.
READERS: dict[RecordType, Callable[[Ctx, uuid.UUID], Any]] = {
    RecordType.people: people.get_person,
    RecordType.companies: companies.get_company,
    RecordType.deals: deals.get_deal,
    RecordType.activities: activities.get_activity,
    RecordType.tasks: tasks.get_task,
    RecordType.tickets: tickets.get_ticket,
}


def record_history(
    ctx: Ctx, object_type: RecordType, object_id: uuid.UUID, query: AuditQuery
) -> Page[HistoryEntryOut]:
    """A record's changes, for anyone who may read the record (no audit grant needed)."""
    READERS[object_type](ctx, object_id)
    stmt = select(AuditEntry).where(
        AuditEntry.object_type == object_type.value, AuditEntry.object_id == str(object_id)
    )
    return _page(ctx, stmt, query, HistoryEntryOut)
