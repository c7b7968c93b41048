"""Where customers are: "near me", geocoding, visit check-ins and the day's route.

Geo owns no table: coordinates live on people and companies, check-ins on visit activities, and
every read and write goes through those domains' services (so their access rules apply)."""

from __future__ import annotations

import heapq
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from sampark.activities import service as activities
from sampark.activities.schemas import ActivityCreate, ActivityKind, ActivityOut
from sampark.companies import service as companies
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.location import Located
from sampark.geo import geocoder as geocoders
from sampark.geo import route as routing
from sampark.geo.distance import bounding_box, haversine_m
from sampark.geo.schemas import (
    CheckInCreate,
    CheckInOut,
    GeocodeOut,
    MapSettingsOut,
    NearbyItem,
    NearbyOut,
    PlaceOut,
    RecordKind,
    RouteOut,
    RouteStop,
    StopKind,
    UnplacedStop,
)
from sampark.notifications import service as notifications
from sampark.people import service as people
from sampark.settings import get_settings
from sampark.tasks import service as tasks
from sampark.users import service as users

MAX_RADIUS_KM = 500.0
# Rows examined per search: the bounding box of a city-sized radius holds far fewer; a wider
# radius over a dense area says `truncated` rather than scanning without end.
CANDIDATE_CAP = 20_000


def map_settings() -> MapSettingsOut:
    s = get_settings()
    return MapSettingsOut(
        tile_url=s.geo_tile_url,
        tile_attribution=s.geo_tile_attribution,
        checkin_max_distance_m=s.geo_checkin_max_distance_m,
        geocoder=geocoders.configured().name,
    )


def nearby(ctx: Ctx, lat: float, lng: float, radius_km: float, kind: RecordKind, limit: int) -> NearbyOut:
    """Records the caller may see within `radius_km`, nearest first: a bounding-box query on the
    (latitude, longitude) index, then exact great-circle distances here."""
    radius_m = radius_km * 1000
    box = bounding_box(lat, lng, radius_m)
    service = people if kind is RecordKind.people else companies
    found = service.in_box(ctx, box, CANDIDATE_CAP)
    within = []
    for row in found:
        d = haversine_m(lat, lng, row.latitude, row.longitude)
        if d <= radius_m:
            within.append((d, row.id.hex, row))
    nearest = heapq.nsmallest(limit, within, key=lambda t: (t[0], t[1]))  # only a page becomes output
    return NearbyOut(
        items=[_item(kind, row, d) for d, _, row in nearest],
        latitude=lat,
        longitude=lng,
        radius_km=radius_km,
        truncated=len(found) >= CANDIDATE_CAP,
    )


def _item(kind: RecordKind, row: Located, distance: float) -> NearbyItem:
    return NearbyItem(
        kind=kind,
        id=row.id,
        name=row.name,
        latitude=row.latitude,
        longitude=row.longitude,
        city=row.city,
        owner_id=row.owner_id,
        distance_m=round(distance, 1),
    )


# --- geocoding ---------------------------------------------------------------------------------


def geocode_record(ctx: Ctx, kind: RecordKind, record_id: uuid.UUID) -> GeocodeOut:
    """Set a record's coordinates from its address (city level offline)."""
    service = people if kind is RecordKind.people else companies
    address = service.address_of(ctx, record_id)
    place = geocoders.configured().geocode(address)
    if place is None:
        raise ValidationFailed(
            "No place found for this address.",
            errors=[FieldError("city", "no known city or address to place this record", "not_found")],
        )
    out = service.set_location(ctx, record_id, place.latitude, place.longitude, "geocoded", place.accuracy_m)
    return GeocodeOut(
        kind=kind,
        id=record_id,
        latitude=place.latitude,
        longitude=place.longitude,
        accuracy_m=place.accuracy_m,
        label=place.label,
        level=place.level,
        provider=place.provider,
        version=out.version,
    )


def reverse(lat: float, lng: float) -> PlaceOut | None:
    place = geocoders.configured().reverse(lat, lng)
    if place is None:
        return None
    return PlaceOut(
        label=place.label,
        latitude=place.latitude,
        longitude=place.longitude,
        distance_m=round(haversine_m(lat, lng, place.latitude, place.longitude), 1),
        provider=place.provider,
    )


