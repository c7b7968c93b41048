"""Push: an ordered batch of offline mutations, each in its own savepoint, through the domain
services (the same validation, permissions and audit as the REST API).

Merging a stale edit needs each field's value at the version the device edited. The audit log
keeps field-level before/after diffs, but not the version each entry produced, and some writes
bump a record's version without an audit entry (golden-record recomputation, reminders), so the
base cannot be rebuilt from it reliably. The device has it: its shadow copy of the server record,
sent as `base`. Where both sides changed a field, the later arrival (this push) wins and a
conflict record keeps both values."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from sampark.core import audit, memo
from sampark.core.audit import AuditEntry, jsonable
from sampark.core.context import Ctx
from sampark.core.errors import AppError, FieldError, NotFound, PermissionDenied, PreconditionFailed
from sampark.core.permissions import Action, Obj
from sampark.sync import holdings
from sampark.sync.models import SyncConflict, SyncDevice, SyncHolding, SyncMutation
from sampark.sync.schemas import Mutation, MutationResult, MutationStatus, Op, PushOut
from sampark.sync.sources import SOURCES, Source


class _Rejected(Exception):
    def __init__(self, code: str, detail: str, *, retryable: bool = False, keep_typed: bool = False) -> None:
        self.code, self.detail, self.retryable, self.keep_typed = code, detail, retryable, keep_typed
        super().__init__(detail)


@dataclass
class _Batch:
    """What one push keeps between its mutations: deletes it applied (their audit entries are
    not written until the batch commits), audit entries set aside, records the device now holds."""

    deleted: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    audit: list[Any] = field(default_factory=list)
    held: list[tuple[str, uuid.UUID]] = field(default_factory=list)


def push(ctx: Ctx, device: SyncDevice, mutations: list[Mutation]) -> PushOut:
    ctx.require(Obj.sync, Action.write)
    batch = _Batch()
    with memo.batch(ctx.session):  # users and custom field definitions: read once per push
        results = _batched(ctx, device, mutations, batch)
        if results is None:  # a repeated id in the batch, or a concurrent push claimed one first
            results = [_one(ctx, device, m, batch) for m in mutations]
    holdings.add(ctx.session, device.id, batch.held)
    # Written once, at the batch's commit, in the order the mutations were applied.
    audit.requeue(ctx.session, batch.audit)
    return PushOut(results=results)


def _batched(
    ctx: Ctx, device: SyncDevice, mutations: list[Mutation], batch: _Batch
) -> list[MutationResult] | None:
    """The batch with one read of the stored answers and one insert claiming the new ids
    (a concurrent replay of them waits on that insert, then answers duplicate); each mutation
    still applied in its own savepoint. None: use `_one` per mutation instead."""
    session = ctx.session
    wanted = [m.client_mutation_id for m in mutations]
    if len(set(wanted)) != len(wanted):
        return None
    stored: dict[str, SyncMutation] = {}
    for start in range(0, len(wanted), 500):
        stored.update(
            (row.client_mutation_id, row)
            for row in session.scalars(
                select(SyncMutation).where(
                    SyncMutation.device_id == device.id,
                    SyncMutation.client_mutation_id.in_(wanted[start : start + 500]),
                )
            )
        )
    fresh = [m for m in mutations if m.client_mutation_id not in stored]
    if fresh:
        claim = session.begin_nested()
        try:
            session.execute(
                insert(SyncMutation),
                [
                    {
                        "device_id": device.id,
                        "client_mutation_id": m.client_mutation_id,
                        "object_type": m.type,
                        "object_id": m.id,
                        "status": "pending",
                        "result": {},
                    }
                    for m in fresh
                ],
            )
            claim.commit()
        except IntegrityError:
            claim.rollback()
            return None
    _prepare(ctx, fresh)
    results: list[MutationResult] = []
    answers: list[dict[str, Any]] = []
    retry: list[str] = []
    for m in mutations:
        if m.client_mutation_id in stored:
            results.append(_duplicate(m, stored[m.client_mutation_id]))
            continue
        result = _attempt(ctx, device, m, batch)
        results.append(result)
        if result.retryable:
            retry.append(m.client_mutation_id)  # not stored: its create may come later
        else:
            answers.append(
                {
                    "device_id": device.id,
                    "client_mutation_id": m.client_mutation_id,
                    "status": result.status.value,
                    "result": result.model_dump(mode="json"),
                }
            )
    if answers:
        session.execute(update(SyncMutation), answers)  # by primary key, one statement
    if retry:
        session.execute(
            delete(SyncMutation).where(
                SyncMutation.device_id == device.id, SyncMutation.client_mutation_id.in_(retry)
            )
        )
    return results


def _prepare(ctx: Ctx, mutations: list[Mutation]) -> None:
    """Let each domain read at once what its mutations would read one by one."""
    wanted: dict[str, tuple[list[uuid.UUID], list[uuid.UUID]]] = {}
    for m in mutations:
        source = SOURCES.get(m.type)
        if source is None or source.prepare is None:
            continue
        creates, updates = wanted.setdefault(m.type, ([], []))
        if m.op is Op.create:
            creates.append(m.id)
        elif m.op is Op.update:
            updates.append(m.id)
    for type_, (creates, updates) in wanted.items():
        prepare = SOURCES[type_].prepare
        if prepare is not None:
            prepare(ctx, creates, updates)


def _attempt(ctx: Ctx, device: SyncDevice, m: Mutation, batch: _Batch) -> MutationResult:
    """One claimed mutation in its own savepoint: applied, or rolled back and answered."""
    session = ctx.session
    mark = audit.pending_mark(session)
    savepoint = session.begin_nested()
    try:
        result = _apply(ctx, device, m, batch)
        session.flush()
        entries = audit.take_pending(session)
        savepoint.commit()
    except (AppError, _Rejected, IntegrityError, ValidationError) as exc:
        savepoint.rollback()
        audit.discard_after(session, mark)
        return _rejection(ctx, device, m, exc)
    batch.audit.extend(entries)
    if result.record is not None:
        batch.held.append((m.type, m.id))
    if m.op is Op.delete and result.status is MutationStatus.applied:
        batch.deleted.add((m.type, m.id))
    return result


def _duplicate(m: Mutation, stored: SyncMutation) -> MutationResult:
    return MutationResult(
        client_mutation_id=m.client_mutation_id,
        status=MutationStatus.duplicate,
        type=stored.object_type,
        id=stored.object_id,
        version=stored.result.get("version"),
        first=stored.result,
    )


def _one(ctx: Ctx, device: SyncDevice, m: Mutation, batch: _Batch) -> MutationResult:
    """One mutation: claimed in its savepoint (the path for batches `_batched` cannot take)."""
    session = ctx.session
    stored = session.get(SyncMutation, (device.id, m.client_mutation_id))
    if stored is not None:
        return _duplicate(m, stored)
    mark = audit.pending_mark(session)
    savepoint = session.begin_nested()
    claim = SyncMutation(
        device_id=device.id,
        client_mutation_id=m.client_mutation_id,
        object_type=m.type,
        object_id=m.id,
        status="pending",
        result={},
    )
    try:
        session.add(claim)
        session.flush()  # claims the id first: a concurrent replay waits here, then answers duplicate
    except IntegrityError:
        savepoint.rollback()
        audit.discard_after(session, mark)
        again = session.get(SyncMutation, (device.id, m.client_mutation_id))
        if again is None:
            raise
        return _duplicate(m, again)
    try:
        result = _apply(ctx, device, m, batch)
        if result.record is not None:
            _hold(ctx, device, m)
        claim.status, claim.result = result.status.value, result.model_dump(mode="json")
        session.flush()
        savepoint.commit()
        if m.op is Op.delete and result.status is MutationStatus.applied:
            batch.deleted.add((m.type, m.id))
        return result
    except (AppError, _Rejected, IntegrityError, ValidationError) as exc:
        savepoint.rollback()
        audit.discard_after(session, mark)
        result = _rejection(ctx, device, m, exc)
    if not result.retryable:
        # Stored, so a replay answers the same; `not_found` is not (its create may come later).
        session.add(
            SyncMutation(
                device_id=device.id,
                client_mutation_id=m.client_mutation_id,
                object_type=m.type,
                object_id=m.id,
                status=result.status.value,
                result=result.model_dump(mode="json"),
            )
        )
        session.flush()
    return result


def _rejection(ctx: Ctx, device: SyncDevice, m: Mutation, exc: Exception) -> MutationResult:
    base = {
        "client_mutation_id": m.client_mutation_id,
        "status": MutationStatus.rejected,
        "type": m.type,
        "id": m.id,
    }
    if isinstance(exc, _Rejected):
        conflict_id = None
        if exc.keep_typed:  # nothing typed is lost: the user sees it among the conflicts
            conflict = _conflict(
                ctx, device, m, "edit_deleted", {k: {"device": v} for k, v in m.fields.items()}
            )
            conflict_id = conflict.id
        return MutationResult(
            **base, code=exc.code, detail=exc.detail, retryable=exc.retryable, conflict_id=conflict_id
        )
    if isinstance(exc, ValidationError):  # the REST body's own validation, as a 422 would say
        errors = [
            FieldError(".".join(str(p) for p in err["loc"]) or "fields", err["msg"], err["type"])
            for err in exc.errors()
        ]
        return MutationResult(
            **base, code="validation_failed", detail="The fields are not valid.", errors=errors
        )
    if isinstance(exc, AppError):
        return MutationResult(**base, code=exc.code, detail=exc.detail, errors=list(exc.errors) or None)
    return MutationResult(**base, code="conflict", detail="The database refused the change.")


def _hold(ctx: Ctx, device: SyncDevice, m: Mutation) -> None:
    """The device holds what it wrote: it gets a tombstone when that record leaves its scope."""
    key = (device.id, m.type, m.id)
    if ctx.session.get(SyncHolding, key) is None:
        ctx.session.execute(
            insert(SyncHolding).values(device_id=device.id, object_type=m.type, object_id=m.id)
        )


def _conflict(ctx: Ctx, device: SyncDevice, m: Mutation, kind: str, fields: dict[str, Any]) -> SyncConflict:
    conflict = SyncConflict(
        user_id=ctx.principal.user_id,
        device_id=device.id,
        client_mutation_id=m.client_mutation_id,
        object_type=m.type,
        object_id=m.id,
        kind=kind,
        fields=jsonable(fields),
    )
    ctx.session.add(conflict)
    ctx.session.flush()
    return conflict


def deleted_on_server(ctx: Ctx, type_: str, record_id: uuid.UUID, batch: _Batch | None = None) -> bool:
    if batch is not None and (type_, record_id) in batch.deleted:
        return True  # deleted earlier in this batch: its audit entry is written at commit
    found = ctx.session.scalar(
        select(AuditEntry.seq)
        .where(
            AuditEntry.object_type == type_,
            AuditEntry.object_id == str(record_id),
            AuditEntry.action == "delete",
        )
        .limit(1)
    )
    return found is not None


def _current(ctx: Ctx, source: Source, m: Mutation) -> dict[str, Any] | None:
    if source.get is None:
        raise RuntimeError("not available for this type")
    try:
        return source.get(ctx, m.id).model_dump(mode="json")
    except NotFound:
        return None


def _applied(
    m: Mutation, record: dict[str, Any], status: MutationStatus = MutationStatus.applied, **more: Any
) -> MutationResult:
    return MutationResult(
        client_mutation_id=m.client_mutation_id,
        status=status,
        type=m.type,
        id=m.id,
        version=record.get("version"),
        record=record,
        **more,
    )


def _apply(ctx: Ctx, device: SyncDevice, m: Mutation, batch: _Batch) -> MutationResult:
    source = SOURCES.get(m.type)
    if source is None or source.create is None:
        raise _Rejected("unsupported_type", f"'{m.type}' cannot be changed through sync.")
    if m.op is Op.create:
        fields = {k: v for k, v in m.fields.items() if k != "id"}
        return _applied(m, source.create(ctx, {**fields, "id": str(m.id)}).model_dump(mode="json"))
    if source.insert_only:
        raise _Rejected("insert_only", f"{m.type} are insert-only offline: change them online.")
    current: dict[str, Any] | None = None
    if m.op is Op.update and m.base_version is not None and source.update is not None:
        # Most edits are made on the current version: try the update at that version first (one
        # read of the record, not two). Every domain's update checks access and the version
        # before it changes anything, so a refusal here leaves nothing to undo.
        try:
            return _applied(m, source.update(ctx, m.id, m.fields, m.base_version).model_dump(mode="json"))
        except PreconditionFailed as exc:  # edited on the server since: merge below
            server = exc.extra.get("current")
            current = server if isinstance(server, dict) and "version" in server else None
        except (NotFound, PermissionDenied, ValidationError):
            pass  # answered below exactly as without this shortcut (gone, refused, invalid)
    if current is None:
        current = _current(ctx, source, m)
    if current is None:
        if deleted_on_server(ctx, m.type, m.id, batch):
            if m.op is Op.delete:  # gone already: what the device wanted
                return MutationResult(
                    client_mutation_id=m.client_mutation_id,
                    status=MutationStatus.applied,
                    type=m.type,
                    id=m.id,
                )
            raise _Rejected("deleted_on_server", "This record was deleted on the server.", keep_typed=True)
        raise _Rejected("not_found", "No such record, or not one you can see.", retryable=True)
    if m.op is Op.delete and not ctx.principal.can(source.obj, Action.delete):
        raise PermissionDenied(f"Your role ({ctx.principal.role.value}) or token may not delete {m.type}.")
    if m.op is Op.delete:
        if source.delete is None:
            raise RuntimeError("not available for this type")
        if m.base_version is not None and m.base_version != current["version"]:
            conflict = _conflict(ctx, device, m, "delete_edited", {"record": {"server": current}})
            return _applied(
                m, current, MutationStatus.conflict, conflict_id=conflict.id, code="delete_edited"
            )
        source.delete(ctx, m.id)
        return MutationResult(
            client_mutation_id=m.client_mutation_id, status=MutationStatus.applied, type=m.type, id=m.id
        )
    if source.update is None:
        raise RuntimeError("not available for this type")
    collided: dict[str, Any] = {}
    if m.base_version is None or m.base_version != current["version"]:
        base = m.base or {}
        for name, value in m.fields.items():
            server, mine = current.get(name), jsonable(value)
            if server == mine:
                continue
            if name in base and jsonable(base[name]) == server:
                continue  # only the device changed it
            collided[name] = {"base": base.get(name), "server": server, "device": mine}
    record = source.update(ctx, m.id, m.fields, int(current["version"])).model_dump(mode="json")
    if collided:
        conflict = _conflict(ctx, device, m, "field", collided)
        return _applied(m, record, MutationStatus.conflict, conflict_id=conflict.id, code="field")
    return _applied(m, record)
