"""Tickets: the rules. A ticket is opened by an agent, an integration or an e-mail; it is routed
to a queue, assigned inside it, given SLA targets on the queue's business hours, and worked
through a conversation of public replies (e-mailed to the requester on e-mail tickets) and
internal notes until it is solved — when the requester is asked, once, how it went.

Who sees a ticket: the assignee is `owner_id`, so the role's visibility decides (service agents
see every ticket; sales and read-only their team's; a ticket nobody may see is a 404)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid, parseaddr
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, NotFound, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.pagination import Page
from sampark.core.permissions import Action, Obj, Principal, Role
from sampark.core.records import ListParams, check_version, get_visible, visible_statement
from sampark.core.search import build_search_text
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.customfields import service as custom_fields
from sampark.identity import records as identity_records
from sampark.identity import service as identity
from sampark.identity.service import Kind
from sampark.integrations import mail
from sampark.jobs import service as jobs
from sampark.merges import service as merges
from sampark.people import service as people
from sampark.settings import get_settings
from sampark.sources import service as sources
from sampark.tickets import canned, csat, customers, setup
from sampark.tickets.hours import business_time_between
from sampark.tickets.mailparse import strip_reply_prefix
from sampark.tickets.models import NO_DUE, Ticket, TicketAttachment, TicketMessage, TicketQueue
from sampark.tickets.models import token_of as token_of  # other domains name tickets through this service
from sampark.tickets.schemas import (
    OPEN_STATUSES,
    AttachmentIn,
    AttachmentOut,
    Channel,
    MessageCreate,
    MessageKind,
    MessageOut,
    Priority,
    RenderedOut,
    RequesterIn,
    Status,
    TicketCreate,
    TicketOut,
    TicketType,
    TicketUpdate,
)
from sampark.users import service as users

OBJ = Obj.tickets
SYSTEM = Principal(user_id=uuid.UUID(int=0), email="system:service-desk", role=Role.admin)
EMAIL_SOURCE = "Support e-mail"
DESK_SOURCE = "Service desk"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)
DELIVERY = {
    "queued": "queued",
    "running": "sending",
    "retrying": "retrying",
    "done": "sent",
    "dead": "failed",
}
AUDITED = ("subject", "status", "priority", "type", "tags", "custom", "queue_id", "owner_id", "company_id",
           "deal_id", "merged_into_id", "requester_id")  # fmt: skip


def system_ctx(session: Session) -> Ctx:
    return Ctx(session, SYSTEM)


# --- reading ---------------------------------------------------------------------------------------


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    t = Ticket
    specs = [
        FieldSpec("id", t.id, FieldType.uuid, nullable=False),
        FieldSpec("number", t.number, FieldType.number, sortable=True, nullable=False),
        FieldSpec("subject", t.subject, FieldType.string, nullable=False),
        FieldSpec("status", t.status, FieldType.enum, nullable=False, choices=tuple(s.value for s in Status)),
        FieldSpec(
            "priority", t.priority, FieldType.enum, nullable=False, choices=tuple(p.value for p in Priority)
        ),
        FieldSpec("type", t.type, FieldType.enum, nullable=False, choices=tuple(p.value for p in TicketType)),
        FieldSpec(
            "channel", t.channel, FieldType.enum, nullable=False, choices=tuple(c.value for c in Channel)
        ),
        FieldSpec("tags", t.tags, FieldType.tags),
        FieldSpec("queue_id", t.queue_id, FieldType.uuid),
        FieldSpec("assignee_id", t.owner_id, FieldType.uuid),
        FieldSpec("requester_id", t.requester_id, FieldType.uuid),
        FieldSpec("company_id", t.company_id, FieldType.uuid),
        FieldSpec("deal_id", t.deal_id, FieldType.uuid),
        # Tickets whose clock is not running sort last (their key is the far future).
        FieldSpec(
            "sla_due_at",
            t.sla_due_at,
            FieldType.datetime,
            sortable=True,
            nullable=False,
            index="ix_tickets_sla_due",
        ),
        FieldSpec("first_response_due_at", t.first_response_due_at, FieldType.datetime),
        FieldSpec("resolution_due_at", t.resolution_due_at, FieldType.datetime),
        FieldSpec("breached_at", t.breached_at, FieldType.datetime, sortable=True),
        FieldSpec("solved_at", t.solved_at, FieldType.datetime, sortable=True),
        FieldSpec("last_message_at", t.last_message_at, FieldType.datetime, sortable=True),
        FieldSpec("csat_score", t.csat_score, FieldType.number),
        FieldSpec("created_at", t.created_at, FieldType.datetime, sortable=True, nullable=False),
        FieldSpec("updated_at", t.updated_at, FieldType.datetime, sortable=True, nullable=False),
    ]
    out = {s.name: s for s in specs}
    dialect = ctx.session.get_bind().dialect.name
    out.update(custom_fields.filter_specs(ctx.session, OBJ.value, t.custom, dialect))
    return out


def to_out(session: Session, rows: list[Ticket]) -> list[TicketOut]:
    names = users.user_names(session, {t.owner_id for t in rows if t.owner_id})
    queues = setup.queue_names(session, {t.queue_id for t in rows if t.queue_id})
    requesters = people.display_names(session, {t.requester_id for t in rows if t.requester_id})
    out = []
    for t in rows:
        due = as_utc(t.sla_due_at)
        out.append(
            TicketOut(
                id=t.id,
                number=t.number,
                token=token_of(t.number),
                subject=t.subject,
                description=t.description,
                channel=Channel(t.channel),
                status=Status(t.status),
                priority=Priority(t.priority),
                type=TicketType(t.type),
                tags=list(t.tags or []),
                custom_fields=dict(t.custom or {}),
                requester_id=t.requester_id,
                requester_email=t.requester_email,
                requester_name=requesters.get(t.requester_id) if t.requester_id else None,
                company_id=t.company_id,
                customer_tier=t.customer_tier,
                queue_id=t.queue_id,
                queue_name=queues.get(t.queue_id) if t.queue_id else None,
                assignee_id=t.owner_id,
                assignee_name=names.get(t.owner_id) if t.owner_id else None,
                deal_id=t.deal_id,
                merged_into_id=t.merged_into_id,
                first_response_due_at=t.first_response_due_at,
                resolution_due_at=t.resolution_due_at,
                sla_due_at=None if due >= NO_DUE else due,
                sla_paused=t.sla_paused_at is not None,
                breached_at=t.breached_at,
                breach=t.breach,
                first_responded_at=t.first_responded_at,
                solved_at=t.solved_at,
                closed_at=t.closed_at,
                last_message_at=t.last_message_at,
                csat_score=t.csat_score,
                csat_comment=t.csat_comment,
                created_at=t.created_at,
                updated_at=t.updated_at,
                version=t.version,
            )
        )
    return out


def _get(ctx: Ctx, ticket_id: uuid.UUID) -> Ticket:
    return get_visible(ctx, Ticket, OBJ, ticket_id, label="ticket")


def get_ticket(ctx: Ctx, ticket_id: uuid.UUID) -> TicketOut:
    return to_out(ctx.session, [_get(ctx, ticket_id)])[0]


def view_conditions(ctx: Ctx, view: str | None, assignee: str | None) -> list[ColumnElement[bool]]:
    """Saved views of the agent's workspace, and `assignee` = me | unassigned | a user id."""
    out: list[ColumnElement[bool]] = []
    me = ctx.principal.user_id
    if assignee == "me":
        out.append(Ticket.owner_id == me)
    elif assignee == "unassigned":
        out.append(Ticket.owner_id.is_(None))
    elif assignee:
        try:
            out.append(Ticket.owner_id == uuid.UUID(assignee))
        except ValueError as exc:
            raise ValidationFailed(
                "assignee is me, unassigned or a user id.",
                errors=[FieldError("assignee", "invalid", "invalid")],
            ) from exc
    if view is None:
        return out
    out.append(Ticket.status.in_(OPEN_VALUES))
    if view == "mine":
        out.append(Ticket.owner_id == me)
    elif view == "unassigned":
        out.append(Ticket.owner_id.is_(None))
    elif view == "my_queues":
        out.append(Ticket.queue_id.in_(setup.queue_ids_of_member(ctx.session, me)))
    elif view == "breached":
        out.append(Ticket.breached_at.is_not(None))
    return out


