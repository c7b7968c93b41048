"""The live notification stream (Server-Sent Events).

One async loop per connection: every `POLL_SECONDS` it reads, in a worker thread and a short
read-only transaction of its own, the user's unread count and the notifications created
since a little before the last look (`LOOKBACK`, so one committed late is not skipped; ids
already sent are remembered, so none is sent twice). A comment line every `HEARTBEAT_SECONDS`
keeps proxies from closing an idle connection. The loop ends when the client goes away.

Events: `unread` with `{"unread": n}` on connect and whenever the count changes (e.g. read in
another tab), and `notification` with a NotificationOut for each new one (its `id:` is the
notification's id)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from sampark.core.clock import as_utc, utcnow
from sampark.db import Database
from sampark.notifications import service
from sampark.notifications.schemas import NotificationOut

POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0
LOOKBACK = timedelta(seconds=60)
RETRY_MS = 5000


def _event(name: str, data: str, event_id: str | None = None) -> str:
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {name}\ndata: {data}\n\n"


def _poll(db: Database, user_id: uuid.UUID, since: datetime) -> tuple[int, list[NotificationOut]]:
    with db.session(write=False) as session:
        return service.count_unread(session, user_id), service.recent_for(session, user_id, since)


async def events(request: Request, db: Database, user_id: uuid.UUID) -> AsyncIterator[str]:
    started = utcnow()
    unread, recent = await run_in_threadpool(_poll, db, user_id, started - LOOKBACK)
    seen: dict[uuid.UUID, datetime] = {n.id: as_utc(n.created_at) for n in recent}
    yield f"retry: {RETRY_MS}\n" + _event("unread", json.dumps({"unread": unread}))
    last_beat = time.monotonic()
    looked_at = started
    while True:
        waited = 0.0
        while waited < POLL_SECONDS:
            if await request.is_disconnected():
                return
            step = min(0.5, POLL_SECONDS - waited)
            await _sleep(step)
            waited += step
        now = utcnow()
        count, recent = await run_in_threadpool(_poll, db, user_id, looked_at - LOOKBACK)
        looked_at = now
        for item in recent:
            if item.id in seen:
                continue
            seen[item.id] = as_utc(item.created_at)
            yield _event("notification", item.model_dump_json(), str(item.id))
        horizon = now - 2 * LOOKBACK
        for key in [k for k, at in seen.items() if at < horizon]:
            del seen[key]
        if count != unread:
            unread = count
            yield _event("unread", json.dumps({"unread": unread}))
        if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
            last_beat = time.monotonic()
            yield ": keep-alive\n\n"


async def _sleep(seconds: float) -> None:
    import anyio

    await anyio.sleep(seconds)
