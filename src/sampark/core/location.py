"""The rules a record's coordinates keep (people, companies): a latitude comes with a longitude,
and the source, accuracy and geocoded time describe the pair that is stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.core.records import update_audited, visible_statement

LOCATION_FIELDS = ("latitude", "longitude", "location_source", "location_accuracy_m", "geocoded_at")


def check_both_or_neither(latitude: float | None, longitude: float | None) -> None:
    """One coordinate without the other is a mistake, not half a location."""
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        raise ValidationFailed(
            "Give both latitude and longitude, or neither.",
            errors=[FieldError(missing, "give both latitude and longitude, or neither", "pair_required")],
        )


def location_values(values: dict[str, Any], current: tuple[float | None, float | None] | None) -> None:
    """Complete `values` (a create's or an update's fields, changed in place): coordinates that
    change bring their own source ("typed" unless said), accuracy and geocoded time, or clear
    them. `current` is the stored pair (None on create)."""
    source = values.get("location_source")
    if source is not None:
        values["location_source"] = str(getattr(source, "value", source))
    touched = "latitude" in values or "longitude" in values
    if current is None or touched:
        old_lat, old_lng = current or (None, None)
        lat = values.get("latitude", old_lat)
        lng = values.get("longitude", old_lng)
        check_both_or_neither(lat, lng)
        if lat is None:
            values.update(location_source=None, location_accuracy_m=None, geocoded_at=None)
            return
        values["location_source"] = values.get("location_source") or "typed"
        values.setdefault("location_accuracy_m", None)
        values["geocoded_at"] = utcnow() if values["location_source"] == "geocoded" else None
    elif "location_source" in values or "location_accuracy_m" in values:
        if current[0] is None:
            raise ValidationFailed(
                "There is no location to describe.",
                errors=[FieldError("location_source", "set latitude and longitude first", "no_location")],
            )
        if "location_source" in values and values["location_source"] is None:
            values.pop("location_source")  # a stored pair always has a source


# --- queries shared by the people and companies services (geo reaches them through those) ----


@dataclass(frozen=True)
class Located:
    """A record with coordinates, as "near me", check-ins and routes need it."""

    id: uuid.UUID
    name: str
    latitude: float
    longitude: float
    city: str | None
    owner_id: uuid.UUID | None


@dataclass(frozen=True)
class Box:
    """A latitude/longitude rectangle; `west > east` when it crosses the antimeridian."""

    south: float
    north: float
    west: float
    east: float


def in_box(ctx: Ctx, model: Any, obj: Obj, name_column: Any, box: Box, cap: int) -> list[Located]:
    """Live records the caller may see inside `box` (at most `cap`), answered from the
    (latitude, longitude) index: the latitude range narrows the index walk."""
    ctx.require(obj, Action.read)
    lng = model.longitude
    across = box.west > box.east
    lng_condition = or_(lng >= box.west, lng <= box.east) if across else lng.between(box.west, box.east)
    # SQLite would pick the deleted_at index (nearly every row is live) over the coordinates':
    # `+deleted_at` hides it from the planner.
    hide_deleted_index = ctx.session.get_bind().dialect.name == "sqlite"
    stmt = (
        visible_statement(ctx, model, obj, walk_sort_index=hide_deleted_index)
        .with_only_columns(model.id, name_column, model.latitude, lng, model.city, model.owner_id)
        .where(model.latitude.between(box.south, box.north), lng_condition)
        .limit(cap)
    )
    return [Located(*row) for row in ctx.session.execute(stmt)]


def located(session: Session, model: Any, name_column: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, Located]:
    """Coordinates of the given records that have them (the caller checked access already)."""
    if not ids:
        return {}
    stmt = select(model.id, name_column, model.latitude, model.longitude, model.city, model.owner_id).where(
        model.id.in_(sorted(ids)), model.latitude.is_not(None), model.longitude.is_not(None)
    )
    return {row[0]: Located(*row) for row in session.execute(stmt)}


def set_location(
    ctx: Ctx,
    record: Any,
    obj: Obj,
    latitude: float | None,
    longitude: float | None,
    source: str,
    accuracy_m: float | None,
) -> None:
    """Store a pair on a record the caller may write (a GPS fix, a geocode), audited."""
    ctx.require(obj, Action.write)
    values: dict[str, Any] = {
        "latitude": latitude,
        "longitude": longitude,
        "location_source": source,
        "location_accuracy_m": accuracy_m,
    }
    location_values(values, (record.latitude, record.longitude))

    def mutate() -> None:
        for key, value in values.items():
            setattr(record, key, value)

    update_audited(ctx, record, AUDITED_FIELDS, obj, mutate)


AUDITED_FIELDS = ("latitude", "longitude", "location_source", "location_accuracy_m")


@dataclass(frozen=True)
class AddressToGeocode:
    id: uuid.UUID
    address_line: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None


def without_coordinates(
    session: Session, model: Any, after: uuid.UUID | None, limit: int
) -> list[AddressToGeocode]:
    """Live records with a city or an address but no coordinates, in id order from `after`."""
    stmt = (
        select(model.id, model.address_line, model.city, model.region, model.postal_code, model.country)
        .where(
            model.deleted_at.is_(None),
            model.latitude.is_(None),
            or_(model.city.is_not(None), model.address_line.is_not(None)),
        )
        .order_by(model.id)
        .limit(limit)
    )
    if after is not None:
        stmt = stmt.where(model.id > after)
    return [AddressToGeocode(*row) for row in session.execute(stmt)]


def store_geocoded(
    session: Session,
    model: Any,
    obj: Obj,
    record_id: uuid.UUID,
    latitude: float,
    longitude: float,
    accuracy_m: float,
) -> bool:
    """A batch geocode's result, stored unless someone set coordinates meanwhile; audited as the
    system (no user asked for this row)."""
    record = session.get(model, record_id)
    if record is None or record.latitude is not None or record.deleted_at is not None:
        return False
    record.latitude, record.longitude = latitude, longitude
    record.location_source, record.location_accuracy_m = "geocoded", accuracy_m
    record.geocoded_at = utcnow()
    session.flush()
    audit.record(
        session,
        None,
        "update",
        obj.value,
        record_id,
        {
            "latitude": {"before": None, "after": latitude},
            "longitude": {"before": None, "after": longitude},
            "location_source": {"before": None, "after": "geocoded"},
        },
        actor_email="job:geo.geocode",
    )
    return True
