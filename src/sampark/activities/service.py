"""Activities: calls, meetings, e-mails, notes and visits logged against people, companies
and deals. A record's timeline is the activity list filtered on its link, newest first.

`check_links` and `list_scoped` are shared with tasks, which link and list the same way."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sampark.activities.models import Activity
from sampark.activities.schemas import ActivityCreate, ActivityKind, ActivityOut, ActivityUpdate
from sampark.companies import service as companies
from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType, compile_filter, parse_filter
from sampark.core.pagination import Page, clamp_limit, fetch_page, parse_sort
from sampark.core.permissions import Action, Obj
from sampark.core.records import (
    ListParams,
    check_owner,
    check_version,
    get_visible,
    snapshot,
    update_audited,
    visible_statement,
)
from sampark.core.text import nfc
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.deals import service as deals
from sampark.people import service as people
from sampark.users import service as users

OBJ = Obj.activities
LINK_FIELDS = ("person_id", "company_id", "deal_id")
AUDITED = (
    "kind", "subject", "body", "occurred_at", "duration_minutes", "outcome", "location_name",
    "latitude", "longitude", "owner_id", "person_id", "company_id", "deal_id",
)  # fmt: skip
# What a delete leaves in the audit log: enough to know what went, not the body itself.
DELETE_SNAPSHOT = ("kind", "subject", "occurred_at", "owner_id", "person_id", "company_id", "deal_id")
SUBJECT_FROM_BODY = 120


# --- shared with tasks ----------------------------------------------------------------------


_LINK_CHECKS: dict[str, tuple[Callable[[Ctx, uuid.UUID], bool], str]] = {
    "person_id": (people.is_visible, "person"),
    "company_id": (companies.is_visible, "company"),
    "deal_id": (deals.is_visible, "deal"),
}


def check_links(ctx: Ctx, links: Mapping[str, uuid.UUID | None]) -> None:
    """Each linked record must exist and be visible to the caller; 422 naming the field if not,
    so ids of records the caller may not see do not leak."""
    errors = []
    for field, value in links.items():
        if value is None:
            continue
        visible, label = _LINK_CHECKS[field]
        if not visible(ctx, value):
            errors.append(FieldError(field, f"no such {label}, or not one you can see", "unknown"))
    if errors:
        raise ValidationFailed("A linked record does not exist or is not yours to see.", errors=errors)


def search_condition(q: str | None, columns: Iterable[Any]) -> ColumnElement[bool] | None:
    """Every word of `q` in one of `columns` (case-insensitive substring)."""
    words = nfc(q or "").split()[:8]
    if not words:
        return None
    cols = list(columns)
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return and_(*(or_(*(c.ilike(f"%{w}%", escape="\\") for c in cols)) for w in escaped))


def list_scoped(
    ctx: Ctx,
    model: Any,
    obj: Obj,
    params: ListParams,
    fields: dict[str, FieldSpec],
    to_out: Callable[[list[Any]], list[Any]],
    *,
    default_sort: str,
    search_columns: Iterable[Any],
    extra: Iterable[ColumnElement[bool]] = (),
) -> Page[Any]:
    """`core.records.list_records` for hard-deleted records without a search index, plus
    `extra` conditions (saved views)."""
    ctx.require(obj, Action.read)
    if params.deleted:
        raise ValidationFailed(
            f"Deleted {obj.value} are gone for good; there is no list of them.",
            errors=[FieldError("deleted", "not available for this list", "unsupported")],
        )
    limit = clamp_limit(params.limit, params.max_limit)
    sort = parse_sort(params.sort, fields, default_sort)
    stmt = visible_statement(ctx, model, obj)
    for condition in (compile_filter(parse_filter(params.filter), fields), *extra):
        if condition is not None:
            stmt = stmt.where(condition)
    found = search_condition(params.q, search_columns)
    if found is not None:
        stmt = stmt.where(found)
    rows, next_cursor = fetch_page(ctx.session, stmt, sort, model.id, params.cursor, limit)
    return Page[Any](items=to_out(rows), next_cursor=next_cursor, limit=limit)


def refuse_taken_id(ctx: Ctx, model: Any, record_id: uuid.UUID | None) -> None:
    """A client-minted id must be new (409 otherwise)."""
    if record_id is not None and ctx.session.get(model, record_id) is not None:
        raise Conflict("A record with this id exists.", code="id_taken", errors=[FieldError("id", "taken")])


# --- activities -----------------------------------------------------------------------------


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    a = Activity
    specs = [
        FieldSpec("id", a.id, FieldType.uuid, sortable=True, nullable=False),
        FieldSpec("kind", a.kind, FieldType.enum, nullable=False, choices=tuple(k.value for k in ActivityKind)),
        FieldSpec("subject", a.subject, FieldType.string, nullable=False),
        FieldSpec("outcome", a.outcome, FieldType.string),
        FieldSpec("duration_minutes", a.duration_minutes, FieldType.number),
        FieldSpec("owner_id", a.owner_id, FieldType.uuid),
        FieldSpec("person_id", a.person_id, FieldType.uuid),
        FieldSpec("company_id", a.company_id, FieldType.uuid),
        FieldSpec("deal_id", a.deal_id, FieldType.uuid),
        FieldSpec("occurred_at", a.occurred_at, FieldType.datetime, sortable=True, nullable=False),
        FieldSpec("created_at", a.created_at, FieldType.datetime, sortable=True, nullable=False),
        FieldSpec("updated_at", a.updated_at, FieldType.datetime, sortable=True, nullable=False),
    ]  # fmt: skip
    return {s.name: s for s in specs}


def to_out(rows: list[Activity]) -> list[ActivityOut]:
    return [ActivityOut.model_validate(r) for r in rows]


def _require_a_link(links: Mapping[str, uuid.UUID | None]) -> None:
    if all(v is None for v in links.values()):
        message = "link the activity to a person, a company or a deal"
        raise ValidationFailed(
            "An activity belongs to a person, a company or a deal.",
            errors=[FieldError(f, message, "link_required") for f in LINK_FIELDS],
        )


def _default_subject(kind: ActivityKind, body: str | None) -> str:
    first_line = next((line.strip() for line in (body or "").splitlines() if line.strip()), "")
    if first_line:
        first_line = " ".join(first_line.split())
        return (
            first_line if len(first_line) <= SUBJECT_FROM_BODY else first_line[: SUBJECT_FROM_BODY - 1] + "…"
        )
    return kind.value.capitalize()


def _check_owner(ctx: Ctx, owner_id: uuid.UUID) -> None:
    check_owner(ctx, OBJ, owner_id, users.existing_user_ids(ctx.session, {owner_id}))


def get_activity(ctx: Ctx, activity_id: uuid.UUID) -> ActivityOut:
    return ActivityOut.model_validate(get_visible(ctx, Activity, OBJ, activity_id, label="activity"))


def list_activities(ctx: Ctx, params: ListParams) -> Page[ActivityOut]:
    return list_scoped(
        ctx,
        Activity,
        OBJ,
        params,
        fields(ctx),
        to_out,
        default_sort="-occurred_at",
        search_columns=(Activity.subject, Activity.body, Activity.outcome, Activity.location_name),
    )


def create_activity(ctx: Ctx, data: ActivityCreate) -> ActivityOut:
    ctx.require(OBJ, Action.write)
    owner_id = data.owner_id or ctx.principal.user_id
    _check_owner(ctx, owner_id)
    links = {f: getattr(data, f) for f in LINK_FIELDS}
    _require_a_link(links)
    check_links(ctx, links)
    refuse_taken_id(ctx, Activity, data.id)
    activity = Activity(
        kind=data.kind.value,
        subject=data.subject or _default_subject(data.kind, data.body),
        body=data.body,
        occurred_at=as_utc(data.occurred_at) if data.occurred_at else utcnow(),
        duration_minutes=data.duration_minutes,
        outcome=data.outcome or None,
        location_name=data.location_name or None,
        latitude=data.latitude,
        longitude=data.longitude,
        owner_id=owner_id,
        **links,
    )
    if data.id is not None:
        activity.id = data.id
    ctx.session.add(activity)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        OBJ.value,
        activity.id,
        {"kind": activity.kind, "subject": activity.subject, "owner_id": owner_id, **links},
    )
    return ActivityOut.model_validate(activity)


def update_activity(ctx: Ctx, activity_id: uuid.UUID, data: ActivityUpdate, version: int) -> ActivityOut:
    ctx.require(OBJ, Action.write)
    activity = get_visible(ctx, Activity, OBJ, activity_id, label="activity")
    check_version(activity, version, lambda: ActivityOut.model_validate(activity))
    values = data.model_dump(exclude_unset=True)
    if "owner_id" in values:
        _check_owner(ctx, values["owner_id"])
    # Only links that change are checked: keeping a link the caller can no longer see is fine.
    check_links(ctx, {f: values[f] for f in LINK_FIELDS if f in values and values[f] != getattr(activity, f)})
    _require_a_link({f: values.get(f, getattr(activity, f)) for f in LINK_FIELDS})
    if "occurred_at" in values:
        values["occurred_at"] = as_utc(values["occurred_at"])
    if "kind" in values:
        values["kind"] = ActivityKind(values["kind"]).value
    for key in ("outcome", "location_name"):
        if key in values and not values[key]:
            values[key] = None

    def mutate() -> None:
        for key, value in values.items():
            setattr(activity, key, value)

    update_audited(ctx, activity, AUDITED, OBJ, mutate)
    return ActivityOut.model_validate(activity)


def delete_activity(ctx: Ctx, activity_id: uuid.UUID) -> None:
    """Hard delete: activities are not restorable. The audit log keeps what went (not the body)."""
    ctx.require(OBJ, Action.delete)
    activity = get_visible(ctx, Activity, OBJ, activity_id, label="activity")
    gone = snapshot(activity, DELETE_SNAPSHOT)
    ctx.session.delete(activity)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, activity_id, gone)


def timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    """The person's newest activities the caller may see, before `before`."""
    if not ctx.principal.can(OBJ, Action.read):
        return []
    rows = ctx.session.scalars(
        visible_statement(ctx, Activity, OBJ)
        .where(Activity.person_id == person_id, keyset(Activity.occurred_at, Activity.id, before))
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            "activity",
            a.id,
            a.occurred_at,
            a.subject,
            a.outcome,
            {
                "activity_id": str(a.id),
                "kind": a.kind,
                "outcome": a.outcome,
                "owner_id": str(a.owner_id or ""),
            },
        )
        for a in rows
    ]


