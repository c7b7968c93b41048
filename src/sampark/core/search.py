"""`q` search over a table's `search_text`, in any script.

Stored text and queries both go through `search_key` (NFC, case-folded, ASCII digits).
SQLite: each word of 3+ characters is a phrase in the FTS5 trigram index; shorter words
fall back to LIKE. PostgreSQL: LIKE on a pg_trgm GIN index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, any_, bindparam, literal_column, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session
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


# Up to this many matches, a search fetches the matching ids first and sorts just those; beyond
# it, the page is better found by walking the sort order's index and testing each row.
CANDIDATE_CAP = 2000


@dataclass
class SearchPlan:
    condition: ColumnElement[bool]
    frequent: bool  # more than CANDIDATE_CAP matches


def plan_search(session: Session, model: Any, q: str) -> SearchPlan | None:
    """The search condition for `q`, shaped by how many rows match (measured, not guessed:
    neither SQLite nor PostgreSQL can estimate a substring match well)."""
    dialect = session.get_bind().dialect.name
    terms = words(q)
    if not terms:
        return None
    table = model.__tablename__
    long_terms = [t for t in terms if len(t) >= 3]
    if dialect == "sqlite":
        if not long_terms:
            # Only 1–2 letter words: no index helps; walking the sort order finds a page of a
            # common fragment fast (a rare one costs a full scan either way).
            clause = search_clause(model, q, dialect)
            return SearchPlan(clause, frequent=True) if clause is not None else None
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        rowids = (
            session.execute(
                text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q LIMIT :n"),  # noqa: S608
                {"q": match, "n": CANDIDATE_CAP + 1},
            )
            .scalars()
            .all()
        )
        short = [model.search_text.like(f"%{_escape_like(t)}%", escape="\\") for t in terms if len(t) < 3]
        if len(rowids) <= CANDIDATE_CAP:
            return SearchPlan(
                and_(literal_column(f"{table}.rowid").in_(list(rowids)), *short), frequent=False
            )
        # `+rowid` keeps the planner from driving the query by the match list, so it walks the
        # sort order's index instead and stops after one page.
        fts: Any = (
            select(literal_column("rowid"))
            .select_from(text(f"{table}_fts"))
            .where(text(f"{table}_fts MATCH :fts_query").bindparams(fts_query=match))
        )
        walk = literal_column(f"+{table}.rowid").in_(fts.scalar_subquery())
        return SearchPlan(and_(walk, *short), frequent=True)
    clause = search_clause(model, q, dialect)
    if clause is None:
        return None
    ids = session.execute(select(model.id).where(clause).limit(CANDIDATE_CAP + 1)).scalars().all()
    if len(ids) <= CANDIDATE_CAP:
        # One array parameter, not 2,000 bound values: cheaper to send and to plan.
        listed = bindparam("search_ids", list(ids), type_=postgresql.ARRAY(model.id.type))
        return SearchPlan(model.id == any_(listed), frequent=False)
    return SearchPlan(clause, frequent=True)


def build_search_text(*parts: str | None) -> str:
    return search_key(" ".join(p for p in parts if p))
