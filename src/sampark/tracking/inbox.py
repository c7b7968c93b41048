"""Tracking's inbox. **Accept** (the HTTP path): a call is validated — a fast check of the
common shapes, the full model for anything else and for the error messages — and its messages
are appended to `tracking_inbox` with one INSERT … ON CONFLICT DO NOTHING; the transaction
commits before the answer leaves, so whatever a library saw acknowledged survives a crash, and a
replayed `messageId` is stored once. **Drain** (the worker's `tracking.drain` job): the oldest
inbox rows, thousands at a time, go through `service.ingest` and are deleted from the inbox in
the same transaction; one drain at a time writes (the SQLite write lock; a transaction advisory
lock on PostgreSQL), so event ids grow in commit order."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sampark.core import rawinsert
from sampark.core.clock import as_utc, utcnow
from sampark.core.collector import collecting_less
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.upsert import insert_ignoring_conflicts
from sampark.db import Database
from sampark.jobs import service as jobs
from sampark.settings import get_settings
from sampark.sources.service import SourceRef, refs_by_id
from sampark.tracking.models import InboxEvent
from sampark.tracking.schemas import Message, MessageType
from sampark.tracking.service import (
    MAX_ERRORS,
    AnyMessage,
    IngestResult,
    PlainMessage,
    _dumps,
    _sqlite_time,
    _stored,
    add_person_rows,
    prepare,
    store,
)

log = logging.getLogger("sampark.tracking")

# --- accepting a call (the HTTP path) -----------------------------------------------------------

DRAIN_KIND = "tracking.drain"
PENDING_KEY = f"{DRAIN_KIND}:pending"
_PG_ACCEPT_LOCK = 0x5A3B_7E12
_TYPES = frozenset(t.value for t in MessageType)
_ID_FIELDS = ("userId", "anonymousId", "groupId", "previousId")
_NAME_FIELDS = ("event", "name")
_OBJECT_FIELDS = ("context", "properties", "traits")
_STAMP_FIELDS = ("timestamp", "originalTimestamp", "sentAt")
# The model also takes its fields' Python names; a message using them goes the long way.
_PYTHON_NAMES = frozenset(
    {"user_id", "anonymous_id", "message_id", "original_timestamp", "sent_at", "group_id", "previous_id",
     "write_key"}
)  # fmt: skip
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)")


def _plain(item: dict[str, Any]) -> bool:
    """True when `item` is certainly a valid message in the shape libraries send (string ids,
    ISO 8601 times with an offset): a few dictionary look-ups instead of the full model. False
    says only "not sure": the model then gives the verdict and names what is wrong."""
    kind = item.get("type")
    if kind not in _TYPES or not _PYTHON_NAMES.isdisjoint(item):
        return False
    for name in _ID_FIELDS:
        value = item.get(name)
        if value is not None and (type(value) is not str or not 0 < len(value) <= 320):
            return False
    for name in _NAME_FIELDS:
        value = item.get(name)
        if value is not None and (type(value) is not str or len(value) > 200):
            return False
    value = item.get("messageId")
    if value is not None and (type(value) is not str or not 0 < len(value) <= 200):
        return False
    value = item.get("writeKey")
    if value is not None and (type(value) is not str or len(value) > 200):
        return False
    for name in _OBJECT_FIELDS:
        if name in item and type(item[name]) is not dict:
            return False
    for name in _STAMP_FIELDS:
        value = item.get(name)
        if value is not None:
            if type(value) is not str or not _STAMP.fullmatch(value):
                return False
            try:
                datetime.fromisoformat(value)
            except ValueError:
                return False
    if kind == "alias":
        return bool(item.get("previousId")) and bool(item.get("userId"))
    if not item.get("userId") and not item.get("anonymousId"):
        return False
    if kind == "track":
        return bool(item.get("event"))
    if kind == "group":
        return bool(item.get("groupId"))
    return True


def _model_errors(data: dict[str, Any], where: str) -> tuple[Message | None, list[FieldError]]:
    """The full model's verdict on a message, with its errors named (`batch.3.event`)."""
    try:
        message = Message.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors()[:3]:
            loc = ".".join(str(p) for p in err["loc"])
            field = ".".join(p for p in (where, loc) if p) or "body"
            errors.append(FieldError(field, err["msg"].removeprefix("Value error, "), err["type"]))
        return None, errors
    if message.type is None:
        return None, [FieldError(f"{where}.type" if where else "type", "required", "missing")]
    return message, []


def _loads(body: str) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)


