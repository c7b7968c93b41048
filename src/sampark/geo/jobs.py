"""The batch geocoder: records with an address or city and no coordinates get city-level ones."""

from __future__ import annotations

import uuid

from huey import crontab

from sampark.companies import service as companies
from sampark.jobs import registry
from sampark.people import service as people
from sampark.settings import get_settings

KIND = "geo.geocode_missing"
BATCH = 500


def geocode_missing(run: registry.JobRun) -> dict[str, int]:
    from sampark.geo.geocoder import configured

    geocoder = configured()
    counts = {"placed": 0, "not_found": 0}
    for service in (people, companies):
        after: uuid.UUID | None = None
        while True:
            with run.db.session(write=False) as session:
                batch = service.without_coordinates(session, after, BATCH)
            if not batch:
                break
            after = batch[-1].id
            found = []
            for address in batch:  # outside a transaction: an online geocoder may be slow
                place = geocoder.geocode(address)
                if place is None:
                    counts["not_found"] += 1
                else:
                    found.append((address.id, place))
            with run.db.session() as session:
                for record_id, place in found:
                    if service.store_geocoded(
                        session, record_id, place.latitude, place.longitude, place.accuracy_m
                    ):
                        counts["placed"] += 1
    return counts


@registry.handler(KIND, max_attempts=3, timeout=3600.0)
def _run(run: registry.JobRun) -> None:
    geocode_missing(run)


registry.periodic(KIND, cron=crontab(minute="30", hour=str(get_settings().nightly_hour_utc)))