def span(session: Session, person_id: uuid.UUID) -> tuple[Any, Any]:
    """First and last activity with a person (raw aggregate values)."""
    row = session.execute(
        select(func.min(Activity.occurred_at), func.max(Activity.occurred_at)).where(
            Activity.person_id == person_id
        )
    ).one()
    return row[0], row[1]


# --- for calendars ----------------------------------------------------------------------------


def scheduled_of(
    session: Session, owner_id: uuid.UUID, start: Any, end: Any, kinds: tuple[str, ...], limit: int = 5000
) -> list[Activity]:
    """A user's activities of `kinds` (meetings, visits) with a time in [start, end)."""
    stmt = (
        select(Activity)
        .where(
            Activity.owner_id == owner_id,
            Activity.kind.in_(kinds),
            Activity.occurred_at >= start,
            Activity.occurred_at < end,
        )
        .order_by(Activity.occurred_at, Activity.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def get_for_write(ctx: Ctx, activity_id: uuid.UUID) -> Activity:
    """An activity the caller may see and change (404 / 403 otherwise)."""
    ctx.require(OBJ, Action.write)
    return get_visible(ctx, Activity, OBJ, activity_id, label="activity")


# --- visit check-ins (geo computes the distance; the activity stores it) ---------------------

CHECKIN_FIELDS = (
    "checked_in_at", "checkin_latitude", "checkin_longitude", "checkin_accuracy_m", "checkin_distance_m",
    "checkin_flagged",
)  # fmt: skip


@dataclass(frozen=True)
class CheckIn:
    at: datetime
    latitude: float
    longitude: float
    accuracy_m: float | None
    distance_m: float | None
    flagged: bool


def record_checkin(ctx: Ctx, activity_id: uuid.UUID, checkin: CheckIn) -> ActivityOut:
    """Store a visit's check-in (a second check-in replaces the first), audited."""
    activity = get_for_write(ctx, activity_id)
    if activity.kind != ActivityKind.visit.value:
        raise ValidationFailed(
            "Only visits take a check-in.",
            errors=[FieldError("activity_id", "this activity is not a visit", "not_a_visit")],
        )

    def mutate() -> None:
        activity.checked_in_at = as_utc(checkin.at)
        activity.checkin_latitude, activity.checkin_longitude = checkin.latitude, checkin.longitude
        activity.checkin_accuracy_m = checkin.accuracy_m
        activity.checkin_distance_m = checkin.distance_m
        activity.checkin_flagged = checkin.flagged

    update_audited(ctx, activity, CHECKIN_FIELDS, OBJ, mutate)
    return ActivityOut.model_validate(activity)


def list_checkins(
    ctx: Ctx, *, flagged: bool | None, before: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[ActivityOut]:
    """Checked-in visits the caller may see (a manager: their teams'), newest first."""
    ctx.require(OBJ, Action.read)
    stmt = visible_statement(ctx, Activity, OBJ).where(Activity.checked_in_at.is_not(None))
    if flagged is not None:
        stmt = stmt.where(Activity.checkin_flagged.is_(flagged))
    if before is not None:
        stmt = stmt.where(keyset(Activity.checked_in_at, Activity.id, before))
    rows = ctx.session.scalars(
        stmt.order_by(Activity.checked_in_at.desc(), Activity.id.desc()).limit(limit)
    ).all()
    return to_out(list(rows))


def visits_between(ctx: Ctx, start: datetime, end: datetime, limit: int = 500) -> list[ActivityOut]:
    """The caller's own visits with a time in [start, end) (a day's route)."""
    ctx.require(OBJ, Action.read)
    return to_out(
        scheduled_of(ctx.session, ctx.principal.user_id, start, end, (ActivityKind.visit.value,), limit)
    )
