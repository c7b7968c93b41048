"""What a device may hold, per record type, read through each domain's own service (its access
rules, its output shapes), and how a pushed mutation is written through that service."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ValidationError

from sampark.activities import service as activities
from sampark.activities.schemas import ActivityCreate, ActivityUpdate
from sampark.companies import service as companies
from sampark.companies.schemas import CompanyCreate, CompanyUpdate
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.core.records import ListParams
from sampark.customfields import service as custom_fields
from sampark.deals import pipelines
from sampark.deals import service as deals
from sampark.deals.schemas import DealCreate, DealUpdate
from sampark.geo import service as geo
from sampark.geo.schemas import CheckInCreate
from sampark.people import service as people
from sampark.people.schemas import PersonCreate, PersonUpdate
from sampark.settings import get_settings
from sampark.tasks import service as tasks
from sampark.tasks.schemas import TaskCreate, TaskUpdate
from sampark.views import service as views

PAGE = 2000  # read in-process: larger than the API's pages (the pull's own largest page)
IN_CHUNK = 200


@dataclass(frozen=True)
class Source:
    type: str
    obj: Obj
    # Owned records, paged through the domain's list (its cursor, its visibility rules).
    lister: Callable[[Ctx, ListParams], Any] | None = None
    # Small reference sets (pipelines, custom fields): every row, no owner.
    everything: Callable[[Ctx], list[Any]] | None = None
    extra: Callable[[], list[dict[str, Any]]] = lambda: []
    create: Callable[[Ctx, dict[str, Any]], BaseModel] | None = None
    update: Callable[[Ctx, uuid.UUID, dict[str, Any], int], BaseModel] | None = None
    delete: Callable[[Ctx, uuid.UUID], None] | None = None
    get: Callable[[Ctx, uuid.UUID], BaseModel] | None = None
    # Read at once what a push's creates (these ids) and updates (those) would each read.
    prepare: Callable[[Ctx, list[uuid.UUID], list[uuid.UUID]], None] | None = None
    insert_only: bool = False
    owner_field: str = "owner_id"  # the list filter naming the record's owner


def _activity_window() -> list[dict[str, Any]]:
    settings = get_settings()
    now = utcnow().replace(minute=0, second=0, microsecond=0)  # hourly: a stable fingerprint
    start = now - timedelta(days=settings.sync_activity_past_days)
    end = now + timedelta(days=settings.sync_activity_future_days)
    return [
        {"field": "occurred_at", "op": "gte", "value": start.isoformat()},
        {"field": "occurred_at", "op": "lt", "value": end.isoformat()},
    ]


def _create_activity(ctx: Ctx, fields: dict[str, Any]) -> BaseModel:
    """The REST create body; a visit logged offline may also carry its check-in (`checkin`:
    `latitude`, `longitude`, `accuracy_m`, `checked_in_at` as in `POST /geo/check-ins`), stored
    through geo's check-in in the same savepoint (distance to the customer, flag, managers told)."""
    body = dict(fields)
    checkin = body.pop("checkin", None)
    created = activities.create_activity(ctx, ActivityCreate.model_validate(body))
    if checkin is None:
        return created
    if not isinstance(checkin, dict):
        raise ValidationFailed(
            "The check-in is not valid.",
            errors=[FieldError("checkin", "an object with latitude and longitude", "invalid")],
        )
    try:
        data = CheckInCreate.model_validate({**checkin, "activity_id": str(created.id)})
    except ValidationError as exc:
        raise ValidationFailed(
            "The check-in is not valid.",
            errors=[
                FieldError(".".join(["checkin", *(str(p) for p in e["loc"])]), e["msg"], e["type"])
                for e in exc.errors()
            ],
        ) from exc
    geo.check_in(ctx, data)
    return activities.get_activity(ctx, created.id)


