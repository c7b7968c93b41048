from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sampark.activities.schemas import UtcDatetime


class RecordType(StrEnum):
    """Objects whose per-record history a reader of the record may see."""

    people = "people"
    companies = "companies"
    deals = "deals"
    activities = "activities"
    tasks = "tasks"
    tickets = "tickets"


class HistoryEntryOut(BaseModel):
    """One change to a record, as its readers see it."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    occurred_at: UtcDatetime
    actor_id: uuid.UUID | None
    actor_email: str | None
    action: str
    object_type: str | None
    object_id: str | None
    changes: dict[str, Any] = Field(description="Field-level `{field: {before, after}}` for updates")


class AuditEntryOut(HistoryEntryOut):
    """A whole audit entry, chain links included, for admins."""

    token_id: uuid.UUID | None
    request_id: str | None
    ip: str | None
    prev_hash: str
    hash: str


class ChainReportOut(BaseModel):
    ok: bool
    checked: int = Field(description="Entries verified before the first problem (all of them when ok)")
    first_bad_seq: int | None = None
    problem: str | None = None
