"""The permission matrix.

Part one walks every operation of the OpenAPI document under /api/v1, so an endpoint added
later is covered without touching this file: anonymous callers get 401, and a token that
lacks the operation's scope gets 403 (or 404 where ids are hidden), with nothing written.

Part two checks record-level access between roles and teams.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

import sampark.models  # noqa: F401  (every table registered)
from sampark.auth.service import create_token_for_cli
from sampark.core.audit import AuditEntry
from sampark.core.permissions import ALL_SCOPES, ROLE_GRANTS, Action, Obj, Principal, Role
from sampark.db import Base, Database
from tests.conftest import Api, api_as

API = "/api/v1"

# The first path segment names the object whose scope an operation needs.
SEGMENT_OBJECTS = {
    "people": "people",
    "merges": "people",
    "match-candidates": "people",
    "resolution": "people",
    "companies": "companies",
    "deals": "deals",
    "pipelines": "pipelines",
    "activities": "activities",
    "tasks": "tasks",
    "custom-fields": "custom_fields",
    "users": "users",
    "teams": "teams",
    "tokens": "tokens",
    "audit": "audit",
    "jobs": "jobs",
    "sources": "sources",
    "imports": "imports",
    "orders": "orders",
    "webhooks": "webhooks",
    "webhook-deliveries": "webhooks",
    "workflows": "workflows",
    "workflow-runs": "workflows",
    "tickets": "tickets",
    "social": "social",
    "social-connectors": "social_settings",
    "social-rules": "social_settings",
    "social-keywords": "social_settings",
    "social-terms": "social_settings",
    "social-alerts": "social_settings",
    "canned-replies": "tickets",
    "ticket-queues": "ticket_queues",
    "geo": "activities",
    "ticket-rules": "ticket_queues",
    "sla-policies": "ticket_queues",
    "customer-tiers": "ticket_queues",
    "mailboxes": "ticket_queues",
    "sync": "sync",
    "views": "views",
}
# Operations that need a signed-in caller but no scope: who am I, and sign-out.
SCOPE_FREE = {
    ("GET", f"{API}/auth/session"),
    ("POST", f"{API}/auth/logout"),
    ("GET", f"{API}/me"),
    ("GET", f"{API}/roles"),
    # A user's own notifications, like /me: any signed-in caller, whatever the token's scopes.
    ("GET", f"{API}/notifications"),
    ("POST", f"{API}/notifications/{{notification_id}}/read"),
    ("POST", f"{API}/notifications/read-all"),
    ("GET", f"{API}/notifications/unread-count"),
    ("GET", f"{API}/notifications/stream"),
    # Reading your own settings and calendar feed's state, like GET /me (changing them is users:write).
    ("GET", f"{API}/me/preferences"),
    ("GET", f"{API}/me/calendar-feed"),
    # Inbound e-mail: authenticated by a mailbox's token (401 without one), not by a user's scopes.
    ("POST", f"{API}/inbound/email"),
    ("POST", f"{API}/inbound/email/batch"),
    # Social platforms' webhooks: authenticated by the connector's signature or verify token.
    ("GET", f"{API}/social-hooks/{{connector_id}}"),
    ("POST", f"{API}/social-hooks/{{connector_id}}"),
}
PUBLIC = {("POST", f"{API}/auth/login")}
# An endless event stream (tests/test_notifications.py reads it from a real server).
STREAM = f"{API}/notifications/stream"
# Rows that legitimately change on a refused request.
VOLATILE_COLUMNS = {"api_tokens": {"last_used_at"}, "auth_sessions": {"last_seen_at"}}
AUDIT_TABLES = {"audit_log", "audit_head"}


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


# --- the operations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]
    components: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.spec

    def params(self, where: str) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p.get("in") == where]


def operations(app: Any) -> list[Operation]:
    ops = []
    document = app.openapi()
    components = document.get("components", {}).get("schemas", {})
    for path, item in document["paths"].items():
        if not path.startswith(API + "/"):
            continue
        for method, spec in item.items():
            if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                ops.append(Operation(method.upper(), path, spec, components))
    return ops


def needed_scope(op: Operation) -> str | None:
    """`<object>:read` for GET, `<object>:write` otherwise; None for the scope-free operations."""
    if (op.method, op.path) in SCOPE_FREE | PUBLIC:
        return None
    segment = op.path.removeprefix(API + "/").split("/", 1)[0]
    action = "read" if op.method == "GET" else "write"
    if segment == "me":
        return "users:write"
    obj = SEGMENT_OBJECTS.get(segment)
    if obj is None:
        raise AssertionError(
            f"{op.label}: unknown first path segment {segment!r}. Map it to an object's scope in "
            "SEGMENT_OBJECTS (and sampark.core.permissions.PATH_OBJECTS), or list it in SCOPE_FREE."
        )
    return f"{obj}:{action}"


def _sample(schema: dict[str, Any], components: dict[str, Any] | None = None) -> Any:
    if "$ref" in schema and components is not None:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("format") == "uuid" or schema.get("type") is None:
        return str(uuid.uuid4())
    return {"integer": 1, "number": 1, "boolean": "true"}.get(schema["type"], "x")


def url_for(op: Operation, ids: dict[str, str]) -> str:
    """The path with each parameter filled: a known id when one was seeded, else a random UUID."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ids:
            return ids[name]
        param = next((p for p in op.params("path") if p["name"] == name), {"schema": {}})
        return str(_sample(param.get("schema", {}), op.components))

    return re.sub(r"\{([^}]+)\}", fill, op.path)


