"""Background work of the service desk: the SLA checker and IMAP polling, both periodic; and
the specific event names derived from ticket updates (for webhooks and workflow rules)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sampark.db import Database
from sampark.jobs import events, registry, service
from sampark.tickets import digest, inbound, mailboxes, reports, setup  # noqa: F401  (digest: SLA risks in the morning digest)

log = logging.getLogger("sampark.tickets")
SLA_KIND = "tickets.sla_check"
POLL_KIND = "tickets.imap_poll"
POLL_ONE_KIND = "tickets.imap_poll_mailbox"


@registry.handler(SLA_KIND, max_attempts=1, timeout=300)
def sla_check(run: registry.JobRun) -> None:
    with run.session() as session:
        warnings, breaches = reports.check_sla(session)
    if warnings or breaches:
        log.info("SLA check: %d warnings, %d breaches", warnings, breaches)


@registry.handler(POLL_KIND, max_attempts=1, timeout=60)
def poll_all(run: registry.JobRun) -> None:
    """One polling job per mailbox, so a slow or failing server delays only its own mail."""
    with run.session() as session:
        for mailbox_id in mailboxes.mailbox_ids_to_poll(session):
            service.enqueue(session, POLL_ONE_KIND, {"mailbox_id": str(mailbox_id)},
                            key=f"{POLL_ONE_KIND}:{mailbox_id}:{run.id}")  # fmt: skip


@registry.handler(POLL_ONE_KIND, max_attempts=3, backoff=registry.fixed_schedule(20, 60), timeout=600)
def poll_one(run: registry.JobRun) -> None:
    import uuid

    mailbox_id = uuid.UUID(run.payload["mailbox_id"])
    try:
        result = inbound.poll_mailbox(run.db, mailbox_id)
    except Exception as exc:
        with run.db.session() as session:
            inbound.mark_polled(session, mailbox_id, last_error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    if result.fetched:
        log.info("mailbox %s: %d fetched %s", mailbox_id, result.fetched, result.outcomes)


registry.periodic(SLA_KIND, every=timedelta(minutes=1))
registry.periodic(POLL_KIND, every=timedelta(minutes=1))  # with IDLE too: the safety net


def _start_idle(db: Database) -> Callable[[], None]:
    """IMAP IDLE watchers for the worker's lifetime (`SAMPARK_IMAP_IDLE=false` turns them off)."""
    from sampark.settings import get_settings
    from sampark.tickets.idle import Supervisor

    if not get_settings().imap_idle:
        return lambda: None
    supervisor = Supervisor(db)
    supervisor.start()

    def stop() -> None:
        supervisor.stopping.set()
        supervisor.join(timeout=5)

    return stop


registry.background("tickets.imap_idle", _start_idle)


def _ticket_updates(changes: dict[str, Any]) -> list[str]:
    names = []
    status = changes.get("status")
    if isinstance(status, dict):
        names.append("ticket.status_changed")
        if status.get("after") in ("solved", "closed"):
            names.append(f"ticket.{status['after']}")
    if "owner_id" in changes:
        names.append("ticket.assigned")
    message = changes.get("message")
    if isinstance(message, dict) and isinstance(message.get("after"), dict):
        after = message["after"]
        names.append(
            "ticket.customer_replied"
            if after.get("direction") == "in"
            else f"ticket.{after.get('kind')}_added"
        )
    if "breached_at" in changes:
        names.append("ticket.sla_breached")
    if "csat_score" in changes:
        names.append("ticket.rated")
    return names


events.derive("tickets", "update", _ticket_updates)
