"""The nightly resolution run (`sampark resolve` on a schedule)."""

from __future__ import annotations

from huey import crontab
from sqlalchemy import select

from sampark.jobs import registry
from sampark.resolution import service
from sampark.resolution.models import ResolutionRun
from sampark.settings import get_settings

KIND = "resolution.nightly"


@registry.handler(KIND, max_attempts=1, timeout=4 * 3600)
def nightly_resolution(run: registry.JobRun) -> None:
    if not get_settings().nightly_resolution:
        return
    with run.db.session() as session:
        if session.scalars(select(ResolutionRun.id).where(ResolutionRun.status == "running")).first():
            return  # somebody started one by hand; tonight's would only repeat it
        service.run(session)


registry.periodic(KIND, cron=crontab(minute="30", hour=str(get_settings().nightly_hour_utc)))