_SQLITE_ACCEPT = (
    "INSERT INTO tracking_inbox (source_id, message_id, received_at, body) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (source_id, message_id) DO NOTHING"
)


def accept(
    session: Session, source: SourceRef, raw: Sequence[Any], forced_type: MessageType | None, prefix: str
) -> IngestResult:
    """Validate a call and append its messages to the inbox (the caller commits before it
    answers). One invalid message refuses the call, naming it, and nothing is stored. Replays
    (a messageId already waiting in the inbox or already an event) count as duplicates."""
    bodies: dict[str, dict[str, Any]] = {}
    errors: list[FieldError] = []
    for index, item in enumerate(raw):
        where = f"{prefix}.{index}" if prefix else ""
        if not isinstance(item, dict):
            errors.append(FieldError(where or "body", "expected a JSON object", "type_error"))
            continue
        data = item if forced_type is None else {**item, "type": forced_type.value}
        if _plain(data):
            message_id = data.get("messageId")
        else:
            message, problems = _model_errors(data, where)
            if message is None:
                errors += problems
                if len(errors) >= MAX_ERRORS:
                    break
                continue
            message_id = message.message_id
            # Stored in the plain shape (string ids, ISO times), so the drain reads every body
            # without the model.
            data = message.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"write_key"})
        if not message_id:
            message_id = f"sampark-{uuid.uuid4()}"
            data = {**data, "messageId": message_id}
        elif data.get("messageId") != message_id:
            data = {**data, "messageId": message_id}
        bodies.setdefault(message_id, data)
    if errors:
        raise ValidationFailed("Some messages are not valid; nothing was stored.", errors=errors[:MAX_ERRORS])
    result = IngestResult()
    if not bodies:
        return result
    if session.get_bind().dialect.name == "postgresql":
        # Shared with other calls; the drain's last look (`release_if_empty`) waits for it.
        session.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": _PG_ACCEPT_LOCK})
    seen = _stored(session, source.id, list(bodies))
    received = utcnow()
    if session.get_bind().dialect.name == "sqlite":
        # Straight through the driver, as SQLAlchemy would store the values: this insert holds
        # the write lock the drain also needs, and the ORM's per-row handling was half the call.
        source_hex, at = source.id.hex, _sqlite_time(received)
        params = [(source_hex, key, at, _dumps(data)) for key, data in bodies.items() if key not in seen]
        if params:
            result.accepted = session.connection().exec_driver_sql(_SQLITE_ACCEPT, params).rowcount
    else:
        rows = [
            {"source_id": source.id, "message_id": key, "received_at": received, "body": _dumps(data)}
            for key, data in bodies.items()
            if key not in seen
        ]
        if rows:
            statement = insert_ignoring_conflicts(session, InboxEvent, ["source_id", "message_id"])
            inserted = session.execute(statement.returning(InboxEvent.seq), rows).all()
            result.accepted = len(inserted)
    result.duplicates = len(raw) - result.accepted
    if result.accepted:
        # At most one drain job waits: the key makes this a no-op while one is queued or running;
        # the drain frees it in the transaction that finds the inbox empty (`release_if_empty`).
        jobs.enqueue(session, DRAIN_KIND, {}, key=PENDING_KEY, max_attempts=3)
    return result


# --- draining the inbox (the worker) -------------------------------------------------------------

_PG_LOCK = 0x5A3B_7E11  # pg_advisory_xact_lock key: one drain writes at a time
_local = threading.Lock()  # one drainer per process; others leave the work to it


@dataclass
class DrainResult:
    taken: int = 0  # inbox rows handled (stored, replays dropped, or set aside as unusable)
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    people_created: int = 0

    def add(self, other: DrainResult) -> None:
        self.taken += other.taken
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.people_created += other.people_created


def pending(session: Session) -> bool:
    """Whether messages wait in the inbox (those set aside as unusable not counted)."""
    stmt = select(InboxEvent.seq).where(InboxEvent.error.is_(None)).limit(1)
    return session.scalar(stmt) is not None


def waiting(session: Session) -> int:
    """How many messages wait in the inbox (for `sampark` and the bench)."""
    stmt = select(func.count()).select_from(InboxEvent).where(InboxEvent.error.is_(None))
    return int(session.scalar(stmt) or 0)


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})


_SQLITE_TAKE = "SELECT seq, source_id, received_at, body FROM tracking_inbox WHERE error IS NULL{only} ORDER BY seq LIMIT ?"


