"""The sync protocol end to end over HTTP (docs/sync.md), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from sampark.core.audit import AuditEntry
from sampark.core.clock import utcnow
from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as
from tests.sync.device import Device


def _people(api: Api, n: int, owner: str | None = None, city: str = "Sylhet") -> list[str]:
    ids = []
    for i in range(n):
        body: dict[str, Any] = {"given_name": f"P{i}", "city": city}
        if owner:
            body["owner_id"] = owner
        response = api.post("/api/v1/people", json=body)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def _me(api: Api) -> str:
    return str(api.get("/api/v1/me").json()["id"])


def _sent(device: Device) -> list[dict[str, Any]]:
    return device.sent  # type: ignore[attr-defined, no-any-return]


def _audit_count(db: Database) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_snapshot_is_own_and_team_scope_and_pages(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["sylhet"])
    mate = api_as(db, client, "mate@example.com", Role.sales, teams=["sylhet"])
    other = api_as(db, client, "other@example.com", Role.sales, teams=["dhaka"])
    mine = _people(rep, 5)
    _people(mate, 2)  # team records: but sales sees only its own (role visibility wins)
    _people(other, 3)
    device = Device(rep)
    seen = device.pull(limit=2)
    assert seen["full_resync"] is True
    assert device.ids("people") == set(mine)
    assert device.pages >= 3


def test_manager_gets_team_records(db: Database, client: TestClient, admin: Api) -> None:
    boss = api_as(db, client, "boss@example.com", Role.manager, teams=["sylhet"])
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["sylhet"])
    outsider = api_as(db, client, "x@example.com", Role.sales, teams=["dhaka"])
    ids = _people(rep, 2) + _people(boss, 1)
    _people(outsider, 2)
    device = Device(boss)
    device.pull()
    assert device.ids("people") == set(ids)


def test_incremental_upserts_tombstones_and_scope_changes(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["sylhet"])
    other = api_as(db, client, "other@example.com", Role.sales, teams=["dhaka"])
    rep_id, other_id = _me(rep), _me(other)
    a, b, c = _people(admin, 3, owner=rep_id)
    device = Device(rep)
    device.pull()
    assert device.ids("people") == {a, b, c}
    # an edit, a delete, a reassignment away, and a record assigned in
    version = rep.get(f"/api/v1/people/{a}").json()["version"]
    assert (
        rep.patch(
            f"/api/v1/people/{a}", json={"city": "Sunamganj"}, headers={"If-Match": str(version)}
        ).status_code
        == 200
    )
    assert admin.delete(f"/api/v1/people/{b}").status_code == 204
    version = admin.get(f"/api/v1/people/{c}").json()["version"]
    assert (
        admin.patch(
            f"/api/v1/people/{c}", json={"owner_id": other_id}, headers={"If-Match": str(version)}
        ).status_code
        == 200
    )
    (d,) = _people(admin, 1, owner=rep_id)
    (hidden,) = _people(admin, 1, owner=other_id)
    seen = device.pull()
    assert seen["full_resync"] is False
    assert device.ids("people") == {a, d}
    assert device.store[("people", a)]["city"] == "Sunamganj"
    assert {t["id"] for t in seen["tombstones"]} == {b, c}
    assert hidden not in {t["id"] for t in seen["tombstones"]}  # never held: its id is not told
    # nothing new: an empty page, same position
    again = device.pull()
    assert again["upserts"] == [] and again["tombstones"] == []


def test_push_applies_and_replays_are_duplicates(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    device.pull()
    pid = device.create("people", {"given_name": "Rahim", "phones": [{"number": "01711-234567"}]})
    aid = device.create("activities", {"kind": "visit", "subject": "Tea estate visit", "person_id": pid})
    tid = device.create("tasks", {"title": "Send quote", "person_id": pid})
    batch = list(device.outbox)
    results = device.push()
    assert [r["status"] for r in results] == ["applied"] * 3
    assert rep.get(f"/api/v1/people/{pid}").json()["primary_phone"] == "+8801711234567"
    assert rep.get(f"/api/v1/activities/{aid}").status_code == 200
    before = _audit_count(db)
    replay = device.push(batch)
    assert [r["status"] for r in replay] == ["duplicate"] * 3
    assert replay[0]["first"]["status"] == "applied"
    assert _audit_count(db) == before  # nothing changed
    device.update("people", pid, {"city": "Sylhet"})
    device.delete("tasks", tid)
    results = device.push()
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert rep.get(f"/api/v1/tasks/{tid}").status_code == 404
    device.pull()
    assert device.store[("people", pid)]["city"] == "Sylhet"
    assert ("tasks", tid) not in device.store


def test_rejected_does_not_block_and_validation_is_the_rest_one(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    bad = device.create("people", {"emails": [{"email": "not-an-email"}]})
    good = device.create("people", {"given_name": "Karim"})
    unknown = device.create("widgets", {"x": 1})
    device.sent = list(device.outbox)  # type: ignore[attr-defined]
    results = device.push()
    assert [r["status"] for r in results] == ["rejected", "applied", "rejected"]
    assert results[0]["code"] == "validation_failed" and results[0]["errors"]
    assert results[2]["code"] == "unsupported_type"
    assert rep.get(f"/api/v1/people/{bad}").status_code == 404
    assert rep.get(f"/api/v1/people/{good}").status_code == 200
    assert unknown
    # a rejected mutation replayed answers the stored rejection
    first = device.results[0]
    replay = device.push([m for m in _sent(device) if m["client_mutation_id"] == first["client_mutation_id"]])
    assert replay[0]["status"] == "duplicate" and replay[0]["first"]["code"] == "validation_failed"


def test_field_conflicts_merge_and_resolve(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    (pid,) = _people(rep, 1)
    device = Device(rep)
    device.pull()
    version = rep.get(f"/api/v1/people/{pid}").json()["version"]
    # the server changes city and family name; the device changes city and given name
    rep.patch(
        f"/api/v1/people/{pid}",
        json={"city": "Dhaka", "family_name": "Uddin"},
        headers={"If-Match": str(version)},
    )
    device.update("people", pid, {"city": "Habiganj", "given_name": "Rahim"})
    (result,) = device.push()
    assert result["status"] == "conflict" and result["code"] == "field"
    record = rep.get(f"/api/v1/people/{pid}").json()
    assert (record["city"], record["given_name"], record["family_name"]) == ("Habiganj", "Rahim", "Uddin")
    conflicts = rep.get("/api/v1/sync/conflicts").json()["items"]
    assert len(conflicts) == 1 and set(conflicts[0]["fields"]) == {"city"}
    assert conflicts[0]["fields"]["city"] == {"base": "Sylhet", "server": "Dhaka", "device": "Habiganj"}
    wrong = rep.post(f"/api/v1/sync/conflicts/{conflicts[0]['id']}/resolve", json={"choice": "delete"})
    assert wrong.status_code == 422
    done = rep.post(f"/api/v1/sync/conflicts/{conflicts[0]['id']}/resolve", json={"choice": "server"})
    assert done.status_code == 200 and done.json()["resolution"] == "server"
    assert rep.get(f"/api/v1/people/{pid}").json()["city"] == "Dhaka"
    assert rep.get("/api/v1/sync/conflicts").json()["items"] == []


def test_stale_edit_of_other_fields_merges_without_conflict(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    (pid,) = _people(rep, 1)
    device = Device(rep)
    device.pull()
    version = rep.get(f"/api/v1/people/{pid}").json()["version"]
    rep.patch(f"/api/v1/people/{pid}", json={"family_name": "Uddin"}, headers={"If-Match": str(version)})
    device.update("people", pid, {"given_name": "Rahim", "city": "Sylhet"})  # city unchanged by both
    (result,) = device.push()
    assert result["status"] == "applied"
    record = rep.get(f"/api/v1/people/{pid}").json()
    assert (record["given_name"], record["family_name"]) == ("Rahim", "Uddin")


def test_delete_and_edit_conflicts(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.manager, teams=["t"])
    p1, p2 = _people(rep, 2)
    device = Device(rep)
    device.pull()
    # the device deletes a record the server changed meanwhile: kept, conflict to resolve
    version = rep.get(f"/api/v1/people/{p1}").json()["version"]
    rep.patch(f"/api/v1/people/{p1}", json={"city": "Dhaka"}, headers={"If-Match": str(version)})
    device.delete("people", p1)
    # the device edits a record deleted on the server: rejected, what was typed kept
    admin.delete(f"/api/v1/people/{p2}")
    device.update("people", p2, {"phones": [{"number": "01711-000000"}]})
    first, second = device.push()
    assert first["status"] == "conflict" and first["code"] == "delete_edited"
    assert rep.get(f"/api/v1/people/{p1}").status_code == 200
    assert second["status"] == "rejected" and second["code"] == "deleted_on_server" and second["conflict_id"]
    kinds = {c["kind"]: c for c in rep.get("/api/v1/sync/conflicts").json()["items"]}
    assert set(kinds) == {"delete_edited", "edit_deleted"}
    assert kinds["edit_deleted"]["fields"]["phones"]["device"] == [{"number": "01711-000000"}]
    resolved = rep.post(
        f"/api/v1/sync/conflicts/{kinds['delete_edited']['id']}/resolve", json={"choice": "delete"}
    )
    assert resolved.status_code == 200
    assert rep.get(f"/api/v1/people/{p1}").status_code == 404


def test_activities_are_insert_only(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    (pid,) = _people(rep, 1)
    device = Device(rep)
    device.pull()
    aid = device.create("activities", {"kind": "note", "body": "Wants 200 kg", "person_id": pid})
    device.push()
    device.pull()
    device.update("activities", aid, {"body": "Wants 300 kg"})
    (result,) = device.push()
    assert result["status"] == "rejected" and result["code"] == "insert_only"


def test_out_of_order_batches(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    pid = device.create("people", {"given_name": "Rahim"})
    create = device.outbox.pop()
    device.store[("people", pid)] = {"version": 1, "city": None}
    device.update("people", pid, {"city": "Sylhet"})
    edit = device.outbox.pop()
    (early,) = device.push([edit])  # the edit's batch arrives first
    assert early["status"] == "rejected" and early["code"] == "not_found" and early["retryable"]
    assert device.push([create])[0]["status"] == "applied"
    assert device.push([edit])[0]["status"] == "applied"  # retried: not stored as final
    assert rep.get(f"/api/v1/people/{pid}").json()["city"] == "Sylhet"
    assert device.push([create, edit])[0]["status"] == "duplicate"


def test_revoked_device_is_told_to_wipe(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    device = Device(rep)
    device.pull()
    assert len(rep.get("/api/v1/sync/devices").json()["items"]) == 1
    assert admin.post(f"/api/v1/sync/devices/{device.id}/revoke").status_code == 200
    for response in (
        device.pull_page(),
        rep.post("/api/v1/sync/push", json={"mutations": []}, headers=device.headers),
    ):
        assert response.status_code == 410
        body = response.json()
        assert body["code"] == "device_revoked" and body["wipe"] is True
    # someone else's device: hidden
    other = api_as(db, client, "x@example.com", Role.sales)
    assert other.post(f"/api/v1/sync/devices/{device.id}/revoke").status_code == 404
    assert rep.get("/api/v1/sync/pull", headers={"X-Sampark-Device": device.id}).status_code == 410


def test_permission_refusals(db: Database, client: TestClient, admin: Api) -> None:
    viewer = api_as(db, client, "ro@example.com", Role.read_only, teams=["t"])
    device = Device(viewer)
    device.create("people", {"given_name": "X"})
    (result,) = device.push()
    assert result["status"] == "rejected" and result["code"] == "permission_denied"
    # a token without the sync scope
    from tests.conftest import token_for

    limited = Api(client, token_for(db, "ro@example.com", ["people:read"]))
    assert limited.get("/api/v1/sync/pull", headers=device.headers).status_code == 403
    # another user's device id is unknown to me
    rep = api_as(db, client, "rep@example.com", Role.sales)
    assert rep.get("/api/v1/sync/pull", headers=device.headers).status_code == 404
    # a sales rep cannot assign to someone outside: the same refusal as REST
    mine = Device(rep)
    mine.create("people", {"given_name": "Y", "owner_id": _me(admin)})
    (result,) = mine.push()
    assert result["status"] == "rejected" and result["code"] == "validation_failed"


def test_expired_cursor_gets_full_resync(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    (pid,) = _people(rep, 1)
    device = Device(rep)
    device.pull()
    _people(rep, 1)
    with db.session() as s:  # the changes after the device's cursor are past retention
        s.execute(update(AuditEntry).values(occurred_at=utcnow() - timedelta(days=120)))
    seen = device.pull()
    assert seen["full_resync"] is True
    assert len(device.ids("people")) == 2 and pid in device.ids("people")


def test_team_change_resyncs(db: Database, client: TestClient, admin: Api) -> None:
    boss = api_as(db, client, "boss@example.com", Role.manager, teams=["a"])
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["b"])
    _people(rep, 2)
    device = Device(boss)
    device.pull()
    assert device.ids("people") == set()
    teams = admin.get("/api/v1/teams").json()
    team_b = next(t["id"] for t in (teams["items"] if isinstance(teams, dict) else teams) if t["name"] == "b")
    me = admin.get(f"/api/v1/users/{_me(boss)}").json()
    response = admin.patch(
        f"/api/v1/users/{me['id']}",
        json={"team_ids": [*me.get("team_ids", []), team_b]},
        headers={"If-Match": str(me["version"])},
    )
    assert response.status_code == 200, response.text
    from sampark.core.principal_cache import cache

    cache.clear()
    seen = device.pull()
    assert seen["full_resync"] is True and len(device.ids("people")) == 2


def test_merge_tombstones_the_retired_person(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    rep_id = _me(rep)
    keep, gone = _people(admin, 2, owner=rep_id)
    device = Device(rep)
    device.pull()
    response = admin.post(f"/api/v1/people/{keep}/merge", json={"merged_id": gone})
    assert response.status_code in (200, 201), response.text
    seen = device.pull()
    assert {t["id"] for t in seen["tombstones"]} == {gone}
    assert device.ids("people") == {keep}
