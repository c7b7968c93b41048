"""Fuzzing: schemathesis against our own OpenAPI document, and hypothesis against POST /people.

Whatever arrives, the answer is a 2xx or a 4xx problem, never a 500.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

# Imported here, whole, before any case runs: a resolution run started by one case imports
# numpy in its own thread, and Hypothesis touches numpy.random whenever "numpy" is in
# sys.modules — a half-imported numpy then fails the next case (seen on CI).
import numpy  # noqa: F401
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi as schemathesis_asgi
from sqlalchemy import func, select

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.people.models import Person
from tests.conftest import Api, api_as


@schemathesis.serializer("application/mbox")
def _mbox(ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    """The batch inbound endpoint takes raw mbox bytes; schemathesis knows no such media type."""
    return value if isinstance(value, bytes) else str(value).encode()


WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
# Per write operation. `make test` lowers it for the SQLite pass when the PostgreSQL pass (which
# runs the full count, on the stricter database) follows; generating the cases from the schemas
# is most of the cost, and it is the same on either database.
EXAMPLES_PER_OPERATION = int(os.environ.get("SAMPARK_FUZZ_EXAMPLES", "25"))
# The operations are dealt round-robin into this many tests, so pytest-xdist spreads them over
# its workers instead of one worker walking them all at the end of the run.
SHARDS = 4


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def write_operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every write operation in the OpenAPI document (people, users, teams, custom fields,
    tokens, and whatever other domains add), except signing in and out, which would end the
    test's own access."""
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/") and not path.startswith("/api/v1/auth/")
        for method in item
        if method.upper() in WRITE_METHODS
    ]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_write_endpoints_never_answer_500(shard: int, db: Database, client: TestClient, app: Any) -> None:
    """Schemathesis cases, valid and invalid, as an admin: 2xx or 4xx problem, never 5xx.

    Some cases aim at real records (seeded ids in the path) so updates and deletes get past
    the lookup; the rest use whatever ids schemathesis makes up. Each shard walks its share of
    the operations (one database setup); each operation gets its own bounded hypothesis run."""
    from tests.test_permissions import seed_records

    admin = api_as(db, client, "admin@example.com", Role.admin)
    ids = seed_records(app, admin)
    api_schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    every = write_operations(app.openapi())
    assert len(every) >= 10
    operations = every[shard::SHARDS]
    failures: list[str] = []
    session = schemathesis_asgi.get_client(app)  # one in-process client for every call
    for method, path in operations:
        operation = api_schema[path][method]
        known = {name: ids[name] for name in re.findall(r"\{([^}]+)\}", path) if name in ids}
        strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
            GenerationMode.NEGATIVE
        )
        if known:
            strategy = strategy | operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            print_blob=True,
        )
        def fuzz(case: Any) -> None:
            response = case.call(headers=admin.headers, session=session)
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400 and response.status_code != 405:
                content_type = (response.headers.get("content-type") or [""])[0]
                assert content_type.startswith("application/problem+json"), (
                    response.status_code,
                    response.text[:300],
                )

        try:
            fuzz()
        except Exception as exc:
            notes = "\n".join(getattr(exc, "__notes__", []))  # the falsifying example
            failures.append(f"{method} {path}: {type(exc).__name__}: {exc}\n{notes}"[:4000])
    assert not failures, "\n\n".join(failures)


# --- hypothesis: bad input to POST /people ---------------------------------------------------------

TEXT_FIELDS = ["given_name", "family_name", "display_name", "city", "region", "address_line", "lead_source"]
FIELDS = [*TEXT_FIELDS, "emails", "phones", "tags", "social_handles", "country", "latitude", "owner_id"]

json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_any = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
# Not text, and never valid on its own: a body holding one such field has no name either.
not_text = st.booleans() | st.integers() | st.lists(json_leaf, max_size=2)

BAD_EMAILS = [
    "plainaddress",
    "@example.com",
    "a@",
    "a@@example.com",
    "a b@example.com",
    "a@example..com",
    "a@-example.com",
    "<script>@example.com",
    "a" * 300 + "@example.com",
    "ä@\u0000.com",
]
BAD_PHONES = ["123", "abc", "+0", "+999 999 999 999 999", "০১", "12345678901234567890123", "+88 017", "--"]
LONE_SURROGATES = ["\ud800", "a\udfffb", "\udc00\ud800", "x\ud83d"]
NUL_TEXT = ["\x00", "a\x00b"]  # SQLite would store it; PostgreSQL text cannot


def _body(**fields: Any) -> bytes:
    # ensure_ascii keeps lone surrogates as \\udXXX escapes: valid JSON text, invalid Unicode.
    return json.dumps(fields).encode()


