"""Nightly recomputation of the RFM quintile boundaries (`sampark traits refresh`)."""

from __future__ import annotations

from huey import crontab

from sampark.jobs import registry
from sampark.profiles import traits
from sampark.settings import get_settings

KIND = "traits.refresh"


@registry.handler(KIND, max_attempts=1, timeout=3600)
def refresh_traits(run: registry.JobRun) -> None:
    with run.session() as session:
        traits.refresh(session)


registry.periodic(KIND, cron=crontab(minute="0", hour=str(get_settings().nightly_hour_utc)))