def call(client: TestClient, op: Operation, url: str, headers: dict[str, str]) -> Any:
    headers = {**headers, "If-Match": '"1"'}
    params = {
        p["name"]: _sample(p.get("schema", {}), op.components)
        for p in op.params("query")
        if p.get("required")
    }
    if op.has_body:
        return client.request(op.method, url, json={}, headers=headers, params=params)
    return client.request(op.method, url, headers=headers, params=params)


# --- database snapshots ---------------------------------------------------------------------------


def snapshot(db: Database) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (audit tables aside), as sorted text tuples."""
    out: dict[str, list[tuple[str, ...]]] = {}
    with db.read_engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in AUDIT_TABLES:
                continue
            skip = VOLATILE_COLUMNS.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            rows = conn.execute(select(*columns)).all()
            out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


def audit_after(db: Database, seq: int) -> list[str]:
    with db.session(write=False) as session:
        return list(session.scalars(select(AuditEntry.action).where(AuditEntry.seq > seq)))


def last_seq(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(text("SELECT COALESCE(MAX(seq), 0) FROM audit_log")) or 0)


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


# --- fixtures ---------------------------------------------------------------------------------------


def seed_records(app: Any, admin: Api) -> dict[str, str]:
    """One record of every kind that can be made, so refused writes have a real target.

    Returns the path parameter name (`person_id`, …) → id of each record made. Bodies come
    from the OpenAPI examples, so domains added later are seeded too when they give one."""
    ids: dict[str, str] = {}
    ops = operations(app)
    schemas = app.openapi().get("components", {}).get("schemas", {})
    bodies: dict[str, dict[str, Any]] = {
        f"{API}/teams": {"name": "Field sales"},
        f"{API}/custom-fields": {"object_type": "people", "key": "score", "label": "Score", "type": "number"},
        f"{API}/tokens": {"name": "seeded", "scopes": ["people:read"]},
        f"{API}/users": {"email": "seeded@example.com", "display_name": "Seeded", "role": "sales"},
    }
    for op in ops:
        if op.method != "POST" or "{" in op.path or op.path in bodies or not op.has_body:
            continue
        ref = (
            op.spec["requestBody"]
            .get("content", {})
            .get("application/json", {})
            .get("schema", {})
            .get("$ref", "")
        )
        examples = schemas.get(ref.rsplit("/", 1)[-1], {}).get("examples") or []
        if examples:
            bodies[op.path] = examples[0]
    for collection, body in bodies.items():
        r = admin.post(collection, json=body)
        if r.status_code == 201 and "id" in r.json():
            for op in ops:
                m = re.fullmatch(re.escape(collection) + r"/\{([^}]+)\}.*", op.path)
                if m:
                    ids[m.group(1)] = r.json()["id"]
    return ids


@pytest.fixture
def seeded(db: Database, client: TestClient, app: Any) -> tuple[Api, dict[str, str]]:
    """An admin (with a token holding every scope) and the seeded records' ids."""
    admin = api_as(db, client, "admin@example.com", Role.admin)
    return admin, seed_records(app, admin)


