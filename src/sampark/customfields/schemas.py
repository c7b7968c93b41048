from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ObjectType = Literal["people", "companies", "deals", "tickets"]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,59}$")]


class FieldKind(StrEnum):
    text = "text"
    number = "number"
    money = "money"
    date = "date"
    boolean = "boolean"
    select = "select"
    multiselect = "multiselect"


class CustomFieldCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    object_type: ObjectType
    key: Key = Field(description="Lower-case letters, digits and _; the name used in filters as `cf.<key>`")
    label: str = Field(min_length=1, max_length=120)
    type: FieldKind
    options: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=200, description="Choices, for select and multiselect"
    )
    required: bool = False
    position: int = Field(default=0, ge=0, le=10_000)
    description: str | None = Field(default=None, max_length=500)


class CustomFieldUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str | None = Field(default=None, min_length=1, max_length=120)
    options: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=200
    )
    required: bool | None = None
    position: int | None = Field(default=None, ge=0, le=10_000)
    description: str | None = Field(default=None, max_length=500)


class CustomFieldOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    object_type: str
    key: str
    label: str
    type: FieldKind
    options: list[str]
    required: bool
    position: int
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int
