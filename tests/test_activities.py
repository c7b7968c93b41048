from __future__ import annotations

import json
import unicodedata
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as

URL = "/api/v1/activities"


def me(api: Api) -> str:
    return str(api.get("/api/v1/me").json()["id"])


def person(api: Api, name: str = "Rahim") -> str:
    r = api.post("/api/v1/people", json={"given_name": name})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def company_row(db: Database, name: str, owner_id: str) -> str:
    """A company inserted directly: activities only need one to link to."""
    from sampark.companies.models import Company

    with db.session() as session:
        company = Company(name=name, owner_id=uuid.UUID(owner_id))
        session.add(company)
        session.flush()
        return str(company.id)


def timeline(api: Api, field: str, record_id: str, **params: Any) -> list[dict[str, Any]]:
    flt = json.dumps({"field": field, "op": "eq", "value": record_id})
    r = api.get(URL, params={"filter": flt, **params})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_call_on_person_shows_in_their_timeline_newest_first(admin: Api) -> None:
    rahim, karim = person(admin, "Rahim"), person(admin, "Karim")
    first = admin.post(
        URL,
        json={
            "kind": "call",
            "subject": "Asked about tea prices",
            "occurred_at": "2024-03-11T10:30:00+06:00",
            "duration_minutes": 12,
            "outcome": "interested",
            "person_id": rahim,
        },
    )
    assert first.status_code == 201, first.text
    assert first.headers["etag"] == '"1"'
    call = first.json()
    assert call["occurred_at"].startswith("2024-03-11T04:30:00")  # stored in UTC
    assert call["owner_id"] == me(admin)
    later = admin.post(
        URL,
        json={
            "kind": "meeting",
            "subject": "Estate visit plan",
            "occurred_at": "2024-03-12T09:00:00Z",
            "person_id": rahim,
        },
    ).json()
    now = admin.post(
        URL, json={"kind": "note", "body": "Prefers Bangla.\nCall after 5pm.", "person_id": rahim}
    )
    assert now.status_code == 201
    assert now.json()["subject"] == "Prefers Bangla."  # a note's subject defaults to its first line
    admin.post(URL, json={"kind": "call", "subject": "Someone else", "person_id": karim})

    items = timeline(admin, "person_id", rahim)
    assert [a["id"] for a in items] == [now.json()["id"], later["id"], call["id"]]
    page1 = timeline(admin, "person_id", rahim, limit=2)
    assert [a["id"] for a in page1] == [now.json()["id"], later["id"]]
    r = admin.get(
        URL, params={"filter": json.dumps({"field": "person_id", "op": "eq", "value": rahim}), "limit": 2}
    )
    rest = admin.get(
        URL,
        params={
            "filter": json.dumps({"field": "person_id", "op": "eq", "value": rahim}),
            "limit": 2,
            "cursor": r.json()["next_cursor"],
        },
    ).json()
    assert [a["id"] for a in rest["items"]] == [call["id"]] and rest["next_cursor"] is None
    assert [a["subject"] for a in admin.get(URL, params={"q": "estate"}).json()["items"]] == [
        "Estate visit plan"
    ]