def list_tickets(
    ctx: Ctx, params: ListParams, *, view: str | None = None, assignee: str | None = None
) -> Page[TicketOut]:
    from sampark.activities.service import list_scoped

    return list_scoped(
        ctx,
        Ticket,
        OBJ,
        params,
        fields(ctx),
        lambda rows: to_out(ctx.session, rows),
        default_sort="sla_due_at",
        search_columns=(Ticket.search_text,),
        extra=view_conditions(ctx, view, assignee),
    )


def counts(ctx: Ctx) -> dict[str, int]:
    """Open tickets in the agent's views, for the workspace's badges."""
    ctx.require(OBJ, Action.read)
    out = {}
    for view in ("mine", "unassigned", "my_queues", "breached"):
        stmt = visible_statement(ctx, Ticket, OBJ).with_only_columns(func.count())
        for condition in view_conditions(ctx, view, None):
            stmt = stmt.where(condition)
        out[view] = int(ctx.session.scalar(stmt) or 0)
    return out


# --- requester -------------------------------------------------------------------------------------


@dataclass
class Requester:
    person_id: uuid.UUID | None
    email: str | None
    company_id: uuid.UUID | None


def find_person(
    session: Session, *, email: str | None, phone: str | None, name: str | None, source_name: str
) -> uuid.UUID | None:
    """The person with this e-mail or phone, found or created through identity resolution (a
    source record of the support source, as a till's customer becomes a person)."""
    keys: list[tuple[str, str]] = []
    if email:
        keys.append((Kind.email.value, email))
    if phone:
        keys.append((Kind.phone.value, phone))
    if not keys:
        return None
    source = sources.get_or_create(session, source_name, "support", 40)
    source_key = f"requester:{email or phone}"
    known = identity_records.person_of_record(session, source.id, source_key)
    if known is not None:
        return known  # the same sender again: their record is already resolved
    fields: dict[str, Any] = {"lead_source": source.name[:60]}
    fields["display_name"] = (name or email or phone or "Customer")[:200]
    if email:
        fields["emails"] = [{"email": email, "primary": True}]
    if phone:
        fields["phones"] = [{"number": phone, "primary": True}]
    incoming = identity_records.IncomingPerson(
        source_key=source_key, fields=fields, keys=keys,
        payload={k: v for k, v in {"email": email, "phone": phone, "name": name}.items() if v},
    )  # fmt: skip
    outcomes, bridges = identity_records.record_people(session, source, [incoming])
    person_id = outcomes[0].person_id
    survivors = merges.merge_bridges(session, bridges, source.name)
    return survivors.get(person_id, person_id)


