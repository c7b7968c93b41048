from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType

_UNLINKED = text("person_id IS NULL")


class Event(Base):
    """One tracking call (identify, track, page, screen, group, alias) as a source sent it.
    Events are facts: never edited, only linked to the person they turn out to belong to."""

    __tablename__ = "events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    source_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("sources.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(10))
    name: Mapped[str | None] = mapped_column(String(200))  # the event, page or screen name
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="SET NULL"))
    user_id: Mapped[str | None] = mapped_column(String(320))
    anonymous_id: Mapped[str | None] = mapped_column(String(320))
    properties: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)  # traits for identify/group
    context: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    occurred_at: Mapped[datetime] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        # A replayed messageId is stored once (Segment's libraries retry with the same id).
        UniqueConstraint("source_id", "message_id", name="uq_events_source_message"),
        Index("ix_events_person_occurred", "person_id", "occurred_at", "id"),
        # Only for joining earlier anonymous events to a person identified now (`_link_earlier`):
        # an event stored already linked stays out of them.
        Index("ix_events_anonymous", "anonymous_id", sqlite_where=_UNLINKED, postgresql_where=_UNLINKED),
        Index("ix_events_user", "user_id", sqlite_where=_UNLINKED, postgresql_where=_UNLINKED),
    )


person_links.register("events", Event.__table__)


class InboxEvent(Base):
    """A tracking call accepted but not yet resolved: the HTTP path only validates a call and
    appends its messages here (committed before the answer, so an acknowledged event survives a
    crash); the worker's `tracking.drain` resolves them to people and moves them to `events` in
    large batches, deleting them here in the same transaction. `body` is the message as sent
    (JSON, the call's shared context merged in, a messageId filled in)."""

    __tablename__ = "tracking_inbox"

    # Arrival order (SQLite: the rowid). The drain takes the oldest first.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    source_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("sources.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    # Set when the drain could not use the message (it stays here, out of the way, to be seen).
    error: Mapped[str | None] = mapped_column(String(400))

    __table_args__ = (
        # A replay while the first copy still waits here is refused by the same rule as in events.
        UniqueConstraint("source_id", "message_id", name="uq_tracking_inbox_source_message"),
    )
