"""The desk's configuration: queues (with members and business hours), routing rules, SLA
policies and customer tiers (canned replies: `canned.py`; mailboxes: `mailboxes.py`); and the pure decisions made from them —
which queue a ticket goes to, who in it gets the ticket, when its SLA targets fall due."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version
from sampark.tickets import customers
from sampark.tickets.customers import CustomerFacts
from sampark.tickets.hours import ALWAYS, Calendar, add_business_time
from sampark.tickets.models import (
    NO_DUE,
    RoutingRule,
    SlaPolicy,
    Ticket,
    TicketQueue,
    TicketQueueMember,
)
from sampark.tickets.schemas import (
    OPEN_STATUSES,
    Assignment,
    MemberOut,
    QueueCreate,
    QueueMemberIn,
    QueueOut,
    QueueUpdate,
    RuleCreate,
    RuleOut,
    RuleUpdate,
    SlaPolicyIn,
    SlaPolicyOut,
    Status,
    TierOut,
)
from sampark.users import service as users

QOBJ = Obj.ticket_queues
SEED_QUEUES = ("Customer service", "Product research", "Sales", "Billing")
# Business minutes: (first response, resolution) per priority.
SEED_SLA = {"urgent": (60, 240), "high": (240, 960), "normal": (480, 2400), "low": (1440, 4800)}
OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)


def ensure_defaults(session: Session) -> None:
    """A desk with no queues gets the four departments (Customer service the default) and an SLA
    policy per priority: the first ticket always has somewhere to go."""
    queues, policies = session.execute(
        select(select(TicketQueue.id).limit(1).exists(), select(SlaPolicy.id).limit(1).exists())
    ).one()
    if not queues:
        for name in SEED_QUEUES:
            session.add(
                TicketQueue(
                    name=name,
                    is_default=name == SEED_QUEUES[0],
                    time_zone="Asia/Dhaka",
                    work_days=[6, 0, 1, 2, 3],
                    work_start="09:00",
                    work_end="18:00",
                    holidays=[],
                )
            )
    if not policies:
        for priority, (first, resolution) in SEED_SLA.items():
            session.add(
                SlaPolicy(priority=priority, first_response_minutes=first, resolution_minutes=resolution)
            )
    session.flush()


# --- queues ----------------------------------------------------------------------------------------


def open_counts(session: Session, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not user_ids:
        return {}
    rows = session.execute(
        select(Ticket.owner_id, func.count())
        .where(Ticket.owner_id.in_(list(user_ids)), Ticket.status.in_(OPEN_VALUES))
        .group_by(Ticket.owner_id)
    ).all()
    return {r[0]: int(r[1]) for r in rows if r[0] is not None}


def queue_out(session: Session, queues: Sequence[TicketQueue]) -> list[QueueOut]:
    ids = [q.id for q in queues]
    members: dict[uuid.UUID, list[TicketQueueMember]] = {}
    if ids:
        for m in session.scalars(select(TicketQueueMember).where(TicketQueueMember.queue_id.in_(ids))):
            members.setdefault(m.queue_id, []).append(m)
    everyone = {m.user_id for ms in members.values() for m in ms}
    names = users.user_names(session, everyone)
    counts = open_counts(session, sorted(everyone))
    return [
        QueueOut(
            id=q.id,
            name=q.name,
            description=q.description,
            manager_id=q.manager_id,
            assignment=Assignment(q.assignment),
            is_default=q.is_default,
            time_zone=q.time_zone,
            work_days=list(q.work_days),
            work_start=q.work_start,
            work_end=q.work_end,
            holidays=list(q.holidays),
            members=[
                MemberOut(
                    user_id=m.user_id,
                    name=names.get(m.user_id),
                    available=m.available,
                    open_tickets=counts.get(m.user_id, 0),
                )
                for m in sorted(members.get(q.id, []), key=lambda m: names.get(m.user_id, ""))
            ],
            version=q.version,
        )
        for q in queues
    ]


def list_queues(ctx: Ctx) -> list[QueueOut]:
    ctx.require(QOBJ, Action.read)
    return queue_out(ctx.session, list(ctx.session.scalars(select(TicketQueue).order_by(TicketQueue.name))))


def get_queue_row(ctx: Ctx, queue_id: uuid.UUID) -> TicketQueue:
    ctx.require(QOBJ, Action.read)
    queue = ctx.session.get(TicketQueue, queue_id)
    if queue is None:
        raise NotFound("No such queue.")
    return queue


def get_queue(ctx: Ctx, queue_id: uuid.UUID) -> QueueOut:
    return queue_out(ctx.session, [get_queue_row(ctx, queue_id)])[0]


def queue_exists(session: Session, queue_id: uuid.UUID) -> bool:
    return session.get(TicketQueue, queue_id) is not None


def _check_users(session: Session, ids: set[uuid.UUID], field: str) -> None:
    missing = ids - users.existing_user_ids(session, ids)
    if missing:
        raise ValidationFailed("Unknown user.", errors=[FieldError(field, "no such user", "unknown_user")])


def _set_members(session: Session, queue: TicketQueue, members: list[QueueMemberIn]) -> None:
    _check_users(session, {m.user_id for m in members}, "members")
    current = {
        m.user_id: m
        for m in session.scalars(select(TicketQueueMember).where(TicketQueueMember.queue_id == queue.id))
    }
    wanted = {m.user_id: m for m in members}
    for user_id, row in current.items():
        if user_id not in wanted:
            session.delete(row)
    for user_id, m in wanted.items():
        if user_id in current:
            current[user_id].available = m.available
        else:
            session.add(TicketQueueMember(queue_id=queue.id, user_id=user_id, available=m.available))
    session.flush()


def _name_free(session: Session, name: str, except_id: uuid.UUID | None = None) -> None:
    found = session.scalar(select(TicketQueue.id).where(func.lower(TicketQueue.name) == name.lower()))
    if found is not None and found != except_id:
        raise Conflict(
            "A queue has this name.", code="name_taken", errors=[FieldError("name", "taken", "taken")]
        )


def _only_default(session: Session, queue: TicketQueue) -> None:
    if queue.is_default:
        for other in session.scalars(
            select(TicketQueue).where(TicketQueue.id != queue.id, TicketQueue.is_default)
        ):
            other.is_default = False


QUEUE_FIELDS = ("name", "description", "manager_id", "assignment", "is_default", "time_zone", "work_days",
                "work_start", "work_end", "holidays")  # fmt: skip


def _check_hours(start: str, end: str) -> None:
    if end <= start:
        raise ValidationFailed(
            "The working day must end after it starts.",
            errors=[FieldError("work_end", "must be after work_start", "invalid")],
        )


def create_queue(ctx: Ctx, data: QueueCreate) -> QueueOut:
    ctx.require(QOBJ, Action.write)
    _name_free(ctx.session, data.name)
    _check_hours(data.work_start, data.work_end)
    if data.manager_id is not None:
        _check_users(ctx.session, {data.manager_id}, "manager_id")
    queue = TicketQueue(**data.model_dump(include=set(QUEUE_FIELDS)))
    ctx.session.add(queue)
    ctx.session.flush()
    _only_default(ctx.session, queue)
    if data.members is not None:
        _set_members(ctx.session, queue, data.members)
    audit.record(ctx.session, ctx.principal, "create", QOBJ.value, queue.id, {"name": queue.name})
    return get_queue(ctx, queue.id)


def update_queue(ctx: Ctx, queue_id: uuid.UUID, data: QueueUpdate, version: int) -> QueueOut:
    ctx.require(QOBJ, Action.write)
    queue = get_queue_row(ctx, queue_id)
    check_version(queue, version, lambda: queue_out(ctx.session, [queue])[0])
    values = data.model_dump(exclude_unset=True, include=set(QUEUE_FIELDS))
    for required in (
        "name",
        "assignment",
        "is_default",
        "time_zone",
        "work_days",
        "work_start",
        "work_end",
        "holidays",
    ):
        if required in values and values[required] is None:
            raise ValidationFailed("May not be empty.", errors=[FieldError(required, "may not be null")])
    if "name" in values:
        _name_free(ctx.session, values["name"], queue.id)
    _check_hours(values.get("work_start", queue.work_start), values.get("work_end", queue.work_end))
    if values.get("manager_id") is not None:
        _check_users(ctx.session, {values["manager_id"]}, "manager_id")
    before = {f: getattr(queue, f) for f in QUEUE_FIELDS}
    for key, value in values.items():
        setattr(queue, key, value)
    _only_default(ctx.session, queue)
    if data.members is not None:
        _set_members(ctx.session, queue, data.members)
        queue.updated_at = queue.updated_at  # members count as a change of the queue
    changes = audit.diff(before, {f: getattr(queue, f) for f in QUEUE_FIELDS})
    if data.members is not None:
        changes["members"] = {"before": None, "after": [str(m.user_id) for m in data.members]}
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", QOBJ.value, queue.id, changes)
    return get_queue(ctx, queue.id)


def set_availability(ctx: Ctx, queue_id: uuid.UUID, user_id: uuid.UUID, available: bool) -> QueueOut:
    """An agent marks themself present or away (a queue admin may do it for anyone)."""
    queue = get_queue_row(ctx, queue_id)
    if user_id != ctx.principal.user_id:
        ctx.require(QOBJ, Action.write)
    member = ctx.session.get(TicketQueueMember, (queue.id, user_id))
    if member is None:
        raise NotFound("This user is not a member of the queue.")
    member.available = available
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", QOBJ.value, queue.id,
                 {"availability": {"before": None, "after": {"user_id": str(user_id), "available": available}}})  # fmt: skip
    return get_queue(ctx, queue.id)


def queue_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {
        r.id: r.name
        for r in session.execute(select(TicketQueue.id, TicketQueue.name).where(TicketQueue.id.in_(ids)))
    }


def queue_ids_of_member(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(select(TicketQueueMember.queue_id).where(TicketQueueMember.user_id == user_id))
    )


# --- routing ---------------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def rule_matches(
    conditions: dict[str, Any],
    *,
    channel: str,
    type_: str,
    tags: list[str],
    subject: str,
    company_id: uuid.UUID | None,
    facts: CustomerFacts | None = None,
) -> bool:
    """Every condition stated holds (a list: any of its values). `tiers` and
    `min_lifetime_value` look at the requester (tickets.customers)."""
    if conditions.get("channel") and channel not in conditions["channel"]:
        return False
    if conditions.get("type") and type_ not in conditions["type"]:
        return False
    if conditions.get("tags") and not {t.casefold() for t in tags} & {
        t.casefold() for t in conditions["tags"]
    }:
        return False
    if conditions.get("subject_words"):
        subject_words = _words(subject)
        folded = subject.casefold()
        wanted = [w.casefold() for w in conditions["subject_words"]]
        if not any((w in subject_words) if re.fullmatch(r"\w+", w) else (w in folded) for w in wanted):
            return False
    if conditions.get("company_ids"):
        if company_id is None or str(company_id) not in {str(c) for c in conditions["company_ids"]}:
            return False
    if conditions.get("tiers"):
        tier = facts.tier if facts is not None else None
        if tier is None or tier not in {str(t).lower() for t in conditions["tiers"]}:
            return False
    if conditions.get("min_lifetime_value") is not None:
        value = facts.lifetime_value if facts is not None else None
        if value is None or value < Decimal(str(conditions["min_lifetime_value"])):
            return False
    return True


def route(
    session: Session,
    *,
    channel: str,
    type_: str,
    tags: list[str],
    subject: str,
    company_id: uuid.UUID | None,
    facts: CustomerFacts | None = None,
) -> tuple[TicketQueue | None, str | None]:
    """The queue the first matching rule names (and the priority it sets), else the default queue."""
    rules = session.scalars(
        select(RoutingRule).where(RoutingRule.enabled).order_by(RoutingRule.position, RoutingRule.created_at)
    )
    for rule in rules:
        if rule_matches(rule.conditions or {}, channel=channel, type_=type_, tags=tags, subject=subject,
                        company_id=company_id, facts=facts):  # fmt: skip
            return session.get(TicketQueue, rule.queue_id), rule.set_priority
    default = session.scalars(
        select(TicketQueue).order_by(TicketQueue.is_default.desc(), TicketQueue.name).limit(1)
    ).first()
    return default, None


def _rule_out(rule: RoutingRule) -> RuleOut:
    return RuleOut.model_validate(rule)


def list_rules(ctx: Ctx) -> list[RuleOut]:
    ctx.require(QOBJ, Action.read)
    rows = ctx.session.scalars(select(RoutingRule).order_by(RoutingRule.position, RoutingRule.created_at))
    return [_rule_out(r) for r in rows]


def check_queue(session: Session, queue_id: uuid.UUID | None, field: str = "queue_id") -> None:
    if queue_id is not None and not queue_exists(session, queue_id):
        raise ValidationFailed("Unknown queue.", errors=[FieldError(field, "no such queue", "unknown_queue")])


def create_rule(ctx: Ctx, data: RuleCreate) -> RuleOut:
    ctx.require(QOBJ, Action.write)
    check_queue(ctx.session, data.queue_id)
    rule = RoutingRule(
        name=data.name,
        queue_id=data.queue_id,
        position=data.position,
        enabled=data.enabled,
        conditions=data.conditions.model_dump(mode="json", exclude_none=True),
        set_priority=data.set_priority.value if data.set_priority else None,
    )
    ctx.session.add(rule)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "ticket_rules", rule.id, {"name": rule.name})
    return _rule_out(rule)


def _get_rule(ctx: Ctx, rule_id: uuid.UUID) -> RoutingRule:
    ctx.require(QOBJ, Action.read)
    rule = ctx.session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound("No such routing rule.")
    return rule


def update_rule(ctx: Ctx, rule_id: uuid.UUID, data: RuleUpdate, version: int) -> RuleOut:
    ctx.require(QOBJ, Action.write)
    rule = _get_rule(ctx, rule_id)
    check_version(rule, version, lambda: _rule_out(rule))
    values = data.model_dump(exclude_unset=True, mode="json")
    for required in ("name", "queue_id", "position", "enabled", "conditions"):
        if required in values and values[required] is None:
            raise ValidationFailed("May not be empty.", errors=[FieldError(required, "may not be null")])
    if "queue_id" in values:
        check_queue(ctx.session, data.queue_id)
        values["queue_id"] = data.queue_id
    if "conditions" in values and data.conditions is not None:
        values["conditions"] = data.conditions.model_dump(mode="json", exclude_none=True)
    fields = tuple(values)
    before = {f: getattr(rule, f) for f in fields}
    for key, value in values.items():
        setattr(rule, key, value)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", "ticket_rules", rule.id,
                 audit.diff(before, {f: getattr(rule, f) for f in fields}))  # fmt: skip
    return _rule_out(rule)


def delete_rule(ctx: Ctx, rule_id: uuid.UUID) -> None:
    ctx.require(QOBJ, Action.write)
    rule = _get_rule(ctx, rule_id)
    ctx.session.delete(rule)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", "ticket_rules", rule_id, {"name": rule.name})


# --- assignment ------------------------------------------------------------------------------------


def pick_assignee(session: Session, queue: TicketQueue) -> uuid.UUID | None:
    """Round robin among the queue's available members (after the last one given a ticket), or
    the available member with the fewest open tickets; None when nobody is available."""
    if queue.assignment == "manual":
        return None
    member_ids = sorted(
        session.scalars(
            select(TicketQueueMember.user_id).where(
                TicketQueueMember.queue_id == queue.id, TicketQueueMember.available
            )
        ),
        key=str,
    )
    active = users.existing_user_ids(session, set(member_ids))
    candidates = [m for m in member_ids if m in active]
    if not candidates:
        return None
    if queue.assignment == "least_open":
        counts = open_counts(session, candidates)
        chosen = min(candidates, key=lambda u: (counts.get(u, 0), str(u)))
    else:
        last = str(queue.last_assigned_id) if queue.last_assigned_id else ""
        chosen = next((c for c in candidates if str(c) > last), candidates[0])
    queue.last_assigned_id = chosen
    return chosen


def lock_queue(session: Session, queue_id: uuid.UUID) -> TicketQueue | None:
    """The queue row, locked for the rest of the transaction on PostgreSQL (two tickets arriving
    at once must not both take the same round-robin turn). SQLite's writers are serialised by
    BEGIN IMMEDIATE, so there the row already loaded serves."""
    if session.get_bind().dialect.name != "postgresql":
        return session.get(TicketQueue, queue_id)
    stmt = (
        select(TicketQueue)
        .where(TicketQueue.id == queue_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one_or_none()


# --- SLA -------------------------------------------------------------------------------------------


def calendar(queue: TicketQueue | None) -> Calendar:
    if queue is None:
        return ALWAYS
    try:
        return Calendar.of(
            queue.time_zone, list(queue.work_days), queue.work_start, queue.work_end, list(queue.holidays)
        )
    except ValueError:
        return ALWAYS


def policy_for(session: Session, priority: str, tier: str | None = None) -> SlaPolicy | None:
    """The policy of the priority for the customer's tier, else the one for every customer."""
    rows = {
        p.tier: p
        for p in session.scalars(
            select(SlaPolicy).where(SlaPolicy.priority == priority, SlaPolicy.tier.in_({"", tier or ""}))
        )
    }
    return rows.get(tier or "") or rows.get("")


