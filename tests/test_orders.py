"""Orders and point of sale through the real HTTP API: amounts that add up, customers resolved
to people, replays that create nothing, refunds, access."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as

ORDERS = "/api/v1/orders"


def order(number: str = "DH-1", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "order_number": number,
        "customer": {"email": "Rahim@Example.com", "name": "Rahim Uddin"},
        "placed_at": "2026-03-01T10:15:00+06:00",
        "channel": "store",
        "store": "Gulshan 2",
        "currency": "BDT",
        "total": "1250.00",
        "lines": [
            {"sku": "TEA-500", "name": "Sylhet tea 500 g", "quantity": "2", "unit_price": "450.00"},
            {"sku": "MUG-1", "name": "Mug", "quantity": 1, "unit_price": "350"},
        ],
    }
    body.update(extra)
    return body


def errors_of(r: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in r.json()["errors"]}


def test_an_order_resolves_its_customer_to_the_existing_person(admin: Api) -> None:
    # Rahim is known from the web shop (a source record with his e-mail); the till's order joins him.
    assert admin.post("/api/v1/sources", json={"name": "Web shop", "kind": "web"}).status_code == 201
    earlier = admin.post(
        ORDERS, json=order("W-1", source="Web shop", customer={"email": "rahim@example.com"})
    )
    person = {"id": earlier.json()["person_id"]}
    r = admin.post(ORDERS, json=order())
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["person_id"] == person["id"]
    assert got["total"] == "1250.00" and got["currency"] == "BDT" and got["status"] == "paid"
    assert [ln["line_total"] for ln in got["lines"]] == ["900.00", "350.00"]
    assert got["source_name"] == "sampark" and got["order_number"] == "DH-1"
    assert got["customer"]["email"] == "Rahim@Example.com"  # as sent
    listed = admin.get(f"/api/v1/people/{person['id']}/orders").json()["items"]
    assert [o["order_number"] for o in listed] == ["DH-1", "W-1"]


def test_a_new_customer_becomes_a_person_and_a_replay_creates_nothing(admin: Api) -> None:
    src = admin.post("/api/v1/sources", json={"name": "Till 1", "kind": "pos"})
    assert src.status_code == 201, src.text
    body = order(
        "T-9", source="Till 1", customer={"phone": "01711-234567", "external_id": "C-77", "name": "Karim"}
    )
    first = admin.post(ORDERS, json=body)
    assert first.status_code == 201, first.text
    person_id = first.json()["person_id"]
    person = admin.get(f"/api/v1/people/{person_id}").json()
    assert person["display_name"] == "Karim" and person["primary_phone"] == "+8801711234567"
    again = admin.post(ORDERS, json=body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert len(admin.get(ORDERS).json()["items"]) == 1
    # The same customer id at the same till, next visit, with no phone: the same person.
    second = admin.post(ORDERS, json=order("T-10", source="Till 1", customer={"external_id": "C-77"}))
    assert second.json()["person_id"] == person_id
    unknown = admin.post(ORDERS, json=order("X-1", source="Nowhere"))
    assert unknown.status_code == 422 and "source" in errors_of(unknown)


def test_amounts_must_add_up_and_errors_name_the_field(admin: Api) -> None:
    r = admin.post(ORDERS, json=order(total="1300.00"))
    assert r.status_code == 422
    assert "lines add up to 1250.00" in errors_of(r)["total"]
    lines = order()["lines"] + [{"name": "Biscuits", "quantity": "1", "unit_price": "10.005"}]
    r = admin.post(ORDERS, json=order(lines=lines, total="1260.01"))
    assert r.status_code == 422 and "lines.2.unit_price" in errors_of(r)
    bad_line = [{"name": "Tea", "quantity": "2", "unit_price": "450", "line_total": "800"}]
    r = admin.post(ORDERS, json=order(lines=bad_line, total="800"))
    assert "lines.0.line_total" in errors_of(r)
    r = admin.post(ORDERS, json=order(currency="XYZ"))
    assert r.status_code == 422 and "currency" in r.text
    r = admin.post(ORDERS, json=order(total=12.5))
    assert r.status_code == 422  # money as text, never float
    yen = [{"name": "Tea", "quantity": "1", "unit_price": "450.5"}]
    r = admin.post(ORDERS, json=order(currency="JPY", total="450.5", lines=yen))
    assert r.status_code == 422 and "no" not in errors_of(r).get("total", "no")
    assert "JPY takes at most 0 decimal places" in errors_of(r)["lines.0.unit_price"]
    assert admin.get(ORDERS).json()["items"] == []


def test_batch_items_succeed_or_fail_on_their_own(admin: Api) -> None:
    items = [order("B-1"), order("B-2", total="1.00"), {"order_number": "B-3"}, order("B-1")]
    r = admin.post(f"{ORDERS}/batch", json={"items": items})
    assert r.status_code == 200, r.text
    res = r.json()
    assert [i["status"] for i in res["items"]] == [200, 422, 422, 200]
    assert any(e["field"] == "items.1.total" for e in res["items"][1]["errors"])
    assert any(e["field"].startswith("items.2.") for e in res["items"][2]["errors"])
    assert res["items"][3]["id"] == res["items"][0]["id"]
    assert [o["order_number"] for o in admin.get(ORDERS).json()["items"]] == ["B-1"]


def test_list_search_and_filters(admin: Api) -> None:
    admin.post(ORDERS, json=order("WEB-100", channel="web", store=None, placed_at="2026-01-05T10:00:00Z"))
    admin.post(ORDERS, json=order("ST-200", placed_at="2026-02-05T10:00:00Z"))
    admin.post(ORDERS, json=order("ST-201", placed_at="2026-03-05T10:00:00Z", status="cancelled"))
    numbers = lambda **p: [o["order_number"] for o in admin.get(ORDERS, params=p).json()["items"]]  # noqa: E731
    assert numbers() == ["ST-201", "ST-200", "WEB-100"]
    assert numbers(q="st-20") == ["ST-201", "ST-200"]
    assert numbers(filter=json.dumps({"field": "channel", "op": "eq", "value": "web"})) == ["WEB-100"]
    assert numbers(filter=json.dumps({"field": "status", "op": "eq", "value": "cancelled"})) == ["ST-201"]
    window = {
        "field": "placed_at",
        "op": "between",
        "value": ["2026-01-01T00:00:00Z", "2026-02-28T00:00:00Z"],
    }
    assert numbers(filter=json.dumps(window)) == ["ST-200", "WEB-100"]
    assert numbers(sort="placed_at", limit=1) == ["WEB-100"]


def test_refunds_up_to_what_is_left(admin: Api) -> None:
    created = admin.post(ORDERS, json=order()).json()
    url = f"{ORDERS}/{created['id']}/refunds"
    r = admin.post(url, json={"amount": "350.00", "reason": "broken mug"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "partially_refunded" and r.json()["refunded_total"] == "350.00"
    too_much = admin.post(url, json={"amount": "900.01"})
    assert too_much.status_code == 422 and "900.00" in errors_of(too_much)["amount"]
    done = admin.post(url, json={"amount": "900"}).json()
    assert done["status"] == "refunded" and len(done["refunds"]) == 2
    assert admin.post(url, json={"amount": "0.01"}).status_code == 422
    cancelled = admin.post(ORDERS, json=order("C-1", status="cancelled")).json()
    assert admin.post(f"{ORDERS}/{cancelled['id']}/refunds", json={"amount": "1"}).status_code == 409


def test_access_follows_the_people_you_may_see(db: Database, client: TestClient, admin: Api) -> None:
    sales = api_as(db, client, "sales@example.com", Role.sales)
    me = sales.get("/api/v1/me").json()
    their = admin.post(ORDERS, json=order("O-1")).json()  # Rahim: nobody's
    own = admin.post(ORDERS, json=order("O-2", customer={"email": "mine@example.com"})).json()
    person = admin.get(f"/api/v1/people/{own['person_id']}").json()
    r = admin.patch(
        f"/api/v1/people/{person['id']}",
        json={"owner_id": me["id"]},
        headers={"If-Match": str(person["version"])},
    )
    assert r.status_code == 200, r.text
    assert [o["order_number"] for o in sales.get(ORDERS).json()["items"]] == ["O-2"]
    assert sales.get(f"{ORDERS}/{their['id']}").status_code == 404
    assert sales.get(f"/api/v1/people/{their['person_id']}/orders").status_code == 404
    assert sales.post(ORDERS, json=order("S-1")).status_code == 403  # sales read orders, do not write
    assert sales.post(f"{ORDERS}/{own['id']}/refunds", json={"amount": "1"}).status_code == 403
    manager = api_as(db, client, "m@example.com", Role.manager)
    assert manager.post(ORDERS, json=order("M-1", customer={"email": "m1@example.com"})).status_code == 201
    reader = api_as(db, client, "t@example.com", Role.admin, scopes=["people:read"])
    assert reader.get(ORDERS).status_code == 403
    assert reader.get(f"/api/v1/people/{their['person_id']}/orders").status_code == 403


def test_a_merge_moves_orders(admin: Api) -> None:
    a = admin.post(ORDERS, json=order("A-1", customer={"email": "a@example.com"})).json()
    b = admin.post(ORDERS, json=order("B-1", customer={"email": "b@example.com"})).json()
    r = admin.post(f"/api/v1/people/{a['person_id']}/merge", json={"merged_id": b["person_id"]})
    assert r.status_code in (200, 201), r.text
    assert r.json()["moved"].get("orders") == 1
    got = admin.get(f"/api/v1/people/{a['person_id']}/orders").json()["items"]
    assert sorted(o["order_number"] for o in got) == ["A-1", "B-1"]
