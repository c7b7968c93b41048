from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType, RecordMixin


class Pipeline(RecordMixin, Base):
    __tablename__ = "pipelines"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    # At most one default pipeline, even under concurrent writes.
    __table_args__ = (
        Index(
            "uq_pipelines_one_default",
            "is_default",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )


class Stage(RecordMixin, Base):
    __tablename__ = "stages"

    pipeline_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("pipelines.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    probability: Mapped[int] = mapped_column(Integer, default=0)  # percent, 0..100
    rotting_days: Mapped[int | None] = mapped_column(Integer)


class Deal(RecordMixin, Base):
    __tablename__ = "deals"

    name: Mapped[str] = mapped_column(String(300))
    pipeline_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("pipelines.id"), index=True)
    stage_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("stages.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    lost_reason: Mapped[str | None] = mapped_column(String(500))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 4, asdecimal=True))
    currency: Mapped[str] = mapped_column(String(3))
    expected_close_date: Mapped[date | None] = mapped_column(Date, index=True)
    closed_at: Mapped[datetime | None]
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    tags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_deals_owner_updated", "owner_id", "updated_at"),
        # A snapshot (sync) pages through an owner's records in key order.
        Index("ix_deals_owner_id_key", "owner_id", "id"),
        Index("ix_deals_updated_at", "updated_at"),
        Index("ix_deals_created_at", "created_at"),
        Index("ix_deals_amount", "amount"),
    )


class DealStageChange(Base):
    """Every move of a deal between stages, with when and by whom."""

    __tablename__ = "deal_stage_changes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    deal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    from_stage_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("stages.id", ondelete="SET NULL")
    )
    to_stage_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("stages.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    seconds_in_previous_stage: Mapped[int | None] = mapped_column(Integer)


person_links.register("deals", Deal.__table__)