def find_people(
    session: Session, senders: dict[str, str], *, source_name: str
) -> dict[str, uuid.UUID | None]:
    """`find_person` for many e-mail senders ({address: name}) at once: the known ones in one
    look-up, the new ones resolved as one batch of source records (bridges merged as there)."""
    if not senders:
        return {}
    source = sources.get_or_create(session, source_name, "support", 40)
    keys = {f"requester:{email}": email for email in senders}
    known = identity_records.people_of_records(session, source.id, list(keys))
    out: dict[str, uuid.UUID | None] = {keys[k]: pid for k, pid in known.items()}
    incoming = [
        identity_records.IncomingPerson(
            source_key=key,
            fields={"lead_source": source.name[:60], "display_name": (senders[email] or email)[:200],
                    "emails": [{"email": email, "primary": True}]},
            keys=[(Kind.email.value, email)],
            payload={k: v for k, v in {"email": email, "name": senders[email] or None}.items() if v},
        )
        for key, email in keys.items()
        if key not in known
    ]  # fmt: skip
    if incoming:
        outcomes, bridges = identity_records.record_people(session, source, incoming)
        survivors = merges.merge_bridges(session, bridges, source.name)
        for item, outcome in zip(incoming, outcomes, strict=True):
            out[keys[item.source_key]] = survivors.get(outcome.person_id, outcome.person_id)
    return out


def _requester(ctx: Ctx, data: RequesterIn | None, channel: str) -> Requester:
    if data is None:
        return Requester(None, None, None)
    if data.person_id is not None:
        if not people.is_visible(ctx, data.person_id):
            raise ValidationFailed(
                "Unknown requester.",
                errors=[FieldError("requester.person_id", "no such person", "unknown_person")],
            )
        person = people.load(ctx.session, data.person_id)
        email = data.email or (person.primary_email if person is not None else None)
        return Requester(data.person_id, email, person.company_id if person is not None else None)
    email = identity.normalise(Kind.email, data.email) if data.email else None
    phone = identity.normalise(Kind.phone, data.phone) if data.phone else None
    source = EMAIL_SOURCE if channel == Channel.email else DESK_SOURCE
    person_id = find_person(ctx.session, email=email, phone=phone, name=data.name, source_name=source)
    person = people.load(ctx.session, person_id) if person_id else None
    return Requester(person_id, email, person.company_id if person is not None else None)


# --- opening ---------------------------------------------------------------------------------------


def _next_number(session: Session) -> int:
    """The next ticket number: one row bumped with UPDATE … RETURNING (Core, no ORM bookkeeping).
    The row is made on first use; two first tickets at once both get past ON CONFLICT DO NOTHING."""
    from sampark.tickets.models import TicketCounter

    table = cast(Table, TicketCounter.__table__)
    conn = session.connection()
    bump = update(table).where(table.c.id == 1).values(value=table.c.value + 1).returning(table.c.value)
    result = conn.execute(bump).scalar_one_or_none()
    if result is None:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
        conn.execute(upsert(table).values(id=1, value=1000).on_conflict_do_nothing(index_elements=["id"]))
        result = conn.execute(bump).scalar_one()
    return int(result)


