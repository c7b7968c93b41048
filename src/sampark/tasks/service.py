"""Tasks: something a user must do, by a time, with an optional reminder before it.

The assignee is `assignee_id` in the API and `owner_id` in the table, so access rules
treat tasks like every other record: a task is seen by whoever may see its assignee's records.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import false, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sampark.activities.service import check_links, list_scoped, refuse_taken_id
from sampark.core import audit
from sampark.core.bulk import BulkResult, BulkUpdateItem, run_bulk
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.pagination import Page
from sampark.core.permissions import Action, Obj
from sampark.core.records import (
    ListParams,
    check_owner,
    check_version,
    get_visible,
    snapshot,
    update_audited,
)
from sampark.tasks.models import Task
from sampark.tasks.schemas import Priority, TaskCreate, TaskOut, TaskUpdate, TaskView
from sampark.users import service as users

OBJ = Obj.tasks
LINK_FIELDS = ("person_id", "company_id", "deal_id")
AUDITED = (
    "title", "notes", "due_at", "remind_at", "priority", "done", "done_at", "owner_id",
    "person_id", "company_id", "deal_id",
)  # fmt: skip
COMPLETION = ("done", "done_at")
DELETE_SNAPSHOT = ("title", "due_at", "priority", "done", "owner_id", "person_id", "company_id", "deal_id")


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    t = Task
    specs = [
        FieldSpec("id", t.id, FieldType.uuid, sortable=True, nullable=False),
        FieldSpec("title", t.title, FieldType.string, nullable=False),
        FieldSpec("assignee_id", t.owner_id, FieldType.uuid),
        FieldSpec("done", t.done, FieldType.boolean, nullable=False),
        FieldSpec("done_at", t.done_at, FieldType.datetime, sortable=True),
        FieldSpec("due_at", t.due_at, FieldType.datetime, sortable=True),
        FieldSpec("remind_at", t.remind_at, FieldType.datetime, sortable=True),
        FieldSpec("priority", t.priority, FieldType.enum, nullable=False, choices=tuple(p.value for p in Priority)),
        FieldSpec("person_id", t.person_id, FieldType.uuid),
        FieldSpec("company_id", t.company_id, FieldType.uuid),
        FieldSpec("deal_id", t.deal_id, FieldType.uuid),
        FieldSpec("created_at", t.created_at, FieldType.datetime, sortable=True, nullable=False),
        FieldSpec("updated_at", t.updated_at, FieldType.datetime, sortable=True, nullable=False),
    ]  # fmt: skip
    return {s.name: s for s in specs}


def to_out(rows: list[Task]) -> list[TaskOut]:
    return [TaskOut.model_validate(r) for r in rows]


def _check_assignee(ctx: Ctx, assignee_id: uuid.UUID) -> None:
    """`check_owner`'s rules, with its complaints worded for assignees."""
    try:
        check_owner(ctx, OBJ, assignee_id, users.existing_user_ids(ctx.session, {assignee_id}))
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.detail.replace("owner", "assignee"),
            errors=[FieldError("assignee_id", e["message"], e["code"]) for e in exc.errors],
        ) from exc


def _check_reminder(due_at: datetime | None, remind_at: datetime | None) -> None:
    if due_at is not None and remind_at is not None and as_utc(remind_at) > as_utc(due_at):
        raise ValidationFailed(
            "The reminder must come at or before the due time.",
            errors=[FieldError("remind_at", "must be at or before due_at", "after_due")],
        )


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def user_zone(ctx: Ctx) -> ZoneInfo:
    """The caller's time zone (their profile's), UTC when unset or unknown."""
    user = users.get_active_user(ctx.session, ctx.principal.user_id)
    try:
        return ZoneInfo(user.timezone if user is not None and user.timezone else "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def view_conditions(ctx: Ctx, view: TaskView) -> list[ColumnElement[bool]]:
    """The caller's open tasks, due: before tomorrow starts in their zone (today, overdue
    included), before now (overdue), or tomorrow onwards (upcoming)."""
    now = utcnow()
    zone = user_zone(ctx)
    tomorrow_local = now.astimezone(zone).date() + timedelta(days=1)
    tomorrow = as_utc(datetime.combine(tomorrow_local, time(), tzinfo=zone))
    conditions = [Task.owner_id == ctx.principal.user_id, Task.done == false()]
    match view:
        case TaskView.today:
            conditions.append(Task.due_at < tomorrow)
        case TaskView.overdue:
            conditions.append(Task.due_at < now)
        case TaskView.upcoming:
            conditions.append(Task.due_at >= tomorrow)
    return conditions


def get_task(ctx: Ctx, task_id: uuid.UUID) -> TaskOut:
    return TaskOut.model_validate(get_visible(ctx, Task, OBJ, task_id, label="task"))


def list_tasks(ctx: Ctx, params: ListParams, view: TaskView | None = None) -> Page[TaskOut]:
    extra = view_conditions(ctx, view) if view is not None else []
    return list_scoped(
        ctx,
        Task,
        OBJ,
        params,
        fields(ctx),
        to_out,
        default_sort="due_at",
        search_columns=(Task.title, Task.notes),
        extra=extra,
    )


def create_task(ctx: Ctx, data: TaskCreate) -> TaskOut:
    ctx.require(OBJ, Action.write)
    assignee_id = data.assignee_id or ctx.principal.user_id
    _check_assignee(ctx, assignee_id)
    _check_reminder(data.due_at, data.remind_at)
    links = {f: getattr(data, f) for f in LINK_FIELDS}
    check_links(ctx, links)
    refuse_taken_id(ctx, Task, data.id)
    task = Task(
        title=data.title,
        notes=data.notes,
        due_at=_utc(data.due_at),
        remind_at=_utc(data.remind_at),
        priority=data.priority.value,
        done=data.done,
        done_at=utcnow() if data.done else None,
        owner_id=assignee_id,
        **links,
    )
    if data.id is not None:
        task.id = data.id
    ctx.session.add(task)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        OBJ.value,
        task.id,
        {"title": task.title, "due_at": task.due_at, "owner_id": assignee_id, **links},
    )
    return TaskOut.model_validate(task)


