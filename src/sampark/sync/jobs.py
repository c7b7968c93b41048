"""Nightly upkeep of sync: the stored first answers to pushed mutations (`sync_mutations`) are
what makes a replay answer `duplicate`; a device retries a lost answer within minutes or days,
so they are kept `SAMPARK_SYNC_MUTATIONS_KEEP_DAYS` (90, as long as a sync cursor lives) and
then dropped. A replay after that is answered as new: a create finds its id taken (rejected
`id_taken`), an edit merges against its base like any stale edit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from huey import crontab
from sqlalchemy import delete
from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.jobs import registry
from sampark.settings import get_settings
from sampark.sync.models import SyncMutation

PURGE_KIND = "sync.purge_mutations"


def purge_mutations(session: Session, *, keep_days: int) -> int:
    """Delete stored mutation answers older than `keep_days`; answers how many (one DELETE over
    the `created_at` index)."""
    cutoff = utcnow() - timedelta(days=keep_days)
    result: Any = session.execute(delete(SyncMutation).where(SyncMutation.created_at < cutoff))
    return int(result.rowcount or 0)


@registry.handler(PURGE_KIND, max_attempts=1, timeout=3600.0)
def purge(run: registry.JobRun) -> None:
    with run.session() as session:
        purge_mutations(session, keep_days=get_settings().sync_mutations_keep_days)


registry.periodic(PURGE_KIND, cron=crontab(minute="40", hour=str(get_settings().nightly_hour_utc)))
