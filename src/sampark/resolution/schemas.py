from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from sampark.people.schemas import PersonOut


class Evidence(BaseModel):
    field: str = Field(description="The compared field (given_name, family_name, date_of_birth, email …)")
    label: str = Field(description="The comparison level the pair fell in (Splink's label)")
    agreed: bool
    weight: float = Field(description="Match weight of this comparison: log2 of its Bayes factor")


class MatchCandidateOut(BaseModel):
    id: uuid.UUID
    score: float = Field(description="Match probability, 0–1")
    match_weight: float
    evidence: list[Evidence]
    status: str = Field(description="pending, merged or rejected")
    created_at: datetime
    decided_at: datetime | None
    merge_id: uuid.UUID | None
    person_a: PersonOut
    person_b: PersonOut


class Decision(StrEnum):
    merge = "merge"
    reject = "reject"


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    survivor_id: uuid.UUID | None = Field(
        default=None, description="Which of the two survives a merge (default: the older)"
    )


class ResolutionRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dry_run: bool = False


class ResolutionRunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: str = Field(description="running, done or failed")
    stage: str
    dry_run: bool
    records: int
    pairs_scored: int
    auto_merged: int
    queued: int
    started_at: datetime
    finished_at: datetime | None
    error: str | None
