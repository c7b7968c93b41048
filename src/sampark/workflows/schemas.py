"""API shapes of workflow rules and runs.

Actions are one flat shape (`type` plus the fields that type uses) so a validation error names
`actions.2.field`, not a union branch; `service.validate_rule` checks which fields each type needs.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sampark.core.fields import Strict

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Line = Annotated[str, StringConstraints(max_length=500)]
Body = Annotated[str, StringConstraints(max_length=20_000)]


class ObjectType(StrEnum):
    people = "people"
    companies = "companies"
    deals = "deals"
    tasks = "tasks"
    activities = "activities"
    orders = "orders"


class TriggerType(StrEnum):
    created = "created"
    updated = "updated"
    field_changed = "field_changed"
    stage_entered = "stage_entered"
    event_received = "event_received"
    date_reached = "date_reached"
    schedule = "schedule"


class ActionType(StrEnum):
    assign_owner = "assign_owner"
    create_task = "create_task"
    send_email = "send_email"
    send_sms = "send_sms"
    update_field = "update_field"
    add_tag = "add_tag"
    create_deal = "create_deal"
    call_webhook = "call_webhook"
    notify_user = "notify_user"
    wait = "wait"


class TriggerIn(Strict):
    type: TriggerType
    field: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="field_changed: the field"
    )
    to_value: Any = Field(default=None, description="field_changed: only when it changes to this value")
    stage_id: uuid.UUID | None = Field(default=None, description="stage_entered: the stage")
    event_name: Line | None = Field(default=None, description="event_received: the tracked event's name")
    date_field: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="date_reached: a date or datetime field"
    )
    offset_days: int | None = Field(
        default=None, ge=-3650, le=3650, description="date_reached: days after the date (negative: before)"
    )
    cron: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description='schedule: five cron fields in UTC, e.g. "0 7 * * *"'
    )


class Territory(Strict):
    country: Annotated[str, StringConstraints(max_length=2)] | None = None
    region: Line | None = None
    postal_prefix: Annotated[str, StringConstraints(max_length=20)] | None = None
    user_id: uuid.UUID


class ActionIn(Strict):
    type: ActionType
    # assign_owner
    strategy: Literal["round_robin", "territory", "least_loaded"] | None = None
    team_id: uuid.UUID | None = None
    territories: list[Territory] | None = Field(default=None, max_length=500)
    # create_task
    title: Line | None = None
    due_in_days: int | None = Field(default=None, ge=0, le=3650)
    remind_before_minutes: int | None = Field(default=None, ge=0, le=525_600)
    assignee: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        default=None, description='"owner" or a user id'
    )
    priority: Literal["low", "normal", "high", "urgent"] | None = None
    # send_email, send_sms
    to: Annotated[str, StringConstraints(max_length=320)] | None = Field(
        default=None, description='"record", "owner" or an e-mail address (SMS: "record")'
    )
    subject: Line | None = None
    body: Body | None = None
    # update_field
    field: Annotated[str, StringConstraints(max_length=100)] | None = None
    value: Any = None
    # add_tag
    tag: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] | None = None
    # create_deal
    name: Line | None = None
    pipeline_id: uuid.UUID | None = None
    amount: Annotated[str, StringConstraints(max_length=30)] | None = None
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)] | None = None
    # call_webhook
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    # notify_user
    user: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        default=None, description='"owner" or a user id'
    )
    # wait
    days: int | None = Field(default=None, ge=0, le=3650)
    hours: int | None = Field(default=None, ge=0, le=87_600)
    minutes: int | None = Field(default=None, ge=0, le=5_256_000)


class WorkflowIn(Strict):
    name: Name
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    object_type: ObjectType
    active: bool = False
    trigger: TriggerIn
    condition: dict[str, Any] | None = Field(default=None, description="A filter tree, as lists take")
    actions: list[ActionIn] = Field(min_length=1, max_length=30)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "New leads: round robin and a follow-up",
                    "object_type": "people",
                    "active": True,
                    "trigger": {"type": "created"},
                    "condition": {"field": "lifecycle_stage", "op": "eq", "value": "lead"},
                    "actions": [
                        {"type": "assign_owner", "strategy": "round_robin", "team_id": "0190…"},
                        {"type": "create_task", "title": "Call {{record.display_name}}", "due_in_days": 1},
                    ],
                }
            ]
        },
    )


class WorkflowUpdate(Strict):
    """Only the fields sent change; the whole rule is checked again."""

    name: Name | None = None
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    object_type: ObjectType | None = None
    active: bool | None = None
    trigger: TriggerIn | None = None
    condition: dict[str, Any] | None = None
    actions: list[ActionIn] | None = Field(default=None, min_length=1, max_length=30)


class WorkflowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str | None
    object_type: ObjectType
    active: bool
    trigger: dict[str, Any]
    condition: dict[str, Any] | None
    actions: list[dict[str, Any]]
    created_by_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class WorkflowList(BaseModel):
    items: list[WorkflowOut]


class TestIn(Strict):
    record_id: uuid.UUID


class ActionPreview(BaseModel):
    type: str
    summary: str


class TestOut(BaseModel):
    matched: bool
    trigger_matched: bool | None = Field(
        description="Whether the record's current values fit the trigger; null when the trigger is an "
        "event (created, updated) that a dry run cannot see"
    )
    condition_matched: bool
    actions: list[ActionPreview]


RunStatus = Literal["running", "waiting", "done", "failed", "loop_stopped"]


class RunStep(BaseModel):
    index: int
    type: str
    status: Literal["done", "failed", "skipped", "waiting"]
    detail: str
    at: datetime


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    workflow_id: uuid.UUID
    object_type: str
    object_id: uuid.UUID | None
    event_type: str
    status: RunStatus
    depth: int = Field(description="0 for a run started by a person's change; n for one started by a rule's")
    steps: list[RunStep]
    started_at: datetime
    finished_at: datetime | None


class RunPage(BaseModel):
    items: list[RunOut]
    next_before: uuid.UUID | None = Field(description="Pass as `before` for the next page")
