from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from sampark.core import audit
from sampark.core.audit import AuditEntry
from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as

URL = "/api/v1/audit"


def me(api: Api) -> str:
    return str(api.get("/api/v1/me").json()["id"])


def person(api: Api, name: str) -> str:
    r = api.post("/api/v1/people", json={"given_name": name})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def entries(api: Api, **params: Any) -> list[dict[str, Any]]:
    r = api.get(URL, params=params)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def core_report(db: Database) -> audit.ChainReport:
    with db.session(write=False) as session:
        return audit.verify_chain(session)


def seeded(admin: Api) -> list[int]:
    """Three people created; the seqs of their create entries, oldest first."""
    for name in ("Rahim", "Karim", "Salma"):
        person(admin, name)
    return sorted(e["seq"] for e in entries(admin, action="create", object_type="people"))


def test_patch_on_person_yields_field_level_update_entry(
    db: Database, client: TestClient, admin: Api
) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    rahim = asha.post("/api/v1/people", json={"given_name": "Rahim", "city": "Dhaka", "tags": ["tea"]}).json()
    r = asha.patch(
        f"/api/v1/people/{rahim['id']}",
        json={"city": "Sylhet", "tags": ["tea", "vip"], "given_name": "Rahim"},
        headers={"If-Match": "1"},
    )
    assert r.status_code == 200, r.text

    history = entries(admin, object_type="people", object_id=rahim["id"])
    assert [e["action"] for e in history] == ["update", "create"]
    update = history[0]
    assert update["actor_id"] == me(asha) and update["actor_email"] == "asha@example.com"
    assert update["changes"] == {
        "city": {"before": "Dhaka", "after": "Sylhet"},
        "tags": {"before": ["tea"], "after": ["tea", "vip"]},
    }
    assert update["seq"] > history[1]["seq"] and len(update["hash"]) == 64

    # Whoever may read the record may read its history, without the audit grant.
    own = asha.get(f"{URL}/records/people/{rahim['id']}")
    assert own.status_code == 200, own.text
    assert [e["seq"] for e in own.json()["items"]] == [e["seq"] for e in history]
    assert own.json()["items"][0]["changes"] == update["changes"]
    assert "ip" not in own.json()["items"][0] and "hash" not in own.json()["items"][0]
    bimal = api_as(db, client, "bimal@example.com", Role.sales)
    assert bimal.get(f"{URL}/records/people/{rahim['id']}").status_code == 404
    assert asha.get(f"{URL}/records/people/{uuid.uuid4()}").status_code == 404
    assert asha.get(f"{URL}/records/gadgets/{rahim['id']}").status_code == 422


def test_activity_and_task_history_for_their_readers(db: Database, client: TestClient) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    rahim = person(asha, "Rahim")
    act = asha.post("/api/v1/activities", json={"kind": "call", "subject": "Hi", "person_id": rahim}).json()
    asha.patch(f"/api/v1/activities/{act['id']}", json={"outcome": "busy"}, headers={"If-Match": "1"})
    task = asha.post("/api/v1/tasks", json={"title": "Call back"}).json()
    asha.post(f"/api/v1/tasks/{task['id']}/complete")

    acts = asha.get(f"{URL}/records/activities/{act['id']}").json()["items"]
    assert [e["action"] for e in acts] == ["update", "create"]
    assert acts[0]["changes"] == {"outcome": {"before": None, "after": "busy"}}
    tasks = asha.get(f"{URL}/records/tasks/{task['id']}").json()["items"]
    assert [e["action"] for e in tasks] == ["complete", "create"]
    bimal = api_as(db, client, "bimal@example.com", Role.sales)
    assert bimal.get(f"{URL}/records/activities/{act['id']}").status_code == 404
    assert bimal.get(f"{URL}/records/tasks/{task['id']}").status_code == 404