def _take(session: Session, limit: int, only: int | None) -> list[tuple[int, uuid.UUID, datetime, str]]:
    """The oldest waiting inbox rows. On SQLite straight from the driver: thousands of rows
    share a few sources and arrival times, so each is converted once, not once a row."""
    if session.get_bind().dialect.name != "sqlite":
        stmt = select(InboxEvent.seq, InboxEvent.source_id, InboxEvent.received_at, InboxEvent.body).where(
            InboxEvent.error.is_(None)
        )
        if only is not None:
            stmt = stmt.where(InboxEvent.seq == only)
        return [(r[0], r[1], r[2], r[3]) for r in session.execute(stmt.order_by(InboxEvent.seq).limit(limit))]
    sql = _SQLITE_TAKE.format(only="" if only is None else " AND seq = ?")
    params = (limit,) if only is None else (only, limit)
    sources: dict[str, uuid.UUID] = {}
    times: dict[str, datetime] = {}
    out = []
    cursor = rawinsert.driver_cursor(session)
    for seq, source_hex, received, body in cursor.execute(sql, params).fetchall():
        source_id = sources.get(source_hex)
        if source_id is None:
            source_id = sources[source_hex] = uuid.UUID(source_hex)
        at = times.get(received)
        if at is None:
            at = times[received] = as_utc(datetime.fromisoformat(received))
        out.append((seq, source_id, at, body))
    return out


def _claim(session: Session, seqs: list[int]) -> set[int]:
    """Delete these inbox rows, under the write lock; those still there are this drain's to
    store (another drainer may have stored some since they were read)."""
    claimed: set[int] = set()
    sqlite = session.get_bind().dialect.name == "sqlite"
    cursor = rawinsert.driver_cursor(session) if sqlite else None
    for start in range(0, len(seqs), 1000):
        chunk = seqs[start : start + 1000]
        if cursor is not None:
            marks = ",".join("?" * len(chunk))
            sql = f"DELETE FROM tracking_inbox WHERE seq IN ({marks}) RETURNING seq"  # noqa: S608 - placeholders
            claimed.update(seq for (seq,) in cursor.execute(sql, chunk).fetchall())
        else:
            stmt = delete(InboxEvent).where(InboxEvent.seq.in_(chunk)).returning(InboxEvent.seq)
            claimed.update(session.scalars(stmt, execution_options={"synchronize_session": False}))
    return claimed


def _drain_batch(db: Database, limit: int, only: int | None = None) -> DrainResult:
    """Resolve and store the oldest `limit` inbox messages (or just the one numbered `only`).
    Reading, parsing and preparing them (`service.prepare`) happen before the write lock is
    taken; then, in one short write transaction, the rows are deleted from the inbox (the
    claim), resolved against the identities and written as events."""
    with db.session(write=False) as session:
        rows = _take(session, limit, only)
    result = DrainResult()
    if not rows:
        return result
    grouped: dict[uuid.UUID, tuple[list[AnyMessage], list[datetime], list[int]]] = {}
    unusable: list[dict[str, Any]] = []
    for seq, source_id, received_at, body in rows:
        try:
            data = _loads(body)
            message: AnyMessage = PlainMessage(data)  # the accept step stored it plain
        except (ValueError, KeyError, TypeError) as exc:  # not in that shape: kept aside
            unusable.append({"s": seq, "e": f"not a valid message: {exc}"[:400]})
            continue
        messages, times, seqs = grouped.setdefault(source_id, ([], [], []))
        messages.append(message)
        times.append(received_at)
        seqs.append(seq)
    sqlite = db.is_sqlite
    ready = {
        source_id: prepare(messages, times, seqs, sqlite=sqlite)
        for source_id, (messages, times, seqs) in grouped.items()
    }
    with db.session(write=False) as session:
        for prepared, _ in ready.values():
            add_person_rows(session, prepared)
    with db.session() as session:
        _lock(session)
        claimed = _claim(session, [seq for _, _, seqs in grouped.values() for seq in seqs])
        result.taken = len(claimed)
        sources = refs_by_id(session, set(grouped))
        for source_id, (prepared, _) in ready.items():
            source = sources.get(source_id)
            mine = [p for p in prepared if p.tag in claimed]
            # Replays within the batch: their inbox rows are claimed (gone) with the first copy.
            replays = sum(1 for seq in grouped[source_id][2] if seq in claimed) - len(mine)
            if source is None:  # the source is gone (its inbox rows go with it)
                continue
            # On SQLite a call's look at events and its inbox insert hold the write lock, as a
            # drain does: the inbox never holds a message already stored (the insert's ON CONFLICT
            # still guards). PostgreSQL calls run beside the drain, so it looks again.
            done = store(session, source, mine, check_stored=not sqlite)
            result.stored += done.accepted
            result.duplicates += done.duplicates + replays
            result.people_created += done.people_created
        if unusable:
            session.execute(
                update(InboxEvent).where(InboxEvent.seq == bindparam("s")).values(error=bindparam("e")),
                unusable,
                execution_options={"synchronize_session": False},
            )
            result.taken += len(unusable)
            result.failed = len(unusable)
    return result


