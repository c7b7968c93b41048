from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from sampark.core.clock import as_utc
from sampark.core.fields import AccuracyMetres, Strict

UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class RecordKind(StrEnum):
    people = "people"
    companies = "companies"


class NearbyItem(BaseModel):
    kind: RecordKind
    id: uuid.UUID
    name: str
    latitude: float
    longitude: float
    city: str | None
    owner_id: uuid.UUID | None
    distance_m: float = Field(description="Great-circle distance from the point, metres")


class NearbyOut(BaseModel):
    items: list[NearbyItem]
    latitude: float
    longitude: float
    radius_km: float
    truncated: bool = Field(
        description="More records were inside the search square than were examined: narrow the radius"
    )


class GeocodeOut(BaseModel):
    kind: RecordKind
    id: uuid.UUID
    latitude: float
    longitude: float
    accuracy_m: float
    label: str
    level: str = Field(description="city (offline gazetteer) or street/city/region (online geocoder)")
    provider: str
    version: int = Field(description="The record's version after the change")


class GeocodeBatchOut(BaseModel):
    job_id: uuid.UUID | None = Field(description="None when a batch is already waiting to run")


class PlaceOut(BaseModel):
    label: str
    latitude: float
    longitude: float
    distance_m: float
    provider: str


class CheckInCreate(Strict):
    """Check in on a visit: `activity_id` names an existing visit, or leave it out and link a
    person or company to log a new visit and check in on it in one step."""

    activity_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None
    latitude: Latitude
    longitude: Longitude
    accuracy_m: AccuracyMetres | None = Field(default=None, description="The GPS fix's accuracy (metres)")
    checked_in_at: AwareDatetime | None = Field(
        default=None, description="When the fix was taken; default now"
    )


class CheckInOut(BaseModel):
    activity_id: uuid.UUID
    subject: str
    owner_id: uuid.UUID | None
    person_id: uuid.UUID | None
    company_id: uuid.UUID | None
    checked_in_at: UtcDatetime
    latitude: float
    longitude: float
    accuracy_m: float | None
    distance_m: float | None = Field(description="From the customer's stored location; null when it has none")
    flagged: bool
    max_distance_m: float
    version: int


class CheckInPage(BaseModel):
    items: list[CheckInOut]
    next_before: str | None = Field(description="Pass as `before` for the next page (older)")


class StopKind(StrEnum):
    visit = "visit"
    task = "task"


class RouteStop(BaseModel):
    kind: StopKind
    id: uuid.UUID
    title: str
    at: UtcDatetime | None
    person_id: uuid.UUID | None
    company_id: uuid.UUID | None
    place_name: str | None
    latitude: float
    longitude: float
    leg_m: float = Field(description="Distance from the previous stop (or the start), metres")


class UnplacedStop(BaseModel):
    kind: StopKind
    id: uuid.UUID
    title: str
    at: UtcDatetime | None


class RouteOut(BaseModel):
    date: date
    start_latitude: float | None
    start_longitude: float | None
    stops: list[RouteStop]
    unplaced: list[UnplacedStop] = Field(description="Visits and tasks of the day with no known location")
    total_m: float
    naive_m: float = Field(description="The same stops in time order, for comparison")


class MapSettingsOut(BaseModel):
    tile_url: str = Field(description="Tile URL template; empty: no map tiles, lists only")
    tile_attribution: str
    checkin_max_distance_m: float
    geocoder: str
