"""Outbound webhooks: subscriptions (admins), the fan-out of domain events into deliveries,
signing (Standard Webhooks), sending, the delivery log, replay and automatic switching off.

- The event consumer (`on_events`) runs in the dispatcher's transaction: each matching
  (subscription, event, type) becomes one delivery row and one job, keyed so it happens once.
- A delivery's body is fixed when it is made; every attempt signs that same body afresh with
  `webhook-id` = the delivery id and `webhook-timestamp` = the attempt's time.
- The HTTP request is made outside any transaction; its outcome is recorded afterwards.
- A subscription whose every attempt has failed for `DISABLE_AFTER` is switched off, and its
  owner is notified. Re-enabling it forgets the failures.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sampark import __version__
from sampark.core import audit, sealed
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import AppError, FieldError, NotFound, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.ids import new_id
from sampark.core.pagination import Page, Sort, clamp_limit, fetch_page
from sampark.core.permissions import Action, Obj, Principal, Role
from sampark.core.records import check_version, update_audited
from sampark.jobs import service as jobs
from sampark.jobs.events import SINGULAR, DomainEvent
from sampark.notifications.service import notify
from sampark.settings import Mode, get_settings
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

OBJ = Obj.webhooks
KIND = "webhooks.deliver"
PURGE_KIND = "webhooks.purge"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
# Seconds to wait after failed attempt n: 8 attempts spread over about 27½ hours.
RETRY_SCHEDULE = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
DISABLE_AFTER = timedelta(hours=24)
TIMEOUT_SECONDS = 10.0
RESPONSE_KEEP_BYTES = 4096
AUDITED = ("url", "description", "event_types", "is_active")
# Who loads records for payloads: sees everything, like the event it describes.
SYSTEM = Principal(user_id=uuid.UUID(int=0), email="webhooks@sampark.local", role=Role.admin)


# --- secrets and signatures ---------------------------------------------------------------------


def new_secret() -> str:
    """`whsec_` and the base64 of 32 random bytes (Standard Webhooks)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def encrypt_secret(secret: str) -> str:
    return sealed.seal(secret, "webhook")


# The stored secret cannot be decrypted: SAMPARK_SECRET_KEY changed since it was made.
SecretUnreadable = sealed.Unreadable


def decrypt_secret(stored: str) -> str:
    try:
        return sealed.unseal(stored, "webhook")
    except sealed.Unreadable as exc:
        raise SecretUnreadable(
            "The signing secret cannot be decrypted (SAMPARK_SECRET_KEY changed?); rotate it."
        ) from exc


