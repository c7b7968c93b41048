"""Many merges in one go (the probabilistic batch): the same end state and the same audit and
undo data as calling `service.merge_people` once per pair, at a fraction of the statements.

The caller clusters first, so each merged person goes straight into its cluster's survivor
(`Planned`); then, per call (a batch the caller commits): the people are read in one query,
each survivor absorbs its merged people in memory (the snapshots an unmerge puts back are
taken as a pair-by-pair merge would take them), one `merges` row per merged person is written
with executemany, the rows of every registered person-link table move through a temporary
(merged → survivor, merge id) table — one INSERT … SELECT into `merge_moves` and one UPDATE per
link table — the merged people are retired in one UPDATE, each survivor's golden record is
chosen once from its (now moved) source records, and the audit entries are queued (the audit
log writes them with executemany at commit, chained as usual).

An identifier held by several people of one cluster is kept once: the survivor's copy, else
the first merged person's; the other copies are removed and kept in their merge's move record,
as `merge_people` does, so `service.unmerge` of any one merge puts them back."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    Uuid,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from sampark.core import audit, person_links
from sampark.core.clock import utcnow
from sampark.core.errors import Conflict
from sampark.core.ids import new_id
from sampark.core.permissions import Obj, Principal
from sampark.identity import records as identity
from sampark.merges.models import Merge, MergeMove
from sampark.merges.service import UNIQUE_PER_PERSON, _jsonable
from sampark.people import service as people
from sampark.people.models import Person
from sampark.profiles import golden

BATCH = 5_000  # merges per call (and per transaction) the resolution batch uses
_IN = 1_000  # ids per IN (…) list

# (merged → survivor, merge id) for the batch being written; one per connection, emptied after
# each batch. `seq` orders a survivor's merged people (the first keeps a shared identifier).
_MAP = Table(
    "merge_batch_map",
    MetaData(),
    Column("merged_id", Uuid, primary_key=True),
    Column("survivor_id", Uuid, nullable=False),
    Column("merge_id", Uuid, nullable=False),
    Column("seq", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class Planned:
    """Merge `merged_id` into `survivor_id` (the oldest person of its cluster)."""

    survivor_id: uuid.UUID
    merged_id: uuid.UUID
    score: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def _chunks(ids: list[uuid.UUID]) -> list[list[uuid.UUID]]:
    return [ids[i : i + _IN] for i in range(0, len(ids), _IN)]


class _Person:
    """A person's columns as plain attributes: absorbed and chosen again in memory (the people
    service's functions only read and set attributes), then written with one Core UPDATE. No
    ORM objects: loading, tracking and expiring 10,000 of them per batch cost more than the SQL."""

    id: uuid.UUID
    version: int
    deleted_at: Any

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self.original = dict(values)

    def changed(self) -> set[str]:
        return {c for c, v in self.original.items() if getattr(self, c) != v}


def _load(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, _Person]:
    table = _people()
    out: dict[uuid.UUID, _Person] = {}
    for chunk in _chunks(list(ids)):
        for row in session.connection().execute(select(table).where(table.c.id.in_(chunk))).mappings():
            out[row["id"]] = _Person(dict(row))
    return out


def live_ids(session: Session, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people are live (neither deleted nor merged)."""
    table = _people()
    out: set[uuid.UUID] = set()
    session.flush()
    for chunk in _chunks(list(ids)):
        rows = session.connection().execute(
            select(table.c.id).where(table.c.id.in_(chunk), table.c.deleted_at.is_(None))
        )
        out.update(row[0] for row in rows)
    return out


def _people() -> Table:
    return cast(Table, Person.__table__)


