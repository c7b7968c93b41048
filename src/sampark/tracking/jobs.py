"""`tracking.drain`: the worker moves accepted tracking calls from the inbox into events.

A call that stores messages enqueues a drain job under one key, so at most one waits; the drain
frees the key in the transaction that finds the inbox empty, and the next call asks again. A
periodic job is the safety net (a crash between a commit and the hand-over to the queue). A job
drains until the inbox is empty, or for a minute and then hands over to a fresh job, so one long
stream does not hold a worker thread forever."""

from __future__ import annotations

from datetime import timedelta

from sampark.jobs import registry
from sampark.tracking import inbox

BUDGET_SECONDS = 60.0


@registry.handler(inbox.DRAIN_KIND, max_attempts=3, backoff=registry.fixed_schedule(5, 30))
def drain_inbox(run: registry.JobRun) -> None:
    if inbox.drain_once_at_a_time(run.db, budget=BUDGET_SECONDS) is None:
        return  # another thread of this worker is draining; it frees the key when done
    with run.db.session(write=False) as session:
        more = inbox.pending(session)
    if more:  # out of time with work left: a fresh job carries on
        inbox.ask_for_drain(run.db)


registry.periodic(inbox.DRAIN_KIND, every=timedelta(minutes=1))
