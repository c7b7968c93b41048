"""Outbound webhooks, end to end: a real HTTP receiver on 127.0.0.1 gets signed deliveries
(checked with the independent `standardwebhooks` package), retries keep their webhook-id,
replay, automatic switching off with the owner told, and who may do what."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from sampark.core.audit import AuditEntry
from sampark.core.clock import utcnow
from sampark.db import Database
from sampark.jobs.models import Job
from sampark.jobs.queue import drain
from sampark.settings import get_settings
from sampark.webhooks.models import WebhookSubscription
from tests.conftest import Api, api_as

HOOKS = "/api/v1/webhooks"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


@dataclass
class Receiver:
    """An HTTP endpoint answering each POST with the next status in `answers` (then 200)."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    always: int | None = None


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            state.requests.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.always or (state.answers.pop(0) if state.answers else 200)
            reply = json.dumps({"ok": status < 300, "pad": "x" * 6000}).encode()
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("location", state.url + "/elsewhere")
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_GET = do_POST  # a followed redirect would show up here

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()


def subscribe(api: Api, url: str, events: list[str]) -> dict[str, Any]:
    r = api.post(HOOKS, json={"url": url, "event_types": events, "description": "test receiver"})
    assert r.status_code == 201, r.text
    return dict(r.json())


def ready(db: Database) -> None:
    """The dispatcher starts a new consumer from the present: start it before the events."""
    drain(db)


def make_due(db: Database) -> None:
    """The clock jump a back-off waits for."""
    with db.session() as session:
        session.execute(update(Job).where(Job.status == "retrying").values(run_at=utcnow()))


def verify(secret: str, got: Received) -> dict[str, Any]:
    return dict(Webhook(secret).verify(got.body, got.headers))


def verify_by_hand(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    """The standard-library check given in docs/webhooks.md."""
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, sig.partition(",")[2])
        for sig in headers["webhook-signature"].split()
        if sig.startswith("v1,")
    )


