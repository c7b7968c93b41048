from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from sampark.users.schemas import UserOut


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=320, examples=["admin@demo.sampark.local"])
    password: str = Field(max_length=200)


class SessionOut(BaseModel):
    user: UserOut
    csrf_token: str | None = Field(description="Send as X-CSRF-Token on cookie-authenticated writes")
    expires_at: datetime | None = None


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120, examples=["Web shop sync"])
    scopes: list[str] = Field(min_length=1, max_length=40, examples=[["people:read", "people:write"]])
    expires_at: datetime | None = None
    user_id: uuid.UUID | None = Field(default=None, description="Admins may create a token for another user")


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The secret. Shown this once; store it now.")


class ScopesOut(BaseModel):
    scopes: list[str]
