"""The unread count and the live stream (Server-Sent Events), read from a real uvicorn
server with httpx streaming."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.notifications import stream
from sampark.notifications.service import notify
from tests.conftest import api_as
from tests.mailserver import free_port
from tests.notify_helpers import API


def add(db: Database, user_id: str, title: str) -> None:
    with db.session() as session:
        notify(session, uuid.UUID(user_id), kind="test", title=title, body="", link="/tasks")


def test_the_unread_count(db: Database, client: TestClient) -> None:
    anu = api_as(db, client, "anu@example.com", Role.sales)
    me = anu.get(f"{API}/me").json()["id"]
    assert anu.get(f"{API}/notifications/unread-count").json() == {"unread": 0}
    add(db, me, "one")
    add(db, me, "two")
    assert anu.get(f"{API}/notifications/unread-count").json() == {"unread": 2}
    first = anu.get(f"{API}/notifications").json()["items"][0]
    assert anu.post(f"{API}/notifications/{first['id']}/read").status_code == 200
    assert anu.get(f"{API}/notifications/unread-count").json() == {"unread": 1}
    assert client.get(f"{API}/notifications/unread-count").status_code == 401
    assert client.get(f"{API}/notifications/stream").status_code == 401


@pytest.fixture
def server(app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app on a real server, polling fast so the test does not wait long."""
    monkeypatch.setattr(stream, "POLL_SECONDS", 0.2)
    monkeypatch.setattr(stream, "HEARTBEAT_SECONDS", 0.5)
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=5
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=15)


def read_events(lines: Iterator[str]) -> Iterator[tuple[str, Any]]:
    """(event name, data) pairs; comments come as ("comment", text)."""
    name, data = "message", []
    for line in lines:
        if line.startswith(":"):
            yield "comment", line[1:].strip()
        elif line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data.append(line.split(":", 1)[1].strip())
        elif line == "" and data:
            yield name, json.loads("\n".join(data))
            name, data = "message", []


def test_the_stream_sends_the_count_then_each_new_notification(
    db: Database, client: TestClient, server: str
) -> None:
    anu = api_as(db, client, "anu@example.com", Role.sales)
    bipin = api_as(db, client, "bipin@example.com", Role.sales)
    me = anu.get(f"{API}/me").json()["id"]
    them = bipin.get(f"{API}/me").json()["id"]
    add(db, me, "before connecting")
    with (
        httpx.Client(base_url=server, timeout=20) as http,
        http.stream("GET", f"{API}/notifications/stream", headers=anu.headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = read_events(response.iter_lines())
        assert next(events) == ("unread", {"unread": 1})
        add(db, them, "for someone else")
        add(db, me, "live one")
        seen: list[tuple[str, Any]] = []
        for name, data in events:
            seen.append((name, data))
            if name == "notification":
                break
        name, data = seen[-1]
        assert data["title"] == "live one" and data["kind"] == "test" and data["read_at"] is None
        assert "for someone else" not in json.dumps(seen)
        # Then the count follows, and a heartbeat comment keeps the connection alive.
        following = []
        for item in events:
            following.append(item)
            if {n for n, _ in following} >= {"unread", "comment"}:
                break
        assert ("unread", {"unread": 2}) in following
    # Leaving the block closed the connection; the server notices and ends the stream (the
    # fixture's shutdown would otherwise wait for it).
