"""`q` search over a table's `search_text`, in any script.

Stored text and queries both go through `search_key` (NFC, case-folded, ASCII digits).
SQLite: each word of 3+ characters is a phrase in the FTS5 trigram index; shorter words
fall back to LIKE. PostgreSQL: LIKE on a pg_trgm GIN index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement

from sampark.core.text import search_key

MAX_QUERY_LENGTH = 200


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def words(q: str) -> list[str]:
    return search_key(q[:MAX_QUERY_LENGTH]).split()[:8]


def search_clause(model: Any, q: str, dialect: str) -> ColumnElement[bool] | None:
    terms = words(q)
    if not terms:
        return None
    table = model.__tablename__
    conditions: list[ColumnElement[bool]] = []
    long_terms = [t for t in terms if len(t) >= 3]
    if dialect == "sqlite" and long_terms:
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        fts: Any = (
            select(literal_column("rowid"))
            .select_from(text(f"{table}_fts"))
            .where(text(f"{table}_fts MATCH :fts_query").bindparams(fts_query=match))
        )
        conditions.append(literal_column(f"{table}.rowid").in_(fts.scalar_subquery()))
        terms = [t for t in terms if len(t) < 3]
    for term in terms:
        conditions.append(model.search_text.like(f"%{_escape_like(term)}%", escape="\\"))
    return and_(*conditions)


def build_search_text(*parts: str | None) -> str:
    return search_key(" ".join(p for p in parts if p))
