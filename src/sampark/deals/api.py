from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from sampark.core.bulk import BulkCreate, BulkResult, BulkUpdate
from sampark.core.pagination import Page
from sampark.deals import pipelines, service
from sampark.deals import summary as board
from sampark.deals.schemas import (
    DealCreate,
    DealMove,
    DealOut,
    DealUpdate,
    PipelineCreate,
    PipelineOut,
    PipelineSummary,
    PipelineUpdate,
    StageChangeOut,
    StagesReplace,
)
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, ListParamsDep, parse_if_match, with_etag

router = APIRouter(prefix="/deals", tags=["deals"])
pipelines_router = APIRouter(prefix="/pipelines", tags=["pipelines"])


# --- pipelines ------------------------------------------------------------------------------


@pipelines_router.get("", operation_id="pipelines-list", response_model=list[PipelineOut])
def list_pipelines(ctx: CtxDep) -> list[PipelineOut]:
    """Every pipeline with its stages in board order; the default one is flagged."""
    return pipelines.list_pipelines(ctx)


@pipelines_router.post("", operation_id="pipelines-create", response_model=PipelineOut, status_code=201)
def create_pipeline(
    body: PipelineCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response
) -> PipelineOut:
    """Admins: create a pipeline with its ordered stages. The first pipeline becomes the default."""
    return idem.run(lambda: with_etag(response, pipelines.create_pipeline(ctx, body)))  # type: ignore[no-any-return]


@pipelines_router.get("/{pipeline_id}", operation_id="pipelines-get", response_model=PipelineOut)
def get_pipeline(pipeline_id: uuid.UUID, ctx: CtxDep, response: Response) -> PipelineOut:
    return with_etag(response, pipelines.get_pipeline(ctx, pipeline_id))


@pipelines_router.patch("/{pipeline_id}", operation_id="pipelines-update", response_model=PipelineOut)
def update_pipeline(
    pipeline_id: uuid.UUID, body: PipelineUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> PipelineOut:
    """Admins: rename, reorder, or make this the default pipeline. Needs `If-Match`."""
    return with_etag(response, pipelines.update_pipeline(ctx, pipeline_id, body, version))


@pipelines_router.put("/{pipeline_id}/stages", operation_id="pipelines-stages", response_model=PipelineOut)
def replace_stages(
    pipeline_id: uuid.UUID, body: StagesReplace, ctx: CtxDep, version: IfMatchDep, response: Response
) -> PipelineOut:
    """Admins: set the stages in order. Stages with an `id` are kept and updated, stages without
    one are added, stages left out are deleted: 409 `stage_in_use` while deals sit in them.
    Needs `If-Match` with the pipeline's version."""
    return with_etag(response, pipelines.replace_stages(ctx, pipeline_id, body, version))


@pipelines_router.delete(
    "/{pipeline_id}", operation_id="pipelines-delete", status_code=204, response_class=Response
)
def delete_pipeline(pipeline_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Admins: delete a pipeline that holds no deals and is not the default."""
    pipelines.delete_pipeline(ctx, pipeline_id)
    return Response(status_code=204)


# --- deals ----------------------------------------------------------------------------------


@router.get("", operation_id="deals-list", response_model=Page[DealOut])
def list_deals(ctx: CtxDep, params: ListParamsDep) -> Page[DealOut]:
    """Deals you may see, newest change first unless `sort` says otherwise."""
    return service.list_deals(ctx, params)


@router.post("", operation_id="deals-create", response_model=DealOut, status_code=201)
def create_deal(body: DealCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> DealOut:
    """Create a deal, by default in the default pipeline's first stage. `amount` is decimal text
    with at most the currency's decimal places."""
    return idem.run(lambda: with_etag(response, service.create_deal(ctx, body)))  # type: ignore[no-any-return]


@router.post("/bulk", operation_id="deals-bulk-create", response_model=BulkResult[DealOut])
def bulk_create(body: BulkCreate[DealCreate], ctx: CtxDep) -> BulkResult[DealOut]:
    """Create up to 1,000 deals; each item succeeds or fails on its own."""
    return service.bulk_create(ctx, body.items)


@router.patch("/bulk", operation_id="deals-bulk-update", response_model=BulkResult[DealOut])
def bulk_update(body: BulkUpdate[DealUpdate], ctx: CtxDep) -> BulkResult[DealOut]:
    """Update up to 1,000 deals, each with the version it was read at."""
    return service.bulk_update(ctx, body.items)


@router.get("/summary", operation_id="deals-summary", response_model=PipelineSummary)
def summary(
    ctx: CtxDep,
    pipeline_id: Annotated[uuid.UUID | None, Query(description="Defaults to the default pipeline")] = None,
    filter: Annotated[str | None, Query(max_length=20_000, description="As for the list")] = None,
    q: Annotated[str | None, Query(max_length=200, description="As for the list")] = None,
) -> PipelineSummary:
    """The board's column headers: per stage, the number of deals you may see and their total per currency."""
    return board.summary(ctx, pipeline_id, filter, q)


@router.get("/{deal_id}", operation_id="deals-get", response_model=DealOut)
def get_deal(deal_id: uuid.UUID, ctx: CtxDep, response: Response) -> DealOut:
    return with_etag(response, service.get_deal(ctx, deal_id))


@router.patch("/{deal_id}", operation_id="deals-update", response_model=DealOut)
def update_deal(
    deal_id: uuid.UUID, body: DealUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> DealOut:
    """Change the fields sent. Needs `If-Match: <version>`; a stale version answers 412 with the current record.
    Setting status won/lost closes the deal (lost needs `lost_reason`); open reopens it."""
    return with_etag(response, service.update_deal(ctx, deal_id, body, version))


@router.delete("/{deal_id}", operation_id="deals-delete", status_code=204, response_class=Response)
def delete_deal(deal_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Delete a deal for good (deals have no bin)."""
    service.delete_deal(ctx, deal_id)
    return Response(status_code=204)


@router.post("/{deal_id}/move", operation_id="deals-move", response_model=DealOut)
def move_deal(
    deal_id: uuid.UUID,
    body: DealMove,
    ctx: CtxDep,
    response: Response,
    if_match_header: Annotated[
        str | None,
        Header(alias="If-Match", description="Optional: the version you read; stale answers 412"),
    ] = None,
) -> DealOut:
    """Move the deal to another stage of its pipeline; the move is kept in its stage history."""
    version = None if if_match_header is None else parse_if_match(if_match_header)
    return with_etag(response, service.move_deal(ctx, deal_id, body.stage_id, version))


@router.get(
    "/{deal_id}/stage-history", operation_id="deals-stage-history", response_model=list[StageChangeOut]
)
def stage_history(deal_id: uuid.UUID, ctx: CtxDep) -> list[StageChangeOut]:
    """Every stage the deal entered, oldest first, with who moved it and how long it sat before."""
    return service.stage_history(ctx, deal_id)
