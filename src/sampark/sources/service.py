"""The source registry, and the write keys tracking libraries authenticate with."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version, update_audited
from sampark.sources.models import Source
from sampark.sources.schemas import SourceCreate, SourceOut, SourceUpdate, SourceWithKey

OBJ = Obj.sources
KEY_PREFIX = "wk_"


@dataclass(frozen=True)
class SourceRef:
    """What ingestion needs to know about the source of a request."""

    id: uuid.UUID
    name: str
    trust_priority: int


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def find_by_write_key(session: Session, key: str) -> SourceRef | None:
    if not key:
        return None
    row = session.execute(
        select(Source.id, Source.name, Source.trust_priority).where(
            Source.write_key_hash == _digest(key), Source.is_active.is_(True)
        )
    ).first()
    return SourceRef(row.id, row.name, row.trust_priority) if row else None


def refs_by_id(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, SourceRef]:
    if not ids:
        return {}
    rows = session.execute(
        select(Source.id, Source.name, Source.trust_priority).where(Source.id.in_(list(ids)))
    )
    return {r.id: SourceRef(r.id, r.name, r.trust_priority) for r in rows}


def find_by_name(session: Session, name: str) -> SourceRef | None:
    row = session.execute(
        select(Source.id, Source.name, Source.trust_priority).where(Source.name == name)
    ).first()
    return SourceRef(row.id, row.name, row.trust_priority) if row else None


def get_or_create(session: Session, name: str, kind: str, trust_priority: int = 50) -> SourceRef:
    """For internal writers (imports, the CRM itself) that name their source."""
    row = session.scalars(select(Source).where(Source.name == name)).one_or_none()
    if row is None:
        row = Source(name=name, kind=kind, trust_priority=trust_priority, is_active=True)
        session.add(row)
        session.flush()
    return SourceRef(row.id, row.name, row.trust_priority)


def _new_key(row: Source) -> str:
    key = KEY_PREFIX + secrets.token_urlsafe(24)
    row.write_key_hash, row.write_key_prefix = _digest(key), key[:10]
    return key


def _taken(session: Session, name: str, except_id: uuid.UUID | None = None) -> None:
    found = session.scalars(select(Source.id).where(Source.name == name)).first()
    if found is not None and found != except_id:
        raise Conflict(
            "A source with this name exists.", code="name_taken", errors=[FieldError("name", "taken")]
        )


def list_sources(ctx: Ctx) -> list[SourceOut]:
    ctx.require(OBJ, Action.read)
    rows = ctx.session.scalars(select(Source).order_by(Source.trust_priority.desc(), Source.name))
    return [SourceOut.model_validate(r) for r in rows]


def _get(ctx: Ctx, source_id: uuid.UUID) -> Source:
    row = ctx.session.get(Source, source_id)
    if row is None:
        raise NotFound("No such source.")
    return row


def get_source(ctx: Ctx, source_id: uuid.UUID) -> SourceOut:
    ctx.require(OBJ, Action.read)
    return SourceOut.model_validate(_get(ctx, source_id))


def _create(session: Session, data: SourceCreate) -> tuple[Source, str]:
    _taken(session, data.name)
    row = Source(name=data.name, kind=data.kind.value, trust_priority=data.trust_priority, is_active=True)
    key = _new_key(row)
    session.add(row)
    session.flush()
    return row, key


def _with_key(row: Source, key: str) -> SourceWithKey:
    return SourceWithKey.model_validate({**SourceOut.model_validate(row).model_dump(), "write_key": key})


def create_source(ctx: Ctx, data: SourceCreate) -> SourceWithKey:
    ctx.require(OBJ, Action.write)
    row, key = _create(ctx.session, data)
    audit.record(
        ctx.session, ctx.principal, "create", OBJ.value, row.id, {"name": row.name, "kind": row.kind}
    )
    return _with_key(row, key)


def create_source_for_cli(session: Session, data: SourceCreate) -> SourceWithKey:
    """`sampark sources create`: the operator at the console acts as admin."""
    row, key = _create(session, data)
    audit.record(
        session, None, "create", OBJ.value, row.id, {"name": row.name, "kind": row.kind}, actor_email="cli"
    )
    return _with_key(row, key)


AUDITED = ("name", "kind", "trust_priority", "is_active")


def update_source(ctx: Ctx, source_id: uuid.UUID, data: SourceUpdate, version: int) -> SourceOut:
    ctx.require(OBJ, Action.write)
    row = _get(ctx, source_id)
    check_version(row, version, lambda: SourceOut.model_validate(row))
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes:
        _taken(ctx.session, changes["name"], row.id)

    def mutate() -> None:
        for field, value in changes.items():
            setattr(row, field, value.value if field == "kind" else value)

    update_audited(ctx, row, AUDITED, OBJ, mutate)  # flushes (and bumps the version) on a change
    return SourceOut.model_validate(row)


def rotate_key(ctx: Ctx, source_id: uuid.UUID) -> SourceWithKey:
    """A new write key; the old one stops working at once."""
    ctx.require(OBJ, Action.write)
    row = _get(ctx, source_id)
    key = _new_key(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "rotate_key", OBJ.value, row.id, {"name": row.name})
    return _with_key(row, key)
