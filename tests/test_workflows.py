"""Workflow rules end to end: events → rules → actions through the real job machinery
(`drain` runs due jobs in-process), real SMTP and HTTP receivers for e-mail and SMS.

A rule whose condition is false for a record logs no run at all (docs/automation.md)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from sampark.core.audit import AuditEntry
from sampark.core.clock import utcnow
from sampark.core.permissions import Role
from sampark.db import Database
from sampark.jobs.models import Job
from sampark.jobs.queue import drain
from sampark.settings import get_settings
from sampark.tracking import inbox
from sampark.workflows import engine
from sampark.workflows.models import WorkflowRun, WorkflowState
from tests.conftest import Api, api_as, make_user, write_key_auth
from tests.mailserver import free_port, smtp_server

WF = "/api/v1/workflows"
PEOPLE = "/api/v1/people"


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()


def rule(api: Api, **body: Any) -> dict[str, Any]:
    data = {"name": "Rule", "object_type": "people", "active": True, "trigger": {"type": "created"}, **body}
    r = api.post(WF, json=data)
    assert r.status_code == 201, r.text
    return dict(r.json())


def runs(api: Api, workflow_id: str) -> list[dict[str, Any]]:
    r = api.get(f"{WF}/{workflow_id}/runs")
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def person(api: Api, **fields: Any) -> dict[str, Any]:
    r = api.post(PEOPLE, json={"given_name": "Rahim", "family_name": "Uddin", **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def patch_person(api: Api, person_id: str, **fields: Any) -> dict[str, Any]:
    current = api.get(f"{PEOPLE}/{person_id}").json()
    r = api.patch(f"{PEOPLE}/{person_id}", json=fields, headers={"If-Match": str(current["version"])})
    assert r.status_code == 200, r.text
    return dict(r.json())


def tasks(api: Api) -> list[dict[str, Any]]:
    return list(api.get("/api/v1/tasks", params={"limit": 200}).json()["items"])


def team_id(api: Api, name: str) -> str:
    return next(t["id"] for t in api.get("/api/v1/teams").json() if t["name"] == name)


def audit_count(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def first_error(r: Any) -> str:
    assert r.status_code == 422, r.text
    return str(r.json()["errors"][0]["field"])


# --- rules: CRUD, validation, access ---------------------------------------------------------


def test_rules_are_created_changed_and_deleted_by_admins_with_audit(admin: Api, db: Database) -> None:
    created = rule(admin, active=False, actions=[{"type": "add_tag", "tag": "new"}])
    assert created["active"] is False and created["actions"] == [{"type": "add_tag", "tag": "new"}]
    assert created["trigger"] == {"type": "created"}
    url = f"{WF}/{created['id']}"
    assert admin.patch(url, json={"active": True}, headers={"If-Match": "9"}).status_code == 412
    r = admin.patch(url, json={"active": True}, headers={"If-Match": "1"})
    assert r.status_code == 200, r.text
    assert r.json()["active"] is True and r.json()["version"] == 2
    assert [w["name"] for w in admin.get(WF).json()["items"]] == ["Rule"]
    assert (
        admin.post(
            WF, json={**created, "id": None} | {"actions": [{"type": "add_tag", "tag": "x"}]}
        ).status_code
        == 422
    )
    with db.session(write=False) as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.changes).where(AuditEntry.object_type == "workflows")
        ).all()
    assert [a for a, _ in entries] == ["create", "update"]
    assert entries[1][1] == {"active": {"before": False, "after": True}}
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404


def test_invalid_rules_are_refused_naming_the_field(admin: Api) -> None:
    base = {"name": "Bad", "object_type": "people", "trigger": {"type": "created"}}
    tag = {"type": "add_tag", "tag": "x"}
    r = admin.post(
        WF, json={**base, "actions": [tag, tag, {"type": "update_field", "field": "nope", "value": 1}]}
    )
    assert first_error(r) == "actions.2.field"
    r = admin.post(WF, json={**base, "actions": [{"type": "create_task", "title": "Call"}]})
    assert first_error(r) == "actions.0.due_in_days"
    r = admin.post(
        WF, json={**base, "actions": [{"type": "update_field", "field": "lifecycle_stage", "value": "x"}]}
    )
    assert first_error(r) == "actions.0.value"
    r = admin.post(
        WF, json={**base, "actions": [{"type": "send_email", "to": "nobody", "subject": "s", "body": "b"}]}
    )
    assert first_error(r) == "actions.0.to"
    r = admin.post(WF, json={**base, "actions": [{"type": "explode"}]})
    assert first_error(r) == "actions.0.type"
    r = admin.post(WF, json={**base, "trigger": {"type": "schedule", "cron": "99 * * * *"}, "actions": [tag]})
    assert first_error(r) == "trigger.cron"
    r = admin.post(WF, json={**base, "trigger": {"type": "stage_entered"}, "actions": [tag]})
    assert first_error(r) == "trigger.stage_id"
    r = admin.post(
        WF, json={**base, "condition": {"field": "shoe_size", "op": "eq", "value": 1}, "actions": [tag]}
    )
    assert first_error(r) == "condition.field"
    r = admin.post(
        WF, json={**base, "trigger": {"type": "date_reached", "date_field": "city"}, "actions": [tag]}
    )
    assert first_error(r) == "trigger.date_field"


def test_only_admins_reach_workflows(admin: Api, db: Database, client: TestClient) -> None:
    created = rule(admin, actions=[{"type": "add_tag", "tag": "x"}])
    manager = api_as(db, client, "m@example.com", Role.manager)
    assert manager.get(WF).status_code == 403
    assert manager.post(WF, json={"name": "x"}).status_code in (403, 422)
    assert manager.get(f"{WF}/{created['id']}/runs").status_code == 403
    assert manager.post(f"{WF}/{created['id']}/test", json={"record_id": created["id"]}).status_code == 403


# --- the engine ------------------------------------------------------------------------------


def test_a_new_lead_is_assigned_round_robin_in_a_team_with_a_follow_up_task(admin: Api, db: Database) -> None:
    first = make_user(db, "s1@example.com", Role.sales, teams=["Inside"])
    second = make_user(db, "s2@example.com", Role.sales, teams=["Inside"])
    make_user(db, "outside@example.com", Role.sales, teams=["Field"])
    created = rule(
        admin,
        name="Leads",
        condition={"field": "lifecycle_stage", "op": "eq", "value": "lead"},
        actions=[
            {"type": "assign_owner", "strategy": "round_robin", "team_id": team_id(admin, "Inside")},
            {
                "type": "create_task",
                "title": "Call {{record.display_name}}",
                "due_in_days": 1,
                "remind_before_minutes": 60,
                "assignee": "owner",
                "priority": "high",
            },
        ],
    )
    drain(db)  # the events consumer starts from now
    people = [person(admin, given_name=f"Lead{i}") for i in range(3)]
    person(admin, given_name="Customer", lifecycle_stage="customer")  # the condition says no
    drain(db)
    order = sorted([first.id, second.id])
    owners = [admin.get(f"{PEOPLE}/{p['id']}").json()["owner_id"] for p in people]
    assert owners == [str(order[0]), str(order[1]), str(order[0])]
    made = {t["person_id"]: t for t in tasks(admin)}
    assert set(made) == {p["id"] for p in people}
    lead0 = made[people[0]["id"]]
    assert lead0["title"] == "Call Lead0 Uddin" and lead0["priority"] == "high"
    assert lead0["assignee_id"] == str(order[0])
    due = datetime.fromisoformat(lead0["due_at"])
    assert datetime.fromisoformat(lead0["remind_at"]) == due - timedelta(minutes=60)
    logged = runs(admin, created["id"])
    assert len(logged) == 3 and {r["status"] for r in logged} == {"done"}
    assert [s["type"] for s in logged[0]["steps"]] == ["assign_owner", "create_task"]
    assert {s["status"] for s in logged[0]["steps"]} == {"done"}
    assert logged[0]["event_type"] == "person.created"
    one = admin.get(f"/api/v1/workflow-runs/{logged[0]['id']}")
    assert one.status_code == 200 and one.json() == logged[0]
    with db.session(write=False) as session:
        actors = set(
            session.scalars(
                select(AuditEntry.actor_email).where(
                    AuditEntry.object_type.in_(["people", "tasks"]), AuditEntry.action == "update"
                )
            )
        ) | set(session.scalars(select(AuditEntry.actor_email).where(AuditEntry.object_type == "tasks")))
    assert actors == {"workflow:Leads"}


def test_a_deal_entering_a_stage_makes_a_task_and_notifies_its_owner(admin: Api, db: Database) -> None:
    pipe = admin.post(
        "/api/v1/pipelines", json={"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Proposal"}]}
    ).json()
    proposal = pipe["stages"][1]["id"]
    rule(
        admin,
        name="Proposals",
        object_type="deals",
        trigger={"type": "stage_entered", "stage_id": proposal},
        actions=[
            {"type": "create_task", "title": "Send the proposal for {{record.name}}", "due_in_days": 2},
            {
                "type": "notify_user",
                "user": "owner",
                "title": "{{record.name}} reached Proposal",
                "body": "Go!",
            },
        ],
    )
    drain(db)
    deal = admin.post("/api/v1/deals", json={"name": "Tea order", "pipeline_id": pipe["id"]}).json()
    drain(db)
    assert tasks(admin) == []  # created in Lead: not yet
    r = admin.patch(f"/api/v1/deals/{deal['id']}", json={"stage_id": proposal}, headers={"If-Match": "1"})
    assert r.status_code == 200, r.text
    drain(db)
    made = tasks(admin)
    assert [(t["title"], t["deal_id"]) for t in made] == [("Send the proposal for Tea order", deal["id"])]
    bell = admin.get("/api/v1/notifications").json()
    assert [(n["title"], n["body"], n["link"]) for n in bell["items"]] == [
        ("Tea order reached Proposal", "Go!", f"/deals/{deal['id']}")
    ]


def test_a_field_changed_to_a_value_triggers_and_other_values_do_not(admin: Api, db: Database) -> None:
    created = rule(
        admin,
        trigger={"type": "field_changed", "field": "lifecycle_stage", "to_value": "customer"},
        actions=[
            {"type": "add_tag", "tag": "customer"},
            {"type": "update_field", "field": "lead_source", "value": "won"},
        ],
    )
    drain(db)
    p = person(admin)
    patch_person(admin, p["id"], lifecycle_stage="opportunity")
    patch_person(admin, p["id"], city="Sylhet")
    drain(db)
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == []
    assert runs(admin, created["id"]) == []
    patch_person(admin, p["id"], lifecycle_stage="customer")
    drain(db)
    now = admin.get(f"{PEOPLE}/{p['id']}").json()
    assert now["tags"] == ["customer"] and now["lead_source"] == "won"
    assert [r["status"] for r in runs(admin, created["id"])] == ["done"]


def test_a_false_condition_runs_nothing_and_logs_no_run(admin: Api, db: Database) -> None:
    created = rule(
        admin,
        condition={"field": "city", "op": "eq", "value": "Sylhet"},
        actions=[{"type": "add_tag", "tag": "sylhet"}],
    )
    drain(db)
    dhaka = person(admin, city="Dhaka")
    sylhet = person(admin, given_name="Karim", city="Sylhet")
    drain(db)
    assert admin.get(f"{PEOPLE}/{dhaka['id']}").json()["tags"] == []
    assert admin.get(f"{PEOPLE}/{sylhet['id']}").json()["tags"] == ["sylhet"]
    assert [r["object_id"] for r in runs(admin, created["id"])] == [sylhet["id"]]


def test_an_inactive_rule_does_nothing(admin: Api, db: Database) -> None:
    created = rule(admin, active=False, actions=[{"type": "add_tag", "tag": "x"}])
    drain(db)
    p = person(admin)
    drain(db)
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == []
    assert runs(admin, created["id"]) == []


def test_a_wait_step_holds_the_rest_until_it_is_due(admin: Api, db: Database) -> None:
    created = rule(
        admin,
        actions=[
            {"type": "add_tag", "tag": "now"},
            {"type": "wait", "days": 2},
            {"type": "add_tag", "tag": "later"},
        ],
    )
    drain(db)
    p = person(admin)
    drain(db)
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == ["now"]
    [run] = runs(admin, created["id"])
    assert run["status"] == "waiting"
    assert [(s["type"], s["status"]) for s in run["steps"]] == [("add_tag", "done"), ("wait", "waiting")]
    with db.session() as session:
        waiting = session.scalars(
            select(Job).where(Job.kind == "workflows.run", Job.status == "queued")
        ).all()
        assert len(waiting) == 1 and waiting[0].run_at > utcnow() + timedelta(days=1)
        session.execute(update(Job).where(Job.id == waiting[0].id).values(run_at=utcnow()))
    drain(db)
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == ["now", "later"]
    [run] = runs(admin, created["id"])
    assert run["status"] == "done" and run["finished_at"]
    assert [s["status"] for s in run["steps"]] == ["done", "done", "done"]


def test_the_test_endpoint_is_a_dry_run(admin: Api, db: Database) -> None:
    make_user(db, "s1@example.com", Role.sales, teams=["Inside"])
    created = rule(
        admin,
        active=False,
        condition={"field": "city", "op": "eq", "value": "Sylhet"},
        actions=[
            {"type": "assign_owner", "strategy": "round_robin", "team_id": team_id(admin, "Inside")},
            {"type": "create_task", "title": "Call {{record.display_name}}", "due_in_days": 1},
            {"type": "send_email", "to": "record", "subject": "Hello {{record.given_name}}", "body": "…"},
            {"type": "send_sms", "to": "record", "body": "Hi"},
        ],
    )
    p = person(admin, city="Sylhet", emails=[{"email": "rahim@example.com"}])
    other = person(admin, given_name="Karim", city="Dhaka")
    before = (audit_count(db), admin.get(f"{PEOPLE}/{p['id']}").json())
    r = admin.post(f"{WF}/{created['id']}/test", json={"record_id": p["id"]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["matched"] is True and out["condition_matched"] is True and out["trigger_matched"] is None
    assert [a["type"] for a in out["actions"]] == ["assign_owner", "create_task", "send_email", "send_sms"]
    assert "Call Rahim Uddin" in out["actions"][1]["summary"]
    assert (
        "rahim@example.com" in out["actions"][2]["summary"] and "Hello Rahim" in out["actions"][2]["summary"]
    )
    assert out["actions"][3]["summary"].startswith("skip: no phone")
    no = admin.post(f"{WF}/{created['id']}/test", json={"record_id": other["id"]}).json()
    assert no["matched"] is False and no["condition_matched"] is False
    assert admin.post(f"{WF}/{created['id']}/test", json={"record_id": created["id"]}).status_code == 422
    drain(db)
    assert (audit_count(db), admin.get(f"{PEOPLE}/{p['id']}").json()) == before
    assert tasks(admin) == []
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(WorkflowState)) == 0
        assert session.scalar(select(func.count()).select_from(WorkflowRun)) == 0
        assert session.scalar(select(func.count()).select_from(Job).where(Job.kind != "workflows.tick")) == 0


def test_a_rule_that_retriggers_itself_is_stopped_as_a_loop(admin: Api, db: Database) -> None:
    make_user(db, "s1@example.com", Role.sales, teams=["Inside"])
    make_user(db, "s2@example.com", Role.sales, teams=["Inside"])
    created = rule(
        admin,
        name="Ping-pong",
        trigger={"type": "updated"},
        actions=[{"type": "assign_owner", "strategy": "round_robin", "team_id": team_id(admin, "Inside")}],
    )
    drain(db)
    p = person(admin)
    patch_person(admin, p["id"], city="Sylhet")
    drain(db)
    logged = sorted(runs(admin, created["id"]), key=lambda r: r["depth"])
    assert [(r["depth"], r["status"]) for r in logged] == [
        (0, "done"),
        (1, "done"),
        (2, "done"),
        (3, "done"),
        (engine.MAX_DEPTH + 1, "loop_stopped"),
    ]
    assert "loop" in logged[-1]["steps"][0]["detail"]
    drain(db)
    assert len(runs(admin, created["id"])) == 5  # and it stays stopped


def test_send_email_reaches_a_real_smtp_server(
    admin: Api, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server() as inbox:
        for name, value in inbox.env().items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        rule(
            admin,
            actions=[
                {
                    "type": "send_email",
                    "to": "record",
                    "subject": "Welcome, {{record.display_name}}",
                    "body": "Hello {{record.given_name}}, this is {{owner.display_name}}.",
                },
                {"type": "send_email", "to": "owner", "subject": "New: {{record.display_name}}", "body": "…"},
            ],
        )
        drain(db)
        person(admin, emails=[{"email": "rahim@example.com"}])
        person(admin, given_name="Nomail")  # no address: that step is skipped, the other still goes
        drain(db)
        messages = inbox.wait_for(3)
    got = sorted((m["To"], m["Subject"]) for m in messages)
    assert got == [
        ("admin@example.com", "New: Nomail Uddin"),
        ("admin@example.com", "New: Rahim Uddin"),
        ("rahim@example.com", "Welcome, Rahim Uddin"),
    ]
    welcome = next(m for m in messages if m["To"] == "rahim@example.com")
    assert welcome.get_content().strip() == "Hello Rahim, this is admin."


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append({"body": body, "auth": self.headers.get("Authorization")})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Gateway", (_Gateway,), {"received": received})
    server = HTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", received
    finally:
        server.shutdown()
        server.server_close()


def test_send_sms_and_call_webhook_reach_a_local_http_server(
    admin: Api, db: Database, monkeypatch: pytest.MonkeyPatch, gateway: tuple[str, list[dict[str, Any]]]
) -> None:
    url, received = gateway
    monkeypatch.setenv("SAMPARK_SMS_GATEWAY_URL", url)
    monkeypatch.setenv("SAMPARK_SMS_GATEWAY_TOKEN", "sekret")
    get_settings.cache_clear()
    rule(
        admin,
        actions=[
            {"type": "send_sms", "to": "record", "body": "Hi {{record.given_name}}, thanks!"},
            {"type": "call_webhook", "url": url.replace("/sms", "/hook")},
        ],
    )
    drain(db)
    p = person(admin, phones=[{"number": "01711-234567"}])
    drain(db)
    sms = [r for r in received if "to" in r["body"]]
    assert [(r["body"]["to"], r["body"]["body"], r["auth"]) for r in sms] == [
        ("+8801711234567", "Hi Rahim, thanks!", "Bearer sekret")
    ]
    hooks = [r for r in received if "record" in r["body"]]
    assert len(hooks) == 1 and hooks[0]["body"]["record"]["id"] == p["id"] and hooks[0]["auth"] is None
    drain(db)
    assert len(received) == 2  # nothing is sent twice


def test_least_loaded_and_territory_assignment(admin: Api, db: Database) -> None:
    busy = make_user(db, "busy@example.com", Role.sales, teams=["Inside"])
    free = make_user(db, "free@example.com", Role.sales, teams=["Inside"])
    north = make_user(db, "north@example.com", Role.sales)
    person(admin, given_name="Old", owner_id=str(busy.id))
    rule(
        admin,
        name="Least",
        condition={"field": "city", "op": "eq", "value": "Dhaka"},
        actions=[{"type": "assign_owner", "strategy": "least_loaded", "team_id": team_id(admin, "Inside")}],
    )
    rule(
        admin,
        name="Territory",
        condition={"field": "city", "op": "eq", "value": "Sylhet"},
        actions=[
            {
                "type": "assign_owner",
                "strategy": "territory",
                "territories": [
                    {"country": "BD", "postal_prefix": "31", "user_id": str(north.id)},
                    {"country": "IN", "user_id": str(busy.id)},
                ],
            }
        ],
    )
    drain(db)
    a = person(admin, given_name="A", city="Dhaka")
    b = person(admin, given_name="B", city="Sylhet", country="BD", postal_code="3100")
    c = person(admin, given_name="C", city="Sylhet", country="BD", postal_code="1200")
    drain(db)
    owner = {x["given_name"]: admin.get(f"{PEOPLE}/{x['id']}").json()["owner_id"] for x in (a, b, c)}
    assert owner["A"] == str(free.id)
    assert owner["B"] == str(north.id)
    admin_id = admin.get("/api/v1/me").json()["id"]
    assert owner["C"] == admin_id  # no territory fits: left as it was, the step skipped


def test_date_reached_and_schedule_run_once_per_record_and_date(admin: Api, db: Database) -> None:
    admin.post("/api/v1/pipelines", json={"name": "Sales", "stages": [{"name": "Lead"}]})
    today = utcnow().date()
    deal = admin.post(
        "/api/v1/deals",
        json={"name": "Tea", "expected_close_date": (today + timedelta(days=3)).isoformat()},
    ).json()
    admin.post(
        "/api/v1/deals",
        json={"name": "Later", "expected_close_date": (today + timedelta(days=9)).isoformat()},
    )
    rule(
        admin,
        name="Closing soon",
        object_type="deals",
        trigger={"type": "date_reached", "date_field": "expected_close_date", "offset_days": -3},
        actions=[{"type": "notify_user", "user": "owner", "title": "{{record.name}} closes in 3 days"}],
    )
    rule(
        admin,
        name="Morning",
        trigger={"type": "schedule", "cron": "0 7 * * *"},
        condition={"field": "city", "op": "eq", "value": "Sylhet"},
        actions=[{"type": "add_tag", "tag": "morning"}],
    )
    p = person(admin, city="Sylhet")
    assert engine.run_dates(db) == 1
    assert engine.run_dates(db) == 0  # once per (rule, record, date)
    assert engine.run_schedules(db, datetime(2026, 12, 7, 7, 1, tzinfo=UTC)) == 0
    assert engine.run_schedules(db, datetime(2026, 12, 7, 7, 0, tzinfo=UTC)) == 1
    drain(db)
    titles = [n["title"] for n in admin.get("/api/v1/notifications").json()["items"]]
    assert titles == ["Tea closes in 3 days"]
    assert deal["id"]
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == ["morning"]


def test_a_tracked_event_starts_a_rule_for_its_person(admin: Api, db: Database, client: TestClient) -> None:
    key = admin.post("/api/v1/sources", json={"name": "Web", "kind": "web", "trust_priority": 40}).json()[
        "write_key"
    ]
    auth = write_key_auth(key)
    created = rule(
        admin,
        trigger={"type": "event_received", "event_name": "Order Completed"},
        actions=[{"type": "add_tag", "tag": "buyer"}],
    )
    engine.scan_tracking(db)  # the checkpoint starts from now
    client.post(
        "/v1/identify",
        json={
            "userId": "u1",
            "messageId": "i1",
            "traits": {"firstName": "Farzana", "email": "f@example.com"},
        },
        headers=auth,
    )
    for n, name in enumerate(["Viewed", "Order Completed"]):
        client.post("/v1/track", json={"userId": "u1", "event": name, "messageId": f"t{n}"}, headers=auth)
    inbox.drain(db)  # the worker's step: the calls become events
    assert engine.scan_tracking(db, settle=timedelta(0)) == 1
    assert engine.scan_tracking(db, settle=timedelta(0)) == 0
    drain(db)
    [run] = runs(admin, created["id"])
    assert run["status"] == "done" and run["event_type"] == "event_received:Order Completed"
    tagged = admin.get(f"{PEOPLE}/{run['object_id']}").json()
    assert tagged["given_name"] == "Farzana" and tagged["tags"] == ["buyer"]


def test_the_worker_knows_the_rules_consumer_and_job_kinds() -> None:
    """`sampark.handlers` (what a worker and the web app import) registers the engine."""
    import subprocess
    import sys

    code = (
        "import sampark.handlers; from sampark.jobs import events, registry; "
        "assert 'workflows' in events.consumers(); "
        "assert {'workflows.run', 'workflows.sms', 'workflows.webhook', 'email.send'} <= set(registry.kinds())"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)  # noqa: S603


def test_a_rule_whose_condition_broke_is_passed_over_and_the_others_go_on(admin: Api, db: Database) -> None:
    field = admin.post(
        "/api/v1/custom-fields",
        json={"object_type": "people", "key": "tier", "label": "Tier", "type": "text"},
    ).json()
    rule(
        admin,
        name="Gold",
        condition={"field": "cf.tier", "op": "eq", "value": "gold"},
        actions=[{"type": "add_tag", "tag": "gold"}],
    )
    rule(admin, name="All", actions=[{"type": "add_tag", "tag": "all"}])
    assert admin.delete(f"/api/v1/custom-fields/{field['id']}").status_code == 204
    drain(db)
    p = person(admin)
    drain(db)
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == ["all"]


def test_a_retried_run_repeats_no_action(admin: Api, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from sampark.workflows import actions

    created = rule(
        admin,
        actions=[
            {"type": "create_task", "title": "Call", "due_in_days": 1},
            {"type": "send_email", "to": "team@example.com", "subject": "New", "body": "…"},
            {"type": "add_tag", "tag": "seen"},
        ],
    )
    real, calls = actions.perform, {"n": 0}

    def crash_once_on_the_last_step(ctx: Any, **kw: Any) -> str:
        calls["n"] += 1
        if kw["index"] == 2 and calls["n"] == 3:
            raise RuntimeError("the worker died here")
        return real(ctx, **kw)

    monkeypatch.setattr(actions, "perform", crash_once_on_the_last_step)
    drain(db)
    p = person(admin)
    drain(db)
    with db.session() as session:
        job = session.scalars(select(Job).where(Job.kind == "workflows.run")).one()
        assert job.status == "retrying" and job.attempts == 1
        session.execute(update(Job).where(Job.id == job.id).values(run_at=utcnow()))
    drain(db)
    assert calls["n"] == 6  # the failed attempt's work rolled back whole; the retry did it once
    assert len(tasks(admin)) == 1
    assert admin.get(f"{PEOPLE}/{p['id']}").json()["tags"] == ["seen"]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Job).where(Job.kind == "email.send")) == 1
        # A job run again after it finished (a replay) finds its run done and does nothing.
        session.execute(
            update(Job)
            .where(Job.kind == "workflows.run")
            .values(status="retrying", run_at=utcnow(), attempts=1)
        )
    drain(db)
    assert len(tasks(admin)) == 1 and calls["n"] == 6
    [run] = runs(admin, created["id"])
    assert run["status"] == "done" and [s["status"] for s in run["steps"]] == ["done", "done", "done"]


def test_a_rule_opens_a_ticket_for_the_person_in_the_service_desk(admin: Api, db: Database) -> None:
    created = rule(
        admin,
        trigger={"type": "field_changed", "field": "lifecycle_stage", "to_value": "customer"},
        actions=[
            {
                "type": "create_ticket",
                "subject": "Welcome call for {{record.display_name}}",
                "body": "A new customer: call within a day.",
                "priority": "high",
            }
        ],
    )
    bad = {
        "name": "x",
        "object_type": "people",
        "trigger": {"type": "created"},
        "actions": [{"type": "create_ticket"}],
    }
    assert first_error(admin.post(WF, json=bad)) == "actions.0.subject"
    drain(db)
    p = person(admin)
    patch_person(admin, p["id"], lifecycle_stage="customer")
    drain(db)
    (ticket,) = admin.get("/api/v1/tickets", params={"requester_id": p["id"]}).json()["items"]
    assert ticket["subject"] == "Welcome call for Rahim Uddin"
    assert ticket["priority"] == "high"
    (run,) = runs(admin, created["id"])
    assert run["status"] == "done"
    assert run["steps"][0]["detail"] == f"ticket #{ticket['number']} opened"


def test_thirty_days_after_the_last_order(admin: Api, db: Database) -> None:
    """date_reached on people's `last_order_at`: counted from their latest (not cancelled) order."""
    now = utcnow()

    def order(number: str, phone: str, days_ago: int) -> None:
        body = {
            "order_number": number,
            "customer": {"phone": phone, "name": f"Buyer {phone[-3:]}"},
            "placed_at": (now - timedelta(days=days_ago)).isoformat(),
            "currency": "BDT",
            "total": "100",
            "lines": [{"name": "Tea", "quantity": "1", "unit_price": "100"}],
        }
        r = admin.post("/api/v1/orders", json=body)
        assert r.status_code in (200, 201), r.text

    order("A-1", "01711000111", 30)  # lapsed 30 days ago: the rule's person
    order("B-1", "01711000222", 60)
    order("B-2", "01711000222", 30)  # also 30 days …
    order("B-3", "01711000222", 2)  # … but bought again since
    created = rule(
        admin,
        name="Win back",
        trigger={"type": "date_reached", "date_field": "last_order_at", "offset_days": 30},
        actions=[{"type": "add_tag", "tag": "win-back"}],
    )
    assert engine.run_dates(db) == 1
    drain(db)
    tagged = [
        p["display_name"] for p in admin.get(PEOPLE, params={"limit": 200}).json()["items"] if p["tags"]
    ]
    assert tagged == ["Buyer 111"]
    lapsed = next(p for p in admin.get(PEOPLE).json()["items"] if p["display_name"] == "Buyer 111")
    dry = admin.post(f"{WF}/{created['id']}/test", json={"record_id": lapsed["id"]}).json()
    assert dry["trigger_matched"] is True
    bad = {
        "name": "x",
        "object_type": "people",
        "trigger": {"type": "date_reached", "date_field": "nonsense"},
    }
    assert first_error(admin.post(WF, json={**bad, "actions": created["actions"]})) == "trigger.date_field"