SOURCES: dict[str, Source] = {
    s.type: s
    for s in (
        Source(
            "people",
            Obj.people,
            lister=people.list_people,
            create=lambda ctx, f: people.create_person(ctx, PersonCreate.model_validate(f)),
            update=lambda ctx, i, f, v: people.update_person(ctx, i, PersonUpdate.model_validate(f), v),
            delete=people.delete_person,
            get=people.get_person,
            prepare=people.prepare_batch,
        ),
        Source(
            "companies",
            Obj.companies,
            lister=companies.list_companies,
            create=lambda ctx, f: companies.create_company(ctx, CompanyCreate.model_validate(f)),
            update=lambda ctx, i, f, v: companies.update_company(ctx, i, CompanyUpdate.model_validate(f), v),
            delete=companies.delete_company,
            get=companies.get_company,
        ),
        Source(
            "deals",
            Obj.deals,
            lister=deals.list_deals,
            create=lambda ctx, f: deals.create_deal(ctx, DealCreate.model_validate(f)),
            update=lambda ctx, i, f, v: deals.update_deal(ctx, i, DealUpdate.model_validate(f), v),
            delete=deals.delete_deal,
            get=deals.get_deal,
        ),
        Source(
            "tasks",
            Obj.tasks,
            lister=lambda ctx, p: tasks.list_tasks(ctx, p),
            extra=lambda: [{"field": "done", "op": "eq", "value": False}],
            create=lambda ctx, f: tasks.create_task(ctx, TaskCreate.model_validate(f)),
            update=lambda ctx, i, f, v: tasks.update_task(ctx, i, TaskUpdate.model_validate(f), v),
            delete=tasks.delete_task,
            get=tasks.get_task,
            owner_field="assignee_id",
        ),
        Source(
            "activities",
            Obj.activities,
            lister=activities.list_activities,
            extra=_activity_window,
            create=_create_activity,
            update=lambda ctx, i, f, v: activities.update_activity(
                ctx, i, ActivityUpdate.model_validate(f), v
            ),
            get=activities.get_activity,
            insert_only=True,
        ),
        Source("pipelines", Obj.pipelines, everything=pipelines.list_pipelines),
        Source(
            "custom_fields", Obj.custom_fields, everything=lambda ctx: custom_fields.list_fields(ctx, None)
        ),
        # The user's own saved views and the shared ones (read-only offline).
        Source("views", Obj.views, everything=lambda ctx: views.list_views(ctx, None)),
    )
}


def enabled() -> list[Source]:
    """The synced types, in a fixed order (the snapshot walks them in this order)."""
    wanted = [t.strip() for t in get_settings().sync_types.split(",") if t.strip()]
    return [SOURCES[t] for t in SOURCES if t in wanted]


def owners(ctx: Ctx) -> list[str]:
    """Whose records are 'own and team': me and everyone in my teams."""
    return sorted(str(u) for u in ctx.principal.team_member_ids | {ctx.principal.user_id})


def _conditions(ctx: Ctx, source: Source, more: list[dict[str, Any]]) -> str:
    conds = [{"field": source.owner_field, "op": "in", "value": owners(ctx)}, *source.extra(), *more]
    return json.dumps({"and": conds})


def readable(ctx: Ctx, source: Source) -> bool:
    return ctx.principal.can(source.obj, Action.read)


def page(ctx: Ctx, source: Source, cursor: str | None, limit: int) -> tuple[list[BaseModel], str | None]:
    """One page of the type's scope (its service's cursor), for the snapshot."""
    if not readable(ctx, source):
        return [], None
    if source.everything is not None:
        return (list(source.everything(ctx)), None) if cursor is None else ([], None)
    if source.lister is None:
        raise RuntimeError("not available for this type")
    found = source.lister(
        ctx,
        # In key order: an owner's records are one range of an index (ix_*_owner_id_key), however
        # many share an `updated_at` (a bulk import) — the default order sorted them all per page.
        ListParams(
            limit=min(limit, PAGE),
            cursor=cursor,
            sort="id",
            filter=_conditions(ctx, source, []),
            max_limit=PAGE,
        ),
    )
    return list(found.items), found.next_cursor


def in_scope(ctx: Ctx, source: Source, ids: list[uuid.UUID]) -> dict[uuid.UUID, BaseModel]:
    """Of `ids`, those in the caller's scope now, with their current rows."""
    out: dict[uuid.UUID, BaseModel] = {}
    if not ids or not readable(ctx, source):
        return out
    if source.everything is not None:
        wanted = set(ids)
        return {row.id: row for row in source.everything(ctx) if row.id in wanted}
    if source.lister is None:
        raise RuntimeError("not available for this type")
    for chunk in _chunks(ids, IN_CHUNK):
        cond = _conditions(ctx, source, [{"field": "id", "op": "in", "value": [str(i) for i in chunk]}])
        for row in source.lister(ctx, ListParams(limit=IN_CHUNK, filter=cond)).items:
            out[row.id] = row
    return out


def _chunks(items: list[uuid.UUID], size: int) -> Iterator[list[uuid.UUID]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
