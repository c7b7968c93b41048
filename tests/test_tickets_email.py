"""E-mail in and out of the service desk through real protocols: the inbound webhook and a real
IMAP server (pymap) for mail in, a real SMTP server (aiosmtpd) for agent replies and CSAT."""

from __future__ import annotations

import imaplib
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.jobs.queue import drain
from sampark.settings import get_settings
from tests.conftest import Api, make_user
from tests.mailserver import free_port, smtp_server

T = "/api/v1/tickets"
SUPPORT = "support@shop.example"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with smtp_server() as inbox:
        for key, value in {**inbox.env(), "SAMPARK_PUBLIC_URL": "https://crm.shop.example",
                           "SAMPARK_MAIL_FROM": "Shop Support <support@shop.example>"}.items():  # fmt: skip
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        yield inbox
    monkeypatch.undo()
    get_settings.cache_clear()


def mail(
    subject: str,
    body: str,
    *,
    sender: str = "Karim Ahmed <karim@example.com>",
    html: str | None = None,
    headers: dict[str, str] | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> tuple[bytes, str]:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = SUPPORT
    msg["Subject"] = subject
    message_id = make_msgid(domain="example.com")
    msg["Message-ID"] = message_id
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    if attachment is not None:
        msg.add_attachment(attachment[1], maintype="image", subtype="png", filename=attachment[0])
    return bytes(msg), message_id


def post_mail(client: TestClient, token: str, raw: bytes) -> Any:
    return client.post(
        "/api/v1/inbound/email", content=raw,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "message/rfc822"},
    )  # fmt: skip


def desk(db: Database, client: TestClient, admin: Api) -> tuple[str, Api, Any, Any]:
    """A support mailbox and an agent in Customer service (with a manager)."""
    agent_user = make_user(db, "farida@shop.example", Role.service)
    agent = Api(client, _token(db, "farida@shop.example"))
    manager = make_user(db, "manager@shop.example", Role.manager)
    queue = next(q for q in admin.get("/api/v1/ticket-queues").json() if q["name"] == "Customer service")
    r = admin.patch(
        f"/api/v1/ticket-queues/{queue['id']}",
        json={"members": [{"user_id": str(agent_user.id)}], "manager_id": str(manager.id)},
        headers={"If-Match": str(queue["version"])},
    )
    assert r.status_code == 200, r.text
    box = admin.post("/api/v1/mailboxes", json={"name": "Support", "address": SUPPORT})
    assert box.status_code == 201, box.text
    return box.json()["token"], agent, agent_user, box.json()


def _token(db: Database, email: str) -> str:
    from tests.conftest import token_for

    return token_for(db, email)


def seed_queues(admin: Api) -> None:
    assert admin.post(T, json={"subject": "first"}).status_code == 201  # a fresh desk's departments


