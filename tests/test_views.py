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


def test_names_are_required_and_unique_per_owner_and_list(
    db: Database, client: TestClient, admin: Api
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    other = api_as(db, client, "other@example.com", Role.sales)
    first = rep.post(VIEWS, json={"name": "Hot leads", "object_type": "people"})
    assert first.status_code == 201, first.text
    again = rep.post(VIEWS, json={"name": "hot LEADS", "object_type": "people"})
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "name" and again.json()["errors"][0]["code"] == "taken"
    blank = rep.post(VIEWS, json={"name": "   ", "object_type": "people"})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "name"
    # another list, or another user, may use the same name
    assert rep.post(VIEWS, json={"name": "Hot leads", "object_type": "deals"}).status_code == 201
    assert other.post(VIEWS, json={"name": "Hot leads", "object_type": "people"}).status_code == 201
    # renaming onto a taken name is refused, renaming to itself (other case) is not
    second = rep.post(VIEWS, json={"name": "Cold", "object_type": "people"}).json()
    taken = rep.patch(f"{VIEWS}/{second['id']}", json={"name": "Hot Leads"}, headers={"If-Match": "1"})
    assert taken.status_code == 422 and taken.json()["errors"][0]["field"] == "name"
    same = rep.patch(f"{VIEWS}/{second['id']}", json={"name": "COLD"}, headers={"If-Match": "1"})
    assert same.status_code == 200 and same.json()["name"] == "COLD"
    assert len(rep.get(VIEWS, params={"object_type": "people"}).json()) == 2


def test_default_view_per_user_and_list(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    other = api_as(db, client, "other@example.com", Role.sales)
    a = rep.post(VIEWS, json={"name": "A", "object_type": "people", "is_default": True}).json()
    assert a["is_default"] is True
    b = rep.post(VIEWS, json={"name": "B", "object_type": "people"}).json()
    deals = rep.post(VIEWS, json={"name": "D", "object_type": "deals", "is_default": True}).json()
    shared = other.post(VIEWS, json={"name": "Team", "object_type": "people", "shared": True}).json()
    assert shared["is_default"] is False
    # one default per list: choosing B un-defaults A, not the deals view
    assert rep.put(f"{VIEWS}/{b['id']}/default").json()["is_default"] is True
    defaults = {v["name"] for v in rep.get(VIEWS).json() if v["is_default"]}
    assert defaults == {"B", "D"}
    # a shared view can be someone's default without changing it for its owner
    assert rep.put(f"{VIEWS}/{shared['id']}/default").status_code == 200
    assert {v["name"] for v in rep.get(VIEWS).json() if v["is_default"]} == {"Team", "D"}
    assert not any(v["is_default"] for v in other.get(VIEWS).json())
    assert rep.get(f"{VIEWS}/{shared['id']}").json()["is_default"] is True
    # device: the change of default reaches the synced copy
    device = Device(rep)
    device.pull()
    assert device.store[("views", shared["id"])]["is_default"] is True
    cleared = rep.delete(f"{VIEWS}/{shared['id']}/default")
    assert cleared.status_code == 200 and cleared.json()["is_default"] is False
    device.pull()
    assert device.store[("views", shared["id"])]["is_default"] is False
    # deleting a default view leaves no default behind
    assert rep.delete(f"{VIEWS}/{deals['id']}").status_code == 204
    assert not any(v["is_default"] for v in rep.get(VIEWS).json())
    # a view one cannot see cannot become one's default
    private = other.post(VIEWS, json={"name": "Mine", "object_type": "people"}).json()
    assert rep.put(f"{VIEWS}/{private['id']}/default").status_code == 404
    assert a["id"]