def test_a_new_person_reaches_the_receiver_signed(db: Database, admin: Api, receiver: Receiver) -> None:
    hook = subscribe(admin, receiver.url, ["person.created"])
    secret = hook["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert "secret" not in admin.get(f"{HOOKS}/{hook['id']}").json()
    assert all("secret" not in h for h in admin.get(HOOKS).json())
    with db.session(write=False) as session:  # kept encrypted, never in the clear
        stored = session.scalars(select(WebhookSubscription.secret_encrypted)).one()
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    ready(db)

    person = admin.post("/api/v1/people", json={"given_name": "Meera", "city": "Sylhet"}).json()
    admin.post("/api/v1/companies", json={"name": "Not subscribed"})
    drain(db)

    (got,) = receiver.requests
    payload = verify(secret, got)
    assert payload["type"] == "person.created"
    assert payload["data"]["id"] == person["id"]
    assert payload["data"]["object"] == "person"
    assert payload["data"]["record"]["given_name"] == "Meera"
    assert payload["data"]["record"]["city"] == "Sylhet"
    assert payload["timestamp"].startswith(str(utcnow().year))
    assert got.headers["webhook-signature"].startswith("v1,")
    assert verify_by_hand(secret, got.body, got.headers)
    assert not verify_by_hand(secret, got.body.replace(b"Meera", b"Meena"), got.headers)
    assert got.headers["content-type"] == "application/json"

    page = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()
    (delivery,) = page["items"]
    assert delivery["id"] == got.headers["webhook-id"]
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == ("succeeded", 1, 200)
    detail = admin.get(f"/api/v1/webhook-deliveries/{delivery['id']}").json()
    assert detail["payload"] == payload
    (attempt,) = detail["attempt_log"]
    assert attempt["response_status"] == 200 and attempt["succeeded"] and attempt["error"] is None
    assert attempt["trigger"] == "event"
    assert len(attempt["response_body"]) == 4096  # the answer is kept truncated
    assert attempt["request_headers"]["webhook-id"] == delivery["id"]
    assert attempt["request_body"] == got.body.decode()
    assert admin.get(f"{HOOKS}/{hook['id']}").json()["last_success_at"] is not None


def test_a_deal_changing_stage_sends_the_specific_events(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    pipe = admin.post(
        "/api/v1/pipelines",
        json={
            "name": "Sales",
            "stages": [{"name": "Lead", "probability": 10}, {"name": "Won", "probability": 90}],
        },
    ).json()
    lead, later = (s["id"] for s in pipe["stages"])
    deal = admin.post("/api/v1/deals", json={"name": "Tea order", "stage_id": lead}).json()
    hook = subscribe(admin, receiver.url, ["deal.stage_changed", "company.*"])
    ready(db)

    moved = admin.post(f"/api/v1/deals/{deal['id']}/move", json={"stage_id": later})
    assert moved.status_code == 200, moved.text
    drain(db)

    (got,) = receiver.requests  # deal.updated is not asked for; stage_changed is
    payload = verify(hook["secret"], got)
    assert payload["type"] == "deal.stage_changed"
    assert payload["data"]["changes"]["stage_id"] == {"before": lead, "after": later}
    assert payload["data"]["record"]["stage_id"] == later


def test_failures_are_retried_with_the_same_webhook_id_then_succeed(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    hook = subscribe(admin, receiver.url, ["*"])
    ready(db)
    receiver.answers = [500, 503]
    admin.post("/api/v1/people", json={"given_name": "Flaky"})
    drain(db)
    (delivery,) = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]
    assert (delivery["status"], delivery["last_status_code"]) == ("retrying", 500)
    assert delivery["next_attempt_at"] is not None
    assert admin.get(f"{HOOKS}/{hook['id']}").json()["failing_since"] is not None

    drain(db)
    assert len(receiver.requests) == 1  # the back-off has not passed
    make_due(db)
    drain(db)
    make_due(db)
    drain(db)

    assert len(receiver.requests) == 3
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    assert len({r.body for r in receiver.requests}) == 1
    for got in receiver.requests:
        verify(hook["secret"], got)
    detail = admin.get(f"/api/v1/webhook-deliveries/{delivery['id']}").json()
    assert detail["status"] == "succeeded" and detail["attempts"] == 3
    assert [(a["number"], a["trigger"], a["response_status"]) for a in detail["attempt_log"]] == [
        (1, "event", 500),
        (2, "retry", 503),
        (3, "retry", 200),
    ]
    assert "500" in detail["attempt_log"][0]["error"]
    assert admin.get(f"{HOOKS}/{hook['id']}").json()["failing_since"] is None  # a success forgives


def test_a_delivery_can_be_replayed_even_after_it_succeeded(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    hook = subscribe(admin, receiver.url, ["person.created"])
    ready(db)
    admin.post("/api/v1/people", json={"given_name": "Again"})
    drain(db)
    (delivery,) = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]

    r = admin.post(f"/api/v1/webhook-deliveries/{delivery['id']}/replay")
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "pending"
    drain(db)

    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery["id"]
    assert first.body == second.body
    verify(hook["secret"], second)
    detail = admin.get(f"/api/v1/webhook-deliveries/{delivery['id']}").json()
    assert detail["status"] == "succeeded"
    assert [a["trigger"] for a in detail["attempt_log"]] == ["event", "replay"]


def test_a_test_event_is_sent_on_request(db: Database, admin: Api, receiver: Receiver) -> None:
    hook = subscribe(admin, receiver.url, ["ticket.created"])
    r = admin.post(f"{HOOKS}/{hook['id']}/test")
    assert r.status_code == 202, r.text
    drain(db)
    (got,) = receiver.requests
    payload = verify(hook["secret"], got)
    assert payload["type"] == "webhook.test"
    assert payload["data"]["id"] == hook["id"]
    assert got.headers["webhook-id"] == r.json()["id"]


def test_rotating_the_secret_signs_with_the_new_one_only(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    hook = subscribe(admin, receiver.url, ["person.created"])
    r = admin.post(f"{HOOKS}/{hook['id']}/rotate-secret")
    assert r.status_code == 200, r.text
    new_secret = r.json()["secret"]
    assert new_secret != hook["secret"] and new_secret.startswith("whsec_")
    admin.post(f"{HOOKS}/{hook['id']}/test")
    drain(db)
    (got,) = receiver.requests
    verify(new_secret, got)
    with pytest.raises(WebhookVerificationError):
        verify(hook["secret"], got)


def test_a_failing_endpoint_is_switched_off_and_its_owner_told(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    receiver.always = 500
    hook = subscribe(admin, receiver.url, ["person.created"])
    ready(db)
    admin.post("/api/v1/people", json={"given_name": "Down"})
    drain(db)
    assert admin.get(f"{HOOKS}/{hook['id']}").json()["is_active"] is True
    with db.session() as session:  # every attempt has failed for more than a day
        session.execute(update(WebhookSubscription).values(failing_since=utcnow() - timedelta(hours=25)))
    make_due(db)
    drain(db)

    off = admin.get(f"{HOOKS}/{hook['id']}").json()
    assert off["is_active"] is False
    assert off["disabled_at"] is not None and "failed" in off["disabled_reason"]
    (note,) = admin.get("/api/v1/notifications").json()["items"]
    assert note["kind"] == "webhook_disabled"
    assert receiver.url in note["title"]
    assert note["link"] == "/settings/webhooks"
    with db.session(write=False) as session:
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.actor_email, AuditEntry.changes).where(
                AuditEntry.object_type == "webhooks", AuditEntry.object_id == hook["id"]
            )
        ).all()
    assert [(a, who) for a, who, _ in actions] == [("create", "admin@example.com"), ("update", "system")]
    assert actions[-1][2]["is_active"] == {"before": True, "after": False}

    # While off, nothing new is delivered, and a pending retry is skipped.
    before = len(receiver.requests)
    admin.post("/api/v1/people", json={"given_name": "Unheard"})
    make_due(db)
    drain(db)
    assert len(receiver.requests) == before
    (delivery,) = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]
    assert delivery["status"] == "skipped"

    # Switching it on again forgets the failures.
    receiver.always = None
    r = admin.patch(
        f"{HOOKS}/{hook['id']}", json={"is_active": True}, headers={"If-Match": f'"{off["version"]}"'}
    )
    assert r.status_code == 200, r.text
    on = r.json()
    assert on["is_active"] and on["failing_since"] is None and on["disabled_reason"] is None
    admin.post("/api/v1/people", json={"given_name": "Heard"})
    drain(db)
    assert verify(hook["secret"], receiver.requests[-1])["data"]["record"]["given_name"] == "Heard"


def test_only_admins_manage_webhooks_and_any_admin_sees_them(
    db: Database, admin: Api, client: TestClient, receiver: Receiver
) -> None:
    hook = subscribe(admin, receiver.url, ["person.created"])
    admin.post(f"{HOOKS}/{hook['id']}/test")
    drain(db)
    (delivery,) = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]

    for role in ("manager", "sales", "analyst"):
        other = api_as(db, client, f"{role}@example.com", role)
        assert other.get(HOOKS).status_code == 403
        assert other.post(HOOKS, json={"url": receiver.url, "event_types": ["*"]}).status_code == 403
        assert other.get(f"/api/v1/webhook-deliveries/{delivery['id']}").status_code == 403
        assert other.post(f"/api/v1/webhook-deliveries/{delivery['id']}/replay").status_code == 403

    second = api_as(db, client, "second-admin@example.com", "admin")
    (seen,) = second.get(HOOKS).json()
    assert seen["id"] == hook["id"]
    assert seen["owner_id"] == admin.get("/api/v1/me").json()["id"]
    assert second.get(f"/api/v1/webhook-deliveries/{delivery['id']}").json()["status"] == "succeeded"


