"""The social inbox: who sees which posts, listing and reading them, changing their handling
(status, assignee, team, person, a sentiment correction), converting them, and ingestion
through the API.

Visibility: a role with `all` sees every post; `team` sees the posts in its teams' inboxes
(routed or copied there) and those assigned to the caller; `own` only those assigned to them."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, exists, false, or_, select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, NotFound, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.pagination import Page, clamp_limit, fetch_page, parse_sort
from sampark.core.permissions import Action, Obj, Visibility
from sampark.core.records import check_version
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.social import actions, ingest, learning, processing, routing
from sampark.social.models import SocialPost, SocialPostTeam, SocialReply, SocialRoutingDecision, SocialThread
from sampark.social.platforms import Incoming
from sampark.social.schemas import (
    AssignIn,
    ConvertIn,
    DecisionOut,
    IngestItem,
    IngestResult,
    PostDetail,
    PostIn,
    PostOut,
    PostUpdate,
    ReplyOut,
    TeamRef,
    ThreadEntry,
    ThreadOut,
)
from sampark.users import service as users

OBJ = Obj.social


def visible(ctx: Ctx, stmt: Select[Any]) -> Select[Any]:
    grant = ctx.principal.grant(OBJ)
    me = ctx.principal.user_id
    if grant.visibility is Visibility.all:
        return stmt
    if grant.visibility is Visibility.none:
        return stmt.where(false())
    if grant.visibility is Visibility.own:
        return stmt.where(SocialPost.assignee_id == me)
    teams = sorted(ctx.principal.team_ids)
    in_team = exists().where(SocialPostTeam.post_id == SocialPost.id, SocialPostTeam.team_id.in_(teams))
    return stmt.where(or_(SocialPost.assignee_id == me, in_team) if teams else SocialPost.assignee_id == me)


def to_out(session: Session, rows: list[SocialPost], model: type[PostOut] = PostOut) -> list[Any]:
    links: dict[uuid.UUID, list[tuple[uuid.UUID, bool]]] = {}
    if rows:
        for post_id, team_id, is_copy in session.execute(
            select(SocialPostTeam.post_id, SocialPostTeam.team_id, SocialPostTeam.is_copy).where(
                SocialPostTeam.post_id.in_([r.id for r in rows])
            )
        ):
            links.setdefault(post_id, []).append((team_id, is_copy))
    names = users.team_names(session, {t for v in links.values() for t, _ in v})
    out = []
    for row in rows:
        teams = [
            TeamRef(id=t, name=names.get(t, ""), is_copy=c)
            for t, c in sorted(links.get(row.id, []), key=lambda x: x[1])
        ]
        out.append(model.model_validate(row).model_copy(update={"teams": teams}))
    return out


def _get(ctx: Ctx, post_id: uuid.UUID) -> SocialPost:
    ctx.require(OBJ, Action.read)
    row: SocialPost | None = ctx.session.scalars(
        visible(ctx, select(SocialPost)).where(SocialPost.id == post_id)
    ).first()
    if row is None:
        raise NotFound("No such social post.")
    return row


def get_post(ctx: Ctx, post_id: uuid.UUID) -> PostDetail:
    result: PostDetail = to_out(ctx.session, [_get(ctx, post_id)], PostDetail)[0]
    return result


# --- listing ------------------------------------------------------------------------------------------


def _fields() -> dict[str, FieldSpec]:
    p = SocialPost
    return {
        "posted_at": FieldSpec("posted_at", p.posted_at, FieldType.datetime, sortable=True, nullable=False),
        "priority_score": FieldSpec("priority_score", p.priority_score, FieldType.number, sortable=True, nullable=False),
        "created_at": FieldSpec("created_at", p.created_at, FieldType.datetime, sortable=True, nullable=False),
        "author_followers": FieldSpec("author_followers", p.author_followers, FieldType.number, sortable=True, nullable=False),
    }  # fmt: skip


@dataclass
class PostFilters:
    platform: list[str] | None = None
    sentiment: list[str] | None = None
    intent: list[str] | None = None
    language: list[str] | None = None
    status: list[str] | None = None
    priority: list[str] | None = None
    kind: list[str] | None = None
    team_id: uuid.UUID | None = None
    assignee: str | None = None
    person_id: uuid.UUID | None = None
    thread_id: uuid.UUID | None = None
    q: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def filtered(ctx: Ctx, f: PostFilters) -> Select[Any]:
    stmt = visible(ctx, select(SocialPost)).where(SocialPost.direction == "in")
    for column, values in (
        (SocialPost.platform, f.platform), (SocialPost.sentiment, f.sentiment), (SocialPost.intent, f.intent),
        (SocialPost.language, f.language), (SocialPost.status, f.status), (SocialPost.priority, f.priority),
        (SocialPost.kind, f.kind),
    ):  # fmt: skip
        if values:
            stmt = stmt.where(column.in_(values))
    if f.team_id is not None:
        stmt = stmt.where(
            exists().where(SocialPostTeam.post_id == SocialPost.id, SocialPostTeam.team_id == f.team_id)
        )
    if f.assignee == "me":
        stmt = stmt.where(SocialPost.assignee_id == ctx.principal.user_id)
    elif f.assignee == "unassigned":
        stmt = stmt.where(SocialPost.assignee_id.is_(None))
    elif f.assignee:
        try:
            stmt = stmt.where(SocialPost.assignee_id == uuid.UUID(f.assignee))
        except ValueError as exc:
            raise ValidationFailed(
                "assignee is `me`, `unassigned` or a user id.", errors=[FieldError("assignee", "invalid")]
            ) from exc
    if f.person_id is not None:
        stmt = stmt.where(SocialPost.person_id == f.person_id)
    if f.thread_id is not None:
        stmt = stmt.where(SocialPost.thread_id == f.thread_id)
    if f.since is not None:
        stmt = stmt.where(SocialPost.posted_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(SocialPost.posted_at < f.until)
    if f.q:
        for word in f.q.lower().split()[:5]:
            stmt = stmt.where(SocialPost.search_text.contains(word, autoescape=True))
    return stmt


def list_posts(
    ctx: Ctx, f: PostFilters, *, cursor: str | None, limit: int | None, sort: str | None
) -> Page[PostOut]:
    ctx.require(OBJ, Action.read)
    size = clamp_limit(limit)
    order = parse_sort(sort, _fields(), "-posted_at")
    rows, next_cursor = fetch_page(ctx.session, filtered(ctx, f), order, SocialPost.id, cursor, size)
    return Page[PostOut](items=to_out(ctx.session, rows), next_cursor=next_cursor, limit=size)


# --- ingestion ----------------------------------------------------------------------------------------


def _incoming(data: PostIn) -> Incoming:
    return Incoming(
        platform=data.platform.value, external_id=data.external_id, account_id=data.account_id,
        kind=data.kind, text=data.text, posted_at=data.posted_at or utcnow(),
        author_external_id=data.author.external_id, author_handle=data.author.handle,
        author_name=data.author.name, author_followers=data.author.followers,
        parent_external_id=data.parent_external_id, thread_external_id=data.thread_external_id,
        likes=data.likes, shares=data.shares, replies=data.replies, url=data.url, raw=data.raw,
    )  # fmt: skip


def validate_items(raw_items: list[Any], prefix: str = "items") -> list[PostIn]:
    """Every item validated; one 422 naming each bad item's index and field."""
    items: list[PostIn] = []
    errors: list[FieldError] = []
    for index, raw in enumerate(raw_items):
        try:
            items.append(PostIn.model_validate(raw))
        except ValidationError as exc:
            for e in exc.errors():
                where = ".".join(str(p) for p in e["loc"])
                errors.append(
                    FieldError(f"{prefix}[{index}]{'.' + where if where else ''}", e["msg"], e["type"])
                )
    if errors:
        raise ValidationFailed(
            f"{len({e['field'].split(']')[0] for e in errors})} item(s) are not valid; nothing was stored.",
            errors=errors[:200],
        )
    return items


