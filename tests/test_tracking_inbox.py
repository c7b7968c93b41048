"""The tracking inbox: calls are accepted into `tracking_inbox` and the worker's drain
(`tracking.drain`) resolves them into events — replays, a drain that dies half-way, a message
the drain cannot use, refused batches, and the fast validity check against the model."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from sampark.core.clock import utcnow
from sampark.db import Database
from sampark.identity import service as identity
from sampark.jobs.models import Job
from sampark.jobs.queue import drain as run_jobs
from sampark.people import service as people
from sampark.people.models import Person
from sampark.tracking import inbox
from sampark.tracking import service as tracking
from sampark.tracking.models import Event, InboxEvent
from sampark.tracking.schemas import Message
from tests.conftest import Api
from tests.test_tracking import basic, count, find_person


@pytest.fixture
def key(admin: Api) -> str:
    r = admin.post("/api/v1/sources", json={"name": "Shop", "kind": "web", "trust_priority": 40})
    assert r.status_code == 201, r.text
    return str(r.json()["write_key"])


def visit(n: int) -> list[dict[str, Any]]:
    """A visitor's pages, an identify, then a track: what the drain must join up."""
    anon, user = f"anon-{n}", f"user-{n}"
    return [
        {"type": "page", "anonymousId": anon, "name": "/", "messageId": f"{n}-p"},
        {
            "type": "identify",
            "anonymousId": anon,
            "userId": user,
            "messageId": f"{n}-i",
            "traits": {"name": f"Visitor {n}", "email": f"v{n}@example.com"},
        },
        {"type": "track", "userId": user, "event": "Bought", "messageId": f"{n}-t"},
    ]


def test_calls_wait_in_the_inbox_until_the_drain_and_replays_never_double(
    db: Database, client: TestClient, admin: Api, key: str
) -> None:
    batch = [m for n in range(3) for m in visit(n)]
    r = client.post("/v1/batch", json={"batch": batch}, headers=basic(key))
    assert r.json() == {"success": True, "accepted": 9, "duplicates": 0}
    assert (count(db, InboxEvent), count(db, Event), count(db, Person)) == (9, 0, 0)
    # A replay while the first copy waits, then the drain, then a replay of what is stored.
    assert client.post("/v1/batch", json={"batch": batch}, headers=basic(key)).json()["duplicates"] == 9
    done = inbox.drain(db)
    assert (done.taken, done.stored, done.people_created) == (9, 9, 3)
    assert (count(db, InboxEvent), count(db, Event), count(db, Person)) == (0, 9, 3)
    assert client.post("/v1/batch", json={"batch": batch[:4]}, headers=basic(key)).json()["duplicates"] == 4
    assert inbox.drain(db).taken == 0
    person = find_person(admin, "Visitor 1")
    events = admin.get(f"/api/v1/people/{person['id']}/events").json()["items"]
    assert sorted(e["type"] for e in events) == ["identify", "page", "track"]  # the page joined up


def test_the_drain_job_is_asked_for_once_and_again_after_it_emptied_the_inbox(
    db: Database, client: TestClient, key: str
) -> None:
    def waiting_jobs() -> list[Job]:
        with db.session(write=False) as session:
            return list(session.scalars(select(Job).where(Job.key == inbox.PENDING_KEY)))

    for n in range(3):
        client.post("/v1/batch", json={"batch": visit(n)}, headers=basic(key))
    assert len(waiting_jobs()) == 1  # three calls, one job
    run_jobs(db)
    assert waiting_jobs() == [] and count(db, Event) == 9  # done, and its key released
    client.post("/v1/batch", json={"batch": visit(7)}, headers=basic(key))
    assert len(waiting_jobs()) == 1
    run_jobs(db)
    assert count(db, Event) == 12 and count(db, InboxEvent) == 0