# --- part one: the generic walk -----------------------------------------------------------------------


def test_every_operation_is_mapped(app: Any) -> None:
    """Each operation either needs a known scope or was opened on purpose."""
    ops = operations(app)
    assert len(ops) > 10
    problems = []
    for op in ops:
        try:
            needed_scope(op)
        except AssertionError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_anonymous_callers_get_401_everywhere(
    db: Database, app: Any, seeded: tuple[Api, dict[str, str]]
) -> None:
    _, ids = seeded
    before, seq = snapshot(db), last_seq(db)
    failures = []
    with TestClient(app) as anonymous:
        for op in operations(app):
            if (op.method, op.path) in PUBLIC:
                continue
            r = call(anonymous, op, url_for(op, ids), {})
            if r.status_code != 401:
                failures.append(f"{op.label}: {r.status_code} {r.text[:200]}")
            elif not r.headers["content-type"].startswith("application/problem+json"):
                failures.append(f"{op.label}: 401 without problem+json")
            elif r.json().get("code") != "not_authenticated":
                failures.append(f"{op.label}: code {r.json().get('code')}")
    assert not failures, "\n".join(failures)
    assert changed_tables(before, snapshot(db)) == []
    assert audit_after(db, seq) == []


def test_tokens_without_the_needed_scope_are_refused_and_write_nothing(
    db: Database, app: Any, seeded: tuple[Api, dict[str, str]]
) -> None:
    """An admin token holding every scope but the one an operation needs: 403, nothing changes."""
    _, ids = seeded
    tokens: dict[str, str] = {}

    def token_without(scope: str) -> str:
        if scope not in tokens:
            with db.session() as session:
                tokens[scope] = create_token_for_cli(
                    session, "admin@example.com", f"all but {scope}", [s for s in ALL_SCOPES if s != scope]
                )
        return tokens[scope]

    checked, failures = 0, []
    with TestClient(app) as client:
        for op in operations(app):
            scope = needed_scope(op)
            if scope is None:
                continue
            assert scope in ALL_SCOPES, f"{op.label}: {scope} is not a scope"
            token = token_without(scope)
            before, seq = snapshot(db), last_seq(db)
            r = call(client, op, url_for(op, ids), {"Authorization": f"Bearer {token}"})
            checked += 1
            if r.status_code not in (403, 404):
                failures.append(f"{op.label} without {scope}: {r.status_code} {r.text[:200]}")
                continue
            if not r.headers["content-type"].startswith("application/problem+json"):
                failures.append(f"{op.label}: refusal is not problem+json")
            changed = changed_tables(before, snapshot(db))
            if changed:
                failures.append(f"{op.label} without {scope}: changed {changed}")
            new_audit = set(audit_after(db, seq)) - {"permission_denied"}
            if new_audit:
                failures.append(f"{op.label} without {scope}: audited {new_audit}")
    assert checked > 10
    assert not failures, "\n".join(failures)


