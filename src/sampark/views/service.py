"""Saved views: each user's own, plus those shared by anyone. Only the owner (or an admin)
changes or deletes one. Offline devices hold the caller's views (sync type `views`)."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound
from sampark.core.filters import parse_filter
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version, snapshot
from sampark.views.models import SavedView
from sampark.views.schemas import SavedViewCreate, SavedViewOut, SavedViewUpdate, ViewObject

OBJ = Obj.views
AUDITED = ("name", "filter", "sort", "q", "columns", "shared")


def list_views(ctx: Ctx, object_type: ViewObject | None = None) -> list[SavedViewOut]:
    """The caller's own views and every shared one, by name."""
    ctx.require(OBJ, Action.read)
    stmt = select(SavedView).where(
        or_(SavedView.owner_id == ctx.principal.user_id, SavedView.shared.is_(True))
    )
    if object_type is not None:
        stmt = stmt.where(SavedView.object_type == object_type.value)
    stmt = stmt.order_by(SavedView.object_type, SavedView.name, SavedView.id)
    return [SavedViewOut.model_validate(v) for v in ctx.session.scalars(stmt)]


def _visible(ctx: Ctx, view_id: uuid.UUID) -> SavedView:
    ctx.require(OBJ, Action.read)
    view = ctx.session.get(SavedView, view_id)
    if view is None or not (view.shared or view.owner_id == ctx.principal.user_id or ctx.principal.is_admin):
        raise NotFound("No such view.")
    return view


def _changeable(ctx: Ctx, view_id: uuid.UUID, action: Action) -> SavedView:
    ctx.require(OBJ, action)
    view = _visible(ctx, view_id)
    if view.owner_id != ctx.principal.user_id and not ctx.principal.is_admin:
        raise NotFound("No such view of yours.")  # a shared view is changed by its owner
    return view


def get_view(ctx: Ctx, view_id: uuid.UUID) -> SavedViewOut:
    return SavedViewOut.model_validate(_visible(ctx, view_id))


def create_view(ctx: Ctx, data: SavedViewCreate) -> SavedViewOut:
    ctx.require(OBJ, Action.write)
    parse_filter(data.filter)  # the list's own filter language: refused here, not when opened
    if data.id is not None and ctx.session.get(SavedView, data.id) is not None:
        raise Conflict("A view with this id exists.", code="id_taken", errors=[FieldError("id", "taken")])
    view = SavedView(
        owner_id=ctx.principal.user_id,
        name=data.name,
        object_type=data.object_type.value,
        filter=data.filter,
        sort=data.sort,
        q=data.q,
        columns=list(data.columns),
        shared=data.shared,
    )
    if data.id is not None:
        view.id = data.id
    ctx.session.add(view)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", OBJ.value, view.id, {"name": view.name})
    return SavedViewOut.model_validate(view)


def update_view(ctx: Ctx, view_id: uuid.UUID, data: SavedViewUpdate, version: int) -> SavedViewOut:
    view = _changeable(ctx, view_id, Action.write)
    check_version(view, version, lambda: SavedViewOut.model_validate(view))
    values = data.model_dump(exclude_unset=True)
    if "filter" in values:
        parse_filter(values["filter"])
    for key in ("name", "shared", "columns"):
        if key in values and values[key] is None:
            values.pop(key)  # required fields: null means "leave as is"
    before = snapshot(view, AUDITED)
    for key, value in values.items():
        setattr(view, key, value)
    changes = audit.diff(before, snapshot(view, AUDITED))
    if changes:
        ctx.session.flush()
        audit.record(ctx.session, ctx.principal, "update", OBJ.value, view.id, changes)
    return SavedViewOut.model_validate(view)


def delete_view(ctx: Ctx, view_id: uuid.UUID) -> None:
    view = _changeable(ctx, view_id, Action.delete)
    ctx.session.delete(view)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, view_id, {"name": view.name})
