"""What each platform sends and how it proves it: signature checks, verification handshakes,
and the parsing of deliveries into posts. Pure functions: no database, no I/O.

- Meta (Facebook Pages, Instagram, WhatsApp Business Cloud API): `GET` with `hub.mode=subscribe`,
  `hub.verify_token`, `hub.challenge` → answer the challenge; `POST` carries
  `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed with the app secret>`.
- X Account Activity API: `GET ?crc_token=…` → `{"response_token": "sha256=" +
  base64(HMAC-SHA256(consumer secret, crc_token))}`; `POST` carries
  `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256 of the raw body>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sampark.core import sealed


class Platform(StrEnum):
    facebook = "facebook"
    instagram = "instagram"
    whatsapp = "whatsapp"
    x = "x"
    other = "other"


META = (Platform.facebook, Platform.instagram, Platform.whatsapp)
DEFAULT_BASE_URLS = {
    Platform.facebook: "https://graph.facebook.com/v21.0",
    Platform.instagram: "https://graph.facebook.com/v21.0",
    Platform.whatsapp: "https://graph.facebook.com/v21.0",
    Platform.x: "https://api.x.com",
    Platform.other: "",
}


# --- secrets at rest ------------------------------------------------------------------------------


def encrypt(value: str) -> str:
    return sealed.seal(value, "social")


def decrypt(stored: str | None) -> str | None:
    """The secret, or None when there is none or it cannot be read (SAMPARK_SECRET_KEY changed)."""
    if not stored:
        return None
    try:
        return sealed.unseal(stored, "social")
    except sealed.Unreadable:
        return None


# --- signatures -----------------------------------------------------------------------------------


def meta_signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def x_signature(consumer_secret: str, payload: bytes) -> str:
    return (
        "sha256="
        + base64.b64encode(hmac.new(consumer_secret.encode(), payload, hashlib.sha256).digest()).decode()
    )


def signature_ok(platform: Platform, secret: str | None, body: bytes, header: str | None) -> bool:
    """Constant-time check of a delivery's signature header."""
    if not secret or not header:
        return False
    expected = x_signature(secret, body) if platform is Platform.x else meta_signature(secret, body)
    return hmac.compare_digest(expected.encode(), header.strip().encode())


def crc_response(consumer_secret: str, crc_token: str) -> dict[str, str]:
    return {"response_token": x_signature(consumer_secret, crc_token.encode())}


# --- parsing --------------------------------------------------------------------------------------


