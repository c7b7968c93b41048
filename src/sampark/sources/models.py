from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sampark.db import Base, RecordMixin


class Source(RecordMixin, Base):
    """Where customer data comes from: a web site, an app, a shop till, an import, a desk.
    Trust priority decides whose value wins when sources disagree (higher wins)."""

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    trust_priority: Mapped[int] = mapped_column(Integer, default=50)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Tracking libraries send this key (HTTP Basic user name); only its SHA-256 is kept.
    write_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    write_key_prefix: Mapped[str | None] = mapped_column(String(12))
