"""A push batch applied together (docs/sync.md, Push): what the batched path keeps exactly as
one mutation at a time — deletes seen by later mutations, repeated ids, the audit chain."""

from __future__ import annotations

import copy
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sampark.core.audit import AuditEntry, verify_chain
from sampark.core.clock import utcnow
from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as
from tests.sync.device import Device


def test_an_edit_after_a_delete_in_the_same_batch_is_deleted_on_server(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.manager, teams=["t"])
    pid = rep.post("/api/v1/people", json={"given_name": "Karim"}).json()["id"]
    device = Device(rep)
    device.pull()
    device.delete("people", pid)
    device.store[("people", pid)] = {"version": 1, "city": None}  # the device still shows it
    device.update("people", pid, {"city": "Sylhet"})
    deleted, edited = device.push()
    assert deleted["status"] == "applied"
    assert edited["status"] == "rejected" and edited["code"] == "deleted_on_server"
    assert edited["conflict_id"] and not edited["retryable"]


def test_a_mutation_repeated_in_one_batch_is_applied_once(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    pid = device.create("people", {"given_name": "Rahim"})
    twice = [device.outbox[0], copy.deepcopy(device.outbox[0])]
    first, second = device.push(twice)
    assert first["status"] == "applied"
    assert second["status"] == "duplicate" and second["first"]["status"] == "applied"
    found = rep.get("/api/v1/people", params={"filter": f'{{"field": "id", "op": "eq", "value": "{pid}"}}'})
    assert len(found.json()["items"]) == 1


def test_audit_entries_follow_the_batch_and_rejections_leave_none(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    a = device.create("people", {"given_name": "Amina"})
    device.create("people", {"given_name": "Bad", "emails": [{"email": "not an address"}]})
    b = device.create("people", {"given_name": "Bilal"})
    with db.session(write=False) as session:
        before = int(session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0)
    statuses = [r["status"] for r in device.push()]
    assert statuses == ["applied", "rejected", "applied"]
    device.store[("people", a)] = {"version": 1, "city": None}
    device.update("people", a, {"city": "Sylhet"})
    assert device.push()[0]["status"] == "applied"
    with db.session(write=False) as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.seq > before, AuditEntry.object_type == "people")
            .order_by(AuditEntry.seq)
        ).all()
        assert [(e.action, e.object_id) for e in entries] == [("create", a), ("create", b), ("update", a)]
        assert verify_chain(session).ok


def test_old_mutation_answers_are_purged_nightly(db: Database, client: TestClient, admin: Api) -> None:
    import sampark.handlers  # noqa: F401  (the job kinds, as a worker has them)
    from sampark.jobs import service as jobs
    from sampark.jobs.queue import drain
    from sampark.sync.jobs import PURGE_KIND
    from sampark.sync.models import SyncMutation

    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    device.create("people", {"given_name": "Old"})
    old = list(device.outbox)
    device.push()
    device.create("people", {"given_name": "Recent"})
    recent = list(device.outbox)
    device.push()
    with db.session() as session:
        session.execute(
            update(SyncMutation)
            .where(SyncMutation.client_mutation_id == old[0]["client_mutation_id"])
            .values(created_at=utcnow() - timedelta(days=91))
        )
        jobs.enqueue(session, PURGE_KIND, {}, key="purge-now")
    drain(db)
    with db.session(write=False) as session:
        kept = set(session.scalars(select(SyncMutation.client_mutation_id)))
    assert kept == {recent[0]["client_mutation_id"]}
    assert device.push(recent)[0]["status"] == "duplicate"  # still within its retention
    replay = device.push(old)[0]  # past it: answered as new, and refused (its id is taken)
    assert replay["status"] == "rejected" and replay["code"] == "id_taken"


def test_the_same_batch_pushed_twice_at_once_is_applied_once(
    db: Database, client: TestClient, admin: Api
) -> None:
    import threading

    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    ids = [device.create("people", {"given_name": f"Twin {i}"}) for i in range(20)]
    batch = list(device.outbox)
    answers: list[list[str]] = []

    def send() -> None:
        response = rep.post("/api/v1/sync/push", json={"mutations": batch}, headers=device.headers)
        assert response.status_code == 200, response.text
        answers.append([r["status"] for r in response.json()["results"]])

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [["applied"] * 20, ["duplicate"] * 20]
    listed = rep.get("/api/v1/people", params={"limit": 200}).json()["items"]
    assert sorted(p["id"] for p in listed if p["id"] in ids) == sorted(ids)
    assert len([p for p in listed if p["id"] in ids]) == 20