def _search_text(ticket: Ticket) -> str:
    return build_search_text(
        ticket.subject, token_of(ticket.number), str(ticket.number), ticket.requester_email
    )


def open_ticket(
    ctx: Ctx,
    *,
    subject: str,
    description: str,
    channel: str,
    requester: Requester,
    priority: str | None = None,
    type_: str = "question",
    tags: list[str] | None = None,
    custom: dict[str, Any] | None = None,
    queue_id: uuid.UUID | None = None,
    assignee_id: uuid.UUID | None = None,
    deal_id: uuid.UUID | None = None,
    mailbox_id: uuid.UUID | None = None,
    mailbox_queue_id: uuid.UUID | None = None,
) -> Ticket:
    """A new ticket: routed (unless a queue is given), assigned inside its queue (unless an
    assignee is given), with SLA targets from now on the queue's business hours; audited."""
    session = ctx.session
    setup.ensure_defaults(session)
    now = utcnow()
    tags = tags or []
    company_id = requester.company_id
    facts = customers.customer_facts(session, {requester.person_id}).get(requester.person_id) if (
        requester.person_id) else None  # fmt: skip
    queue: TicketQueue | None
    rule_priority: str | None = None
    if queue_id is not None:
        queue = session.get(TicketQueue, queue_id)
    else:
        queue, rule_priority = setup.route(session, channel=channel, type_=type_, tags=tags, subject=subject,
                                           company_id=company_id, facts=facts)  # fmt: skip
        if rule_priority is None and mailbox_queue_id is not None and _only_default_matched(session, queue):
            queue = session.get(TicketQueue, mailbox_queue_id) or queue
    locked = setup.lock_queue(session, queue.id) if queue is not None else None
    owner = assignee_id
    if owner is None and locked is not None:
        owner = setup.pick_assignee(session, locked)
    ticket = Ticket(
        number=_next_number(session),
        subject=subject[:300],
        description=description,
        channel=channel,
        status=Status.open.value if owner else Status.new.value,
        priority=priority or rule_priority or Priority.normal.value,
        type=type_,
        tags=tags,
        custom=custom or {},
        requester_id=requester.person_id,
        requester_email=requester.email,
        company_id=company_id,
        customer_tier=facts.tier if facts is not None else None,
        queue_id=queue.id if queue else None,
        owner_id=owner,
        deal_id=deal_id,
        mailbox_id=mailbox_id,
        last_message_at=now,
        created_at=now,
    )
    ticket.search_text = _search_text(ticket)
    setup.apply_policy(session, ticket, queue, now)
    session.add(ticket)
    session.flush()
    audit.record(session, ctx.principal, "create", OBJ.value, ticket.id, {
        "number": ticket.number, "subject": ticket.subject, "channel": channel, "status": ticket.status,
        "priority": ticket.priority, "queue_id": ticket.queue_id, "owner_id": ticket.owner_id,
        "requester_id": ticket.requester_id,
    })  # fmt: skip
    return ticket


def _only_default_matched(session: Session, queue: TicketQueue | None) -> bool:
    """Whether routing fell through to the default queue (a mailbox's own queue then wins)."""
    return queue is None or queue.is_default


def _check_links(ctx: Ctx, values: dict[str, Any]) -> None:
    from sampark.companies import service as companies
    from sampark.deals import service as deals

    if values.get("company_id") and not companies.is_visible(ctx, values["company_id"]):
        raise ValidationFailed(
            "Unknown company.", errors=[FieldError("company_id", "no such company", "unknown_company")]
        )
    if values.get("deal_id") and not deals.is_visible(ctx, values["deal_id"]):
        raise ValidationFailed(
            "Unknown deal.", errors=[FieldError("deal_id", "no such deal", "unknown_deal")]
        )
    if values.get("queue_id") and not setup.queue_exists(ctx.session, values["queue_id"]):
        raise ValidationFailed(
            "Unknown queue.", errors=[FieldError("queue_id", "no such queue", "unknown_queue")]
        )
    owner = values.get("assignee_id", values.get("owner_id"))
    if owner:
        if not users.existing_user_ids(ctx.session, {owner}):
            raise ValidationFailed(
                "Unknown assignee.", errors=[FieldError("assignee_id", "no such user", "unknown_user")]
            )


