"""The Segment-compatible tracking API: `/v1/identify`, `/track`, `/page`, `/screen`, `/group`,
`/alias` and `/batch`. Point Segment's or RudderStack's libraries at Sampark's address with a
source's write key and they work unchanged."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
import zlib
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request

from sampark.core.errors import FieldError, NotAuthenticated, PayloadTooLarge, ValidationFailed
from sampark.core.pagination import Page
from sampark.deps import CtxDep, DbDep, SessionDep
from sampark.sources import service as sources
from sampark.sources.service import SourceRef
from sampark.tracking import inbox, service
from sampark.tracking.schemas import Accepted, EventOut, IdentityOut, MessageType

router = APIRouter(prefix="/v1", tags=["tracking"])
people_router = APIRouter(prefix="/people", tags=["people"])

MAX_CALL_BYTES = 32 * 1024  # Segment's limits: 32 KB a call, 500 KB a batch
MAX_BATCH_BYTES = 512 * 1024


def _basic_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.split(":", 1)[0] or None


def _gunzip(raw: bytes, limit: int) -> bytes:
    """Libraries may gzip their batches (RudderStack's do by default). Inflated at most to the
    limit plus one byte, so a small bomb cannot fill memory."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise ValidationFailed(
            "The body is not valid gzip.", errors=[FieldError("body", "not valid gzip", "gzip_invalid")]
        ) from exc
    return out


def _slow_json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ValidationFailed(
            "The body is not valid JSON in UTF-8.",
            errors=[FieldError("body", "not valid JSON", "json_invalid")],
        ) from exc


async def _payload(request: Request) -> dict[str, Any]:
    raw = await request.body()
    limit = MAX_BATCH_BYTES if request.url.path.endswith("/batch") else MAX_CALL_BYTES
    if request.headers.get("content-encoding", "").lower() == "gzip":
        raw = _gunzip(raw, limit)
    if len(raw) > limit:
        raise PayloadTooLarge.over(limit)
    try:
        data = orjson.loads(raw or b"{}")
    except orjson.JSONDecodeError:
        data = _slow_json(raw)  # what orjson refuses and the standard library takes (huge integers)
    if not isinstance(data, dict):
        raise ValidationFailed(
            "Expected a JSON object.", errors=[FieldError("body", "expected a JSON object")]
        )
    return data


PayloadDep = Annotated[dict[str, Any], Depends(_payload)]


def _source(request: Request, payload: PayloadDep, db: DbDep) -> SourceRef:
    key = _basic_key(request) or payload.get("writeKey")
    source = None
    if isinstance(key, str):
        # A read of its own: the call's write transaction (on SQLite, the write lock) begins only
        # once its messages are validated, in `inbox.accept`.
        with db.session(write=False) as session:
            source = sources.find_by_write_key(session, key)
    if source is None:
        raise NotAuthenticated(
            "Send a source's write key as the HTTP Basic user name (or as `writeKey`).",
            code="invalid_write_key",
        )
    return source


SourceDep = Annotated[SourceRef, Depends(_source)]

EXAMPLE = {"userId": "u-1001", "traits": {"name": "Nusrat Jahan", "email": "nusrat@example.com"}}


def _body_doc(example: dict[str, Any]) -> dict[str, Any]:
    """The request body as documented: read by hand (to name bad messages and to accept the
    write key inside it), so FastAPI cannot describe it by itself."""
    schema = {"type": "object", "additionalProperties": True}
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema, "example": example}},
        }
    }


CALL_DOC = _body_doc(EXAMPLE)
BATCH_DOC = _body_doc(
    {
        "batch": [
            {
                "type": "track",
                "userId": "u-1001",
                "event": "Order Completed",
                "properties": {"total": 1250, "currency": "BDT"},
                "messageId": "m-1",
            }
        ]
    }
)


def _one(kind: MessageType, payload: dict[str, Any], source: SourceRef, session: SessionDep) -> Accepted:
    result = inbox.accept(session, source, [payload], kind, "")
    return Accepted(accepted=result.accepted, duplicates=result.duplicates)


@router.post("/identify", operation_id="tracking-identify", response_model=Accepted, openapi_extra=CALL_DOC)
def identify(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """Who a user is: their traits. Creates the person if no identifier matches one."""
    return _one(MessageType.identify, payload, source, session)


@router.post("/track", operation_id="tracking-track", response_model=Accepted, openapi_extra=CALL_DOC)
def track(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """Something a user did (`event`, `properties`)."""
    return _one(MessageType.track, payload, source, session)


@router.post("/page", operation_id="tracking-page", response_model=Accepted, openapi_extra=CALL_DOC)
def page(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """A page view (`name`, `properties.url`)."""
    return _one(MessageType.page, payload, source, session)


@router.post("/screen", operation_id="tracking-screen", response_model=Accepted, openapi_extra=CALL_DOC)
def screen(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """A screen view in an app."""
    return _one(MessageType.screen, payload, source, session)


@router.post("/group", operation_id="tracking-group", response_model=Accepted, openapi_extra=CALL_DOC)
def group(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """The user belongs to a group (`groupId`, `traits`)."""
    return _one(MessageType.group, payload, source, session)


@router.post("/alias", operation_id="tracking-alias", response_model=Accepted, openapi_extra=CALL_DOC)
def alias(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """`previousId` and `userId` are the same person: their events join up."""
    return _one(MessageType.alias, payload, source, session)


@router.post("/batch", operation_id="tracking-batch", response_model=Accepted, openapi_extra=BATCH_DOC)
def batch(payload: PayloadDep, source: SourceDep, session: SessionDep) -> Accepted:
    """Many calls at once (`{"batch": [{"type": "track", …}, …]}`), as the libraries send them.
    One invalid message refuses the whole call and names it; nothing is stored."""
    items = payload.get("batch")
    if not isinstance(items, list) or len(items) > 2_500:
        raise ValidationFailed(
            "Expected `batch`: a list of at most 2,500 messages.",
            errors=[FieldError("batch", "a list of at most 2,500 messages")],
        )
    shared = payload.get("context") if isinstance(payload.get("context"), dict) else {}
    if shared:
        items = [
            {**item, "context": {**shared, **(item.get("context") or {})}} if isinstance(item, dict) else item
            for item in items
        ]
    result = inbox.accept(session, source, items, None, "batch")
    return Accepted(accepted=result.accepted, duplicates=result.duplicates)


# --- a person's events and identities (signed-in API) -------------------------------------------


@people_router.get("/{person_id}/events", operation_id="people-events", response_model=Page[EventOut])
def person_events(
    person_id: uuid.UUID,
    ctx: CtxDep,
    type: Annotated[list[MessageType] | None, Query(description="Only these kinds (repeatable)")] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> Page[EventOut]:
    """The person's tracked events (identify, track, page, screen, group, alias), newest first."""
    return service.person_events(ctx, person_id, type, cursor, limit)


@people_router.get(
    "/{person_id}/identities", operation_id="people-identities", response_model=list[IdentityOut]
)
def person_identities(person_id: uuid.UUID, ctx: CtxDep) -> list[IdentityOut]:
    """Every identifier known for the person, with the source that first sent it."""
    return service.person_identities(ctx, person_id)
