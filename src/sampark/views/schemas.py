from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from sampark.core.fields import ShortText, Strict


class ViewObject(StrEnum):
    """The lists a view can be saved over (the API path names)."""

    people = "people"
    companies = "companies"
    deals = "deals"
    tasks = "tasks"
    activities = "activities"
    tickets = "tickets"


class SavedViewCreate(Strict):
    id: uuid.UUID | None = Field(default=None, description="A UUIDv7 minted by the client (optional)")
    name: ShortText = Field(min_length=1)
    object_type: ViewObject
    filter: str | None = Field(default=None, max_length=8000, description="The list's `filter` (JSON)")
    sort: str | None = Field(default=None, max_length=100, description="The list's `sort`, e.g. -updated_at")
    q: str | None = Field(default=None, max_length=200, description="The list's search text")
    columns: list[ShortText] = Field(
        default_factory=list, max_length=60, description="Shown columns, in order"
    )
    shared: bool = Field(
        default=False, description="Everyone sees it; only its owner (or an admin) changes it"
    )
    is_default: bool = Field(default=False, description="Open this list with this view (for you)")


class SavedViewUpdate(Strict):
    name: ShortText | None = Field(default=None, min_length=1)
    filter: str | None = Field(default=None, max_length=8000)
    sort: str | None = Field(default=None, max_length=100)
    q: str | None = Field(default=None, max_length=200)
    columns: list[ShortText] | None = Field(default=None, max_length=60)
    shared: bool | None = None


class SavedViewOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    owner_id: uuid.UUID
    name: str
    object_type: str
    filter: str | None
    sort: str | None
    q: str | None
    columns: list[str]
    shared: bool
    is_default: bool = Field(
        default=False,
        description="The caller's default view of this list (`PUT /views/{id}/default` sets it)",
    )
    created_at: datetime
    updated_at: datetime
    version: int