def test_bad_addresses_and_unknown_events_are_refused_naming_the_field(
    db: Database, admin: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def field_of(body: dict[str, Any]) -> str:
        r = admin.post(HOOKS, json=body)
        assert r.status_code == 422, r.text
        return str(r.json()["errors"][0]["field"])

    for url in ("ftp://example.com/x", "example.com/hooks", "https://", "https://user:pw@example.com/"):
        assert field_of({"url": url, "event_types": ["*"]}) == "url"
    assert field_of({"url": "https://example.com/h", "event_types": ["person.exploded"]}) == "event_types.0"
    assert field_of({"url": "https://example.com/h", "event_types": []}) == "event_types"

    monkeypatch.setattr(get_settings(), "webhooks_allow_private", False)
    for url in ("http://127.0.0.1:9/h", "http://localhost/h", "http://[::1]/h", "http://10.0.0.7/h"):
        r = admin.post(HOOKS, json={"url": url, "event_types": ["*"]})
        assert r.status_code == 422, url
        assert r.json()["errors"][0] == {
            "field": "url",
            "code": "address_not_allowed",
            "message": r.json()["errors"][0]["message"],
        }
    assert admin.post(HOOKS, json={"url": "https://93.184.215.14/h", "event_types": ["*"]}).status_code == 201


def test_the_event_catalogue_is_listed(admin: Api) -> None:
    names = {e["name"]: e for e in admin.get(f"{HOOKS}/event-types").json()}
    assert {"person.created", "deal.stage_changed", "deal.won", "order.created"} <= set(names)
    assert names["ticket.created"]["reserved"] is True


def test_deleting_a_webhook_drops_its_log(db: Database, admin: Api, receiver: Receiver) -> None:
    hook = subscribe(admin, receiver.url, ["person.created"])
    admin.post(f"{HOOKS}/{hook['id']}/test")
    assert admin.delete(f"{HOOKS}/{hook['id']}").status_code == 204
    drain(db)  # the queued job finds nothing to send
    assert receiver.requests == []
    assert admin.get(f"{HOOKS}/{hook['id']}").status_code == 404
    assert uuid.UUID(hook["id"])


def test_old_finished_deliveries_are_purged_with_their_attempts(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    from sampark.webhooks import service
    from sampark.webhooks.models import WebhookAttempt, WebhookDelivery

    hook = subscribe(admin, receiver.url, ["person.created"])
    admin.post(f"{HOOKS}/{hook['id']}/test")
    drain(db)
    admin.post(f"{HOOKS}/{hook['id']}/test")
    with db.session() as session:  # the first is old; the second still waits to be sent
        first = session.scalars(select(WebhookDelivery.id).where(WebhookDelivery.status == "succeeded")).one()
        session.execute(update(WebhookDelivery).values(created_at=utcnow() - timedelta(days=31)))
    with db.session() as session:
        assert service.purge(session, keep_days=30) == 1
    with db.session(write=False) as session:
        assert first not in session.scalars(select(WebhookDelivery.id)).all()
        assert session.scalars(select(WebhookDelivery.status)).all() == ["pending"]
        assert session.scalars(select(WebhookAttempt.id)).all() == []


def test_a_redirect_is_not_followed_but_counted_as_a_failure(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    hook = subscribe(admin, receiver.url, ["person.created"])
    ready(db)
    receiver.answers = [302]
    admin.post("/api/v1/people", json={"given_name": "Moved"})
    drain(db)
    assert [r.headers["webhook-id"] for r in receiver.requests] == [
        receiver.requests[0].headers["webhook-id"]
    ]
    (delivery,) = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]
    assert (delivery["status"], delivery["last_status_code"]) == ("retrying", 302)


def test_outside_development_a_host_resolving_inwards_is_not_sent_to(
    db: Database, admin: Api, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    hook = subscribe(admin, "https://hooks.example.com/in", ["person.created"])
    ready(db)
    monkeypatch.setattr(get_settings(), "webhooks_allow_private", False)
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "hooks.example.com":  # a public name pointing at the internal network
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 443))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    admin.post("/api/v1/people", json={"given_name": "Inside"})
    drain(db)
    (delivery,) = admin.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]
    assert delivery["status"] == "retrying"
    assert delivery["last_status_code"] is None
    assert "10.1.2.3" in delivery["last_error"] and "private" in delivery["last_error"]
    assert receiver.requests == []


