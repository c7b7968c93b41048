"""Shared by the reminder, digest, calendar and notification tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

import pytest

from sampark.db import Database
from sampark.jobs import service as jobs
from sampark.jobs.queue import drain
from sampark.settings import get_settings
from tests.mailserver import Inbox, smtp_server

API = "/api/v1"


@contextmanager
def mail_to_inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server, with Sampark's settings pointing at it for this test."""
    with smtp_server() as inbox:
        for name, value in {**inbox.env(), "SAMPARK_PUBLIC_URL": "https://crm.example.com"}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        try:
            yield inbox
        finally:
            monkeypatch.undo()
            get_settings.cache_clear()


def tick(db: Database, kind: str) -> dict[str, int]:
    """Run a periodic job now (the worker's scheduler does this every minute), then the jobs
    it queued."""
    with db.session() as session:
        jobs.enqueue(session, kind, {})
    return drain(db)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def set_profile(api: Any, **fields: Any) -> None:
    r = api.patch(f"{API}/me", json=fields)
    assert r.status_code == 200, r.text
