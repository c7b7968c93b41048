"""E-mail in, in batches: an mbox through `POST /inbound/email/batch` must end in exactly the state
the same messages reach one request at a time — threading, duplicates, machine mail, attachments,
routing, round robin, SLA, reopening, audit events — and customer tiers steer SLA and routing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.settings import get_settings
from tests.conftest import Api, make_user
from tests.test_tickets_email import SUPPORT, T, desk, mail, post_mail, seed_queues


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def mbox(raws: list[bytes]) -> bytes:
    quoted = re.compile(rb"^(>*From )", re.MULTILINE)
    return b"".join(b"From x@example.com Sun Dec  6 12:00:00 2026\n" + quoted.sub(rb">\1", raw) + b"\n"
                    for raw in raws)  # fmt: skip


def send(client: TestClient, token: str, raws: list[bytes], batched: bool) -> list[str]:
    """The outcome of each message, one request each or all in one mbox."""
    if not batched:
        out = []
        for raw in raws:
            r = post_mail(client, token, raw)
            assert r.status_code in (200, 422), r.text
            out.append(r.json()["outcome"] if r.status_code == 200 else "unreadable")
        return out
    r = client.post("/api/v1/inbound/email/batch", content=mbox(raws),
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/mbox"})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert sum(body["counts"].values()) == len(raws)
    return [x["outcome"] for x in body["results"]]


def snapshot(db: Database, admin: Api) -> dict[str, Any]:
    from sqlalchemy import func, select

    from sampark.core.audit import AuditEntry

    tickets = sorted(admin.get(T, params={"limit": 100}).json()["items"], key=lambda t: t["number"])
    rows = []
    for t in tickets:
        messages = admin.get(f"{T}/{t['id']}/messages").json()
        rows.append({
            "subject": t["subject"], "status": t["status"], "priority": t["priority"], "queue": t["queue_name"],
            "assignee": t["assignee_name"], "requester": t["requester_email"], "tier": t["customer_tier"],
            "sla": t["sla_due_at"] is not None, "has_person": t["requester_id"] is not None,
            "messages": [(m["direction"], m["body"][:40], [a["filename"] for a in m["attachments"]]) for m in messages],
        })  # fmt: skip
    with db.session() as session:
        actions = dict(
            session.execute(
                select(AuditEntry.action, func.count())
                .where(AuditEntry.object_type == "tickets")
                .group_by(AuditEntry.action)
            ).all()
        )
        from sampark.people.models import Person

        people = session.scalar(select(func.count()).select_from(Person))
    return {"tickets": rows, "audit": actions, "people": people}


@pytest.mark.parametrize("batched", [False, True], ids=["one-by-one", "mbox"])
def test_a_batch_ends_where_the_same_mail_one_at_a_time_does(
    db: Database, client: TestClient, admin: Api, batched: bool
) -> None:
    seed_queues(admin)
    token, _agent, _, _ = desk(db, client, admin)
    second = make_user(db, "zara@shop.example", Role.service)
    queue = next(q for q in admin.get("/api/v1/ticket-queues").json() if q["name"] == "Customer service")
    members = [{"user_id": m["user_id"]} for m in queue["members"]] + [{"user_id": str(second.id)}]
    admin.patch(f"/api/v1/ticket-queues/{queue['id']}", json={"members": members},
                headers={"If-Match": str(queue["version"])})  # fmt: skip
    billing = next(q for q in admin.get("/api/v1/ticket-queues").json() if q["name"] == "Billing")
    admin.post("/api/v1/ticket-rules", json={"name": "Refunds", "queue_id": billing["id"], "set_priority": "high",
                                             "conditions": {"subject_words": ["refund"]}})  # fmt: skip

    late, late_id = mail("Order late", "Where is my order?", attachment=("receipt.png", b"\x89PNG fake"))
    again, _ = mail("Re: Order late", "Any news?", headers={"In-Reply-To": late_id, "References": late_id})
    ooo, _ = mail("Out of office", "Away", headers={"Auto-Submitted": "auto-replied"})
    bounce, _ = mail("Undelivered", "failed", sender="MAILER-DAEMON@mx.example")
    ours, _ = mail("Loop", "our own", sender=SUPPORT)
    nobody = b"Subject: no sender\r\nMessage-ID: <x1@example.com>\r\n\r\nhello\r\n"
    refund, _ = mail("Refund please", "Twice charged", sender="Rina <rina@example.com>")
    other, _ = mail("Wrong size", "Too small", sender="Rina <rina@example.com>")
    first = send(client, token, [late, again, late, ooo, bounce, ours, nobody, refund, other], batched)
    assert first == ["created", "appended", "duplicate", "ignored_auto_reply", "ignored_bounce",
                     "ignored_auto_reply", "unreadable", "created", "created"]  # fmt: skip

    tickets = {t["subject"]: t for t in admin.get(T, params={"limit": 100}).json()["items"]}
    number = tickets["Refund please"]["number"]
    late_ticket = tickets["Order late"]
    r = admin.patch(f"{T}/{late_ticket['id']}", json={"status": "pending"},
                    headers={"If-Match": str(late_ticket["version"])})  # fmt: skip
    assert r.status_code == 200, r.text
    stranger, _ = mail(f"Re: about [#{number}]", "let me in", sender="mallory@example.com")
    token_reply, _ = mail(f"Re: Refund please [#{number}]", "Still waiting", sender="rina@example.com")
    back, _ = mail("Re: Order late", "Hello?", headers={"References": f"<unknown@x> {late_id}"})
    second_round = send(client, token, [stranger, token_reply, back, refund], batched)
    assert second_round == ["created", "appended", "appended", "duplicate"]

    state = snapshot(db, admin)
    by_subject = {t["subject"]: t for t in state["tickets"]}
    assert by_subject["Order late"]["status"] == "open"  # the customer's answer reopened it
    assert by_subject["Order late"]["messages"][0][2] == ["receipt.png"]
    assert len(by_subject["Order late"]["messages"]) == 3
    assert (
        by_subject["Refund please"]["queue"] == "Billing"
        and by_subject["Refund please"]["priority"] == "high"
    )
    assert len(by_subject["Refund please"]["messages"]) == 2
    assert by_subject[f"Re: about [#{number}]"]["requester"] == "mallory@example.com"
    cs = [
        t["assignee"]
        for t in state["tickets"]
        if t["queue"] == "Customer service" and t["subject"] != "first"
    ]
    assert len(set(cs)) == 2  # round robin over both agents
    assert all(t["sla"] for t in state["tickets"] if t["status"] in ("new", "open"))
    expected = {
        "tickets": [
            {k: v for k, v in t.items() if k != "assignee"} | {"assignee": t["assignee"] is not None}
            for t in state["tickets"]
        ],
        "audit": state["audit"],
        "people": state["people"],
    }
    # The same for both ways in: kept on the test function across the two parametrised runs.
    seen = test_a_batch_ends_where_the_same_mail_one_at_a_time_does.__dict__.setdefault("seen", {})
    seen[batched] = expected
    if len(seen) == 2:
        assert seen[True] == seen[False]


def _order(admin: Api, email: str, total: str, number: str) -> None:
    r = admin.post("/api/v1/orders", json={
        "order_number": number, "customer": {"email": email, "name": "Big Spender"}, "currency": "BDT",
        "total": total, "lines": [{"name": "Saree", "quantity": "1", "unit_price": total}],
    })  # fmt: skip
    assert r.status_code in (200, 201), r.text


@pytest.fixture
def tiers(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SAMPARK_TICKET_TIERS", "gold=50000, silver=10000")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize("batched", [False, True], ids=["one-by-one", "mbox"])
def test_customer_tiers_choose_the_sla_and_the_queue(
    db: Database, client: TestClient, admin: Api, tiers: Any, batched: bool
) -> None:
    seed_queues(admin)
    token, _, _, _ = desk(db, client, admin)
    assert admin.get("/api/v1/customer-tiers").json() == [
        {"name": "gold", "min_lifetime_value": "50000", "currency": None},
        {"name": "silver", "min_lifetime_value": "10000", "currency": None},
    ]
    _order(admin, "begum@example.com", "60000.00", "G-1")
    _order(admin, "nasir@example.com", "12000.00", "S-1")
    vip = admin.post("/api/v1/ticket-queues", json={"name": "VIP desk", "time_zone": "UTC",
                                                    "work_days": [0, 1, 2, 3, 4, 5, 6], "work_start": "00:00",
                                                    "work_end": "23:59"})  # fmt: skip
    assert vip.status_code == 201, vip.text
    sales = next(q for q in admin.get("/api/v1/ticket-queues").json() if q["name"] == "Sales")
    r = admin.post("/api/v1/ticket-rules", json={"name": "Gold customers", "queue_id": vip.json()["id"],
                                                 "position": 1, "conditions": {"tiers": ["Gold"]}})  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["conditions"] == {"tiers": ["gold"]}
    r = admin.post("/api/v1/ticket-rules", json={"name": "Spent 10k", "queue_id": sales["id"], "position": 2,
                                                 "conditions": {"min_lifetime_value": "10000"}})  # fmt: skip
    assert r.status_code == 201, r.text
    r = admin.put("/api/v1/sla-policies/normal", params={"tier": "gold"},
                  json={"first_response_minutes": 15, "resolution_minutes": 120})  # fmt: skip
    assert r.status_code == 200 and r.json()["tier"] == "gold", r.text
    assert admin.put("/api/v1/sla-policies/normal", params={"tier": "platinum"},
                     json={"first_response_minutes": 5, "resolution_minutes": 60}).status_code == 422  # fmt: skip
    policies = admin.get("/api/v1/sla-policies").json()
    assert [(p["priority"], p["tier"]) for p in policies][-1] == ("normal", "gold")

    raws = [
        mail("Saree torn", "help", sender="Begum <begum@example.com>")[0],
        mail("Where is it", "help", sender="Nasir <nasir@example.com>")[0],
        mail("Question", "hi", sender="New <new@example.com>")[0],
    ]
    assert send(client, token, raws, batched) == ["created"] * 3
    got = {t["subject"]: t for t in admin.get(T, params={"limit": 50}).json()["items"]}
    gold, silver, plain = got["Saree torn"], got["Where is it"], got["Question"]
    assert (gold["customer_tier"], gold["queue_name"]) == ("gold", "VIP desk")
    assert (silver["customer_tier"], silver["queue_name"]) == ("silver", "Sales")
    assert (plain["customer_tier"], plain["queue_name"]) == (None, "Customer service")
    from datetime import datetime

    def minutes(t: dict[str, Any]) -> float:
        opened = datetime.fromisoformat(t["created_at"])
        return (datetime.fromisoformat(t["first_response_due_at"]) - opened).total_seconds() / 60

    assert 15 <= round(minutes(gold)) <= 16  # the gold policy, on the VIP desk's round-the-clock calendar
    assert minutes(silver) >= 480  # every customer's normal policy
    # A tier's policy can go; its customers fall back to every customer's.
    assert admin.delete("/api/v1/sla-policies/normal", params={"tier": "gold"}).status_code == 204
    assert admin.delete("/api/v1/sla-policies/normal", params={"tier": "gold"}).status_code == 404
