"""Routing rules: conditions on what a post is → actions (route or copy to a team, open a ticket,
create or update a lead, hide, assign round robin). Every decision is recorded with its reason.

Rules are evaluated in position order; each enabled rule whose stated conditions all hold applies
its actions, and a matching rule with `stop` ends the walk. With no rule in the table, the
defaults below are seeded."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from sampark.core.context import Ctx
from sampark.social.models import (
    SocialPost,
    SocialPostTeam,
    SocialReply,
    SocialRoutingDecision,
    SocialRoutingRule,
    SocialTeamCursor,
)
from sampark.users import service as users

PRIORITY_ORDER = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
CUSTOMER_SERVICE = "Customer service"
PRODUCT_RESEARCH = "Product research"

# The defaults an empty rule table is seeded with (also the demo's).
DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "name": "Spam is hidden",
        "conditions": {"intents": ["spam"]},
        "actions": [{"type": "hide"}],
    },
    {
        "name": "Complaints go to customer service (a ticket), copied to product research",
        "conditions": {"intents": ["complaint"]},
        "actions": [
            {"type": "route", "team": CUSTOMER_SERVICE},
            {"type": "ticket", "queue": CUSTOMER_SERVICE},
            {"type": "copy", "team": PRODUCT_RESEARCH},
            {"type": "assign"},
        ],
    },
    {
        "name": "Purchase intent goes to sales as a lead",
        "conditions": {"intents": ["purchase_intent"]},
        "actions": [{"type": "route", "team": "Sales"}, {"type": "lead"}, {"type": "assign"}],
    },
    {
        "name": "Questions go to customer service",
        "conditions": {"intents": ["question"]},
        "actions": [{"type": "route", "team": CUSTOMER_SERVICE}, {"type": "assign"}],
    },
    {
        "name": "Praise goes to marketing",
        "conditions": {"intents": ["praise"]},
        "actions": [{"type": "route", "team": "Marketing"}],
    },
]


def ensure_defaults(session: Session) -> None:
    if session.scalar(select(func.count()).select_from(SocialRoutingRule)):
        return
    for position, spec in enumerate(DEFAULT_RULES):
        session.add(
            SocialRoutingRule(
                name=spec["name"], position=position * 10, enabled=True, stop=True,
                conditions=spec["conditions"], actions=spec["actions"], is_default=True,
            )
        )  # fmt: skip
    session.flush()


@dataclass(frozen=True)
class Rule:
    id: uuid.UUID
    name: str
    stop: bool
    conditions: dict[str, Any]
    actions: list[dict[str, Any]]


def load_rules(session: Session) -> list[Rule]:
    ensure_defaults(session)
    rows = session.scalars(
        select(SocialRoutingRule)
        .where(SocialRoutingRule.enabled.is_(True))
        .order_by(SocialRoutingRule.position, SocialRoutingRule.created_at, SocialRoutingRule.id)
    )
    return [Rule(r.id, r.name, r.stop, dict(r.conditions or {}), list(r.actions or [])) for r in rows]


def why_matches(post: SocialPost, conditions: dict[str, Any]) -> list[str] | None:
    """The reasons a post meets every stated condition, or None when one fails."""
    reasons: list[str] = []

    def among(name: str, value: str | None, label: str) -> bool:
        wanted = conditions.get(name) or []
        if not wanted:
            return True
        if value in wanted:
            reasons.append(f"{label} is {value}")
            return True
        return False

    if not (
        among("platforms", post.platform, "platform")
        and among("kinds", post.kind, "kind")
        and among("languages", post.language, "language")
        and among("sentiments", post.sentiment, "sentiment")
        and among("intents", post.intent, "intent")
        and among("priorities", post.priority, "priority")
    ):
        return None
    floor = conditions.get("min_intent_confidence")
    if floor is not None:
        if (post.intent_confidence or 0) < floor:
            return None
        reasons.append(f"intent confidence {post.intent_confidence:.2f} ≥ {floor}")
    score = conditions.get("min_priority_score")
    if score is not None:
        if post.priority_score < score:
            return None
        reasons.append(f"priority score {post.priority_score} ≥ {score}")
    followers = conditions.get("min_followers")
    if followers is not None:
        if post.author_followers < followers:
            return None
        reasons.append(f"{post.author_followers} followers ≥ {followers}")
    words = [w.lower() for w in conditions.get("keywords_any") or []]
    if words:
        text = post.text.lower()
        tags = {h.lower() for h in post.hashtags or []}
        hit = next((w for w in words if w in text or w.lstrip("#") in tags), None)
        if hit is None:
            return None
        reasons.append(f"mentions {hit!r}")
    kinds = conditions.get("keyword_kinds") or []
    if kinds:
        hit = next((k for k in post.keywords or [] if k.get("kind") in kinds), None)
        if hit is None:
            return None
        reasons.append(f"mentions tracked {hit['kind']} {hit['term']!r}")
    return reasons


def _decide(
    session: Session, post: SocialPost, rule: Rule | None, action: str, target: str | None, reason: str
) -> None:
    session.add(
        SocialRoutingDecision(
            post_id=post.id, rule_id=rule.id if rule else None, rule_name=rule.name if rule else None,
            action=action, target=target, reason=reason[:2000],
        )
    )  # fmt: skip


def _cache(session: Session, name: str) -> dict[Any, Any]:
    """Per-transaction lookups, so routing a batch without autoflush sees its own pending rows."""
    cache: dict[Any, Any] = session.info.setdefault(f"social.{name}", {})
    return cache


def team_id(session: Session, name: str) -> uuid.UUID:
    teams = _cache(session, "teams")
    if name not in teams:
        teams[name] = users.team_ids_by_name(session, [name], create=True)[name]
    return teams[name]  # type: ignore[no-any-return]


def add_team(session: Session, post: SocialPost, team_id: uuid.UUID, *, copy: bool) -> None:
    links = _cache(session, "links")
    existing = links.get((post.id, team_id)) or session.get(SocialPostTeam, (post.id, team_id))
    if existing is None:
        existing = SocialPostTeam(post_id=post.id, team_id=team_id, is_copy=copy, posted_at=post.posted_at)
        session.add(existing)
        links[(post.id, team_id)] = existing
    elif not copy:
        existing.is_copy = False
    if not copy:
        post.team_id = team_id


def round_robin(session: Session, team_id: uuid.UUID) -> uuid.UUID | None:
    member_cache = _cache(session, "members")
    if team_id not in member_cache:
        member_cache[team_id] = users.active_member_ids(session, team_id)
    members: list[uuid.UUID] = member_cache[team_id]
    if not members:
        return None
    cursors = _cache(session, "cursors")
    cursor = cursors.get(team_id) or session.get(SocialTeamCursor, team_id)
    if cursor is None:
        cursor = SocialTeamCursor(team_id=team_id, last_user_id=None)
        session.add(cursor)
    cursors[team_id] = cursor
    later = [m for m in members if cursor.last_user_id is None or m.int > cursor.last_user_id.int]
    chosen = later[0] if later else members[0]
    cursor.last_user_id = chosen
    return chosen


def route(session: Session, post: SocialPost, rules: list[Rule]) -> None:
    """Apply the matching rules' actions to one understood post, recording each decision."""
    matched_any = False
    for rule in rules:
        reasons = why_matches(post, rule.conditions)
        if reasons is None:
            continue
        matched_any = True
        because = "; ".join(reasons) or "the rule has no conditions"
        for action in rule.actions:
            apply_action(session, post, rule, action, because)
        if rule.stop:
            break
    if not matched_any:
        _decide(session, post, None, "none", None, "No routing rule matched; the post stays unrouted.")


