"""Orders from shops, tills, apps and marketplaces: lines, refunds, the customer as sent."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType, RecordMixin

MONEY = Numeric(18, 4, asdecimal=True)


class Order(RecordMixin, Base):
    """One order as its source numbered it (`source_key`, unique per source), linked to the
    person its customer identifiers resolved to (none for an anonymous walk-in sale)."""

    __tablename__ = "orders"

    source_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("sources.id", ondelete="CASCADE"))
    source_key: Mapped[str] = mapped_column(String(200))  # the order number in its source
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="SET NULL"))
    customer: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)  # identifiers as sent
    placed_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20))
    store: Mapped[str | None] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(MONEY)
    refunded_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    status: Mapped[str] = mapped_column(String(20), default="placed")

    __table_args__ = (
        UniqueConstraint("source_id", "source_key", name="uq_orders_source_key"),
        Index("ix_orders_person_placed", "person_id", "placed_at", "id"),
        Index("ix_orders_placed_at", "placed_at"),
        Index("ix_orders_channel_placed", "channel", "placed_at"),
        Index("ix_orders_store_placed", "store", "placed_at"),
        Index("ix_orders_status_placed", "status", "placed_at"),
        Index("ix_orders_source_key", "source_key"),
        Index("ix_orders_total", "total"),
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(MONEY)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    line_total: Mapped[Decimal] = mapped_column(MONEY)

    __table_args__ = (Index("ix_order_lines_order", "order_id", "position"),)


class Refund(Base):
    __tablename__ = "refunds"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("orders.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    reason: Mapped[str | None] = mapped_column(String(500))
    refunded_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_refunds_order", "order_id", "refunded_at"),)


person_links.register("orders", Order.__table__)
