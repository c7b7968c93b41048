"""Outbound webhooks: subscriptions (admins), the fan-out of domain events into deliveries,
the delivery log and replay. Signing and address checks are in `security`, one attempt
(prepare, send, record, switching off) in `attempts`.

- The event consumer (`on_events`) runs in the dispatcher's transaction: each matching
  (subscription, event, type) becomes one delivery row and one job, keyed so it happens once.
- A delivery's body is fixed when it is made; every attempt signs that same body afresh with
  `webhook-id` = the delivery id and `webhook-timestamp` = the attempt's time.
- The HTTP request is made outside any transaction; its outcome is recorded afterwards.
- A subscription whose every attempt has failed for `DISABLE_AFTER` is switched off, and its
  owner is notified. Re-enabling it forgets the failures.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import AppError, NotFound
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.ids import new_id
from sampark.core.pagination import Page, Sort, clamp_limit, fetch_page
from sampark.core.permissions import Action, Obj, Principal, Role
from sampark.core.records import check_version, update_audited
from sampark.jobs import service as jobs
from sampark.jobs.events import SINGULAR, DomainEvent
from sampark.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from sampark.webhooks.schemas import (
    CATALOGUE,
    TEST_EVENT,
    AttemptOut,
    DeliveryDetail,
    DeliveryOut,
    EventTypeOut,
    WebhookCreate,
    WebhookOut,
    WebhookUpdate,
    WebhookWithSecret,
)
from sampark.webhooks.security import check_url, encrypt_secret, new_secret

OBJ = Obj.webhooks
KIND = "webhooks.deliver"
PURGE_KIND = "webhooks.purge"
AUDITED = ("url", "description", "event_types", "is_active")
# Who loads records for payloads: sees everything, like the event it describes.
SYSTEM = Principal(user_id=uuid.UUID(int=0), email="webhooks@sampark.local", role=Role.admin)


# --- subscriptions --------------------------------------------------------------------------------


def event_types(ctx: Ctx) -> list[EventTypeOut]:
    ctx.require(OBJ, Action.read)
    return [
        EventTypeOut(name=name, description=text, reserved=name.startswith("ticket."))
        for name, text in CATALOGUE.items()
    ]


def _get(ctx: Ctx, webhook_id: uuid.UUID) -> WebhookSubscription:
    row = ctx.session.get(WebhookSubscription, webhook_id)
    if row is None:
        raise NotFound("No such webhook.")
    return row


def list_webhooks(ctx: Ctx) -> list[WebhookOut]:
    ctx.require(OBJ, Action.read)
    rows = ctx.session.scalars(
        select(WebhookSubscription).order_by(WebhookSubscription.created_at, WebhookSubscription.id)
    )
    return [WebhookOut.model_validate(r) for r in rows]


def get_webhook(ctx: Ctx, webhook_id: uuid.UUID) -> WebhookOut:
    ctx.require(OBJ, Action.read)
    return WebhookOut.model_validate(_get(ctx, webhook_id))


def _with_secret(row: WebhookSubscription, secret: str) -> WebhookWithSecret:
    return WebhookWithSecret.model_validate({**WebhookOut.model_validate(row).model_dump(), "secret": secret})


def create_webhook(ctx: Ctx, data: WebhookCreate) -> WebhookWithSecret:
    ctx.require(OBJ, Action.write)
    check_url(data.url)
    secret = new_secret()
    row = WebhookSubscription(
        url=data.url,
        description=data.description,
        event_types=list(data.event_types),
        is_active=data.is_active,
        secret_encrypted=encrypt_secret(secret),
        owner_id=ctx.principal.user_id,
    )
    ctx.session.add(row)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        OBJ.value,
        row.id,
        {
            "url": row.url,
            "description": row.description,
            "event_types": row.event_types,
            "is_active": row.is_active,
        },
    )
    return _with_secret(row, secret)


def update_webhook(ctx: Ctx, webhook_id: uuid.UUID, data: WebhookUpdate, version: int) -> WebhookOut:
    ctx.require(OBJ, Action.write)
    row = _get(ctx, webhook_id)
    check_version(row, version, lambda: WebhookOut.model_validate(row))
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "url" in changes:
        check_url(changes["url"])
    enabling = changes.get("is_active") is True and not row.is_active

    def mutate() -> None:
        for field, value in changes.items():
            setattr(row, field, list(value) if field == "event_types" else value)
        if enabling:  # a fresh start: past failures no longer count towards switching it off
            row.failing_since = row.disabled_at = row.disabled_reason = None

    update_audited(ctx, row, AUDITED, OBJ, mutate)
    return WebhookOut.model_validate(row)


def delete_webhook(ctx: Ctx, webhook_id: uuid.UUID) -> None:
    """Deletes the subscription and its delivery log; jobs still queued find nothing to send."""
    ctx.require(OBJ, Action.delete)
    row = _get(ctx, webhook_id)
    ctx.session.delete(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, webhook_id, {"url": row.url})


def rotate_secret(ctx: Ctx, webhook_id: uuid.UUID) -> WebhookWithSecret:
    """A new signing secret, shown once; deliveries are signed with it from now on (retries too)."""
    ctx.require(OBJ, Action.write)
    row = _get(ctx, webhook_id)
    secret = new_secret()
    row.secret_encrypted = encrypt_secret(secret)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "rotate_secret", OBJ.value, row.id, {"url": row.url})
    return _with_secret(row, secret)


# --- deliveries: made from events, a test, or a replay ------------------------------------------


def _body(event_type: str, occurred_at: datetime, data: dict[str, Any]) -> str:
    payload = {"type": event_type, "timestamp": as_utc(occurred_at).isoformat(), "data": data}
    return json.dumps(audit.jsonable(payload), ensure_ascii=False, separators=(",", ":"))


def _add_delivery(
    session: Session,
    subscription_id: uuid.UUID,
    event_type: str,
    body: str,
    *,
    trigger: str,
    key: str | None = None,
    event_seq: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    record_pending: bool = False,
) -> WebhookDelivery | None:
    delivery_id = new_id()
    job = jobs.enqueue(
        session,
        KIND,
        {"delivery_id": str(delivery_id), "trigger": trigger},
        key=key,
        max_attempts=1 if trigger == "test" else None,
    )
    if job is None:
        return None  # this event was already fanned out to this subscription
    row = WebhookDelivery(
        id=delivery_id,
        subscription_id=subscription_id,
        event_type=event_type,
        event_seq=event_seq,
        object_type=object_type,
        object_id=object_id,
        body=body,
        record_pending=record_pending,
        status="pending",
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row


def matches(patterns: list[str], event_type: str) -> bool:
    return "*" in patterns or event_type in patterns or f"{event_type.split('.', 1)[0]}.*" in patterns


def load_record(ctx: Ctx, object_type: str, object_id: uuid.UUID) -> dict[str, Any] | None:
    """The record as its API shows it now, through its own domain's service; None when it is
    gone (deleted, merged away) or of a kind without one."""
    from sampark.activities import service as activities
    from sampark.companies import service as companies
    from sampark.deals import service as deals
    from sampark.orders import service as orders
    from sampark.people import service as people
    from sampark.tasks import service as tasks

    loaders: dict[str, Any] = {
        "people": people.get_person,
        "companies": companies.get_company,
        "deals": deals.get_deal,
        "activities": activities.get_activity,
        "tasks": tasks.get_task,
        "orders": orders.get_order,
    }
    loader = loaders.get(object_type)
    if loader is None:
        return None
    try:
        out = loader(ctx, object_id)
    except AppError:  # NotFound, Gone: it no longer exists as a live record
        return None
    data: dict[str, Any] = out.model_dump(mode="json")
    return data


def on_events(session: Session, events: list[DomainEvent]) -> None:
    """The event consumer: one delivery (and one job) per matching subscription and type."""
    subscriptions = list(session.scalars(select(WebhookSubscription).where(WebhookSubscription.is_active)))
    if not subscriptions:
        return
    for event in events:
        targets = [
            (sub, name)
            for name in event.types
            if name in CATALOGUE
            for sub in subscriptions
            # A subscription hears what happened after it was made, not what it finds queued.
            if matches(sub.event_types, name) and as_utc(sub.created_at) <= event.occurred_at
        ]
        if not targets or event.object_id is None:
            continue
        data = {
            "id": str(event.object_id),
            "object": SINGULAR.get(event.object_type, event.object_type),
            "changes": event.changes,
            "record": None,  # filled in by the first attempt (see `prepare`)
        }
        for sub, name in targets:
            _add_delivery(
                session,
                sub.id,
                name,
                _body(name, event.occurred_at, data),
                trigger="event",
                key=f"webhook:{sub.id}:{event.seq}:{name}",
                event_seq=event.seq,
                object_type=event.object_type,
                object_id=str(event.object_id),
                record_pending=True,
            )


def send_test(ctx: Ctx, webhook_id: uuid.UUID) -> DeliveryOut:
    """A `webhook.test` delivery, sent once (even while the subscription is off)."""
    ctx.require(OBJ, Action.write)
    row = _get(ctx, webhook_id)
    data: dict[str, Any] = {"id": str(row.id), "object": "webhook", "changes": {}, "record": None}
    delivery = _add_delivery(
        ctx.session, row.id, TEST_EVENT, _body(TEST_EVENT, utcnow(), data), trigger="test"
    )
    if delivery is None:  # pragma: no cover (no key: always added)
        raise RuntimeError("the test delivery was not added")
    return DeliveryOut.model_validate(delivery)


_SORT = Sort(
    FieldSpec("created_at", WebhookDelivery.created_at, FieldType.datetime, sortable=True, nullable=False),
    descending=True,
)


def list_deliveries(
    ctx: Ctx, webhook_id: uuid.UUID, *, status: str | None, limit: int | None, cursor: str | None
) -> Page[DeliveryOut]:
    ctx.require(OBJ, Action.read)
    _get(ctx, webhook_id)
    limit = clamp_limit(limit)
    stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook_id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    rows, next_cursor = fetch_page(ctx.session, stmt, _SORT, WebhookDelivery.id, cursor, limit)
    return Page[DeliveryOut](
        items=[DeliveryOut.model_validate(r) for r in rows], next_cursor=next_cursor, limit=limit
    )


def _get_delivery(ctx: Ctx, delivery_id: uuid.UUID) -> WebhookDelivery:
    row = ctx.session.get(WebhookDelivery, delivery_id)
    if row is None:
        raise NotFound("No such webhook delivery.")
    return row


def get_delivery(ctx: Ctx, delivery_id: uuid.UUID) -> DeliveryDetail:
    ctx.require(OBJ, Action.read)
    row = _get_delivery(ctx, delivery_id)
    attempts = ctx.session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == row.id)
        .order_by(WebhookAttempt.started_at, WebhookAttempt.number)
    )
    return DeliveryDetail.model_validate(
        {
            **DeliveryOut.model_validate(row).model_dump(),
            "payload": json.loads(row.body),
            "attempt_log": [AttemptOut.model_validate(a) for a in attempts],
        }
    )


def replay_delivery(ctx: Ctx, delivery_id: uuid.UUID) -> DeliveryOut:
    """Send a delivery once more, whatever became of it (the same webhook-id and body)."""
    ctx.require(OBJ, Action.write)
    row = _get_delivery(ctx, delivery_id)
    row.status, row.next_attempt_at = "pending", None
    jobs.enqueue(ctx.session, KIND, {"delivery_id": str(row.id), "trigger": "replay"}, max_attempts=1)
    ctx.session.flush()
    audit.record(
        ctx.session, ctx.principal, "replay_delivery", OBJ.value, row.subscription_id, {"delivery_id": row.id}
    )
    return DeliveryOut.model_validate(row)


def purge(session: Session, *, keep_days: int) -> int:
    """Delete finished deliveries (and their attempts) older than `keep_days`; answers how many.
    One subscription at a time, so each DELETE walks that subscription's index."""
    cutoff = utcnow() - timedelta(days=keep_days)
    removed = 0
    for subscription_id in list(session.scalars(select(WebhookSubscription.id))):
        result: Any = session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.subscription_id == subscription_id,
                WebhookDelivery.created_at < cutoff,
                WebhookDelivery.status.in_(("succeeded", "failed", "skipped")),
            )
        )
        removed += int(result.rowcount or 0)
    return removed