def create_ticket(ctx: Ctx, data: TicketCreate) -> TicketOut:
    ctx.require(OBJ, Action.write)
    _check_links(ctx, data.model_dump(include={"company_id", "deal_id", "queue_id", "assignee_id"}))
    requester = _requester(ctx, data.requester, data.channel.value)
    if data.company_id is not None:
        requester.company_id = data.company_id
    ticket = open_ticket(
        ctx,
        subject=data.subject,
        description=data.description,
        channel=data.channel.value,
        requester=requester,
        priority=data.priority.value if data.priority else None,
        type_=data.type.value,
        tags=list(dict.fromkeys(data.tags)),
        custom=custom_fields.validate_values(ctx.session, OBJ.value, data.custom_fields),
        queue_id=data.queue_id,
        assignee_id=data.assignee_id,
        deal_id=data.deal_id,
    )
    if data.description:
        _add_message_row(ctx.session, ticket, kind="reply", direction="in", body=data.description,
                         author_person_id=ticket.requester_id, from_address=ticket.requester_email)  # fmt: skip
    return to_out(ctx.session, [ticket])[0]


# --- status and SLA --------------------------------------------------------------------------------


def _queue_of(session: Session, ticket: Ticket) -> TicketQueue | None:
    return session.get(TicketQueue, ticket.queue_id) if ticket.queue_id else None


def _pause(ticket: Ticket, now: datetime) -> None:
    if ticket.sla_paused_at is None:
        ticket.sla_paused_at = now
    setup.refresh_due(ticket)


def _resume(session: Session, ticket: Ticket, now: datetime) -> None:
    """Targets move later by the working time spent paused."""
    if ticket.sla_paused_at is not None:
        cal = setup.calendar(_queue_of(session, ticket))
        from sampark.tickets.hours import add_business_time

        shift = business_time_between(as_utc(ticket.sla_paused_at), now, cal)
        if shift:
            if ticket.first_response_due_at is not None and ticket.first_responded_at is None:
                ticket.first_response_due_at = add_business_time(
                    as_utc(ticket.first_response_due_at), shift, cal
                )
            if ticket.resolution_due_at is not None:
                ticket.resolution_due_at = add_business_time(as_utc(ticket.resolution_due_at), shift, cal)
        ticket.sla_paused_at = None
    setup.refresh_due(ticket)


def _change_status(session: Session, ticket: Ticket, new: str, now: datetime) -> None:
    old = ticket.status
    if new == old:
        return
    ticket.status = new
    if new == Status.pending:
        _pause(ticket, now)
    elif old == Status.pending:
        _resume(session, ticket, now)
    if new == Status.solved:
        ticket.solved_at = now
        csat.ask_for_rating(session, ticket, _mailbox_address(session, ticket))
    elif new == Status.closed:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    elif old in (Status.solved, Status.closed):
        ticket.solved_at = None
        ticket.closed_at = None
    setup.refresh_due(ticket)


def update_ticket(ctx: Ctx, ticket_id: uuid.UUID, data: TicketUpdate, version: int) -> TicketOut:
    ctx.require(OBJ, Action.write)
    ticket = _get(ctx, ticket_id)
    check_version(ticket, version, lambda: to_out(ctx.session, [ticket])[0])
    values = data.model_dump(exclude_unset=True)
    for required in ("subject", "status", "priority", "type", "tags", "custom_fields"):
        if required in values and values[required] is None:
            raise ValidationFailed("May not be empty.", errors=[FieldError(required, "may not be null")])
    _check_links(ctx, values)
    if ticket.merged_into_id is not None and values.get("status") not in (None, Status.closed):
        raise ValidationFailed(
            "This ticket was merged into another; work on that one.",
            errors=[FieldError("status", "merged tickets stay closed", "merged")],
        )
    now = utcnow()
    before = {f: getattr(ticket, f) for f in AUDITED}
    if "custom_fields" in values:
        ticket.custom = custom_fields.validate_values(
            ctx.session, OBJ.value, values["custom_fields"], ticket.custom
        )
    for key in ("subject", "type", "company_id", "deal_id"):
        if key in values:
            value = values[key]
            setattr(ticket, key, value.value if hasattr(value, "value") else value)
    if "tags" in values:
        ticket.tags = list(dict.fromkeys(values["tags"]))
    if "queue_id" in values and values["queue_id"] != ticket.queue_id:
        ticket.queue_id = values["queue_id"]
        if "assignee_id" not in values and ticket.queue_id is not None:
            queue = setup.lock_queue(ctx.session, ticket.queue_id)
            ticket.owner_id = setup.pick_assignee(ctx.session, queue) if queue is not None else None
    if "assignee_id" in values:
        ticket.owner_id = values["assignee_id"]
    if "priority" in values and values["priority"] != ticket.priority:
        ticket.priority = values["priority"].value
        paused = ticket.sla_paused_at
        setup.apply_policy(ctx.session, ticket, _queue_of(ctx.session, ticket), as_utc(ticket.created_at))
        ticket.sla_paused_at = paused
        setup.refresh_due(ticket)
    if "status" in values:
        _change_status(ctx.session, ticket, values["status"].value, now)
    elif ticket.status == Status.new and ticket.owner_id is not None:
        _change_status(ctx.session, ticket, Status.open.value, now)
    ticket.search_text = _search_text(ticket)
    after = {f: getattr(ticket, f) for f in AUDITED}
    changes = audit.diff(before, after)
    if changes:
        ticket.updated_at = now
        ctx.session.flush()
        audit.record(ctx.session, ctx.principal, "update", OBJ.value, ticket.id, changes)
    return to_out(ctx.session, [ticket])[0]


