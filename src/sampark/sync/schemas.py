from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

from sampark.core.fields import ShortText, Strict


class DeviceCreate(Strict):
    id: uuid.UUID | None = Field(default=None, description="A UUIDv7 minted on the device (safe retries)")
    name: ShortText = Field(min_length=1)
    platform: ShortText | None = None
    app_schema_version: int = Field(default=1, ge=1, le=1_000_000)


class DeviceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    platform: str | None
    app_schema_version: int
    created_at: datetime
    last_sync_at: datetime | None
    revoked_at: datetime | None
    revoked_by: uuid.UUID | None


class DeviceList(BaseModel):
    items: list[DeviceOut]


class Upsert(BaseModel):
    type: str
    id: uuid.UUID
    version: int
    data: dict[str, Any]


class Tombstone(BaseModel):
    type: str
    id: uuid.UUID


class ActivityWindow(BaseModel):
    """The synced activities' window around now: a device prunes what drifted out of it."""

    past_days: int = Field(description="Activities from this many days ago")
    future_days: int = Field(description="… to this many days ahead")


class PullOut(BaseModel):
    upserts: list[Upsert]
    tombstones: list[Tombstone]
    next_cursor: str
    has_more: bool
    full_resync: bool = Field(
        default=False,
        description="Drop every locally synced record (not the outbox) before applying this page",
    )
    activity_window: ActivityWindow | None = Field(
        default=None, description="The activities' scope window (null: activities are not synced)"
    )


class UpsertWire(BaseModel):
    """`Upsert` as sent: `data` is the record's own Out model, serialised once straight to JSON
    (the same bytes as `Upsert` with `data=row.model_dump(mode="json")`, without the dict)."""

    type: str
    id: uuid.UUID
    version: int
    data: SerializeAsAny[BaseModel]


class PullWire(BaseModel):
    """`PullOut` as sent (see `UpsertWire`); the OpenAPI document describes `PullOut`."""

    upserts: list[UpsertWire]
    tombstones: list[Tombstone]
    next_cursor: str
    has_more: bool
    full_resync: bool = False
    activity_window: ActivityWindow | None = None


class Op(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class Mutation(Strict):
    client_mutation_id: str = Field(min_length=1, max_length=64)
    type: str = Field(max_length=40)
    id: uuid.UUID
    op: Op
    fields: dict[str, Any] = Field(default_factory=dict)
    base: dict[str, Any] | None = Field(
        default=None, description="The changed fields' values as the device last had them from the server"
    )
    base_version: int | None = Field(default=None, ge=1)


class PushIn(Strict):
    mutations: list[Mutation] = Field(max_length=500)


class MutationStatus(StrEnum):
    applied = "applied"
    duplicate = "duplicate"
    conflict = "conflict"
    rejected = "rejected"


class MutationResult(BaseModel):
    client_mutation_id: str
    status: MutationStatus
    type: str
    id: uuid.UUID
    version: int | None = None
    record: dict[str, Any] | None = None
    code: str | None = None
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None
    conflict_id: uuid.UUID | None = None
    retryable: bool = False
    first: dict[str, Any] | None = Field(default=None, description="duplicate: the first answer")


class PushOut(BaseModel):
    results: list[MutationResult]


class ConflictOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    device_id: uuid.UUID | None
    client_mutation_id: str | None
    object_type: str
    object_id: uuid.UUID
    kind: str
    fields: dict[str, Any]
    created_at: datetime
    resolved_at: datetime | None
    resolution: str | None


class ConflictList(BaseModel):
    items: list[ConflictOut]


class Choice(StrEnum):
    device = "device"
    server = "server"
    delete = "delete"
    keep = "keep"
    discard = "discard"


class Resolve(Strict):
    choice: Choice
