"""The delivery job and the event consumer that makes deliveries."""

from __future__ import annotations

import uuid
from datetime import timedelta

from huey import crontab

from sampark.core.clock import utcnow
from sampark.jobs import events, registry
from sampark.settings import get_settings
from sampark.webhooks import attempts, service


class DeliveryFailed(Exception):
    """This attempt failed; the job is retried after its back-off."""


@registry.handler(
    service.KIND,
    max_attempts=attempts.MAX_ATTEMPTS,
    backoff=registry.fixed_schedule(*attempts.RETRY_SCHEDULE),
    timeout=120.0,
)
def deliver(run: registry.JobRun) -> None:
    trigger = str(run.payload.get("trigger", "event"))
    delivery_id = uuid.UUID(run.payload["delivery_id"])
    with run.db.session(write=False) as session:
        prepared = attempts.prepare(session, delivery_id, force=trigger in ("test", "replay"))
    if prepared is None:
        return
    if not isinstance(prepared, attempts.Prepared):  # SKIP: switched off meanwhile
        with run.session() as session:
            attempts.skip(session, delivery_id)
        return
    outcome = attempts.send(prepared)  # outside any transaction
    label = "retry" if trigger == "event" and run.attempt > 1 else trigger
    if outcome.ok:
        with run.session() as session:  # the attempt and the job's completion commit together
            attempts.record(session, prepared, outcome, trigger=label, final=True, next_attempt_at=None)
        return
    permanent = prepared.secret is None
    final = permanent or run.is_last_attempt
    delay = registry.fixed_schedule(*attempts.RETRY_SCHEDULE)(run.attempt)
    with run.db.session() as session:
        attempts.record(
            session,
            prepared,
            outcome,
            trigger=label,
            final=final,
            next_attempt_at=None if final else utcnow() + timedelta(seconds=delay),
        )
    if permanent:
        raise registry.PermanentFailure(outcome.error)
    raise DeliveryFailed(outcome.error)


@registry.handler(service.PURGE_KIND, max_attempts=1, timeout=3600.0)
def purge(run: registry.JobRun) -> None:
    with run.session() as session:
        service.purge(session, keep_days=get_settings().webhooks_keep_days)


events.subscribe("webhooks", service.on_events)
registry.periodic(service.PURGE_KIND, cron=crontab(minute="45", hour=str(get_settings().nightly_hour_utc)))
