from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from sampark.activities.schemas import no_null
from sampark.core.fields import Strict


class PreferencesOut(BaseModel):
    digest_enabled: bool = Field(description="Send me a morning digest")
    digest_hour: int = Field(description="Local hour (0–23, in my time zone) the digest is sent from")
    reminder_emails: bool = Field(description="E-mail task reminders too (they always appear in the app)")


class PreferencesUpdate(Strict):
    """Only the fields sent change."""

    digest_enabled: bool | None = None
    digest_hour: int | None = Field(default=None, ge=0, le=23)
    reminder_emails: bool | None = None

    _required = field_validator("digest_enabled", "digest_hour", "reminder_emails")(no_null)
