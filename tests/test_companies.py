from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as

URL = "/api/v1/companies"


def company(api: Api, **fields: Any) -> dict[str, Any]:
    r = api.post(URL, json={"name": "Sylhet Tea", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def names(api: Api, **params: Any) -> list[str]:
    r = api.get(URL, params=params)
    assert r.status_code == 200, r.text
    return [c["name"] for c in r.json()["items"]]


def audit_changes(db: Database, object_id: str) -> list[tuple[str, dict[str, Any]]]:
    from sampark.core.audit import AuditEntry

    with db.session(write=False) as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.object_id == object_id).order_by(AuditEntry.seq)
        ).all()
        return [(r.action, r.changes) for r in rows]


def test_create_normalises_domain_and_phone(admin: Api) -> None:
    r = admin.post(
        URL,
        json={
            "name": "  সিলেট   টি এস্টেট ",
            "domain": "HTTPS://www.SylhetTea.com.bd/about?x=1",
            "phone": "০১৭১১-২৩৪৫৬৭",
            "size": "51-200",
            "industry": "Agriculture",
            "country": "bd",
            "tags": ["tea", "tea", "export"],
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"] == "সিলেট টি এস্টেট"
    assert body["domain"] == "sylhettea.com.bd"
    assert body["phone"] == "+8801711234567"
    assert body["country"] == "BD"
    assert body["tags"] == ["tea", "export"]
    assert r.headers["etag"] == '"1"'
    got = admin.get(f"{URL}/{body['id']}")
    assert got.status_code == 200 and got.json()["size"] == "51-200"


def test_bad_domain_size_and_missing_name_are_named(admin: Api) -> None:
    for domain in ("not a domain", "localhost", "exa_mple.com", "1.2.3.4", "a..b.com"):
        r = admin.post(URL, json={"name": "X", "domain": domain})
        assert r.status_code == 422, domain
        assert r.json()["errors"][0]["field"] == "domain"
    r = admin.post(URL, json={"name": "X", "size": "12"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "size"
    r = admin.post(URL, json={"name": "   "})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "name"
    assert names(admin) == []


def test_search_by_name_or_domain_in_any_script(admin: Api) -> None:
    company(admin, name="সিলেট টি এস্টেট", domain="sylhettea.com.bd")
    company(admin, name="शर्मा ट्रेडर्स", domain="sharmatraders.in")
    company(admin, name="Dhaka Garments", domain="https://dhakagarments.com")
    assert names(admin, q="টি এস্") == ["সিলেট টি এস্টেট"]
    assert names(admin, q="ट्रेडर्स") == ["शर्मा ट्रेडर्स"]
    assert names(admin, q="SHARMATRADERS") == ["शर्मा ट्रेडर्स"]
    assert names(admin, q="dhakagarments.com") == ["Dhaka Garments"]
    assert names(admin, q="zzz") == []


def test_filter_and_sort(admin: Api) -> None:
    company(admin, name="Beta", size="1-10", industry="Tea", tags=["vip"])
    company(admin, name="Alpha", size="5000+", industry="Tea")
    company(admin, name="Gamma", size="1-10", industry="Jute")
    assert names(admin, sort="name") == ["Alpha", "Beta", "Gamma"]
    assert names(admin, sort="-name") == ["Gamma", "Beta", "Alpha"]
    flt = {
        "and": [
            {"field": "industry", "op": "eq", "value": "Tea"},
            {"field": "size", "op": "eq", "value": "1-10"},
        ]
    }
    assert names(admin, filter=json.dumps(flt)) == ["Beta"]
    assert names(admin, filter=json.dumps({"field": "tags", "op": "has", "value": "vip"})) == ["Beta"]
    bad = admin.get(URL, params={"filter": json.dumps({"field": "size", "op": "eq", "value": "huge"})})
    assert bad.status_code == 422
    page = admin.get(URL, params={"sort": "name", "limit": 2}).json()
    rest = admin.get(URL, params={"sort": "name", "limit": 2, "cursor": page["next_cursor"]}).json()
    assert [c["name"] for c in page["items"] + rest["items"]] == ["Alpha", "Beta", "Gamma"]


def test_patch_needs_current_version_and_audits_the_diff(admin: Api, db: Database) -> None:
    created = company(admin, domain="old.com")
    url = f"{URL}/{created['id']}"
    assert admin.patch(url, json={"city": "Sylhet"}).status_code == 428
    ok = admin.patch(url, json={"domain": "www.new.com", "city": "Sylhet"}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == 2 and ok.headers["etag"] == '"2"'
    stale = admin.patch(url, json={"city": "Dhaka"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert stale.json()["current"]["city"] == "Sylhet"
    assert names(admin, q="new.com") == ["Sylhet Tea"]
    assert admin.patch(url, json={"name": None}, headers={"If-Match": "2"}).status_code == 422
    actions = audit_changes(db, created["id"])
    assert [a for a, _ in actions] == ["create", "update"]
    assert actions[1][1] == {
        "city": {"before": None, "after": "Sylhet"},
        "domain": {"before": "old.com", "after": "new.com"},
    }


def test_custom_fields_are_validated(admin: Api) -> None:
    r = admin.post(
        "/api/v1/custom-fields",
        json={
            "object_type": "companies",
            "key": "tier",
            "label": "Tier",
            "type": "select",
            "options": ["gold", "silver"],
        },
    )
    assert r.status_code == 201, r.text
    bad = admin.post(URL, json={"name": "X", "custom_fields": {"tier": "bronze"}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "custom_fields.tier"
    company(admin, name="Gold Co", custom_fields={"tier": "gold"})
    company(admin, name="Plain Co")
    flt = json.dumps({"field": "cf.tier", "op": "eq", "value": "gold"})
    assert names(admin, filter=flt) == ["Gold Co"]


def test_soft_delete_and_admin_restore(admin: Api, db: Database, client: TestClient) -> None:
    created = company(admin)
    url = f"{URL}/{created['id']}"
    manager = api_as(db, client, "manager@example.com", Role.manager)
    assert manager.delete(url).status_code == 404  # not within the manager's reach
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404
    assert names(admin) == []
    assert names(admin, deleted="true") == ["Sylhet Tea"]
    assert manager.get(URL, params={"deleted": "true"}).status_code == 422
    assert manager.post(f"{url}/restore").status_code == 404
    restored = admin.post(f"{url}/restore")
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert names(admin) == ["Sylhet Tea"]
    assert admin.post(f"{url}/restore").status_code == 404  # nothing deleted any more


def test_restore_window_is_thirty_days(admin: Api, db: Database) -> None:
    from sampark.companies.models import Company
    from sampark.core.clock import utcnow

    created = company(admin)
    assert admin.delete(f"{URL}/{created['id']}").status_code == 204
    with db.session() as session:
        row = session.get(Company, uuid.UUID(created["id"]))
        assert row is not None
        row.deleted_at = utcnow() - timedelta(days=31)
    assert admin.post(f"{URL}/{created['id']}/restore").status_code == 410


def test_people_of_a_company(admin: Api) -> None:
    tea = company(admin, name="Tea Co")
    jute = company(admin, name="Jute Co")
    for name, org in (("Rahim", tea), ("Karim", tea), ("Salma", jute), ("Nobody", None)):
        body = {"given_name": name, **({"company_id": org["id"]} if org else {})}
        assert admin.post("/api/v1/people", json=body).status_code == 201
    r = admin.get(f"{URL}/{tea['id']}/people", params={"sort": "display_name"})
    assert r.status_code == 200, r.text
    assert [p["display_name"] for p in r.json()["items"]] == ["Karim", "Rahim"]
    only = admin.get(f"{URL}/{tea['id']}/people", params={"q": "rahim"}).json()["items"]
    assert [p["display_name"] for p in only] == ["Rahim"]
    # A filter that tries to widen the list still stays within the company.
    wide = json.dumps(
        {"or": [{"field": "company_id", "op": "is_null"}, {"field": "id", "op": "is_not_null"}]}
    )
    got = admin.get(f"{URL}/{tea['id']}/people", params={"filter": wide}).json()["items"]
    assert sorted(p["display_name"] for p in got) == ["Karim", "Rahim"]
    assert admin.get(f"{URL}/{uuid.uuid4()}/people").status_code == 404


def test_sales_see_only_their_own_companies(admin: Api, db: Database, client: TestClient) -> None:
    asha = api_as(db, client, "asha@example.com", Role.sales)
    bilal = api_as(db, client, "bilal@example.com", Role.sales)
    mine = company(asha, name="Asha's Co")
    assert company(bilal, name="Bilal's Co")
    assert names(asha) == ["Asha's Co"]
    assert bilal.get(f"{URL}/{mine['id']}").status_code == 404
    assert (
        bilal.patch(f"{URL}/{mine['id']}", json={"city": "X"}, headers={"If-Match": "1"}).status_code == 404
    )
    # ... nor link a person to it
    r = bilal.post("/api/v1/people", json={"given_name": "Rahim", "company_id": mine["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "company_id"
    # Sales may not hand records to someone else, nor delete.
    bilal_id = bilal.get("/api/v1/me").json()["id"]
    r = asha.patch(f"{URL}/{mine['id']}", json={"owner_id": bilal_id}, headers={"If-Match": "1"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "owner_id"
    assert asha.delete(f"{URL}/{mine['id']}").status_code == 403
    r = asha.patch(f"{URL}/{mine['id']}", json={"owner_id": None}, headers={"If-Match": "1"})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "owner_required"
    assert sorted(names(admin)) == ["Asha's Co", "Bilal's Co"]


def test_bulk_create_and_update_answer_per_item(admin: Api) -> None:
    # A malformed item fails alone, naming its field...
    r = admin.post(f"{URL}/bulk", json={"items": [{"name": "Zero"}, {"name": "Two", "domain": "bad domain"}]})
    assert r.status_code == 200, r.text
    assert [i["status"] for i in r.json()["items"]] == [200, 422]
    assert r.json()["items"][1]["errors"][0]["field"] == "domain"
    assert names(admin) == ["Zero"]
    admin.delete(f"{URL}/{r.json()['items'][0]['id']}")
    # ... and so does an item the rules refuse.
    stranger = str(uuid.uuid4())
    r = admin.post(
        f"{URL}/bulk",
        json={
            "items": [
                {"name": "One", "domain": "one.com"},
                {"name": "Two", "owner_id": stranger},
                {"name": "Three"},
            ]
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["succeeded"], body["failed"]) == (2, 1)
    assert [i["status"] for i in body["items"]] == [200, 422, 200]
    assert body["items"][1]["errors"][0]["field"] == "owner_id"
    assert sorted(names(admin)) == ["One", "Three"]
    one, three = body["items"][0]["record"], body["items"][2]["record"]
    r = admin.patch(
        f"{URL}/bulk",
        json={
            "items": [
                {"id": one["id"], "version": 1, "changes": {"city": "Sylhet"}},
                {"id": three["id"], "version": 7, "changes": {"city": "Dhaka"}},
            ]
        },
    )
    assert [i["status"] for i in r.json()["items"]] == [200, 412]
    assert admin.get(f"{URL}/{one['id']}").json()["city"] == "Sylhet"
    assert admin.get(f"{URL}/{three['id']}").json()["city"] is None


def test_idempotency_key_creates_once(admin: Api) -> None:
    headers = {"Idempotency-Key": "abc-123"}
    first = admin.post(URL, json={"name": "Once"}, headers=headers)
    again = admin.post(URL, json={"name": "Once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert names(admin) == ["Once"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X\x00Y"}, "name"),
        ({"name": "X", "tags": ["a\x00b"]}, "tags"),
        ({"name": "X", "custom_fields": {"a\x00": 1}}, "custom_fields"),
    ],
)
def test_text_the_database_cannot_store_is_refused(admin: Api, body: dict[str, Any], field: str) -> None:
    r = admin.post(URL, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"].split(".")[0] == field
