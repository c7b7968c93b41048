from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from sampark.deps import CtxDep, DbDep, PrincipalDep
from sampark.notifications import service, stream
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


@router.get("/unread-count", operation_id="notifications-unread-count", summary="How many are unread")
def unread_count(ctx: CtxDep) -> dict[str, int]:
    return {"unread": service.unread_count(ctx)}


@router.get(
    "/stream",
    operation_id="notifications-stream",
    summary="Live notifications (Server-Sent Events)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "An event stream"}},
)
async def notification_stream(request: Request, principal: PrincipalDep, db: DbDep) -> StreamingResponse:
    """`text/event-stream`, for `new EventSource("/api/v1/notifications/stream")` (the session
    cookie authenticates it). On connect `event: unread` with `{"unread": n}`; then `event:
    notification` with a notification (as in the list) for each new one, `event: unread` when
    the count changes, and a comment line every 15 s. Reconnecting clients get the current
    count again; notifications missed while away are in the list."""
    return StreamingResponse(
        stream.events(request, db, principal.user_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.post("/{notification_id}/read", operation_id="notifications-read", summary="Mark one read")
def read_one(ctx: CtxDep, notification_id: uuid.UUID) -> NotificationOut:
    return service.mark_read(ctx, notification_id)


@router.post("/read-all", operation_id="notifications-read-all", summary="Mark all read")
def read_all(ctx: CtxDep) -> dict[str, int]:
    return {"marked": service.mark_all_read(ctx)}