def merge_many(
    session: Session,
    planned: list[Planned],
    *,
    method: str,
    actor: Principal | None = None,
    actor_label: str | None = None,
) -> dict[uuid.UUID, uuid.UUID]:
    """Write the planned merges (no access checks: for the system resolving identities, or
    callers that checked). A person is merged at most once and a survivor is not itself merged
    in one call; a merge one of whose people is not live is skipped. Returns the merge id of
    each merged person."""
    merged_ids = {p.merged_id for p in planned}
    if len(merged_ids) != len(planned):
        raise ValueError("a person is merged twice in one batch")
    if any(p.survivor_id in merged_ids for p in planned):
        raise ValueError("a survivor is merged in the same batch")
    session.flush()  # the caller's pending changes, before Core statements read and write
    loaded = _load(session, {p.survivor_id for p in planned} | merged_ids)

    def live(pid: uuid.UUID) -> Person | None:
        person = loaded.get(pid)
        return cast(Person, person) if person is not None and person.deleted_at is None else None

    label = actor_label or (actor.email if actor else "system")
    now = utcnow()
    rows: list[dict[str, Any]] = []
    maps: list[dict[str, Any]] = []
    survivors: dict[uuid.UUID, Person] = {}
    seq: dict[uuid.UUID, int] = defaultdict(int)
    # Grouped by survivor, in the planned order within each cluster.
    for plan in sorted(planned, key=lambda p: p.survivor_id.int):
        survivor, merged = live(plan.survivor_id), live(plan.merged_id)
        if survivor is None or merged is None:
            continue
        merge_id = new_id()
        rows.append(
            {
                "id": merge_id,
                "survivor_id": plan.survivor_id,
                "merged_id": plan.merged_id,
                "method": method,
                "score": plan.score,
                "evidence": plan.evidence,
                "survivor_before": people.snapshot(survivor),
                "merged_before": people.snapshot(merged),
                "moved": {},
                "actor_id": actor.user_id if actor else None,
                "actor_label": label,
                "created_at": now,
            }
        )
        seq[plan.survivor_id] += 1
        maps.append({"merged_id": plan.merged_id, "survivor_id": plan.survivor_id, "merge_id": merge_id,
                     "seq": seq[plan.survivor_id]})  # fmt: skip
        people.absorb(survivor, merged)
        survivors[plan.survivor_id] = survivor
    if not rows:
        return {}

    conn = session.connection()
    _MAP.create(conn, checkfirst=True)
    conn.execute(delete(_MAP))
    conn.execute(insert(_MAP), maps)
    in_batch = select(_MAP.c.merged_id)
    merge_of = {m["merged_id"]: m["merge_id"] for m in maps}

    # Rows that may not be duplicated on one person: find the clashes, count what moves.
    removed: dict[str, list[dict[str, Any]]] = {}
    moved: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for link in person_links.registered():
        column = link.person_column
        gone: dict[uuid.UUID, int] = defaultdict(int)
        unique = UNIQUE_PER_PERSON.get(link.name)
        if unique:
            removed[link.name] = _clashes(conn, link, unique, maps)
            for row in removed[link.name]:
                gone[row[link.column]] += 1
        counts = conn.execute(select(column, func.count()).where(column.in_(in_batch)).group_by(column)).all()
        for pid, count in counts:
            if count - gone[pid]:
                moved[pid][link.name] = count - gone[pid]
    for row in rows:
        row["moved"] = moved.get(row["merged_id"], {})
    conn.execute(insert(Merge), rows)

    for link in person_links.registered():
        column = link.person_column
        gone_rows = removed.get(link.name) or []
        if gone_rows:
            conn.execute(
                insert(MergeMove),
                [{"merge_id": merge_of[r[link.column]], "link": link.name, "row_id": r["id"],
                  "removed": _jsonable(r)} for r in gone_rows],
            )  # fmt: skip
            for chunk in _chunks([r["id"] for r in gone_rows]):
                conn.execute(delete(link.table).where(link.id_column.in_(chunk)))
        conn.execute(
            insert(MergeMove).from_select(
                ["merge_id", "link", "row_id"],
                select(_MAP.c.merge_id, literal(link.name), link.id_column).join(
                    _MAP, _MAP.c.merged_id == column
                ),
            )
        )
        values: dict[str, Any] = {
            link.column: select(_MAP.c.survivor_id).where(_MAP.c.merged_id == column).scalar_subquery()
        }
        if "version" in link.table.c:
            values["version"] = link.table.c.version + 1
        if "updated_at" in link.table.c:
            values["updated_at"] = now
        conn.execute(update(link.table).where(column.in_(in_batch)).values(values))

    # The merged people, retired in one statement.
    person = _people()
    conn.execute(
        update(person)
        .where(person.c.id.in_(in_batch))
        .values(
            merged_into_id=select(_MAP.c.survivor_id)
            .where(_MAP.c.merged_id == person.c.id)
            .scalar_subquery(),
            deleted_at=now,
            updated_at=now,
            version=person.c.version + 1,
        )
    )

    # Survivorship once per survivor, from its source records after the moves; the survivors'
    # absorbed fields are written once, with the chosen ones (no autoflush before).
    candidates: dict[uuid.UUID, list[identity.Candidate]] = {}
    with session.no_autoflush:
        for chunk in _chunks(list(survivors)):
            candidates.update(identity.candidates_of(session, chunk))
    for pid, survivor in survivors.items():
        golden.recompute(session, survivor, candidates.get(pid, []))
    _write_people(session, [cast(_Person, p) for p in survivors.values()], now)
    for pid in loaded:  # an ORM copy the session may hold of anyone here is stale now
        if (held := session.identity_map.get(identity_key(Person, pid))) is not None:
            session.expire(held)
    conn.execute(delete(_MAP))
    for row in rows:
        details = {"merged_id": str(row["merged_id"]), "method": method, "score": row["score"],
                   "moved": row["moved"]}  # fmt: skip
        audit.record(
            session, actor, "merge", Obj.people.value, row["survivor_id"], details, actor_email=label
        )
    return merge_of


