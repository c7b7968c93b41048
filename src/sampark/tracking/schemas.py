"""The Segment HTTP tracking spec's payloads, as Segment's and RudderStack's libraries send
them (camelCase, extra members kept out of the way), and what Sampark answers."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def _id_text(value: Any) -> Any:
    # The spec's ids are strings, but libraries pass integers through unchanged.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, BeforeValidator(_id_text), Field(min_length=1, max_length=320)]
Name = Annotated[str, Field(max_length=200)]
Json = dict[str, Any]


class MessageType(StrEnum):
    identify = "identify"
    track = "track"
    page = "page"
    screen = "screen"
    group = "group"
    alias = "alias"


class Message(BaseModel):
    """Fields common to every call. Unknown members (`integrations`, `channel`, `version`, …)
    are accepted and ignored, as Segment does."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    type: MessageType | None = None
    user_id: Id | None = Field(default=None, alias="userId")
    anonymous_id: Id | None = Field(default=None, alias="anonymousId")
    message_id: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, alias="messageId"
    )
    timestamp: AwareDatetime | None = None
    original_timestamp: AwareDatetime | None = Field(default=None, alias="originalTimestamp")
    sent_at: AwareDatetime | None = Field(default=None, alias="sentAt")
    context: Json = Field(default_factory=dict)
    properties: Json = Field(default_factory=dict)
    traits: Json = Field(default_factory=dict)
    event: Name | None = None
    name: Name | None = None
    group_id: Id | None = Field(default=None, alias="groupId")
    previous_id: Id | None = Field(default=None, alias="previousId")
    write_key: str | None = Field(default=None, alias="writeKey", max_length=200)

    @model_validator(mode="after")
    def _required_for_type(self) -> Message:
        if self.type is MessageType.alias:
            if not self.previous_id:
                raise ValueError("previousId is required for alias")
            if not self.user_id:
                raise ValueError("userId is required for alias")
            return self
        if not self.user_id and not self.anonymous_id:
            raise ValueError("userId or anonymousId is required")
        if self.type is MessageType.track and not self.event:
            raise ValueError("event is required for track")
        if self.type is MessageType.group and not self.group_id:
            raise ValueError("groupId is required for group")
        return self


class Batch(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    batch: list[dict[str, Any]] = Field(max_length=2_500)
    context: Json = Field(default_factory=dict)
    write_key: str | None = Field(default=None, alias="writeKey", max_length=200)
    sent_at: AwareDatetime | None = Field(default=None, alias="sentAt")


class Accepted(BaseModel):
    success: Literal[True] = True
    accepted: int = Field(description="Messages stored by this call")
    duplicates: int = Field(description="Messages whose messageId was already stored (replays)")


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: MessageType
    name: str | None
    source_id: uuid.UUID
    message_id: str
    user_id: str | None
    anonymous_id: str | None
    properties: Json
    context: Json
    occurred_at: datetime
    received_at: datetime


class IdentityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    value: str
    source_id: uuid.UUID | None
    created_at: datetime
    weak: bool = Field(
        default=False, description="Shared by more people than the threshold: it no longer merges"
    )
