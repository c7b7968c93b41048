"""A change committed out of order can never be skipped by a device's cursor (PostgreSQL).

Two transactions write people; the one that began first commits last. Audit appends lock
the log's head row and take their sequence number at commit, so the later-committing writer
waits for the earlier one and gets the higher number: a pull in between sees neither, or the
first only, and the next pull sees the rest."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from fastapi.testclient import TestClient

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.permissions import Principal, Role
from sampark.db import Database
from sampark.people import service as people
from sampark.people.schemas import PersonCreate
from tests.conftest import Api, api_as
from tests.sync.device import Device


def test_out_of_order_commits_are_never_skipped(db: Database, client: TestClient, admin: Api) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: commits cannot interleave")
    rep = api_as(db, client, "rep@example.com", Role.sales)
    me = uuid.UUID(rep.get("/api/v1/me").json()["id"])
    principal = Principal(user_id=me, email="rep@example.com", role=Role.sales)
    device = Device(rep)
    device.pull()

    slow_id, fast_id = uuid.uuid4(), uuid.uuid4()
    locked, release, fast_done = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:  # begins first, takes its audit number, commits last
        with db.session() as session:
            people.create_person(Ctx(session, principal), PersonCreate(id=slow_id, given_name="Slow"))
            audit._flush_pending(session)  # what commit does first: lock the head, number the entry
            locked.set()
            release.wait(10)

    def fast() -> None:  # begins second, would commit first
        with db.session() as session:
            people.create_person(Ctx(session, principal), PersonCreate(id=fast_id, given_name="Fast"))
        fast_done.set()

    t1 = threading.Thread(target=slow)
    t1.start()
    assert locked.wait(10)
    t2 = threading.Thread(target=fast)
    t2.start()
    time.sleep(0.5)
    assert not fast_done.is_set()  # waits on the head row
    seen = device.pull()  # neither has committed
    assert seen["upserts"] == []
    release.set()
    t1.join(10)
    t2.join(10)
    device.pull()
    assert {str(slow_id), str(fast_id)} <= device.ids("people")


def test_a_pull_between_two_commits_then_catches_up(db: Database, client: TestClient, admin: Api) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: commits cannot interleave")
    rep = api_as(db, client, "rep@example.com", Role.sales)
    me = uuid.UUID(rep.get("/api/v1/me").json()["id"])
    principal = Principal(user_id=me, email="rep@example.com", role=Role.sales)
    device = Device(rep)
    device.pull()
    first, second = uuid.uuid4(), uuid.uuid4()
    go = threading.Event()

    def later() -> None:  # its row is written before the first commit, its entry after
        with db.session() as session:
            people.create_person(Ctx(session, principal), PersonCreate(id=second, given_name="Later"))
            go.wait(10)

    thread = threading.Thread(target=later)
    thread.start()
    with db.session() as session:
        people.create_person(Ctx(session, principal), PersonCreate(id=first, given_name="Earlier"))
    seen = device.pull()
    assert {u["id"] for u in seen["upserts"]} == {str(first)}
    go.set()
    thread.join(10)
    seen = device.pull()
    assert {u["id"] for u in seen["upserts"]} == {str(second)}
