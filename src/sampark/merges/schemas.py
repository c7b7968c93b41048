from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class MergeRequest(BaseModel):
    merged_id: uuid.UUID = Field(description="The person to fold into this one; it is retired, not deleted.")
    reason: str | None = Field(default=None, max_length=500, description="Why, for the merge history.")


class MergeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    survivor_id: uuid.UUID
    merged_id: uuid.UUID
    survivor_name: str | None = None
    merged_name: str | None = None
    method: str = Field(description="manual, review, bridge or probabilistic")
    score: float | None
    evidence: dict[str, Any]
    moved: dict[str, int] = Field(description="Rows moved to the survivor, per kind (events, deals …)")
    actor_label: str
    created_at: datetime
    undone_at: datetime | None
