"""Domain events, read from the audit log.

Every change a service makes is already written to the hash-chained audit log in the same
transaction, with field-level before/after. Appends to that log are serialised on its head
row, so its sequence numbers commit in order: a consumer that remembers the last number it
was handed can never skip a change, on SQLite or PostgreSQL. So events need no outbox of
their own: `dispatch_once` hands each consumer (webhooks, workflow rules, notifications) the
entries after its checkpoint, and the consumer enqueues jobs in the same transaction that
moves its checkpoint — fan-out happens exactly once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sampark.core.audit import AuditEntry
from sampark.core.clock import as_utc
from sampark.db import Database
from sampark.jobs.models import DispatchCheckpoint

# Audit object types (plural, as in the API paths) → event names (singular).
SINGULAR = {
    "people": "person",
    "companies": "company",
    "deals": "deal",
    "activities": "activity",
    "tasks": "task",
    "orders": "order",
    "tickets": "ticket",
    "pipelines": "pipeline",
    "users": "user",
    "teams": "team",
}
PAST = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "restore": "restored",
    "merge": "merged",
    "unmerge": "unmerged",
}


@dataclass(frozen=True)
class DomainEvent:
    seq: int
    type: str  # e.g. "person.created", "deal.stage_changed"
    object_type: str  # the audit/API object type, e.g. "people"
    object_id: uuid.UUID | None
    action: str  # the audit action: create, update, delete, …
    changes: dict[str, Any]
    actor_id: uuid.UUID | None
    occurred_at: datetime
    extra_types: tuple[str, ...] = field(default=())

    @property
    def types(self) -> tuple[str, ...]:
        """The event's name and the more specific names it also answers to."""
        return (self.type, *self.extra_types)

    def changed(self, name: str) -> bool:
        return name in self.changes

    def after(self, name: str) -> Any:
        value = self.changes.get(name)
        return value.get("after") if isinstance(value, dict) else None


Consumer = Callable[[Session, list[DomainEvent]], None]
_CONSUMERS: dict[str, Consumer] = {}
# Specific event names derived from a generic one: (object_type, action) → fn(changes) → names.
_DERIVED: dict[tuple[str, str], Callable[[dict[str, Any]], list[str]]] = {}


def subscribe(name: str, consumer: Consumer) -> None:
    """Hand `consumer` every domain event from now on, in commit order, in batches."""
    _CONSUMERS[name] = consumer


def derive(object_type: str, action: str, fn: Callable[[dict[str, Any]], list[str]]) -> None:
    _DERIVED[(object_type, action)] = fn


def _deal_updates(changes: dict[str, Any]) -> list[str]:
    names = []
    if "stage_id" in changes:
        names.append("deal.stage_changed")
    status = changes.get("status")
    if isinstance(status, dict) and status.get("after") in ("won", "lost"):
        names.append(f"deal.{status['after']}")
    return names


derive("deals", "update", _deal_updates)


def to_events(entry: AuditEntry) -> list[DomainEvent]:
    """The events one audit entry stands for: usually one; a bulk write (`create_many`, as
    imports and tracking make people) one per record it names."""
    if entry.action == "create_many" and entry.object_type in SINGULAR:
        ids = (entry.changes or {}).get("ids") or []
        source = (entry.changes or {}).get("source")
        return [
            DomainEvent(
                seq=entry.seq,
                type=f"{SINGULAR[entry.object_type]}.created",
                object_type=entry.object_type,
                object_id=uuid.UUID(raw),
                action="create",
                changes={"source": source} if source else {},
                actor_id=entry.actor_id,
                occurred_at=as_utc(entry.occurred_at),
            )
            for raw in ids
            if isinstance(raw, str)
        ]
    single = to_event(entry)
    return [single] if single is not None else []


def to_event(entry: AuditEntry) -> DomainEvent | None:
    if entry.object_type not in SINGULAR or entry.action not in PAST:
        return None
    try:
        object_id = uuid.UUID(entry.object_id) if entry.object_id else None
    except ValueError:
        object_id = None
    changes = dict(entry.changes or {})
    derived = _DERIVED.get((entry.object_type, entry.action))
    return DomainEvent(
        seq=entry.seq,
        type=f"{SINGULAR[entry.object_type]}.{PAST[entry.action]}",
        object_type=entry.object_type,
        object_id=object_id,
        action=entry.action,
        changes=changes,
        actor_id=entry.actor_id,
        occurred_at=as_utc(entry.occurred_at),
        extra_types=tuple(derived(changes)) if derived else (),
    )


def _head(session: Session) -> int:
    return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)


def dispatch_once(db: Database, *, batch: int = 2000) -> int:
    """Hand every consumer the events after its checkpoint (up to `batch` each). Answers how
    many audit entries were passed over in all; 0 means every consumer is up to date."""
    if not _CONSUMERS:
        return 0
    with db.session(write=False) as session:
        head = _head(session)
        marks = dict(session.execute(select(DispatchCheckpoint.consumer, DispatchCheckpoint.last_seq)).all())
    moved = 0
    for name, consumer in list(_CONSUMERS.items()):
        if name in marks and marks[name] >= head:
            continue
        moved += _dispatch_consumer(db, name, consumer, batch)
    return moved


def ensure_checkpoints(db: Database) -> None:
    """Start every consumer that has no checkpoint yet from the current end of the log. The web
    process calls this when it starts, so a change made before the first worker comes up is
    not missed; a consumer added by a later release still starts from then, not from history."""
    if not _CONSUMERS:
        return
    try:
        with db.session(write=False) as session:
            known = set(session.scalars(select(DispatchCheckpoint.consumer)))
    except DBAPIError:  # not migrated yet (e.g. the OpenAPI document made from a bare checkout)
        return
    if known >= set(_CONSUMERS):
        return
    with db.session() as session:
        known = set(session.scalars(select(DispatchCheckpoint.consumer)))
        head = _head(session)
        for name in sorted(set(_CONSUMERS) - known):
            session.add(DispatchCheckpoint(consumer=name, last_seq=head))


def _dispatch_consumer(db: Database, name: str, consumer: Consumer, batch: int) -> int:
    with db.session() as session:
        mark = session.execute(
            select(DispatchCheckpoint).where(DispatchCheckpoint.consumer == name).with_for_update()
        ).scalar_one_or_none()
        if mark is None:
            # A new consumer starts from now: it is not handed the whole history.
            session.add(DispatchCheckpoint(consumer=name, last_seq=_head(session)))
            return 0
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > mark.last_seq).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not entries:
            return 0
        found = [event for entry in entries for event in to_events(entry)]
        if found:
            consumer(session, found)
        mark.last_seq = entries[-1].seq
        return len(entries)


def consumers() -> list[str]:
    return sorted(_CONSUMERS)
