"""The reminder and digest jobs."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sampark.core.clock import utcnow
from sampark.jobs import registry
from sampark.reminders import service

REMINDERS_SCAN = "reminders.scan"
DIGESTS_SCAN = "digests.scan"


@registry.handler(REMINDERS_SCAN, max_attempts=1, timeout=120)
def scan_reminders(run: registry.JobRun) -> None:
    with run.session() as session:
        service.send_due_reminders(session, utcnow())


@registry.handler(DIGESTS_SCAN, max_attempts=1, timeout=120)
def scan_digests(run: registry.JobRun) -> None:
    with run.session() as session:
        service.enqueue_digests(session, utcnow())


@registry.handler(service.DIGEST_KIND, max_attempts=5)
def send_digest(run: registry.JobRun) -> None:
    with run.session() as session:
        service.send_digest(
            session, uuid.UUID(run.payload["user_id"]), date.fromisoformat(run.payload["day"])
        )


registry.periodic(REMINDERS_SCAN, every=timedelta(minutes=1))
registry.periodic(DIGESTS_SCAN, every=timedelta(minutes=5))
