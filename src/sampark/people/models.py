from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from sampark.db import AddressMixin, Base, JsonType, RecordMixin


class Person(RecordMixin, AddressMixin, Base):
    __tablename__ = "people"

    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(400))
    # [{"email": ..., "label": ..., "primary": bool}] / [{"number": E.164, ...}]
    emails: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    phones: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    primary_email: Mapped[str | None] = mapped_column(String(320), index=True)
    primary_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    social_handles: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    tags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("companies.id", ondelete="SET NULL")
    )
    lifecycle_stage: Mapped[str] = mapped_column(String(30), default="lead")
    lead_source: Mapped[str | None] = mapped_column(String(60), index=True)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column()
    # Set on a person merged into another (and soft-deleted); cleared by an unmerge. No foreign
    # key: adding one on SQLite means rebuilding the table and its full-text index. No index
    # either (since 0024): no query looks people up by it, and every new person paid for one.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Golden record: fields a user edited in Sampark (they win over every source until cleared),
    # and for each field the source record it was chosen from and the rule that chose it.
    manual_fields: Mapped[list[str]] = mapped_column(JsonType, default=list)
    field_sources: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)

    __table_args__ = (
        Index("ix_people_owner_stage_updated", "owner_id", "lifecycle_stage", "updated_at"),
        Index("ix_people_owner_updated", "owner_id", "updated_at"),
        # A snapshot (sync) pages through an owner's records in key order.
        Index("ix_people_owner_id_key", "owner_id", "id"),
        Index("ix_people_stage_updated", "lifecycle_stage", "updated_at"),
        Index("ix_people_updated_at", "updated_at"),
        # "Near me": the bounding-box prefilter ranges over latitude, then longitude. Only people
        # with coordinates (the box's range implies it): most imported people have none.
        Index(
            "ix_people_lat_lng",
            "latitude",
            "longitude",
            sqlite_where=text("latitude IS NOT NULL"),
            postgresql_where=text("latitude IS NOT NULL"),
        ),
        # Only the rows with a value (since 0025): the trash (`deleted_at IS NOT NULL`) and a
        # company's people (`company_id = ?`) imply it, and most people have neither.
        *(
            Index(f"ix_people_{column}", column, sqlite_where=where, postgresql_where=where)
            for column, where in (
                ("deleted_at", text("deleted_at IS NOT NULL")),
                ("company_id", text("company_id IS NOT NULL")),
            )
        ),
        Index("ix_people_created_at", "created_at"),
        Index("ix_people_display_name", "display_name"),
    )
