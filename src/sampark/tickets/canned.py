"""Canned replies: named answers per language (and optionally per queue) with
`{{person.first_name}}`-style placeholders filled in for a ticket."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version
from sampark.tickets import setup
from sampark.tickets.models import CannedReply
from sampark.tickets.schemas import CannedCreate, CannedOut, CannedUpdate, RenderedOut

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")


def render(template: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """Fill `{{person.first_name}}`-style placeholders; unknown ones are left as written and named."""
    unknown: list[str] = []

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in values:
            return values[key]
        unknown.append(key)
        return match.group(0)

    return PLACEHOLDER.sub(fill, template), sorted(set(unknown))


def list_canned(ctx: Ctx, language: str | None, queue_id: uuid.UUID | None) -> list[CannedOut]:
    ctx.require(Obj.tickets, Action.read)
    stmt = select(CannedReply).order_by(CannedReply.name, CannedReply.language)
    if language:
        stmt = stmt.where(CannedReply.language == language)
    if queue_id:
        stmt = stmt.where((CannedReply.queue_id == queue_id) | CannedReply.queue_id.is_(None))
    return [CannedOut.model_validate(c) for c in ctx.session.scalars(stmt)]


def get_canned_row(ctx: Ctx, canned_id: uuid.UUID) -> CannedReply:
    ctx.require(Obj.tickets, Action.read)
    row = ctx.session.get(CannedReply, canned_id)
    if row is None:
        raise NotFound("No such canned reply.")
    return row


def _canned_free(session: Session, name: str, language: str, except_id: uuid.UUID | None = None) -> None:
    found = session.scalar(
        select(CannedReply.id).where(CannedReply.name == name, CannedReply.language == language)
    )
    if found is not None and found != except_id:
        raise Conflict("A canned reply has this name in this language.", code="name_taken",
                       errors=[FieldError("name", "taken in this language", "taken")])  # fmt: skip


def create_canned(ctx: Ctx, data: CannedCreate) -> CannedOut:
    ctx.require(Obj.tickets, Action.write)
    setup.check_queue(ctx.session, data.queue_id)
    _canned_free(ctx.session, data.name, data.language.value)
    row = CannedReply(name=data.name, language=data.language.value, body=data.body, queue_id=data.queue_id)
    ctx.session.add(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "canned_replies", row.id, {"name": row.name})
    return CannedOut.model_validate(row)


def update_canned(ctx: Ctx, canned_id: uuid.UUID, data: CannedUpdate, version: int) -> CannedOut:
    ctx.require(Obj.tickets, Action.write)
    row = get_canned_row(ctx, canned_id)
    check_version(row, version, lambda: CannedOut.model_validate(row))
    values = data.model_dump(exclude_unset=True, mode="json")
    for required in ("name", "language", "body"):
        if required in values and values[required] is None:
            raise ValidationFailed("May not be empty.", errors=[FieldError(required, "may not be null")])
    if "queue_id" in values:
        setup.check_queue(ctx.session, data.queue_id)
        values["queue_id"] = data.queue_id
    _canned_free(ctx.session, values.get("name", row.name), values.get("language", row.language), row.id)
    before = {k: getattr(row, k) for k in values}
    for key, value in values.items():
        setattr(row, key, value)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", "canned_replies", row.id,
                 audit.diff(before, {k: getattr(row, k) for k in values}))  # fmt: skip
    return CannedOut.model_validate(row)


def delete_canned(ctx: Ctx, canned_id: uuid.UUID) -> None:
    ctx.require(Obj.tickets, Action.write)
    row = get_canned_row(ctx, canned_id)
    ctx.session.delete(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", "canned_replies", canned_id, {"name": row.name})


def render_canned(ctx: Ctx, canned_id: uuid.UUID, values: dict[str, str]) -> RenderedOut:
    row = get_canned_row(ctx, canned_id)
    body, unknown = render(row.body, values)
    return RenderedOut(body=body, unknown_placeholders=unknown)