def sign(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` value: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`
    keyed with the base64-decoded secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


# --- where we may send --------------------------------------------------------------------------


def allow_private() -> bool:
    settings = get_settings()
    if settings.webhooks_allow_private is not None:
        return settings.webhooks_allow_private
    return settings.mode is Mode.development


def _ip_refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def host_refusal(host: str) -> str | None:
    """Why a host may not be sent to, judged from its name alone (None: it may)."""
    if allow_private():
        return None
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        return f"{host} is a local host name"
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return None
    return f"{host} is a private, loopback or reserved address" if _ip_refused(ip) else None


def address_refusal(url: str) -> str | None:
    """Why `url` may not be sent to now, after resolving its host (None: it may). The URL
    schema has already checked the scheme; this keeps deliveries off the internal network
    unless SAMPARK_WEBHOOKS_ALLOW_PRIVATE allows it."""
    if allow_private():
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    refusal = host_refusal(host)
    if refusal:
        return refusal
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError:
        return None  # the request will fail with the resolver's own error
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if _ip_refused(ip):
            return f"{host} resolves to {ip}, a private, loopback or reserved address"
    return None


def _check_url(url: str) -> None:
    host = urlsplit(url).hostname or ""
    refusal = host_refusal(host)
    if refusal:
        raise ValidationFailed(
            f"Webhooks may not be sent there: {refusal}.",
            errors=[FieldError("url", f"{refusal} (SAMPARK_WEBHOOKS_ALLOW_PRIVATE)", "address_not_allowed")],
        )


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
    _check_url(data.url)
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
        _check_url(changes["url"])
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


def _load_record(ctx: Ctx, object_type: str, object_id: uuid.UUID) -> dict[str, Any] | None:
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


# --- one attempt: prepare (read), send (no transaction), record (write) -------------------------


@dataclass(frozen=True)
class Prepared:
    delivery_id: uuid.UUID
    subscription_id: uuid.UUID
    url: str
    secret: str | None  # None: unreadable (see SecretUnreadable)
    body: str


@dataclass(frozen=True)
class Outcome:
    headers: dict[str, str]
    status: int | None
    response_body: str | None
    duration_ms: int
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


SKIP = "skip"


def prepare(session: Session, delivery_id: uuid.UUID, *, force: bool) -> Prepared | str | None:
    """What to send (read only). None when there is nothing to do (the delivery or its
    subscription was deleted); SKIP when the subscription is off and this is not a test or a
    replay (then `skip` marks it)."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    sub = session.get(WebhookSubscription, delivery.subscription_id)
    if sub is None:
        return None
    if not sub.is_active and not force:
        return SKIP
    try:
        secret: str | None = decrypt_secret(sub.secret_encrypted)
    except SecretUnreadable:
        secret = None
    body = delivery.body
    if delivery.record_pending and delivery.object_type and delivery.object_id:
        payload = json.loads(body)
        payload["data"]["record"] = _load_record(
            Ctx(session, SYSTEM), delivery.object_type, uuid.UUID(delivery.object_id)
        )
        body = json.dumps(audit.jsonable(payload), ensure_ascii=False, separators=(",", ":"))
    return Prepared(delivery.id, sub.id, sub.url, secret, body)


def skip(session: Session, delivery_id: uuid.UUID) -> None:
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .values(
            status="skipped",
            next_attempt_at=None,
            last_error="The webhook was switched off before this could be sent.",
        )
    )


@cache
def _http_client() -> httpx.Client:
    """One client per process, shared by the worker's threads: kept-alive connections, and the
    TLS context built once (building one per delivery cost more than the delivery).
    No redirects (a 3xx is a failure, so a receiver cannot bounce us inwards); no proxies from
    the environment."""
    return httpx.Client(
        timeout=TIMEOUT_SECONDS,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
    )


def send(prepared: Prepared) -> Outcome:
    """POST the delivery, signed for this moment. Never raises: failures are outcomes."""
    timestamp = int(time.time())
    msg_id = str(prepared.delivery_id)
    headers = {
        "content-type": "application/json",
        "user-agent": f"Sampark-Webhooks/{__version__}",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
    }
    if prepared.secret is None:
        return Outcome(headers, None, None, 0, str(SecretUnreadable.__doc__))
    headers["webhook-signature"] = sign(prepared.secret, msg_id, timestamp, prepared.body)
    refusal = address_refusal(prepared.url)
    if refusal:
        return Outcome(headers, None, None, 0, f"Not sent: {refusal}.")
    started = time.monotonic()
    status: int | None = None
    kept: str | None = None
    error: str | None = None
    try:
        client = _http_client()
        with client.stream("POST", prepared.url, content=prepared.body.encode(), headers=headers) as resp:
            status = resp.status_code
            chunks = bytearray()
            for chunk in resp.iter_bytes():
                chunks.extend(chunk)
                if len(chunks) >= RESPONSE_KEEP_BYTES:
                    break
            kept = bytes(chunks[:RESPONSE_KEEP_BYTES]).decode("utf-8", errors="replace")
    except httpx.TimeoutException:
        error = f"Timed out after {TIMEOUT_SECONDS:g} s."
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    duration = int((time.monotonic() - started) * 1000)
    if error is None and status is not None and not 200 <= status < 300:
        error = f"The endpoint answered {status}."
    return Outcome(headers, status, kept, duration, error)


def record(
    session: Session,
    prepared: Prepared,
    outcome: Outcome,
    *,
    trigger: str,
    final: bool,
    next_attempt_at: datetime | None,
) -> None:
    """Write down one attempt and its consequences for the delivery and the subscription."""
    delivery = session.get(WebhookDelivery, prepared.delivery_id)
    if delivery is None:
        return  # deleted with its subscription meanwhile
    now = utcnow()
    delivery.attempts += 1
    if delivery.record_pending:  # from now on every attempt sends these very bytes
        delivery.body, delivery.record_pending = prepared.body, False
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            number=delivery.attempts,
            trigger=trigger,
            started_at=now,
            url=prepared.url,
            request_headers=outcome.headers,
            request_body=prepared.body,
            response_status=outcome.status,
            response_body=outcome.response_body,
            duration_ms=outcome.duration_ms,
            error=outcome.error,
            succeeded=outcome.ok,
        )
    )
    delivery.last_status_code = outcome.status
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "succeeded", now, None
        # Bookkeeping, not an edit: the subscription's version (If-Match) stays as it was.
        session.execute(
            update(WebhookSubscription)
            .where(WebhookSubscription.id == prepared.subscription_id)
            .values(failing_since=None, last_success_at=now, updated_at=WebhookSubscription.updated_at)
        )
    else:
        delivery.status = "failed" if final else "retrying"
        delivery.next_attempt_at = None if final else next_attempt_at
        _count_failure(session, prepared.subscription_id, now)
    session.flush()


def _count_failure(session: Session, subscription_id: uuid.UUID, now: datetime) -> None:
    sub = session.get(WebhookSubscription, subscription_id)
    if sub is None:
        return
    if sub.failing_since is None:
        session.execute(
            update(WebhookSubscription)
            .where(WebhookSubscription.id == sub.id, WebhookSubscription.failing_since.is_(None))
            .values(failing_since=now, updated_at=WebhookSubscription.updated_at)
        )
        return
    if sub.is_active and as_utc(sub.failing_since) <= now - DISABLE_AFTER:
        _disable(session, sub, now)


def _disable(session: Session, sub: WebhookSubscription, now: datetime) -> None:
    since = as_utc(sub.failing_since or now)
    reason = f"Every delivery attempt since {since:%Y-%m-%d %H:%M} UTC failed."
    sub.is_active, sub.disabled_at, sub.disabled_reason = False, now, reason
    session.flush()
    audit.record(
        session,
        None,
        "update",
        OBJ.value,
        sub.id,
        {"is_active": {"before": True, "after": False}, "reason": reason},
        actor_email="system",
    )
    if sub.owner_id is not None:
        notify(
            session,
            sub.owner_id,
            kind="webhook_disabled",
            title=f"Webhook switched off: {sub.url}"[:300],
            body=f"{reason} Fix the endpoint, then switch the webhook on again in Settings → Webhooks; "
            "deliveries that failed can be replayed from its log.",
            link="/settings/webhooks",
            key=f"webhook-disabled:{sub.id}:{now.isoformat()}",
        )
