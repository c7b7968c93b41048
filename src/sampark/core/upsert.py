"""`INSERT … ON CONFLICT DO NOTHING` in the dialect at hand (PostgreSQL or SQLite).

Both dialects spell it the same way in SQLAlchemy but from different modules; this picks one.
Ask for RETURNING to learn whether a row was written: psycopg reports rowcount -1 for it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


def insert_ignoring_conflicts(bind: Session | Connection, target: Any, index_elements: list[str]) -> Any:
    """An INSERT into `target` (a mapped class or a Table) that skips rows clashing on the
    unique `index_elements`; add `.values(...)` or execute it with a list of parameters."""
    engine_dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    module: Any = postgresql if engine_dialect.name == "postgresql" else sqlite
    return module.insert(target).on_conflict_do_nothing(index_elements=index_elements)
