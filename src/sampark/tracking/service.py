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
from sampark.core.errors import ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.ids import new_id, new_id_hex
from sampark.core.pagination import Page, Sort, clamp_limit, fetch_page
from sampark.core.text import clean_text
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.core.upsert import insert_ignoring_conflicts
from sampark.identity import service as identity
from sampark.identity.models import Identity
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
        self.type: MessageType | None = _TYPE_OF[data["type"]]
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


_TYPE_OF = {kind.value: kind for kind in MessageType}  # a dict look-up: the Enum call costs ~1 µs


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


def _plain_id(raw: object) -> bool:
    """An id `identity.normalise` keeps as it is: printable ASCII without spaces (NFC and
    white-space collapsing change nothing), not too long — what libraries send."""
    return (
        type(raw) is str
        and 0 < len(raw) <= identity.MAX_VALUE
        and raw.isascii()
        and raw.isprintable()
        and " " not in raw
    )


def _keys(message: AnyMessage) -> list[Key]:
    keys: list[Key] = []
    for kind, raw in ((Kind.user_id, message.user_id), (Kind.anonymous_id, message.anonymous_id)):
        if raw is None:
            continue
        value = raw if _plain_id(raw) else identity.normalise(kind, raw)
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


def _link_earlier(session: Session, links: dict[Key, uuid.UUID]) -> None:
    """Events sent before we knew who sent them join the person now identified."""
    by_kind: dict[str, list[dict[str, Any]]] = {Kind.user_id.value: [], Kind.anonymous_id.value: []}
    for (kind, value), person_id in links.items():
        if kind in by_kind:
            by_kind[kind].append({"v": value, "p": person_id})
    sqlite = session.get_bind().dialect.name == "sqlite"
    for kind, params in by_kind.items():
        if params and sqlite:  # the driver, under the write lock: ids as SQLAlchemy stores them
            column_name = "user_id" if kind == Kind.user_id.value else "anonymous_id"
            sql = f"UPDATE events SET person_id = ? WHERE {column_name} = ? AND person_id IS NULL"  # noqa: S608 - our column
            rows = [(row["p"].hex, row["v"]) for row in params]
            session.connection().exec_driver_sql(sql, rows)
        elif params:
            column = Event.user_id if kind == Kind.user_id.value else Event.anonymous_id
            statement = (
                update(Event)
                .where(column == bindparam("v"), Event.person_id.is_(None))
                .values(person_id=bindparam("p"))
            )
            session.connection().execute(statement, params)


@dataclass(slots=True)
class Prepared:
    """One message made ready for `store` without the database: its identifiers normalised,
    the person an identify would create, and the event's values as they will be written."""

    message_id: str
    tag: Any  # the caller's handle on the message (the drain: its inbox seq)
    type: MessageType
    keys: list[Key]
    new_person: PersonCreate | None  # identify: who to create when nobody matches
    new_row: tuple[Any, ...] | None  # its people row, made before the lock (`add_person_rows`)
    previous: list[Key]  # alias: the previous id as either kind
    values: tuple[Any, ...]  # the event's columns but its id and person (see `_EVENT_COLUMNS`)


_EVENT_COLUMNS = ("message_id", "type", "name", "user_id", "anonymous_id", "properties", "context",
                  "occurred_at", "received_at")  # fmt: skip


def prepare(
    messages: Sequence[AnyMessage],
    received_at: Sequence[datetime] | None = None,
    tags: Sequence[Any] | None = None,
    *,
    sqlite: bool = False,
) -> tuple[list[Prepared], int]:
    """The work on a batch that needs no database (the drain does it before it takes the write
    lock, so calls are not kept waiting meanwhile): message ids filled in, replays within the
    batch dropped, identifiers normalised, identify traits validated, the event values made —
    on SQLite as the driver stores them (JSON text, UTC wall time). Returns the messages and how
    many replays within the batch were dropped."""
    now = utcnow()
    times: dict[datetime, Any] = {}
    out: dict[str, Prepared] = {}
    for index, message in enumerate(messages):
        if not message.message_id:
            message.message_id = f"sampark-{uuid.uuid4()}"
        if message.message_id in out:
            continue
        received: Any = received_at[index] if received_at else now
        occurred: Any = _occurred(message, received)
        kind = message.type or MessageType.track
        payload: Any = (
            message.traits if kind in (MessageType.identify, MessageType.group) else message.properties
        )
        context: Any = message.context
        if sqlite:
            payload, context = _dumps(payload), _dumps(context)
            occurred = times.get(occurred) or times.setdefault(occurred, _sqlite_time(occurred))
            received = times.get(received) or times.setdefault(received, _sqlite_time(received))
        new_person = person_from_traits(message) if kind is MessageType.identify else None
        out[message.message_id] = Prepared(
            message.message_id,
            tags[index] if tags is not None else None,
            kind,
            _keys(message),
            new_person,
            None,  # `add_person_rows`
            _previous_keys(message) if kind is MessageType.alias else [],
            (message.message_id, kind.value, message.event or message.name or message.group_id,
             message.user_id, message.anonymous_id, payload, context, occurred, received),
        )  # fmt: skip
    return list(out.values()), len(messages) - len(out)


