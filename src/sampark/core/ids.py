"""UUIDv7 identifiers: time-ordered, so a phone can mint a record's final id offline."""

from __future__ import annotations

import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)
