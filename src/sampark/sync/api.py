"""The sync endpoints (protocol reference: docs/sync.md)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.orm import Session

from sampark.core.context import Ctx
from sampark.deps import CtxDep, DbDep, PrincipalDep
from sampark.sync import conflicts, devices, pull, push
from sampark.sync.schemas import (
    ConflictList,
    ConflictOut,
    DeviceCreate,
    DeviceList,
    DeviceOut,
    PullOut,
    PushIn,
    PushOut,
    Resolve,
)

router = APIRouter(prefix="/sync", tags=["sync"])


def _write_session(db: DbDep) -> Iterator[Session]:
    """A pull is a GET that writes (what the device was sent, when it last synced)."""
    with db.session(write=True) as session:
        yield session


async def _write_ctx(
    session: Annotated[Session, Depends(_write_session, scope="function")], principal: PrincipalDep
) -> Ctx:
    return Ctx(session=session, principal=principal)


WriteCtxDep = Annotated[Ctx, Depends(_write_ctx)]

DeviceHeader = Annotated[
    uuid.UUID | None,
    Header(alias="X-Sampark-Device", description="The id of the registered device making the call"),
]


@router.post("/devices", operation_id="sync-devices-register", response_model=DeviceOut, status_code=201)
def register_device(body: DeviceCreate, ctx: CtxDep, response: Response) -> DeviceOut:
    """Register this device (a repeat with the same `id` answers the device, 200)."""
    device, created = devices.register(ctx, body)
    if not created:
        response.status_code = 200
    return device


@router.get("/devices", operation_id="sync-devices-list", response_model=DeviceList)
def list_devices(
    ctx: CtxDep,
    user_id: Annotated[uuid.UUID | None, Query(description="Admins: this user's devices")] = None,
    all: Annotated[bool, Query(description="Admins: everyone's devices")] = False,
) -> DeviceList:
    return DeviceList(items=devices.list_devices(ctx, user_id, all))


@router.post("/devices/{device_id}/revoke", operation_id="sync-devices-revoke", response_model=DeviceOut)
def revoke_device(device_id: uuid.UUID, ctx: CtxDep) -> DeviceOut:
    """Its next sync answers 410 `device_revoked` with `wipe: true`."""
    return devices.revoke(ctx, device_id)


@router.get("/pull", operation_id="sync-pull", response_model=PullOut)
def pull_changes(
    ctx: WriteCtxDep,
    device_id: DeviceHeader = None,
    cursor: Annotated[
        str | None, Query(max_length=4000, description="`next_cursor` of the last page")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=pull.MAX_LIMIT, description="Records per page")] = None,
) -> PullOut:
    """Upserts and tombstones since the cursor (no cursor: a snapshot of your scope)."""
    page = pull.pull(ctx, devices.require_device(ctx, device_id), cursor, limit)
    # Serialised once, here: the page is already the response model (thousands of records;
    # FastAPI would validate it all again on the way out).
    return Response(page.model_dump_json(), media_type="application/json")  # type: ignore[return-value]


@router.post("/push", operation_id="sync-push", response_model=PushOut)
def push_mutations(body: PushIn, ctx: CtxDep, device_id: DeviceHeader = None) -> PushOut:
    """Apply offline mutations in order; one answer per mutation."""
    return push.push(ctx, devices.require_device(ctx, device_id), body.mutations)


@router.get("/conflicts", operation_id="sync-conflicts-list", response_model=ConflictList)
def list_conflicts(ctx: CtxDep, status: Literal["open", "resolved", "all"] = "open") -> ConflictList:
    return ConflictList(items=conflicts.list_conflicts(ctx, status))


@router.post(
    "/conflicts/{conflict_id}/resolve", operation_id="sync-conflicts-resolve", response_model=ConflictOut
)
def resolve_conflict(conflict_id: uuid.UUID, body: Resolve, ctx: CtxDep) -> ConflictOut:
    return conflicts.resolve(ctx, conflict_id, body.choice)
