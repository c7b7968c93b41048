"""Nightly upkeep of the job table: finished jobs are history, kept for a week then dropped
(a worker adds several periodic jobs a minute). Dead jobs stay until replayed or purged by hand."""

from __future__ import annotations

from datetime import timedelta

from huey import crontab
from sqlalchemy import delete

from sampark.core.clock import utcnow
from sampark.jobs import registry
from sampark.jobs.models import Job
from sampark.settings import get_settings

KIND = "jobs.purge"


@registry.handler(KIND, max_attempts=1, timeout=3600)
def purge_finished(run: registry.JobRun) -> None:
    cutoff = utcnow() - timedelta(days=get_settings().jobs_keep_days)
    with run.session() as session:
        # Not this job itself: it is `running` until this transaction marks it done.
        session.execute(delete(Job).where(Job.status == "done", Job.finished_at < cutoff))


registry.periodic(KIND, cron=crontab(minute="50", hour=str(get_settings().nightly_hour_utc)))
