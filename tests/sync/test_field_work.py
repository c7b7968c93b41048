"""Field work through sync (docs/sync.md): visits checked in offline, task edits offline, and the
activity window a device prunes by — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as
from tests.sync.device import Device

SYLHET = (24.89904, 91.87198)


def _customer(api: Api, name: str = "Tea buyer") -> str:
    r = api.post("/api/v1/people", json={"given_name": name, "latitude": SYLHET[0], "longitude": SYLHET[1]})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _task(api: Api, **fields: Any) -> dict[str, Any]:
    r = api.post("/api/v1/tasks", json={"title": "Send quote", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_pull_announces_the_activity_window(db: Database, client: TestClient, admin: Api) -> None:
    device = Device(admin)
    page = device.pull_page().json()
    assert page["activity_window"] == {"past_days": 90, "future_days": 14}


def test_a_visit_checked_in_offline_is_measured_and_flagged_on_sync(
    db: Database, client: TestClient, admin: Api
) -> None:
    boss = api_as(db, client, "boss@example.com", Role.manager, teams=["Sylhet"])
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["Sylhet"])
    customer = _customer(rep)
    device = Device(rep)
    device.pull()
    at = "2026-12-06T06:00:00+00:00"
    near = device.create(
        "activities",
        {
            "kind": "visit",
            "subject": "Visit",
            "person_id": customer,
            "occurred_at": at,
            "checkin": {"latitude": 24.8999, "longitude": 91.8721, "accuracy_m": 15, "checked_in_at": at},
        },
    )
    far = device.create(
        "activities",
        {
            "kind": "visit",
            "person_id": customer,
            "checkin": {"latitude": 24.48888, "longitude": 91.77075},
        },
    )
    batch = list(device.outbox)
    first, second = device.push()
    assert first["status"] == "applied" and second["status"] == "applied", (first, second)
    stored = rep.get(f"/api/v1/activities/{near}").json()
    assert stored["checked_in_at"].startswith("2026-12-06T06:00:00")
    assert (stored["checkin_latitude"], stored["checkin_accuracy_m"]) == (24.8999, 15)
    assert stored["checkin_distance_m"] < 100 and stored["checkin_flagged"] is False
    assert first["record"]["checkin_distance_m"] == stored["checkin_distance_m"]  # the device's copy
    flagged = rep.get(f"/api/v1/activities/{far}").json()
    assert flagged["checkin_flagged"] is True and flagged["checkin_distance_m"] > 40_000
    assert [n["kind"] for n in boss.get("/api/v1/notifications").json()["items"]] == ["geo.checkin_flagged"]
    # Replayed: nothing new (no second visit, no second notification).
    assert [r["status"] for r in device.push(batch)] == ["duplicate", "duplicate"]
    assert len(boss.get("/api/v1/notifications").json()["items"]) == 1
    assert len(rep.get("/api/v1/geo/check-ins").json()["items"]) == 2


def test_a_bad_check_in_rejects_the_whole_visit(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    customer = _customer(rep)
    device = Device(rep)
    bad = device.create(
        "activities", {"kind": "visit", "person_id": customer, "checkin": {"latitude": 95, "longitude": 1}}
    )
    call = device.create(
        "activities", {"kind": "call", "person_id": customer, "checkin": {"latitude": 1, "longitude": 1}}
    )
    shape = device.create("activities", {"kind": "visit", "person_id": customer, "checkin": [1, 2]})
    results = device.push()
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert results[0]["code"] == "validation_failed"
    assert results[0]["errors"][0]["field"] == "checkin.latitude"
    assert results[1]["code"] == "validation_failed"  # only visits take a check-in
    assert results[2]["errors"][0]["field"] == "checkin"
    for aid in (bad, call, shape):  # the savepoint took the visit back with its check-in
        assert rep.get(f"/api/v1/activities/{aid}").status_code == 404


def test_task_edits_offline_apply_merge_and_leave_scope_when_done(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    me = rep.get("/api/v1/me").json()["id"]
    call = _task(rep, assignee_id=me, due_at="2026-12-06T10:00:00+00:00")
    visit = _task(rep, title="Visit the estate", assignee_id=me)
    device = Device(rep)
    device.pull()
    assert device.ids("tasks") == {call["id"], visit["id"]}
    # Offline: a new due date and title on one, the other ticked done.
    device.update("tasks", call["id"], {"due_at": "2026-12-08T10:00:00Z", "title": "Call back"})
    device.update("tasks", visit["id"], {"done": True})
    # Meanwhile on the server: the same title changed, and the priority (a field the device kept).
    current = rep.get(f"/api/v1/tasks/{call['id']}").json()
    r = rep.patch(
        f"/api/v1/tasks/{call['id']}",
        json={"title": "Call Rupa", "priority": "high"},
        headers={"If-Match": str(current["version"])},
    )
    assert r.status_code == 200, r.text
    edit, done = device.push()
    assert edit["status"] == "conflict" and edit["code"] == "field"
    assert done["status"] == "applied" and done["record"]["done"] is True
    server = rep.get(f"/api/v1/tasks/{call['id']}").json()
    assert (server["title"], server["priority"]) == ("Call back", "high")
    assert server["due_at"].startswith("2026-12-08T10:00:00")
    (conflict,) = rep.get("/api/v1/sync/conflicts").json()["items"]
    assert conflict["object_type"] == "tasks"
    assert conflict["fields"] == {
        "title": {"base": "Send quote", "server": "Call Rupa", "device": "Call back"}
    }
    resolved = rep.post(f"/api/v1/sync/conflicts/{conflict['id']}/resolve", json={"choice": "server"})
    assert resolved.status_code == 200, resolved.text
    assert rep.get(f"/api/v1/tasks/{call['id']}").json()["title"] == "Call Rupa"
    # The done task left the scope (open tasks): the next pull tombstones it.
    seen = device.pull()
    assert {"type": "tasks", "id": visit["id"]} in seen["tombstones"]
    assert device.ids("tasks") == {call["id"]}
    assert device.store[("tasks", call["id"])]["title"] == "Call Rupa"
