from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.db import Base, RecordMixin


class Activity(RecordMixin, Base):
    """A call, meeting, e-mail, note or visit, linked to people, companies and deals."""

    __tablename__ = "activities"

    kind: Mapped[str] = mapped_column(String(20), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    occurred_at: Mapped[datetime]
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(120))
    location_name: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="CASCADE"))
    company_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("companies.id", ondelete="CASCADE"))
    deal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("deals.id", ondelete="SET NULL"))
    # A visit's check-in (geo): where the phone was, how sure its GPS was, when, and how far that
    # is from the customer's stored location; flagged when farther than the allowed distance.
    checked_in_at: Mapped[datetime | None]
    checkin_latitude: Mapped[float | None] = mapped_column(Float)
    checkin_longitude: Mapped[float | None] = mapped_column(Float)
    checkin_accuracy_m: Mapped[float | None] = mapped_column(Float)
    checkin_distance_m: Mapped[float | None] = mapped_column(Float)
    checkin_flagged: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_activities_owner_occurred", "owner_id", "occurred_at"),
        Index("ix_activities_person_occurred", "person_id", "occurred_at"),
        Index("ix_activities_company_occurred", "company_id", "occurred_at"),
        Index("ix_activities_deal_occurred", "deal_id", "occurred_at"),
        Index("ix_activities_occurred_at", "occurred_at"),
        Index("ix_activities_updated_at", "updated_at"),
        Index("ix_activities_checkin_flagged", "checkin_flagged", "checked_in_at"),
    )


person_links.register("activities", Activity.__table__)
