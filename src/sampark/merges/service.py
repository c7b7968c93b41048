"""Merging two people into one, and undoing it.

A merge moves every row that belongs to the merged person (identities, source records, events,
activities, deals, tasks, orders … whatever registered in `core.person_links`) to the survivor,
writing down each row it moved, and retires the merged person (soft-deleted, `merged_into_id`
set). An unmerge moves exactly those rows back and restores both people's fields, so each has
its own records again; rows added to the survivor after the merge stay with the survivor."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, literal, select, tuple_, update
from sqlalchemy.orm import Session

from sampark.core import audit, person_links
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.permissions import Action, Obj, Principal
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.merges.models import Merge, MergeMove
from sampark.merges.schemas import MergeOut
from sampark.merges.survivors import Survivors
from sampark.people import service as people
from sampark.people.models import Person
from sampark.profiles import golden

# Rows that may not be duplicated on one person: the merged person's copy is removed (and kept
# in the move record) instead of moved.
UNIQUE_PER_PERSON: dict[str, tuple[str, ...]] = {"identities": ("kind", "value")}


def _move_rows(session: Session, merge_id: uuid.UUID, source: uuid.UUID, target: uuid.UUID) -> dict[str, int]:
    moved: dict[str, int] = {}
    conn = session.connection()
    for link in person_links.registered():
        table, column = link.table, link.person_column
        unique = UNIQUE_PER_PERSON.get(link.name)
        if unique:
            held = select(*(table.c[c] for c in unique)).where(column == target)
            clash = [table.c[c] for c in unique]
            clashing = conn.execute(
                select(table).where(column == source, tuple_(*clash).in_(held))
            ).mappings()
            removed = [dict(row) for row in clashing]
            if removed:
                conn.execute(
                    insert(MergeMove),
                    [
                        {
                            "merge_id": merge_id,
                            "link": link.name,
                            "row_id": row["id"],
                            "removed": _jsonable(row),
                        }
                        for row in removed
                    ],
                )
                conn.execute(delete(table).where(link.id_column.in_([row["id"] for row in removed])))
        conn.execute(
            insert(MergeMove).from_select(
                ["merge_id", "link", "row_id"],
                select(literal(merge_id), literal(link.name), link.id_column).where(column == source),
            )
        )
        values: dict[str, Any] = {link.column: target}
        if "version" in table.c:
            values["version"] = table.c.version + 1
        if "updated_at" in table.c:
            values["updated_at"] = utcnow()
        count = conn.execute(update(table).where(column == source).values(**values)).rowcount
        if count:
            moved[link.name] = count
    return moved


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, uuid.UUID):
            out[key] = {"$uuid": str(value)}
        elif hasattr(value, "isoformat"):
            out[key] = {"$datetime": value.isoformat()}
        else:
            out[key] = value
    return out


def _from_json(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and "$uuid" in value:
            out[key] = uuid.UUID(value["$uuid"])
        elif isinstance(value, dict) and "$datetime" in value:
            out[key] = datetime.fromisoformat(value["$datetime"])
        else:
            out[key] = value
    return out


def _live(session: Session, person_id: uuid.UUID, field: str) -> Person:
    person = people.load(session, person_id)
    if person is None or person.deleted_at is not None:
        raise Conflict(
            "This person is not live (deleted or already merged).",
            code="not_live",
            errors=[FieldError(field, "deleted or already merged", "not_live")],
        )
    return person


def merge_people(
    session: Session,
    survivor_id: uuid.UUID,
    merged_id: uuid.UUID,
    *,
    method: str,
    actor: Principal | None,
    actor_label: str | None = None,
    score: float | None = None,
    evidence: dict[str, Any] | None = None,
) -> Merge:
    """Merge `merged_id` into `survivor_id` (no access checks: callers check, or are the
    system resolving identities). Both must be live people."""
    if survivor_id == merged_id:
        raise ValidationFailed(
            "A person cannot be merged into itself.",
            errors=[FieldError("merged_id", "same as the survivor", "same_person")],
        )
    survivor = _live(session, survivor_id, "survivor_id")
    merged = _live(session, merged_id, "merged_id")
    label = actor_label or (actor.email if actor else "system")
    merge = Merge(
        survivor_id=survivor_id,
        merged_id=merged_id,
        method=method,
        score=score,
        evidence=evidence or {},
        survivor_before=people.snapshot(survivor),
        merged_before=people.snapshot(merged),
        actor_id=actor.user_id if actor else None,
        actor_label=label,
    )
    session.add(merge)
    session.flush()
    merge.moved = _move_rows(session, merge.id, merged_id, survivor_id)
    people.absorb(survivor, merged)
    people.retire(merged, survivor_id)
    golden.recompute(session, survivor)
    session.flush()
    details = {"merged_id": str(merged_id), "method": method, "score": score, "moved": merge.moved}
    audit.record(session, actor, "merge", Obj.people.value, survivor_id, details, actor_email=label)
    return merge


# From this many distinct bridges in one call, the merges go through `batch.merge_many` (a few
# statements per batch) rather than `merge_people` (a dozen per pair).
BRIDGES_IN_BATCH = 3


def merge_bridges(
    session: Session, bridges: list[tuple[uuid.UUID, uuid.UUID]], source_name: str
) -> dict[uuid.UUID, uuid.UUID]:
    """Merge the people one incoming record bridged (a record sharing a strong identifier with
    each of two people): the people bridged together, directly or through others, become one,
    the oldest surviving; a pair one of whose people is not live (deleted, merged before) is
    skipped. Returns each merged person's survivor, for callers holding an id that may have
    been merged."""
    pairs = list(dict.fromkeys((a, b) for a, b in bridges if a != b))
    if len(pairs) >= BRIDGES_IN_BATCH:
        return _merge_bridges_in_batch(session, pairs, source_name)
    survivors = Survivors()
    for first, second in pairs:
        keep, fold = survivors.pair(first, second)  # the older person survives
        if keep == fold:
            continue
        a, b = people.load(session, keep), people.load(session, fold)
        if a is None or b is None or a.deleted_at is not None or b.deleted_at is not None:
            continue
        merge_people(session, keep, fold, method="bridge", actor=None, actor_label=f"source:{source_name}",
                     evidence=_BRIDGE_EVIDENCE)  # fmt: skip
        survivors.union(keep, fold)
    return survivors.merged()


_BRIDGE_EVIDENCE = {"reason": "one record shared strong identifiers with both"}


def _merge_bridges_in_batch(
    session: Session, pairs: list[tuple[uuid.UUID, uuid.UUID]], source_name: str
) -> dict[uuid.UUID, uuid.UUID]:
    """`merge_bridges` for many pairs: the live people clustered in memory, each cluster merged
    into its oldest person by one `batch.merge_many` (the same audit entries, move records and
    identifier clashes kept for an unmerge of any one merge)."""
    from sampark.merges import batch  # batch imports this module

    live = batch.live_ids(session, {pid for pair in pairs for pid in pair})
    survivors = Survivors()
    for first, second in pairs:
        if first not in live or second not in live:
            continue
        keep, fold = survivors.pair(first, second)  # the older person survives
        if keep != fold:
            survivors.union(keep, fold)
    survivor_of = survivors.merged()
    planned = [
        batch.Planned(survivor, merged, evidence=dict(_BRIDGE_EVIDENCE))
        for merged, survivor in survivor_of.items()
    ]
    done = batch.merge_many(session, planned, method="bridge", actor_label=f"source:{source_name}")
    return {pid: survivor for pid, survivor in survivor_of.items() if pid in done}


def unmerge(session: Session, merge: Merge, *, actor: Principal | None) -> Merge:
    if merge.undone_at is not None:
        raise Conflict("This merge was already undone.", code="already_undone")
    merged = people.load(session, merge.merged_id)
    survivor = people.load(session, merge.survivor_id)
    if merged is None or survivor is None:
        raise Conflict("One of the two people no longer exists.", code="person_gone")
    if merged.merged_into_id != merge.survivor_id:
        raise Conflict("The merged person has changed since; it cannot be split off.", code="stale_merge")
    later = session.scalars(
        select(Merge.id).where(
            Merge.merged_id == merge.survivor_id,
            Merge.undone_at.is_(None),
            Merge.created_at > merge.created_at,
        )
    ).first()
    if later is not None:
        raise Conflict(
            "The survivor was itself merged into someone since; undo that merge first.",
            code="undo_later_merge_first",
            extra={"merge_id": str(later)},
        )
    conn = session.connection()
    moves = session.scalars(select(MergeMove).where(MergeMove.merge_id == merge.id)).all()
    by_link: dict[str, list[MergeMove]] = {}
    for move in moves:
        by_link.setdefault(move.link, []).append(move)
    links = {link.name: link for link in person_links.registered()}
    for name, rows in by_link.items():
        link = links.get(name)
        if link is None:
            continue
        back = [m.row_id for m in rows if m.removed is None]
        for start in range(0, len(back), 500):
            values: dict[str, Any] = {link.column: merge.merged_id}
            if "version" in link.table.c:
                values["version"] = link.table.c.version + 1
            conn.execute(
                update(link.table).where(link.id_column.in_(back[start : start + 500])).values(**values)
            )
        removed = [_from_json(m.removed) for m in rows if m.removed is not None]
        if removed:
            conn.execute(insert(link.table), removed)
    people.retire(merged, None)
    people.apply_snapshot(merged, merge.merged_before)
    people.apply_snapshot(survivor, merge.survivor_before)
    merge.undone_at = utcnow()
    merge.undone_by_id = actor.user_id if actor else None
    session.flush()
    audit.record(
        session, actor, "unmerge", Obj.people.value, merge.survivor_id, {"merged_id": str(merge.merged_id)}
    )
    return merge


# --- the API's side: access checks ----------------------------------------------------------------


def _out(session: Session, merges: list[Merge]) -> list[MergeOut]:
    names = people.display_names(session, {m.survivor_id for m in merges} | {m.merged_id for m in merges})
    return [
        MergeOut.model_validate(m).model_copy(
            update={"survivor_name": names.get(m.survivor_id), "merged_name": names.get(m.merged_id)}
        )
        for m in merges
    ]


def merge_by_user(ctx: Ctx, survivor_id: uuid.UUID, merged_id: uuid.UUID, reason: str | None) -> MergeOut:
    people.person_for_merge(ctx, survivor_id, "person")
    people.person_for_merge(ctx, merged_id, "person to merge")
    merge = merge_people(
        ctx.session,
        survivor_id,
        merged_id,
        method="manual",
        actor=ctx.principal,
        evidence={"reason": reason} if reason else {},
    )
    return _out(ctx.session, [merge])[0]


def undo_by_user(ctx: Ctx, merge_id: uuid.UUID) -> MergeOut:
    ctx.require(Obj.people, Action.delete)
    merge = ctx.session.get(Merge, merge_id)
    if merge is None:
        raise NotFound("No such merge.")
    people.person_for_merge(ctx, merge.survivor_id, "person")
    return _out(ctx.session, [unmerge(ctx.session, merge, actor=ctx.principal)])[0]


def merges_of(ctx: Ctx, person_id: uuid.UUID) -> list[MergeOut]:
    """Merges into or out of a person, newest first (a merged person's page shows its merge)."""
    ctx.require(Obj.people, Action.read)
    if not people.is_visible(ctx, person_id) and not people.was_merged_visible(ctx, person_id):
        raise NotFound("No such person.")
    rows = ctx.session.scalars(
        select(Merge)
        .where((Merge.survivor_id == person_id) | (Merge.merged_id == person_id))
        .order_by(Merge.created_at.desc())
        .limit(200)
    ).all()
    return _out(ctx.session, list(rows))


def timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    """Merges into or out of the person, newest first, before `before`."""
    rows = ctx.session.scalars(
        select(Merge)
        .where((Merge.survivor_id == person_id) | (Merge.merged_id == person_id))
        .where(keyset(Merge.created_at, Merge.id, before))
        .order_by(Merge.created_at.desc(), Merge.id.desc())
        .limit(limit)
    ).all()
    outs = _out(ctx.session, list(rows))
    return [
        TimelineEntry(
            "merge",
            m.id,
            m.created_at,
            f"Merged {m.merged_name or 'a profile'} into {m.survivor_name or 'this one'}",
            f"{m.method} · {m.actor_label}" + (" · undone" if m.undone_at else ""),
            m.model_dump(mode="json", include={"survivor_id", "merged_id", "method", "moved", "undone_at"}),
        )
        for m in outs
    ]
