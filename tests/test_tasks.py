from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as

URL = "/api/v1/tasks"
# 20:00 UTC on 10 March is already 02:00 on 11 March in Dhaka (UTC+6).
NOW = datetime(2024, 3, 10, 20, 0, tzinfo=UTC)


def me(api: Api) -> str:
    return str(api.get("/api/v1/me").json()["id"])


def task(api: Api, **fields: Any) -> dict[str, Any]:
    r = api.post(URL, json={"title": "Follow up", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def titles(api: Api, **params: Any) -> list[str]:
    r = api.get(URL, params=params)
    assert r.status_code == 200, r.text
    return [t["title"] for t in r.json()["items"]]


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr("sampark.tasks.service.utcnow", lambda: NOW)
    return NOW


def test_create_defaults_to_me_normal_priority_open(admin: Api) -> None:
    t = task(admin, title="  Send   the quote ", due_at="2024-03-12T17:00:00+06:00")
    assert t["title"] == "Send the quote"
    assert t["assignee_id"] == me(admin)
    assert (t["priority"], t["done"], t["done_at"]) == ("normal", False, None)
    assert t["due_at"].startswith("2024-03-12T11:00:00")
    assert admin.get(f"{URL}/{t['id']}").json() == t


def test_reminder_after_the_due_time_is_refused(admin: Api) -> None:
    r = admin.post(
        URL, json={"title": "x", "due_at": "2024-03-12T10:00:00Z", "remind_at": "2024-03-12T16:30:00+06:00"}
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["remind_at"]
    ok = task(admin, due_at="2024-03-12T10:00:00Z", remind_at="2024-03-12T16:00:00+06:00")  # same instant
    moved = admin.patch(
        f"{URL}/{ok['id']}", json={"due_at": "2024-03-12T09:00:00Z"}, headers={"If-Match": "1"}
    )
    assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "remind_at"
    both = admin.patch(
        f"{URL}/{ok['id']}",
        json={"due_at": "2024-03-12T09:00:00Z", "remind_at": "2024-03-12T08:00:00Z"},
        headers={"If-Match": "1"},
    )
    assert both.status_code == 200, both.text
    cleared = admin.patch(f"{URL}/{ok['id']}", json={"due_at": None}, headers={"If-Match": "2"})
    assert cleared.status_code == 200 and cleared.json()["due_at"] is None
    assert task(admin, remind_at="2024-03-12T08:00:00Z")["remind_at"] is not None  # no due time: any reminder


def test_completing_twice_is_fine_and_audited_once(admin: Api) -> None:
    t = task(admin)
    first = admin.post(f"{URL}/{t['id']}/complete")
    assert first.status_code == 200, first.text
    assert first.json()["done"] is True and first.json()["done_at"] is not None
    again = admin.post(f"{URL}/{t['id']}/complete")
    assert again.status_code == 200
    assert again.json()["done_at"] == first.json()["done_at"]
    assert again.json()["version"] == first.json()["version"]
    history = admin.get(f"/api/v1/audit/records/tasks/{t['id']}").json()["items"]
    assert [e["action"] for e in history] == ["complete", "create"]
    assert history[0]["changes"]["done"] == {"before": False, "after": True}


def test_done_flag_stamps_and_clears_done_at(admin: Api) -> None:
    t = task(admin)
    done = admin.patch(f"{URL}/{t['id']}", json={"done": True}, headers={"If-Match": "1"}).json()
    assert done["done"] is True and done["done_at"] is not None
    same = admin.patch(f"{URL}/{t['id']}", json={"done": True, "priority": "high"}, headers={"If-Match": "2"})
    assert same.json()["done_at"] == done["done_at"]  # already done: keeps when it was done
    reopened = admin.patch(f"{URL}/{t['id']}", json={"done": False}, headers={"If-Match": "3"}).json()
    assert reopened["done"] is False and reopened["done_at"] is None
    assert task(admin, done=True)["done_at"] is not None
    nulled = admin.patch(f"{URL}/{t['id']}", json={"done": None}, headers={"If-Match": "4"})
    assert nulled.status_code == 422 and nulled.json()["errors"][0]["field"] == "done"


def _seed_views(api: Api) -> None:
    task(api, title="overdue", due_at="2024-03-10T10:00:00Z")
    task(api, title="dhaka-today-utc-tomorrow", due_at="2024-03-11T12:00:00Z")  # 18:00 on the 11th in Dhaka
    task(api, title="today-everywhere", due_at="2024-03-10T22:00:00Z")  # 04:00 on the 11th in Dhaka
    task(api, title="later", due_at="2024-03-11T19:00:00Z")  # 01:00 on the 12th in Dhaka
    done = task(api, title="done-overdue", due_at="2024-03-09T10:00:00Z")
    api.post(f"{URL}/{done['id']}/complete")
    task(api, title="someday")


def test_views_follow_the_callers_time_zone(db: Database, client: TestClient, frozen_clock: datetime) -> None:
    dhaka = api_as(db, client, "dhaka@example.com", Role.sales)
    assert dhaka.patch("/api/v1/me", json={"timezone": "Asia/Dhaka"}).status_code == 200
    london = api_as(db, client, "utc@example.com", Role.sales)  # UTC by default
    _seed_views(dhaka)
    _seed_views(london)

    assert titles(dhaka, view="today") == ["overdue", "today-everywhere", "dhaka-today-utc-tomorrow"]
    assert titles(dhaka, view="overdue") == ["overdue"]
    assert titles(dhaka, view="upcoming") == ["later"]

    assert titles(london, view="today") == ["overdue", "today-everywhere"]
    assert titles(london, view="overdue") == ["overdue"]
    assert titles(london, view="upcoming") == ["dhaka-today-utc-tomorrow", "later"]


def test_views_are_my_open_tasks_only(
    db: Database, client: TestClient, admin: Api, frozen_clock: datetime
) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    task(admin, title="for asha", due_at="2024-03-10T11:00:00Z", assignee_id=me(asha))
    task(admin, title="admin's own", due_at="2024-03-10T11:00:00Z")
    assert titles(asha, view="today") == ["for asha"]
    assert titles(admin, view="overdue") == ["admin's own"]  # admin sees both, but the view is personal
    assert (
        titles(admin, view="overdue", filter=json.dumps({"field": "priority", "op": "eq", "value": "high"}))
        == []
    )
    assert admin.get(URL, params={"view": "tomorrow"}).status_code == 422


def test_assignment_follows_owner_rules(db: Database, client: TestClient) -> None:
    manager = api_as(db, client, "mgr@example.com", Role.manager, teams=["Sylhet"])
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["Sylhet"])
    other = api_as(db, client, "other@example.com", Role.sales, teams=["Dhaka"])
    assigned = task(manager, title="call the estate", assignee_id=me(rep))
    assert titles(rep) == ["call the estate"]
    assert assigned["assignee_id"] == me(rep)
    r = manager.post(URL, json={"title": "x", "assignee_id": me(other)})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "assignee_id"
    r = rep.post(URL, json={"title": "x", "assignee_id": me(manager)})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "assignee_id"
    r = rep.patch(f"{URL}/{assigned['id']}", json={"assignee_id": me(other)}, headers={"If-Match": "1"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "assignee_id"
    assert other.get(f"{URL}/{assigned['id']}").status_code == 404
    unknown = manager.post(URL, json={"title": "x", "assignee_id": "01900000-0000-7000-8000-000000000009"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["code"] == "unknown_user"


def test_links_must_be_visible(db: Database, client: TestClient) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    bimal = api_as(db, client, "bimal@example.com", Role.sales)
    bimals = bimal.post("/api/v1/people", json={"given_name": "Bimal's lead"}).json()["id"]
    ashas = asha.post("/api/v1/people", json={"given_name": "Asha's lead"}).json()["id"]
    r = asha.post(URL, json={"title": "x", "person_id": bimals})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["person_id"]
    linked = task(asha, title="linked", person_id=ashas)
    flt = json.dumps({"field": "person_id", "op": "eq", "value": ashas})
    assert titles(asha, filter=flt) == ["linked"]
    unlinked = asha.patch(f"{URL}/{linked['id']}", json={"person_id": None}, headers={"If-Match": "1"})
    assert unlinked.status_code == 200 and unlinked.json()["person_id"] is None


def test_filters_sorting_and_search(admin: Api) -> None:
    task(admin, title="b urgent", priority="urgent", due_at="2024-03-11T10:00:00Z")
    task(admin, title="a low", priority="low", due_at="2024-03-12T10:00:00Z")
    task(admin, title="c undated")
    assert titles(admin) == ["b urgent", "a low", "c undated"]  # soonest due first, undated last
    assert titles(admin, sort="-due_at") == ["a low", "b urgent", "c undated"]
    assert titles(
        admin, filter=json.dumps({"field": "priority", "op": "in", "value": ["urgent", "high"]})
    ) == ["b urgent"]
    assert titles(admin, filter=json.dumps({"field": "assignee_id", "op": "eq", "value": me(admin)})) == [
        "b urgent",
        "a low",
        "c undated",
    ]
    assert titles(admin, filter=json.dumps({"field": "done", "op": "eq", "value": True})) == []
    assert titles(admin, q="URGENT") == ["b urgent"]
    page = admin.get(URL, params={"limit": 2}).json()
    rest = admin.get(URL, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [t["title"] for t in page["items"] + rest["items"]] == ["b urgent", "a low", "c undated"]


def test_delete_is_hard_and_needs_the_grant(db: Database, client: TestClient, admin: Api) -> None:
    t = task(admin)
    viewer = api_as(db, client, "viewer@example.com", Role.analyst)  # reads all tasks, changes none
    assert viewer.get(f"{URL}/{t['id']}").status_code == 200
    assert viewer.post(f"{URL}/{t['id']}/complete").status_code == 403
    assert viewer.delete(f"{URL}/{t['id']}").status_code == 403
    assert admin.delete(f"{URL}/{t['id']}").status_code == 204
    assert admin.get(f"{URL}/{t['id']}").status_code == 404
    assert admin.post(f"{URL}/{t['id']}/complete").status_code == 404


def test_idempotent_create(admin: Api) -> None:
    body = {"title": "Only once"}
    first = admin.post(URL, json=body, headers={"Idempotency-Key": "t-1"})
    again = admin.post(URL, json=body, headers={"Idempotency-Key": "t-1"})
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["assignee_id"] == first.json()["assignee_id"]
    assert titles(admin) == ["Only once"]


def test_bulk_update_ticks_off_and_reassigns_each_task_on_its_own(db: Database, client: TestClient) -> None:
    manager = api_as(db, client, "manager@example.com", Role.manager, teams=["Showroom"])
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["Showroom"])
    outsider = api_as(db, client, "outsider@example.com", Role.sales, teams=["Field"])
    mine = [task(rep, title=f"Call {n}") for n in range(3)]
    hidden = task(outsider, title="Not yours")
    items = [
        {"id": mine[0]["id"], "version": mine[0]["version"], "changes": {"done": True}},
        {"id": mine[1]["id"], "version": mine[1]["version"], "changes": {"assignee_id": me(manager)}},
        {"id": mine[2]["id"], "version": mine[2]["version"] + 1, "changes": {"done": True}},  # stale
        {"id": hidden["id"], "version": hidden["version"], "changes": {"done": True}},
    ]
    r = manager.patch(f"{URL}/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["status"] for i in body["items"]] == [200, 200, 412, 404]
    assert (body["succeeded"], body["failed"]) == (2, 2)
    assert body["items"][0]["record"]["done"] is True and body["items"][0]["record"]["done_at"]
    assert body["items"][1]["record"]["assignee_id"] == me(manager)
    assert rep.get(f"{URL}/{mine[2]['id']}").json()["done"] is False
    assert outsider.get(f"{URL}/{hidden['id']}").json()["done"] is False
    # A sales rep cannot reach a teammate's task through bulk either.
    r = outsider.patch(f"{URL}/bulk", json={"items": [{**items[0], "version": 2}]})
    assert r.json()["items"][0]["status"] == 404