def refresh_due(ticket: Ticket) -> None:
    """The next running target, for the list's sort and the checker: none while paused or done."""
    if ticket.sla_paused_at is not None or ticket.status in (Status.solved, Status.closed):
        ticket.sla_due_at = NO_DUE
        return
    due = [
        d
        for d in (
            ticket.first_response_due_at if ticket.first_responded_at is None else None,
            ticket.resolution_due_at,
        )
        if d is not None
    ]
    ticket.sla_due_at = min(due) if due else NO_DUE


def apply_policy(session: Session, ticket: Ticket, queue: TicketQueue | None, since: datetime) -> None:
    """Targets counted from `since` (the ticket's creation) on the queue's calendar."""
    policy = policy_for(session, ticket.priority, ticket.customer_tier)
    cal = calendar(queue)
    if policy is None:
        ticket.sla_policy_id = None
        ticket.first_response_due_at = ticket.resolution_due_at = None
    else:
        ticket.sla_policy_id = policy.id
        ticket.first_response_due_at = add_business_time(
            since, timedelta(minutes=policy.first_response_minutes), cal
        )
        ticket.resolution_due_at = add_business_time(since, timedelta(minutes=policy.resolution_minutes), cal)
    refresh_due(ticket)


def list_policies(ctx: Ctx) -> list[SlaPolicyOut]:
    """Every customer's policy of each priority first, then the tiers' own."""
    ctx.require(QOBJ, Action.read)
    order = {p: i for i, p in enumerate(SEED_SLA)}
    rows = sorted(ctx.session.scalars(select(SlaPolicy)), key=lambda p: (p.tier, order.get(p.priority, 9)))
    return [SlaPolicyOut.model_validate(p) for p in rows]


