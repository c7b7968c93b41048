from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from sampark.activities import service
from sampark.activities.schemas import ActivityCreate, ActivityOut, ActivityUpdate
from sampark.core.pagination import Page
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, ListParamsDep, with_etag

router = APIRouter(prefix="/activities", tags=["activities"])


@router.get("", operation_id="activities-list", response_model=Page[ActivityOut])
def list_activities(ctx: CtxDep, params: ListParamsDep) -> Page[ActivityOut]:
    """Activities you may see, newest first (`sort=-occurred_at`) unless `sort` says otherwise.

    A record's timeline: `filter={"field": "person_id", "op": "eq", "value": "<id>"}`
    (or `company_id`, `deal_id`). `q` searches subject, body, outcome and place."""
    return service.list_activities(ctx, params)


@router.post("", operation_id="activities-create", response_model=ActivityOut, status_code=201)
def create_activity(
    body: ActivityCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response
) -> ActivityOut:
    """Log a call, meeting, e-mail, note or visit on a person, company and/or deal you can see."""
    return idem.run(lambda: with_etag(response, service.create_activity(ctx, body)))  # type: ignore[no-any-return]


@router.get("/{activity_id}", operation_id="activities-get", response_model=ActivityOut)
def get_activity(activity_id: uuid.UUID, ctx: CtxDep, response: Response) -> ActivityOut:
    return with_etag(response, service.get_activity(ctx, activity_id))


@router.patch("/{activity_id}", operation_id="activities-update", response_model=ActivityOut)
def update_activity(
    activity_id: uuid.UUID, body: ActivityUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> ActivityOut:
    """Change the fields sent. Needs `If-Match: <version>`; a stale version answers 412 with the current record."""
    return with_etag(response, service.update_activity(ctx, activity_id, body, version))


@router.delete("/{activity_id}", operation_id="activities-delete", status_code=204, response_class=Response)
def delete_activity(activity_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Delete for good (activities are not restorable); the audit log keeps a summary."""
    service.delete_activity(ctx, activity_id)
    return Response(status_code=204)
