"""Append-only, hash-chained audit log.

Services call `record()` inside their unit of work; the entries are chained and written just
before that transaction commits, so an audit entry exists exactly when its change does. Each
entry's hash covers the previous entry's hash: editing or deleting any entry breaks the
chain, which `verify_chain` (and `sampark audit verify`) reports.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import BigInteger, Index, String, Uuid, event, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sampark.core.clock import as_utc, utcnow
from sampark.core.permissions import Principal
from sampark.db import Base, JsonType

GENESIS = "0" * 64
_PENDING = "sampark.audit.pending"


class AuditEntry(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    actor_email: Mapped[str | None] = mapped_column(String(320))
    token_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id", "seq"),)


class AuditHead(Base):
    """One row: the chain's last sequence number and hash. Locking it serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))


@dataclass
class _Pending:
    action: str
    object_type: str | None
    object_id: str | None
    changes: dict[str, Any]
    actor_id: uuid.UUID | None
    actor_email: str | None
    token_id: uuid.UUID | None
    request_id: str | None
    ip: str | None


def jsonable(value: Any) -> Any:
    """Plain JSON for audit diffs: ids, money and times become strings."""
    if value.__class__ is str:  # most values: a batch of new people names thousands of ids
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Field-level before/after for the fields whose value changed."""
    changes: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        old, new = jsonable(before.get(key)), jsonable(after.get(key))
        if old != new:
            changes[key] = {"before": old, "after": new}
    return changes


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    object_type: str | None = None,
    object_id: Any = None,
    changes: dict[str, Any] | None = None,
    *,
    actor_email: str | None = None,
    request_id: str | None = None,
    ip: str | None = None,
) -> None:
    pending: list[_Pending] = session.info.setdefault(_PENDING, [])
    pending.append(
        _Pending(
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id is not None else None,
            changes=jsonable(changes or {}),
            actor_id=principal.user_id if principal else None,
            actor_email=principal.email if principal else actor_email,
            token_id=principal.token_id if principal else None,
            request_id=(principal.request_id if principal else None) or request_id,
            ip=(principal.ip if principal else None) or ip,
        )
    )


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        # The same text however the database hands the time back (naive on SQLite, in the
        # session's time zone on PostgreSQL), so the hash written is the hash verified.
        "occurred_at": as_utc(entry.occurred_at).isoformat(),
        "actor_id": str(entry.actor_id) if entry.actor_id else None,
        "actor_email": entry.actor_email,
        "token_id": str(entry.token_id) if entry.token_id else None,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "changes": entry.changes,
        "request_id": entry.request_id,
        "ip": entry.ip,
    }


def _flush_pending(session: Session) -> None:
    pending: list[_Pending] = session.info.pop(_PENDING, [])
    if not pending:
        return
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS)
        session.add(head)
    seq, prev = head.last_seq, head.last_hash
    now = utcnow()
    occurred = as_utc(now).isoformat()
    rows: list[dict[str, Any]] = []
    for item in pending:
        seq += 1
        row_prev = prev
        row: dict[str, Any] = {
            "seq": seq,
            "actor_id": item.actor_id,
            "actor_email": item.actor_email,
            "token_id": item.token_id,
            "action": item.action,
            "object_type": item.object_type,
            "object_id": item.object_id,
            "changes": item.changes,
            "request_id": item.request_id,
            "ip": item.ip,
        }
        # The same fields `_hashed_fields` reads back from a stored entry.
        hashed = {
            **row,
            "occurred_at": occurred,
            "actor_id": str(item.actor_id) if item.actor_id else None,
            "token_id": str(item.token_id) if item.token_id else None,
        }
        prev = entry_hash(prev, hashed)
        row.update(occurred_at=now, prev_hash=row_prev, hash=prev)
        rows.append(row)
    # One executemany through Core: the entries are never read back in this transaction, so
    # they need no ORM objects (an audit-heavy batch, e.g. a sync push, writes hundreds).
    session.flush()
    session.connection().execute(insert(AuditEntry), rows)
    head.last_seq, head.last_hash = seq, prev
    session.flush()


@event.listens_for(Session, "before_commit")
def _write_audit_before_commit(session: Session) -> None:
    _flush_pending(session)


@event.listens_for(Session, "after_rollback")
def _drop_audit_on_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass
class ChainReport:
    checked: int
    ok: bool
    first_bad_seq: int | None = None
    problem: str | None = None


def iter_entries(session: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify_chain(session: Session) -> ChainReport:
    prev, expected_seq, checked = GENESIS, 1, 0
    for entry in iter_entries(session):
        if entry.seq != expected_seq:
            return ChainReport(checked, False, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev:
            return ChainReport(
                checked, False, entry.seq, f"entry {entry.seq} does not follow its predecessor"
            )
        if entry_hash(prev, _hashed_fields(entry)) != entry.hash:
            return ChainReport(checked, False, entry.seq, f"entry {entry.seq} was altered")
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_seq != checked or head.last_hash != prev):
        return ChainReport(checked, False, checked + 1, "entries after the last one found were removed")
    return ChainReport(checked, True)


def pending_mark(session: Session) -> int:
    """How many entries are queued; pass to `discard_after` when a savepoint rolls back."""
    return len(session.info.get(_PENDING, []))


def discard_after(session: Session, mark: int) -> None:
    pending: list[_Pending] = session.info.get(_PENDING, [])
    del pending[mark:]


def take_pending(session: Session) -> list[_Pending]:
    """Remove the queued entries and hand them over (see `requeue`): a caller committing many
    savepoints keeps them aside so that each savepoint commit does not write the chain."""
    taken: list[_Pending] = session.info.pop(_PENDING, [])
    return taken


def requeue(session: Session, entries: list[_Pending]) -> None:
    """Queue entries taken with `take_pending` again, ahead of any queued since, in order."""
    if entries:
        pending: list[_Pending] = session.info.setdefault(_PENDING, [])
        pending[:0] = entries
