from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from sampark.core.permissions import Role

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Locale = Literal["en", "bn", "hi"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UserCreate(Strict):
    email: EmailStr
    display_name: Name
    role: Role
    password: str | None = Field(default=None, min_length=10, max_length=200)
    locale: Locale = "en"
    timezone: str = Field(default="UTC", max_length=64)
    team_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)


class UserUpdate(Strict):
    display_name: Name | None = None
    role: Role | None = None
    is_active: bool | None = None
    locale: Locale | None = None
    timezone: str | None = Field(default=None, max_length=64)
    team_ids: list[uuid.UUID] | None = Field(default=None, max_length=50)


class MeUpdate(Strict):
    display_name: Name | None = None
    locale: Locale | None = None
    timezone: str | None = Field(default=None, max_length=64)


class PasswordChange(Strict):
    current_password: str = Field(max_length=200)
    new_password: str = Field(min_length=10, max_length=200)


class PasswordReset(Strict):
    password: str | None = Field(
        default=None,
        min_length=10,
        max_length=200,
        description="The new password; leave it out to have one generated and returned once.",
    )


class PasswordResetOut(BaseModel):
    password: str | None = Field(description="The generated password, shown only now; null when you set one.")


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    is_active: bool
    locale: str
    timezone: str
    team_ids: list[uuid.UUID] = Field(default_factory=list)
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class TeamCreate(Strict):
    name: Name
    description: str | None = Field(default=None, max_length=1000)
    member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    lead_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)


class TeamUpdate(Strict):
    name: Name | None = None
    description: str | None = Field(default=None, max_length=1000)
    member_ids: list[uuid.UUID] | None = Field(default=None, max_length=500)
    lead_ids: list[uuid.UUID] | None = Field(default=None, max_length=50)


class TeamOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str | None
    member_ids: list[uuid.UUID] = Field(default_factory=list)
    lead_ids: list[uuid.UUID] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int


class RoleOut(BaseModel):
    role: Role
    grants: dict[str, dict[str, str | bool]]