# --- conversation ----------------------------------------------------------------------------------


def attachment_dir() -> Path:
    return get_settings().var_dir / "attachments" / "tickets"


def store_attachment(
    session: Session, ticket: Ticket, message: TicketMessage, filename: str, content_type: str, data: bytes
) -> TicketAttachment:
    row = TicketAttachment(
        ticket_id=ticket.id,
        message_id=message.id,
        filename=filename[:255],
        content_type=content_type[:120],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    session.add(row)
    session.flush()
    folder = attachment_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / row.id.hex).write_bytes(data)
    return row


def _add_message_row(
    session: Session,
    ticket: Ticket,
    *,
    kind: str,
    direction: str,
    body: str,
    author_user_id: uuid.UUID | None = None,
    author_person_id: uuid.UUID | None = None,
    from_address: str | None = None,
    email_message_id: str | None = None,
) -> TicketMessage:
    message = TicketMessage(
        ticket_id=ticket.id,
        kind=kind,
        direction=direction,
        author_user_id=author_user_id,
        author_person_id=author_person_id,
        from_address=from_address,
        body=body,
        email_message_id=email_message_id,
        created_at=utcnow(),
    )
    session.add(message)
    session.flush()
    return message


def messages_out(session: Session, rows: list[TicketMessage]) -> list[MessageOut]:
    ids = [m.id for m in rows]
    files: dict[uuid.UUID, list[AttachmentOut]] = {}
    if ids:
        for a in session.scalars(
            select(TicketAttachment)
            .where(TicketAttachment.message_id.in_(ids))
            .order_by(TicketAttachment.created_at)
        ):
            files.setdefault(a.message_id, []).append(
                AttachmentOut(id=a.id, filename=a.filename, content_type=a.content_type, size=a.size)
            )
    user_names = users.user_names(session, {m.author_user_id for m in rows if m.author_user_id})
    person_names = people.display_names(session, {m.author_person_id for m in rows if m.author_person_id})
    states = jobs.states(session, {m.email_job_id for m in rows if m.email_job_id})
    out = []
    for m in rows:
        state = states.get(m.email_job_id) if m.email_job_id else None
        out.append(
            MessageOut(
                id=m.id,
                ticket_id=m.ticket_id,
                kind=MessageKind(m.kind),
                direction=m.direction,
                author_user_id=m.author_user_id,
                author_person_id=m.author_person_id,
                author_name=(user_names.get(m.author_user_id) if m.author_user_id else None)
                or (person_names.get(m.author_person_id) if m.author_person_id else None),
                from_address=m.from_address,
                body=m.body,
                email_message_id=m.email_message_id,
                delivery=DELIVERY.get(state[0], state[0]) if state else None,
                delivery_error=state[1] if state and state[0] in ("retrying", "dead") else None,
                attachments=files.get(m.id, []),
                created_at=m.created_at,
            )
        )
    return out


def list_messages(ctx: Ctx, ticket_id: uuid.UUID) -> list[MessageOut]:
    ticket = _get(ctx, ticket_id)
    rows = list(
        ctx.session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket.id)
            .order_by(TicketMessage.created_at, TicketMessage.id)
        )
    )
    return messages_out(ctx.session, rows)