def test_the_e_mail_journey_end_to_end(db: Database, client: TestClient, admin: Api, smtp: Any) -> None:
    seed_queues(admin)
    token, agent, agent_user, _box = desk(db, client, admin)

    # 1. A customer writes: a new ticket, routed to Customer service and assigned to the agent.
    raw, first_id = mail(
        "Blender arrived broken", "The jar is cracked.\nPlease help.",
        html="<p>The jar is <b>cracked</b>.</p><script>alert('x')</script>",
        attachment=("photo.png", b"\x89PNG fake image bytes"),
    )  # fmt: skip
    r = post_mail(client, token, raw)
    assert r.status_code == 200, r.text
    assert r.json()["outcome"] == "created"
    ticket_id = r.json()["ticket_id"]
    ticket = agent.get(f"{T}/{ticket_id}").json()
    number = ticket["number"]
    assert ticket["channel"] == "email" and ticket["queue_name"] == "Customer service"
    assert ticket["assignee_id"] == str(agent_user.id) and ticket["status"] == "open"
    assert ticket["requester_email"] == "karim@example.com" and ticket["requester_name"] == "Karim Ahmed"
    (incoming,) = agent.get(f"{T}/{ticket_id}/messages").json()
    assert (
        incoming["body"] == "The jar is cracked.\nPlease help." and incoming["email_message_id"] == first_id
    )
    (photo,) = incoming["attachments"]
    assert photo["filename"] == "photo.png"
    got = agent.get(f"{T}/{ticket_id}/attachments/{photo['id']}")
    assert got.content == b"\x89PNG fake image bytes"
    assert got.headers["content-disposition"].startswith("attachment")
    # The same message delivered twice is one message.
    assert post_mail(client, token, raw).json()["outcome"] == "duplicate"

    # 2. The agent replies: it goes out over SMTP, threaded, with the agent's name and the token.
    r = agent.post(
        f"{T}/{ticket_id}/messages", json={"body": "Sorry! A new jar is on its way.", "status": "pending"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["delivery"] == "queued"
    drain(db)
    (sent,) = smtp.wait_for(1)
    assert sent["To"] == "karim@example.com"
    assert sent["Subject"] == f"Re: Blender arrived broken [#{number}]"
    assert sent["In-Reply-To"] == first_id and first_id in sent["References"]
    assert sent["From"].startswith("farida") and "support@shop.example" in sent["From"]
    assert sent["Reply-To"] == SUPPORT
    assert "A new jar is on its way" in sent.get_content()
    messages = agent.get(f"{T}/{ticket_id}/messages").json()
    assert messages[-1]["delivery"] == "sent" and messages[-1]["email_message_id"] == sent["Message-ID"]
    assert agent.get(f"{T}/{ticket_id}").json()["status"] == "pending"

    # 3. The customer answers the reply: it joins the ticket (by In-Reply-To) and reopens it.
    raw, _ = mail(f"Re: Blender arrived broken [#{number}]", "Thanks, got it.",
                  headers={"In-Reply-To": sent["Message-ID"], "References": f"{first_id} {sent['Message-ID']}"})  # fmt: skip
    r = post_mail(client, token, raw)
    assert r.json()["outcome"] == "appended" and r.json()["ticket_id"] == ticket_id
    assert agent.get(f"{T}/{ticket_id}").json()["status"] == "open"
    # A reply with only the token in its subject joins too (from the requester's address only).
    raw, _ = mail(f"About [#{number}]", "One more thing.")
    assert post_mail(client, token, raw).json()["ticket_id"] == ticket_id
    raw, _ = mail(f"About [#{number}]", "Let me in.", sender="mallory@evil.example")
    assert post_mail(client, token, raw).json()["outcome"] == "created"

    # 4. Solved: the requester is asked for a rating, once, by a signed link.
    version = agent.get(f"{T}/{ticket_id}").json()["version"]
    r = agent.patch(f"{T}/{ticket_id}", json={"status": "solved"}, headers={"If-Match": str(version)})
    assert r.status_code == 200 and r.json()["solved_at"]
    drain(db)
    mails = smtp.wait_for(2)
    ask = mails[1]
    assert ask["To"] == "karim@example.com" and f"[#{number}]" in ask["Subject"]
    assert ask["Auto-Submitted"] == "auto-generated"
    link = re.search(r"https://crm\.shop\.example/csat/(\S+)\?score=5", ask.get_content())
    assert link is not None
    csat = link.group(1)
    page = client.get(f"/csat/{csat}", params={"score": 5})
    assert page.status_code == 200 and "How did we do?" in page.text
    assert client.get(f"/csat/{csat[:-2]}xx").status_code == 404  # a forged signature
    r = client.post(f"/csat/{csat}", data={"score": "5", "comment": "Quick and kind"})
    assert r.status_code == 200 and "Thank you" in r.text
    again = client.post(f"/csat/{csat}", json={"score": 1})
    assert again.status_code == 410
    rated = agent.get(f"{T}/{ticket_id}").json()
    assert rated["csat_score"] == 5 and rated["csat_comment"] == "Quick and kind"
    report = admin.get(f"{T}/csat-report").json()
    assert report["overall"]["ratings"] == 1 and report["overall"]["average"] == 5
    assert report["by_agent"][0]["id"] == str(agent_user.id) and report["by_agent"][0]["satisfied_share"] == 1
    assert report["by_queue"][0]["name"] == "Customer service"
    board = admin.get(f"{T}/dashboard").json()
    assert board["csat_ratings_30_days"] == 1 and board["median_first_response_seconds"] is not None
    assert board["median_resolution_seconds"] is not None


def test_auto_replies_and_bounces_never_open_tickets_or_get_answers(
    db: Database, client: TestClient, admin: Api, smtp: Any
) -> None:
    seed_queues(admin)
    token, *_ = desk(db, client, admin)
    before = admin.get(T).json()["items"]
    out_of_office, _ = mail("Out of office", "I am away.", headers={"Auto-Submitted": "auto-replied"})
    autoreply, _ = mail("Re: your mail", "Auto", headers={"X-Autoreply": "yes"})
    bulk, _ = mail("Newsletter", "News", headers={"Precedence": "bulk"})
    bounce = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        b"To: support@shop.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
        b"--B--\r\n"
    )
    outcomes = [
        post_mail(client, token, raw).json()["outcome"] for raw in (out_of_office, autoreply, bulk, bounce)
    ]
    assert outcomes == ["ignored_auto_reply", "ignored_auto_reply", "ignored_bulk", "ignored_bounce"]
    assert admin.get(T).json()["items"] == before
    drain(db)
    assert smtp.raw == []


def test_inbound_mail_needs_a_mailbox_token_and_a_sender(
    db: Database, client: TestClient, admin: Api
) -> None:
    seed_queues(admin)
    token, *_ = desk(db, client, admin)
    raw, _ = mail("Hi", "Hello")
    r = post_mail(client, "mbx_wrong", raw)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    assert client.post("/api/v1/inbound/email", content=raw).status_code == 401
    # A user's API token is no mailbox token.
    r = post_mail(client, admin.headers["Authorization"].split()[1], raw)
    assert r.status_code == 401
    r = post_mail(client, token, b"Subject: nobody\r\n\r\nno sender\r\n")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "From"
    assert post_mail(client, token, b"").status_code == 422


def test_a_failed_send_is_shown_on_the_message(
    db: Database, client: TestClient, admin: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_queues(admin)
    token, agent, *_ = desk(db, client, admin)
    monkeypatch.setenv("SAMPARK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SAMPARK_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("SAMPARK_SMTP_SECURITY", "none")
    get_settings.cache_clear()
    try:
        raw, _ = mail("Where is my refund?", "Waiting for weeks.")
        ticket_id = post_mail(client, token, raw).json()["ticket_id"]
        agent.post(f"{T}/{ticket_id}/messages", json={"body": "Looking into it."})
        drain(db)
        reply = agent.get(f"{T}/{ticket_id}/messages").json()[-1]
        assert reply["delivery"] == "retrying"
        assert reply["delivery_error"]
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


# --- IMAP ----------------------------------------------------------------------------------------


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("the IMAP server did not start")


@pytest.fixture
def imap_server() -> Iterator[int]:
    """pymap's in-memory IMAP server, a real IMAP4rev1 server in a child process."""
    pytest.importorskip("pymap")
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [
            sys.executable,
            "-c",
            "import sys; from pymap.main import main; sys.exit(main())",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-tls",
            "dict",
            "--demo-data",
            "--demo-user",
            "support",
            "--demo-password",
            "secret",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_mailbox_read_over_imap_opens_tickets_once(
    db: Database, client: TestClient, admin: Api, imap_server: int
) -> None:
    from sampark.jobs import service as jobs
    from sampark.tickets.jobs import POLL_KIND

    seed_queues(admin)
    port = imap_server
    box = admin.post(
        "/api/v1/mailboxes",
        json={"name": "Support IMAP", "address": SUPPORT, "imap_host": "127.0.0.1", "imap_port": port,
              "imap_security": "none", "imap_username": "support", "imap_password": "secret"},
    ).json()  # fmt: skip
    assert "imap_password" not in box  # never answered
    from sampark.tickets.models import Mailbox

    with db.session() as session:  # sealed at rest: the database never holds it in clear
        stored = session.get(Mailbox, uuid.UUID(box["id"])).imap_password  # type: ignore[union-attr]
    assert stored and stored.startswith("v1:") and "secret" not in stored
    with imaplib.IMAP4("127.0.0.1", port) as imap:
        imap.login("support", "secret")
        imap.select("INBOX")
        existing = len((imap.uid("SEARCH", "ALL")[1][0] or b"").split())  # pymap's demo messages
        raw, message_id = mail("Cannot log in", "My password reset mail never comes.")
        imap.append("INBOX", None, None, raw)
        ooo, _ = mail("Out of office", "Away", headers={"Auto-Submitted": "auto-replied"})
        imap.append("INBOX", None, None, ooo)

    def poll() -> None:
        with db.session() as session:
            jobs.enqueue(session, POLL_KIND, {}, key=f"poll:{time.monotonic_ns()}")
        drain(db)

    poll()
    tickets = admin.get(T, params={"filter": '{"field": "channel", "op": "eq", "value": "email"}'}).json()[
        "items"
    ]
    subjects = {t["subject"] for t in tickets}
    assert "Cannot log in" in subjects and "Out of office" not in subjects
    state = admin.get(f"/api/v1/mailboxes/{box['id']}").json()
    assert state["last_error"] is None and state["imap_last_uid"] > 0 and state["last_polled_at"]
    # Polling is bookkeeping, not an edit: a Settings form opened before it still saves.
    assert state["version"] == box["version"]
    assert len(tickets) <= existing + 1  # demo messages may open tickets too; each message once
    poll()  # nothing new: nothing twice
    assert len(
        admin.get(T, params={"filter": '{"field": "channel", "op": "eq", "value": "email"}'}).json()["items"]
    ) == len(tickets)
    mine = next(t for t in tickets if t["subject"] == "Cannot log in")
    (first,) = admin.get(f"{T}/{mine['id']}/messages").json()
    assert first["email_message_id"] == message_id


def test_html_mail_is_reduced_to_text_without_script() -> None:
    from sampark.tickets.mailparse import html_to_text, parse

    html = (
        "<html><head><style>p{color:red}</style><script>steal()</script></head><body>"
        "<p>Hello&nbsp;<b>team</b>,</p><ul><li>one</li><li>two</li></ul>"
        "<img src=x onerror=alert(1)><iframe src='https://evil'>x</iframe><p>Bye &amp; thanks</p></body></html>"
    )
    text = html_to_text(html)
    assert "steal" not in text and "color" not in text and "<" not in text and "alert" not in text
    assert text == "Hello team,\n\n• one\n\n• two\n\nBye & thanks"
    msg = EmailMessage()
    msg["From"] = "Rina <rina@example.com>"
    msg["Subject"] = "=?utf-8?b?4KaG4Kau4Ka+4KawIOCmheCmsOCnjeCmoeCmvuCmsA==?="
    msg.set_content(html, subtype="html")
    parsed = parse(bytes(msg))
    assert parsed.text.startswith("Hello team,") and parsed.subject == "আমার অর্ডার"
    assert parsed.from_address == "rina@example.com" and parsed.auto is None


def test_an_agent_reply_carries_its_attachment_and_a_note_sends_nothing(
    db: Database, client: TestClient, admin: Api, smtp: Any
) -> None:
    import base64

    seed_queues(admin)
    token, agent, *_ = desk(db, client, admin)
    raw, _ = mail("Invoice please", "Can I have the invoice?")
    ticket_id = post_mail(client, token, raw).json()["ticket_id"]
    r = agent.post(f"{T}/{ticket_id}/messages", json={"kind": "note", "body": "Finance has it."})
    assert r.status_code == 201
    pdf = b"%PDF-1.4 invoice"
    r = agent.post(
        f"{T}/{ticket_id}/messages",
        json={"body": "Here it is.", "attachments": [{"filename": "invoice.pdf", "content_type": "application/pdf",
                                                      "data_base64": base64.b64encode(pdf).decode()}]},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    assert [a["filename"] for a in r.json()["attachments"]] == ["invoice.pdf"]
    bad = agent.post(
        f"{T}/{ticket_id}/messages",
        json={"body": "x", "attachments": [{"filename": "a", "data_base64": "***"}]},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "attachments.0.data_base64"
    drain(db)
    (sent,) = smtp.wait_for(1)
    parts = list(sent.iter_attachments())
    assert [(p.get_filename(), p.get_content()) for p in parts] == [("invoice.pdf", pdf)]