def test_non_admins_are_refused_and_the_refusal_is_audited(
    db: Database, client: TestClient, admin: Api
) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    analyst = api_as(db, client, "ana@example.com", Role.analyst)  # reads every record, not the log
    for api in (asha, analyst):
        r = api.get(URL)
        assert r.status_code == 403 and r.json()["code"] == "permission_denied"
        assert api.get(f"{URL}/verify").status_code == 403
    refusals = entries(admin, action="permission_denied")
    assert {e["actor_id"] for e in refusals} == {me(asha), me(analyst)}
    assert {e["changes"]["path"] for e in refusals} == {URL, f"{URL}/verify"}
    assert all(e["object_type"] == "audit" and e["changes"]["action"] == "read" for e in refusals)
    by_asha = entries(admin, action="permission_denied", actor_id=me(asha))
    assert len(by_asha) == 2
    # A token without the audit scope is refused too, even for an admin.
    make_scoped = api_as(db, client, "root2@example.com", Role.admin, scopes=["people:read"])
    assert make_scoped.get(URL).status_code == 403


def test_tampering_with_an_entry_is_reported(db: Database, admin: Api) -> None:
    seqs = seeded(admin)
    assert admin.get(f"{URL}/verify").json() == {
        "ok": True,
        "checked": core_report(db).checked,
        "first_bad_seq": None,
        "problem": None,
    }
    target = seqs[1]
    with db.write_engine.begin() as conn:
        conn.execute(
            text(f"""UPDATE audit_log SET changes = '{{"display_name": "forged"}}' WHERE seq = {target}""")
        )
    report = admin.get(f"{URL}/verify").json()
    assert report["ok"] is False
    assert report["first_bad_seq"] == target and report["checked"] == target - 1
    assert report["problem"] == f"entry {target} was altered"
    core = core_report(db)
    assert (core.ok, core.first_bad_seq, core.problem) == (False, target, report["problem"])


def test_rehashing_a_forged_entry_still_breaks_the_chain(db: Database, admin: Api) -> None:
    seqs = seeded(admin)
    target = seqs[0]
    with db.session() as session:
        entry = session.get(AuditEntry, target)
        assert entry is not None
        entry.changes = {"display_name": "forged"}
        entry.hash = audit.entry_hash(entry.prev_hash, audit._hashed_fields(entry))
    report = admin.get(f"{URL}/verify").json()
    assert report["ok"] is False and report["first_bad_seq"] == target + 1
    assert report["problem"] == f"entry {target + 1} does not follow its predecessor"


def test_deleting_an_entry_is_detected(db: Database, admin: Api) -> None:
    seqs = seeded(admin)
    with db.write_engine.begin() as conn:
        conn.execute(text(f"DELETE FROM audit_log WHERE seq = {seqs[1]}"))
    report = admin.get(f"{URL}/verify").json()
    assert report == {
        "ok": False,
        "checked": seqs[1] - 1,
        "first_bad_seq": seqs[1],
        "problem": f"entry {seqs[1]} is missing",
    }
    assert core_report(db).first_bad_seq == seqs[1]


def test_deleting_the_newest_entries_is_detected(db: Database, admin: Api) -> None:
    seqs = seeded(admin)
    with db.write_engine.begin() as conn:
        conn.execute(text(f"DELETE FROM audit_log WHERE seq >= {seqs[-1]}"))
    report = admin.get(f"{URL}/verify").json()
    assert report["ok"] is False
    assert report["problem"] == "entries after the last one found were removed"
    assert report["first_bad_seq"] == seqs[-1]


def test_list_is_newest_first_with_keyset_pages_and_filters(admin: Api) -> None:
    for name in ("A", "B", "C", "D", "E"):
        person(admin, name)
    everything = entries(admin, limit=200)
    seqs = [e["seq"] for e in everything]
    assert seqs == sorted(seqs, reverse=True)

    paged: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = admin.get(URL, params=params).json()
        paged += [e["seq"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert paged == seqs

    creates = entries(admin, action="create", object_type="people", actor_id=me(admin))
    assert len(creates) == 5
    assert entries(admin, **{"from": "2000-01-01T00:00:00Z", "to": "2000-01-02T00:00:00Z"}) == []
    assert len(entries(admin, **{"from": "2000-01-01T00:00:00+06:00"})) == len(seqs)
    assert entries(admin, actor_id=str(uuid.uuid4())) == []
    assert admin.get(URL, params={"cursor": "not-a-cursor"}).status_code == 422
    bad_range = admin.get(URL, params={"from": "2024-01-02T00:00:00Z", "to": "2024-01-01T00:00:00Z"})
    assert bad_range.status_code == 422
    assert admin.get(URL, params={"limit": 0}).status_code == 422
