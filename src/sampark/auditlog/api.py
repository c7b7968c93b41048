from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from sampark.auditlog import service
from sampark.auditlog.schemas import AuditEntryOut, ChainReportOut, HistoryEntryOut, RecordType
from sampark.core.pagination import Page
from sampark.deps import CtxDep

router = APIRouter(prefix="/audit", tags=["audit"])

Limit = Annotated[int | None, Query(ge=1, le=200, description="Page size, 1–200 (default 50)")]
Cursor = Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page")]


@router.get("", operation_id="audit-list", response_model=Page[AuditEntryOut])
def list_entries(
    ctx: CtxDep,
    limit: Limit = None,
    cursor: Cursor = None,
    actor_id: Annotated[uuid.UUID | None, Query(description="Who acted")] = None,
    action: Annotated[
        str | None, Query(max_length=40, description="create, update, delete, complete, permission_denied, …")
    ] = None,
    object_type: Annotated[str | None, Query(max_length=40, description="people, deals, users, …")] = None,
    object_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query(alias="from", description="At or after (ISO 8601)")] = None,
    until: Annotated[datetime | None, Query(alias="to", description="Before (ISO 8601)")] = None,
) -> Page[AuditEntryOut]:
    """Admins: the audit log, newest first. One record's history:
    `?object_type=people&object_id=<id>`."""
    query = service.AuditQuery(
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )
    return service.list_entries(ctx, query)


@router.get("/verify", operation_id="audit-verify", response_model=ChainReportOut)
def verify(ctx: CtxDep) -> ChainReportOut:
    """Admins: recompute the hash chain; any edited or removed entry is reported by `seq`."""
    return service.verify(ctx)


@router.get(
    "/records/{object_type}/{object_id}",
    operation_id="audit-record-history",
    response_model=Page[HistoryEntryOut],
)
def record_history(
    object_type: RecordType, object_id: uuid.UUID, ctx: CtxDep, limit: Limit = None, cursor: Cursor = None
) -> Page[HistoryEntryOut]:
    """One record's history, newest first, for anyone who may read the record."""
    query = service.AuditQuery(limit=limit, cursor=cursor)
    return service.record_history(ctx, object_type, object_id, query)
