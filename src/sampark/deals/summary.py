"""The pipeline board's column headers: per stage, how many deals and their totals."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import func

from sampark.core.context import Ctx
from sampark.core.errors import NotFound
from sampark.core.filters import compile_filter, parse_filter
from sampark.core.permissions import Action
from sampark.core.records import visible_statement
from sampark.core.search import search_clause
from sampark.deals import pipelines
from sampark.deals.models import Deal, Pipeline
from sampark.deals.schemas import CurrencyTotal, PipelineSummary, StageSummary
from sampark.deals.service import OBJ, fields, format_amount


def summary(ctx: Ctx, pipeline_id: uuid.UUID | None, filter: str | None, q: str | None) -> PipelineSummary:
    """Per stage of a pipeline: how many deals the caller may see, and their total per currency
    (amounts in different currencies are never added up). `filter` and `q` narrow it like the
    list does, so a filtered board's headers match its cards."""
    ctx.require(OBJ, Action.read)
    if pipeline_id is None:
        pipeline = pipelines.default_pipeline(ctx.session)
    else:
        pipeline = ctx.session.get(Pipeline, pipeline_id)
    if pipeline is None:
        raise NotFound("No such pipeline.")
    columns = (
        Deal.stage_id,
        Deal.currency,
        func.count(Deal.id),
        func.count(Deal.amount),
        func.sum(Deal.amount),
    )
    stmt = (
        visible_statement(ctx, Deal, OBJ)
        .with_only_columns(*columns)
        .where(Deal.pipeline_id == pipeline.id)
        .group_by(Deal.stage_id, Deal.currency)
    )
    condition = compile_filter(parse_filter(filter), fields(ctx))
    if condition is not None:
        stmt = stmt.where(condition)
    if q:
        clause = search_clause(Deal, q, ctx.session.get_bind().dialect.name)
        if clause is not None:
            stmt = stmt.where(clause)
    counts: dict[uuid.UUID, int] = {}
    totals: dict[uuid.UUID, list[CurrencyTotal]] = {}
    for stage_id, currency, count, with_amount, total in ctx.session.execute(stmt):
        counts[stage_id] = counts.get(stage_id, 0) + count
        if with_amount:
            amount = format_amount(Decimal(total or 0), currency) or "0"
            totals.setdefault(stage_id, []).append(
                CurrencyTotal(currency=currency, count=with_amount, amount=amount)
            )
    stages = pipelines.stages_of(ctx.session, [pipeline.id])[pipeline.id]
    return PipelineSummary(
        pipeline_id=pipeline.id,
        stages=[
            StageSummary(
                stage_id=s.id,
                name=s.name,
                position=s.position,
                probability=s.probability,
                count=counts.get(s.id, 0),
                totals=sorted(totals.get(s.id, []), key=lambda t: t.currency),
            )
            for s in stages
        ],
    )