def test_a_drain_that_dies_half_way_changes_nothing_and_the_next_stores_each_once(
    db: Database, client: TestClient, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post("/v1/batch", json={"batch": [m for n in range(4) for m in visit(n)]}, headers=basic(key))

    def crash(*_: Any) -> None:  # after people, identities and events were written
        raise OperationalError("UPDATE events", {}, Exception("disk I/O error"))

    monkeypatch.setattr(tracking, "_link_earlier", crash)
    with pytest.raises(OperationalError):
        inbox.drain(db)
    assert (count(db, InboxEvent), count(db, Event), count(db, Person)) == (12, 0, 0)
    monkeypatch.undo()
    assert inbox.drain(db).stored == 12
    assert (count(db, InboxEvent), count(db, Event), count(db, Person)) == (0, 12, 4)
    with db.session(write=False) as session:
        linked = session.scalars(select(Event.person_id)).all()
    assert None not in linked


def test_a_message_the_drain_cannot_store_is_set_aside_and_the_rest_go_on(
    db: Database, client: TestClient, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post("/v1/batch", json={"batch": [m for n in range(3) for m in visit(n)]}, headers=basic(key))
    real = tracking.person_from_traits

    def fussy(message: Any) -> Any:
        if message.user_id == "user-1":
            raise RuntimeError("a bug meets an odd message")
        return real(message)

    monkeypatch.setattr(tracking, "person_from_traits", fussy)
    done = inbox.drain(db)
    assert (done.stored, done.failed) == (8, 1)
    with db.session(write=False) as session:
        aside = session.execute(select(InboxEvent.message_id, InboxEvent.error)).all()
        assert not inbox.pending(session)
    assert [(m, e.split(":")[0]) for m, e in aside] == [("1-i", "RuntimeError")]
    assert count(db, Event) == 8 and count(db, Person) == 2


def test_a_batch_with_bad_events_is_refused_whole_and_odd_shapes_go_the_long_way(
    db: Database, client: TestClient, admin: Api, key: str
) -> None:
    good = visit(1)
    bad = [
        *good,
        {"type": "track", "userId": "u", "messageId": "no-event"},
        {"type": "page", "userId": True, "messageId": "bool-id"},
        {"type": "page", "userId": "u", "timestamp": "yesterday"},
    ]
    r = client.post("/v1/batch", json={"batch": bad}, headers=basic(key))
    assert r.status_code == 422
    fields = [e["field"] for e in r.json()["errors"]]
    assert fields[0] == "batch.3" and any(f.startswith("batch.4") for f in fields)
    assert any(f.startswith("batch.5.timestamp") for f in fields)
    assert count(db, InboxEvent) == 0
    # Numbers as ids, Python names, a time with a +05:30 offset and no messageId: valid, just
    # not the usual shape.
    odd = [
        {"type": "identify", "userId": 4242, "traits": {"name": "Odd Shape"}, "messageId": "o1"},
        {"type": "track", "user_id": "4242", "event": "Paid", "timestamp": "2026-11-20T10:00:00.5+05:30"},
    ]
    r = client.post("/v1/batch", json={"batch": odd}, headers=basic(key))
    assert r.json()["accepted"] == 2, r.text
    inbox.drain(db)
    person = find_person(admin, "Odd Shape")
    events = admin.get(f"/api/v1/people/{person['id']}/events").json()["items"]
    paid = next(e for e in events if e["name"] == "Paid")
    assert paid["user_id"] == "4242" and paid["occurred_at"].startswith("2026-11-20T04:30:00.5")
    assert paid["message_id"].startswith("sampark-")


SHAPES: list[dict[str, Any]] = [
    {"type": "track", "userId": "u", "event": "E"},
    {"type": "track", "userId": "u", "event": ""},
    {"type": "track", "userId": "", "anonymousId": "a", "event": "E"},
    {"type": "page", "anonymousId": "a" * 321},
    {"type": "page", "anonymousId": "a" * 320, "name": "n" * 201},
    {"type": "page", "anonymousId": "a", "messageId": ""},
    {"type": "page", "anonymousId": "a", "messageId": "m" * 201},
    {"type": "page", "anonymousId": "a", "context": None},
    {"type": "page", "anonymousId": "a", "properties": []},
    {"type": "page", "anonymousId": "a", "timestamp": "2026-02-30T10:00:00Z"},
    {"type": "page", "anonymousId": "a", "timestamp": "2026-11-01T10:00:00"},
    {"type": "page", "anonymousId": "a", "timestamp": "2026-11-01T10:00:00.123456-03:00"},
    {"type": "page", "anonymousId": "a", "sentAt": 1_700_000_000},
    {"type": "group", "userId": "u"},
    {"type": "group", "userId": "u", "groupId": "g"},
    {"type": "alias", "userId": "u"},
    {"type": "alias", "userId": "u", "previousId": "p"},
    {"type": "identify", "traits": {"name": "x"}},
    {"type": "screen", "anonymousId": 5},
    {"type": "Track", "userId": "u", "event": "E"},
    {"type": "page", "anonymousId": "a", "writeKey": 7},
]


@pytest.mark.parametrize("item", SHAPES)
def test_the_fast_check_never_passes_what_the_model_refuses(item: dict[str, Any]) -> None:
    if inbox._plain(item):
        message = Message.model_validate(item)
        plain = tracking.PlainMessage(item)
        assert (plain.type, plain.user_id, plain.anonymous_id, plain.timestamp) == (
            message.type,
            message.user_id,
            message.anonymous_id,
            message.timestamp,
        )


def test_a_drain_whose_rows_another_drain_stored_meanwhile_stores_nothing_twice(
    db: Database, client: TestClient, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drain prepares a batch before it takes the write lock; a second drainer (another
    worker process) may store the same inbox rows in between. The claim under the lock finds
    them gone, so nobody is created twice and each event is stored once."""
    client.post("/v1/batch", json={"batch": [m for n in range(3) for m in visit(n)]}, headers=basic(key))
    real = inbox.prepare
    raced: list[inbox.DrainResult] = []

    def racing(*args: Any, **kwargs: Any) -> Any:
        prepared = real(*args, **kwargs)
        if not raced:
            monkeypatch.setattr(inbox, "prepare", real)
            raced.append(inbox.drain(db))  # the other drainer, between our read and our claim
        return prepared

    monkeypatch.setattr(inbox, "prepare", racing)
    done = inbox.drain(db)
    assert raced[0].stored == 9
    assert (done.stored, done.taken) == (0, 0)
    assert (count(db, InboxEvent), count(db, Event), count(db, Person)) == (0, 9, 3)
    with db.session(write=False) as session:
        assert None not in session.scalars(select(Event.person_id)).all()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=330) | st.from_regex(r"[ -~]{1,40}", fullmatch=True))
def test_an_id_taken_as_it_is_is_what_normalising_would_give(raw: str) -> None:
    if tracking._plain_id(raw):
        assert identity.normalise(identity.Kind.user_id, raw) == raw
        assert identity.normalise(identity.Kind.anonymous_id, raw) == raw


def test_a_call_half_replayed_counts_each_message_once_and_keeps_its_arrival_time(
    db: Database, client: TestClient, key: str
) -> None:
    """The accept step writes the inbox through the SQLite driver: the answer still counts only
    what was inserted, and the rows read back through the models as they were written."""
    first = visit(1)
    assert client.post("/v1/batch", json={"batch": first}, headers=basic(key)).json()["accepted"] == 3
    mixed = [*first[:2], *visit(2), visit(2)[0]]  # two waiting, three new, one repeated in the call
    r = client.post("/v1/batch", json={"batch": mixed}, headers=basic(key))
    assert r.json() == {"success": True, "accepted": 3, "duplicates": 3}
    with db.session(write=False) as session:
        rows = session.execute(
            select(InboxEvent.message_id, InboxEvent.received_at).order_by(InboxEvent.seq)
        ).all()
    assert [message_id for message_id, _ in rows] == ["1-p", "1-i", "1-t", "2-p", "2-i", "2-t"]
    now = utcnow()
    assert all(timedelta(0) <= now - at < timedelta(minutes=1) for _, at in rows)
    assert inbox.drain(db).stored == 6


def test_new_peoples_rows_are_made_before_the_write_lock_and_only_for_someone_new(
    db: Database, client: TestClient, admin: Api, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each identify that looks like someone new gets its people row (search text, JSON) before
    the write lock; `store`, under the lock, only writes the rows of those it decided to
    create. An identify of someone on record makes no row at all."""
    client.post("/v1/batch", json={"batch": [m for n in range(2) for m in visit(n)]}, headers=basic(key))
    real_rows, real_row = inbox.add_person_rows, people.new_person_row
    made: list[Any] = []

    def counted(data: Any) -> Any:
        made.append(data)
        return real_row(data)

    def then_forbid(session: Any, prepared: Any) -> None:
        real_rows(session, prepared)
        assert sum(1 for p in prepared if p.new_row is not None) == 2

        def under_the_lock(*_: Any) -> None:
            raise AssertionError("a people row made under the write lock")

        monkeypatch.setattr(people, "new_person_row", under_the_lock)

    monkeypatch.setattr(people, "new_person_row", counted)
    monkeypatch.setattr(inbox, "add_person_rows", then_forbid)
    assert inbox.drain(db).people_created == 2 and len(made) == 2
    assert find_person(admin, "Visitor 1")["primary_email"] == "v1@example.com"
    assert admin.get("/api/v1/people", params={"q": "Visitor"}).json()["items"]  # the search text

    monkeypatch.setattr(inbox, "add_person_rows", real_rows)
    monkeypatch.setattr(people, "new_person_row", counted)
    again = {**visit(1)[1], "messageId": "again", "traits": {"name": "Visitor 1", "plan": "gold"}}
    client.post("/v1/batch", json={"batch": [again]}, headers=basic(key))
    assert inbox.drain(db).people_created == 0
    assert len(made) == 2  # known: no row made for them


def test_user_and_anonymous_id_indexes_hold_only_unlinked_events(db: Database) -> None:
    """The only query using them joins earlier unlinked events (`person_id IS NULL`)."""
    with db.session(write=False) as session:
        if db.is_sqlite:
            found = session.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE name IN ('ix_events_user', 'ix_events_anonymous')"
                )
            ).all()
        else:
            found = session.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    " AND indexname IN ('ix_events_user', 'ix_events_anonymous')"
                )
            ).all()
    assert len(found) == 2
    for _, definition in found:
        assert "person_id IS NULL" in definition


def test_while_calls_keep_coming_the_drain_pauses_to_gather_a_larger_batch(
    db: Database, client: TestClient, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short batch with messages already waiting again: the drain waits a moment (so it writes
    fewer, larger transactions) instead of releasing its job or chasing each call."""
    client.post("/v1/batch", json={"batch": visit(1)}, headers=basic(key))
    real = inbox.prepare
    naps: list[float] = []

    def a_call_arrives(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(inbox, "prepare", real)
        client.post("/v1/batch", json={"batch": visit(2)}, headers=basic(key))
        return real(*args, **kwargs)

    monkeypatch.setattr(inbox, "prepare", a_call_arrives)
    monkeypatch.setattr(inbox.time, "sleep", naps.append)
    done = inbox.drain_once_at_a_time(db)
    assert done is not None and done.stored == 6
    assert naps == [inbox.GATHER_SECONDS]
    assert (count(db, InboxEvent), count(db, Event)) == (0, 6)
    with db.session(write=False) as session:  # emptied: the job's key is free for the next call
        assert session.scalar(select(Job).where(Job.key == inbox.PENDING_KEY)) is None
