"""Saved views: a named filter, sort, search and column set over one list, personal or shared."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.db import Base, JsonType, RecordMixin


class SavedView(RecordMixin, Base):
    __tablename__ = "saved_views"

    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    object_type: Mapped[str] = mapped_column(String(40))
    filter: Mapped[str | None] = mapped_column(Text)
    sort: Mapped[str | None] = mapped_column(String(100))
    q: Mapped[str | None] = mapped_column(String(200))
    columns: Mapped[list[str]] = mapped_column(JsonType, default=list)
    shared: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        Index("ix_saved_views_owner", "owner_id", "object_type"),
        Index("ix_saved_views_shared", "shared"),
    )


class SavedViewDefault(Base):
    """The view a user's list opens with (one per user and list; own or shared view)."""

    __tablename__ = "saved_view_defaults"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    object_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    view_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("saved_views.id", ondelete="CASCADE"), index=True
    )
