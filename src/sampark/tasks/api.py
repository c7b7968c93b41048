from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from sampark.core.bulk import BulkResult, BulkUpdate
from sampark.core.pagination import Page
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, ListParamsDep, with_etag
from sampark.tasks import service
from sampark.tasks.schemas import TaskCreate, TaskOut, TaskUpdate, TaskView

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get("", operation_id="tasks-list", response_model=Page[TaskOut])
def list_tasks(
    ctx: CtxDep,
    params: ListParamsDep,
    view: Annotated[
        TaskView | None,
        Query(
            description="Your open tasks, in your time zone: `today` (due today or overdue), "
            "`overdue` (due time passed), `upcoming` (due tomorrow or later). Combines with `filter`."
        ),
    ] = None,
) -> Page[TaskOut]:
    """Tasks you may see, soonest due first (`sort=due_at`; undated last) unless `sort` says otherwise."""
    return service.list_tasks(ctx, params, view)


@router.patch("/bulk", operation_id="tasks-bulk-update", response_model=BulkResult[TaskOut])
def bulk_update(body: BulkUpdate[TaskUpdate], ctx: CtxDep) -> BulkResult[TaskOut]:
    """Update up to 1,000 tasks (reassign, reschedule, `done: true`), each with the version it was read at."""
    return service.bulk_update(ctx, body.items)


@router.post("", operation_id="tasks-create", response_model=TaskOut, status_code=201)
def create_task(body: TaskCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> TaskOut:
    """Create a task, assigned to you unless `assignee_id` names someone you may assign to."""
    return idem.run(lambda: with_etag(response, service.create_task(ctx, body)))  # type: ignore[no-any-return]


@router.get("/{task_id}", operation_id="tasks-get", response_model=TaskOut)
def get_task(task_id: uuid.UUID, ctx: CtxDep, response: Response) -> TaskOut:
    return with_etag(response, service.get_task(ctx, task_id))


@router.patch("/{task_id}", operation_id="tasks-update", response_model=TaskOut)
def update_task(
    task_id: uuid.UUID, body: TaskUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> TaskOut:
    """Change the fields sent. Needs `If-Match: <version>`; a stale version answers 412 with the current record."""
    return with_etag(response, service.update_task(ctx, task_id, body, version))


@router.post("/{task_id}/complete", operation_id="tasks-complete", response_model=TaskOut)
def complete_task(task_id: uuid.UUID, ctx: CtxDep, response: Response) -> TaskOut:
    """Mark done in one tap: no If-Match needed, and completing a done task is a harmless no-op."""
    return with_etag(response, service.complete_task(ctx, task_id))


@router.delete("/{task_id}", operation_id="tasks-delete", status_code=204, response_class=Response)
def delete_task(task_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Delete for good (tasks are not restorable); the audit log keeps a summary."""
    service.delete_task(ctx, task_id)
    return Response(status_code=204)
