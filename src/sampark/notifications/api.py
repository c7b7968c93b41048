from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from sampark.deps import CtxDep
from sampark.notifications import service
from sampark.notifications.schemas import NotificationOut, NotificationPage

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("", operation_id="notifications-list", summary="My notifications, newest first")
def list_notifications(
    ctx: CtxDep,
    unread: Annotated[bool, Query(description="Only unread ones")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    before: Annotated[datetime | None, Query(description="next_before from the previous page")] = None,
) -> NotificationPage:
    return service.list_mine(ctx, unread_only=unread, limit=limit, before=before)


@router.post("/{notification_id}/read", operation_id="notifications-read", summary="Mark one read")
def read_one(ctx: CtxDep, notification_id: uuid.UUID) -> NotificationOut:
    return service.mark_read(ctx, notification_id)


@router.post("/read-all", operation_id="notifications-read-all", summary="Mark all read")
def read_all(ctx: CtxDep) -> dict[str, int]:
    return {"marked": service.mark_all_read(ctx)}
