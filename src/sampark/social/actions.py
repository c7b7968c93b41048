"""What routing (and the inbox's convert) does in other domains, through their services: open a
ticket in a queue, create or update a lead, open a deal."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.people import service as people
from sampark.people.schemas import PersonUpdate
from sampark.social.models import SocialPost
from sampark.social.processing import SYSTEM, create_lead_person
from sampark.tickets import service as tickets
from sampark.tickets import setup as ticket_setup

TICKET_TYPES = {"complaint": "complaint", "question": "question", "purchase_intent": "request"}
BEFORE_LEAD = ("subscriber", "other")


def _subject(post: SocialPost) -> str:
    who = post.author_name or (f"@{post.author_handle}" if post.author_handle else "someone")
    first = " ".join(post.text.split())[:120] or f"{post.kind} on {post.platform}"
    return f"[{post.platform}] {who}: {first}"


def open_ticket(
    session: Session,
    post: SocialPost,
    queue_name: str | None,
    priority: str | None,
    *,
    ctx: Ctx | None = None,
    subject: str | None = None,
) -> str:
    """A ticket for the post in the named queue (routing decides when None); the post links it.
    Answers what happened, for the decision's reason."""
    if post.ticket_id is not None:
        return "already open for this post"
    queue_id: uuid.UUID | None = None
    if queue_name:
        queue_id = ticket_setup.queue_id_by_name(session, queue_name)
        if queue_id is None and ctx is not None:
            raise ValidationFailed(
                "Unknown ticket queue.", errors=[FieldError("queue", "no such queue", "unknown_queue")]
            )
    level = priority or {"urgent": "urgent", "high": "high", "low": "low"}.get(post.priority, "normal")
    description = f"{post.text}\n\n— {post.platform} {post.kind}" + (f" {post.url}" if post.url else "")
    ticket = tickets.open_ticket(
        ctx or tickets.system_ctx(session),
        subject=subject or _subject(post),
        description=description,
        channel="social",
        requester=tickets.Requester(post.person_id, None, None),
        priority=level,
        type_=TICKET_TYPES.get(post.intent or "", "question"),
        tags=["social", post.platform],
        queue_id=queue_id,
    )
    post.ticket_id = ticket.id
    where = queue_name if queue_id else "the routed queue"
    return f"{tickets.token_of(ticket.number)} opened in {where}"


def make_lead(session: Session, post: SocialPost) -> str:
    """The author as a lead: a new person (known by their handle) when unlinked; a subscriber
    (or 'other') moves up to lead; anyone further along is left as they are."""
    if post.person_id is None:
        post.person_id = create_lead_person(session, post)
        return "New lead created from the author"
    person = people.load(session, post.person_id)
    if person is None:
        return "The linked person is gone"
    if person.lifecycle_stage in BEFORE_LEAD:
        ctx = Ctx(session, SYSTEM)
        people.update_person(ctx, person.id, PersonUpdate(lifecycle_stage="lead"), person.version)
        return f"Linked person moved from {person.lifecycle_stage} to lead"
    return f"Linked person is already a {person.lifecycle_stage}"


def open_deal(ctx: Ctx, post: SocialPost, title: str | None, pipeline_id: uuid.UUID | None) -> uuid.UUID:
    from sampark.deals import service as deals
    from sampark.deals.schemas import DealCreate

    if post.person_id is None:
        post.person_id = create_lead_person(ctx.session, post)
    name = (title or _subject(post))[:200]
    deal = deals.create_deal(
        ctx, DealCreate(name=name, person_id=post.person_id, pipeline_id=pipeline_id, tags=["social"])
    )
    post.deal_id = deal.id
    return deal.id
