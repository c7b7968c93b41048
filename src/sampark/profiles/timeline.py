"""One timeline per person: tracked events, orders, refunds, activities, deals, merges, tickets and social posts,
newest first, across kinds.

Each kind is read by its own domain's `timeline_rows` with the keyset `(occurred_at, id) <
cursor` and `LIMIT n` on its person index; the lists are merged here and the first n kept, so
a page costs the same for a person with ten events or a hundred thousand. A kind the caller's
role may not read is left out."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime

from sampark.activities import service as activities
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.pagination import Page, clamp_limit
from sampark.core.timeline import Before, TimelineEntry
from sampark.deals import service as deals
from sampark.merges import service as merges
from sampark.orders import service as orders
from sampark.people import service as people
from sampark.profiles.schemas import TimelineItem, TimelineKind
from sampark.social import service as social
from sampark.tickets import service as tickets
from sampark.tracking import service as tracking

EVENT_KINDS = (TimelineKind.track, TimelineKind.page, TimelineKind.screen, TimelineKind.identify)


def encode(entry: TimelineEntry) -> str:
    raw = json.dumps([entry.occurred_at.isoformat(), str(entry.id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None) -> Before:
    if not cursor:
        return None
    try:
        at, row_id = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        when = datetime.fromisoformat(at)
        if when.tzinfo is None:
            raise ValueError("naive time")
        return when, uuid.UUID(row_id)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            "The cursor is not valid for this timeline.", errors=[FieldError("cursor", "invalid cursor")]
        ) from exc


def person_timeline(
    ctx: Ctx, person_id: uuid.UUID, kinds: list[TimelineKind] | None, cursor: str | None, limit: int | None
) -> Page[TimelineItem]:
    people.get_person(ctx, person_id)  # 404 unless the caller may see the person
    size = clamp_limit(limit)
    before = decode(cursor)
    wanted = set(kinds or TimelineKind)
    n = size + 1
    found: list[TimelineEntry] = []
    event_types = [k.value for k in EVENT_KINDS if k in wanted]
    found += tracking.timeline_rows(ctx, person_id, event_types, before, n)
    if TimelineKind.order in wanted:
        found += orders.timeline_rows(ctx, person_id, before, n)
    if TimelineKind.refund in wanted:
        found += orders.refund_timeline_rows(ctx, person_id, before, n)
    if TimelineKind.activity in wanted:
        found += activities.timeline_rows(ctx, person_id, before, n)
    if TimelineKind.deal in wanted:
        found += deals.timeline_rows(ctx, person_id, before, n)
    if TimelineKind.merge in wanted:
        found += merges.timeline_rows(ctx, person_id, before, n)
    if TimelineKind.ticket in wanted:
        found += tickets.timeline_rows(ctx, person_id, before, n)
    if TimelineKind.social in wanted:
        found += social.timeline_rows(ctx, person_id, before, n)
    found.sort(key=lambda e: (e.occurred_at, e.id), reverse=True)
    page = found[:size]
    next_cursor = encode(page[-1]) if len(found) > size and page else None
    items = [
        TimelineItem(
            kind=TimelineKind(e.kind),
            id=e.id,
            occurred_at=e.occurred_at,
            title=e.title,
            summary=e.summary,
            detail=e.detail,
        )
        for e in page
    ]
    return Page[TimelineItem](items=items, next_cursor=next_cursor, limit=size)
