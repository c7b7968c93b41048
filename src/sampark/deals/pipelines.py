"""Pipelines and their ordered stages: everyone reads them, admins shape them.

Exactly one pipeline is the default (new deals land there): the first one created becomes
it, making another the default unsets the old one, and the default cannot be deleted.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.ids import new_id
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version, update_audited
from sampark.deals.models import Deal, Pipeline, Stage
from sampark.deals.schemas import (
    PipelineCreate,
    PipelineOut,
    PipelineUpdate,
    StageCreate,
    StageOut,
    StagesReplace,
)

OBJ = Obj.pipelines


def stages_of(session: Session, pipeline_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Stage]]:
    out: dict[uuid.UUID, list[Stage]] = {pid: [] for pid in pipeline_ids}
    if not pipeline_ids:
        return out
    rows = session.scalars(
        select(Stage).where(Stage.pipeline_id.in_(pipeline_ids)).order_by(Stage.position, Stage.id)
    )
    for stage in rows:
        out[stage.pipeline_id].append(stage)
    return out


def _to_out(session: Session, pipelines: list[Pipeline]) -> list[PipelineOut]:
    stages = stages_of(session, [p.id for p in pipelines])
    return [
        PipelineOut(
            id=p.id,
            name=p.name,
            is_default=p.is_default,
            position=p.position,
            stages=[StageOut.model_validate(s) for s in stages[p.id]],
            created_at=p.created_at,
            updated_at=p.updated_at,
            version=p.version,
        )
        for p in pipelines
    ]


def _one(session: Session, pipeline: Pipeline) -> PipelineOut:
    return _to_out(session, [pipeline])[0]


def _get(ctx: Ctx, pipeline_id: uuid.UUID) -> Pipeline:
    ctx.require(OBJ, Action.read)
    pipeline = ctx.session.get(Pipeline, pipeline_id)
    if pipeline is None:
        raise NotFound("No such pipeline.")
    return pipeline


def list_pipelines(ctx: Ctx) -> list[PipelineOut]:
    ctx.require(OBJ, Action.read)
    rows = ctx.session.scalars(select(Pipeline).order_by(Pipeline.position, Pipeline.name)).all()
    return _to_out(ctx.session, list(rows))


def get_pipeline(ctx: Ctx, pipeline_id: uuid.UUID) -> PipelineOut:
    return _one(ctx.session, _get(ctx, pipeline_id))


def default_pipeline(session: Session) -> Pipeline | None:
    return session.scalars(
        select(Pipeline).order_by(Pipeline.is_default.desc(), Pipeline.position, Pipeline.name).limit(1)
    ).first()


def resolve_stage(session: Session, pipeline_id: uuid.UUID | None, stage_id: uuid.UUID | None) -> Stage:
    """Where a deal goes: `stage_id` (which must be a stage of the pipeline) or the pipeline's
    first stage; the pipeline defaults to the default one. Wrong ids answer 422 naming the field."""
    pipeline = default_pipeline(session) if pipeline_id is None else session.get(Pipeline, pipeline_id)
    if pipeline is None:
        if pipeline_id is None:
            raise ValidationFailed(
                "There is no pipeline yet; an admin must create one first.",
                errors=[FieldError("pipeline_id", "no pipeline exists", "no_pipeline")],
            )
        raise ValidationFailed(
            "Unknown pipeline.", errors=[FieldError("pipeline_id", "no such pipeline", "unknown")]
        )
    if stage_id is None:
        first = stages_of(session, [pipeline.id])[pipeline.id]
        if not first:  # pragma: no cover - a pipeline always keeps at least one stage
            raise ValidationFailed(
                "This pipeline has no stages.", errors=[FieldError("stage_id", "required")]
            )
        return first[0]
    stage = session.get(Stage, stage_id)
    if stage is None or stage.pipeline_id != pipeline.id:
        raise ValidationFailed(
            f"That stage is not a stage of the pipeline {pipeline.name!r}.",
            errors=[FieldError("stage_id", "not a stage of the deal's pipeline", "stage_not_in_pipeline")],
        )
    return stage


def _check_stage_names(stages: list[Any]) -> None:
    seen: set[str] = set()
    errors = []
    for i, stage in enumerate(stages):
        key = stage.name.casefold()
        if key in seen:
            errors.append(FieldError(f"stages.{i}.name", "another stage has this name", "duplicate"))
        seen.add(key)
    if errors:
        raise ValidationFailed("Stage names must be unique within a pipeline.", errors=errors)


def _check_name_free(session: Session, name: str, exclude: uuid.UUID | None = None) -> None:
    stmt = select(Pipeline.id).where(func.lower(Pipeline.name) == name.lower())
    if exclude is not None:
        stmt = stmt.where(Pipeline.id != exclude)
    if session.scalars(stmt).first() is not None:
        raise Conflict(
            "Another pipeline has this name.", code="name_taken", errors=[FieldError("name", "taken")]
        )


def _unset_other_defaults(ctx: Ctx, keep: uuid.UUID) -> None:
    others = ctx.session.scalars(
        select(Pipeline).where(Pipeline.is_default.is_(True), Pipeline.id != keep).with_for_update()
    ).all()
    for other in others:

        def unset(pipeline: Pipeline = other) -> None:
            pipeline.is_default = False

        update_audited(ctx, other, ("is_default",), OBJ, unset)


def _stage_view(stage: Stage) -> dict[str, Any]:
    return {
        "id": stage.id,
        "name": stage.name,
        "probability": stage.probability,
        "rotting_days": stage.rotting_days,
    }


def _new_stage(pipeline_id: uuid.UUID, data: StageCreate, position: int) -> Stage:
    return Stage(
        id=new_id(),
        pipeline_id=pipeline_id,
        name=data.name,
        probability=data.probability,
        rotting_days=data.rotting_days,
        position=position,
    )


def create_pipeline(ctx: Ctx, data: PipelineCreate) -> PipelineOut:
    ctx.require(OBJ, Action.write)
    _check_name_free(ctx.session, data.name)
    _check_stage_names(data.stages)
    is_first = ctx.session.scalars(select(Pipeline.id).limit(1)).first() is None
    last = ctx.session.scalar(select(func.max(Pipeline.position)))
    pipeline = Pipeline(
        id=new_id(),
        name=data.name,
        is_default=data.is_default or is_first,
        position=0 if last is None else last + 1,
    )
    if pipeline.is_default:
        # Before the insert: the database allows one default pipeline at a time.
        _unset_other_defaults(ctx, pipeline.id)
    ctx.session.add(pipeline)
    ctx.session.flush()
    for position, item in enumerate(data.stages):
        ctx.session.add(_new_stage(pipeline.id, item, position))
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        OBJ.value,
        pipeline.id,
        {"name": pipeline.name, "is_default": pipeline.is_default, "stages": [s.name for s in data.stages]},
    )
    return _one(ctx.session, pipeline)


def update_pipeline(ctx: Ctx, pipeline_id: uuid.UUID, data: PipelineUpdate, version: int) -> PipelineOut:
    ctx.require(OBJ, Action.write)
    pipeline = _get(ctx, pipeline_id)
    check_version(pipeline, version, lambda: _one(ctx.session, pipeline))
    values = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    if "name" in values:
        _check_name_free(ctx.session, values["name"], exclude=pipeline.id)
    if values.get("is_default") is False and pipeline.is_default:
        raise ValidationFailed(
            "There must be a default pipeline: make another one the default instead.",
            code="default_required",
            errors=[FieldError("is_default", "make another pipeline the default", "default_required")],
        )
    if values.get("is_default"):
        _unset_other_defaults(ctx, pipeline.id)

    def mutate() -> None:
        for key, value in values.items():
            setattr(pipeline, key, value)

    update_audited(ctx, pipeline, ("name", "is_default", "position"), OBJ, mutate)
    return _one(ctx.session, pipeline)


def replace_stages(ctx: Ctx, pipeline_id: uuid.UUID, data: StagesReplace, version: int) -> PipelineOut:
    """Set the ordered stages: keep/update those with an id, add those without, delete the rest
    (409 `stage_in_use` while a deal sits in one of them)."""
    ctx.require(OBJ, Action.write)
    pipeline = _get(ctx, pipeline_id)
    check_version(pipeline, version, lambda: _one(ctx.session, pipeline))
    _check_stage_names(data.stages)
    current = stages_of(ctx.session, [pipeline.id])[pipeline.id]
    existing = {s.id: s for s in current}
    before = [_stage_view(s) for s in current]
    kept: set[uuid.UUID] = set()
    errors = []
    for i, item in enumerate(data.stages):
        if item.id is None:
            continue
        if item.id not in existing:
            errors.append(FieldError(f"stages.{i}.id", "not a stage of this pipeline", "unknown"))
        elif item.id in kept:
            errors.append(FieldError(f"stages.{i}.id", "listed twice", "duplicate"))
        kept.add(item.id)
    if errors:
        raise ValidationFailed("Some stage ids are wrong.", errors=errors)
    removed = [s for s in current if s.id not in kept]
    _refuse_if_used(ctx.session, removed)
    for stage in removed:
        ctx.session.delete(stage)
    for position, item in enumerate(data.stages):
        if item.id is None:
            ctx.session.add(_new_stage(pipeline.id, item, position))
            continue
        stage = existing[item.id]
        stage.name, stage.probability = item.name, item.probability
        stage.rotting_days, stage.position = item.rotting_days, position
    pipeline.updated_at = utcnow()  # a new version, so stale editors of the stages get 412
    try:
        ctx.session.flush()
    except IntegrityError as exc:  # a deal moved into a removed stage meanwhile
        raise Conflict(
            "A stage being deleted still holds deals; move them first.", code="stage_in_use"
        ) from exc
    after = [_stage_view(s) for s in stages_of(ctx.session, [pipeline.id])[pipeline.id]]
    changes = audit.diff({"stages": before}, {"stages": after})
    if changes:
        audit.record(ctx.session, ctx.principal, "update", OBJ.value, pipeline.id, changes)
    return _one(ctx.session, pipeline)


def _refuse_if_used(session: Session, stages: list[Stage]) -> None:
    if not stages:
        return
    ids = [s.id for s in stages]
    used = set(session.scalars(select(Deal.stage_id).where(Deal.stage_id.in_(ids)).distinct()))
    if used:
        names = ", ".join(s.name for s in stages if s.id in used)
        raise Conflict(
            f"These stages still hold deals and cannot be deleted: {names}. Move their deals first.",
            code="stage_in_use",
            errors=[FieldError("stages", f"in use: {names}", "stage_in_use")],
            extra={"stage_ids": [str(s.id) for s in stages if s.id in used]},
        )


def delete_pipeline(ctx: Ctx, pipeline_id: uuid.UUID) -> None:
    ctx.require(OBJ, Action.delete)
    pipeline = _get(ctx, pipeline_id)
    if pipeline.is_default:
        raise Conflict(
            "The default pipeline cannot be deleted; make another one the default first.",
            code="default_pipeline",
        )
    if ctx.session.scalars(select(Deal.id).where(Deal.pipeline_id == pipeline.id).limit(1)).first():
        raise Conflict("This pipeline still holds deals; move or delete them first.", code="pipeline_in_use")
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, pipeline.id, {"name": pipeline.name})
    ctx.session.delete(pipeline)
    ctx.session.flush()