def test_an_activity_must_link_to_something(admin: Api) -> None:
    r = admin.post(URL, json={"kind": "call", "subject": "Who?"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"person_id", "company_id", "deal_id"}
    rahim = person(admin)
    act = admin.post(URL, json={"kind": "call", "subject": "x", "person_id": rahim}).json()
    unlinked = admin.patch(f"{URL}/{act['id']}", json={"person_id": None}, headers={"If-Match": "1"})
    assert unlinked.status_code == 422
    assert admin.get(f"{URL}/{act['id']}").json()["person_id"] == rahim


def test_sales_cannot_log_on_another_reps_person_nor_see_their_activities(
    db: Database, client: TestClient
) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    bimal = api_as(db, client, "bimal@example.com", Role.sales)
    bimals_person = person(bimal, "Bimal's lead")
    refused = asha.post(URL, json={"kind": "call", "subject": "Poaching", "person_id": bimals_person})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["person_id"]

    bimals_call = bimal.post(URL, json={"kind": "call", "subject": "Mine", "person_id": bimals_person}).json()
    assert asha.get(f"{URL}/{bimals_call['id']}").status_code == 404
    assert asha.get(URL).json()["items"] == []
    assert asha.delete(f"{URL}/{bimals_call['id']}").status_code == 404
    stale = asha.patch(f"{URL}/{bimals_call['id']}", json={"subject": "x"}, headers={"If-Match": "1"})
    assert stale.status_code == 404

    # Nor may Asha file her own call under Bimal's name.
    ashas_person = person(asha, "Asha's lead")
    r = asha.post(
        URL, json={"kind": "call", "subject": "x", "person_id": ashas_person, "owner_id": me(bimal)}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "owner_id"


def test_company_links_are_checked_too(db: Database, client: TestClient, admin: Api) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    bimal_id = str(api_as(db, client, "bimal@example.com", Role.sales).get("/api/v1/me").json()["id"])
    ashas = company_row(db, "Asha Tea Ltd", me(asha))
    bimals = company_row(db, "Bimal Jute Ltd", bimal_id)
    ok = asha.post(URL, json={"kind": "visit", "subject": "Factory tour", "company_id": ashas})
    assert ok.status_code == 201, ok.text
    r = asha.post(URL, json={"kind": "visit", "subject": "x", "company_id": bimals})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "company_id"
    assert admin.post(URL, json={"kind": "visit", "subject": "x", "company_id": bimals}).status_code == 201
    assert len(timeline(admin, "company_id", ashas)) == 1
    missing = admin.post(URL, json={"kind": "note", "subject": "x", "company_id": str(uuid.uuid4())})
    assert missing.status_code == 422


def test_deal_links_are_checked_through_the_deals_domain(
    db: Database, client: TestClient, admin: Api
) -> None:
    from sampark.deals.models import Deal, Pipeline, Stage

    asha = api_as(db, client, "asha@example.com", Role.sales)
    admin_id = uuid.UUID(me(admin))
    with db.session() as session:
        pipeline = Pipeline(name="Sales", is_default=True)
        session.add(pipeline)
        session.flush()
        stage = Stage(pipeline_id=pipeline.id, name="New")
        session.add(stage)
        session.flush()
        admins_deal = Deal(
            name="Big order",
            pipeline_id=pipeline.id,
            stage_id=stage.id,
            currency="BDT",
            owner_id=admin_id,
        )
        session.add(admins_deal)
        session.flush()
        deal_id = str(admins_deal.id)
    assert admin.post(URL, json={"kind": "email", "subject": "Quote", "deal_id": deal_id}).status_code == 201
    r = asha.post(URL, json={"kind": "email", "subject": "Quote", "deal_id": deal_id})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "deal_id"
    assert len(timeline(admin, "deal_id", deal_id)) == 1


def test_patch_needs_version_and_is_audited(admin: Api) -> None:
    act = admin.post(URL, json={"kind": "call", "subject": "First try", "person_id": person(admin)}).json()
    url = f"{URL}/{act['id']}"
    assert admin.patch(url, json={"outcome": "no answer"}).status_code == 428
    ok = admin.patch(url, json={"outcome": "no answer", "duration_minutes": 0}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.headers["etag"] == '"2"'
    stale = admin.patch(url, json={"outcome": "busy"}, headers={"If-Match": "1"})
    assert stale.status_code == 412 and stale.json()["current"]["outcome"] == "no answer"
    nulled = admin.patch(url, json={"subject": None}, headers={"If-Match": "2"})
    assert nulled.status_code == 422 and nulled.json()["errors"][0]["field"] == "subject"
    entries = admin.get("/api/v1/audit", params={"object_type": "activities", "object_id": act["id"]}).json()
    assert [e["action"] for e in entries["items"]] == ["update", "create"]
    assert entries["items"][0]["changes"]["outcome"] == {"before": None, "after": "no answer"}


def test_delete_is_for_good_and_needs_the_delete_grant(db: Database, client: TestClient, admin: Api) -> None:
    rahim = person(admin)
    act = admin.post(
        URL, json={"kind": "call", "subject": "Bye", "body": "secret", "person_id": rahim}
    ).json()
    service_desk = api_as(db, client, "desk@example.com", Role.service)  # may write activities, not delete
    assert service_desk.get(f"{URL}/{act['id']}").status_code == 200
    assert service_desk.delete(f"{URL}/{act['id']}").status_code == 403
    assert admin.delete(f"{URL}/{act['id']}").status_code == 204
    assert admin.get(f"{URL}/{act['id']}").status_code == 404
    assert admin.delete(f"{URL}/{act['id']}").status_code == 404
    entry = admin.get("/api/v1/audit", params={"object_id": act["id"], "action": "delete"}).json()["items"][0]
    assert entry["changes"]["subject"] == "Bye" and "body" not in entry["changes"]


def test_sales_may_delete_own_activity_marketing_may_only_read(db: Database, client: TestClient) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    act = asha.post(URL, json={"kind": "note", "subject": "x", "person_id": person(asha)}).json()
    marketing = api_as(db, client, "mita@example.com", Role.marketing)
    assert marketing.get(f"{URL}/{act['id']}").status_code == 200
    assert (
        marketing.post(URL, json={"kind": "note", "subject": "x", "person_id": act["person_id"]}).status_code
        == 403
    )
    assert asha.delete(f"{URL}/{act['id']}").status_code == 204


def test_idempotency_key_makes_a_retry_create_nothing(admin: Api) -> None:
    body = {"kind": "call", "subject": "Retry me", "person_id": person(admin)}
    first = admin.post(URL, json=body, headers={"Idempotency-Key": "call-1"})
    again = admin.post(URL, json=body, headers={"Idempotency-Key": "call-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len(admin.get(URL).json()["items"]) == 1


def test_text_is_nfc_and_bounded(admin: Api) -> None:
    rahim = person(admin)
    decomposed = unicodedata.normalize("NFD", "café আক্তার")
    r = admin.post(URL, json={"kind": "note", "subject": decomposed, "body": decomposed, "person_id": rahim})
    assert r.status_code == 201
    assert r.json()["body"] == unicodedata.normalize("NFC", decomposed)
    assert r.json()["subject"] == unicodedata.normalize("NFC", decomposed)
    cases = [
        ({"body": "x" * 20_001}, "body"),
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"duration_minutes": -1}, "duration_minutes"),
        ({"latitude": 91}, "latitude"),
        ({"occurred_at": "2024-03-11T10:30:00"}, "occurred_at"),  # no offset: ambiguous, refused
        ({"kind": "fax"}, "kind"),
    ]
    for extra, field in cases:
        bad = admin.post(URL, json={"kind": "note", "subject": "x", "person_id": rahim, **extra})
        assert bad.status_code == 422, extra
        assert bad.json()["errors"][0]["field"] == field
    assert admin.post(URL, json={"kind": "note", "body": "x" * 20_000, "person_id": rahim}).status_code == 201


def test_filters_and_refusals(admin: Api) -> None:
    rahim = person(admin)
    for kind in ("call", "meeting", "call"):
        admin.post(URL, json={"kind": kind, "subject": kind, "person_id": rahim})

    def count(flt: dict[str, Any]) -> int:
        r = admin.get(URL, params={"filter": json.dumps(flt)})
        assert r.status_code == 200, r.text
        return len(r.json()["items"])

    assert count({"field": "kind", "op": "eq", "value": "call"}) == 2
    assert count({"field": "owner_id", "op": "eq", "value": me(admin)}) == 3
    assert count({"field": "occurred_at", "op": "lt", "value": "2000-01-01T00:00:00+00:00"}) == 0
    assert admin.get(URL, params={"sort": "updated_at"}).status_code == 200
    assert admin.get(URL, params={"sort": "subject"}).status_code == 422
    assert admin.get(URL, params={"deleted": "true"}).status_code == 422


def test_timeline_query_uses_the_person_index(db: Database, admin: Api) -> None:
    rahim = person(admin)
    admin.post(URL, json={"kind": "call", "subject": "x", "person_id": rahim})
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM activities" in statement:
            seen.append((statement, parameters))

    event.listen(db.read_engine, "before_cursor_execute", capture)
    try:
        assert len(timeline(admin, "person_id", rahim)) == 1
    finally:
        event.remove(db.read_engine, "before_cursor_execute", capture)
    statement, parameters = seen[-1]
    with db.read_engine.connect() as conn:
        if db.is_sqlite:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        else:  # a two-row table is cheaper to scan: ask whether the index serves when it matters
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters)
        plan = " ".join(str(row[-1]) for row in rows)
    assert "ix_activities_person_occurred" in plan, plan
