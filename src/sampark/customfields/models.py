from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sampark.db import Base, JsonType, RecordMixin


class CustomField(RecordMixin, Base):
    """An admin-defined field on people, companies or deals; values live on the record."""

    __tablename__ = "custom_fields"

    object_type: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    options: Mapped[list[Any]] = mapped_column(JsonType, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (UniqueConstraint("object_type", "key", name="uq_custom_fields_object_key"),)