def _write_people(session: Session, changed: list[_Person], now: Any) -> None:
    """The survivors' new fields in one executemany UPDATE, with the optimistic-lock check the
    ORM would make (the version read)."""
    table = _people()
    columns = sorted(set().union(*(p.changed() for p in changed)) - {"id", "version", "updated_at"})
    if not changed or not columns:
        return
    rows = [{"_id": p.id, "_version": p.version, **{c: getattr(p, c) for c in columns}} for p in changed]
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_version"))
        .values({**{c: bindparam(c) for c in columns}, "version": table.c.version + 1, "updated_at": now})
    )
    result = session.connection().execute(statement, rows)
    if session.get_bind().dialect.supports_sane_multi_rowcount and result.rowcount != len(rows):
        raise Conflict("A person changed while it was being merged; run again.", code="stale_person")


def _clashes(
    conn: Any, link: person_links.PersonLink, unique: tuple[str, ...], maps: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of merged people whose unique key the survivor, or a merged person before them in
    the same cluster, holds: these are removed (and kept in the move record), not moved."""
    table, column = link.table, link.person_column
    keys = [table.c[c] for c in unique]
    survivor_of = {m["merged_id"]: m["survivor_id"] for m in maps}
    order = {m["merged_id"]: m["seq"] for m in maps}
    held: dict[uuid.UUID, set[tuple[Any, ...]]] = defaultdict(set)
    merged_rows: list[tuple[int, uuid.UUID, uuid.UUID, tuple[Any, ...]]] = []
    people_ids = list({*survivor_of, *survivor_of.values()})
    for chunk in _chunks(people_ids):
        for row in conn.execute(select(link.id_column, column, *keys).where(column.in_(chunk))):
            rid, pid, key = row[0], row[1], tuple(row[2:])
            if pid in survivor_of:
                merged_rows.append((order[pid], rid, pid, key))
            else:
                held[pid].add(key)
    gone: list[uuid.UUID] = []
    for _, rid, pid, key in sorted(merged_rows, key=lambda r: r[0]):
        mine = held[survivor_of[pid]]
        if key in mine:
            gone.append(rid)
        else:
            mine.add(key)
    out: list[dict[str, Any]] = []
    for chunk in _chunks(gone):
        out.extend(dict(r) for r in conn.execute(select(table).where(link.id_column.in_(chunk))).mappings())
    return out