def test_the_refusal_names_the_scope_and_is_audited(
    db: Database, app: Any, seeded: tuple[Api, dict[str, str]]
) -> None:
    with db.session() as session:
        token = create_token_for_cli(session, "admin@example.com", "ro", ["people:read"])
    seq = last_seq(db)
    with TestClient(app) as client:
        r = client.post(
            f"{API}/people", json={"given_name": "X"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied"
    assert r.json()["object"] == "people" and r.json()["action"] == "write"
    assert audit_after(db, seq) == ["permission_denied"]


def test_admin_with_every_scope_never_gets_a_server_error(
    db: Database, app: Any, seeded: tuple[Api, dict[str, str]]
) -> None:
    """Smoke: random ids and empty bodies are 2xx/4xx problem answers, never 5xx."""
    admin, _ = seeded
    failures = []
    for op in operations(app):
        if (op.method, op.path) in PUBLIC or op.path in (f"{API}/auth/logout", STREAM):
            continue
        r = call(admin.client, op, url_for(op, {}), admin.headers)
        if r.status_code >= 500:
            failures.append(f"{op.label}: {r.status_code} {r.text[:300]}")
        elif r.status_code >= 400 and not r.headers["content-type"].startswith("application/problem+json"):
            failures.append(f"{op.label}: {r.status_code} is not problem+json")
    assert not failures, "\n".join(failures)


# --- part two: record-level access ------------------------------------------------------------------


@dataclass
class Cast:
    admin: Api
    sales_a: Api
    sales_b: Api
    manager_x: Api
    read_only_x: Api
    analyst: Api
    service: Api
    person_a: dict[str, Any]
    person_b: dict[str, Any]
    person_m: dict[str, Any]


@pytest.fixture
def cast(db: Database, client: TestClient) -> Cast:
    admin = api_as(db, client, "admin@example.com", Role.admin)
    sales_a = api_as(db, client, "a@example.com", Role.sales, ["Team X"])
    sales_b = api_as(db, client, "b@example.com", Role.sales, ["Team Y"])
    manager_x = api_as(db, client, "mx@example.com", Role.manager, ["Team X"])
    read_only_x = api_as(db, client, "ro@example.com", Role.read_only, ["Team X"])
    analyst = api_as(db, client, "an@example.com", Role.analyst)
    service = api_as(db, client, "sv@example.com", Role.service)

    def create(api: Api, name: str) -> dict[str, Any]:
        r = api.post(f"{API}/people", json={"given_name": name})
        assert r.status_code == 201, r.text
        return dict(r.json())

    return Cast(
        admin,
        sales_a,
        sales_b,
        manager_x,
        read_only_x,
        analyst,
        service,
        person_a=create(sales_a, "Anu"),
        person_b=create(sales_b, "Bipin"),
        person_m=create(manager_x, "Mala"),
    )


def _names(api: Api) -> set[str]:
    r = api.get(f"{API}/people")
    assert r.status_code == 200, r.text
    return {p["given_name"] for p in r.json()["items"]}


def _people_rows(db: Database) -> list[tuple[str, ...]]:
    return snapshot(db)["people"]


def test_sales_user_cannot_reach_another_sales_users_person(db: Database, cast: Cast) -> None:
    url = f"{API}/people/{cast.person_b['id']}"
    before = _people_rows(db)
    for r in (
        cast.sales_a.get(url),
        cast.sales_a.patch(url, json={"city": "Khulna"}, headers={"If-Match": "1"}),
        cast.sales_a.delete(url),
        cast.sales_a.post(f"{url}/restore"),
    ):
        assert r.status_code == 404, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
    assert _people_rows(db) == before
    assert _names(cast.sales_a) == {"Anu"}
    assert _names(cast.sales_b) == {"Bipin"}
    # Nor can A hand a record to B, or find B's person by filtering on B's id.
    r = cast.sales_a.post(f"{API}/people", json={"given_name": "Gift", "owner_id": cast.person_b["owner_id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "owner_not_allowed"
    flt = json.dumps({"field": "owner_id", "op": "eq", "value": cast.person_b["owner_id"]})
    assert cast.sales_a.get(f"{API}/people", params={"filter": flt}).json()["items"] == []
    # A may edit A's own person, but sales may not delete people at all.
    own = f"{API}/people/{cast.person_a['id']}"
    assert cast.sales_a.patch(own, json={"city": "Khulna"}, headers={"If-Match": "1"}).status_code == 200
    assert cast.sales_a.delete(own).status_code == 403


def test_manager_sees_own_teams_records_only(db: Database, cast: Cast) -> None:
    assert _names(cast.manager_x) == {"Anu", "Mala"}
    assert cast.manager_x.get(f"{API}/people/{cast.person_a['id']}").status_code == 200
    assert cast.manager_x.get(f"{API}/people/{cast.person_b['id']}").status_code == 404
    before = _people_rows(db)
    b_url = f"{API}/people/{cast.person_b['id']}"
    assert cast.manager_x.patch(b_url, json={"city": "X"}, headers={"If-Match": "1"}).status_code == 404
    assert cast.manager_x.delete(b_url).status_code == 404
    assert _people_rows(db) == before
    a_url = f"{API}/people/{cast.person_a['id']}"
    assert cast.manager_x.patch(a_url, json={"city": "Sylhet"}, headers={"If-Match": "1"}).status_code == 200
    # The manager may assign within the team, not outside it.
    sales_a_id = cast.person_a["owner_id"]
    r = cast.manager_x.post(f"{API}/people", json={"given_name": "Nila", "owner_id": sales_a_id})
    assert r.status_code == 201
    r = cast.manager_x.post(
        f"{API}/people", json={"given_name": "Nope", "owner_id": cast.person_b["owner_id"]}
    )
    assert r.status_code == 422


def test_read_only_user_reads_the_team_but_cannot_write(db: Database, cast: Cast) -> None:
    assert _names(cast.read_only_x) == {"Anu", "Mala"}
    before = _people_rows(db)
    a_url = f"{API}/people/{cast.person_a['id']}"
    assert cast.read_only_x.post(f"{API}/people", json={"given_name": "R"}).status_code == 403
    assert cast.read_only_x.patch(a_url, json={"city": "X"}, headers={"If-Match": "1"}).status_code == 403
    assert cast.read_only_x.delete(a_url).status_code == 403
    assert (
        cast.read_only_x.post(f"{API}/people/bulk", json={"items": [{"given_name": "R"}]}).status_code == 403
    )
    assert _people_rows(db) == before


def test_analyst_reads_everything_and_writes_nothing(db: Database, cast: Cast) -> None:
    assert _names(cast.analyst) == {"Anu", "Bipin", "Mala"}
    assert cast.analyst.get(f"{API}/people/{cast.person_b['id']}").status_code == 200
    before = snapshot(db)
    b_url = f"{API}/people/{cast.person_b['id']}"
    refused = [
        cast.analyst.post(f"{API}/people", json={"given_name": "N"}),
        cast.analyst.patch(b_url, json={"city": "X"}, headers={"If-Match": "1"}),
        cast.analyst.delete(b_url),
        cast.analyst.post(f"{API}/teams", json={"name": "Analysts"}),
        cast.analyst.post(
            f"{API}/custom-fields",
            json={"object_type": "people", "key": "k", "label": "K", "type": "text"},
        ),
        cast.analyst.post(
            f"{API}/users", json={"email": "n2@example.com", "display_name": "N2", "role": "admin"}
        ),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert changed_tables(before, snapshot(db)) == []


def test_service_user_cannot_see_deals(app: Any, cast: Cast) -> None:
    principal = Principal(user_id=uuid.uuid4(), email="s@x", role=Role.service)
    assert not principal.can(Obj.deals, Action.read)
    assert ROLE_GRANTS[Role.service][Obj.deals].visibility.value == "none"
    # Service sees every person (support needs the whole customer base).
    assert _names(cast.service) == {"Anu", "Bipin", "Mala"}
    paths = app.openapi()["paths"]
    if f"{API}/deals" not in paths:
        pytest.skip("the deals API is not there yet")
    r = cast.service.get(f"{API}/deals")
    assert r.status_code == 403, r.text
    assert cast.service.get(f"{API}/deals/{uuid.uuid4()}").status_code in (403, 404)
    assert cast.service.post(f"{API}/deals", json={}).status_code in (403, 422)


def test_admin_sees_and_changes_everything(cast: Cast) -> None:
    assert _names(cast.admin) == {"Anu", "Bipin", "Mala"}
    b_url = f"{API}/people/{cast.person_b['id']}"
    assert cast.admin.patch(b_url, json={"city": "Rajshahi"}, headers={"If-Match": "1"}).status_code == 200
    assert cast.admin.delete(b_url).status_code == 204
    assert cast.admin.post(f"{b_url}/restore").status_code == 200


def test_non_admins_cannot_manage_users_teams_or_fields(db: Database, cast: Cast) -> None:
    before = snapshot(db)
    for api in (cast.sales_a, cast.manager_x, cast.read_only_x, cast.service):
        assert api.post(f"{API}/teams", json={"name": "Mine"}).status_code == 403
        assert (
            api.post(
                f"{API}/users", json={"email": "z@example.com", "display_name": "Z", "role": "admin"}
            ).status_code
            == 403
        )
        me = api.get(f"{API}/me").json()
        r = api.patch(
            f"{API}/users/{me['id']}", json={"role": "admin"}, headers={"If-Match": str(me["version"])}
        )
        assert r.status_code == 403
    assert changed_tables(before, snapshot(db)) == []