def _decoded_attachments(items: list[AttachmentIn]) -> list[tuple[str, str, bytes]]:
    out = []
    total = 0
    for i, item in enumerate(items):
        try:
            data = base64.b64decode(item.data_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed(
                "An attachment is not valid base64.",
                errors=[FieldError(f"attachments.{i}.data_base64", "not valid base64", "invalid")],
            ) from exc
        total += len(data)
        if len(data) > MAX_ATTACHMENT_BYTES or total > MAX_ATTACHMENT_BYTES:
            raise ValidationFailed(
                "Attachments are limited to 10 MB in all.",
                errors=[FieldError(f"attachments.{i}.data_base64", "over 10 MB", "too_large")],
            )
        out.append((item.filename.replace("/", "_").replace("\\", "_"), item.content_type, data))
    return out


def _mail_domain() -> str:
    return parseaddr(get_settings().mail_from)[1].rsplit("@", 1)[-1] or "localhost"


def _thread_ids(session: Session, ticket: Ticket) -> list[str]:
    return [
        mid
        for mid in session.scalars(
            select(TicketMessage.email_message_id)
            .where(TicketMessage.ticket_id == ticket.id, TicketMessage.email_message_id.is_not(None))
            .order_by(TicketMessage.created_at, TicketMessage.id)
        )
        if mid
    ]


def reply_subject(ticket: Ticket) -> str:
    base = re.sub(r"\s*\[#\d+\]\s*", " ", strip_reply_prefix(ticket.subject)).strip() or "Your request"
    return f"Re: {base} [{token_of(ticket.number)}]"


def _mailbox_address(session: Session, ticket: Ticket) -> str | None:
    from sampark.tickets.models import Mailbox

    if ticket.mailbox_id is None:
        return None
    box = session.get(Mailbox, ticket.mailbox_id)
    return box.address if box is not None else None


def _send_reply(
    session: Session,
    ticket: Ticket,
    message: TicketMessage,
    agent_name: str,
    files: list[tuple[str, str, bytes]],
) -> None:
    """E-mail a public reply to the requester, threaded under the conversation so far."""
    if not ticket.requester_email:
        return
    thread = _thread_ids(session, ticket)
    message.email_message_id = make_msgid(idstring=f"t{ticket.number}", domain=_mail_domain())
    headers = {"X-Sampark-Ticket": token_of(ticket.number), "Auto-Submitted": "no"}
    if thread:
        headers["In-Reply-To"] = thread[-1]
        headers["References"] = " ".join(thread[-20:])
    message.email_job_id = mail.queue_email(
        session,
        to=[ticket.requester_email],
        subject=reply_subject(ticket),
        text=message.body,
        from_name=agent_name,
        reply_to=_mailbox_address(session, ticket),
        headers=headers,
        attachments=files,
        key=f"ticket-message:{message.id}",
        message_id=message.email_message_id,
    )
    session.flush()


def add_message(ctx: Ctx, ticket_id: uuid.UUID, data: MessageCreate) -> MessageOut:
    """A public reply (e-mailed to the requester on e-mail tickets; the first one meets the
    first-response target) or an internal note; `status` moves the ticket in the same step."""
    ctx.require(OBJ, Action.write)
    ticket = _get(ctx, ticket_id)
    files = _decoded_attachments(data.attachments)
    now = utcnow()
    before = {f: getattr(ticket, f) for f in ("status", "first_responded_at")}
    message = _add_message_row(ctx.session, ticket, kind=data.kind.value, direction="out", body=data.body,
                               author_user_id=ctx.principal.user_id)  # fmt: skip
    for name, ctype, blob in files:
        store_attachment(ctx.session, ticket, message, name, ctype, blob)
    if data.kind == MessageKind.reply:
        agent = users.user_names(ctx.session, {ctx.principal.user_id}).get(ctx.principal.user_id) or "Support"
        if ticket.channel == Channel.email:
            _send_reply(ctx.session, ticket, message, agent, files)
        if ticket.first_responded_at is None:
            ticket.first_responded_at = now
        ticket.last_message_at = now
        if data.status is None and ticket.status == Status.new:
            _change_status(ctx.session, ticket, Status.open.value, now)
    if data.status is not None:
        _change_status(ctx.session, ticket, data.status.value, now)
    setup.refresh_due(ticket)
    ticket.updated_at = now
    ctx.session.flush()
    changes = audit.diff(before, {f: getattr(ticket, f) for f in before})
    changes["message"] = {
        "before": None,
        "after": {"id": str(message.id), "kind": message.kind, "direction": "out"},
    }
    audit.record(ctx.session, ctx.principal, "update", OBJ.value, ticket.id, changes)
    return messages_out(ctx.session, [message])[0]


def customer_message(
    session: Session, ticket: Ticket, *, body: str, person_id: uuid.UUID | None, from_address: str | None,
    email_message_id: str | None,
) -> TicketMessage:  # fmt: skip
    """The requester wrote again: the message joins the ticket, which reopens if it waited on them."""
    now = utcnow()
    before = ticket.status
    message = _add_message_row(session, ticket, kind="reply", direction="in", body=body, author_person_id=person_id,
                               from_address=from_address, email_message_id=email_message_id)  # fmt: skip
    if ticket.status in (Status.pending, Status.solved, Status.on_hold):
        _change_status(session, ticket, Status.open.value, now)
    ticket.last_message_at = now
    ticket.updated_at = now
    session.flush()
    changes: dict[str, Any] = {
        "message": {"before": None, "after": {"id": str(message.id), "kind": "reply", "direction": "in"}}
    }
    if before != ticket.status:
        changes["status"] = {"before": before, "after": ticket.status}
    audit.record(session, SYSTEM, "update", OBJ.value, ticket.id, changes)
    return message


def attachment_file(ctx: Ctx, ticket_id: uuid.UUID, attachment_id: uuid.UUID) -> tuple[str, str, Path]:
    ticket = _get(ctx, ticket_id)
    row = ctx.session.get(TicketAttachment, attachment_id)
    if row is None or row.ticket_id != ticket.id:
        raise NotFound("No such attachment.")
    return row.filename, row.content_type, attachment_dir() / row.id.hex


# --- merge -----------------------------------------------------------------------------------------


def merge_ticket(ctx: Ctx, ticket_id: uuid.UUID, into_id: uuid.UUID) -> TicketOut:
    """Close a duplicate into another ticket: its conversation moves there, it stays as a pointer."""
    ctx.require(OBJ, Action.write)
    source = _get(ctx, ticket_id)
    if into_id == source.id:
        raise ValidationFailed(
            "A ticket cannot be merged into itself.", errors=[FieldError("into_id", "same ticket", "invalid")]
        )
    try:
        target = _get(ctx, into_id)
    except NotFound as exc:
        raise ValidationFailed(
            "Unknown ticket.", errors=[FieldError("into_id", "no such ticket", "unknown_ticket")]
        ) from exc
    if target.merged_into_id is not None:
        raise ValidationFailed(
            "That ticket was itself merged away.", errors=[FieldError("into_id", "merged ticket", "merged")]
        )
    now = utcnow()
    ctx.session.execute(
        update(TicketMessage).where(TicketMessage.ticket_id == source.id).values(ticket_id=target.id)
    )
    ctx.session.execute(
        update(TicketAttachment).where(TicketAttachment.ticket_id == source.id).values(ticket_id=target.id)
    )
    _add_message_row(ctx.session, target, kind="note", direction="out", author_user_id=ctx.principal.user_id,
                     body=f"Merged {token_of(source.number)} ({source.subject}) into this ticket.")  # fmt: skip
    before = {"status": source.status, "merged_into_id": None}
    source.merged_into_id = target.id
    _change_status(ctx.session, source, Status.closed.value, now)
    target.tags = list(dict.fromkeys([*(target.tags or []), *(source.tags or [])]))
    target.updated_at = now
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "merge", OBJ.value, source.id,
                 audit.diff(before, {"status": source.status, "merged_into_id": target.id}))  # fmt: skip
    return to_out(ctx.session, [target])[0]


