"""API shapes of webhook subscriptions and deliveries, and the catalogue of event types."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from sampark.core.fields import Strict
from sampark.core.text import clean_text

# Every event a subscription may ask for. `<object>.*` asks for all of one object's events and
# `*` for everything. Ticket events are reserved: accepted now, sent once tickets exist.
CATALOGUE: dict[str, str] = {
    "person.created": "A person was added (by hand, an import or tracking)",
    "person.updated": "A person's fields changed",
    "person.deleted": "A person was moved to the trash",
    "person.restored": "A person came back from the trash",
    "person.merged": "Two people were merged; the event is about the survivor",
    "company.created": "A company was added",
    "company.updated": "A company's fields changed",
    "company.deleted": "A company was moved to the trash",
    "company.restored": "A company came back from the trash",
    "deal.created": "A deal was opened",
    "deal.updated": "A deal's fields changed (also sent with the more specific events below)",
    "deal.stage_changed": "A deal moved to another stage",
    "deal.won": "A deal was won",
    "deal.lost": "A deal was lost",
    "deal.deleted": "A deal was moved to the trash",
    "deal.restored": "A deal came back from the trash",
    "activity.created": "A note, call, meeting or e-mail was logged",
    "task.created": "A task was created",
    "task.updated": "A task changed (done, reassigned, rescheduled)",
    "order.created": "An order was recorded",
    "ticket.created": "Reserved: a support ticket was opened",
    "ticket.updated": "Reserved: a support ticket changed",
}
OBJECTS = sorted({name.split(".", 1)[0] for name in CATALOGUE})
TEST_EVENT = "webhook.test"


def _event_type(value: str) -> str:
    value = value.strip()
    if value == "*" or value in CATALOGUE or (value.endswith(".*") and value[:-2] in OBJECTS):
        return value
    raise ValueError(f"unknown event type {value!r}; see GET /api/v1/webhooks/event-types")


def _event_types(values: list[str]) -> list[str]:
    if not values:
        raise ValueError("choose at least one event type, or * for all")
    return list(dict.fromkeys(values))


def _url(value: str) -> str:
    value = value.strip()
    try:
        parts = urlsplit(value)
        port = parts.port  # raises on a port that is not a number or out of range
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise ValueError("must be an http:// or https:// URL")
    if not parts.hostname:
        raise ValueError("must name a host")
    if parts.username or parts.password:
        raise ValueError("must not carry a user name or password; put credentials in the path or query")
    if parts.fragment:
        raise ValueError("must not have a #fragment")
    if any(c.isspace() for c in value):
        raise ValueError("must not contain spaces")
    del port
    return value


EventType = Annotated[str, StringConstraints(min_length=1, max_length=60), AfterValidator(_event_type)]
EventTypes = Annotated[list[EventType], Field(max_length=50), AfterValidator(_event_types)]
Url = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    AfterValidator(_url),
    Field(description="http(s) address the events are POSTed to", examples=["https://example.com/hooks"]),
]
Description = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(clean_text)
]


class WebhookCreate(Strict):
    url: Url
    description: Description = ""
    event_types: EventTypes = Field(description="Names from the catalogue, `deal.*`, or `*` for all")
    is_active: bool = True

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://example.com/hooks/sampark",
                    "description": "Order system",
                    "event_types": ["person.created", "deal.*"],
                }
            ]
        }
    )


class WebhookUpdate(Strict):
    """Only the fields sent change. `is_active: true` also forgets past failures."""

    url: Url | None = None
    description: Description | None = None
    event_types: EventTypes | None = None
    is_active: bool | None = None


class WebhookOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    is_active: bool
    owner_id: uuid.UUID | None = Field(description="The admin who made it; told when it is switched off")
    failing_since: datetime | None = Field(description="Every attempt since then has failed")
    disabled_at: datetime | None
    disabled_reason: str | None = Field(description="Why it was switched off automatically")
    last_success_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class WebhookWithSecret(WebhookOut):
    secret: str = Field(
        description="Shown only now: `whsec_` and base64. Verify `webhook-signature` with it "
        "(Standard Webhooks).",
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class EventTypeOut(BaseModel):
    name: str
    description: str
    reserved: bool = False


class AttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: int
    trigger: str = Field(description="event, retry, replay or test")
    started_at: datetime
    url: str
    request_headers: dict[str, Any]
    request_body: str
    response_status: int | None
    response_body: str | None = Field(description="The first 4 KB of the answer")
    duration_ms: int
    error: str | None
    succeeded: bool


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="Sent as `webhook-id`, the same on every attempt")
    subscription_id: uuid.UUID
    event_type: str
    event_seq: int | None = Field(description="The audit-log entry the event came from")
    object_type: str | None
    object_id: str | None
    status: str = Field(description="pending, retrying, succeeded, failed or skipped")
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None


class DeliveryDetail(DeliveryOut):
    payload: dict[str, Any] = Field(description="The JSON body sent")
    attempt_log: list[AttemptOut] = Field(description="Every attempt, oldest first")