wrong_types = st.builds(
    lambda field, value: _body(**{field: value}),
    st.sampled_from(FIELDS),
    not_text | st.dictionaries(st.text(max_size=4), json_leaf, max_size=2),
)
huge_strings = st.builds(
    lambda field, size: _body(**{"given_name": "x", field: "ক" * size}),
    st.sampled_from(TEXT_FIELDS),
    st.integers(min_value=100_001, max_value=150_000),
)
bad_emails = st.builds(
    lambda email, label: _body(given_name="E", emails=[{"email": email, "label": label}]),
    st.sampled_from(BAD_EMAILS) | st.text(max_size=30).filter(lambda s: "@" not in s),
    st.just("work"),
)
bad_phones = st.builds(
    lambda phone: _body(given_name="P", phones=[{"number": phone}]),
    st.sampled_from(BAD_PHONES) | st.text(alphabet="abcxyz-() ", min_size=1, max_size=20),
)
unknown_fields = st.builds(
    lambda key, value: _body(given_name="U", **{key: value}),
    st.text(min_size=1, max_size=20).filter(
        lambda k: k not in {*FIELDS, "id", "emails"} and k.isidentifier()
    ),
    json_any,
)
# Otherwise valid bodies (a name is there) with one text that no database stores.
surrogates = st.builds(
    lambda field, text: _body(**{"given_name": "S", field: [text] if field == "tags" else text}),
    st.sampled_from([*TEXT_FIELDS, "tags"]),
    st.sampled_from(LONE_SURROGATES + NUL_TEXT),
)
nested_surrogates = st.sampled_from(
    [
        _body(given_name="S", emails=[{"email": "s@example.com", "label": "\ud800"}]),
        _body(given_name="S", social_handles=[{"network": "x", "handle": "\udfff"}]),
        _body(given_name="S", custom_fields={"\ud800": 1}),
        _body(given_name="S", custom_fields={"note": "\ud800"}),
        _body(given_name="S", tags=["ok", "\udc00"]),
        _body(given_name="S", emails=[{"email": "s\x00@example.com"}]),
        _body(given_name="S", custom_fields={"note": "a\x00"}),
        _body(given_name="S", custom_fields={"\x00": "a"}),
        _body(**{"given_name\x00": "S"}),
    ]
)
BAD_ENCODINGS = {
    "not-utf8": b'{"given_name": "\xff\xfe"}',
    "latin-1": b'{"given_name": "caf\xe9"}',
    "cesu-8-surrogate": b'{"given_name": "\xed\xa0\x80"}',
    "overlong": b'{"given_name": "\xc0\xaf"}',
    "bom-and-nothing": b"\xef\xbb\xbf{",
    "truncated": b'{"given_name": "A"',
    "empty": b"",
    "null": b"null",
    "array": b"[]",
    "string": b'"just a string"',
    "nan": b'{"given_name": NaN}',
    "deep-objects": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "deep-arrays": b"[" * 100_000 + b"]" * 100_000,
}
bad_encodings = st.sampled_from(sorted(BAD_ENCODINGS)).map(BAD_ENCODINGS.__getitem__)
bad_input = (
    wrong_types
    | huge_strings
    | bad_emails
    | bad_phones
    | unknown_fields
    | surrogates
    | nested_surrogates
    | bad_encodings
)


def _people(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


@pytest.fixture
def people_client(app: Any, admin: Api) -> tuple[TestClient, dict[str, str]]:
    """The admin's client and headers (a plain tuple: hypothesis prints its arguments)."""
    # A text custom field, so free-form custom values reach the database too.
    r = admin.post(
        "/api/v1/custom-fields",
        json={"object_type": "people", "key": "note", "label": "Note", "type": "text"},
    )
    assert r.status_code == 201, r.text
    return admin.client, {**admin.headers, "Content-Type": "application/json"}


@given(body=bad_input)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_bad_input_to_create_person_is_a_4xx_problem(
    body: bytes, people_client: tuple[TestClient, dict[str, str]], db: Database
) -> None:
    client, headers = people_client
    before = _people(db)
    r = client.post("/api/v1/people", content=body, headers=headers)
    assert 400 <= r.status_code < 500, (body[:200], r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("application/problem+json"), r.text[:300]
    problem = r.json()
    assert problem["status"] == r.status_code
    assert problem.get("errors"), (body[:200], problem)
    assert all({"field", "code", "message"} <= set(e) for e in problem["errors"])
    assert _people(db) == before


@pytest.mark.parametrize(
    "body",
    [
        _body(given_name="\ud800"),
        _body(given_name="S", custom_fields={"note": "\ud800"}),
        b'{"given_name": "\xed\xa0\x80"}',
        b'{"given_name": "\xff"}',
    ],
    ids=["escaped-surrogate", "surrogate-in-custom-field", "cesu-8", "invalid-utf8"],
)
def test_invalid_unicode_is_422(
    body: bytes, people_client: tuple[TestClient, dict[str, str]], db: Database
) -> None:
    client, headers = people_client
    r = client.post("/api/v1/people", content=body, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["errors"]
    assert _people(db) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_body(given_name="a\x00b"), "given_name"),
        (_body(given_name="a", tags=["x", "\x00"]), "tags"),
        (_body(given_name="a", emails=[{"email": "a@example.com", "label": "\ud800"}]), "emails"),
        (_body(given_name="a", custom_fields={"note": "\x00"}), "custom_fields"),
    ],
)
def test_text_no_database_stores_names_the_field(
    body: bytes, field: str, people_client: tuple[TestClient, dict[str, str]], db: Database
) -> None:
    client, headers = people_client
    r = client.post("/api/v1/people", content=body, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == field
    assert r.json()["errors"][0]["code"] == "invalid_text"
    assert _people(db) == 0


def test_nul_in_the_query_string_is_422(people_client: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = people_client
    r = client.get("/api/v1/people", params={"q": "a\x00b"}, headers=headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.q"


def test_valid_astral_characters_are_kept(people_client: tuple[TestClient, dict[str, str]]) -> None:
    """Surrogate *pairs* (emoji, rare scripts) are fine: only lone halves are refused."""
    client, headers = people_client
    r = client.post("/api/v1/people", content=_body(given_name="Ana 😀 𑀅"), headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["given_name"] == "Ana 😀 𑀅"


def test_login_with_lone_surrogates_is_4xx(client: TestClient, db: Database) -> None:
    for body in (
        _body(email="a\ud800@example.com", password="x"),
        _body(email="a@example.com", password="\udfff"),
    ):
        r = client.post("/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, r.text
