"""Workflow rules (administrators): CRUD, a dry run against a record, and the run log."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, with_etag
from sampark.workflows import service
from sampark.workflows.schemas import (
    RunOut,
    RunPage,
    TestIn,
    TestOut,
    WorkflowIn,
    WorkflowList,
    WorkflowOut,
    WorkflowUpdate,
)

router = APIRouter(prefix="/workflows", tags=["workflows"])
runs_router = APIRouter(prefix="/workflow-runs", tags=["workflows"])


@router.get("", operation_id="workflows-list", summary="Workflow rules, by name")
def list_workflows(ctx: CtxDep) -> WorkflowList:
    return WorkflowList(items=service.list_workflows(ctx))


@router.post("", operation_id="workflows-create", status_code=201, summary="Create a workflow rule")
def create_workflow(body: WorkflowIn, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> WorkflowOut:
    """A rule starts switched off unless `active` is true; a wrong field answers 422 naming it
    (e.g. `actions.2.field`)."""
    return idem.run(lambda: with_etag(response, service.create_workflow(ctx, body)))  # type: ignore[no-any-return]


@router.get("/{workflow_id}", operation_id="workflows-get")
def get_workflow(workflow_id: uuid.UUID, ctx: CtxDep, response: Response) -> WorkflowOut:
    return with_etag(response, service.get_workflow(ctx, workflow_id))


@router.patch("/{workflow_id}", operation_id="workflows-update")
def update_workflow(
    workflow_id: uuid.UUID, body: WorkflowUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> WorkflowOut:
    """Change the fields sent (e.g. `{"active": true}`). Needs `If-Match: <version>`."""
    return with_etag(response, service.update_workflow(ctx, workflow_id, body, version))


@router.delete("/{workflow_id}", operation_id="workflows-delete", status_code=204, response_class=Response)
def delete_workflow(workflow_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Delete the rule and its run log; runs waiting on a delay stop."""
    service.delete_workflow(ctx, workflow_id)
    return Response(status_code=204)


@router.post("/{workflow_id}/test", operation_id="workflows-test", summary="Dry-run a rule on a record")
def test_workflow(workflow_id: uuid.UUID, body: TestIn, ctx: CtxDep) -> TestOut:
    """Whether the record meets the trigger and condition now, and what each action would do.
    Changes nothing."""
    return service.test_workflow(ctx, workflow_id, body.record_id)


@router.get("/{workflow_id}/runs", operation_id="workflows-runs", summary="A rule's run log, newest first")
def list_runs(
    workflow_id: uuid.UUID,
    ctx: CtxDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[uuid.UUID | None, Query(description="next_before from the previous page")] = None,
) -> RunPage:
    return service.list_runs(ctx, workflow_id, limit=limit, before=before)


@runs_router.get("/{run_id}", operation_id="workflow-runs-get", summary="One run with its steps")
def get_run(run_id: uuid.UUID, ctx: CtxDep) -> RunOut:
    return service.get_run(ctx, run_id)
