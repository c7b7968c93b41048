"""Webhook secrets (Standard Webhooks signing, sealed at rest) and where deliveries may go
(no private, loopback or reserved addresses unless SAMPARK_WEBHOOKS_ALLOW_PRIVATE)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from sampark.core import sealed
from sampark.core.errors import FieldError, ValidationFailed
from sampark.settings import Mode, get_settings

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)

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


def check_url(url: str) -> None:
    host = urlsplit(url).hostname or ""
    refusal = host_refusal(host)
    if refusal:
        raise ValidationFailed(
            f"Webhooks may not be sent there: {refusal}.",
            errors=[FieldError("url", f"{refusal} (SAMPARK_WEBHOOKS_ALLOW_PRIVATE)", "address_not_allowed")],
        )
