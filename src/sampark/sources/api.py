from __future__ import annotations

import uuid

from fastapi import APIRouter

from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep
from sampark.sources import service
from sampark.sources.schemas import SourceCreate, SourceOut, SourceUpdate, SourceWithKey

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("", operation_id="sources-list", response_model=list[SourceOut])
def list_sources(ctx: CtxDep) -> list[SourceOut]:
    """Where customer data comes from, most trusted first."""
    return service.list_sources(ctx)


@router.post("", operation_id="sources-create", response_model=SourceWithKey, status_code=201)
def create_source(body: SourceCreate, ctx: CtxDep, idem: IdempotencyDep) -> SourceWithKey:
    """Admins: register a source. The answer holds its write key, shown only this once."""
    return idem.run(lambda: service.create_source(ctx, body))  # type: ignore[no-any-return]


@router.get("/{source_id}", operation_id="sources-get", response_model=SourceOut)
def get_source(source_id: uuid.UUID, ctx: CtxDep) -> SourceOut:
    return service.get_source(ctx, source_id)


@router.patch("/{source_id}", operation_id="sources-update", response_model=SourceOut)
def update_source(source_id: uuid.UUID, body: SourceUpdate, ctx: CtxDep, version: IfMatchDep) -> SourceOut:
    """Rename, change kind or trust priority; `is_active: false` refuses its write key."""
    return service.update_source(ctx, source_id, body, version)


@router.post("/{source_id}/rotate-key", operation_id="sources-rotate-key", response_model=SourceWithKey)
def rotate_key(source_id: uuid.UUID, ctx: CtxDep) -> SourceWithKey:
    """A new write key, shown once; the old key stops working at once."""
    return service.rotate_key(ctx, source_id)
