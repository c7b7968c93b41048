"""What a domain hands the person timeline: one entry per thing that happened.

Each domain that shows on a person's timeline offers `timeline_rows(session, person_id, before,
limit)`: its newest `limit` entries strictly older than `before` — the keyset `(occurred_at, id)`
— read off its person index. The timeline (`profiles.timeline`) merges them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Before = tuple[datetime, uuid.UUID] | None


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    id: uuid.UUID
    occurred_at: datetime
    title: str
    summary: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def keyset(occurred: Any, id_column: Any, before: Before) -> Any:
    """`(occurred, id) < before` written so an index on (person, occurred, id) serves it."""
    from sqlalchemy import literal, true, tuple_

    if before is None:
        return true()
    at, last_id = before
    # A row value: both SQLite and PostgreSQL seek the index to it (an OR of two ranges does not).
    return tuple_(occurred, id_column) < tuple_(literal(at, occurred.type), literal(last_id, id_column.type))
