"""Saved views over the lists (people, companies, deals, tasks, activities, tickets)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, with_etag
from sampark.views import service
from sampark.views.schemas import SavedViewCreate, SavedViewOut, SavedViewUpdate, ViewObject

router = APIRouter(prefix="/views", tags=["views"])


@router.get("", operation_id="views-list", response_model=list[SavedViewOut])
def list_views(ctx: CtxDep, object_type: ViewObject | None = None) -> list[SavedViewOut]:
    """Your views and the shared ones."""
    return service.list_views(ctx, object_type)


@router.post("", operation_id="views-create", response_model=SavedViewOut, status_code=201)
def create_view(body: SavedViewCreate, ctx: CtxDep, idem: IdempotencyDep) -> SavedViewOut:
    return idem.run(lambda: service.create_view(ctx, body))  # type: ignore[no-any-return]


@router.get("/{view_id}", operation_id="views-get", response_model=SavedViewOut)
def get_view(view_id: uuid.UUID, ctx: CtxDep, response: Response) -> SavedViewOut:
    return with_etag(response, service.get_view(ctx, view_id))


@router.patch("/{view_id}", operation_id="views-update", response_model=SavedViewOut)
def update_view(
    view_id: uuid.UUID, body: SavedViewUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> SavedViewOut:
    """Your own views only (admins: any)."""
    return with_etag(response, service.update_view(ctx, view_id, body, version))


@router.delete("/{view_id}", operation_id="views-delete", status_code=204, response_class=Response)
def delete_view(view_id: uuid.UUID, ctx: CtxDep) -> Response:
    service.delete_view(ctx, view_id)
    return Response(status_code=204)


@router.put("/{view_id}/default", operation_id="views-set-default", response_model=SavedViewOut)
def set_default(view_id: uuid.UUID, ctx: CtxDep) -> SavedViewOut:
    """Make this (own or shared) view the one its list opens with, for you."""
    return service.set_default(ctx, view_id)


@router.delete("/{view_id}/default", operation_id="views-clear-default", response_model=SavedViewOut)
def clear_default(view_id: uuid.UUID, ctx: CtxDep) -> SavedViewOut:
    """The list opens with no view again."""
    return service.clear_default(ctx, view_id)
