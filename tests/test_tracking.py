"""The Segment-compatible tracking API, sources and deterministic identity resolution,
through the real HTTP API."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.jobs.queue import drain
from sampark.people.models import Person
from sampark.tracking.models import Event, InboxEvent
from tests.conftest import Api, api_as

SOURCES = "/api/v1/sources"


def basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def count(db: Database, model: Any) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def settle(db: Database) -> None:
    """Run the jobs the calls asked for: the worker's drain moves the inbox into events."""
    drain(db)
    assert count(db, InboxEvent) == 0


@pytest.fixture
def web_key(admin: Api) -> str:
    r = admin.post(SOURCES, json={"name": "Website", "kind": "web", "trust_priority": 40})
    assert r.status_code == 201, r.text
    assert r.json()["write_key"].startswith("wk_")
    return str(r.json()["write_key"])


def find_person(admin: Api, name: str) -> dict[str, Any]:
    """The one person whose display name starts with `name`."""
    items = admin.get("/api/v1/people", params={"limit": 200}).json()["items"]
    found = [p for p in items if p["display_name"].startswith(name)]
    assert len(found) == 1, [p["display_name"] for p in items]
    return dict(found[0])


def test_anonymous_browsing_joins_the_person_once_identified(
    db: Database, client: TestClient, admin: Api, web_key: str
) -> None:
    h = basic(web_key)
    for n, page in enumerate(["/", "/pricing"]):
        r = client.post(
            "/v1/page",
            json={"anonymousId": "anon-7", "name": page, "messageId": f"p{n}", "properties": {"url": page}},
            headers=h,
        )
        assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    settle(db)
    assert count(db, Person) == 0  # nobody to show yet
    r = client.post(
        "/v1/identify",
        json={
            "anonymousId": "anon-7",
            "userId": 1001,  # libraries pass numbers through
            "messageId": "i1",
            "traits": {
                "firstName": "Farzana",
                "lastName": "Akter",
                "email": "Farzana@Example.COM",
                "phone": "01711-000111",
            },
            "timestamp": "2026-11-20T10:00:00Z",
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert count(db, Person) == 0  # accepted, not yet resolved: the worker does that
    settle(db)
    person = find_person(admin, "Farzana")
    assert person["primary_email"] == "farzana@example.com"
    assert person["primary_phone"] == "+8801711000111"

    client.post(
        "/v1/track",
        json={"userId": "1001", "event": "Order Completed", "messageId": "t1", "properties": {"total": 1250}},
        headers=h,
    )
    settle(db)
    events = admin.get(f"/api/v1/people/{person['id']}/events").json()["items"]
    assert [e["type"] for e in events].count("page") == 2  # the anonymous pages joined up
    assert {e["name"] for e in events} >= {"/", "/pricing", "Order Completed"}
    only_tracks = admin.get(f"/api/v1/people/{person['id']}/events", params={"type": "track"}).json()["items"]
    assert [e["name"] for e in only_tracks] == ["Order Completed"]
    kinds = {(i["kind"], i["value"]) for i in admin.get(f"/api/v1/people/{person['id']}/identities").json()}
    assert kinds >= {("user_id", "1001"), ("anonymous_id", "anon-7"), ("email", "farzana@example.com")}


def test_a_replayed_message_id_is_stored_once(db: Database, client: TestClient, web_key: str) -> None:
    body = {
        "batch": [
            {"type": "track", "anonymousId": "a", "event": "Viewed", "messageId": f"m{n}"} for n in range(5)
        ]
    }
    first = client.post("/v1/batch", json=body, headers=basic(web_key)).json()
    again = client.post("/v1/batch", json=body, headers=basic(web_key)).json()
    assert (first["accepted"], first["duplicates"]) == (5, 0)
    assert (again["accepted"], again["duplicates"]) == (0, 5)
    doubled = {"batch": body["batch"] + body["batch"][:2]}  # repeats inside one call too
    assert client.post("/v1/batch", json=doubled, headers=basic(web_key)).json()["duplicates"] == 7
    assert count(db, InboxEvent) == 5 and count(db, Event) == 0
    settle(db)
    assert count(db, Event) == 5
    # Once drained, a replay is still known (by the events' index) and stored nothing.
    again = client.post("/v1/batch", json=doubled, headers=basic(web_key)).json()
    assert (again["accepted"], again["duplicates"]) == (0, 7)
    assert count(db, InboxEvent) == 0


def test_one_bad_message_refuses_the_batch_and_names_it(
    db: Database, client: TestClient, web_key: str
) -> None:
    batch = [
        {"type": "track", "userId": "u1", "event": "Signed Up", "messageId": "ok"},
        {"type": "track", "userId": "u1", "messageId": "no-event"},
        {"type": "identify", "messageId": "nobody", "traits": {"name": "Who"}},
        {"type": "teleport", "userId": "u1"},
    ]
    r = client.post("/v1/batch", json={"batch": batch}, headers=basic(web_key))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    fields = [e["field"] for e in r.json()["errors"]]
    assert fields[0] == "batch.1" and "batch.2" in fields and any(f.startswith("batch.3") for f in fields)
    assert count(db, Event) == 0
    r = client.post(
        "/v1/track",
        content=b"\xff\xfe{not json",
        headers={**basic(web_key), "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    r = client.post("/v1/track", json={"userId": "u1", "event": "Bad\u0000Text"}, headers=basic(web_key))
    assert r.status_code == 422
    huge = {"userId": "u1", "event": "Big", "properties": {"blob": "x" * 40_000}}
    assert client.post("/v1/track", json=huge, headers=basic(web_key)).status_code == 413
    import gzip

    bomb = gzip.compress(json.dumps(huge).encode())  # small on the wire, too big inflated
    gz = {**basic(web_key), "Content-Encoding": "gzip", "Content-Type": "application/json"}
    assert client.post("/v1/track", content=bomb, headers=gz).status_code == 413
    assert client.post("/v1/track", content=b"not gzip", headers=gz).status_code == 422
    settle(db)
    assert count(db, Event) == 0


def test_write_keys_authenticate_and_can_be_rotated_or_switched_off(
    db: Database, client: TestClient, admin: Api, web_key: str
) -> None:
    msg = {"userId": "u1", "event": "Clicked"}
    assert client.post("/v1/track", json=msg).status_code == 401
    assert client.post("/v1/track", json=msg, headers=basic("wk_nope")).status_code == 401
    assert client.post("/v1/track", json={**msg, "writeKey": web_key}).status_code == 200  # key in the body
    source = admin.get(SOURCES).json()[0]
    assert "write_key" not in source and source["write_key_prefix"] == web_key[:10]
    new_key = admin.post(f"{SOURCES}/{source['id']}/rotate-key").json()["write_key"]
    assert client.post("/v1/track", json=msg, headers=basic(web_key)).status_code == 401
    assert client.post("/v1/track", json=msg, headers=basic(new_key)).status_code == 200
    version = admin.get(f"{SOURCES}/{source['id']}").json()["version"]
    r = admin.patch(
        f"{SOURCES}/{source['id']}", json={"is_active": False}, headers={"If-Match": str(version)}
    )
    assert r.status_code == 200, r.text
    assert client.post("/v1/track", json=msg, headers=basic(new_key)).status_code == 401


def test_only_admins_manage_sources_and_events_follow_record_access(
    db: Database, client: TestClient, admin: Api, web_key: str
) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    assert rep.get(SOURCES).status_code == 403
    assert rep.post(SOURCES, json={"name": "Till", "kind": "pos"}).status_code == 403
    assert admin.post(SOURCES, json={"name": "Website", "kind": "web"}).status_code == 409
    client.post(
        "/v1/identify", json={"userId": "u9", "traits": {"name": "Rafiq Islam"}}, headers=basic(web_key)
    )
    settle(db)
    person = find_person(admin, "Rafiq")
    # Nobody owns a person first seen in tracking; a sales rep sees only their own people.
    assert person["owner_id"] is None
    assert rep.get(f"/api/v1/people/{person['id']}/events").status_code == 404
    assert rep.get(f"/api/v1/people/{person['id']}/identities").status_code == 404


def test_shared_identifiers_turn_weak_and_stop_merging(
    db: Database, client: TestClient, admin: Api, web_key: str
) -> None:
    """A shop's default number typed in for every walk-in must not fuse its customers."""
    h = basic(web_key)
    shop = "+8801700000000"
    for n in range(5):
        r = client.post(
            "/v1/identify",
            json={"userId": f"walk-in-{n}", "traits": {"name": f"Customer {n}", "phone": shop}},
            headers=h,
        )
        assert r.status_code == 200
    settle(db)
    # Each walk-in has their own user id, so none joins another through the shared number ...
    assert count(db, Person) == 5
    # ... and held by five people (more than the threshold, 3), the number is now weak.
    identities = admin.get(f"/api/v1/people/{find_person(admin, 'Customer 4')['id']}/identities").json()
    phone = next(i for i in identities if i["kind"] == "phone")
    assert phone["value"] == shop and phone["weak"] is True
    # A returning customer with their own e-mail and the shop number joins by e-mail only.
    client.post(
        "/v1/identify", json={"userId": "walk-in-0", "traits": {"email": "c0@example.com"}}, headers=h
    )
    client.post(
        "/v1/identify",
        json={"anonymousId": "till-9", "traits": {"email": "c0@example.com", "phone": shop}},
        headers=h,
    )
    settle(db)
    assert count(db, Person) == 5
    c0 = admin.get(f"/api/v1/people/{find_person(admin, 'Customer 0')['id']}/identities").json()
    assert ("anonymous_id", "till-9") in {(i["kind"], i["value"]) for i in c0}


def test_alias_joins_an_old_id_to_the_new_one(
    db: Database, client: TestClient, admin: Api, web_key: str
) -> None:
    h = basic(web_key)
    client.post("/v1/identify", json={"userId": "old-42", "traits": {"name": "Sumaiya Khan"}}, headers=h)
    client.post("/v1/track", json={"userId": "new-42", "event": "Logged In", "messageId": "x1"}, headers=h)
    r = client.post("/v1/alias", json={"previousId": "old-42", "userId": "new-42"}, headers=h)
    assert r.status_code == 200, r.text
    settle(db)
    person = find_person(admin, "Sumaiya")
    names = [e["name"] for e in admin.get(f"/api/v1/people/{person['id']}/events").json()["items"]]
    assert "Logged In" in names
    assert client.post("/v1/alias", json={"userId": "new-42"}, headers=h).status_code == 422


def test_events_page_newest_first_with_a_cursor(
    db: Database, client: TestClient, admin: Api, web_key: str
) -> None:
    h = basic(web_key)
    client.post("/v1/identify", json={"userId": "p1", "traits": {"name": "Anjali Rao"}}, headers=h)
    batch = [
        {
            "type": "track",
            "userId": "p1",
            "event": f"E{n:02d}",
            "messageId": f"e{n}",
            "timestamp": f"2026-11-01T10:{n:02d}:00Z",
        }
        for n in range(25)
    ]
    assert client.post("/v1/batch", json={"batch": batch}, headers=h).json()["accepted"] == 25
    settle(db)
    person = find_person(admin, "Anjali")
    url = f"/api/v1/people/{person['id']}/events"
    first = admin.get(url, params={"type": "track", "limit": 10}).json()
    second = admin.get(url, params={"type": "track", "limit": 10, "cursor": first["next_cursor"]}).json()
    names = [e["name"] for e in first["items"] + second["items"]]
    assert names == [f"E{n:02d}" for n in range(24, 4, -1)]
    assert json.dumps(admin.get(url, params={"cursor": "garbage"}).json()).count("cursor") >= 1


@pytest.fixture
def live_server(app: Any) -> Iterator[str]:
    """The app under uvicorn on a free port of 127.0.0.1, for clients that speak real HTTP."""
    import socket
    import threading

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_segments_own_python_library_just_works(
    db: Database, admin: Api, web_key: str, live_server: str
) -> None:
    """segment-analytics-python, pointed at Sampark, batches, gzips and signs as it would for Segment."""
    from segment.analytics.client import Client

    errors: list[Exception] = []
    client = Client(write_key=web_key, host=live_server, gzip=True, on_error=lambda e, _: errors.append(e))
    client.identify("lib-7", {"firstName": "Priya", "lastName": "Das", "email": "priya.das@example.com"})
    client.track("lib-7", "Order Completed", {"total": 1999, "currency": "INR"})
    client.page("lib-7", "Docs", "Pricing", {"url": "https://example.com/pricing"})
    client.flush()
    client.join()
    assert not errors, errors
    settle(db)
    person = find_person(admin, "Priya")
    events = admin.get(f"/api/v1/people/{person['id']}/events").json()["items"]
    assert sorted(e["type"] for e in events) == ["identify", "page", "track"]
    assert any(e["name"] == "Order Completed" and e["properties"]["total"] == 1999 for e in events)