def ingest_posts(ctx: Ctx, items: list[PostIn]) -> IngestResult:
    """Store the posts (a replay is stored once) and process the new ones in this request."""
    ctx.require(OBJ, Action.write)
    stored = ingest.store(ctx.session, [_incoming(i) for i in items])
    new_ids = [pid for pid, dup in stored if not dup]
    processing.process(ctx.session, new_ids)
    if new_ids:
        audit.record(ctx.session, ctx.principal, "ingest", OBJ.value, None, {"created": len(new_ids)})
    return IngestResult(
        created=len(new_ids),
        duplicates=len(stored) - len(new_ids),
        items=[IngestItem(index=i, id=pid, duplicate=dup) for i, (pid, dup) in enumerate(stored)],
    )


# --- handling -----------------------------------------------------------------------------------------


def _set_status(post: SocialPost, status: str) -> None:
    post.status = status
    post.done_at = utcnow() if status == "done" else None


def update_post(ctx: Ctx, post_id: uuid.UUID, data: PostUpdate, version: int) -> PostDetail:
    ctx.require(OBJ, Action.write)
    post = _get(ctx, post_id)
    check_version(post, version, lambda: to_out(ctx.session, [post])[0])
    changes = data.model_dump(exclude_unset=True)
    before = {k: getattr(post, k) for k in changes}
    if changes.get("status"):
        _set_status(post, changes["status"])
    if "assignee_id" in changes:
        _assign(ctx, post, changes["assignee_id"])
    if changes.get("team_id"):
        _move(ctx, post, changes["team_id"])
    if "person_id" in changes:
        _link_person(ctx, post, changes["person_id"])
    corrected = False
    if changes.get("sentiment") and changes["sentiment"] != post.sentiment:
        learning.correct(ctx, post, changes["sentiment"])
        corrected = True
    intent_corrected = bool(changes.get("intent") and changes["intent"] != post.intent)
    if intent_corrected:
        routing.record_manual(ctx.session, post, ctx, "intent", changes["intent"],
                              f"Intent corrected from {post.intent or 'none'} to {changes['intent']}")  # fmt: skip
        post.intent, post.intent_confidence = changes["intent"], 1.0
        corrected = True
    if corrected:
        processing.reprioritise(ctx.session, post)
    if intent_corrected and not ({"status", "assignee_id", "team_id"} & changes.keys()):
        # Routing follows the intent: a post nobody has taken in hand yet is routed again by
        # the rules, as if it had arrived with the corrected intent (routing.reroute).
        ctx.session.flush()
        routing.reroute(ctx.session, post, f"Routed again: the intent was corrected to {post.intent} "
                        f"(by {ctx.principal.email})")  # fmt: skip
    post.updated_at = utcnow()
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", OBJ.value, post.id,
                 audit.diff(before, {k: getattr(post, k) for k in changes}))  # fmt: skip
    return get_post(ctx, post.id)


