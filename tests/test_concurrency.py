"""Parallel requests against the real database: optimistic locking and Idempotency-Key."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sampark.core.audit import verify_chain
from sampark.core.idempotency_models import IdempotencyRecord
from sampark.db import Database
from sampark.people.models import Person
from tests.conftest import Api

PEOPLE = "/api/v1/people"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def in_parallel(app: Any, n: int, request: Callable[[TestClient, int], Any]) -> list[Any]:
    """Run `request` on `n` threads, each with its own client, released together by a barrier."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        with TestClient(app) as client:
            barrier.wait(timeout=30)
            return request(client, i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def count(db: Database, model: Any) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def chain_ok(db: Database) -> bool:
    with db.session(write=False) as session:
        return verify_chain(session).ok


@pytest.mark.parametrize("round_", range(3))
def test_parallel_patches_on_one_version_one_wins_one_gets_412(
    db: Database, app: Any, admin: Api, round_: int
) -> None:
    person = admin.post(PEOPLE, json={"given_name": "Farhana"}).json()
    url = f"{PEOPLE}/{person['id']}"
    cities = ["Dhaka", "Chattogram"]

    def patch(client: TestClient, i: int) -> Any:
        return client.patch(url, json={"city": cities[i]}, headers={**admin.headers, "If-Match": '"1"'})

    responses = in_parallel(app, 2, patch)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 200)
    loser = next(r for r in responses if r.status_code == 412)
    assert loser.headers["content-type"].startswith("application/problem+json")
    assert loser.json()["code"] == "version_mismatch"
    current = admin.get(url).json()
    assert current["version"] == 2
    assert current["city"] == winner.json()["city"]
    assert chain_ok(db)


def test_parallel_replays_of_one_idempotency_key_create_one_person(
    db: Database, app: Any, admin: Api
) -> None:
    body = {"given_name": "Idempotent", "emails": [{"email": "once@example.com"}]}
    headers = {**admin.headers, "Idempotency-Key": "create-once-1"}

    def post(client: TestClient, _: int) -> Any:
        return client.post(PEOPLE, json=body, headers=headers)

    responses = in_parallel(app, 8, post)
    assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == 1
    assert count(db, Person) == 1
    assert count(db, IdempotencyRecord) == 1
    replayed = [r for r in responses if r.headers.get("idempotent-replayed") == "true"]
    assert len(replayed) == 7
    assert chain_ok(db)


def test_parallel_posts_with_different_keys_all_create(db: Database, app: Any, admin: Api) -> None:
    def post(client: TestClient, i: int) -> Any:
        return client.post(
            PEOPLE, json={"given_name": f"P{i}"}, headers={**admin.headers, "Idempotency-Key": f"k-{i}"}
        )

    responses = in_parallel(app, 6, post)
    assert [r.status_code for r in responses] == [201] * 6
    assert count(db, Person) == 6
    assert chain_ok(db)


def test_same_key_with_a_different_body_is_refused(db: Database, admin: Api) -> None:
    headers = {"Idempotency-Key": "abc-123"}
    first = admin.post(PEOPLE, json={"given_name": "Asha"}, headers=headers)
    assert first.status_code == 201
    r = admin.post(PEOPLE, json={"given_name": "Usha"}, headers=headers)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "idempotency_key_reused"
    assert r.json()["errors"][0]["field"] == "Idempotency-Key"
    # The same key on another endpoint is a different request too.
    r = admin.post("/api/v1/teams", json={"name": "T"}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert count(db, Person) == 1


def test_sequential_replay_returns_the_first_response(db: Database, admin: Api) -> None:
    headers = {"Idempotency-Key": "seq-1"}
    body = {"given_name": "Ratan", "city": "Barishal"}
    first = admin.post(PEOPLE, json=body, headers=headers)
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    # A change in between does not alter what the replay answers.
    person_url = f"{PEOPLE}/{first.json()['id']}"
    assert admin.patch(person_url, json={"city": "Khulna"}, headers={"If-Match": "1"}).status_code == 200
    again = admin.post(PEOPLE, json=body, headers=headers)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert count(db, Person) == 1


def test_keys_belong_to_their_caller(db: Database, client: TestClient, admin: Api) -> None:
    from sampark.core.permissions import Role
    from tests.conftest import api_as

    other = api_as(db, client, "other@example.com", Role.admin)
    headers = {"Idempotency-Key": "shared-key"}
    a = admin.post(PEOPLE, json={"given_name": "A"}, headers=headers)
    b = other.post(PEOPLE, json={"given_name": "A"}, headers=headers)
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]
    assert "idempotent-replayed" not in b.headers


def test_failed_request_does_not_burn_the_key(db: Database, admin: Api) -> None:
    headers = {"Idempotency-Key": "retry-after-fix"}
    bad = admin.post(PEOPLE, json={"given_name": "X", "emails": [{"email": "nope"}]}, headers=headers)
    assert bad.status_code == 422
    ok = admin.post(PEOPLE, json={"given_name": "X", "emails": [{"email": "x@example.com"}]}, headers=headers)
    assert ok.status_code == 201, ok.text


def test_bad_idempotency_keys_are_422(db: Database, admin: Api) -> None:
    for key in ("", "   ", "k" * 201):
        r = admin.post(PEOPLE, json={"given_name": "X"}, headers={"Idempotency-Key": key})
        assert r.status_code == 422, key
    assert count(db, Person) == 0


def test_parallel_different_bodies_with_one_key_create_one_and_refuse_the_rest(
    db: Database, app: Any, admin: Api
) -> None:
    headers = {**admin.headers, "Idempotency-Key": "contested"}

    def post(client: TestClient, i: int) -> Any:
        return client.post(PEOPLE, json={"given_name": f"Variant {i}"}, headers=headers)

    responses = in_parallel(app, 6, post)
    created = [r for r in responses if r.status_code == 201]
    assert len(created) == 1, [r.text for r in responses]
    others = [r for r in responses if r.status_code != 201]
    assert all(r.status_code == 422 for r in others), [(r.status_code, r.text) for r in others]
    assert all(r.json()["code"] == "idempotency_key_reused" for r in others)
    assert count(db, Person) == 1