def list_tiers(ctx: Ctx) -> list[TierOut]:
    ctx.require(QOBJ, Action.read)
    currency = customers.tier_currency(ctx.session)
    return [
        TierOut(name=t.name, min_lifetime_value=t.min_lifetime_value, currency=currency)
        for t in customers.tiers()
    ]


def _check_tier(tier: str | None) -> str:
    if not tier:
        return ""
    tier = tier.strip().lower()
    if tier not in {t.name for t in customers.tiers()}:
        raise ValidationFailed(
            "Unknown customer tier.",
            errors=[FieldError("tier", "not in SAMPARK_TICKET_TIERS", "unknown_tier")],
        )
    return tier


def put_policy(ctx: Ctx, priority: str, data: SlaPolicyIn, tier: str | None = None) -> SlaPolicyOut:
    """Set the targets of one priority, for every customer or for one tier's (tickets opened
    from now on use them)."""
    ctx.require(QOBJ, Action.write)
    tier = _check_tier(tier)
    if data.resolution_minutes < data.first_response_minutes:
        raise ValidationFailed(
            "Resolution cannot be due before the first response.",
            errors=[FieldError("resolution_minutes", "at least first_response_minutes", "invalid")],
        )
    policy = ctx.session.scalars(
        select(SlaPolicy).where(SlaPolicy.priority == priority, SlaPolicy.tier == tier)
    ).one_or_none()
    before: dict[str, Any] = {}
    if policy is None:
        policy = SlaPolicy(priority=priority, tier=tier, **data.model_dump())
        ctx.session.add(policy)
    else:
        before = {k: getattr(policy, k) for k in data.model_dump()}
        for key, value in data.model_dump().items():
            setattr(policy, key, value)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", "sla_policies", policy.id,
                 audit.diff(before, data.model_dump()) | {"priority": priority, "tier": tier or None})  # fmt: skip
    return SlaPolicyOut.model_validate(policy)


def delete_policy(ctx: Ctx, priority: str, tier: str) -> None:
    """Drop a tier's policy (its customers fall back to every customer's). Every customer's
    policies stay: each priority always has one."""
    ctx.require(QOBJ, Action.write)
    tier = (tier or "").strip().lower()
    policy = ctx.session.scalars(
        select(SlaPolicy).where(SlaPolicy.priority == priority, SlaPolicy.tier == tier, SlaPolicy.tier != "")
    ).one_or_none()
    if policy is None:
        raise NotFound("No such SLA policy.")
    ctx.session.delete(policy)
    ctx.session.flush()
    audit.record(
        ctx.session, ctx.principal, "delete", "sla_policies", policy.id, {"priority": priority, "tier": tier}
    )


def queue_id_by_name(session: Session, name: str) -> uuid.UUID | None:
    """A queue by its name, case-insensitively (the seeded queues exist once the desk is set up)."""
    ensure_defaults(session)
    return session.scalars(
        select(TicketQueue.id).where(func.lower(TicketQueue.name) == name.strip().lower()).limit(1)
    ).first()