def update_task(ctx: Ctx, task_id: uuid.UUID, data: TaskUpdate, version: int) -> TaskOut:
    ctx.require(OBJ, Action.write)
    task = get_visible(ctx, Task, OBJ, task_id, label="task")
    check_version(task, version, lambda: TaskOut.model_validate(task))
    values = data.model_dump(exclude_unset=True)
    if "assignee_id" in values:
        values["owner_id"] = values.pop("assignee_id")
        _check_assignee(ctx, values["owner_id"])
    for key in ("due_at", "remind_at"):
        if key in values:
            values[key] = _utc(values[key])
    if "due_at" in values or "remind_at" in values:
        _check_reminder(values.get("due_at", task.due_at), values.get("remind_at", task.remind_at))
    # Only links that change are checked: keeping a link the caller can no longer see is fine.
    check_links(ctx, {f: values[f] for f in LINK_FIELDS if f in values and values[f] != getattr(task, f)})
    if "priority" in values:
        values["priority"] = Priority(values["priority"]).value
    if "done" in values:
        if not values["done"]:
            values["done_at"] = None
        elif not task.done:
            values["done_at"] = utcnow()
    if "remind_at" in values and values["remind_at"] != _utc(task.remind_at):
        values["reminded_at"] = None  # a moved reminder fires again

    def mutate() -> None:
        for key, value in values.items():
            setattr(task, key, value)

    update_audited(ctx, task, AUDITED, OBJ, mutate)
    return TaskOut.model_validate(task)


def complete_task(ctx: Ctx, task_id: uuid.UUID) -> TaskOut:
    """Mark done. Completing a done task changes nothing and is not audited twice."""
    ctx.require(OBJ, Action.write)
    task = get_visible(ctx, Task, OBJ, task_id, label="task")
    if task.done:
        return TaskOut.model_validate(task)
    before = snapshot(task, COMPLETION)
    task.done, task.done_at = True, utcnow()
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "complete",
        OBJ.value,
        task.id,
        audit.diff(before, snapshot(task, COMPLETION)),
    )
    return TaskOut.model_validate(task)


def bulk_update(ctx: Ctx, items: list[Any]) -> BulkResult[TaskOut]:
    """Reassign, reschedule or tick off many tasks; each item succeeds or fails on its own."""
    ctx.require(OBJ, Action.write)
    return run_bulk(
        ctx,
        items,
        BulkUpdateItem[TaskUpdate],
        lambda item: update_task(ctx, item.id, item.changes, item.version),
    )


def delete_task(ctx: Ctx, task_id: uuid.UUID) -> None:
    """Hard delete: tasks are not restorable. The audit log keeps a summary."""
    ctx.require(OBJ, Action.delete)
    task = get_visible(ctx, Task, OBJ, task_id, label="task")
    gone = snapshot(task, DELETE_SNAPSHOT)
    ctx.session.delete(task)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, task_id, gone)


# --- for reminders, the digest and calendar feeds (background work: no caller, no Ctx) ------


def due_reminders(session: Session, now: datetime, limit: int = 500) -> list[Task]:
    """Open, assigned tasks whose reminder time has come and that were not reminded yet."""
    stmt = (
        select(Task)
        .where(
            Task.remind_at <= now,
            Task.reminded_at.is_(None),
            Task.done == false(),
            Task.owner_id.is_not(None),
        )
        .order_by(Task.remind_at)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def mark_reminded(session: Session, task_id: uuid.UUID, remind_at: datetime, now: datetime) -> bool:
    """Stamp `reminded_at` unless another run did, or the reminder moved meanwhile. A plain
    UPDATE: it is not an edit, so the task's version (and anyone's If-Match) is untouched."""
    result: Any = session.execute(
        update(Task)
        .where(Task.id == task_id, Task.reminded_at.is_(None), Task.remind_at == remind_at)
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def open_tasks_of(
    session: Session,
    owner_id: uuid.UUID,
    *,
    due_from: datetime | None = None,
    due_before: datetime | None = None,
    limit: int = 2000,
) -> list[Task]:
    """A user's open tasks that have a due time, within [due_from, due_before), soonest first."""
    stmt = select(Task).where(Task.owner_id == owner_id, Task.done == false(), Task.due_at.is_not(None))
    if due_from is not None:
        stmt = stmt.where(Task.due_at >= due_from)
    if due_before is not None:
        stmt = stmt.where(Task.due_at < due_before)
    return list(session.scalars(stmt.order_by(Task.due_at, Task.id).limit(limit)))


def my_open_due_between(ctx: Ctx, start: datetime, end: datetime, limit: int = 500) -> list[TaskOut]:
    """The caller's open tasks due in [start, end) (a day's route)."""
    ctx.require(OBJ, Action.read)
    return to_out(
        open_tasks_of(ctx.session, ctx.principal.user_id, due_from=start, due_before=end, limit=limit)
    )
