"""Replies go out through the post's connector, to the platform's API address (configurable, so
tests point it at a local server): a reply row is written (pending) with a job; the job sends it
outside any transaction and records the outcome; failures are retried with back-off and shown."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx
from sqlalchemy.orm import Session

from sampark import __version__
from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.jobs import service as jobs
from sampark.social.models import SocialConnector, SocialPost, SocialReply
from sampark.social.platforms import Platform, decrypt
from sampark.social.schemas import ReplyIn, ReplyOut

KIND = "social.reply"
RETRY_SCHEDULE = (10, 60, 5 * 60, 30 * 60, 2 * 3600)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
TIMEOUT_SECONDS = 10.0


def create_reply(ctx: Ctx, post_id: uuid.UUID, data: ReplyIn) -> ReplyOut:
    from sampark.social.service import _get

    ctx.require(Obj.social, Action.write)
    post = _get(ctx, post_id)
    connector = ctx.session.get(SocialConnector, post.connector_id) if post.connector_id else None
    if connector is None:
        raise ValidationFailed(
            "This post did not come through a connector, so there is nowhere to reply.",
            errors=[FieldError("post_id", "no connector", "no_connector")],
        )
    reply = SocialReply(post_id=post.id, thread_id=post.thread_id, author_user_id=ctx.principal.user_id,
                        text=data.text, status="pending", attempts=0)  # fmt: skip
    ctx.session.add(reply)
    ctx.session.flush()
    jobs.enqueue(ctx.session, KIND, {"reply_id": str(reply.id)})
    if post.first_response_at is None:
        post.first_response_at = utcnow()
    if post.status == "new":
        post.status = "open"
    audit.record(
        ctx.session,
        ctx.principal,
        "reply",
        "social",
        post.id,
        {"reply_id": reply.id, "text": data.text[:500]},
    )
    return ReplyOut.model_validate(reply)


def list_replies(ctx: Ctx, post_id: uuid.UUID) -> list[ReplyOut]:
    from sqlalchemy import select

    from sampark.social.service import _get

    post = _get(ctx, post_id)
    rows = ctx.session.scalars(
        select(SocialReply).where(SocialReply.post_id == post.id).order_by(SocialReply.created_at)
    )
    return [ReplyOut.model_validate(r) for r in rows]


@dataclass
class Request:
    reply_id: uuid.UUID
    url: str
    body: dict[str, Any]
    token: str | None


def prepare(session: Session, reply_id: uuid.UUID) -> Request | str | None:
    """What to send for a pending reply (None: nothing to do; a string: why it cannot be sent)."""
    reply = session.get(SocialReply, reply_id)
    if reply is None or reply.status == "sent":
        return None
    post = session.get(SocialPost, reply.post_id)
    connector = session.get(SocialConnector, post.connector_id) if post and post.connector_id else None
    if post is None or connector is None:
        return "The post or its connector is gone."
    if not connector.enabled:
        return "The connector is switched off."
    base = connector.api_base_url.rstrip("/")
    platform = Platform(connector.platform)
    text = reply.text
    url: str
    body: dict[str, Any]
    if platform is Platform.whatsapp:
        url = f"{base}/{connector.account_id}/messages"
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": post.author_external_id,
                "type": "text", "text": {"body": text}, "context": {"message_id": post.external_id}}  # fmt: skip
    elif platform in (Platform.facebook, Platform.instagram) and post.kind == "message":
        url = f"{base}/{connector.account_id}/messages"
        body = {
            "recipient": {"id": post.author_external_id},
            "messaging_type": "RESPONSE",
            "message": {"text": text},
        }
    elif platform is Platform.instagram:
        url = f"{base}/{post.external_id}/replies"
        body = {"message": text}
    elif platform is Platform.facebook:
        url = f"{base}/{post.external_id}/comments"
        body = {"message": text}
    elif platform is Platform.x and post.kind == "message":
        url = f"{base}/2/dm_conversations/with/{post.author_external_id}/messages"
        body = {"text": text}
    elif platform is Platform.x:
        url = f"{base}/2/tweets"
        body = {"text": text, "reply": {"in_reply_to_tweet_id": post.external_id}}
    else:
        url = f"{base}/replies"
        body = {"in_reply_to": post.external_id, "text": text}
    return Request(reply.id, url, body, decrypt(connector.access_token_encrypted))


@cache
def _http_client() -> httpx.Client:
    """One client per process (kept-alive connections, TLS context built once); no redirects,
    no proxies from the environment — as for outbound webhooks."""
    return httpx.Client(
        timeout=TIMEOUT_SECONDS,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
    )


@dataclass
class Outcome:
    status: int | None
    external_id: str | None
    error: str | None


def send(request: Request) -> Outcome:
    """POST the reply. Never raises: failures are outcomes."""
    headers = {"content-type": "application/json", "user-agent": f"Sampark-Social/{__version__}"}
    if request.token:
        headers["authorization"] = f"Bearer {request.token}"
    started = time.monotonic()
    try:
        resp = _http_client().post(request.url, json=request.body, headers=headers)
    except httpx.TimeoutException:
        return Outcome(None, None, f"Timed out after {TIMEOUT_SECONDS:g} s.")
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        return Outcome(None, None, f"{type(exc).__name__}: {exc}"[:1000])
    del started
    if not 200 <= resp.status_code < 300:
        return Outcome(resp.status_code, None, f"The platform answered {resp.status_code}: {resp.text[:500]}")
    try:
        data = resp.json()
    except ValueError:
        data = {}
    external = None
    if isinstance(data, dict):
        inner: dict[str, Any] = data["data"] if isinstance(data.get("data"), dict) else {}
        messages = data.get("messages") if isinstance(data.get("messages"), list) else []
        external = (
            data.get("id")
            or data.get("message_id")
            or inner.get("id")
            or inner.get("dm_event_id")
            or (messages[0].get("id") if messages and isinstance(messages[0], dict) else None)
        )
    return Outcome(resp.status_code, str(external) if external else None, None)


def record(session: Session, request: Request, outcome: Outcome, *, final: bool) -> None:
    reply = session.get(SocialReply, request.reply_id)
    if reply is None:
        return
    reply.attempts += 1
    reply.request_url = request.url[:1000]
    reply.response_status = outcome.status
    if outcome.error is None:
        reply.status, reply.sent_at, reply.external_id, reply.last_error = (
            "sent",
            utcnow(),
            outcome.external_id,
            None,
        )
    else:
        reply.last_error = outcome.error
        reply.status = "failed" if final else "pending"


def give_up(session: Session, reply_id: uuid.UUID, why: str) -> None:
    reply = session.get(SocialReply, reply_id)
    if reply is not None:
        reply.status, reply.last_error = "failed", why


def retry(ctx: Ctx, reply_id: uuid.UUID) -> ReplyOut:
    """Send a failed reply again."""
    from sampark.social.service import _get

    ctx.require(Obj.social, Action.write)
    reply = ctx.session.get(SocialReply, reply_id)
    if reply is None:
        raise ValidationFailed("No such reply.", errors=[FieldError("reply_id", "unknown")])
    _get(ctx, reply.post_id)
    if reply.status != "sent":
        reply.status = "pending"
        jobs.enqueue(ctx.session, KIND, {"reply_id": str(reply.id)})
        audit.record(
            ctx.session, ctx.principal, "reply_retry", "social", reply.post_id, {"reply_id": reply.id}
        )
    return ReplyOut.model_validate(reply)
