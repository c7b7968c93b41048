from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as

URL = "/api/v1/deals"
PIPES = "/api/v1/pipelines"


def pipeline(
    api: Api, name: str = "Sales", stages: tuple[str, ...] = ("Lead", "Proposal", "Won"), **extra: Any
) -> dict[str, Any]:
    body = {
        "name": name,
        "stages": [{"name": s, "probability": 10 * (i + 1)} for i, s in enumerate(stages)],
        **extra,
    }
    r = api.post(PIPES, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def deal(api: Api, **fields: Any) -> dict[str, Any]:
    r = api.post(URL, json={"name": "Tea order", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def stage_ids(pipe: dict[str, Any]) -> list[str]:
    return [s["id"] for s in pipe["stages"]]


def names(api: Api, **params: Any) -> list[str]:
    r = api.get(URL, params=params)
    assert r.status_code == 200, r.text
    return [d["name"] for d in r.json()["items"]]


def first_error(r: Any) -> str:
    assert r.status_code == 422, r.text
    return str(r.json()["errors"][0]["field"])


def age_stage(db: Database, deal_id: str, **delta: float) -> None:
    """Pretend the deal entered its stage earlier."""
    from sampark.deals.models import Deal

    with db.session() as session:  # a plain UPDATE: the deal's version stays as it is
        entered = session.scalars(select(Deal.stage_entered_at).where(Deal.id == uuid.UUID(deal_id))).one()
        stmt = (
            update(Deal)
            .where(Deal.id == uuid.UUID(deal_id))
            .values(stage_entered_at=entered - timedelta(**delta))
        )
        session.execute(stmt)


# --- pipelines ------------------------------------------------------------------------------


def test_first_pipeline_is_default_and_exactly_one_stays_default(admin: Api) -> None:
    sales = pipeline(admin)
    assert sales["is_default"] is True
    assert [s["name"] for s in sales["stages"]] == ["Lead", "Proposal", "Won"]
    assert [s["position"] for s in sales["stages"]] == [0, 1, 2]
    rentals = pipeline(admin, "Rentals", ("New", "Signed"), is_default=True)
    listed = admin.get(PIPES).json()
    assert [(p["name"], p["is_default"]) for p in listed] == [("Sales", False), ("Rentals", True)]
    r = admin.patch(f"{PIPES}/{rentals['id']}", json={"is_default": False}, headers={"If-Match": "1"})
    assert r.status_code == 422 and r.json()["code"] == "default_required"
    assert listed[0]["version"] == 2  # losing the default is a change of its own
    r = admin.patch(f"{PIPES}/{sales['id']}", json={"is_default": True}, headers={"If-Match": "1"})
    assert r.status_code == 412
    r = admin.patch(f"{PIPES}/{sales['id']}", json={"is_default": True}, headers={"If-Match": "2"})
    assert r.status_code == 200, r.text
    assert [p["is_default"] for p in admin.get(PIPES).json()] == [True, False]
    assert admin.delete(f"{PIPES}/{sales['id']}").json()["code"] == "default_pipeline"
    assert admin.delete(f"{PIPES}/{rentals['id']}").status_code == 204


def test_only_admins_shape_pipelines_but_everyone_reads(admin: Api, db: Database, client: TestClient) -> None:
    pipe = pipeline(admin)
    sales = api_as(db, client, "asha@example.com", Role.sales)
    assert [p["name"] for p in sales.get(PIPES).json()] == ["Sales"]
    assert sales.post(PIPES, json={"name": "Mine", "stages": [{"name": "A"}]}).status_code == 403
    assert (
        sales.put(
            f"{PIPES}/{pipe['id']}/stages", json={"stages": [{"name": "A"}]}, headers={"If-Match": "1"}
        ).status_code
        == 403
    )
    assert admin.post(PIPES, json={"name": "sales", "stages": [{"name": "A"}]}).json()["code"] == "name_taken"
    r = admin.post(PIPES, json={"name": "Other", "stages": [{"name": "A"}, {"name": " a "}]})
    assert first_error(r) == "stages.1.name"
    assert (
        first_error(admin.post(PIPES, json={"name": "Other", "stages": [{"name": "A", "probability": 120}]}))
        == "stages.0.probability"
    )


def test_replace_stages_renames_reorders_adds_and_refuses_deleting_used_ones(admin: Api) -> None:
    pipe = pipeline(admin)
    lead, proposal, won = stage_ids(pipe)
    d = deal(admin, stage_id=proposal)
    url = f"{PIPES}/{pipe['id']}/stages"
    r = admin.put(
        url,
        json={"stages": [{"id": lead, "name": "Lead"}, {"id": won, "name": "Won"}]},
        headers={"If-Match": "1"},
    )
    assert r.status_code == 409 and r.json()["code"] == "stage_in_use"
    assert r.json()["stage_ids"] == [proposal]
    body = {
        "stages": [
            {"id": proposal, "name": "Quote sent", "probability": 60, "rotting_days": 7},
            {"name": "Qualified", "probability": 30},
            {"id": lead, "name": "Lead", "probability": 10},
        ]
    }
    assert admin.put(url, json=body).status_code == 428
    r = admin.put(url, json=body, headers={"If-Match": "1"})
    assert r.status_code == 200, r.text
    updated = r.json()
    assert [s["name"] for s in updated["stages"]] == ["Quote sent", "Qualified", "Lead"]
    assert updated["stages"][0]["id"] == proposal and updated["stages"][0]["rotting_days"] == 7
    assert updated["version"] == 2
    assert admin.put(url, json=body, headers={"If-Match": "1"}).status_code == 412
    assert admin.get(f"{URL}/{d['id']}").json()["stage_id"] == proposal
    other = pipeline(admin, "Other", ("X",))
    r = admin.put(
        url, json={"stages": [{"id": other["stages"][0]["id"], "name": "X"}]}, headers={"If-Match": "2"}
    )
    assert first_error(r) == "stages.0.id"
    assert admin.delete(f"{PIPES}/{other['id']}").status_code == 204


# --- deals ----------------------------------------------------------------------------------


def test_create_defaults_to_default_pipeline_first_stage_and_region_currency(admin: Api) -> None:
    assert first_error(admin.post(URL, json={"name": "Too early"})) == "pipeline_id"
    pipeline(admin, "Other", ("X", "Y"))
    sales = pipeline(admin, is_default=True)
    r = admin.post(
        URL, json={"name": "চা বাগান — ৫০০ কেজি", "amount": "125000", "expected_close_date": "2025-03-31"}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["pipeline_id"], body["stage_id"]) == (sales["id"], sales["stages"][0]["id"])
    assert (body["amount"], body["currency"], body["status"]) == ("125000.00", "BDT", "open")
    assert body["closed_at"] is None and body["is_rotting"] is False
    assert r.headers["etag"] == '"1"'
    history = admin.get(f"{URL}/{body['id']}/stage-history").json()
    assert [(h["from_stage_id"], h["to_stage_name"]) for h in history] == [(None, "Lead")]


def test_stage_must_belong_to_the_pipeline(admin: Api) -> None:
    sales = pipeline(admin)
    other = pipeline(admin, "Other", ("X", "Y"))
    assert (
        first_error(admin.post(URL, json={"name": "D", "stage_id": other["stages"][1]["id"]})) == "stage_id"
    )
    assert first_error(admin.post(URL, json={"name": "D", "pipeline_id": str(uuid.uuid4())})) == "pipeline_id"
    d = deal(admin, pipeline_id=other["id"], stage_id=other["stages"][1]["id"])
    assert d["stage_id"] == other["stages"][1]["id"]
    url = f"{URL}/{d['id']}"
    assert (
        first_error(admin.patch(url, json={"stage_id": sales["stages"][1]["id"]}, headers={"If-Match": "1"}))
        == "stage_id"
    )
    assert first_error(admin.post(f"{url}/move", json={"stage_id": sales["stages"][1]["id"]})) == "stage_id"
    moved = admin.patch(url, json={"pipeline_id": sales["id"]}, headers={"If-Match": "1"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["pipeline_id"], moved.json()["stage_id"]) == (sales["id"], sales["stages"][0]["id"])


@pytest.mark.parametrize(
    ("amount", "currency", "ok"),
    [
        ("10.123", "BDT", False),
        ("10.12", "BDT", True),
        ("10.120", "BDT", True),
        ("1500.5", "JPY", False),
        ("1500", "JPY", True),
        ("1.125", "KWD", True),
        (10.5, "BDT", False),
        (1500, "BDT", True),
        ("-5", "BDT", False),
        ("1e3", "BDT", False),
        ("100000000000000", "BDT", False),
    ],
)
def test_amount_precision_follows_the_currency(admin: Api, amount: Any, currency: str, ok: bool) -> None:
    pipeline(admin)
    r = admin.post(URL, json={"name": "D", "amount": amount, "currency": currency})
    if ok:
        assert r.status_code == 201, r.text
    else:
        assert first_error(r) == "amount"


def test_amount_is_exact_text_and_currency_change_is_checked(admin: Api) -> None:
    pipeline(admin)
    d = deal(admin, amount="99999999999.99", currency="inr")
    assert (d["amount"], d["currency"]) == ("99999999999.99", "INR")
    assert first_error(admin.post(URL, json={"name": "D", "currency": "XYZ"})) == "currency"
    url = f"{URL}/{d['id']}"
    r = admin.patch(url, json={"currency": "JPY"}, headers={"If-Match": "1"})
    assert first_error(r) == "currency" and "JPY takes at most 0" in r.json()["detail"]
    r = admin.patch(url, json={"amount": "1200", "currency": "JPY"}, headers={"If-Match": "1"})
    assert r.status_code == 200 and r.json()["amount"] == "1200"


def test_won_and_lost_rules(admin: Api) -> None:
    pipeline(admin)
    assert first_error(admin.post(URL, json={"name": "D", "status": "lost"})) == "lost_reason"
    assert first_error(admin.post(URL, json={"name": "D", "lost_reason": "price"})) == "lost_reason"
    d = deal(admin)
    url = f"{URL}/{d['id']}"
    assert first_error(admin.patch(url, json={"status": "lost"}, headers={"If-Match": "1"})) == "lost_reason"
    lost = admin.patch(
        url, json={"status": "lost", "lost_reason": "Price too high"}, headers={"If-Match": "1"}
    ).json()
    assert lost["closed_at"] is not None and lost["lost_reason"] == "Price too high"
    reopened = admin.patch(url, json={"status": "open"}, headers={"If-Match": "2"}).json()
    assert reopened["closed_at"] is None and reopened["lost_reason"] is None
    won = admin.patch(url, json={"status": "won"}, headers={"If-Match": "3"}).json()
    assert won["status"] == "won" and won["closed_at"] is not None
    assert (
        first_error(admin.patch(url, json={"lost_reason": "x"}, headers={"If-Match": "4"})) == "lost_reason"
    )
    assert first_error(admin.patch(url, json={"status": None}, headers={"If-Match": "4"})) == "status"
    created_won = deal(admin, status="won")
    assert created_won["closed_at"] is not None


def test_moving_records_stage_history(admin: Api, db: Database) -> None:
    pipe = pipeline(admin)
    lead, proposal, won = stage_ids(pipe)
    d = deal(admin)
    url = f"{URL}/{d['id']}"
    age_stage(db, d["id"], hours=2)
    r = admin.post(f"{url}/move", json={"stage_id": proposal})
    assert r.status_code == 200, r.text
    assert r.json()["stage_id"] == proposal and r.json()["version"] == 2
    assert r.json()["stage_entered_at"] > d["stage_entered_at"]
    assert admin.post(f"{url}/move", json={"stage_id": won}, headers={"If-Match": "1"}).status_code == 412
    r = admin.patch(url, json={"stage_id": won}, headers={"If-Match": "2"})
    assert r.status_code == 200 and r.json()["stage_id"] == won
    same = admin.post(f"{url}/move", json={"stage_id": won})
    assert same.json()["version"] == 3  # not a move: nothing recorded
    history = admin.get(f"{url}/stage-history").json()
    me = admin.get("/api/v1/me").json()["id"]
    assert [(h["from_stage_name"], h["to_stage_name"]) for h in history] == [
        (None, "Lead"),
        ("Lead", "Proposal"),
        ("Proposal", "Won"),
    ]
    assert history[1]["seconds_in_previous_stage"] >= 7200
    assert history[2]["seconds_in_previous_stage"] < 600
    assert {h["changed_by_id"] for h in history} == {me}
    assert history[1]["from_stage_id"] == lead


def test_rotting_deals_are_flagged(admin: Api, db: Database) -> None:
    pipe = pipeline(admin)
    url = f"{PIPES}/{pipe['id']}/stages"
    stages = [{"id": s["id"], "name": s["name"], "rotting_days": 3} for s in pipe["stages"]]
    assert admin.put(url, json={"stages": stages}, headers={"If-Match": "1"}).status_code == 200
    d = deal(admin)
    assert d["is_rotting"] is False
    age_stage(db, d["id"], days=4)
    assert admin.get(f"{URL}/{d['id']}").json()["is_rotting"] is True


def test_list_filter_sort_and_search(admin: Api) -> None:
    pipe = pipeline(admin)
    deal(
        admin, name="সিলেট চা", amount="500.50", currency="BDT", expected_close_date="2025-01-10", tags=["tea"]
    )
    deal(admin, name="Jute bags", amount="1200", currency="BDT", expected_close_date="2025-02-10")
    deal(admin, name="Mumbai spices", amount="800", currency="INR", stage_id=pipe["stages"][1]["id"])
    assert names(admin, sort="amount") == ["সিলেট চা", "Mumbai spices", "Jute bags"]
    assert names(admin, sort="-amount", limit=1) == ["Jute bags"]

    def where(**cond: Any) -> list[str]:
        return sorted(names(admin, filter=json.dumps(cond)))

    assert where(field="amount", op="gt", value="600") == ["Jute bags", "Mumbai spices"]
    assert where(field="currency", op="eq", value="INR") == ["Mumbai spices"]
    assert where(field="stage_id", op="eq", value=pipe["stages"][1]["id"]) == ["Mumbai spices"]
    assert where(field="expected_close_date", op="between", value=["2025-01-01", "2025-01-31"]) == ["সিলেট চা"]
    assert where(field="tags", op="has", value="tea") == ["সিলেট চা"]
    assert where(field="status", op="eq", value="open") == ["Jute bags", "Mumbai spices", "সিলেট চা"]
    assert names(admin, q="সিলেট") == ["সিলেট চা"]
    assert names(admin, q="SPICES") == ["Mumbai spices"]
    assert (
        admin.get(
            URL, params={"filter": json.dumps({"field": "amount", "op": "gt", "value": "lots"})}
        ).status_code
        == 422
    )
    assert admin.get(URL, params={"deleted": "true"}).status_code == 422


def test_patch_needs_current_version_and_is_audited(admin: Api, db: Database) -> None:
    from sampark.core.audit import AuditEntry

    pipe = pipeline(admin)
    d = deal(admin, amount="100")
    url = f"{URL}/{d['id']}"
    assert admin.patch(url, json={"amount": "150"}).status_code == 428
    ok = admin.patch(
        url, json={"amount": "150", "stage_id": pipe["stages"][1]["id"]}, headers={"If-Match": "1"}
    )
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    stale = admin.patch(url, json={"amount": "175"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert stale.json()["current"]["amount"] == "150.00"
    with db.session(write=False) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.object_id == d["id"]).order_by(AuditEntry.seq)
        ).all()
        assert [e.action for e in entries] == ["create", "update"]
        assert set(entries[1].changes) == {"amount", "stage_id"}
        assert entries[1].changes["stage_id"]["after"] == pipe["stages"][1]["id"]


def test_sales_see_and_link_only_their_own(admin: Api, db: Database, client: TestClient) -> None:
    pipe = pipeline(admin)
    asha = api_as(db, client, "asha@example.com", Role.sales)
    bilal = api_as(db, client, "bilal@example.com", Role.sales)
    asha_deal = deal(asha, name="Asha's deal", amount="100")
    deal(bilal, name="Bilal's deal", amount="50")
    assert names(asha) == ["Asha's deal"]
    assert bilal.get(f"{URL}/{asha_deal['id']}").status_code == 404
    assert bilal.get(f"{URL}/{asha_deal['id']}/stage-history").status_code == 404
    assert (
        bilal.post(f"{URL}/{asha_deal['id']}/move", json={"stage_id": pipe["stages"][1]["id"]}).status_code
        == 404
    )
    person = asha.post("/api/v1/people", json={"given_name": "Rahim"}).json()
    company = asha.post("/api/v1/companies", json={"name": "Asha Tea"}).json()
    assert first_error(bilal.post(URL, json={"name": "D", "person_id": person["id"]})) == "person_id"
    assert first_error(bilal.post(URL, json={"name": "D", "company_id": company["id"]})) == "company_id"
    linked = deal(asha, name="Linked", person_id=person["id"], company_id=company["id"])
    assert (linked["person_id"], linked["company_id"]) == (person["id"], company["id"])
    assert asha.delete(f"{URL}/{asha_deal['id']}").status_code == 403
    r = asha.patch(f"{URL}/{asha_deal['id']}", json={"owner_id": None}, headers={"If-Match": "1"})
    assert first_error(r) == "owner_id"
    summary = asha.get(f"{URL}/summary").json()
    assert summary["stages"][0]["count"] == 2
    assert summary["stages"][0]["totals"] == [{"currency": "BDT", "count": 1, "amount": "100.00"}]
    assert admin.get(f"{URL}/summary").json()["stages"][0]["count"] == 3


def test_summary_counts_and_totals_per_stage_and_currency(admin: Api) -> None:
    pipe = pipeline(admin)
    lead, proposal, _ = stage_ids(pipe)
    deal(admin, amount="0.10", currency="BDT")
    deal(admin, amount="0.20", currency="BDT")
    deal(admin, amount="1000", currency="JPY")
    deal(admin)
    deal(admin, amount="5", stage_id=proposal, status="won")
    other = pipeline(admin, "Other", ("X",))
    deal(admin, amount="999", pipeline_id=other["id"])
    r = admin.get(f"{URL}/summary", params={"pipeline_id": pipe["id"]})
    assert r.status_code == 200, r.text
    stages = r.json()["stages"]
    assert [(s["name"], s["count"]) for s in stages] == [("Lead", 4), ("Proposal", 1), ("Won", 0)]
    assert stages[0]["stage_id"] == lead
    assert stages[0]["totals"] == [
        {"currency": "BDT", "count": 2, "amount": "0.30"},
        {"currency": "JPY", "count": 1, "amount": "1000"},
    ]
    open_only = json.dumps({"field": "status", "op": "eq", "value": "open"})
    stages = admin.get(f"{URL}/summary", params={"filter": open_only}).json()["stages"]
    assert [s["count"] for s in stages] == [4, 0, 0]
    assert admin.get(f"{URL}/summary", params={"pipeline_id": str(uuid.uuid4())}).status_code == 404


def test_bulk_create_and_update_answer_per_item(admin: Api) -> None:
    pipe = pipeline(admin)
    other = pipeline(admin, "Other", ("X",))
    items = [
        {"name": "One", "amount": "10"},
        {"name": "Two", "stage_id": other["stages"][0]["id"]},
        {"name": "Three", "amount": "10.555"},
        {"name": "Four", "status": "lost", "lost_reason": "budget"},
    ]
    r = admin.post(f"{URL}/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["succeeded"], body["failed"]) == (2, 2)
    assert [i["status"] for i in body["items"]] == [200, 422, 422, 200]
    assert [i["errors"][0]["field"] for i in body["items"][1:3]] == ["stage_id", "amount"]
    assert sorted(names(admin)) == ["Four", "One"]
    one = body["items"][0]["record"]
    r = admin.patch(
        f"{URL}/bulk",
        json={
            "items": [
                {
                    "id": one["id"],
                    "version": 1,
                    "changes": {"stage_id": pipe["stages"][2]["id"], "status": "won"},
                },
                {"id": str(uuid.uuid4()), "version": 1, "changes": {"name": "Ghost"}},
            ]
        },
    )
    assert [i["status"] for i in r.json()["items"]] == [200, 404]
    history = admin.get(f"{URL}/{one['id']}/stage-history").json()
    assert [h["to_stage_name"] for h in history] == ["Lead", "Won"]


def test_delete_is_for_good(admin: Api) -> None:
    pipe = pipeline(admin)
    d = deal(admin)
    assert admin.delete(f"{PIPES}/{pipe['id']}").status_code == 409
    assert admin.delete(f"{URL}/{d['id']}").status_code == 204
    assert admin.get(f"{URL}/{d['id']}").status_code == 404
    assert names(admin) == []


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (URL, {"name": "X", "tags": ["a\x00b"]}, "tags"),
        (URL, {"name": "X", "status": "lost", "lost_reason": "\x00"}, "lost_reason"),
        (PIPES, {"name": "P", "stages": [{"name": "a\x00"}]}, "stages"),
    ],
)
def test_text_the_database_cannot_store_is_refused(
    admin: Api, url: str, body: dict[str, Any], field: str
) -> None:
    pipeline(admin)
    assert first_error(admin.post(url, json=body)).split(".")[0] == field