def _assign(ctx: Ctx, post: SocialPost, assignee_id: uuid.UUID | None) -> None:
    if assignee_id is not None and not users.existing_user_ids(ctx.session, {assignee_id}):
        raise ValidationFailed(
            "Unknown assignee.", errors=[FieldError("assignee_id", "no such user", "unknown_user")]
        )
    post.assignee_id = assignee_id
    if assignee_id is not None and post.status == "new":
        post.status = "open"
    routing.record_manual(ctx.session, post, ctx, "assign", str(assignee_id) if assignee_id else None,
                          "Assigned" if assignee_id else "Unassigned")  # fmt: skip


def _move(ctx: Ctx, post: SocialPost, team_id: uuid.UUID) -> None:
    names = users.team_names(ctx.session, {team_id})
    if not names:
        raise ValidationFailed(
            "Unknown team.", errors=[FieldError("team_id", "no such team", "unknown_team")]
        )
    routing.add_team(ctx.session, post, team_id, copy=False)
    routing.record_manual(ctx.session, post, ctx, "route", names[team_id], f"Moved to {names[team_id]}")


def _link_person(ctx: Ctx, post: SocialPost, person_id: uuid.UUID | None) -> None:
    from sampark.people import service as people

    if person_id is not None and not people.is_visible(ctx, person_id):
        raise ValidationFailed(
            "Unknown person.", errors=[FieldError("person_id", "no such person", "unknown_person")]
        )
    post.person_id = person_id
    if person_id is not None:
        learning.teach_handle(ctx.session, post, person_id)


def assign(ctx: Ctx, post_id: uuid.UUID, data: AssignIn) -> PostOut:
    ctx.require(OBJ, Action.write)
    post = _get(ctx, post_id)
    if data.team_id is not None:
        _move(ctx, post, data.team_id)
    _assign(ctx, post, data.assignee_id)
    post.updated_at = utcnow()
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "assign", OBJ.value, post.id,
                 {"assignee_id": post.assignee_id, "team_id": post.team_id})  # fmt: skip
    result: PostOut = to_out(ctx.session, [post])[0]
    return result


