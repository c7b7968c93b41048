from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import AliasChoices, AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from sampark.activities.schemas import LongText, RequiredLine, UtcDatetime, no_null
from sampark.core.fields import Strict


class Priority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class TaskView(StrEnum):
    """Saved views over the caller's own open tasks, in the caller's time zone."""

    today = "today"  # due before tomorrow starts: today's and overdue ones
    overdue = "overdue"  # due before now
    upcoming = "upcoming"  # due tomorrow or later


class TaskCreate(Strict):
    id: uuid.UUID | None = Field(
        default=None, description="A client-minted UUIDv7 (offline creation); optional"
    )
    title: RequiredLine
    notes: LongText | None = Field(default=None, description="Up to 20,000 characters")
    due_at: AwareDatetime | None = Field(default=None, description="With a UTC offset")
    remind_at: AwareDatetime | None = Field(default=None, description="At or before `due_at`")
    priority: Priority = Priority.normal
    assignee_id: uuid.UUID | None = Field(default=None, description="Defaults to you")
    done: bool = False
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "রহিম সাহেবকে কোটেশন পাঠানো",
                    "due_at": "2024-03-12T17:00:00+06:00",
                    "remind_at": "2024-03-12T15:00:00+06:00",
                    "priority": "high",
                    "person_id": "01900000-0000-7000-8000-000000000001",
                }
            ]
        }
    )


class TaskUpdate(Strict):
    """Only the fields sent change; null clears due_at, remind_at, notes and links.
    `done: true` stamps `done_at`; `done: false` clears it."""

    title: RequiredLine | None = None
    notes: LongText | None = None
    due_at: AwareDatetime | None = None
    remind_at: AwareDatetime | None = None
    priority: Priority | None = None
    assignee_id: uuid.UUID | None = None
    done: bool | None = None
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    deal_id: uuid.UUID | None = None

    _required = field_validator("title", "priority", "assignee_id", "done")(no_null)


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    notes: str | None
    due_at: UtcDatetime | None
    remind_at: UtcDatetime | None
    reminded_at: UtcDatetime | None
    priority: Priority
    done: bool
    done_at: UtcDatetime | None
    assignee_id: uuid.UUID | None = Field(validation_alias=AliasChoices("assignee_id", "owner_id"))
    person_id: uuid.UUID | None
    company_id: uuid.UUID | None
    deal_id: uuid.UUID | None
    created_at: UtcDatetime
    updated_at: UtcDatetime
    version: int
