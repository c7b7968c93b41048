"""Merging and unmerging people, source records, golden-record survivorship and bridging,
through the real HTTP API and the bulk path importers and tills use."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.identity.models import Identity, SourceRecord
from sampark.identity.records import IncomingPerson, record_people
from sampark.identity.service import Key
from sampark.sources import service as sources
from sampark.tracking import inbox
from tests.conftest import Api, api_as, write_key_auth

PEOPLE = "/api/v1/people"


def person(api: Api, **fields: Any) -> dict[str, Any]:
    r = api.post(PEOPLE, json=fields)
    assert r.status_code == 201, r.text
    return dict(r.json())


def get(api: Api, person_id: str) -> Any:
    return api.get(f"{PEOPLE}/{person_id}")


def feed(
    db: Database, source: str, trust: int, rows: list[tuple[str, dict[str, Any], list[Key]]]
) -> list[Any]:
    """Records from a source through the bulk path, committed like an import batch."""
    with db.session() as session:
        ref = sources.get_or_create(session, source, "import", trust)
        items = [IncomingPerson(key, fields, keys, payload={"row": key}) for key, fields, keys in rows]
        outcomes, _ = record_people(session, ref, items)
        return outcomes


def test_merge_moves_everything_and_undo_gives_both_people_back(db: Database, admin: Api) -> None:
    rahim = person(admin, given_name="Rahim", family_name="Uddin", emails=[{"email": "rahim@example.com"}])
    dup = person(
        admin,
        given_name="Rahim",
        family_name="Uddin",
        emails=[{"email": "rahim.u@work.example"}],
        phones=[{"number": "01711000001"}],
        tags=["vip"],
    )
    r = admin.post(
        "/api/v1/activities",
        json={"kind": "call", "subject": "Asked about prices", "person_id": dup["id"]},
    )
    assert r.status_code == 201, r.text
    activity_id = r.json()["id"]

    r = admin.post(f"{PEOPLE}/{rahim['id']}/merge", json={"merged_id": dup["id"], "reason": "same man"})
    assert r.status_code == 201, r.text
    merge = r.json()
    assert merge["method"] == "manual"
    assert merge["moved"] == {"activities": 1, "identities": 2}  # one e-mail, one phone
    assert merge["merged_name"] == "Rahim Uddin"

    survivor = get(admin, rahim["id"]).json()
    assert [e["email"] for e in survivor["emails"]] == ["rahim@example.com", "rahim.u@work.example"]
    assert [p["number"] for p in survivor["phones"]] == ["+8801711000001"]
    assert survivor["tags"] == ["vip"]
    assert admin.get(f"/api/v1/activities/{activity_id}").json()["person_id"] == rahim["id"]
    assert get(admin, dup["id"]).status_code == 404  # retired
    history = admin.get(f"{PEOPLE}/{dup['id']}/merges").json()
    assert [m["id"] for m in history] == [merge["id"]]  # a retired person still shows its merge

    r = admin.post(f"/api/v1/merges/{merge['id']}/undo")
    assert r.status_code == 200, r.text
    assert r.json()["undone_at"] is not None
    back = get(admin, dup["id"]).json()
    assert back["merged_into_id"] is None
    assert [e["email"] for e in back["emails"]] == ["rahim.u@work.example"]
    assert [e["email"] for e in get(admin, rahim["id"]).json()["emails"]] == ["rahim@example.com"]
    assert admin.get(f"/api/v1/activities/{activity_id}").json()["person_id"] == dup["id"]
    assert admin.post(f"/api/v1/merges/{merge['id']}/undo").status_code == 409

    entries = admin.get("/api/v1/audit", params={"object_id": rahim["id"]}).json()["items"]
    assert {"merge", "unmerge"} <= {e["action"] for e in entries}


def test_merge_needs_delete_rights_and_access_to_both(db: Database, client: TestClient, admin: Api) -> None:
    sales = api_as(db, client, "sales@example.com", Role.sales)
    mine = person(sales, given_name="Mine")
    other = person(admin, given_name="Not yours")
    r = sales.post(f"{PEOPLE}/{mine['id']}/merge", json={"merged_id": other["id"]})
    assert r.status_code in (403, 404), r.text
    assert get(admin, other["id"]).status_code == 200
    assert admin.post(f"{PEOPLE}/{mine['id']}/merge", json={"merged_id": mine["id"]}).status_code == 422
    reader = api_as(db, client, "ro@example.com", Role.admin, scopes=["people:read"])
    r = reader.post(f"{PEOPLE}/{mine['id']}/merge", json={"merged_id": other["id"]})
    assert r.status_code == 403, r.text


def test_identities_held_by_both_are_kept_once_and_restored(db: Database, admin: Api) -> None:
    shared: list[Key] = [("email", "nila@example.com")]
    first = feed(db, "Shop", 60, [("c1", {"given_name": "Nila"}, [*shared, ("phone", "+8801711000002")])])
    # Another source's record with the same e-mail would join; force two people to test clashes.
    with db.session() as session:
        ref = sources.get_or_create(session, "Desk", "desk", 30)
        second, _ = record_people(
            session, ref, [IncomingPerson("t9", {"given_name": "Nila B"}, [("phone", "+8801711000003")])]
        )
        session.add(Identity(person_id=second[0].person_id, kind="email", value="nila@example.com"))
    a, b = str(first[0].person_id), str(second[0].person_id)
    merge = admin.post(f"{PEOPLE}/{a}/merge", json={"merged_id": b}).json()
    with db.session(write=False) as session:
        held = session.scalars(select(Identity.value).where(Identity.person_id == uuid.UUID(a))).all()
    assert sorted(held) == ["+8801711000002", "+8801711000003", "nila@example.com"]
    assert admin.post(f"/api/v1/merges/{merge['id']}/undo").status_code == 200
    with db.session(write=False) as session:
        rows = session.execute(select(Identity.person_id, Identity.value)).all()
    assert sorted((str(p), v) for p, v in rows) == sorted(
        [(a, "+8801711000002"), (a, "nila@example.com"), (b, "+8801711000003"), (b, "nila@example.com")]
    )


def test_source_records_resolve_and_a_repeated_key_updates_in_place(db: Database, admin: Api) -> None:
    rows: list[tuple[str, dict[str, Any], list[Key]]] = [
        ("A-1", {"given_name": "Sunita", "family_name": "Sharma"}, [("email", "sunita@example.in")]),
        ("A-2", {"given_name": "Sunita", "family_name": "S."}, [("email", "sunita@example.in")]),
        ("A-3", {"given_name": "Arjun"}, [("phone", "+919812345678")]),
    ]
    out = feed(db, "CRM export", 70, rows)
    assert out[0].person_id == out[1].person_id and out[0].created_person and not out[1].created_person
    again = feed(db, "CRM export", 70, rows)  # the same file twice: nothing new
    assert [o.person_id for o in again] == [o.person_id for o in out]
    assert not any(o.new_record or o.created_person for o in again)
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(SourceRecord)) == 3
    listed = admin.get(PEOPLE, params={"limit": 50}).json()["items"]
    assert sorted(p["display_name"] for p in listed) == ["Arjun", "Sunita Sharma"]


def test_golden_record_follows_trust_and_a_manual_edit_wins_until_cleared(db: Database, admin: Api) -> None:
    key: list[Key] = [("email", "karim@example.com")]
    till = feed(db, "Till", 20, [("t-1", {"given_name": "Karim", "city": "Sylhet"}, key)])
    feed(db, "Salesforce", 90, [("003A", {"given_name": "Abdul Karim", "city": "Dhaka"}, key)])
    pid = str(till[0].person_id)
    # The second record joined the first person: survivorship runs on the next merge or clear.
    r = admin.delete(f"{PEOPLE}/{pid}/manual-fields/given_name")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["given_name"] == "Abdul Karim"  # the most trusted source
    assert body["field_sources"]["given_name"]["source"] == "Salesforce"
    assert body["city"] == "Dhaka" and body["field_sources"]["city"]["rule"] == "recent"

    r = admin.patch(
        f"{PEOPLE}/{pid}", json={"given_name": "Karim Bhai"}, headers={"If-Match": str(body["version"])}
    )
    assert r.status_code == 200, r.text
    assert r.json()["manual_fields"] == ["given_name"]
    assert r.json()["field_sources"]["given_name"] == {
        "rule": "manual",
        "source": None,
        "source_record_id": None,
        "received_at": None,
    }
    cleared = admin.delete(f"{PEOPLE}/{pid}/manual-fields/given_name").json()
    assert cleared["given_name"] == "Abdul Karim" and cleared["manual_fields"] == []
    assert admin.delete(f"{PEOPLE}/{pid}/manual-fields/lifecycle_stage").status_code == 422


def test_an_identify_that_bridges_two_people_merges_them(
    db: Database, client: TestClient, admin: Api
) -> None:
    key = admin.post("/api/v1/sources", json={"name": "App", "kind": "app"}).json()["write_key"]
    by_mail = person(admin, given_name="Farhana", emails=[{"email": "farhana@example.com"}])
    by_phone = person(admin, given_name="Farhana K", phones=[{"number": "01811000004"}])
    # People typed into the CRM hold their e-mails and phones as identifiers.
    r = client.post(
        "/v1/identify",
        json={"userId": "u-77", "traits": {"email": "farhana@example.com", "phone": "+8801811000004"}},
        headers=write_key_auth(key),
    )
    assert r.status_code == 200, r.text
    inbox.drain(db)  # the worker resolves the call
    merges = admin.get(f"{PEOPLE}/{by_mail['id']}/merges").json()
    assert [(m["method"], m["merged_id"]) for m in merges] == [("bridge", by_phone["id"])]
    assert get(admin, by_phone["id"]).status_code == 404
    events = admin.get(f"{PEOPLE}/{by_mail['id']}/events").json()["items"]
    assert len(events) == 1
