"""One delivery attempt in three steps: prepare (read), send (no transaction), record (write);
and switching a subscription off after DISABLE_AFTER of failures."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session

from sampark import __version__
from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.notifications.service import notify
from sampark.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from sampark.webhooks.security import SecretUnreadable, address_refusal, decrypt_secret, sign
from sampark.webhooks.service import OBJ, SYSTEM, load_record

# Seconds to wait after failed attempt n: 8 attempts spread over about 27½ hours.
RETRY_SCHEDULE = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
DISABLE_AFTER = timedelta(hours=24)
TIMEOUT_SECONDS = 10.0
RESPONSE_KEEP_BYTES = 4096


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
        payload["data"]["record"] = load_record(
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
