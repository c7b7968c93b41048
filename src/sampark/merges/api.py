from __future__ import annotations

import uuid

from fastapi import APIRouter

from sampark.deps import CtxDep
from sampark.merges import service
from sampark.merges.schemas import MergeOut, MergeRequest

router = APIRouter(tags=["merges"])


@router.post(
    "/people/{person_id}/merge", operation_id="people-merge", response_model=MergeOut, status_code=201
)
def merge(person_id: uuid.UUID, body: MergeRequest, ctx: CtxDep) -> MergeOut:
    """Fold another person into this one: identities, source records, events, activities, deals,
    tasks and orders move here, contact points are combined, and the other person is retired.
    Needs the right to delete people. Undo with `POST /merges/{id}/undo`."""
    return service.merge_by_user(ctx, person_id, body.merged_id, body.reason)


@router.get("/people/{person_id}/merges", operation_id="people-merges", response_model=list[MergeOut])
def merges_of(person_id: uuid.UUID, ctx: CtxDep) -> list[MergeOut]:
    """Merges into or out of this person, newest first."""
    return service.merges_of(ctx, person_id)


@router.post("/merges/{merge_id}/undo", operation_id="merges-undo", response_model=MergeOut)
def undo(merge_id: uuid.UUID, ctx: CtxDep) -> MergeOut:
    """Unmerge: both people come back with their own records and fields. Rows added to the
    survivor after the merge stay with it."""
    return service.undo_by_user(ctx, merge_id)
