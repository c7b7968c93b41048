"""Bridges found by an import merged in one batch (`merges.batch.merge_many`), each merge still
undone alone."""

from __future__ import annotations

import time
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from sampark.core import audit
from sampark.core.audit import AuditEntry
from sampark.db import Database
from sampark.identity.models import Identity
from sampark.merges.models import Merge
from sampark.merges.service import BRIDGES_IN_BATCH
from sampark.tracking import inbox
from tests.conftest import Api, write_key_auth

PEOPLE = "/api/v1/people"


def _person(api: Api, **fields: Any) -> str:
    r = api.post(PEOPLE, json={"given_name": "Nila", "family_name": "Das", **fields})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _import(api: Api, content: str) -> dict[str, Any]:
    r = api.post("/api/v1/imports", files={"file": ("people.csv", content.encode())},
                 data={"kind": "people", "source": "Fair"})  # fmt: skip
    assert r.status_code == 202, r.text
    for _ in range(400):
        job = api.get(f"/api/v1/imports/{r.json()['id']}").json()
        if job["status"] not in ("queued", "running"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_an_import_bridging_many_pairs_merges_them_all_and_each_merge_undoes_alone(
    db: Database, admin: Api
) -> None:
    pairs = BRIDGES_IN_BATCH + 2
    # Each pair: one person known by e-mail, one (created later, so younger) by phone.
    by_mail = [_person(admin, emails=[{"email": f"nila{i}@example.com"}]) for i in range(pairs)]
    by_phone = [_person(admin, phones=[{"number": f"+88017110001{i:02d}"}]) for i in range(pairs)]
    third = _person(admin, emails=[{"email": "third@example.com"}])
    rows = [f"Nila,Das,nila{i}@example.com,+88017110001{i:02d}" for i in range(pairs)]
    rows.append("Nila,Das,third@example.com,+8801711000100")  # a third person on the first pair's phone
    job = _import(admin, "First Name,Last Name,Email,Phone\n" + "\n".join(rows) + "\n")
    assert job["status"] == "done", job

    with db.session(write=False) as session:
        merges = session.scalars(select(Merge).order_by(Merge.merged_id)).all()
        done = {str(m.merged_id): str(m.survivor_id) for m in merges}
        merge_of = {str(m.merged_id): str(m.id) for m in merges}
        assert {m.method for m in merges} == {"bridge"}
        assert len({m.created_at for m in merges}) == 1  # one batch
        audited = session.scalars(select(AuditEntry.changes).where(AuditEntry.action == "merge")).all()
        assert sorted(d["merged_id"] for d in audited) == sorted(str(m.merged_id) for m in merges)
        assert audit.verify_chain(session).ok
    expected = {by_phone[i]: by_mail[i] for i in range(pairs)} | {third: by_mail[0]}
    assert done == expected
    for merged in expected:
        assert admin.get(f"{PEOPLE}/{merged}").status_code == 404
    first = admin.get(f"{PEOPLE}/{by_mail[0]}").json()
    assert {e["email"] for e in first["emails"]} >= {"nila0@example.com", "third@example.com"}

    # Undo the third person's merge: it comes back with its own identifiers; the rest stay merged.
    r = admin.post(f"/api/v1/merges/{merge_of[third]}/undo")
    assert r.status_code == 200, r.text
    assert admin.get(f"{PEOPLE}/{third}").status_code == 200
    assert admin.get(f"{PEOPLE}/{by_phone[1]}").status_code == 404
    with db.session(write=False) as session:
        held = set(session.scalars(select(Identity.value).where(Identity.person_id == uuid.UUID(third))))
    assert "third@example.com" in held


def test_bridges_in_a_batch_cluster_skip_people_not_live_and_map_each_merged_to_its_survivor(
    db: Database, admin: Api
) -> None:
    from sampark.merges import service as merges

    a, b, c, d, gone, e = (_person(admin, emails=[{"email": f"p{i}@example.com"}]) for i in range(6))
    assert admin.delete(f"{PEOPLE}/{gone}").status_code == 204
    ids = {name: uuid.UUID(v) for name, v in zip("abcdge", (a, b, c, d, gone, e), strict=True)}
    # b–c–a chain one cluster (a, the oldest, survives); d–gone is skipped; e–d makes one.
    pairs = [(ids["b"], ids["c"]), (ids["c"], ids["a"]), (ids["d"], ids["g"]), (ids["e"], ids["d"])]
    with db.session() as session:
        survivors = merges.merge_bridges(session, pairs, "Fair")
    assert survivors == {ids["b"]: ids["a"], ids["c"]: ids["a"], ids["e"]: ids["d"]}
    with db.session(write=False) as session:
        done = {(m.merged_id, m.survivor_id) for m in session.scalars(select(Merge))}
    assert done == {(ids["b"], ids["a"]), (ids["c"], ids["a"]), (ids["e"], ids["d"])}


def test_a_tracking_drain_bridging_many_pairs_merges_them_in_one_batch(
    db: Database, client: TestClient, admin: Api
) -> None:
    key = admin.post("/api/v1/sources", json={"name": "App", "kind": "app"}).json()["write_key"]
    pairs = BRIDGES_IN_BATCH + 1
    by_mail = [_person(admin, emails=[{"email": f"app{i}@example.com"}]) for i in range(pairs)]
    by_phone = [_person(admin, phones=[{"number": f"+88018110002{i:02d}"}]) for i in range(pairs)]
    calls = [
        {"type": "identify", "userId": f"u-{i}", "messageId": f"m-{i}",
         "traits": {"firstName": "Nila", "lastName": "Das", "email": f"app{i}@example.com",
                    "phone": f"+88018110002{i:02d}"}}
        for i in range(pairs)
    ]  # fmt: skip
    auth = write_key_auth(key)
    r = client.post("/v1/batch", json={"batch": calls}, headers=auth)
    assert r.status_code == 200, r.text
    inbox.drain(db)
    with db.session(write=False) as session:
        merges = session.scalars(select(Merge)).all()
        assert {str(m.merged_id): str(m.survivor_id) for m in merges} == dict(
            zip(by_phone, by_mail, strict=True)
        )
        assert len({m.created_at for m in merges}) == 1
