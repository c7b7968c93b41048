"""Tracking events in, identities resolved, timelines out.

Calls are accepted into an inbox and drained by the worker (`inbox.py`); the drain hands each
batch to `ingest`, which resolves the messages to people in memory against one lookup
(`identity.BatchResolver`) and writes them as events in bulk. The rest reads: a person's events,
identities, timeline rows and engagement, and the events workflow rules trigger on."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.ids import new_id
from sampark.core.pagination import Page, Sort, clamp_limit, fetch_page
from sampark.core.text import clean_text
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.core.upsert import insert_ignoring_conflicts
from sampark.identity import service as identity
from sampark.identity.service import Key, Kind
from sampark.merges import service as merges
from sampark.people import service as people
from sampark.people.schemas import PersonCreate
from sampark.settings import get_settings
from sampark.sources.service import SourceRef
from sampark.tracking.models import Event
from sampark.tracking.schemas import EventOut, IdentityOut, Message, MessageType

MAX_ERRORS = 20


class PlainMessage:
    """A message the accept step found plain (`_plain`), read back from the inbox without the
    model: the same attributes as `Message`, for the drain's thousands a second."""

    __slots__ = ("anonymous_id", "context", "event", "group_id", "message_id", "name",
                 "original_timestamp", "previous_id", "properties", "timestamp", "traits", "type",
                 "user_id")  # fmt: skip

    def __init__(self, data: dict[str, Any]) -> None:
        self.type: MessageType | None = MessageType(data["type"])
        self.user_id: str | None = data.get("userId")
        self.anonymous_id: str | None = data.get("anonymousId")
        self.message_id: str | None = data.get("messageId")
        self.timestamp = _stamp(data.get("timestamp"))
        self.original_timestamp = _stamp(data.get("originalTimestamp"))
        self.context: dict[str, Any] = data.get("context") or {}
        self.properties: dict[str, Any] = data.get("properties") or {}
        self.traits: dict[str, Any] = data.get("traits") or {}
        self.event: str | None = data.get("event")
        self.name: str | None = data.get("name")
        self.group_id: str | None = data.get("groupId")
        self.previous_id: str | None = data.get("previousId")


