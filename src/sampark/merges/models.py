from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType


class Merge(Base):
    """One person merged into another: who did it, why (the evidence), and what it moved, so
    it can be explained and undone. The merged person is kept, soft-deleted."""

    __tablename__ = "merges"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    survivor_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id", ondelete="CASCADE"))
    merged_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(20))  # manual, review, bridge, probabilistic
    score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    # Both people's fields as they were, to put back on unmerge.
    survivor_before: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    merged_before: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    moved: Mapped[dict[str, int]] = mapped_column(JsonType, default=dict)  # rows moved per link
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column()
    undone_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_merges_survivor", "survivor_id", "created_at"),
        Index("ix_merges_merged", "merged_id", "created_at"),
    )


class MergeMove(Base):
    """A row a merge moved to the survivor; `removed` holds a row it had to delete instead
    (an identifier the survivor already held), to be put back on unmerge."""

    __tablename__ = "merge_moves"

    merge_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("merges.id", ondelete="CASCADE"), primary_key=True
    )
    link: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    removed: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