@dataclass
class Incoming:
    """One post as a platform (or an import, or the API) described it."""

    platform: str
    external_id: str
    kind: str
    text: str
    posted_at: datetime
    account_id: str = ""
    author_external_id: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    author_followers: int = 0
    parent_external_id: str | None = None
    thread_external_id: str | None = None
    likes: int = 0
    shares: int = 0
    replies: int = 0
    url: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def _when(value: Any) -> datetime:
    """Unix seconds or milliseconds, ISO 8601, or Twitter's `Wed Oct 10 20:19:24 +0000 2018`."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if number > 1e11:
            number /= 1000
        return datetime.fromtimestamp(number, UTC)
    if isinstance(value, str) and value:
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00").replace("+0000", "+00:00"))
        except ValueError:
            try:
                when = datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
            except ValueError:
                return datetime.now(UTC)
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _count(value: Any) -> int:
    """An engagement count as a platform sent it, kept within a database integer."""
    try:
        return max(0, min(2_000_000_000, int(value or 0)))
    except (TypeError, ValueError):
        return 0


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def _meta_change(platform: Platform, account: str, change: dict[str, Any], time: Any) -> Incoming | None:
    value = change.get("value") or {}
    fld = change.get("field")
    sender = value.get("from") or {}
    if platform is Platform.facebook and fld == "feed":
        item = value.get("item")
        if value.get("verb") not in (None, "add") or item not in (
            "comment",
            "post",
            "status",
            "photo",
            "video",
        ):
            return None  # edits, removals, reactions: not new conversation
        external = value.get("comment_id") if item == "comment" else value.get("post_id")
        if not external:
            return None
        return Incoming(
            platform=platform, account_id=account, external_id=str(external),
            kind="comment" if item == "comment" else "post",
            text=str(value.get("message") or ""), posted_at=_when(value.get("created_time") or time),
            author_external_id=_s(sender.get("id")), author_name=_s(sender.get("name")),
            parent_external_id=_s(value.get("parent_id")), thread_external_id=_s(value.get("post_id")),
            raw=change,
        )  # fmt: skip
    if fld == "mention" or fld == "mentions":
        external = value.get("comment_id") or value.get("post_id") or value.get("media_id")
        if not external:
            return None
        return Incoming(
            platform=platform, account_id=account, external_id=str(external), kind="mention",
            text=str(value.get("message") or value.get("text") or ""),
            posted_at=_when(value.get("created_time") or time),
            author_external_id=_s(sender.get("id")),
            author_handle=_s(sender.get("username")), author_name=_s(sender.get("name")),
            thread_external_id=_s(value.get("media_id") or value.get("post_id")), raw=change,
        )  # fmt: skip
    if platform is Platform.instagram and fld == "comments":
        media = value.get("media") or {}
        if not value.get("id"):
            return None
        return Incoming(
            platform=platform, account_id=account, external_id=str(value["id"]), kind="comment",
            text=str(value.get("text") or ""), posted_at=_when(value.get("timestamp") or time),
            author_external_id=_s(sender.get("id")), author_handle=_s(sender.get("username")),
            parent_external_id=_s(value.get("parent_id")), thread_external_id=_s(media.get("id")),
            raw=change,
        )  # fmt: skip
    return None


def _meta_messaging(platform: Platform, account: str, event: dict[str, Any]) -> Incoming | None:
    message = event.get("message") or {}
    sender = (event.get("sender") or {}).get("id")
    if not message.get("mid") or message.get("is_echo") or sender is None or str(sender) == account:
        return None  # our own messages echoed back, reads, deliveries
    return Incoming(
        platform=platform, account_id=account, external_id=str(message["mid"]), kind="message",
        text=str(message.get("text") or ""), posted_at=_when(event.get("timestamp")),
        author_external_id=str(sender), thread_external_id=f"dm:{sender}", raw=event,
    )  # fmt: skip


def _whatsapp(value: dict[str, Any]) -> list[Incoming]:
    account = str((value.get("metadata") or {}).get("phone_number_id") or "")
    names = {str(c.get("wa_id")): (c.get("profile") or {}).get("name") for c in value.get("contacts") or []}
    out = []
    for message in value.get("messages") or []:
        if not message.get("id"):
            continue
        kind = message.get("type")
        text = ""
        if kind == "text":
            text = str((message.get("text") or {}).get("body") or "")
        elif kind in ("image", "video", "document", "audio"):
            text = str((message.get(kind) or {}).get("caption") or f"[{kind}]")
        elif kind == "button":
            text = str((message.get("button") or {}).get("text") or "")
        elif kind == "interactive":
            reply = message.get("interactive") or {}
            chosen = reply.get("button_reply") or reply.get("list_reply") or {}
            text = str(chosen.get("title") or "")
        sender = str(message.get("from") or "")
        out.append(
            Incoming(
                platform=Platform.whatsapp,
                account_id=account,
                external_id=str(message["id"]),
                kind="message",
                text=text,
                posted_at=_when(message.get("timestamp")),
                author_external_id=sender,
                author_handle=sender or None,
                author_name=_s(names.get(sender)),
                parent_external_id=_s((message.get("context") or {}).get("id")),
                thread_external_id=f"wa:{sender}",
                raw=message,
            )
        )
    return out


def parse_meta(platform: Platform, payload: dict[str, Any]) -> list[Incoming]:
    """Posts in a Meta delivery (Page feed and messaging, Instagram comments, mentions and
    messaging, WhatsApp messages). Anything else (statuses, reactions, edits) is skipped."""
    out: list[Incoming] = []
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        account = str(entry.get("id") or "")
        for change in entry.get("changes") or []:
            if not isinstance(change, dict):
                continue
            if platform is Platform.whatsapp or change.get("field") == "messages":
                out += _whatsapp(change.get("value") or {})
                continue
            found = _meta_change(platform, account, change, entry.get("time"))
            if found:
                out.append(found)
        for event in entry.get("messaging") or []:
            if isinstance(event, dict):
                found = _meta_messaging(platform, account, event)
                if found:
                    out.append(found)
    return out


def parse_x(payload: dict[str, Any]) -> list[Incoming]:
    """Tweets (mentions and replies) and direct messages in an Account Activity delivery."""
    account = str(payload.get("for_user_id") or "")
    out: list[Incoming] = []
    for tweet in payload.get("tweet_create_events") or []:
        user = tweet.get("user") or {}
        if not tweet.get("id_str") or str(user.get("id_str")) == account:
            continue  # our own tweets
        text = (tweet.get("extended_tweet") or {}).get("full_text") or tweet.get("text") or ""
        reply_to = _s(tweet.get("in_reply_to_status_id_str"))
        handle = _s(user.get("screen_name"))
        out.append(
            Incoming(
                platform=Platform.x,
                account_id=account,
                external_id=str(tweet["id_str"]),
                kind="comment" if reply_to else "mention",
                text=str(text),
                posted_at=_when(tweet.get("timestamp_ms") or tweet.get("created_at")),
                author_external_id=_s(user.get("id_str")),
                author_handle=handle,
                author_name=_s(user.get("name")),
                author_followers=_count(user.get("followers_count")),
                parent_external_id=reply_to,
                thread_external_id=_s(tweet.get("conversation_id_str")) or reply_to or str(tweet["id_str"]),
                likes=_count(tweet.get("favorite_count")),
                shares=_count(tweet.get("retweet_count")),
                replies=_count(tweet.get("reply_count")),
                url=f"https://x.com/{handle}/status/{tweet['id_str']}" if handle else None,
                raw=tweet,
            )
        )
    users = payload.get("users") or {}
    for event in payload.get("direct_message_events") or []:
        create = event.get("message_create") or {}
        sender = str(create.get("sender_id") or "")
        if event.get("type") != "message_create" or not event.get("id") or sender == account:
            continue
        user = users.get(sender) or {}
        out.append(
            Incoming(
                platform=Platform.x,
                account_id=account,
                external_id=str(event["id"]),
                kind="message",
                text=str((create.get("message_data") or {}).get("text") or ""),
                posted_at=_when(event.get("created_timestamp")),
                author_external_id=sender,
                author_handle=_s(user.get("screen_name")),
                author_name=_s(user.get("name")),
                author_followers=_count(user.get("followers_count")),
                thread_external_id=f"dm:{sender}",
                raw=event,
            )
        )
    return out
