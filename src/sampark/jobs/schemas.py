from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class JobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str = Field(examples=["webhooks.deliver"])
    key: str | None
    status: str = Field(description="queued, running, retrying, done or dead", examples=["dead"])
    attempts: int
    max_attempts: int
    run_at: datetime = Field(description="When the job runs next (or last ran)")
    last_error: str | None
    payload: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class JobPage(BaseModel):
    items: list[JobOut]
    next_before: datetime | None = Field(description="Pass as `before` for the next page")


class JobSummary(BaseModel):
    counts: dict[str, int] = Field(description="Jobs per status", examples=[{"done": 120, "dead": 2}])
    kinds: list[str] = Field(description="Job kinds this server knows")