def drain(db: Database, *, batch: int | None = None, budget: float | None = None) -> DrainResult:
    """Move the inbox into events, `batch` messages a transaction, until it is empty (or
    `budget` seconds have passed). A batch that fails for a reason other than the database
    is retried one message at a time, so one bad message is set aside (`error`) instead of
    holding up the rest."""
    batch = batch or get_settings().tracking_drain_batch
    with collecting_less():  # a batch's ~10 objects a message: see `core.collector`
        return _drain(db, batch, budget)


def _drain(db: Database, batch: int, budget: float | None) -> DrainResult:
    total = DrainResult()
    deadline = None if budget is None else time.monotonic() + budget
    while deadline is None or time.monotonic() < deadline:
        try:
            done = _drain_batch(db, batch)
        except OperationalError:
            raise  # the database (locked, gone): the job retries
        except Exception:
            log.exception("tracking drain: a batch failed; retrying it one message at a time")
            done = _drain_singly(db, batch)
        total.add(done)
        if done.taken < batch:
            break
    return total


def _drain_singly(db: Database, batch: int) -> DrainResult:
    total = DrainResult()
    with db.session(write=False) as session:
        seqs = list(
            session.scalars(
                select(InboxEvent.seq).where(InboxEvent.error.is_(None)).order_by(InboxEvent.seq).limit(batch)
            )
        )
    for seq in seqs:
        try:
            total.add(_drain_batch(db, 1, only=seq))
        except OperationalError:
            raise
        except Exception as exc:
            log.exception("tracking drain: message %s set aside", seq)
            with db.session() as session:
                session.execute(
                    update(InboxEvent)
                    .where(InboxEvent.seq == seq)
                    .values(error=f"{type(exc).__name__}: {exc}"[:400]),
                    execution_options={"synchronize_session": False},
                )
            total.taken += 1
            total.failed += 1
    return total


GATHER_SECONDS = 0.1


def pending_after_short_batch(db: Database) -> bool:
    """Whether messages arrived while the last (short) batch was stored: a read, so a steady
    stream of calls does not cost `release_if_empty`'s write transaction each time."""
    with db.session(write=False) as session:
        return pending(session)


def release_if_empty(db: Database) -> bool:
    """If the inbox is empty, free the pending drain job's key so the next call asks for a new
    one — in one transaction that no call is inside of (SQLite: the write lock; PostgreSQL: the
    accept lock taken exclusively), so no call's messages can slip in unseen between the look
    and the release. False: messages are waiting (keep draining)."""
    with db.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_ACCEPT_LOCK})
        if pending(session):
            return False
        jobs.release_key(session, PENDING_KEY)
    return True


def ask_for_drain(db: Database) -> None:
    """A fresh drain job in place of the pending one (a drain out of time with work left)."""
    with db.session() as session:
        jobs.release_key(session, PENDING_KEY)
        jobs.enqueue(session, DRAIN_KIND, {}, key=PENDING_KEY, max_attempts=3)


def drain_once_at_a_time(db: Database, *, budget: float | None = None) -> DrainResult | None:
    """`drain` until the inbox is empty and the pending job's key is released — unless another
    thread of this process is draining already (None then: that one keeps going). With a
    `budget`, stops after about that many seconds even with work left (`pending` tells)."""
    result: DrainResult | None = None
    deadline = None if budget is None else time.monotonic() + budget
    while _local.acquire(blocking=False):
        try:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            done = drain(db, budget=left)
            if result is None:
                result = done
            else:
                result.add(done)
            if deadline is not None and time.monotonic() >= deadline:
                break
            if pending_after_short_batch(db):
                # Calls are still coming in: let the next batch gather for a moment. Each drain
                # transaction costs a commit and makes calls wait for the write lock (SQLite's
                # busy wait polls, up to 100 ms late), so fewer, larger ones keep up better than a
                # stream of small ones.
                time.sleep(GATHER_SECONDS)
                continue
            if release_if_empty(db):
                break
        finally:
            _local.release()
    return result
