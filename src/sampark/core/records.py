"""Shared steps of every record service: fetch within access, version checks, field diffs,
owner assignment, list queries, soft delete. Domains pass their model and object type."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, literal_column, select, text

from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, Gone, NotFound, PreconditionFailed, ValidationFailed
from sampark.core.filters import FieldSpec, compile_filter, parse_filter
from sampark.core.pagination import MAX_LIMIT, Page, clamp_limit, fetch_page, parse_sort
from sampark.core.permissions import Action, Obj, Visibility, scope_statement
from sampark.core.search import plan_search

M = TypeVar("M")
Out = TypeVar("Out", bound=BaseModel)

# Held here: pydantic caches parametrised generics weakly, so after each garbage collection
# `Page[Any]` was built again (about 5 ms, on every list call).
_AnyPage = Page[Any]


@dataclass
class ListParams:
    limit: int | None = None
    cursor: str | None = None
    sort: str | None = None
    q: str | None = None
    filter: str | None = None
    deleted: bool = False
    # Never set from a request: in-process callers reading big pages (the sync snapshot).
    max_limit: int = MAX_LIMIT


def visible_statement(
    ctx: Ctx, model: Any, obj: Obj, *, deleted: bool = False, walk_sort_index: bool = False
) -> Select[Any]:
    stmt = scope_statement(select(model), model.owner_id, ctx.principal, obj)
    if hasattr(model, "deleted_at"):
        # `+deleted_at` (SQLite) hides the deleted_at index from the planner when the page is
        # best found by walking the sort order's index.
        column = literal_column(f"+{model.__tablename__}.deleted_at") if walk_sort_index else model.deleted_at
        stmt = stmt.where(column.is_not(None) if deleted else column.is_(None))
    return stmt


def get_visible(ctx: Ctx, model: type[M], obj: Obj, record_id: uuid.UUID, *, label: str) -> M:
    """The record if the caller may see it; 404 otherwise, so ids of others' records do not leak."""
    ctx.require(obj, Action.read)
    record = ctx.session.execute(
        visible_statement(ctx, model, obj).where(model.id == record_id)  # type: ignore[attr-defined]
    ).scalar_one_or_none()
    if record is None:
        raise NotFound(f"No such {label}.")
    return record  # type: ignore[no-any-return]


def is_visible(ctx: Ctx, model: Any, obj: Obj, record_id: uuid.UUID) -> bool:
    """Whether the caller may see the record: for other domains linking to it (no 404 raised)."""
    if not ctx.principal.can(obj, Action.read):
        return False
    stmt = visible_statement(ctx, model, obj).with_only_columns(model.id).where(model.id == record_id)
    return ctx.session.execute(stmt).first() is not None


def check_version(record: Any, version: int, current: Callable[[], BaseModel]) -> None:
    if record.version != version:
        raise PreconditionFailed(
            f"This record is at version {record.version}; you sent {version}.",
            extra={"current": current().model_dump(mode="json")},
        )


def check_owner(ctx: Ctx, obj: Obj, owner_id: uuid.UUID | None, existing_users: set[uuid.UUID]) -> None:
    """Sales may only own; managers may assign within their teams; 'all' roles to anyone."""
    if owner_id is None:
        return
    if owner_id not in existing_users:
        raise ValidationFailed(
            "Unknown owner.", errors=[FieldError("owner_id", "no such user", "unknown_user")]
        )
    visibility = ctx.principal.grant(obj).visibility
    allowed = (
        visibility is Visibility.all
        or owner_id == ctx.principal.user_id
        or (visibility is Visibility.team and owner_id in ctx.principal.team_member_ids)
    )
    if not allowed:
        raise ValidationFailed(
            "You may not assign records to that user.",
            errors=[FieldError("owner_id", "outside the users you may assign to", "owner_not_allowed")],
        )


def snapshot(record: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(record, f) for f in fields}


