"""Secrets kept at rest (webhook signing secrets, social platform tokens, mailbox passwords):
AES-GCM with a key derived from SAMPARK_SECRET_KEY and the secret's purpose, so a value sealed
for one purpose cannot be opened as another. Stored as `v1:` + base64(nonce + ciphertext)."""

from __future__ import annotations

import base64
import hashlib
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sampark.settings import get_settings

PREFIX = "v1:"


class Unreadable(Exception):
    """The stored value cannot be opened: SAMPARK_SECRET_KEY changed since it was sealed."""


@cache
def _cipher(secret_key: str, purpose: str) -> AESGCM:
    return AESGCM(hashlib.sha256(f"sampark {purpose} secrets\0".encode() + secret_key.encode()).digest())


def seal(value: str, purpose: str) -> str:
    nonce = os.urandom(12)
    sealed = _cipher(get_settings().secret_key, purpose).encrypt(
        nonce, value.encode(), f"{purpose}-secret".encode()
    )
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def unseal(stored: str, purpose: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(stored.removeprefix(PREFIX).encode())
        opened = _cipher(get_settings().secret_key, purpose).decrypt(
            raw[:12], raw[12:], f"{purpose}-secret".encode()
        )
    except (InvalidTag, ValueError) as exc:
        raise Unreadable(
            f"The stored {purpose} secret cannot be opened (SAMPARK_SECRET_KEY changed?)."
        ) from exc
    return opened.decode()