def add_person_rows(session: Session, prepared: Sequence[Prepared]) -> None:
    """The people rows (search text, phone forms, JSON: `people.new_person_row`) of the
    identifies that look like someone new: none of their identifiers on record in a read made
    before the write lock, nor sent by an earlier identify of the batch. A row made for someone
    who turns out known is unused; someone new without a row gets one under the lock (`store`)."""
    wanted = [p for p in prepared if p.new_person is not None]
    by_kind: dict[str, set[str]] = {}
    for item in wanted:
        for kind, value in item.keys:
            by_kind.setdefault(kind, set()).add(value)
    known: set[Key] = set()
    for kind, values in by_kind.items():
        listed = list(values)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            stmt = select(Identity.value).where(Identity.kind == kind, Identity.value.in_(chunk))
            known.update((kind, value) for value in session.scalars(stmt))
    for item in wanted:
        if item.new_person is not None and known.isdisjoint(item.keys):
            try:
                item.new_row = tuple(people.new_person_row(item.new_person).values())
            except ValidationFailed:  # left to `store`, which fails the batch as it always did
                pass
        known.update(item.keys)


def ingest(
    session: Session,
    source: SourceRef,
    messages: Sequence[AnyMessage],
    received_at: Sequence[datetime] | None = None,
    *,
    check_stored: bool = True,
) -> IngestResult:
    """`prepare` and `store` in one go."""
    prepared, replays = prepare(messages, received_at, sqlite=session.get_bind().dialect.name == "sqlite")
    result = store(session, source, prepared, check_stored=check_stored)
    result.duplicates += replays
    return result


def store(
    session: Session, source: SourceRef, prepared: Sequence[Prepared], *, check_stored: bool = True
) -> IngestResult:
    """Resolve prepared messages of one source and store them as events: replays already stored
    skipped (`check_stored`), identities resolved in order for the whole batch at once against
    one lookup, people and identities written in bulk, then the events in one statement, then
    earlier events joined to the people now identified."""
    result = IngestResult()
    seen = (
        _stored(session, source.id, [p.message_id for p in prepared]) if check_stored and prepared else set()
    )
    fresh = [p for p in prepared if p.message_id not in seen] if seen else list(prepared)
    result.duplicates = len(prepared) - len(fresh)
    if not fresh:
        return result
    identify, alias = MessageType.identify, MessageType.alias
    every_key = [k for p in fresh for k in p.keys]
    every_key += [k for p in fresh for k in p.previous]
    # Only identifies and aliases are resolved (the per-person limits read for their holders);
    # the rest, most of the traffic, only look up who holds their ids.
    deciding = [k for p in fresh if p.type is identify or p.type is alias for k in (*p.keys, *p.previous)]
    resolver = identity.BatchResolver(session, every_key, source.id, source.name, deciding=deciding)
    links: dict[Key, uuid.UUID] = {}
    bridges: list[tuple[uuid.UUID, uuid.UUID]] = []
    people_of: list[uuid.UUID | None] = []
    for item in fresh:
        keys = item.keys
        if item.type is identify:
            resolution = resolver.resolve(keys, item.new_person)
        elif item.type is alias:
            # The previous id as whichever kind is on record; unknown, it is taken as anonymous.
            previous = [k for k in item.previous if resolver.holders.get(k)] or item.previous[1:]
            keys = [*keys, *previous]
            resolution = resolver.resolve(keys, None, limits=False)
        else:
            people_of.append(resolver.person_for(keys))
            continue
        if resolution is None:
            people_of.append(None)
            continue
        people_of.append(resolution.person_id)
        bridges += [(resolution.person_id, other) for other in resolution.bridged]
        links.update(dict.fromkeys(keys, resolution.person_id))
    result.people_created = _create_people(session, resolver, fresh, source.name)
    resolver.write()
    # Ids made under the write lock: event ids grow in commit order (workflow rules read on by id).
    _insert_events(session, source.id, fresh, people_of)
    _link_earlier(session, links)  # after the insert: earlier messages of this batch join too
    if bridges:  # last: the merge moves this batch's events too
        merges.merge_bridges(session, bridges, source.name)
    result.accepted = len(fresh)
    return result


