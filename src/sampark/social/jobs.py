"""Social jobs: processing stored posts, sending replies, and the periodic negative-share check."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sampark.jobs import registry
from sampark.social import alerts, ingest, processing, replies


@registry.handler(ingest.PROCESS_KIND, max_attempts=5, timeout=600.0)
def process(run: registry.JobRun) -> None:
    ids = [uuid.UUID(p) for p in run.payload.get("post_ids", [])]
    with run.session() as session:
        processing.process(session, ids)


class ReplyFailed(Exception):
    """This attempt failed; the job is retried after its back-off."""


@registry.handler(
    replies.KIND,
    max_attempts=replies.MAX_ATTEMPTS,
    backoff=registry.fixed_schedule(*replies.RETRY_SCHEDULE),
    timeout=60.0,
)
def send_reply(run: registry.JobRun) -> None:
    reply_id = uuid.UUID(run.payload["reply_id"])
    with run.db.session(write=False) as session:
        prepared = replies.prepare(session, reply_id)
    if prepared is None:
        return
    if isinstance(prepared, str):
        with run.session() as session:
            replies.give_up(session, reply_id, prepared)
        return
    outcome = replies.send(prepared)  # outside any transaction
    if outcome.error is None:
        with run.session() as session:
            replies.record(session, prepared, outcome, final=True)
        return
    with run.db.session() as session:
        replies.record(session, prepared, outcome, final=run.is_last_attempt)
    raise ReplyFailed(outcome.error)


@registry.handler(alerts.KIND, max_attempts=1, timeout=120.0)
def check_alerts(run: registry.JobRun) -> None:
    with run.session() as session:
        alerts.check(session)


registry.periodic(alerts.KIND, every=timedelta(minutes=5))
