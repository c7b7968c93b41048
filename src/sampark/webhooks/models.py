"""Outbound webhook subscriptions, their deliveries, and every attempt at each delivery."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType, RecordMixin


class WebhookSubscription(RecordMixin, Base):
    """An endpoint that is sent the events it asked for, signed with its own secret."""

    __tablename__ = "webhook_subscriptions"

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    # Event names from the catalogue, `<object>.*`, or `*` for everything.
    event_types: Mapped[list[str]] = mapped_column(JsonType, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The signing secret (`whsec_…`), encrypted with a key derived from SAMPARK_SECRET_KEY.
    secret_encrypted: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    # Set at the first failed attempt after a success (or since creation); cleared by a success
    # and by re-enabling. Every attempt failing for a whole day switches the subscription off.
    failing_since: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    last_success_at: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One event sent to one subscription. Its id is the `webhook-id` header, the same on every
    attempt, so a receiver can tell a retry from a new event. The body is fixed when the
    delivery is made, so retries and replays send the very same bytes."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event_type: Mapped[str] = mapped_column(String(60))
    event_seq: Mapped[int | None] = mapped_column(BigInteger)  # the audit entry it came from
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    # The record is loaded by the first attempt, in the worker, outside the dispatcher's write
    # transaction; that attempt then fixes the body for every later one.
    record_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    # pending → succeeded; pending → retrying → … → succeeded or failed; skipped when the
    # subscription was off by the time it came to be sent.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    delivered_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_webhook_deliveries_subscription_created", "subscription_id", "created_at"),)


class WebhookAttempt(Base):
    """One HTTP request for a delivery and what came back."""

    __tablename__ = "webhook_attempts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(16), default="event")  # event, retry, replay, test
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    url: Mapped[str] = mapped_column(String(2000))
    request_headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    request_body: Mapped[str] = mapped_column(Text)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)  # the first 4 KB
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_webhook_attempts_delivery_started", "delivery_id", "started_at"),)
