"""API shapes of the service desk."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from sampark.core.fields import Email, Phone, Strict, Tags
from sampark.core.text import clean_text


class Channel(StrEnum):
    email = "email"
    web = "web"
    phone = "phone"
    social = "social"
    chat = "chat"
    api = "api"


class Status(StrEnum):
    new = "new"
    open = "open"
    pending = "pending"  # waiting on the customer: the SLA clock pauses
    on_hold = "on_hold"
    solved = "solved"
    closed = "closed"


OPEN_STATUSES = (Status.new, Status.open, Status.pending, Status.on_hold)


class Priority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class TicketType(StrEnum):
    question = "question"
    incident = "incident"
    problem = "problem"
    complaint = "complaint"
    request = "request"


class Assignment(StrEnum):
    round_robin = "round_robin"
    least_open = "least_open"
    manual = "manual"


class MessageKind(StrEnum):
    reply = "reply"  # public: the requester sees it (and gets it by e-mail on e-mail tickets)
    note = "note"  # internal: agents only


class Language(StrEnum):
    en = "en"
    bn = "bn"
    hi = "hi"


def _required(value: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValueError("may not be empty")
    return cleaned


Subject = Annotated[str, StringConstraints(max_length=300), AfterValidator(_required)]
Body = Annotated[str, StringConstraints(max_length=100_000), AfterValidator(clean_text)]
RequiredBody = Annotated[str, StringConstraints(max_length=100_000), AfterValidator(_required)]
Name = Annotated[str, StringConstraints(max_length=120), AfterValidator(_required)]
HHMM = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class RequesterIn(Strict):
    """Who asks: an existing person, or identifiers found or created through identity resolution."""

    person_id: uuid.UUID | None = None
    email: Email | None = None
    phone: Phone | None = None
    name: Annotated[str, StringConstraints(max_length=200)] | None = None


class TicketCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject": "My order has not arrived",
                    "description": "Ordered on Monday, still waiting.",
                    "channel": "web",
                    "requester": {"email": "rahim@example.com", "name": "Rahim Uddin"},
                }
            ]
        },
    )

    subject: Subject
    description: Body = ""
    channel: Channel = Channel.api
    requester: RequesterIn | None = None
    company_id: uuid.UUID | None = None
    priority: Priority | None = Field(default=None, description="Routing rules may set it; normal otherwise")
    type: TicketType = TicketType.question
    tags: Tags = []
    custom_fields: dict[str, Any] = Field(
        default_factory=dict, description="Values of the tickets' custom fields"
    )
    queue_id: uuid.UUID | None = Field(default=None, description="Skip routing: this queue")
    assignee_id: uuid.UUID | None = Field(default=None, description="Skip assignment: this agent")
    deal_id: uuid.UUID | None = None


class TicketUpdate(Strict):
    subject: Subject | None = None
    status: Status | None = None
    priority: Priority | None = None
    type: TicketType | None = None
    tags: Tags | None = None
    custom_fields: dict[str, Any] | None = Field(
        default=None, description="Merged onto the current values; null deletes one"
    )
    queue_id: uuid.UUID | None = None
    assignee_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None


class TicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: int
    token: str = Field(description="`#1042`: what e-mail subjects carry as `[#1042]`")
    subject: str
    description: str
    channel: Channel
    status: Status
    priority: Priority
    type: TicketType
    tags: list[str]
    custom_fields: dict[str, Any]
    requester_id: uuid.UUID | None
    requester_email: str | None
    requester_name: str | None = None
    company_id: uuid.UUID | None
    customer_tier: str | None = Field(
        default=None, description="The requester's customer tier when it opened"
    )
    queue_id: uuid.UUID | None
    queue_name: str | None = None
    assignee_id: uuid.UUID | None
    assignee_name: str | None = None
    deal_id: uuid.UUID | None
    merged_into_id: uuid.UUID | None
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    sla_due_at: datetime | None = Field(description="The next running SLA target; none while paused or met")
    sla_paused: bool
    breached_at: datetime | None
    breach: str | None
    first_responded_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    last_message_at: datetime | None
    csat_score: int | None
    csat_comment: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class AttachmentOut(BaseModel):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int


class MessageOut(BaseModel):
    id: uuid.UUID
    ticket_id: uuid.UUID
    kind: MessageKind
    direction: str
    author_user_id: uuid.UUID | None
    author_person_id: uuid.UUID | None
    author_name: str | None
    from_address: str | None
    body: str
    email_message_id: str | None
    delivery: str | None = Field(
        description="For e-mailed replies: queued, sending, sent, retrying or failed (from the send job)"
    )
    delivery_error: str | None = None
    attachments: list[AttachmentOut]
    created_at: datetime


class AttachmentIn(Strict):
    filename: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    content_type: Annotated[str, StringConstraints(pattern=r"^[\w.+-]+/[\w.+-]+$", max_length=120)] = (
        "application/octet-stream"
    )
    data_base64: str = Field(max_length=14_000_000)


class MessageCreate(Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"kind": "note", "body": "Checked the courier."}]}
    )

    kind: MessageKind = MessageKind.reply
    body: RequiredBody
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)
    status: Status | None = Field(default=None, description="Set the ticket's status in the same step")


class MergeIn(Strict):
    into_id: uuid.UUID = Field(description="The ticket that stays; this one is closed into it")


class QueueMemberIn(Strict):
    user_id: uuid.UUID
    available: bool = True


def _zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("not a known time zone") from exc
    return value


Zone = Annotated[str, StringConstraints(max_length=60), AfterValidator(_zone)]
Day = Annotated[int, Field(ge=0, le=6)]
Holiday = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class QueueCreate(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Returns"}]})

    name: Name
    description: Body | None = None
    manager_id: uuid.UUID | None = None
    assignment: Assignment = Assignment.round_robin
    is_default: bool = False
    time_zone: Zone = "Asia/Dhaka"
    work_days: list[Day] = Field(default=[6, 0, 1, 2, 3], max_length=7, description="Monday = 0")
    work_start: HHMM = "09:00"
    work_end: HHMM = "18:00"
    holidays: list[Holiday] = Field(default_factory=list, max_length=400)
    members: list[QueueMemberIn] | None = None


class QueueUpdate(Strict):
    name: Name | None = None
    description: Body | None = None
    manager_id: uuid.UUID | None = None
    assignment: Assignment | None = None
    is_default: bool | None = None
    time_zone: Zone | None = None
    work_days: list[Day] | None = Field(default=None, max_length=7)
    work_start: HHMM | None = None
    work_end: HHMM | None = None
    holidays: list[Holiday] | None = Field(default=None, max_length=400)
    members: list[QueueMemberIn] | None = None


class MemberOut(BaseModel):
    user_id: uuid.UUID
    name: str | None
    available: bool
    open_tickets: int


class QueueOut(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    manager_id: uuid.UUID | None
    assignment: Assignment
    is_default: bool
    time_zone: str
    work_days: list[int]
    work_start: str
    work_end: str
    holidays: list[str]
    members: list[MemberOut]
    version: int


class RuleConditions(Strict):
    """Every condition given must hold; a list holds when any of its values matches."""

    channel: list[Channel] | None = None
    type: list[TicketType] | None = None
    tags: list[str] | None = Field(default=None, description="The ticket has any of these tags")
    subject_words: list[str] | None = Field(
        default=None, description="The subject contains any of these words"
    )
    company_ids: list[uuid.UUID] | None = None
    tiers: list[Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40)]] | None = (
        Field(default=None, description="The requester is in any of these customer tiers (GET /customer-tiers)")
    )  # fmt: skip
    min_lifetime_value: Decimal | None = Field(
        default=None, ge=0, description="The requester's lifetime spend (net of refunds) is at least this"
    )


class RuleCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"name": "Refunds", "queue_id": "0190a0a0-0000-7000-8000-000000000000", "conditions": {}}
            ]
        },
    )

    name: Name
    queue_id: uuid.UUID
    position: int = Field(default=0, ge=0, le=10_000)
    enabled: bool = True
    conditions: RuleConditions = Field(default_factory=RuleConditions)
    set_priority: Priority | None = None


class RuleUpdate(Strict):
    name: Name | None = None
    queue_id: uuid.UUID | None = None
    position: int | None = Field(default=None, ge=0, le=10_000)
    enabled: bool | None = None
    conditions: RuleConditions | None = None
    set_priority: Priority | None = None


class RuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    queue_id: uuid.UUID
    position: int
    enabled: bool
    conditions: dict[str, Any]
    set_priority: Priority | None
    version: int


class SlaPolicyIn(Strict):
    first_response_minutes: int = Field(ge=1, le=60 * 24 * 90)
    resolution_minutes: int = Field(ge=1, le=60 * 24 * 365)
    warn_before_minutes: int = Field(default=30, ge=0, le=60 * 24 * 7)


class SlaPolicyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    priority: Priority
    tier: str | None = Field(description="The customer tier it is for; null: every customer")

    @field_validator("tier", mode="before")
    @classmethod
    def _every_customer(cls, value: Any) -> Any:
        return value or None

    first_response_minutes: int
    resolution_minutes: int
    warn_before_minutes: int
    version: int


class TierOut(BaseModel):
    name: str
    min_lifetime_value: Decimal
    currency: str | None = Field(description="Currency of the threshold (null: no orders yet)")


class CannedCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Thanks",
                    "language": "en",
                    "body": "Dear {{person.first_name}}, thanks — {{agent.name}}",
                }
            ]
        },
    )

    name: Name
    language: Language = Language.en
    body: RequiredBody
    queue_id: uuid.UUID | None = None


class CannedUpdate(Strict):
    name: Name | None = None
    language: Language | None = None
    body: RequiredBody | None = None
    queue_id: uuid.UUID | None = None


class CannedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    language: Language
    body: str
    queue_id: uuid.UUID | None
    version: int


class RenderedOut(BaseModel):
    body: str
    unknown_placeholders: list[str]


class MailboxCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Support", "address": "support@example.com"}]},
    )

    name: Name
    address: Email
    queue_id: uuid.UUID | None = None
    enabled: bool = True
    imap_host: Annotated[str, StringConstraints(max_length=200)] | None = None
    imap_port: int = Field(default=993, ge=1, le=65535)
    imap_security: Annotated[str, StringConstraints(pattern=r"^(tls|starttls|none)$")] = "tls"
    imap_username: Annotated[str, StringConstraints(max_length=200)] | None = None
    imap_password: Annotated[str, StringConstraints(max_length=300)] | None = None
    imap_folder: Annotated[str, StringConstraints(min_length=1, max_length=200)] = "INBOX"


class MailboxUpdate(Strict):
    name: Name | None = None
    address: Email | None = None
    queue_id: uuid.UUID | None = None
    enabled: bool | None = None
    imap_host: Annotated[str, StringConstraints(max_length=200)] | None = None
    imap_port: int | None = Field(default=None, ge=1, le=65535)
    imap_security: Annotated[str, StringConstraints(pattern=r"^(tls|starttls|none)$")] | None = None
    imap_username: Annotated[str, StringConstraints(max_length=200)] | None = None
    imap_password: Annotated[str, StringConstraints(max_length=300)] | None = None
    imap_folder: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None


class MailboxOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    address: str
    queue_id: uuid.UUID | None
    enabled: bool
    imap_host: str | None
    imap_port: int
    imap_security: str
    imap_username: str | None
    imap_folder: str
    imap_last_uid: int
    last_polled_at: datetime | None
    last_error: str | None
    version: int


class MailboxWithToken(MailboxOut):
    token: str = Field(description="Shown once: the inbound webhook's bearer token")


class InboundResult(BaseModel):
    outcome: str = Field(
        description="created, appended, duplicate, ignored_auto_reply, ignored_bounce, ignored_bulk"
    )
    ticket_id: uuid.UUID | None = None
    ticket_number: int | None = None
    message_id: uuid.UUID | None = None


class InboundBatchResult(BaseModel):
    results: list[InboundResult] = Field(description="One per message, in the mbox's order")
    counts: dict[str, int] = Field(description="How many messages had each outcome")


class CsatIn(Strict):
    score: int = Field(ge=1, le=5, description="1 (very unhappy) … 5 (very happy)")
    comment: Annotated[str, StringConstraints(max_length=2000), AfterValidator(clean_text)] | None = None


class CsatGroup(BaseModel):
    id: uuid.UUID | None
    name: str | None
    ratings: int
    average: float | None
    satisfied_share: float | None = Field(description="Share of ratings of 4 or 5")


class CsatComment(BaseModel):
    ticket_id: uuid.UUID
    number: int
    score: int
    comment: str
    rated_at: datetime


class CsatReport(BaseModel):
    overall: CsatGroup
    by_agent: list[CsatGroup]
    by_queue: list[CsatGroup]
    recent_comments: list[CsatComment]


class QueueCount(BaseModel):
    queue_id: uuid.UUID | None
    name: str | None
    open: int
    unassigned: int
    breached: int


class Dashboard(BaseModel):
    open_by_queue: list[QueueCount]
    by_status: dict[str, int]
    mine_open: int
    unassigned_open: int
    breached_open: int
    breaches_last_30_days: int
    due_within_hour: int
    median_first_response_seconds: float | None = Field(description="Tickets created in the last 30 days")
    median_resolution_seconds: float | None = Field(description="Tickets solved in the last 30 days")
    csat_average_30_days: float | None
    csat_ratings_30_days: int