def _create_people(
    session: Session, resolver: identity.BatchResolver, items: Sequence[Prepared], source_name: str
) -> int:
    """Write the people the resolver decided to create from the rows `prepare` made for them
    (their search text, phone forms and JSON were made before the write lock); the resolver's
    `write` then adds only the identities (and any person without a ready row)."""
    ready = {id(item.new_person): item.new_row for item in items if item.new_row is not None}
    rows: list[tuple[uuid.UUID, tuple[Any, ...]]] = []
    rest: list[tuple[uuid.UUID, PersonCreate]] = []
    for person_id, data in resolver.new_people:
        row = ready.pop(id(data), None)  # pop: one row makes at most one person
        if row is None:
            rest.append((person_id, data))
        else:
            rows.append((person_id, row))
    people.create_rows_from_source(session, rows, source_name)
    resolver.new_people = rest
    return len(rows) + len(rest)


def _insert_events(
    session: Session, source_id: uuid.UUID, items: Sequence[Prepared], people_of: Sequence[uuid.UUID | None]
) -> None:
    """The events in one executemany. On SQLite the values go to the driver as SQLAlchemy would
    store them (uuids as 32 hex digits, JSON text, UTC wall times — made by `prepare`) without
    its per-value processing, which cost more than the insert itself; elsewhere through Core."""
    if session.get_bind().dialect.name != "sqlite":
        rows = []
        for item, person_id in zip(items, people_of, strict=True):
            row = dict(zip(_EVENT_COLUMNS, item.values, strict=True))
            row.update(id=new_id(), source_id=source_id, person_id=person_id)
            rows.append(row)
        session.connection().execute(_insert(session), rows)
        return
    source = source_id.hex
    params = [
        (new_id_hex(), source, m, t, n, p.hex if p is not None else None, u, a, props, ctx, occ, rec)
        for (m, t, n, u, a, props, ctx, occ, rec), p in zip(
            (item.values for item in items), people_of, strict=True
        )
    ]
    # In the order of ix_events_person_occurred (the ids are made above, so they still grow in
    # arrival order): each person's events land on their leaf page together, one descent and
    # one read of each page a batch, where arrival order jumps across the whole index.
    params.sort(key=_person_order)
    session.connection().exec_driver_sql(_SQLITE_INSERT, params)


def _person_order(row: tuple[Any, ...]) -> tuple[str, str]:
    """An `_SQLITE_INSERT` row's (person_id, occurred_at): its 6th and 11th values."""
    return row[5] or "", row[10]


def _previous_keys(message: AnyMessage) -> list[Key]:
    """An alias's previousId is an old user id or an anonymous id: either may be on record."""
    prev = message.previous_id or ""
    return [(Kind.user_id.value, prev), (Kind.anonymous_id.value, prev)]


def _stored(session: Session, source_id: uuid.UUID, message_ids: list[str]) -> set[str]:
    """Which of these message ids the source already has as events."""
    found: set[str] = set()
    sqlite = session.get_bind().dialect.name == "sqlite"
    for start in range(0, len(message_ids), 1000):
        chunk = message_ids[start : start + 1000]
        if sqlite:  # the driver: every accepted call asks, under the write lock
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT message_id FROM events WHERE source_id = ? AND message_id IN ({marks})"  # noqa: S608 - placeholders
            found.update(m for (m,) in session.connection().exec_driver_sql(sql, (source_id.hex, *chunk)))
            continue
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
