"""Saved views: each user's own, plus those shared by anyone. Only the owner (or an admin)
changes or deletes one. Offline devices hold the caller's views (sync type `views`)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, or_, select

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.filters import parse_filter
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version, snapshot
from sampark.views.models import SavedView, SavedViewDefault
from sampark.views.schemas import SavedViewCreate, SavedViewOut, SavedViewUpdate, ViewObject

OBJ = Obj.views
AUDITED = ("name", "filter", "sort", "q", "columns", "shared")


def _defaults(ctx: Ctx) -> set[uuid.UUID]:
    """The ids of the caller's default views (one per list at most)."""
    return set(
        ctx.session.scalars(
            select(SavedViewDefault.view_id).where(SavedViewDefault.user_id == ctx.principal.user_id)
        )
    )


def _out(view: SavedView, defaults: set[uuid.UUID]) -> SavedViewOut:
    out = SavedViewOut.model_validate(view)
    out.is_default = view.id in defaults
    return out


def list_views(ctx: Ctx, object_type: ViewObject | None = None) -> list[SavedViewOut]:
    """The caller's own views and every shared one, by name."""
    ctx.require(OBJ, Action.read)
    stmt = select(SavedView).where(
        or_(SavedView.owner_id == ctx.principal.user_id, SavedView.shared.is_(True))
    )
    if object_type is not None:
        stmt = stmt.where(SavedView.object_type == object_type.value)
    stmt = stmt.order_by(SavedView.object_type, SavedView.name, SavedView.id)
    defaults = _defaults(ctx)
    return [_out(v, defaults) for v in ctx.session.scalars(stmt)]


def _check_name(ctx: Ctx, name: str, object_type: str, other_than: uuid.UUID | None = None) -> None:
    """A name is required and unique (ignoring case) among the owner's views of one list."""
    if not name.strip():
        raise ValidationFailed(
            "A view needs a name.", errors=[FieldError("name", "give the view a name", "required")]
        )
    stmt = select(SavedView.id).where(
        SavedView.owner_id == ctx.principal.user_id,
        SavedView.object_type == object_type,
        func.lower(SavedView.name) == name.lower(),
    )
    if other_than is not None:
        stmt = stmt.where(SavedView.id != other_than)
    if ctx.session.scalar(stmt.limit(1)) is not None:
        raise ValidationFailed(
            "You already have a view with this name.",
            errors=[FieldError("name", "you already have a view with this name", "taken")],
        )


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
    return _out(_visible(ctx, view_id), _defaults(ctx))


def create_view(ctx: Ctx, data: SavedViewCreate) -> SavedViewOut:
    ctx.require(OBJ, Action.write)
    parse_filter(data.filter)  # the list's own filter language: refused here, not when opened
    _check_name(ctx, data.name, data.object_type.value)
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
    if data.is_default:
        _set_default(ctx, view)
    return _out(view, _defaults(ctx))


def update_view(ctx: Ctx, view_id: uuid.UUID, data: SavedViewUpdate, version: int) -> SavedViewOut:
    view = _changeable(ctx, view_id, Action.write)
    check_version(view, version, lambda: _out(view, _defaults(ctx)))
    values = data.model_dump(exclude_unset=True)
    if "filter" in values:
        parse_filter(values["filter"])
    for key in ("name", "shared", "columns"):
        if key in values and values[key] is None:
            values.pop(key)  # required fields: null means "leave as is"
    if "name" in values:
        _check_name(ctx, values["name"], view.object_type, other_than=view.id)
    before = snapshot(view, AUDITED)
    for key, value in values.items():
        setattr(view, key, value)
    changes = audit.diff(before, snapshot(view, AUDITED))
    if changes:
        ctx.session.flush()
        audit.record(ctx.session, ctx.principal, "update", OBJ.value, view.id, changes)
    return _out(view, _defaults(ctx))


def delete_view(ctx: Ctx, view_id: uuid.UUID) -> None:
    view = _changeable(ctx, view_id, Action.delete)
    # Nobody's list opens with it any more (explicit: SQLite may run without foreign keys).
    ctx.session.execute(delete(SavedViewDefault).where(SavedViewDefault.view_id == view_id))
    ctx.session.delete(view)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, view_id, {"name": view.name})


def _set_default(ctx: Ctx, view: SavedView) -> None:
    user_id = ctx.principal.user_id
    current = ctx.session.get(SavedViewDefault, (user_id, view.object_type))
    if current is not None and current.view_id == view.id:
        return
    if current is not None:
        previous = current.view_id
        current.view_id = view.id
        # The view that stops being the default changes for this user's devices too.
        audit.record(ctx.session, ctx.principal, "update", OBJ.value, previous,
                     {"is_default": {"before": True, "after": False}})  # fmt: skip
    else:
        ctx.session.add(SavedViewDefault(user_id=user_id, object_type=view.object_type, view_id=view.id))
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", OBJ.value, view.id,
                 {"is_default": {"before": False, "after": True}})  # fmt: skip


def set_default(ctx: Ctx, view_id: uuid.UUID) -> SavedViewOut:
    """Open the view's list with this view (the caller's own choice; any view they can see)."""
    ctx.require(OBJ, Action.read)
    view = _visible(ctx, view_id)
    _set_default(ctx, view)
    return _out(view, {view.id})


def clear_default(ctx: Ctx, view_id: uuid.UUID) -> SavedViewOut:
    """The list opens unfiltered again (nothing happens if the view was not the default)."""
    ctx.require(OBJ, Action.read)
    view = _visible(ctx, view_id)
    gone = ctx.session.execute(
        delete(SavedViewDefault).where(
            SavedViewDefault.user_id == ctx.principal.user_id, SavedViewDefault.view_id == view.id
        )
    ).rowcount  # type: ignore[attr-defined]
    if gone:
        audit.record(ctx.session, ctx.principal, "update", OBJ.value, view.id,
                     {"is_default": {"before": True, "after": False}})  # fmt: skip
    return _out(view, set())
