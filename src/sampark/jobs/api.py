"""Background jobs for administrators: what is queued, what failed, and replaying the dead."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from sampark.deps import CtxDep
from sampark.jobs import registry, service
from sampark.jobs.schemas import JobOut, JobPage, JobSummary

router = APIRouter(prefix="/jobs", tags=["jobs"])

Status = Literal["queued", "running", "retrying", "done", "dead"]


@router.get("", operation_id="jobs-list", summary="Background jobs, most recently changed first")
def list_jobs(
    ctx: CtxDep,
    status: Annotated[Status | None, Query(description="`dead` is the dead-letter list")] = None,
    kind: Annotated[str | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[datetime | None, Query(description="next_before from the previous page")] = None,
) -> JobPage:
    rows = service.list_jobs(ctx, status=status, kind=kind, limit=limit + 1, before=before)
    more = len(rows) > limit
    rows = rows[:limit]
    return JobPage(
        items=[JobOut.model_validate(r) for r in rows],
        next_before=rows[-1].updated_at if more and rows else None,
    )


@router.get("/summary", operation_id="jobs-summary", summary="How many jobs are in each status")
def summary(ctx: CtxDep) -> JobSummary:
    return JobSummary(counts=service.counts(ctx), kinds=sorted(registry.kinds()))


@router.get("/{job_id}", operation_id="jobs-get", summary="One job, with its last error")
def get_job(ctx: CtxDep, job_id: uuid.UUID) -> JobOut:
    return JobOut.model_validate(service.get_job(ctx, job_id))


@router.post("/{job_id}/replay", operation_id="jobs-replay", summary="Run a dead job again")
def replay(ctx: CtxDep, job_id: uuid.UUID) -> JobOut:
    return JobOut.model_validate(service.replay(ctx, job_id))
