"""Saved views: own and shared, changed only by their owner, validated, audited, and held
offline (sync type `views`), on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as
from tests.sync.device import Device

VIEWS = "/api/v1/views"
HOT = '{"field": "lifecycle_stage", "op": "eq", "value": "opportunity"}'


def test_own_and_shared_views(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    other = api_as(db, client, "other@example.com", Role.sales)
    mine = rep.post(VIEWS, json={"name": "Hot leads", "object_type": "people", "filter": HOT,
                                 "sort": "-updated_at", "columns": ["display_name", "city"]})  # fmt: skip
    assert mine.status_code == 201, mine.text
    shared = other.post(VIEWS, json={"name": "Sylhet", "object_type": "companies", "shared": True})
    other.post(VIEWS, json={"name": "Private", "object_type": "deals"})
    names = [v["name"] for v in rep.get(VIEWS).json()]
    assert sorted(names) == ["Hot leads", "Sylhet"]
    assert [v["name"] for v in rep.get(VIEWS, params={"object_type": "people"}).json()] == ["Hot leads"]
    # a shared view is seen by all, changed only by its owner (or an admin)
    sid, view = shared.json()["id"], mine.json()
    assert (
        rep.patch(f"{VIEWS}/{sid}", json={"name": "Mine now"}, headers={"If-Match": "1"}).status_code == 404
    )
    assert rep.delete(f"{VIEWS}/{sid}").status_code == 404
    changed = rep.patch(f"{VIEWS}/{view['id']}", json={"name": "Hotter"}, headers={"If-Match": "1"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = rep.patch(f"{VIEWS}/{view['id']}", json={"name": "Stale"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert admin.patch(f"{VIEWS}/{sid}", json={"shared": False}, headers={"If-Match": "1"}).status_code == 200
    assert rep.get(f"{VIEWS}/{sid}").status_code == 404
    history = admin.get("/api/v1/audit", params={"object_type": "views"}).json()["items"]
    assert {e["action"] for e in history} >= {"create", "update"}


def test_a_bad_filter_is_refused(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    bad = rep.post(VIEWS, json={"name": "Broken", "object_type": "people", "filter": "{not json"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "filter"
    assert rep.get(VIEWS).json() == []


def test_views_are_synced_and_leave_as_tombstones(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    other = api_as(db, client, "other@example.com", Role.sales)
    mine = rep.post(VIEWS, json={"name": "Today", "object_type": "tasks"}).json()
    shared = other.post(VIEWS, json={"name": "Team deals", "object_type": "deals", "shared": True}).json()
    other.post(VIEWS, json={"name": "Private", "object_type": "deals"})
    device = Device(rep)
    device.pull()
    assert device.ids("views") == {mine["id"], shared["id"]}
    assert device.store[("views", mine["id"])]["name"] == "Today"
    other.patch(f"{VIEWS}/{shared['id']}", json={"shared": False}, headers={"If-Match": "1"})
    rep.patch(f"{VIEWS}/{mine['id']}", json={"name": "Today's"}, headers={"If-Match": "1"})
    seen = device.pull()
    assert {(t["type"], t["id"]) for t in seen["tombstones"]} == {("views", shared["id"])}
    assert device.store[("views", mine["id"])]["name"] == "Today's"
    assert rep.delete(f"{VIEWS}/{mine['id']}").status_code == 204
    device.pull()
    assert device.ids("views") == set()
