"""IMAP IDLE against a real IMAP server (pymap, in a child process): the watcher waits in IDLE,
wakes when a message is appended, and the poll it asks for opens the ticket; a server without
IDLE leaves the mailbox to polling."""

from __future__ import annotations

import imaplib
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sampark.db import Database
from sampark.jobs.queue import drain
from tests.conftest import Api
from tests.mailserver import free_port
from tests.test_tickets_email import SUPPORT, T, _wait_for_port, mail, seed_queues

# pymap has no switch to turn IDLE off (its Config's `disable_idle` is not used by this version),
# so the server without it is the same dict backend declaring a capability without IDLE.
NO_IDLE = """
import sys
from pymap.backend.dict import Config
from pymap.config import BackendCapability
Config.backend_capability = property(lambda self: BackendCapability(idle=False, object_id=True, multi_append=True))
from pymap.main import main
sys.exit(main())
"""
WITH_IDLE = "import sys; from pymap.main import main; sys.exit(main())"


def _server(script: str) -> Iterator[int]:
    pytest.importorskip("pymap")
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", script, "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict",
         "--demo-user", "support", "--demo-password", "secret"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for_port(port)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def idle_server() -> Iterator[int]:
    yield from _server(WITH_IDLE)


@pytest.fixture
def plain_server() -> Iterator[int]:
    yield from _server(NO_IDLE)


def _mailbox(admin: Api, port: int) -> Any:
    r = admin.post("/api/v1/mailboxes", json={
        "name": "Support IMAP", "address": SUPPORT, "imap_host": "127.0.0.1", "imap_port": port,
        "imap_security": "none", "imap_username": "support", "imap_password": "secret",
    })  # fmt: skip
    assert r.status_code == 201, r.text
    return r.json()


def _append(port: int, raw: bytes) -> None:
    with imaplib.IMAP4("127.0.0.1", port) as imap:
        imap.login("support", "secret")
        imap.append("INBOX", None, None, raw)


def _until(condition: Any, db: Database, seconds: float = 60.0) -> Any:
    """Run queued jobs until `condition()` answers something (a generous deadline, no timing)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        drain(db)
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("the condition never held")


def test_new_mail_wakes_the_idle_watcher_and_opens_a_ticket(
    db: Database, client: TestClient, admin: Api, idle_server: int
) -> None:
    from sampark.tickets.idle import Watcher

    seed_queues(admin)
    box = _mailbox(admin, idle_server)
    watcher = Watcher(db, uuid.UUID(box["id"]))
    watcher.start()
    try:
        assert watcher.idling.wait(30), "the watcher never reached IDLE"
        drain(db)  # the catch-up poll it asked for on connecting: an empty folder
        raw, message_id = mail("Parcel missing", "It never came.")
        _append(idle_server, raw)

        def opened() -> Any:
            items = admin.get(T, params={"q": "Parcel missing"}).json()["items"]
            return items[0] if items else None

        ticket = _until(opened, db)
        (first,) = admin.get(f"{T}/{ticket['id']}/messages").json()
        assert first["email_message_id"] == message_id
        assert watcher.is_alive() and not watcher.no_idle
        # Back in IDLE, a second message wakes it again.
        assert watcher.idling.wait(30)
        raw2, _ = mail("Second one", "Also missing.", sender="Rina <rina@example.com>")
        _append(idle_server, raw2)
        _until(lambda: admin.get(T, params={"q": "Second one"}).json()["items"], db)
    finally:
        watcher.stop()
        watcher.join(timeout=10)
    assert not watcher.is_alive()
    state = admin.get(f"/api/v1/mailboxes/{box['id']}").json()
    assert state["last_error"] is None and state["imap_last_uid"] >= 2


def test_a_server_without_idle_stays_with_polling(
    db: Database, client: TestClient, admin: Api, plain_server: int
) -> None:
    from sampark.jobs import service as jobs
    from sampark.tickets.idle import Watcher
    from sampark.tickets.jobs import POLL_KIND

    seed_queues(admin)
    box = _mailbox(admin, plain_server)
    watcher = Watcher(db, uuid.UUID(box["id"]))
    watcher.start()
    watcher.join(timeout=30)
    assert not watcher.is_alive() and watcher.no_idle
    _append(plain_server, mail("Polled in", "by the minute's poll")[0])
    with db.session() as session:
        jobs.enqueue(session, POLL_KIND, {}, key=f"poll:{time.monotonic_ns()}")
    drain(db)
    assert admin.get(T, params={"q": "Polled in"}).json()["items"]


def test_the_worker_keeps_a_watcher_on_each_imap_mailbox(
    db: Database, client: TestClient, admin: Api, idle_server: int
) -> None:
    import sampark.handlers  # noqa: F401  (what a worker imports)
    from sampark.jobs import registry

    assert "tickets.imap_idle" in {t.name for t in registry.background_tasks()}
    seed_queues(admin)
    box = _mailbox(admin, idle_server)
    task = next(t for t in registry.background_tasks() if t.name == "tickets.imap_idle")
    from sampark.tickets.idle import Supervisor

    supervisor = Supervisor(db, every=0.2)
    supervisor.start()
    try:
        deadline = time.monotonic() + 30
        while uuid.UUID(box["id"]) not in supervisor.watchers and time.monotonic() < deadline:
            time.sleep(0.1)
        watcher = supervisor.watchers[uuid.UUID(box["id"])]
        assert watcher.idling.wait(30)
        # Disabled: its watcher goes at the next round.
        current = admin.get(f"/api/v1/mailboxes/{box['id']}").json()
        r = admin.patch(f"/api/v1/mailboxes/{box['id']}", json={"enabled": False},
                        headers={"If-Match": str(current["version"])})  # fmt: skip
        assert r.status_code == 200, r.text
        watcher.join(timeout=30)
        assert not watcher.is_alive() and uuid.UUID(box["id"]) not in supervisor.watchers
    finally:
        supervisor.stopping.set()
        supervisor.join(timeout=10)
    stop = task.start(db)  # what the worker does: started, then stopped on shutdown
    stop()
