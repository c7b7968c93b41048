from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from sampark.core.clock import as_utc
from sampark.core.fields import Strict
from sampark.core.text import clean_text, nfc

MAX_BODY = 20_000


class ActivityKind(StrEnum):
    call = "call"
    meeting = "meeting"
    email = "email"
    note = "note"
    visit = "visit"


def _line(value: str) -> str:
    return clean_text(value)


def _required_line(value: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValueError("may not be empty")
    return cleaned


def _long_text(value: str) -> str:
    return nfc(value)


def no_null(value: Any) -> Any:
    """For PATCH fields the record cannot be without: sending null is a mistake, not a reset."""
    if value is None:
        raise ValueError("may not be null; leave the field out to keep its value")
    return value


Subject = Annotated[str, StringConstraints(max_length=300), AfterValidator(_line)]
RequiredLine = Annotated[str, StringConstraints(max_length=300), AfterValidator(_required_line)]
Outcome = Annotated[str, StringConstraints(max_length=120), AfterValidator(_line)]
Place = Annotated[str, StringConstraints(max_length=300), AfterValidator(_line)]
LongText = Annotated[str, StringConstraints(max_length=MAX_BODY), AfterValidator(_long_text)]
Minutes = Annotated[int, Field(ge=0, le=1440, description="0 to 1,440 (one day)")]
# Read back as UTC-aware on every database (SQLite hands back naive datetimes).
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class ActivityCreate(Strict):
    id: uuid.UUID | None = Field(
        default=None, description="A client-minted UUIDv7 (offline logging); optional"
    )
    kind: ActivityKind
    subject: Subject | None = Field(
        default=None, description="Defaults to the body's first line, else the kind ('Call')"
    )
    body: LongText | None = Field(default=None, description="Up to 20,000 characters")
    occurred_at: AwareDatetime | None = Field(default=None, description="With a UTC offset; default now")
    duration_minutes: Minutes | None = None
    outcome: Outcome | None = None
    location_name: Place | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    owner_id: uuid.UUID | None = Field(default=None, description="Defaults to you")
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "call",
                    "subject": "চা বাগানের অর্ডার নিয়ে কথা",
                    "body": "Wants 200 kg by Friday.",
                    "occurred_at": "2024-03-11T10:30:00+06:00",
                    "duration_minutes": 12,
                    "outcome": "interested",
                    "person_id": "01900000-0000-7000-8000-000000000001",
                }
            ]
        }
    )


class ActivityUpdate(Strict):
    """Only the fields sent change. Links may be set to null as long as one remains."""

    kind: ActivityKind | None = None
    subject: RequiredLine | None = None
    body: LongText | None = None
    occurred_at: AwareDatetime | None = None
    duration_minutes: Minutes | None = None
    outcome: Outcome | None = None
    location_name: Place | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    owner_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None

    _required = field_validator("kind", "subject", "occurred_at", "owner_id")(no_null)


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: ActivityKind
    subject: str
    body: str | None
    occurred_at: UtcDatetime
    duration_minutes: int | None
    outcome: str | None
    location_name: str | None
    latitude: float | None
    longitude: float | None
    owner_id: uuid.UUID | None
    person_id: uuid.UUID | None
    company_id: uuid.UUID | None
    deal_id: uuid.UUID | None
    checked_in_at: UtcDatetime | None = Field(default=None, description="A visit's check-in time (geo)")
    checkin_latitude: float | None = None
    checkin_longitude: float | None = None
    checkin_accuracy_m: float | None = None
    checkin_distance_m: float | None = Field(
        default=None, description="Metres from the customer's stored location (null when it has none)"
    )
    checkin_flagged: bool | None = Field(default=None, description="Farther than the allowed distance")
    created_at: UtcDatetime
    updated_at: UtcDatetime
    version: int
