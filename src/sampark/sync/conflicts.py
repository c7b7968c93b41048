"""Sync conflicts: listed for their user, resolved by choosing a side."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, NotFound, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.sync.models import SyncConflict
from sampark.sync.schemas import Choice, ConflictOut
from sampark.sync.sources import SOURCES

ALLOWED = {
    "field": {Choice.device, Choice.server},
    "delete_edited": {Choice.delete, Choice.keep},
    "edit_deleted": {Choice.discard},
}


def list_conflicts(ctx: Ctx, status: str) -> list[ConflictOut]:
    ctx.require(Obj.sync, Action.read)
    stmt = select(SyncConflict).where(SyncConflict.user_id == ctx.principal.user_id)
    if status == "open":
        stmt = stmt.where(SyncConflict.resolved_at.is_(None))
    elif status == "resolved":
        stmt = stmt.where(SyncConflict.resolved_at.is_not(None))
    stmt = stmt.order_by(SyncConflict.created_at.desc()).limit(500)
    return [ConflictOut.model_validate(c) for c in ctx.session.scalars(stmt)]


def resolve(ctx: Ctx, conflict_id: uuid.UUID, choice: Choice) -> ConflictOut:
    """`server` writes the server's values back (a new version, through the domain service);
    `delete` deletes the record after all; the others only close the conflict."""
    ctx.require(Obj.sync, Action.write)
    conflict = ctx.session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.user_id != ctx.principal.user_id:
        raise NotFound("No such conflict.")
    if conflict.resolved_at is not None:
        return ConflictOut.model_validate(conflict)
    if choice not in ALLOWED.get(conflict.kind, set()):
        options = ", ".join(sorted(c.value for c in ALLOWED.get(conflict.kind, set())))
        raise ValidationFailed(
            f"A {conflict.kind} conflict is resolved with: {options}.",
            errors=[FieldError("choice", f"one of {options}", "invalid_choice")],
        )
    source = SOURCES[conflict.object_type]
    if choice is Choice.server:
        if source.get is None or source.update is None:
            raise RuntimeError("not writable through sync")
        current = source.get(ctx, conflict.object_id)
        values = {name: side.get("server") for name, side in conflict.fields.items()}
        source.update(ctx, conflict.object_id, values, current.version)  # type: ignore[attr-defined]
    elif choice is Choice.delete:
        if source.delete is None:
            raise RuntimeError("not available for this type")
        source.delete(ctx, conflict.object_id)
    conflict.resolved_at = utcnow()
    conflict.resolution = choice.value
    ctx.session.flush()
    audit.record(
        ctx.session, ctx.principal, "resolve", "sync_conflicts", conflict.id, {"choice": choice.value}
    )
    return ConflictOut.model_validate(conflict)
