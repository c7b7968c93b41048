from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.db import Base, RecordMixin


class Task(RecordMixin, Base):
    """Something a user must do by a time, optionally with a reminder before it."""

    __tablename__ = "tasks"

    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None]
    remind_at: Mapped[datetime | None] = mapped_column(index=True)
    reminded_at: Mapped[datetime | None]
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None]
    # The assignee: called owner_id so access rules treat every record alike.
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    deal_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("deals.id", ondelete="SET NULL"), index=True
    )

    __table_args__ = (
        Index("ix_tasks_owner_done_due", "owner_id", "done", "due_at"),
        Index("ix_tasks_due_at", "due_at"),
        Index("ix_tasks_updated_at", "updated_at"),
    )


person_links.register("tasks", Task.__table__)
