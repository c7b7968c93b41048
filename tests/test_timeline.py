"""One timeline per person across kinds, and computed traits, through the real HTTP API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from sampark.core.ids import new_id
from sampark.core.permissions import Role
from sampark.db import Database
from sampark.profiles import traits
from sampark.tracking import inbox
from sampark.tracking.models import Event
from tests.conftest import Api, api_as, write_key_auth
from tests.test_orders import ORDERS, order


def iso(dt: datetime) -> str:
    return dt.isoformat()


NOW = datetime.now(UTC).replace(microsecond=0)


def _person_with_history(db: Database, admin: Api, client: TestClient) -> str:
    key = admin.post("/api/v1/sources", json={"name": "Website", "kind": "web"}).json()["write_key"]
    h = write_key_auth(key)
    r = client.post(
        "/v1/identify",
        json={"userId": "u-1", "traits": {"email": "rahim@example.com", "name": "Rahim"}, "messageId": "i1",
              "timestamp": iso(NOW - timedelta(days=10))},
        headers=h,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    for n, days in enumerate((9, 5, 1)):
        client.post(
            "/v1/page",
            json={
                "userId": "u-1",
                "name": f"/p{n}",
                "messageId": f"p{n}",
                "timestamp": iso(NOW - timedelta(days=days)),
            },
            headers=h,
        )
    client.post(
        "/v1/track",
        json={
            "userId": "u-1",
            "event": "Added to cart",
            "messageId": "t1",
            "timestamp": iso(NOW - timedelta(days=2)),
        },
        headers=h,
    )
    inbox.drain(db)  # the worker's step: the calls become events on the person
    placed = admin.post(ORDERS, json=order("DH-1", placed_at=iso(NOW - timedelta(days=3)))).json()
    person_id = str(placed["person_id"])
    r = admin.post(
        f"{ORDERS}/{placed['id']}/refunds",
        json={"amount": "350", "refunded_at": iso(NOW - timedelta(hours=30))},
    )
    assert r.status_code == 201, r.text
    r = admin.post(
        "/api/v1/activities",
        json={
            "kind": "call",
            "subject": "Asked about tea",
            "person_id": person_id,
            "occurred_at": iso(NOW - timedelta(days=4)),
        },
    )
    assert r.status_code == 201, r.text
    return person_id


def test_the_timeline_merges_kinds_newest_first_and_pages(
    db: Database, admin: Api, client: TestClient
) -> None:
    person_id = _person_with_history(db, admin, client)
    url = f"/api/v1/people/{person_id}/timeline"
    items = admin.get(url).json()["items"]
    kinds = [i["kind"] for i in items]
    assert kinds == ["page", "refund", "track", "order", "activity", "page", "page", "identify"], kinds
    assert items[3]["title"] == "Order DH-1" and items[3]["detail"]["total"] == "1250.00"
    times = [i["occurred_at"] for i in items]
    assert times == sorted(times, reverse=True)
    # Page by three: the same items, none twice.
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = admin.get(url, params=params).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [i["id"] for i in items]
    only = admin.get(url, params={"kinds": ["order", "refund"]}).json()["items"]
    assert [i["kind"] for i in only] == ["refund", "order"]
    assert admin.get(url, params={"cursor": "nonsense"}).status_code == 422
    assert admin.get(url, params={"kinds": "nothing"}).status_code == 422


def test_the_timeline_keeps_to_what_the_caller_may_see(db: Database, client: TestClient, admin: Api) -> None:
    person_id = _person_with_history(db, admin, client)
    sales = api_as(db, client, "s@example.com", Role.sales)
    assert sales.get(f"/api/v1/people/{person_id}/timeline").status_code == 404
    assert sales.get(f"/api/v1/people/{person_id}/traits").status_code == 404
    service = api_as(db, client, "svc@example.com", Role.service)  # sees people, activities, orders
    kinds = {i["kind"] for i in service.get(f"/api/v1/people/{person_id}/timeline").json()["items"]}
    assert {"order", "refund", "activity", "page"} <= kinds
    marketing = api_as(db, client, "mk@example.com", Role.marketing)
    assert marketing.get(f"/api/v1/people/{person_id}/timeline").status_code == 200


def test_a_deep_page_of_many_events(db: Database, admin: Api) -> None:
    person = admin.post("/api/v1/people", json={"given_name": "Busy"}).json()
    source = admin.post("/api/v1/sources", json={"name": "App", "kind": "app"}).json()
    rows = [
        {"id": new_id(), "source_id": source["id"], "message_id": f"m{n}", "type": "track", "name": f"e{n}",
         "person_id": person["id"], "properties": {}, "context": {},
         "occurred_at": NOW - timedelta(minutes=n), "received_at": NOW}
        for n in range(450)
    ]  # fmt: skip
    import uuid

    for r in rows:
        r["source_id"] = uuid.UUID(r["source_id"])
        r["person_id"] = uuid.UUID(r["person_id"])
    with db.session() as session:
        session.execute(insert(Event), rows)
    url = f"/api/v1/people/{person['id']}/timeline"
    names: list[str] = []
    cursor = None
    for _ in range(3):
        page = admin.get(url, params={"limit": 200, **({"cursor": cursor} if cursor else {})}).json()
        names += [i["title"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert names == [f"e{n}" for n in range(450)] and cursor is None


def test_traits(db: Database, admin: Api, client: TestClient) -> None:
    person_id = _person_with_history(db, admin, client)
    # Two other customers, for the population: one big old spender, one small recent one.
    admin.post(
        ORDERS,
        json=order("O-2", customer={"email": "x@example.com"}, placed_at=iso(NOW - timedelta(days=400))),
    )
    small = [{"name": "Tea", "quantity": "1", "unit_price": "10"}]
    admin.post(ORDERS, json=order("O-3", customer={"email": "y@example.com"}, total="10", lines=small))
    t = admin.get(f"/api/v1/people/{person_id}/traits").json()
    assert t["orders_count"] == 1 and t["total_spend"] == "900.00" and t["currency"] == "BDT"
    assert t["average_order_value"] == "900.00"
    assert t["days_since_last_order"] == 3
    assert t["first_seen"].startswith((NOW - timedelta(days=10)).date().isoformat())
    assert t["most_used_channel"] == "web"  # three page views against one shop order
    assert t["identities_count"] >= 2 and "email" in t["identity_kinds"]
    assert set(t["sources"]) >= {"Website", "sampark"}
    assert 0 < t["engagement_score"] <= 100
    rfm = t["rfm"]
    assert rfm["boundaries_computed_at"] is None and 1 <= rfm["recency"] <= 5
    assert rfm["segment"] in {
        "Champions",
        "Loyal",
        "New",
        "Promising",
        "Need attention",
        "At risk",
        "Hibernating",
    }
    with db.session() as session:
        stored = traits.refresh(session)
        assert stored.population == 3
    again = admin.get(f"/api/v1/people/{person_id}/traits").json()["rfm"]
    assert again["boundaries_computed_at"] is not None
    assert (again["recency"], again["frequency"], again["monetary"]) == (
        rfm["recency"],
        rfm["frequency"],
        rfm["monetary"],
    )
    nobody = admin.post("/api/v1/people", json={"given_name": "Quiet"}).json()
    quiet = admin.get(f"/api/v1/people/{nobody['id']}/traits").json()
    assert quiet["rfm"] is None and quiet["orders_count"] == 0 and quiet["engagement_score"] == 0


def test_segments() -> None:
    assert traits.segment(5, 5, 5) == "Champions"
    assert traits.segment(5, 1, 1) == "New"
    assert traits.segment(1, 5, 5) == "At risk"
    assert traits.segment(1, 1, 1) == "Hibernating"
    assert traits.segment(3, 2, 2) == "Need attention"
