from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType


class ResolutionRun(Base):
    """One probabilistic resolution batch: what it read, scored and decided."""

    __tablename__ = "resolution_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    status: Mapped[str] = mapped_column(String(20), default="running")  # running, done, failed
    dry_run: Mapped[bool] = mapped_column(default=False)
    records: Mapped[int] = mapped_column(Integer, default=0)
    pairs_scored: Mapped[int] = mapped_column(Integer, default=0)
    auto_merged: Mapped[int] = mapped_column(Integer, default=0)
    queued: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)


class MatchCandidate(Base):
    """A pair of people the batch found likely (but not certainly) the same: the review queue.
    A rejected pair is remembered and never proposed again."""

    __tablename__ = "match_candidates"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    person_a_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id", ondelete="CASCADE"))
    person_b_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)  # match probability 0–1
    match_weight: Mapped[float] = mapped_column(Float)
    # [{"field", "label", "agreed", "weight"}]
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, merged, rejected
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    merge_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("merges.id", ondelete="SET NULL"))
    run_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("resolution_runs.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("person_a_id", "person_b_id", name="uq_match_candidates_pair"),
        Index("ix_match_candidates_status_score", "status", "score"),
        Index("ix_match_candidates_b", "person_b_id"),
    )
