"""The HTTP edge: oversized bodies are refused while streaming, and every error the API can
answer is described in the OpenAPI document as problem+json."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.people.models import Person
from sampark.settings import get_settings
from tests.conftest import Api, make_user, token_for

LIMIT = 4096


@pytest.fixture
def small_app(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from sampark.app import create_app

    monkeypatch.setenv("SAMPARK_MAX_BODY_BYTES", str(LIMIT))
    get_settings.cache_clear()
    try:
        yield create_app(db)
    finally:
        monkeypatch.delenv("SAMPARK_MAX_BODY_BYTES")
        get_settings.cache_clear()


def people(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def test_a_body_over_the_limit_is_refused_whether_declared_or_streamed(db: Database, small_app: Any) -> None:
    make_user(db, "admin@example.com", Role.admin)
    with TestClient(small_app) as client:
        api = Api(client, token_for(db, "admin@example.com"))
        huge = {"given_name": "A" * (LIMIT * 2)}
        r = api.post("/api/v1/people", json=huge)
        assert r.status_code == 413
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "body_too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"given_name": "'
            for _ in range(LIMIT // 512 + 2):
                yield b"B" * 512
            yield b'"}'

        r = api.post("/api/v1/people", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and r.json()["code"] == "body_too_large", r.text
        assert people(db) == 0
        # Under the limit, the same endpoint works.
        assert api.post("/api/v1/people", json={"given_name": "Rafiq"}).status_code == 201
        assert people(db) == 1


def test_the_openapi_document_describes_problem_responses(app: Any, admin: Api) -> None:
    document = app.openapi()
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "code"} <= set(problem["required"])
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, item in document["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in item.items():
            responses = operation["responses"]
            assert "application/problem+json" in responses["422"]["content"], (method, path)
            if any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
                assert {"412", "428"} <= set(responses), (method, path)
    # What the document promises is what a real refusal looks like.
    r = admin.post("/api/v1/people", json={"emails": [{"email": "not an address"}]})
    assert r.status_code == 422
    body = r.json()
    assert set(problem["required"]) <= set(body)
    assert all({"field", "code", "message"} <= set(e) for e in body["errors"])
