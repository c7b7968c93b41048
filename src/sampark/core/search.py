"""`q` search over a table's `search_text`, in any script.

Stored text and queries both go through `search_key` (NFC, case-folded, ASCII digits).
SQLite: each word of 3+ characters is a phrase in the FTS5 trigram index; shorter words
fall back to LIKE. PostgreSQL: LIKE on a pg_trgm GIN index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, any_, bindparam, func, literal_column, select, text
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
    if table not in RECENT_WINDOW_TABLES:
        ids = session.execute(select(model.id).where(clause).limit(CANDIDATE_CAP + 1)).scalars().all()
        if len(ids) <= CANDIDATE_CAP:
            return _listed(model, ids)
        return SearchPlan(clause, frequent=True)
    # PostgreSQL, with a covering index of the live rows by recency (migration 0013).
    recent_hits = _hits_among_recent(session, model, clause)
    if recent_hits >= PAGE_HITS:
        return SearchPlan(_walk_only(model, q), frequent=True)  # the page is within the window
    # Common enough among recent rows that a walk should meet a page soon: walk, unless the
    # term has under a page of matches in all (the rest would be a walk of the whole index).
    # Building the trigram bitmap is cheap; only the matches' heap pages cost, so ask for few.
    cap = PAGE_HITS if recent_hits >= RECENT_HITS else CANDIDATE_CAP
    ids = session.execute(select(model.id).where(clause).limit(cap + 1)).scalars().all()
    if len(ids) > cap:
        return SearchPlan(_walk_only(model, q), frequent=True)
    return _listed(model, ids)


def _listed(model: Any, ids: Any) -> SearchPlan:
    # One array parameter, not 2,000 bound values: cheaper to send and to plan.
    listed = bindparam("search_ids", list(ids), type_=postgresql.ARRAY(model.id.type))
    return SearchPlan(model.id == any_(listed), frequent=False)


# PostgreSQL tables with an index of their live rows by recency that carries `search_text`
# (migration 0013, people). There a search first counts its matches among the most recent rows,
# read from that index alone — a few milliseconds, where counting up to CANDIDATE_CAP matches
# through the trigram index reads every match's heap page (20+ ms for a common name).
RECENT_WINDOW_TABLES = frozenset({"people"})
RECENT_WINDOW = 20_000
PAGE_HITS = 51  # a default page and one more: found in the window, the walk ends within it
# 15 hits in the window: the term is on ~0.075 % of rows (750 of a million) or more. Measured
# on 1M people, walking the recency index costs ≈ 0.23 µs per row passed (≈ 51 / share rows for
# a page), fetching and sorting the matches ≈ 25 µs per match (scattered heap pages): they
# break even near 700 matches.
RECENT_HITS = 15


def _hits_among_recent(session: Session, model: Any, clause: ColumnElement[bool]) -> int:
    from sqlalchemy.sql.util import ClauseAdapter

    recent = (
        select(model.search_text.label("search_text"))
        .where(model.deleted_at.is_(None))
        .order_by(model.updated_at.desc(), model.id.desc())
        .limit(RECENT_WINDOW)
        .subquery("recent")
    )
    # The clause names the table's column; point it at the window's.
    hits: Any = select(literal_column("1")).select_from(recent).where(ClauseAdapter(recent).traverse(clause))
    found = session.execute(select(func.count()).select_from(hits.limit(PAGE_HITS).subquery())).scalar()
    return int(found or 0)


def _walk_only(model: Any, q: str) -> ColumnElement[bool]:
    """The search as an expression no index answers (`search_text || ''`): PostgreSQL then walks
    the sort order (from the covering index alone) instead of collecting every match through
    the trigram index, which it would guess is cheaper for any term it cannot estimate."""
    shadow = model.search_text.op("||")(literal_column("''"))
    return and_(*(shadow.like(f"%{_escape_like(term)}%", escape="\\") for term in words(q)))


# Above this many distinct words (a ticket's body), only repeated words are dropped: the
# substring test below is quadratic in the number of words.
SUBSTRING_DEDUPE_MAX = 64


def build_search_text(*parts: str | None) -> str:
    """The text a search matches: the parts' words in `search_key` form, without a word that
    another word contains. A query word (no spaces) matches inside one stored word, so a word
    inside another adds nothing to what can be found — but every character of it is indexed
    (SQLite's trigram index, PostgreSQL's pg_trgm): a person's "arif sen arif sen
    arif.sen1@example.com +8801600000001 8801600000001 01600000001" (display name, given and
    family names, e-mail, three phone forms) is "arif.sen1@example.com +8801600000001"."""
    tokens = list(dict.fromkeys(search_key(" ".join(p for p in parts if p)).split()))
    joined = " ".join(tokens)
    if len(tokens) < 2 or len(tokens) > SUBSTRING_DEDUPE_MAX:
        return joined
    # The words are distinct and hold no space: a word found in `joined` more than once is
    # inside another word (the longest holding it always stays).
    return " ".join(t for t in tokens if joined.count(t) == 1)
