"""A person's timeline and traits."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from sampark.core.pagination import Page
from sampark.deps import CtxDep
from sampark.profiles import timeline, traits
from sampark.profiles.schemas import TimelineItem, TimelineKind, Traits

router = APIRouter(prefix="/people", tags=["profiles"])


@router.get("/{person_id}/timeline", operation_id="people-timeline", response_model=Page[TimelineItem])
def person_timeline(
    person_id: uuid.UUID,
    ctx: CtxDep,
    kinds: Annotated[
        list[TimelineKind] | None,
        Query(
            description="Only these kinds (repeatable, or comma-separated): track, page, screen, "
            "identify, order, refund, activity, deal, merge"
        ),
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=400, description="`next_cursor` of the previous page")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> Page[TimelineItem]:
    """Everything that happened with the person, newest first, across kinds: tracked events,
    orders, refunds, activities, deals, merges. Kinds your role may not read are left out."""
    return timeline.person_timeline(ctx, person_id, kinds, cursor, limit)


@router.get("/{person_id}/traits", operation_id="people-traits", response_model=Traits)
def person_traits(person_id: uuid.UUID, ctx: CtxDep) -> Traits:
    """Computed now: first and last seen, orders and spend, RFM scores and segment, engagement
    score, most used channel, identities and sources (formulas in docs/customer360.md)."""
    return traits.person_traits(ctx, person_id)