def test_one_change_is_one_delivery_per_event_name_asked_for(
    db: Database, admin: Api, receiver: Receiver
) -> None:
    pipe = admin.post(
        "/api/v1/pipelines",
        json={
            "name": "Sales",
            "stages": [{"name": "Lead", "probability": 10}, {"name": "Won", "probability": 90}],
        },
    ).json()
    lead, won = (s["id"] for s in pipe["stages"])
    deal = admin.post("/api/v1/deals", json={"name": "Tea order", "stage_id": lead}).json()
    hook = subscribe(admin, receiver.url, ["deal.*"])
    ready(db)

    r = admin.patch(
        f"/api/v1/deals/{deal['id']}",
        json={"stage_id": won, "status": "won"},
        headers={"If-Match": f'"{deal["version"]}"'},
    )
    assert r.status_code == 200, r.text
    drain(db)

    payloads = [verify(hook["secret"], got) for got in receiver.requests]
    assert sorted(p["type"] for p in payloads) == ["deal.stage_changed", "deal.updated", "deal.won"]
    assert len({got.headers["webhook-id"] for got in receiver.requests}) == 3
    assert {p["data"]["record"]["status"] for p in payloads} == {"won"}
    drain(db)  # dispatching again sends nothing twice
    assert len(receiver.requests) == 3