def apply_action(
    session: Session, post: SocialPost, rule: Rule | None, action: dict[str, Any], because: str
) -> None:
    from sampark.social import actions  # the cross-domain actions (tickets, leads)

    kind = action.get("type")
    if kind in ("route", "copy"):
        name = str(action.get("team"))
        add_team(session, post, team_id(session, name), copy=kind == "copy")
        _decide(
            session,
            post,
            rule,
            kind,
            name,
            f"{'Routed' if kind == 'route' else 'Copied'} to {name}: {because}",
        )
    elif kind == "hide":
        post.status = "hidden"
        _decide(session, post, rule, "hide", None, f"Hidden: {because}")
    elif kind == "assign":
        if post.team_id is None:
            _decide(session, post, rule, "assign", None, "Not assigned: the post has no team yet")
            return
        chosen = round_robin(session, post.team_id)
        if chosen is None:
            _decide(session, post, rule, "assign", None, "Not assigned: the team has no active members")
            return
        post.assignee_id = chosen
        if post.status == "new":
            post.status = "open"
        _decide(
            session, post, rule, "assign", str(chosen), f"Assigned round robin within the team: {because}"
        )
    elif kind == "ticket":
        outcome = actions.open_ticket(session, post, str(action.get("queue")), action.get("priority"))
        _decide(session, post, rule, "ticket", outcome, f"Ticket {outcome}: {because}")
    elif kind == "lead":
        outcome = actions.make_lead(session, post)
        _decide(session, post, rule, "lead", str(post.person_id), f"{outcome}: {because}")


def record_manual(
    session: Session, post: SocialPost, ctx: Ctx, action: str, target: str | None, reason: str
) -> None:
    """A person's own routing decision (assign, move, convert), kept beside the rules'."""
    _decide(session, post, None, action, target, f"{reason} (by {ctx.principal.email})")


# A person's own handling of a post (record_manual actions other than an intent correction).
PERSON_ACTIONS = ("assign", "route", "ticket", "deal")


def handled_by_person(session: Session, post: SocialPost) -> bool:
    """Whether a person has taken the post in hand: marked it done, assigned or moved it,
    converted it to a ticket or deal, or replied to it. Until then its routing is the rules'."""
    if post.status == "done":
        return True
    manual = exists().where(
        SocialRoutingDecision.post_id == post.id,
        SocialRoutingDecision.rule_id.is_(None),
        SocialRoutingDecision.action.in_(PERSON_ACTIONS),
    )
    replied = exists().where(SocialReply.post_id == post.id)
    return bool(session.scalar(select(manual | replied)))


def reroute(session: Session, post: SocialPost, reason: str) -> bool:
    """Route the post again from scratch after a person corrected what it says, unless a
    person has already handled it (then nothing moves: a correction never takes a post away
    from someone working on it). The rules' team links, round-robin assignee and hiding are
    undone first; a ticket or lead the rules opened stays (it is a record of its own, and a
    second one is never opened). Answers whether it routed again."""
    if handled_by_person(session, post):
        return False
    session.execute(delete(SocialPostTeam).where(SocialPostTeam.post_id == post.id))
    links = _cache(session, "links")
    for key in [k for k in links if k[0] == post.id]:
        del links[key]
    post.team_id = None
    post.assignee_id = None
    if post.status in ("open", "hidden"):
        post.status = "new"
    _decide(session, post, None, "reroute", None, reason[:2000])
    route(session, post, load_rules(session))
    return True
