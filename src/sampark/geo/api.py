"""Where customers are: near me, geocoding, visit check-ins, the day's route (a thin router)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from sampark.core.errors import FieldError, NotFound, ValidationFailed
from sampark.deps import CtxDep
from sampark.geo import service
from sampark.geo.schemas import (
    CheckInCreate,
    CheckInOut,
    CheckInPage,
    GeocodeBatchOut,
    GeocodeOut,
    MapSettingsOut,
    NearbyOut,
    PlaceOut,
    RecordKind,
    RouteOut,
)

router = APIRouter(prefix="/geo", tags=["geo"])

Lat = Annotated[float, Query(ge=-90, le=90)]
Lng = Annotated[float, Query(ge=-180, le=180)]


@router.get("/settings", operation_id="geo-settings", response_model=MapSettingsOut)
def map_settings(ctx: CtxDep) -> MapSettingsOut:
    """The map tile server, its credit, and the check-in distance limit (for the app)."""
    return service.map_settings()


@router.get("/nearby", operation_id="geo-nearby", response_model=NearbyOut)
def nearby(
    ctx: CtxDep,
    lat: Lat,
    lng: Lng,
    radius_km: Annotated[float, Query(gt=0, le=service.MAX_RADIUS_KM)] = 5.0,
    kind: RecordKind = RecordKind.people,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> NearbyOut:
    """People or companies you may see within `radius_km` of the point, nearest first."""
    return service.nearby(ctx, lat, lng, radius_km, kind, limit)


@router.post("/geocode/{kind}/{record_id}", operation_id="geo-geocode", response_model=GeocodeOut)
def geocode(kind: RecordKind, record_id: uuid.UUID, ctx: CtxDep) -> GeocodeOut:
    """Set a person's or company's coordinates from its address (city level unless an online
    geocoder is configured)."""
    return service.geocode_record(ctx, kind, record_id)


@router.post(
    "/geocode-batch", operation_id="geo-geocode-batch", response_model=GeocodeBatchOut, status_code=202
)
def geocode_batch(ctx: CtxDep) -> GeocodeBatchOut:
    """Admins and managers: a background job geocodes every record with an address and no coordinates."""
    return GeocodeBatchOut(job_id=service.enqueue_batch_geocode(ctx))


@router.get("/reverse", operation_id="geo-reverse", response_model=PlaceOut)
def reverse(ctx: CtxDep, lat: Lat, lng: Lng) -> PlaceOut:
    """The nearest known place (city) to a point."""
    place = service.reverse(lat, lng)
    if place is None:
        raise NotFound("No place known near this point.")
    return place


@router.post("/check-ins", operation_id="geo-check-in", response_model=CheckInOut, status_code=201)
def check_in(body: CheckInCreate, ctx: CtxDep) -> CheckInOut:
    """Check in on a visit with the phone's position; flagged (and the managers told) when
    farther from the customer than the allowed distance."""
    return service.check_in(ctx, body)


@router.get("/check-ins", operation_id="geo-check-ins", response_model=CheckInPage)
def list_checkins(
    ctx: CtxDep,
    flagged: bool | None = None,
    before: Annotated[
        str | None, Query(max_length=100, description="next_before of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CheckInPage:
    """Check-ins you may see (managers: their teams'), newest first; `flagged=true` for the far ones."""
    items, cursor = service.list_checkins(ctx, flagged, service.parse_before(before), limit)
    return CheckInPage(items=items, next_before=cursor)


@router.get("/route", operation_id="geo-route", response_model=RouteOut)
def day_route(
    ctx: CtxDep,
    day: Annotated[
        date | None, Query(alias="date", description="Default today in your profile's time zone")
    ] = None,
    lat: Annotated[
        float | None, Query(ge=-90, le=90, description="Start point; default the first visit")
    ] = None,
    lng: Annotated[float | None, Query(ge=-180, le=180)] = None,
) -> RouteOut:
    """Your visits and tasks of the day with a place, in a short driving order, and the total distance."""
    if (lat is None) != (lng is None):
        raise ValidationFailed(
            "Give both lat and lng, or neither.",
            errors=[FieldError("lat", "both or neither", "pair_required")],
        )
    start = (lat, lng) if lat is not None and lng is not None else None
    return service.day_route(ctx, day, start)
