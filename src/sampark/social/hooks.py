"""Receiving platform webhooks for one connector: the verification handshakes and signed
deliveries. A bad or missing signature is refused (401) before anything is read or stored;
accepted posts are stored (once) and handed to the processing job, so the platform gets its
200 quickly."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.core.errors import FieldError, NotAuthenticated, ValidationFailed
from sampark.social import ingest
from sampark.social.models import SocialConnector
from sampark.social.platforms import META, Platform, crc_response, decrypt, parse_meta, parse_x, signature_ok

META_HEADER = "x-hub-signature-256"
X_HEADER = "x-twitter-webhooks-signature"


def _refuse(why: str) -> NotAuthenticated:
    return NotAuthenticated(why)


def _connector(session: Session, connector_id: uuid.UUID) -> SocialConnector:
    row = session.get(SocialConnector, connector_id)
    if row is None or not row.enabled:
        raise _refuse("Unknown or switched-off connector.")
    return row


def handshake(session: Session, connector_id: uuid.UUID, params: dict[str, str]) -> str | dict[str, str]:
    """Meta: echo `hub.challenge` when `hub.verify_token` matches. X: the CRC response token."""
    connector = _connector(session, connector_id)
    platform = Platform(connector.platform)
    if platform is Platform.x:
        token = params.get("crc_token")
        secret = decrypt(connector.app_secret_encrypted)
        if not token or not secret:
            raise _refuse("A CRC check needs crc_token and the connector's consumer secret.")
        return crc_response(secret, token)
    expected = decrypt(connector.verify_token_encrypted)
    given = params.get("hub.verify_token") or ""
    import hmac

    if (
        params.get("hub.mode") != "subscribe"
        or not expected
        or not hmac.compare_digest(expected.encode(), given.encode())
    ):
        raise _refuse("The verify token does not match.")
    return params.get("hub.challenge") or ""


def deliver(session: Session, connector_id: uuid.UUID, body: bytes, headers: dict[str, str]) -> int:
    """Check the signature, store the delivery's posts, queue their processing. Answers how
    many new posts were stored."""
    connector = _connector(session, connector_id)
    platform = Platform(connector.platform)
    if platform is Platform.other:
        raise _refuse("This connector takes posts through POST /api/v1/social/posts, not webhooks.")
    header = headers.get(X_HEADER if platform is Platform.x else META_HEADER)
    if not signature_ok(platform, decrypt(connector.app_secret_encrypted), body, header):
        raise _refuse("Missing or bad signature.")
    try:
        payload: Any = json.loads(body)
    except ValueError as exc:
        raise ValidationFailed("The body is not JSON.", errors=[FieldError("body", "invalid JSON")]) from exc
    if not isinstance(payload, dict):
        raise ValidationFailed(
            "The body is not a JSON object.", errors=[FieldError("body", "expected an object")]
        )
    items = parse_meta(platform, payload) if platform in META else parse_x(payload)
    for item in items:
        item.platform = platform.value
        if not item.account_id:
            item.account_id = connector.account_id
    stored = ingest.store(session, items, connector_id=connector.id) if items else []
    new_ids = [pid for pid, dup in stored if not dup]
    ingest.enqueue_processing(session, new_ids)
    connector.last_delivery_at = utcnow()
    return len(new_ids)
