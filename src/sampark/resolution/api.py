from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from sampark.core.pagination import Page
from sampark.deps import CtxDep, DbDep
from sampark.resolution import review
from sampark.resolution.schemas import DecisionIn, MatchCandidateOut, ResolutionRunIn, ResolutionRunOut

router = APIRouter(tags=["resolution"])


@router.get("/match-candidates", operation_id="match-candidates-list", response_model=Page[MatchCandidateOut])
def list_candidates(
    ctx: CtxDep,
    status: Annotated[str, Query(pattern="^(pending|merged|rejected)$")] = "pending",
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
    cursor: str | None = None,
) -> Page[MatchCandidateOut]:
    """The review queue: pairs of people the batch resolution found likely the same, highest
    score first, each with both people and the evidence (which fields agreed, and the match
    weight of each). Only pairs whose two people you may see."""
    return review.list_candidates(ctx, status, limit, cursor)


@router.post(
    "/match-candidates/{candidate_id}/decision",
    operation_id="match-candidates-decide",
    response_model=MatchCandidateOut,
)
def decide(candidate_id: uuid.UUID, body: DecisionIn, ctx: CtxDep) -> MatchCandidateOut:
    """Merge the pair (needs the right to delete people; `survivor_id` picks who stays, the older
    by default; undo with `POST /merges/{merge_id}/undo`) or reject it as "not the same person",
    which is remembered and never proposed again (needs the right to change people). A pair
    already decided answers 409."""
    return review.decide(ctx, candidate_id, body)


@router.post("/resolution/runs", operation_id="resolution-runs-start", response_model=ResolutionRunOut,
             status_code=202)  # fmt: skip
def start_run(body: ResolutionRunIn, ctx: CtxDep, db: DbDep) -> ResolutionRunOut:
    """Start a probabilistic resolution run in the background (administrators). Pairs above the
    auto-merge threshold merge, pairs between the thresholds go to the review queue. 409 while
    a run is running. Watch it with `GET /resolution/runs/{id}`."""
    return review.start(ctx, body.dry_run, db.session)


@router.get("/resolution/runs", operation_id="resolution-runs-list", response_model=list[ResolutionRunOut])
def list_runs(ctx: CtxDep) -> list[ResolutionRunOut]:
    """The latest 50 runs, newest first (administrators)."""
    return review.list_runs(ctx)


@router.get("/resolution/runs/{run_id}", operation_id="resolution-runs-get", response_model=ResolutionRunOut)
def get_run(run_id: uuid.UUID, ctx: CtxDep) -> ResolutionRunOut:
    """One run and its progress: stage, records read, pairs scored, merged, queued (administrators)."""
    return review.get_run(ctx, run_id)
