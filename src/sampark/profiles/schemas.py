"""API shapes of the profile views: timeline items and traits."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class TimelineKind(StrEnum):
    track = "track"
    page = "page"
    screen = "screen"
    identify = "identify"
    order = "order"
    refund = "refund"
    activity = "activity"
    deal = "deal"
    merge = "merge"
    ticket = "ticket"
    social = "social"


class TimelineItem(BaseModel):
    kind: TimelineKind
    id: uuid.UUID
    occurred_at: datetime
    title: str
    summary: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class Rfm(BaseModel):
    recency: int = Field(description="1–5; 5 ordered most recently")
    frequency: int = Field(description="1–5; 5 orders most often")
    monetary: int = Field(description="1–5; 5 spends most (in `currency`)")
    segment: str = Field(
        description="Champions, Loyal, New, Promising, Need attention, At risk or Hibernating"
    )
    currency: str | None = Field(description="The currency monetary is measured in")
    boundaries_computed_at: datetime | None = Field(
        description="When `sampark traits refresh` stored the quintiles; null: computed for this request"
    )


class Spend(BaseModel):
    currency: str
    total: str = Field(description="Net of refunds; decimal text")
    average_order_value: str


class Traits(BaseModel):
    person_id: uuid.UUID
    first_seen: datetime | None
    last_seen: datetime | None
    orders_count: int
    last_order_at: datetime | None
    days_since_last_order: int | None
    spend: list[Spend] = Field(description="Per currency, the most used first")
    total_spend: str | None = Field(description="In `currency`: the workspace's main order currency")
    average_order_value: str | None
    currency: str | None
    rfm: Rfm | None = Field(description="Null for a person without orders")
    engagement_score: int = Field(
        description="0–100 from the last 90 days' events and orders (docs/customer360.md)"
    )
    most_used_channel: str | None
    identities_count: int
    identity_kinds: dict[str, int]
    sources: list[str]
