"""The records rules act on, reached only through their domains' services: read one (as a
plain dict), change some fields, and the filterable fields a condition is compiled against."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, select

from sampark.activities import service as activities
from sampark.activities.schemas import ActivityUpdate
from sampark.companies import service as companies
from sampark.companies.schemas import CompanyUpdate
from sampark.core.context import Ctx
from sampark.core.errors import NotFound
from sampark.core.filters import FieldSpec, FilterNode, compile_filter
from sampark.deals import service as deals
from sampark.deals.schemas import DealUpdate
from sampark.orders import service as orders
from sampark.people import service as people
from sampark.people.schemas import PersonUpdate
from sampark.tasks import service as tasks
from sampark.tasks.schemas import TaskUpdate


@dataclass(frozen=True)
class Kind:
    name: str
    get: Callable[[Ctx, uuid.UUID], BaseModel]
    fields: Callable[[Ctx], dict[str, FieldSpec]]
    update: Callable[[Ctx, uuid.UUID, Any, int], BaseModel] | None
    update_schema: type[BaseModel] | None
    owner_field: str | None  # the name in the update schema
    owner_filter: str | None  # the name in fields()
    open_filter: dict[str, Any] | None  # "open" records, for the least-loaded assignment


KINDS: dict[str, Kind] = {
    "people": Kind(
        "people", people.get_person, people.fields, people.update_person, PersonUpdate,
        "owner_id", "owner_id", None,
    ),
    "companies": Kind(
        "companies", companies.get_company, companies.fields, companies.update_company, CompanyUpdate,
        "owner_id", "owner_id", None,
    ),
    "deals": Kind(
        "deals", deals.get_deal, deals.fields, deals.update_deal, DealUpdate,
        "owner_id", "owner_id", {"field": "status", "op": "eq", "value": "open"},
    ),
    "tasks": Kind(
        "tasks", tasks.get_task, tasks.fields, tasks.update_task, TaskUpdate,
        "assignee_id", "assignee_id", {"field": "done", "op": "eq", "value": False},
    ),
    "activities": Kind(
        "activities", activities.get_activity, activities.fields, activities.update_activity, ActivityUpdate,
        "owner_id", "owner_id", None,
    ),
    "orders": Kind("orders", orders.get_order, orders.fields, None, None, None, None, None),
}  # fmt: skip


def load(ctx: Ctx, object_type: str, record_id: uuid.UUID) -> dict[str, Any] | None:
    """The record as the API shows it (JSON-ready values), with `display_name` and `owner_id`
    always present; None when it is gone."""
    kind = KINDS[object_type]
    try:
        out = kind.get(ctx, record_id)
    except NotFound:
        return None
    data: dict[str, Any] = out.model_dump(mode="json")
    data.setdefault(
        "display_name",
        data.get("name") or data.get("title") or data.get("subject") or data.get("order_number"),
    )
    if "owner_id" not in data:
        data["owner_id"] = data.get("assignee_id")
    return data


def update(ctx: Ctx, object_type: str, record_id: uuid.UUID, values: dict[str, Any]) -> None:
    kind = KINDS[object_type]
    if kind.update is None or kind.update_schema is None:
        raise ValueError(f"{object_type} cannot be changed by a rule")
    current = kind.get(ctx, record_id)
    kind.update(ctx, record_id, kind.update_schema.model_validate(values), int(current.version))  # type: ignore[attr-defined]


def updatable_fields(object_type: str) -> set[str]:
    schema = KINDS[object_type].update_schema
    return set(schema.model_fields) if schema is not None else set()


def compiled(ctx: Ctx, object_type: str, node: FilterNode | None) -> ColumnElement[bool] | None:
    return compile_filter(node, KINDS[object_type].fields(ctx))


def matching_ids(
    ctx: Ctx,
    object_type: str,
    ids: list[uuid.UUID],
    condition: ColumnElement[bool] | None,
    fields: dict[str, FieldSpec],
) -> set[uuid.UUID]:
    """Which of `ids` are live records meeting `condition` (one query for the whole batch)."""
    if not ids:
        return set()
    id_col = fields["id"].column
    stmt = select(id_col).where(id_col.in_(ids))
    if "deleted_at" in fields:
        stmt = stmt.where(fields["deleted_at"].column.is_(None))
    if condition is not None:
        stmt = stmt.where(condition)
    return set(ctx.session.scalars(stmt))
