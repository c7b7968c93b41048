from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from sampark.calendars import service
from sampark.calendars.schemas import CalendarFeedOut, InviteIn, InviteOut
from sampark.core.errors import NotFound
from sampark.db import Database
from sampark.deps import CtxDep, DbDep, IdempotencyDep

router = APIRouter(tags=["calendars"])


@router.get("/me/calendar-feed", operation_id="calendar-feed-get", response_model=CalendarFeedOut)
def get_feed(ctx: CtxDep) -> CalendarFeedOut:
    """Your private calendar feed's state (404 when you have none). The URL itself is shown
    only when the feed is created or rotated."""
    return service.my_feed(ctx)


@router.post("/me/calendar-feed", operation_id="calendar-feed-rotate", response_model=CalendarFeedOut)
def rotate_feed(ctx: CtxDep) -> CalendarFeedOut:
    """Create your feed, or replace its URL (the old one stops working). The answer carries
    the URL: copy it now, it is not shown again."""
    return service.rotate_my_feed(ctx)


@router.delete(
    "/me/calendar-feed", operation_id="calendar-feed-delete", status_code=204, response_class=Response
)
def delete_feed(ctx: CtxDep) -> Response:
    """Revoke your feed: its URL answers 404 from now on."""
    service.revoke_my_feed(ctx)
    return Response(status_code=204)


invite_router = APIRouter(tags=["activities"])


@invite_router.post(
    "/activities/{activity_id}/invite",
    operation_id="activities-invite",
    response_model=InviteOut,
    status_code=202,
)
def invite(activity_id: uuid.UUID, body: InviteIn, ctx: CtxDep, idem: IdempotencyDep) -> InviteOut:
    """E-mail an invitation (.ics, METHOD:REQUEST) for a meeting or visit, from you as the
    organizer, to the linked person and any extra addresses. Sending the same invitation again
    (same version of the activity, same attendees) queues nothing (`queued: false`)."""
    return idem.run(lambda: service.invite(ctx, activity_id, body), status_code=202)  # type: ignore[no-any-return]


# The feed calendar apps fetch: outside /api/v1, authenticated by its secret URL alone.
public_router = APIRouter(include_in_schema=False)


def _feed(db: Database, token: str) -> bytes:
    with db.session(write=False) as session:
        found = service.feed_owner(session, token)
        if found is None:
            raise NotFound("No such calendar.")
        user_id, stale = found
        document = service.feed_document(session, user_id)
    if stale:
        with db.session() as session:
            service.touch(session, user_id)
    return document


@public_router.api_route("/calendar/{token}.ics", methods=["GET", "HEAD"])
async def calendar_feed(token: str, request: Request, db: DbDep) -> Response:
    document = await run_in_threadpool(_feed, db, token)
    return Response(
        content=b"" if request.method == "HEAD" else document,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="sampark.ics"',
            "Cache-Control": "private, max-age=300",
            "Content-Length": str(len(document)),
        },
    )
