"""Outbound webhooks (administrators): subscriptions, their delivery log, replay and tests."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from sampark.core.pagination import MAX_LIMIT, Page
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, with_etag
from sampark.webhooks import service
from sampark.webhooks.schemas import (
    DeliveryDetail,
    DeliveryOut,
    EventTypeOut,
    WebhookCreate,
    WebhookOut,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
deliveries_router = APIRouter(prefix="/webhook-deliveries", tags=["webhooks"])

DeliveryStatus = Literal["pending", "retrying", "succeeded", "failed", "skipped"]


@router.get("/event-types", operation_id="webhooks-event-types", response_model=list[EventTypeOut])
def event_types(ctx: CtxDep) -> list[EventTypeOut]:
    """The catalogue of events a webhook may subscribe to (`deal.*` and `*` also work)."""
    return service.event_types(ctx)


@router.get("", operation_id="webhooks-list", response_model=list[WebhookOut])
def list_webhooks(ctx: CtxDep) -> list[WebhookOut]:
    """Every webhook subscription, oldest first."""
    return service.list_webhooks(ctx)


@router.post("", operation_id="webhooks-create", response_model=WebhookWithSecret, status_code=201)
def create_webhook(body: WebhookCreate, ctx: CtxDep, idem: IdempotencyDep) -> WebhookWithSecret:
    """Subscribe an endpoint. The answer holds its signing secret, shown only this once."""
    return idem.run(lambda: service.create_webhook(ctx, body))  # type: ignore[no-any-return]


@router.get("/{webhook_id}", operation_id="webhooks-get", response_model=WebhookOut)
def get_webhook(webhook_id: uuid.UUID, ctx: CtxDep, response: Response) -> WebhookOut:
    out = service.get_webhook(ctx, webhook_id)
    with_etag(response, out)
    return out


@router.patch("/{webhook_id}", operation_id="webhooks-update", response_model=WebhookOut)
def update_webhook(
    webhook_id: uuid.UUID, body: WebhookUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> WebhookOut:
    """Change the address, description or events; `is_active: true` switches it back on and
    forgets past failures."""
    out = service.update_webhook(ctx, webhook_id, body, version)
    with_etag(response, out)
    return out


@router.delete("/{webhook_id}", operation_id="webhooks-delete", status_code=204, response_class=Response)
def delete_webhook(webhook_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Delete the subscription and its delivery log."""
    service.delete_webhook(ctx, webhook_id)
    return Response(status_code=204)


@router.post(
    "/{webhook_id}/rotate-secret", operation_id="webhooks-rotate-secret", response_model=WebhookWithSecret
)
def rotate_secret(webhook_id: uuid.UUID, ctx: CtxDep) -> WebhookWithSecret:
    """A new signing secret, shown once; the old one signs nothing from now on."""
    return service.rotate_secret(ctx, webhook_id)


@router.post("/{webhook_id}/test", operation_id="webhooks-test", response_model=DeliveryOut, status_code=202)
def send_test(webhook_id: uuid.UUID, ctx: CtxDep) -> DeliveryOut:
    """Queue a `webhook.test` delivery (one attempt, even while the webhook is off)."""
    return service.send_test(ctx, webhook_id)


@router.get("/{webhook_id}/deliveries", operation_id="webhooks-deliveries", response_model=Page[DeliveryOut])
def list_deliveries(
    webhook_id: uuid.UUID,
    ctx: CtxDep,
    status: DeliveryStatus | None = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT)] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[DeliveryOut]:
    """The delivery log, newest first."""
    return service.list_deliveries(ctx, webhook_id, status=status, limit=limit, cursor=cursor)


@deliveries_router.get("/{delivery_id}", operation_id="webhook-deliveries-get", response_model=DeliveryDetail)
def get_delivery(delivery_id: uuid.UUID, ctx: CtxDep) -> DeliveryDetail:
    """One delivery with its body and every attempt (request headers, answer, timing, error)."""
    return service.get_delivery(ctx, delivery_id)


@deliveries_router.post(
    "/{delivery_id}/replay",
    operation_id="webhook-deliveries-replay",
    response_model=DeliveryOut,
    status_code=202,
)
def replay_delivery(delivery_id: uuid.UUID, ctx: CtxDep) -> DeliveryOut:
    """Send it again (one attempt, same webhook-id and body), even if it succeeded before."""
    return service.replay_delivery(ctx, delivery_id)