def update_audited(
    ctx: Ctx, record: Any, fields: tuple[str, ...], obj: Obj, mutate: Callable[[], None]
) -> dict[str, Any]:
    """Run `mutate`, then audit the field-level diff it made (nothing when nothing changed)."""
    before = snapshot(record, fields)
    mutate()
    changes = audit.diff(before, snapshot(record, fields))
    if changes:
        ctx.session.flush()
        audit.record(ctx.session, ctx.principal, "update", obj.value, record.id, changes)
    return changes


def list_records(
    ctx: Ctx,
    model: Any,
    obj: Obj,
    params: ListParams,
    fields: dict[str, FieldSpec],
    to_out: Callable[[list[Any]], list[Out]],
    default_sort: str = "-updated_at",
) -> Page[Out]:
    ctx.require(obj, Action.read)
    if params.deleted and not hasattr(model, "deleted_at"):
        raise ValidationFailed(
            f"Deleted {obj.value} are gone for good; there is no trash to list.",
            errors=[FieldError("deleted", "not available for this object")],
        )
    if params.deleted and not ctx.principal.is_admin:
        raise ValidationFailed(
            "Only admins see deleted records.", errors=[FieldError("deleted", "admins only")]
        )
    limit = clamp_limit(params.limit, params.max_limit)
    sort = parse_sort(params.sort, fields, default_sort)
    condition = compile_filter(parse_filter(params.filter), fields)
    plan = plan_search(ctx.session, model, params.q) if params.q and hasattr(model, "search_text") else None
    # Many matches: walk the sort order's index and stop after one page, rather than collect and
    # sort every match (SQLite cannot estimate how many rows a full-text match returns).
    walk = bool(
        plan is not None
        and plan.frequent
        and sort.field.index
        and not sort.field.nullable
        and ctx.session.get_bind().dialect.name == "sqlite"
    )
    stmt = visible_statement(ctx, model, obj, deleted=params.deleted, walk_sort_index=walk)
    if condition is not None:
        stmt = stmt.where(condition)
    if plan is not None:
        stmt = stmt.where(plan.condition)
    # Few matches, on PostgreSQL: its planner guesses that walking the sort index will meet a
    # page of the listed ids soon, and for a common sort (updated_at) it walked 32,000 rows to
    # find 51 of 1,921 (130 ms against 29 ms for fetching the 1,921 and sorting them).
    fence = bool(
        plan is not None and not plan.frequent and ctx.session.get_bind().dialect.name == "postgresql"
    )
    # Many matches, on PostgreSQL: the page is found by walking the sort order; finding its ids
    # first lets a covering index (people: migration 0013) answer that walk without the heap.
    ids_first = bool(
        plan is not None and plan.frequent and ctx.session.get_bind().dialect.name == "postgresql"
    )
    if ids_first:
        # It cannot estimate the walk's length, and guessing "long" it starts parallel workers,
        # whose start-up alone outlasts the walk.
        ctx.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    rows, next_cursor = fetch_page(
        ctx.session, stmt, sort, model.id, params.cursor, limit, fence=fence, ids_first=ids_first
    )
    return _AnyPage(items=to_out(rows), next_cursor=next_cursor, limit=limit)


def soft_delete(ctx: Ctx, record: Any, obj: Obj) -> None:
    ctx.require(obj, Action.delete)
    record.deleted_at = utcnow()
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", obj.value, record.id)


def restore(ctx: Ctx, model: Any, obj: Obj, record_id: uuid.UUID, window_days: int, label: str) -> Any:
    if not ctx.principal.is_admin:
        raise NotFound(f"No such deleted {label}.")
    record = ctx.session.get(model, record_id)
    if record is None or record.deleted_at is None:
        raise NotFound(f"No such deleted {label}.")
    if as_utc(record.deleted_at) + timedelta(days=window_days) < utcnow():
        raise Gone(f"This {label} was deleted more than {window_days} days ago and cannot be restored.")
    record.deleted_at = None
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "restore", obj.value, record.id)
    return record
