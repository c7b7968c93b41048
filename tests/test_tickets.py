"""The service desk through its API: tickets, routing, assignment, SLA, access, canned replies,
merges, the dashboard and the person's timeline."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as, make_user

T = "/api/v1/tickets"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def queues(api: Api) -> dict[str, dict[str, Any]]:
    return {q["name"]: q for q in api.get("/api/v1/ticket-queues").json()}


def seed(api: Api) -> dict[str, dict[str, Any]]:
    """The default departments (made by the first ticket, as on a fresh install)."""
    r = api.post(T, json={"subject": "seed", "channel": "api"})
    assert r.status_code == 201, r.text
    return queues(api)


def set_members(
    api: Api, queue: dict[str, Any], members: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    r = api.patch(
        f"/api/v1/ticket-queues/{queue['id']}",
        json={"members": members, **extra},
        headers={"If-Match": str(queue["version"])},
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_a_ticket_is_created_routed_numbered_and_given_sla_targets(admin: Api) -> None:
    r = admin.post(
        T,
        json={
            "subject": "My parcel never arrived",
            "description": "Ordered last week.",
            "channel": "web",
            "requester": {"email": "Rahim@Example.com", "name": "Rahim Uddin"},
            "tags": ["delivery"],
        },
    )
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["token"] == f"#{t['number']}" and t["number"] > 1000
    assert t["queue_name"] == "Customer service"  # the default queue
    assert t["status"] == "new" and t["priority"] == "normal"
    assert t["requester_email"] == "rahim@example.com" and t["requester_name"] == "Rahim Uddin"
    assert t["first_response_due_at"] and t["resolution_due_at"]
    assert t["sla_due_at"] == t["first_response_due_at"]
    # The requester is a person found or created through identity resolution.
    person = admin.get(f"/api/v1/people/{t['requester_id']}").json()
    assert person["primary_email"] == "rahim@example.com"
    again = admin.post(T, json={"subject": "Another", "requester": {"email": "rahim@example.com"}}).json()
    assert again["requester_id"] == t["requester_id"] and again["number"] == t["number"] + 1
    messages = admin.get(f"{T}/{t['id']}/messages").json()
    assert [(m["direction"], m["body"]) for m in messages] == [("in", "Ordered last week.")]


def test_bad_input_is_refused_naming_the_field(admin: Api) -> None:
    r = admin.post(T, json={"subject": "x", "priority": "whenever"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["priority"]
    r = admin.post(T, json={"subject": "   "})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "subject"
    r = admin.post(T, json={"subject": "x", "requester": {"email": "not-an-address"}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "requester.email"
    r = admin.post(T, json={"subject": "x", "queue_id": "0190a0a0-0000-7000-8000-000000000000"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "queue_id"
    r = admin.post(T, json={"subject": "x", "bogus": 1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "bogus"
    r = admin.post("/api/v1/ticket-queues", json={"name": "Late", "work_start": "18:00", "work_end": "09:00"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "work_end"
    r = admin.post("/api/v1/ticket-queues", json={"name": "Mars", "time_zone": "Mars/Olympus"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "time_zone"
    assert admin.get(T, params={"assignee": "someone"}).status_code == 422


def test_routing_rules_first_match_wins_and_assignment_round_robins(
    db: Database, admin: Api, client: TestClient
) -> None:
    qs = seed(admin)
    a = make_user(db, "asha@example.com", Role.service)
    b = make_user(db, "bilal@example.com", Role.service)
    c = make_user(db, "chitra@example.com", Role.service)
    set_members(admin, qs["Billing"], [{"user_id": str(u.id)} for u in (a, b, c)])
    admin.post("/api/v1/ticket-rules", json={"name": "Refunds", "queue_id": qs["Billing"]["id"], "position": 1,
                                             "conditions": {"subject_words": ["refund", "invoice"]}, "set_priority": "high"})  # fmt: skip
    admin.post("/api/v1/ticket-rules", json={"name": "Bugs", "queue_id": qs["Product research"]["id"], "position": 2,
                                             "conditions": {"type": ["problem", "incident"]}})  # fmt: skip
    made = [
        admin.post(T, json={"subject": f"Refund please {i}", "type": "incident"}).json() for i in range(4)
    ]
    assert {t["queue_name"] for t in made} == {"Billing"}  # the first rule wins over the second
    assert {t["priority"] for t in made} == {"high"}
    assignees = [t["assignee_id"] for t in made]
    ids = sorted([str(a.id), str(b.id), str(c.id)])
    assert sorted(assignees[:3]) == ids and assignees[3] == assignees[0]  # round robin
    assert {t["status"] for t in made} == {"open"}
    bug = admin.post(T, json={"subject": "The app crashes", "type": "problem"}).json()
    assert bug["queue_name"] == "Product research" and bug["assignee_id"] is None  # nobody to assign to
    plain = admin.post(T, json={"subject": "Hello"}).json()
    assert plain["queue_name"] == "Customer service"
    # An away agent gets nothing; least-open picks whoever has fewest.
    billing = queues(admin)["Billing"]
    r = admin.put(
        f"/api/v1/ticket-queues/{billing['id']}/members/{assignees[1]}/availability",
        params={"available": "false"},
    )
    assert r.status_code == 200
    billing = set_members(
        admin,
        r.json(),
        [{"user_id": m["user_id"], "available": m["available"]} for m in r.json()["members"]],
        assignment="least_open",
    )
    nxt = admin.post(T, json={"subject": "invoice wrong"}).json()
    counts = {m["user_id"]: m["open_tickets"] for m in billing["members"] if m["available"]}
    assert nxt["assignee_id"] == min(counts, key=lambda u: (counts[u], u))
    assert nxt["assignee_id"] != assignees[1]


def test_a_sales_user_cannot_see_a_service_queues_ticket(
    db: Database, admin: Api, client: TestClient
) -> None:
    agent = api_as(db, client, "agent@example.com", Role.service, teams=["Support"])
    sales = api_as(db, client, "sales@example.com", Role.sales, teams=["Field sales"])
    t = agent.post(T, json={"subject": "Broken kettle"}).json()
    agent_user = agent.get("/api/v1/me").json()
    r = admin.patch(
        f"{T}/{t['id']}", json={"assignee_id": agent_user["id"]}, headers={"If-Match": str(t["version"])}
    )
    assert r.status_code == 200
    assert sales.get(f"{T}/{t['id']}").status_code == 404
    assert sales.get(f"{T}/{t['id']}/messages").status_code == 404
    assert sales.get(T).json()["items"] == []
    assert sales.post(f"{T}/{t['id']}/messages", json={"body": "hi"}).status_code in (403, 404)
    assert agent.get(f"{T}/{t['id']}").status_code == 200
    # A sales colleague in the agent's team sees it (team read), but may not write.
    teammate = api_as(db, client, "mate@example.com", Role.sales, teams=["Support"])
    assert teammate.get(f"{T}/{t['id']}").status_code == 200
    assert teammate.post(f"{T}/{t['id']}/messages", json={"body": "hi"}).status_code == 403


def test_pending_pauses_the_clock_and_the_list_sorts_by_sla_due(db: Database, admin: Api) -> None:
    urgent = admin.post(T, json={"subject": "Site down", "priority": "urgent"}).json()
    low = admin.post(T, json={"subject": "Feature idea", "priority": "low"}).json()
    normal = admin.post(T, json={"subject": "Question", "priority": "normal"}).json()
    listed = admin.get(T, params={"sort": "sla_due_at"}).json()["items"]
    assert [t["id"] for t in listed] == [urgent["id"], normal["id"], low["id"]]
    r = admin.patch(
        f"{T}/{urgent['id']}", json={"status": "pending"}, headers={"If-Match": str(urgent["version"])}
    )
    paused = r.json()
    assert paused["sla_paused"] and paused["sla_due_at"] is None
    listed = admin.get(T, params={"sort": "sla_due_at"}).json()["items"]
    assert listed[-1]["id"] == urgent["id"]  # paused tickets sort last
    resumed = admin.patch(
        f"{T}/{urgent['id']}", json={"status": "open"}, headers={"If-Match": str(paused["version"])}
    ).json()
    assert not resumed["sla_paused"] and resumed["sla_due_at"] is not None
    assert resumed["first_response_due_at"] >= urgent["first_response_due_at"]
    # Filters: queue, status, priority; the workspace views.
    f = '{"and": [{"field": "priority", "op": "in", "value": ["low", "normal"]}]}'
    assert {t["id"] for t in admin.get(T, params={"filter": f}).json()["items"]} == {low["id"], normal["id"]}
    assert admin.get(T, params={"view": "unassigned"}).json()["items"]
    assert admin.get(T, params={"assignee": "me"}).json()["items"] == []
    assert admin.get(T, params={"q": "feature"}).json()["items"][0]["id"] == low["id"]
    assert admin.get(T, params={"q": f"#{normal['number']}"}).json()["items"][0]["id"] == normal["id"]
    assert admin.get(f"{T}/counts").json()["unassigned"] == 3


def test_the_sla_checker_warns_then_records_a_breach_and_escalates(
    db: Database, admin: Api, client: TestClient
) -> None:
    from sampark.notifications.models import Notification
    from sampark.tickets import reports

    manager = make_user(db, "manager@example.com", Role.manager)
    agent = make_user(db, "agent@example.com", Role.service)
    qs = seed(admin)
    set_members(admin, qs["Customer service"], [{"user_id": str(agent.id)}], manager_id=str(manager.id))
    t = admin.post(T, json={"subject": "Help", "priority": "urgent"}).json()
    assert t["assignee_id"] == str(agent.id)
    due = datetime.fromisoformat(t["sla_due_at"])
    with db.session() as session:
        assert reports.check_sla(session, due - timedelta(minutes=10)) == (1, 0)
        assert reports.check_sla(session, due - timedelta(minutes=5)) == (0, 0)  # warned once
        assert reports.check_sla(session, due + timedelta(minutes=1)) == (0, 1)
        assert reports.check_sla(session, due + timedelta(minutes=2)) == (0, 0)  # recorded once
    got = admin.get(f"{T}/{t['id']}").json()
    assert got["breached_at"] and got["breach"] == "first_response"
    with db.session() as session:
        notes = {(n.user_id, n.kind) for n in session.query(Notification)}
    assert (agent.id, "ticket.sla_warning") in notes
    assert (manager.id, "ticket.sla_breached") in notes and (agent.id, "ticket.sla_breached") in notes
    board = admin.get(f"{T}/dashboard").json()
    assert board["breached_open"] == 1
    assert admin.get(T, params={"view": "breached"}).json()["items"][0]["id"] == t["id"]


def test_replies_notes_merge_deal_link_and_timeline(db: Database, admin: Api) -> None:
    t = admin.post(
        T, json={"subject": "Wrong size", "channel": "phone", "requester": {"phone": "01711-000111"}}
    ).json()
    dup = admin.post(
        T, json={"subject": "Wrong size again", "channel": "phone", "requester": {"phone": "+8801711000111"}}
    ).json()
    assert dup["requester_id"] == t["requester_id"]
    note = admin.post(f"{T}/{t['id']}/messages", json={"kind": "note", "body": "Called the courier"})
    assert note.status_code == 201 and note.json()["kind"] == "note" and note.json()["delivery"] is None
    after_note = admin.get(f"{T}/{t['id']}").json()
    assert after_note["first_responded_at"] is None  # a note is no response
    reply = admin.post(
        f"{T}/{t['id']}/messages", json={"body": "We will swap it.", "status": "pending"}
    ).json()
    assert reply["author_name"] == "admin" and reply["delivery"] is None  # a phone ticket: nothing e-mailed
    got = admin.get(f"{T}/{t['id']}").json()
    assert got["first_responded_at"] and got["status"] == "pending"
    assert got["sla_due_at"] is None
    merged = admin.post(f"{T}/{dup['id']}/merge", json={"into_id": t["id"]})
    assert merged.status_code == 200 and merged.json()["id"] == t["id"]
    old = admin.get(f"{T}/{dup['id']}").json()
    assert old["status"] == "closed" and old["merged_into_id"] == t["id"]
    assert any("Merged" in m["body"] for m in admin.get(f"{T}/{t['id']}/messages").json())
    r = admin.post(f"{T}/{t['id']}/merge", json={"into_id": t["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "into_id"
    stages = [{"name": "Lead", "probability": 10}, {"name": "Won", "probability": 100}]
    pipeline = admin.post("/api/v1/pipelines", json={"name": "Sales", "stages": stages}).json()
    deal = admin.post("/api/v1/deals", json={"name": "Bulk order", "pipeline_id": pipeline["id"]}).json()
    version = admin.get(f"{T}/{t['id']}").json()["version"]
    linked = admin.patch(f"{T}/{t['id']}", json={"deal_id": deal["id"]}, headers={"If-Match": str(version)})
    assert linked.status_code == 200 and linked.json()["deal_id"] == deal["id"]
    timeline = admin.get(f"/api/v1/people/{t['requester_id']}/timeline", params={"kinds": "ticket"}).json()[
        "items"
    ]
    assert {i["id"] for i in timeline} == {t["id"], dup["id"]} and timeline[0]["kind"] == "ticket"


def test_canned_replies_fill_placeholders_per_language(db: Database, admin: Api) -> None:
    t = admin.post(
        T, json={"subject": "Hi", "requester": {"email": "nusrat@example.com", "name": "Nusrat Jahan"}}
    ).json()
    body = "প্রিয় {{person.first_name}}, আপনার টিকিট {{ticket.number}} — {{agent.name}} {{ticket.unknown}}"
    r = admin.post("/api/v1/canned-replies", json={"name": "Thanks", "language": "bn", "body": body})
    assert r.status_code == 201, r.text
    admin.post(
        "/api/v1/canned-replies",
        json={"name": "Thanks", "language": "en", "body": "Dear {{person.first_name}}"},
    )
    assert (
        admin.post(
            "/api/v1/canned-replies", json={"name": "Thanks", "language": "en", "body": "x"}
        ).status_code
        == 409
    )
    assert len(admin.get("/api/v1/canned-replies", params={"language": "bn"}).json()) == 1
    rendered = admin.get(
        f"/api/v1/canned-replies/{r.json()['id']}/render", params={"ticket_id": t["id"]}
    ).json()
    assert rendered["body"] == f"প্রিয় Nusrat, আপনার টিকিট #{t['number']} — admin {{{{ticket.unknown}}}}"
    assert rendered["unknown_placeholders"] == ["ticket.unknown"]


def test_sla_policies_and_queues_are_editable_by_admins_only(
    db: Database, admin: Api, client: TestClient
) -> None:
    seed(admin)
    policies = admin.get("/api/v1/sla-policies").json()
    assert [p["priority"] for p in policies] == ["urgent", "high", "normal", "low"]
    r = admin.put(
        "/api/v1/sla-policies/urgent", json={"first_response_minutes": 30, "resolution_minutes": 120}
    )
    assert r.status_code == 200 and r.json()["first_response_minutes"] == 30
    r = admin.put(
        "/api/v1/sla-policies/urgent", json={"first_response_minutes": 30, "resolution_minutes": 10}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "resolution_minutes"
    agent = api_as(db, client, "agent@example.com", Role.service)
    assert (
        agent.put(
            "/api/v1/sla-policies/urgent", json={"first_response_minutes": 1, "resolution_minutes": 2}
        ).status_code
        == 403
    )
    assert agent.post("/api/v1/ticket-queues", json={"name": "Mine"}).status_code == 403
    assert len(agent.get("/api/v1/ticket-queues").json()) == 4
    created = admin.post("/api/v1/ticket-queues", json={"name": "Returns", "is_default": True}).json()
    assert created["is_default"]
    assert [q["name"] for q in admin.get("/api/v1/ticket-queues").json() if q["is_default"]] == ["Returns"]
    assert admin.post(T, json={"subject": "x"}).json()["queue_name"] == "Returns"


def test_dashboard_and_csat_report_shapes(admin: Api) -> None:
    admin.post(T, json={"subject": "One"})
    board = admin.get(f"{T}/dashboard").json()
    assert board["by_status"] == {"new": 1}
    assert (
        board["open_by_queue"][0]["name"] == "Customer service"
        and board["open_by_queue"][0]["unassigned"] == 1
    )
    assert board["median_first_response_seconds"] is None
    report = admin.get(f"{T}/csat-report").json()
    assert report["overall"]["ratings"] == 0 and report["by_agent"] == []


def test_the_business_hours_of_a_queue_set_the_due_time(db: Database, admin: Api) -> None:
    """A Thursday-evening ticket in Dhaka is due on Sunday (Friday and Saturday off)."""
    from sampark.tickets import setup
    from sampark.tickets.models import Ticket, TicketQueue

    seed(admin)
    with db.session() as session:
        queue = session.query(TicketQueue).filter_by(name="Customer service").one()
        ticket = Ticket(priority="urgent", status="new")
        created = datetime(2026, 12, 10, 11, 30, tzinfo=UTC)  # Thursday 17:30 in Dhaka
        setup.apply_policy(session, ticket, queue, created)
        # 60 business minutes: 30 on Thursday, 30 on Sunday from 09:00 Dhaka (03:00 UTC).
        assert ticket.first_response_due_at == datetime(2026, 12, 13, 3, 30, tzinfo=UTC)


def test_bulk_update_assigns_many_tickets_each_on_its_own(db: Database, admin: Api) -> None:
    agent = make_user(db, "agent@example.com", Role.service)
    made = [admin.post(T, json={"subject": f"Bulk {i}"}).json() for i in range(3)]
    items = [
        {"id": t["id"], "version": t["version"], "changes": {"assignee_id": str(agent.id)}} for t in made
    ]
    items[2]["version"] = 99
    r = admin.patch(f"{T}/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    assert [i["status"] for i in r.json()["items"]] == [200, 200, 412]
    assert {admin.get(f"{T}/{t['id']}").json()["assignee_id"] for t in made[:2]} == {str(agent.id)}


def test_custom_fields_and_the_record_history_of_a_ticket(
    db: Database, admin: Api, client: TestClient
) -> None:
    field = {"object_type": "tickets", "key": "order_no", "label": "Order number", "type": "number"}
    assert admin.post("/api/v1/custom-fields", json=field).status_code == 201
    r = admin.post(T, json={"subject": "Late", "custom_fields": {"order_no": "not a number"}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "custom_fields.order_no"
    assert admin.post(T, json={"subject": "x", "custom_fields": {"nope": 1}}).status_code == 422
    t = admin.post(T, json={"subject": "Late", "custom_fields": {"order_no": 1042}}).json()
    assert t["custom_fields"] == {"order_no": 1042}
    admin.post(T, json={"subject": "Other", "custom_fields": {"order_no": 7}})
    f = '{"field": "cf.order_no", "op": "gt", "value": 1000}'
    assert [x["id"] for x in admin.get(T, params={"filter": f}).json()["items"]] == [t["id"]]
    r = admin.patch(f"{T}/{t['id']}", json={"status": "solved", "custom_fields": {"order_no": 1043}},
                    headers={"If-Match": str(t["version"])})  # fmt: skip
    assert r.status_code == 200 and r.json()["custom_fields"] == {"order_no": 1043}
    history = admin.get(f"/api/v1/audit/records/tickets/{t['id']}").json()["items"]
    assert [h["action"] for h in history] == ["update", "create"]
    assert history[0]["changes"]["status"] == {"before": "new", "after": "solved"}
    sales = api_as(db, client, "sales@example.com", Role.sales)
    assert sales.get(f"/api/v1/audit/records/tickets/{t['id']}").status_code == 404


def test_an_agents_tickets_at_sla_risk_are_in_their_morning_digest(db: Database, admin: Api) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from sqlalchemy import update

    import sampark.handlers  # noqa: F401  (the service desk registers its digest source)
    from sampark.core.clock import utcnow
    from sampark.reminders.service import build_digest
    from sampark.tickets.models import Ticket

    me = admin.get("/api/v1/me").json()["id"]
    made = admin.post("/api/v1/tickets", json={"subject": "Router keeps dropping", "assignee_id": me})
    assert made.status_code == 201, made.text
    ticket = made.json()
    soon = utcnow() + timedelta(hours=2)
    with db.session() as session:
        session.execute(update(Ticket).where(Ticket.id == uuid.UUID(ticket["id"])).values(sla_due_at=soon))
    zone = ZoneInfo("Asia/Dhaka")
    with db.session(write=False) as session:
        digest = build_digest(session, uuid.UUID(me), soon.astimezone(zone).date(), zone, "en")
    assert [item.title for item in digest.sla_risks] == [f"#{ticket['number']} Router keeps dropping"]
    assert digest.sla_risks[0].detail == f"SLA {soon.astimezone(zone):%H:%M}"