def _stamp(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


AnyMessage = Message | PlainMessage


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    people_created: int = 0


def _occurred(message: AnyMessage, received: datetime) -> datetime:
    stamp = message.timestamp or message.original_timestamp
    if stamp is None:
        return received
    stamp = as_utc(stamp)
    # A client clock far ahead would put events above everything on the timeline.
    return min(stamp, received) if message.original_timestamp is None else stamp


def _keys(message: AnyMessage) -> list[Key]:
    keys: list[Key] = []
    for kind, raw in ((Kind.user_id, message.user_id), (Kind.anonymous_id, message.anonymous_id)):
        value = identity.normalise(kind, raw)
        if value:
            keys.append((kind.value, value))
    if message.type is MessageType.identify:
        for kind in (Kind.email, Kind.phone):
            value = identity.normalise(kind, message.traits.get(kind.value))
            if value:
                keys.append((kind.value, value))
    return keys


def _text(value: Any, limit: int = 200) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = clean_text(value)[:limit]
    return cleaned or None


def person_from_traits(message: AnyMessage) -> PersonCreate:
    """A new person from an identify call's traits (Segment's reserved names), keeping only
    what is valid: a bad e-mail in the traits does not cost the event."""
    traits = message.traits
    found = traits.get("address")
    address: dict[str, Any] = found if isinstance(found, dict) else {}
    fields: dict[str, Any] = {
        "given_name": _text(traits.get("firstName") or traits.get("first_name")),
        "family_name": _text(traits.get("lastName") or traits.get("last_name")),
        "display_name": _text(traits.get("name"), 400),
        "city": _text(address.get("city"), 120),
        "lead_source": _text(traits.get("source") or "tracking", 60),
    }
    email = identity.normalise(Kind.email, traits.get("email"))
    phone = identity.normalise(Kind.phone, traits.get("phone"))
    if email:
        fields["emails"] = [{"email": email, "primary": True}]
    if phone:
        fields["phones"] = [{"number": phone, "primary": True}]
    if not (fields["given_name"] or fields["family_name"] or fields["display_name"] or email or phone):
        fields["display_name"] = f"User {message.user_id or message.anonymous_id}"[:400]
    try:
        return PersonCreate.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError:
        return PersonCreate(display_name=f"User {message.user_id or message.anonymous_id}"[:400])


def _dumps(data: dict[str, Any]) -> str:
    try:
        return orjson.dumps(data).decode()
    except (TypeError, orjson.JSONEncodeError):  # e.g. an integer beyond 64 bits
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _insert(session: Session) -> Any:
    # Core, not the ORM's bulk path: events are never loaded back into this session.
    return insert_ignoring_conflicts(session, Event, ["source_id", "message_id"])


_SQLITE_INSERT = (
    "INSERT INTO events (id, source_id, message_id, type, name, person_id, user_id, anonymous_id,"
    " properties, context, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (source_id, message_id) DO NOTHING"
)


def _sqlite_time(value: datetime) -> str:
    # As SQLAlchemy stores a UtcDateTime on SQLite: UTC wall time with microseconds.
    return as_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")


def _insert_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """The events in one executemany. On SQLite the values go to the driver as SQLAlchemy would
    store them (uuids as 32 hex digits, JSON text, UTC wall times) without its per-value
    processing, which cost more than the insert itself; elsewhere through Core."""
    if session.get_bind().dialect.name != "sqlite":
        session.connection().execute(_insert(session), rows)
        return
    times: dict[datetime, str] = {}

    def when(value: datetime) -> str:
        text = times.get(value)
        if text is None:
            text = times[value] = _sqlite_time(value)
        return text

    params = [
        (
            r["id"].hex,
            r["source_id"].hex,
            r["message_id"],
            r["type"],
            r["name"],
            r["person_id"].hex if r["person_id"] is not None else None,
            r["user_id"],
            r["anonymous_id"],
            _dumps(r["properties"]),
            _dumps(r["context"]),
            when(r["occurred_at"]),
            when(r["received_at"]),
        )
        for r in rows
    ]
    session.connection().exec_driver_sql(_SQLITE_INSERT, params)


def _link_earlier(session: Session, links: dict[Key, uuid.UUID]) -> None:
    """Events sent before we knew who sent them join the person now identified."""
    by_kind: dict[str, list[dict[str, Any]]] = {Kind.user_id.value: [], Kind.anonymous_id.value: []}
    for (kind, value), person_id in links.items():
        if kind in by_kind:
            by_kind[kind].append({"v": value, "p": person_id})
    for kind, params in by_kind.items():
        if params:
            column = Event.user_id if kind == Kind.user_id.value else Event.anonymous_id
            statement = (
                update(Event)
                .where(column == bindparam("v"), Event.person_id.is_(None))
                .values(person_id=bindparam("p"))
            )
            session.connection().execute(statement, params)


def ingest(
    session: Session,
    source: SourceRef,
    messages: Sequence[AnyMessage],
    received_at: Sequence[datetime] | None = None,
    *,
    check_stored: bool = True,
) -> IngestResult:
    """Resolve and store messages of one source as events (the drain calls it with what the
    inbox holds; `received_at`: when each was accepted, now if not given): replays skipped,
    identities resolved in order for the whole batch at once, people and identities written in
    bulk, then the events in one statement."""
    result = IngestResult()
    now = utcnow()
    received_of = {id(m): at for m, at in zip(messages, received_at, strict=True)} if received_at else {}
    for message in messages:
        if not message.message_id:
            message.message_id = f"sampark-{uuid.uuid4()}"
    unique: dict[str, AnyMessage] = {}
    for message in messages:
        unique.setdefault(message.message_id or "", message)
    seen = _stored(session, source.id, list(unique)) if check_stored else set()
    fresh = [m for key, m in unique.items() if key not in seen]
    result.duplicates = len(messages) - len(fresh)
    if not fresh:
        return result

    keys_of = {id(m): _keys(m) for m in fresh}
    every_key = [k for keys in keys_of.values() for k in keys]
    for m in fresh:
        if m.type is MessageType.alias:
            every_key += _previous_keys(m)
    resolver = identity.BatchResolver(session, every_key, source.id, source.name)
    links: dict[Key, uuid.UUID] = {}
    bridges: list[tuple[uuid.UUID, uuid.UUID]] = []
    rows: list[dict[str, Any]] = []
    for message in fresh:
        received = received_of.get(id(message), now)
        keys = keys_of[id(message)]
        person_id = resolver.person_for(keys)
        if message.type is MessageType.identify:
            resolution = resolver.resolve(keys, person_from_traits(message))
            person_id = resolution.person_id if resolution else None
            bridges += [(resolution.person_id, other) for other in resolution.bridged] if resolution else []
        elif message.type is MessageType.alias:
            # The previous id as whichever kind is on record; unknown, it is taken as anonymous.
            candidates = _previous_keys(message)
            previous = [k for k in candidates if resolver.holders.get(k)] or candidates[1:]
            keys = [*keys, *previous]
            resolution = resolver.resolve(keys, None, limits=False)
            person_id = resolution.person_id if resolution else None
            bridges += [(resolution.person_id, other) for other in resolution.bridged] if resolution else []
        if person_id is not None and message.type in (MessageType.identify, MessageType.alias):
            links.update(dict.fromkeys(keys, person_id))
        rows.append(
            {
                "id": new_id(),
                "source_id": source.id,
                "message_id": message.message_id,
                "type": message.type.value if message.type else "track",
                "name": message.event or message.name or message.group_id,
                "person_id": person_id,
                "user_id": message.user_id,
                "anonymous_id": message.anonymous_id,
                "properties": message.traits
                if message.type in (MessageType.identify, MessageType.group)
                else message.properties,
                "context": message.context,
                "occurred_at": _occurred(message, received),
                "received_at": received,
            }
        )
    result.people_created = resolver.write()
    _insert_events(session, rows)
    _link_earlier(session, links)  # after the insert: earlier messages of this batch join too
    if bridges:  # last: the merge moves this batch's events too
        merges.merge_bridges(session, bridges, source.name)
    result.accepted = len(rows)
    return result


def _previous_keys(message: AnyMessage) -> list[Key]:
    """An alias's previousId is an old user id or an anonymous id: either may be on record."""
    prev = message.previous_id or ""
    return [(Kind.user_id.value, prev), (Kind.anonymous_id.value, prev)]


def _stored(session: Session, source_id: uuid.UUID, message_ids: list[str]) -> set[str]:
    """Which of these message ids the source already has as events."""
    found: set[str] = set()
    for start in range(0, len(message_ids), 1000):
        chunk = message_ids[start : start + 1000]
        found.update(
            session.scalars(
                select(Event.message_id).where(Event.source_id == source_id, Event.message_id.in_(chunk))
            )
        )
    return found


# --- reading -----------------------------------------------------------------------------------

_OCCURRED = Sort(
    FieldSpec("occurred_at", Event.occurred_at, FieldType.datetime, sortable=True, nullable=False), True
)


def person_events(
    ctx: Ctx, person_id: uuid.UUID, types: list[MessageType] | None, cursor: str | None, limit: int | None
) -> Page[EventOut]:
    """A person's tracked events, newest first (keyset on occurred_at, id)."""
    people.get_person(ctx, person_id)  # 404 unless the caller may see this person
    size = clamp_limit(limit)
    stmt = select(Event).where(Event.person_id == person_id)
    if types:
        stmt = stmt.where(Event.type.in_([t.value for t in types]))
    rows, next_cursor = fetch_page(ctx.session, stmt, _OCCURRED, Event.id, cursor, size)
    return Page[EventOut](
        items=[EventOut.model_validate(r) for r in rows], next_cursor=next_cursor, limit=size
    )


def person_identities(ctx: Ctx, person_id: uuid.UUID) -> list[IdentityOut]:
    people.get_person(ctx, person_id)
    rows = identity.identities_of(ctx.session, person_id)
    counts = identity.holder_counts(ctx.session, [(r.kind, r.value) for r in rows])
    limit = get_settings().identity_weak_threshold
    return [
        IdentityOut.model_validate(r).model_copy(update={"weak": counts.get((r.kind, r.value), 0) > limit})
        for r in rows
    ]


def timeline_rows(
    ctx: Ctx, person_id: uuid.UUID, types: list[str], before: Before, limit: int
) -> list[TimelineEntry]:
    """The person's newest tracked events of `types` before `before` (off ix_events_person_occurred)."""
    if not types:
        return []
    rows = ctx.session.scalars(
        select(Event)
        .where(
            Event.person_id == person_id, Event.type.in_(types), keyset(Event.occurred_at, Event.id, before)
        )
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(limit)
    ).all()
    out = []
    for e in rows:
        props = e.properties or {}
        if e.type == "track":
            title = e.name or "Event"
        elif e.type in ("page", "screen"):
            title = f"Viewed {e.name or props.get('url') or props.get('path') or e.type}"
        else:
            title = "Identified"
        summary = props.get("url") or props.get("path") if e.type == "page" else None
        detail = {"type": e.type, "name": e.name, "properties": props}
        out.append(TimelineEntry(e.type, e.id, e.occurred_at, str(title)[:300], summary, detail))
    return out


def activity_span(session: Session, person_id: uuid.UUID) -> tuple[datetime | None, datetime | None]:
    """First and last event of a person."""
    row = session.execute(
        select(func.min(Event.occurred_at), func.max(Event.occurred_at)).where(Event.person_id == person_id)
    ).one()
    return _as_dt(row[0]), _as_dt(row[1])


def _as_dt(value: Any) -> datetime | None:
    if value is None:
        return None
    return as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def engagement_counts(session: Session, person_id: uuid.UUID, now: datetime) -> dict[str, list[int]]:
    """Events per type in the last 7 days, 8–30 days and 31–90 days."""
    d7, d30, d90 = (now - timedelta(days=d) for d in (7, 30, 90))
    rows = session.execute(
        select(
            Event.type,
            func.sum(case((Event.occurred_at >= d7, 1), else_=0)),
            func.sum(case((Event.occurred_at < d7, 1), else_=0)).filter(Event.occurred_at >= d30),
            func.sum(case((Event.occurred_at < d30, 1), else_=0)),
        )
        .where(Event.person_id == person_id, Event.occurred_at >= d90, Event.occurred_at <= now)
        .group_by(Event.type)
    ).all()
    return {t: [int(a or 0), int(b or 0), int(c or 0)] for t, a, b, c in rows}


# --- for workflow rules triggered by a tracked event ------------------------------------------


def latest_event_id(session: Session) -> uuid.UUID | None:
    return session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))


def named_events_after(
    session: Session, after: uuid.UUID | None, received_before: datetime, *, limit: int
) -> list[tuple[uuid.UUID, str | None, uuid.UUID | None]]:
    """(id, name, person id) of track events after `after` (ids are time-ordered), received
    before `received_before`, oldest first."""
    stmt = select(Event.id, Event.name, Event.person_id).where(
        Event.type == "track", Event.received_at < received_before
    )
    if after is not None:
        stmt = stmt.where(Event.id > after)
    return [(r[0], r[1], r[2]) for r in session.execute(stmt.order_by(Event.id).limit(limit))]
