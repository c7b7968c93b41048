"""The review queue and the runs, as the API serves them (access checks here)."""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from sampark.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page
from sampark.core.permissions import Action, Obj
from sampark.merges import service as merges
from sampark.people import service as people
from sampark.people.schemas import PersonOut
from sampark.resolution import service
from sampark.resolution.models import MatchCandidate, ResolutionRun
from sampark.resolution.schemas import Decision, DecisionIn, MatchCandidateOut, ResolutionRunOut


def _out(ctx: Ctx, candidate: MatchCandidate) -> MatchCandidateOut | None:
    a, b = people.load(ctx.session, candidate.person_a_id), people.load(ctx.session, candidate.person_b_id)
    if a is None or b is None:
        return None
    return MatchCandidateOut(
        id=candidate.id,
        score=candidate.score,
        match_weight=candidate.match_weight,
        evidence=candidate.evidence,
        status=candidate.status,
        created_at=candidate.created_at,
        decided_at=candidate.decided_at,
        merge_id=candidate.merge_id,
        person_a=PersonOut.model_validate(a),
        person_b=PersonOut.model_validate(b),
    )


def _visible(ctx: Ctx, candidate: MatchCandidate) -> bool:
    return people.is_visible(ctx, candidate.person_a_id) and people.is_visible(ctx, candidate.person_b_id)


def _cursor(score: float, cid: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(json.dumps([score, str(cid)]).encode()).decode()


def list_candidates(ctx: Ctx, status: str, limit: int | None, cursor: str | None) -> Page[MatchCandidateOut]:
    """Pairs whose two people the caller may both see, highest score first."""
    ctx.require(Obj.people, Action.read)
    size = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    stmt = select(MatchCandidate).where(MatchCandidate.status == status)
    if cursor:
        try:
            score, raw_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
            last = (float(score), uuid.UUID(raw_id))
        except (ValueError, TypeError) as exc:
            raise ValidationFailed(
                "Bad cursor.", errors=[FieldError("cursor", "not a cursor", "invalid")]
            ) from exc
        stmt = stmt.where(
            or_(
                MatchCandidate.score < last[0],
                and_(MatchCandidate.score == last[0], MatchCandidate.id > last[1]),
            )
        )
    stmt = stmt.order_by(MatchCandidate.score.desc(), MatchCandidate.id)
    items: list[MatchCandidateOut] = []
    last_seen: MatchCandidate | None = None
    for candidate in ctx.session.scalars(stmt).yield_per(200):
        last_seen = candidate
        if not _visible(ctx, candidate):
            continue
        out = _out(ctx, candidate)
        if out is not None:
            items.append(out)
        if len(items) == size:
            break
    more = len(items) == size and last_seen is not None
    return Page(items=items, next_cursor=_cursor(last_seen.score, last_seen.id) if more and last_seen else None,
                limit=size)  # fmt: skip


def decide(ctx: Ctx, candidate_id: uuid.UUID, body: DecisionIn) -> MatchCandidateOut:
    """Merge the pair (method "review"; needs the right to delete people) or mark it "not the
    same person" (needs the right to change people) — remembered, never proposed again."""
    ctx.require(Obj.people, Action.read)
    candidate = ctx.session.get(MatchCandidate, candidate_id)
    if candidate is None or not _visible(ctx, candidate):
        raise NotFound("No such match candidate.")
    if candidate.status != "pending":
        raise Conflict("This pair was already decided.", code="already_decided")
    if body.decision is Decision.merge:
        pair = (candidate.person_a_id, candidate.person_b_id)
        survivor = body.survivor_id or min(pair, key=lambda x: x.int)
        if survivor not in pair:
            raise ValidationFailed(
                "The survivor must be one of the two people.",
                errors=[FieldError("survivor_id", "not one of the pair", "not_in_pair")],
            )
        merged = pair[1] if survivor == pair[0] else pair[0]
        people.person_for_merge(ctx, survivor, "person")
        people.person_for_merge(ctx, merged, "person to merge")
        merge = merges.merge_people(
            ctx.session, survivor, merged, method="review", actor=ctx.principal, score=candidate.score,
            evidence={"match_weight": candidate.match_weight, "comparisons": candidate.evidence,
                      "candidate_id": str(candidate.id)},
        )  # fmt: skip
        candidate.status, candidate.merge_id = "merged", merge.id
    else:
        ctx.require(Obj.people, Action.write)
        candidate.status = "rejected"
    candidate.decided_at, candidate.decided_by_id = utcnow(), ctx.principal.user_id
    ctx.session.flush()
    out = _out(ctx, candidate)
    if out is None:
        raise NotFound("No such match candidate.")
    return out


# --- runs ---------------------------------------------------------------------------------------

_lock = threading.Lock()


def _admin(ctx: Ctx) -> None:
    if not ctx.principal.is_admin:
        raise PermissionDenied("Only an administrator can run or watch identity resolution.")


def start(
    ctx: Ctx, dry_run: bool, session_factory: Callable[[], AbstractContextManager[Session]]
) -> ResolutionRunOut:
    """Start a run in a background thread with its own session; 409 while one is running."""
    _admin(ctx)
    ctx.require(Obj.people, Action.write)
    with _lock:
        running = ctx.session.scalars(select(ResolutionRun).where(ResolutionRun.status == "running")).first()
        if running is not None:
            raise Conflict("A resolution run is already running.", code="run_in_progress",
                           extra={"run_id": str(running.id)})  # fmt: skip
        job = service.start_run(ctx.session, dry_run=dry_run)  # committed with the request
        out = ResolutionRunOut.model_validate(job)

    def work() -> None:
        for _ in range(600):  # the request's transaction commits the run row first
            with session_factory() as session:
                job = session.get(ResolutionRun, out.id)
                if job is None:
                    session.rollback()
                    time.sleep(0.05)
                    continue
                try:
                    service.run(session, dry_run=dry_run, existing=job)
                except Exception:  # noqa: S110 - recorded on the run by service.run
                    pass
                return

    threading.Thread(target=work, name=f"resolution-{out.id}", daemon=True).start()
    return out


def list_runs(ctx: Ctx) -> list[ResolutionRunOut]:
    _admin(ctx)
    rows = ctx.session.scalars(select(ResolutionRun).order_by(ResolutionRun.started_at.desc()).limit(50))
    return [ResolutionRunOut.model_validate(r) for r in rows]


def get_run(ctx: Ctx, run_id: uuid.UUID) -> ResolutionRunOut:
    _admin(ctx)
    job = ctx.session.get(ResolutionRun, run_id)
    if job is None:
        raise NotFound("No such run.")
    return ResolutionRunOut.model_validate(job)
