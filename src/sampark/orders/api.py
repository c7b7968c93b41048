"""Orders and point of sale: `/api/v1/orders` and a person's orders."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response

from sampark.core.bulk import BulkResult
from sampark.core.pagination import Page
from sampark.deps import CtxDep, IdempotencyDep, ListParamsDep
from sampark.orders import service
from sampark.orders.schemas import BatchIn, OrderIn, OrderOut, RefundIn

router = APIRouter(prefix="/orders", tags=["orders"])
people_router = APIRouter(prefix="/people", tags=["orders"])


@router.post(
    "",
    operation_id="orders-create",
    response_model=OrderOut,
    status_code=201,
    responses={
        200: {"model": OrderOut, "description": "A replay: this source already sent this order number"}
    },
)
def create_order(body: OrderIn, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> Any:
    """Record an order from a till, a web shop or a marketplace.

    `source` names a registered source (the built-in "sampark" source when left out);
    `order_number` is the order's number there, unique per source: sending it again answers the
    stored order with 200 and creates nothing. The customer's e-mail, phone and customer id
    resolve the order to a person (an existing one when an identifier matches, else a new one).
    `total` must equal the sum of the lines; each error names its field (`lines.2.unit_price`)."""

    def run() -> OrderOut:
        order, created = service.create_order(ctx, body)
        response.status_code = 201 if created else 200
        return order

    return idem.run(run)


@router.post("/batch", operation_id="orders-batch", response_model=BulkResult[OrderOut])
def create_batch(body: BatchIn, ctx: CtxDep) -> BulkResult[OrderOut]:
    """Up to 1,000 orders (each an `OrderIn`), as a till syncs them: each is stored or refused on
    its own, errors naming `items.N.field`; a replayed order number answers the stored order."""
    return service.create_batch(ctx, body.items)


@router.get("", operation_id="orders-list", response_model=Page[OrderOut])
def list_orders(ctx: CtxDep, params: ListParamsDep) -> Page[OrderOut]:
    """Orders of the people you may see, newest first (`sort=-placed_at`).

    `q` finds order numbers (any part). Filter fields: order_number, person_id, source_id, channel,
    store, status, currency, total, placed_at (e.g. `{"field": "placed_at", "op": "between",
    "value": ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"]}`), created_at."""
    return service.list_orders(ctx, params)


@router.get("/{order_id}", operation_id="orders-get", response_model=OrderOut)
def get_order(order_id: uuid.UUID, ctx: CtxDep) -> OrderOut:
    """One order with its lines and refunds."""
    return service.get_order(ctx, order_id)


@router.post("/{order_id}/refunds", operation_id="orders-refund", response_model=OrderOut, status_code=201)
def refund_order(order_id: uuid.UUID, body: RefundIn, ctx: CtxDep, idem: IdempotencyDep) -> Any:
    """Refund part or all of an order (at most what is left). The order's status becomes
    partially_refunded or refunded; answers the order."""
    return idem.run(lambda: service.refund(ctx, order_id, body))


@people_router.get("/{person_id}/orders", operation_id="people-orders", response_model=Page[OrderOut])
def person_orders(person_id: uuid.UUID, ctx: CtxDep, params: ListParamsDep) -> Page[OrderOut]:
    """The person's orders, newest first; the same `q`, `filter` and `sort` as `/orders`."""
    return service.person_orders(ctx, person_id, params)