# --- check-ins ---------------------------------------------------------------------------------


def _customer_location(ctx: Ctx, visit: ActivityOut) -> Located | None:
    """Where the visited customer is: the person's stored location, else the company's."""
    if visit.person_id is not None:
        found = people.locations(ctx.session, {visit.person_id}).get(visit.person_id)
        if found is not None:
            return found
    if visit.company_id is not None:
        return companies.locations(ctx.session, {visit.company_id}).get(visit.company_id)
    return None


def check_in(ctx: Ctx, data: CheckInCreate) -> CheckInOut:
    """Record where the phone was at a visit, how far that is from the customer, and flag it to
    the rep's managers when farther than the allowed distance."""
    if data.activity_id is None:
        visit = activities.create_activity(
            ctx,
            ActivityCreate(
                kind=ActivityKind.visit,
                person_id=data.person_id,
                company_id=data.company_id,
                occurred_at=data.checked_in_at,
            ),
        )
    else:
        visit = activities.get_activity(ctx, data.activity_id)
    at = as_utc(data.checked_in_at) if data.checked_in_at else utcnow()
    customer = _customer_location(ctx, visit)
    distance = (
        round(haversine_m(data.latitude, data.longitude, customer.latitude, customer.longitude), 1)
        if customer is not None
        else None
    )
    limit = get_settings().geo_checkin_max_distance_m
    flagged = distance is not None and distance > limit
    saved = activities.record_checkin(
        ctx,
        visit.id,
        activities.CheckIn(at, data.latitude, data.longitude, data.accuracy_m, distance, flagged),
    )
    if flagged and saved.owner_id is not None:
        _notify_managers(ctx, saved, distance or 0.0, customer)
    return checkin_out(saved)


def _notify_managers(ctx: Ctx, visit: ActivityOut, distance: float, customer: Located | None) -> None:
    owner = visit.owner_id
    if owner is None:
        return
    who = users.user_names(ctx.session, {owner}).get(owner, "A user")
    name = customer.name if customer is not None else visit.subject
    for manager in users.managers_of(ctx.session, owner):
        notifications.notify(
            ctx.session,
            manager,
            kind="geo.checkin_flagged",
            title=f"Check-in far from the customer: {who} at {name}",
            body=f"{distance / 1000:.1f} km from {name}'s location.",
            link="/check-ins",
            key=f"checkin-flag:{visit.id}:{visit.checked_in_at}:{manager}",
        )


def checkin_out(a: ActivityOut) -> CheckInOut:
    if a.checked_in_at is None or a.checkin_latitude is None or a.checkin_longitude is None:
        raise ValueError("not a checked-in visit")
    return CheckInOut(
        activity_id=a.id,
        subject=a.subject,
        owner_id=a.owner_id,
        person_id=a.person_id,
        company_id=a.company_id,
        checked_in_at=a.checked_in_at,
        latitude=a.checkin_latitude,
        longitude=a.checkin_longitude,
        accuracy_m=a.checkin_accuracy_m,
        distance_m=a.checkin_distance_m,
        flagged=bool(a.checkin_flagged),
        max_distance_m=get_settings().geo_checkin_max_distance_m,
        version=a.version,
    )


