from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.db import AddressMixin, Base, JsonType, RecordMixin


class Company(RecordMixin, AddressMixin, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(300))
    domain: Mapped[str | None] = mapped_column(String(253), index=True)
    industry: Mapped[str | None] = mapped_column(String(120), index=True)
    size: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(20))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    tags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)

    __table_args__ = (
        Index("ix_companies_owner_updated", "owner_id", "updated_at"),
        # A snapshot (sync) pages through an owner's records in key order.
        Index("ix_companies_owner_id_key", "owner_id", "id"),
        Index("ix_companies_updated_at", "updated_at"),
        # "Near me": the bounding-box prefilter ranges over latitude, then longitude.
        Index("ix_companies_lat_lng", "latitude", "longitude"),
        Index("ix_companies_created_at", "created_at"),
        Index("ix_companies_name", "name"),
    )