def mark_done(ctx: Ctx, post_id: uuid.UUID) -> PostOut:
    ctx.require(OBJ, Action.write)
    post = _get(ctx, post_id)
    _set_status(post, "done")
    post.updated_at = utcnow()
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "done", OBJ.value, post.id, {"status": "done"})
    result: PostOut = to_out(ctx.session, [post])[0]
    return result


def convert(ctx: Ctx, post_id: uuid.UUID, data: ConvertIn) -> PostDetail:
    """Open a ticket (in `queue`) or a deal (for the author, made a lead when unknown)."""
    ctx.require(OBJ, Action.write)
    post = _get(ctx, post_id)
    if data.to == "ticket":
        ctx.require(Obj.tickets, Action.write)
        if post.ticket_id is not None:
            raise ValidationFailed(
                "This post already has a ticket.", errors=[FieldError("to", "ticket exists", "exists")]
            )
        outcome = actions.open_ticket(
            ctx.session, post, data.queue, data.priority, ctx=ctx, subject=data.title
        )
        routing.record_manual(ctx.session, post, ctx, "ticket", outcome, f"Converted to a ticket: {outcome}")
    else:
        ctx.require(Obj.deals, Action.write)
        if post.deal_id is not None:
            raise ValidationFailed(
                "This post already has a deal.", errors=[FieldError("to", "deal exists", "exists")]
            )
        deal_id = actions.open_deal(ctx, post, data.title, data.pipeline_id)
        routing.record_manual(ctx.session, post, ctx, "deal", str(deal_id), "Converted to a deal")
    if post.status == "new":
        post.status = "open"
    post.updated_at = utcnow()
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "convert", OBJ.value, post.id,
                 {"to": data.to, "ticket_id": post.ticket_id, "deal_id": post.deal_id})  # fmt: skip
    return get_post(ctx, post.id)


def decisions(ctx: Ctx, post_id: uuid.UUID) -> list[DecisionOut]:
    post = _get(ctx, post_id)
    rows = ctx.session.scalars(
        select(SocialRoutingDecision)
        .where(SocialRoutingDecision.post_id == post.id)
        .order_by(SocialRoutingDecision.created_at, SocialRoutingDecision.id)
    )
    return [DecisionOut.model_validate(r) for r in rows]


def thread(ctx: Ctx, post_id: uuid.UUID) -> ThreadOut:
    """The conversation the post belongs to: its posts the caller may see and our replies, oldest first."""
    post = _get(ctx, post_id)
    th = ctx.session.get(SocialThread, post.thread_id) if post.thread_id else None
    if th is None:
        posts, replies = (
            [post],
            list(ctx.session.scalars(select(SocialReply).where(SocialReply.post_id == post.id))),
        )
    else:
        posts = list(
            ctx.session.scalars(
                visible(ctx, select(SocialPost))
                .where(SocialPost.thread_id == th.id)
                .order_by(SocialPost.posted_at)
                .limit(500)
            )
        )
        replies = list(
            ctx.session.scalars(select(SocialReply).where(SocialReply.thread_id == th.id).limit(500))
        )
    entries = [
        ThreadEntry(type="post", at=p.posted_at, post=o)
        for p, o in zip(posts, to_out(ctx.session, posts), strict=True)
    ]
    entries += [ThreadEntry(type="reply", at=r.created_at, reply=ReplyOut.model_validate(r)) for r in replies]
    entries.sort(key=lambda e: e.at)
    return ThreadOut(
        thread_id=th.id if th else None, platform=post.platform, external_id=th.external_id if th else None,
        is_private=th.is_private if th else post.kind == "message", person_id=th.person_id if th else post.person_id,
        entries=entries,
    )  # fmt: skip


# --- the person timeline ------------------------------------------------------------------------------


def timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    """The person's newest social posts the caller may see."""
    if not ctx.principal.can(OBJ, Action.read):
        return []
    rows = ctx.session.scalars(
        visible(ctx, select(SocialPost))
        .where(SocialPost.person_id == person_id, keyset(SocialPost.posted_at, SocialPost.id, before))
        .order_by(SocialPost.posted_at.desc(), SocialPost.id.desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            "social",
            p.id,
            p.posted_at,
            f"{p.platform} {p.kind}" + (f" by @{p.author_handle}" if p.author_handle else ""),
            re.sub(r"\s+", " ", p.text)[:200],
            {
                "post_id": str(p.id),
                "platform": p.platform,
                "sentiment": p.sentiment,
                "intent": p.intent,
                "priority": p.priority,
                "url": p.url,
            },
        )
        for p in rows
    ]
