from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from sampark.activities.schemas import LongText
from sampark.core.fields import Email, Strict


class CalendarFeedOut(BaseModel):
    url: str | None = Field(
        description="The private feed address. Only the answer that creates or rotates the feed "
        "carries it (the token is stored hashed); reading the feed's state gives null."
    )
    webcal_url: str | None = Field(description="The same address with webcal:// (Apple Calendar, Outlook)")
    created_at: datetime
    last_used_at: datetime | None = Field(description="When a calendar app last fetched the feed (hourly)")


class InviteIn(Strict):
    extra_emails: list[Email] = Field(default_factory=list, max_length=50, description="More attendees")
    include_person: bool = Field(default=True, description="Invite the linked person (their primary e-mail)")
    message: LongText | None = Field(default=None, description="A note above the meeting's details")

    model_config = {"json_schema_extra": {"examples": [{"extra_emails": ["karim@example.com"]}]}}


class InviteOut(BaseModel):
    queued: bool = Field(
        description="False when this very invitation (same version, same attendees) was sent"
    )
    to: list[str]
    uid: str = Field(description="The event's iCalendar UID (the same one the feed uses)")
    sequence: int
