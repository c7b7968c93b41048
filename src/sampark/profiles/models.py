from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core.clock import utcnow
from sampark.db import Base, JsonType


class RfmBoundaries(Base):
    """The population's quintile boundaries for RFM scores, computed by `sampark traits refresh`
    (one row, name "rfm"). Each list holds the four cut points between scores 1–5."""

    __tablename__ = "rfm_boundaries"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    currency: Mapped[str | None] = mapped_column(String(3))  # monetary is measured in this currency
    recency: Mapped[list[Any]] = mapped_column(JsonType, default=list)  # last-order times, ISO text
    frequency: Mapped[list[Any]] = mapped_column(JsonType, default=list)  # order counts
    monetary: Mapped[list[Any]] = mapped_column(JsonType, default=list)  # net spend, decimal text
    population: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
