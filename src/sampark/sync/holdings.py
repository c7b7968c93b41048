"""What each device holds (`SyncHolding`): written in bulk, a row already there left alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from sampark.sync.models import SyncHolding


def add(session: Session, device_id: uuid.UUID, keys: Iterable[tuple[str, uuid.UUID]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING, one statement for the lot (no read first)."""
    rows = [{"device_id": device_id, "object_type": t, "object_id": i} for t, i in dict.fromkeys(keys)]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    stmt: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(SyncHolding).on_conflict_do_nothing()
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(SyncHolding).on_conflict_do_nothing()
    else:  # pragma: no cover
        stmt = insert(SyncHolding)
    session.execute(stmt, rows)