# --- timeline --------------------------------------------------------------------------------------


def timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    """The person's newest tickets (by when they were opened) the caller may see."""
    if not ctx.principal.can(OBJ, Action.read):
        return []
    rows = ctx.session.scalars(
        visible_statement(ctx, Ticket, OBJ)
        .where(Ticket.requester_id == person_id, keyset(Ticket.created_at, Ticket.id, before))
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            "ticket",
            t.id,
            t.created_at,
            f"{token_of(t.number)} {t.subject}",
            f"{t.status} · {t.priority} · {t.channel}",
            {"ticket_id": str(t.id), "number": t.number, "status": t.status, "priority": t.priority},
        )
        for t in rows
    ]


# --- canned replies, filled in ---------------------------------------------------------------------


def render_for_ticket(ctx: Ctx, canned_id: uuid.UUID, ticket_id: uuid.UUID) -> RenderedOut:
    ticket = _get(ctx, ticket_id)
    person = people.load(ctx.session, ticket.requester_id) if ticket.requester_id else None
    first = ""
    if person is not None:
        first = person.given_name or (person.display_name.split()[0] if person.display_name.split() else "")
    agent = users.user_names(ctx.session, {ctx.principal.user_id}).get(ctx.principal.user_id, "")
    values = {
        "person.first_name": first,
        "person.name": person.display_name if person is not None else "",
        "ticket.number": token_of(ticket.number),
        "ticket.subject": ticket.subject,
        "agent.name": agent,
    }
    return canned.render_canned(ctx, canned_id, values)


def bulk_update(ctx: Ctx, items: list[Any]) -> Any:
    """Assign, move, re-prioritise or solve many tickets; each item succeeds or fails on its own."""
    from sampark.core.bulk import BulkUpdateItem, run_bulk

    ctx.require(OBJ, Action.write)
    return run_bulk(
        ctx,
        items,
        BulkUpdateItem[TicketUpdate],
        lambda item: update_ticket(ctx, item.id, item.changes, item.version),
    )


def open_count(session: Session, person_id: uuid.UUID) -> int:
    """How many of the person's tickets are open (social priority weighs them)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.requester_id == person_id, Ticket.status.in_(OPEN_VALUES))
        )
        or 0
    )
