"""API shapes of orders, their lines and refunds. Money travels as decimal text."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from sampark.core.fields import Strict
from sampark.core.text import clean_text
from sampark.deals.schemas import Amount, Currency


class Channel(StrEnum):
    web = "web"
    store = "store"
    app = "app"
    phone = "phone"
    marketplace = "marketplace"
    other = "other"


class OrderStatus(StrEnum):
    placed = "placed"
    paid = "paid"
    partially_refunded = "partially_refunded"
    refunded = "refunded"
    cancelled = "cancelled"


def _required(value: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValueError("may not be empty")
    return cleaned


Line = Annotated[str, StringConstraints(max_length=300), AfterValidator(clean_text)]
RequiredLine = Annotated[str, StringConstraints(max_length=300), AfterValidator(_required)]
OrderNumber = Annotated[str, StringConstraints(max_length=200), AfterValidator(_required)]
Sku = Annotated[str, StringConstraints(max_length=100), AfterValidator(clean_text)]
Quantity = Annotated[str, Field(description="Decimal text (or a whole number), more than 0")]


class CustomerIn(Strict):
    """Who bought, as the till knows them. Any of e-mail, phone and the till's own customer id
    resolves the order to a person (an existing one when an identifier matches)."""

    email: Annotated[str, StringConstraints(max_length=320)] | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    external_id: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None, description="The customer's id in the source (a loyalty number, a shop account)"
    )
    name: Line | None = None


class OrderLineIn(Strict):
    sku: Sku | None = None
    name: RequiredLine = Field(description="The product as the receipt names it")
    quantity: Amount = Field(description="Decimal text (1, 2.5 for weighed goods), more than 0")
    unit_price: Amount = Field(description="Decimal text, at most the currency's decimal places")
    line_total: Amount | None = Field(
        default=None, description="quantity × unit_price, rounded to the currency; checked when sent"
    )


class OrderIn(Strict):
    source: Annotated[str, StringConstraints(max_length=120)] | None = Field(
        default=None, description='A registered source\'s name; the built-in "sampark" source when left out'
    )
    order_number: OrderNumber = Field(description="The order's number in its source; unique per source")
    customer: CustomerIn = Field(default_factory=CustomerIn)
    placed_at: AwareDatetime | None = Field(default=None, description="When it was placed; now when left out")
    channel: Channel = Channel.store
    store: Line | None = Field(default=None, description="The shop, branch or marketplace")
    currency: Currency
    total: Amount = Field(description="Decimal text; must equal the sum of the lines")
    status: OrderStatus = Field(default=OrderStatus.paid, description="placed, paid or cancelled on arrival")
    lines: list[OrderLineIn] = Field(min_length=1, max_length=500)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": "Dhaka shop till",
                    "order_number": "DH-10042",
                    "customer": {
                        "email": "rahim@example.com",
                        "phone": "01711-234567",
                        "name": "Rahim Uddin",
                    },
                    "placed_at": "2026-03-01T10:15:00+06:00",
                    "channel": "store",
                    "store": "Gulshan 2",
                    "currency": "BDT",
                    "total": "1250.00",
                    "lines": [
                        {
                            "sku": "TEA-500",
                            "name": "Sylhet tea 500 g",
                            "quantity": "2",
                            "unit_price": "450.00",
                        },
                        {"sku": "MUG-1", "name": "Mug", "quantity": 1, "unit_price": "350.00"},
                    ],
                }
            ]
        },
    )


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Any] = Field(min_length=1, max_length=1000, description="Up to 1,000 orders (OrderIn)")


class RefundIn(Strict):
    amount: Amount = Field(description="Decimal text; at most what is left of the order")
    reason: Annotated[str, StringConstraints(max_length=500), AfterValidator(clean_text)] | None = None
    refunded_at: AwareDatetime | None = Field(default=None, description="Now when left out")


class OrderLineOut(BaseModel):
    sku: str | None
    name: str
    quantity: str = Field(description="Decimal text")
    unit_price: str = Field(description="Decimal text in the order's currency")
    line_total: str


class RefundOut(BaseModel):
    id: uuid.UUID
    amount: str = Field(description="Decimal text in the order's currency")
    reason: str | None
    refunded_at: datetime
    created_at: datetime


class OrderOut(BaseModel):
    id: uuid.UUID
    source_id: uuid.UUID
    source_name: str | None = None
    order_number: str
    person_id: uuid.UUID | None
    customer: dict[str, Any] = Field(description="The customer's identifiers as the source sent them")
    placed_at: datetime
    channel: str
    store: str | None
    currency: str
    total: str = Field(description="Decimal text")
    refunded_total: str = Field(description="Decimal text: the sum of the refunds")
    status: str = Field(description="placed, paid, partially_refunded, refunded or cancelled")
    lines: list[OrderLineOut] = Field(default_factory=list)
    refunds: list[RefundOut] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    version: int
