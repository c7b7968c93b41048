"""Service desk tables: tickets and their conversations, queues with members and business hours,
routing rules, SLA policies, canned replies and support mailboxes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType, RecordMixin

# The sort key of a ticket whose SLA clock is not running (paused, met, or none): last.
NO_DUE = datetime(9999, 12, 31, tzinfo=UTC)


class TicketQueue(RecordMixin, Base):
    """A department's queue, with its business-hours calendar and how it assigns tickets."""

    __tablename__ = "ticket_queues"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    manager_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    assignment: Mapped[str] = mapped_column(String(20), default="round_robin")  # | least_open | manual
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    time_zone: Mapped[str] = mapped_column(String(60), default="UTC")
    work_days: Mapped[list[int]] = mapped_column(JsonType, default=lambda: [0, 1, 2, 3, 4])  # Monday = 0
    work_start: Mapped[str] = mapped_column(String(5), default="09:00")
    work_end: Mapped[str] = mapped_column(String(5), default="17:00")
    holidays: Mapped[list[str]] = mapped_column(JsonType, default=list)  # ISO dates
    last_assigned_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the round robin's pointer


class TicketQueueMember(Base):
    __tablename__ = "ticket_queue_members"

    queue_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("ticket_queues.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    available: Mapped[bool] = mapped_column(Boolean, default=True)


class RoutingRule(RecordMixin, Base):
    """Ordered; the first enabled rule whose every stated condition holds decides the queue."""

    __tablename__ = "ticket_routing_rules"

    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    queue_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ticket_queues.id", ondelete="CASCADE"))
    conditions: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    set_priority: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (Index("ix_ticket_routing_rules_position", "position"),)


class SlaPolicy(RecordMixin, Base):
    """Targets for one priority, in business minutes of the ticket's queue calendar."""

    __tablename__ = "ticket_sla_policies"

    priority: Mapped[str] = mapped_column(String(10))
    # A customer tier (tickets.customers): '' is every customer; a tier's policy wins for its customers.
    tier: Mapped[str] = mapped_column(String(40), default="", server_default="")
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    warn_before_minutes: Mapped[int] = mapped_column(Integer, default=30)

    __table_args__ = (UniqueConstraint("priority", "tier", name="uq_ticket_sla_policies_priority_tier"),)


class CannedReply(RecordMixin, Base):
    __tablename__ = "ticket_canned_replies"

    name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(5), default="en")
    body: Mapped[str] = mapped_column(Text)
    queue_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("ticket_queues.id", ondelete="SET NULL")
    )

    __table_args__ = (UniqueConstraint("name", "language", name="uq_ticket_canned_replies_name_language"),)


class Mailbox(RecordMixin, Base):
    """A support address: mail reaches it by the inbound webhook (its token) or IMAP polling."""

    __tablename__ = "ticket_mailboxes"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    queue_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("ticket_queues.id", ondelete="SET NULL")
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    imap_host: Mapped[str | None] = mapped_column(String(200))
    imap_port: Mapped[int] = mapped_column(Integer, default=993)
    imap_security: Mapped[str] = mapped_column(String(10), default="tls")  # tls | starttls | none
    imap_username: Mapped[str | None] = mapped_column(String(200))
    imap_password: Mapped[str | None] = mapped_column(String(500))
    imap_folder: Mapped[str] = mapped_column(String(200), default="INBOX")
    imap_uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    imap_last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    last_polled_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class TicketCounter(Base):
    """The last ticket number given: one row, bumped with UPDATE … RETURNING."""

    __tablename__ = "ticket_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=1000)


class Ticket(RecordMixin, Base):
    """One customer issue. The assignee is `owner_id`, so record access treats tickets like
    every other record (an agent sees their own, a team their team's, service sees all)."""

    __tablename__ = "tickets"

    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="new")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    type: Mapped[str] = mapped_column(String(12), default="question")
    tags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    custom: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    requester_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="SET NULL"))
    requester_email: Mapped[str | None] = mapped_column(String(320))
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("companies.id", ondelete="SET NULL")
    )
    customer_tier: Mapped[str | None] = mapped_column(String(40))  # the requester's tier at opening
    queue_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("ticket_queues.id", ondelete="SET NULL")
    )
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    deal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("deals.id", ondelete="SET NULL"))
    mailbox_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("ticket_mailboxes.id", ondelete="SET NULL")
    )
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("tickets.id", ondelete="SET NULL")
    )
    search_text: Mapped[str] = mapped_column(Text, default="")
    # SLA: due times in UTC, computed on the queue's business-hours calendar.
    sla_policy_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("ticket_sla_policies.id", ondelete="SET NULL")
    )
    first_response_due_at: Mapped[datetime | None]
    resolution_due_at: Mapped[datetime | None]
    sla_due_at: Mapped[datetime] = mapped_column(default=NO_DUE)  # the next running target; NO_DUE if none
    sla_paused_at: Mapped[datetime | None]
    sla_warned_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]
    breach: Mapped[str | None] = mapped_column(String(20))  # first_response | resolution
    first_responded_at: Mapped[datetime | None]
    solved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime | None]
    # CSAT: the nonce signed into the rating link; a rating is taken once.
    csat_nonce: Mapped[str | None] = mapped_column(String(32))
    csat_score: Mapped[int | None] = mapped_column(Integer)
    csat_comment: Mapped[str | None] = mapped_column(Text)
    csat_rated_at: Mapped[datetime | None]
    csat_agent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_tickets_queue_due", "queue_id", "sla_due_at", "id"),
        Index("ix_tickets_status_due", "status", "sla_due_at", "id"),
        Index("ix_tickets_owner_due", "owner_id", "sla_due_at", "id"),
        Index("ix_tickets_sla_due", "sla_due_at", "id"),
        Index("ix_tickets_requester_created", "requester_id", "created_at", "id"),
        Index("ix_tickets_company", "company_id"),
        Index("ix_tickets_deal", "deal_id"),
        Index("ix_tickets_updated_at", "updated_at"),
        Index("ix_tickets_created_at", "created_at"),
        Index("ix_tickets_priority", "priority"),
        Index("ix_tickets_solved_at", "solved_at"),
        Index("ix_tickets_csat_rated_at", "csat_rated_at"),
    )


class TicketMessage(Base):
    """One entry of a ticket's conversation: a public reply (in or out) or an internal note."""

    __tablename__ = "ticket_messages"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # reply | note
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    author_person_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL")
    )
    from_address: Mapped[str | None] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text, default="")
    email_message_id: Mapped[str | None] = mapped_column(String(500))
    email_job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_ticket_messages_ticket", "ticket_id", "created_at"),
        Index("ix_ticket_messages_email_id", "email_message_id"),
    )


class TicketAttachment(Base):
    """A file kept under var/attachments/ (named by its id), with what the sender called it."""

    __tablename__ = "ticket_attachments"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tickets.id", ondelete="CASCADE"))
    message_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("ticket_messages.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_ticket_attachments_message", "message_id"),)


person_links.register("tickets", Ticket.__table__, "requester_id")


def token_of(number: int) -> str:
    """How a ticket is named to people and in e-mail subjects: `#1042`."""
    return f"#{number}"