def list_checkins(
    ctx: Ctx, flagged: bool | None, before: tuple[datetime, uuid.UUID] | None, limit: int
) -> tuple[list[CheckInOut], str | None]:
    rows = activities.list_checkins(ctx, flagged=flagged, before=before, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more and rows else None
    cursor = (
        f"{last.checked_in_at.isoformat()}|{last.id}" if last is not None and last.checked_in_at else None
    )
    return [checkin_out(a) for a in rows], cursor


def parse_before(before: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not before:
        return None
    try:
        at, last = before.split("|", 1)
        return as_utc(datetime.fromisoformat(at)), uuid.UUID(last)
    except ValueError as exc:
        raise ValidationFailed(
            "Not a cursor from this list.", errors=[FieldError("before", "not a cursor", "invalid")]
        ) from exc


# --- the day's route ---------------------------------------------------------------------------


def day_route(ctx: Ctx, day: date | None, start: tuple[float, float] | None) -> RouteOut:
    """The caller's visits and open tasks of `day` (in their time zone; default their today)
    that have a place, ordered nearest-neighbour then 2-opt from `start` (or the first visit)."""
    zone = tasks.user_zone(ctx)
    if day is None:
        day = utcnow().astimezone(zone).date()
    begin = datetime.combine(day, time.min, zone)
    end = begin + timedelta(days=1)
    candidates: list[tuple[StopKind, uuid.UUID, str, datetime | None, uuid.UUID | None, uuid.UUID | None,
                           str | None, float | None, float | None]] = []  # fmt: skip
    for v in activities.visits_between(ctx, begin, end):
        candidates.append(
            (StopKind.visit, v.id, v.subject, v.occurred_at, v.person_id, v.company_id, v.location_name,
             v.latitude, v.longitude)
        )  # fmt: skip
    for t in tasks.my_open_due_between(ctx, begin, end):
        candidates.append(
            (StopKind.task, t.id, t.title, t.due_at, t.person_id, t.company_id, None, None, None)
        )
    person_places = people.locations(
        ctx.session, {c[4] for c in candidates if c[4] is not None and c[7] is None}
    )
    company_places = companies.locations(
        ctx.session, {c[5] for c in candidates if c[5] is not None and c[7] is None}
    )
    placed: list[tuple[tuple[float, float], tuple[Any, ...]]] = []
    unplaced: list[UnplacedStop] = []
    for c in sorted(candidates, key=lambda c: (c[3] or end, str(c[1]))):
        point: tuple[float, float] | None = (c[7], c[8]) if c[7] is not None and c[8] is not None else None
        name = c[6]
        if point is None:
            where = (person_places.get(c[4]) if c[4] else None) or (
                company_places.get(c[5]) if c[5] else None
            )
            if where is not None:
                point, name = (where.latitude, where.longitude), name or where.name
        if point is None:
            unplaced.append(UnplacedStop(kind=c[0], id=c[1], title=c[2], at=c[3]))
        else:
            placed.append((point, (*c[:6], name)))
    points = [p for p, _ in placed]
    order, total = routing.plan(start, points)
    naive = routing.tour_length(start, points, list(range(len(points))))
    stops: list[RouteStop] = []
    previous = start
    for i in order:
        (lat, lng), info = placed[i]
        leg = haversine_m(previous[0], previous[1], lat, lng) if previous is not None else 0.0
        stops.append(
            RouteStop(
                kind=info[0],
                id=info[1],
                title=info[2],
                at=info[3],
                person_id=info[4],
                company_id=info[5],
                place_name=info[6],
                latitude=lat,
                longitude=lng,
                leg_m=round(leg, 1),
            )
        )
        previous = (lat, lng)
    return RouteOut(
        date=day,
        start_latitude=start[0] if start else None,
        start_longitude=start[1] if start else None,
        stops=stops,
        unplaced=unplaced,
        total_m=round(total, 1),
        naive_m=round(naive, 1),
    )


def enqueue_batch_geocode(ctx: Ctx) -> uuid.UUID | None:
    """Admins and managers: geocode every record with an address and no coordinates (a job)."""
    from sampark.core import audit
    from sampark.core.permissions import Action, Obj
    from sampark.geo.jobs import KIND
    from sampark.jobs import service as jobs

    ctx.require(Obj.people, Action.write)
    ctx.require(Obj.companies, Action.write)
    if ctx.principal.grant(Obj.people).visibility.value != "all" and ctx.principal.role.value != "manager":
        from sampark.core.errors import PermissionDenied

        raise PermissionDenied("Only admins and managers start a batch geocode.")
    job_id = jobs.enqueue(ctx.session, KIND, {}, key=f"{KIND}:manual:{utcnow():%Y%m%d%H%M}")
    audit.record(ctx.session, ctx.principal, "geocode_batch", Obj.people.value, None, {"job_id": job_id})
    return job_id
