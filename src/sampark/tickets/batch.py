"""E-mail in, many messages at a time: the same decisions as `inbound.ingest` — machine mail
ignored, one Message-ID once, a reply threaded by In-Reply-To/References then by its ticket
token, anything else a new ticket (requester resolved, routed, assigned round robin or least
open, SLA'd, audited) — taken for a batch with a handful of statements instead of about twenty
per message: one look-up of known Message-IDs and threads, one identity resolution for every
new sender, routing rules, SLA policies and queue members read once, tickets numbered in one
bump, and messages and attachments written with one INSERT each. One audit entry per ticket
opened and per message joined, as one at a time, so webhooks and workflow rules see the same
events (`ticket.created`, `ticket.customer_replied`).

Used by the mbox form of the inbound webhook and by IMAP polling. The caller's transaction
holds the batch: it commits or fails as one."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.tickets import customers, service, setup
from sampark.tickets.hours import Calendar, add_business_time
from sampark.tickets.mailparse import Inbound, parse
from sampark.tickets.models import (
    Mailbox,
    RoutingRule,
    SlaPolicy,
    Ticket,
    TicketAttachment,
    TicketCounter,
    TicketMessage,
    TicketQueue,
    TicketQueueMember,
)
from sampark.tickets.schemas import Channel, InboundResult, Priority, Status
from sampark.users import service as users

CHUNK = 500  # ids per IN (…) list


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


@dataclass
class _Desk:
    """The desk's configuration read once for the batch, and the assignment state it moves."""

    session: Session
    rules: list[RoutingRule] = field(default_factory=list)
    queues: dict[uuid.UUID, TicketQueue] = field(default_factory=dict)  # held here: the identity map is weak
    default: TicketQueue | None = None
    policies: dict[tuple[str, str], SlaPolicy] = field(default_factory=dict)
    calendars: dict[uuid.UUID | None, Calendar] = field(default_factory=dict)
    locked: dict[uuid.UUID, TicketQueue | None] = field(default_factory=dict)
    candidates: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    open_counts: dict[uuid.UUID, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> _Desk:
        setup.ensure_defaults(session)
        desk = cls(session)
        desk.rules = list(
            session.scalars(
                select(RoutingRule)
                .where(RoutingRule.enabled)
                .order_by(RoutingRule.position, RoutingRule.created_at)
            )
        )
        desk.queues = {q.id: q for q in session.scalars(select(TicketQueue))}
        desk.default = session.scalars(
            select(TicketQueue).order_by(TicketQueue.is_default.desc(), TicketQueue.name).limit(1)
        ).first()
        desk.policies = {(p.priority, p.tier): p for p in session.scalars(select(SlaPolicy))}
        return desk

    def route(self, mail: Inbound, company_id: uuid.UUID | None, facts: customers.CustomerFacts,
              mailbox: Mailbox) -> tuple[TicketQueue | None, str | None]:  # fmt: skip
        """As `setup.route`, then the mailbox's own queue when only the default matched."""
        queue, priority = self.default, None
        for rule in self.rules:
            if setup.rule_matches(rule.conditions or {}, channel=Channel.email.value, type_="question", tags=[],
                                  subject=mail.subject or "(no subject)", company_id=company_id, facts=facts):  # fmt: skip
                queue, priority = self.queues.get(rule.queue_id), rule.set_priority
                break
        if priority is None and mailbox.queue_id is not None and (queue is None or queue.is_default):
            queue = self.queues.get(mailbox.queue_id) or queue
        return queue, priority

    def assign(self, queue: TicketQueue) -> uuid.UUID | None:
        """As `setup.pick_assignee`, with the members read once and the open counts kept here."""
        if queue.id not in self.locked:
            self.locked[queue.id] = setup.lock_queue(self.session, queue.id)
            member_ids = sorted(
                self.session.scalars(
                    select(TicketQueueMember.user_id).where(
                        TicketQueueMember.queue_id == queue.id, TicketQueueMember.available
                    )
                ),
                key=str,
            )
            active = users.existing_user_ids(self.session, set(member_ids))
            self.candidates[queue.id] = [m for m in member_ids if m in active]
            if queue.assignment == "least_open":
                missing = [c for c in self.candidates[queue.id] if c not in self.open_counts]
                counts = setup.open_counts(self.session, missing)
                self.open_counts.update({c: counts.get(c, 0) for c in missing})
        locked = self.locked[queue.id]
        if locked is None or locked.assignment == "manual":
            return None
        candidates = self.candidates[queue.id]
        if not candidates:
            return None
        if locked.assignment == "least_open":
            chosen = min(candidates, key=lambda u: (self.open_counts.get(u, 0), str(u)))
        else:
            last = str(locked.last_assigned_id) if locked.last_assigned_id else ""
            chosen = next((c for c in candidates if str(c) > last), candidates[0])
        locked.last_assigned_id = chosen
        self.open_counts[chosen] = self.open_counts.get(chosen, 0) + 1
        return chosen

    def apply_policy(self, ticket: Ticket, queue: TicketQueue | None, since: datetime) -> None:
        """As `setup.apply_policy`, from the policies read once."""
        policy = self.policies.get((ticket.priority, ticket.customer_tier or ""))
        policy = policy or self.policies.get((ticket.priority, ""))
        key = queue.id if queue is not None else None
        if key not in self.calendars:
            self.calendars[key] = setup.calendar(queue)
        cal = self.calendars[key]
        if policy is None:
            ticket.sla_policy_id = None
            ticket.first_response_due_at = ticket.resolution_due_at = None
        else:
            ticket.sla_policy_id = policy.id
            ticket.first_response_due_at = add_business_time(
                since, timedelta(minutes=policy.first_response_minutes), cal
            )
            ticket.resolution_due_at = add_business_time(
                since, timedelta(minutes=policy.resolution_minutes), cal
            )
        setup.refresh_due(ticket)


def _known_messages(session: Session, mids: list[str]) -> dict[str, InboundResult]:
    out: dict[str, InboundResult] = {}
    for part in _chunks(mids):
        rows = session.execute(
            select(TicketMessage.email_message_id, TicketMessage.id, TicketMessage.ticket_id, Ticket.number)
            .join(Ticket, Ticket.id == TicketMessage.ticket_id)
            .where(TicketMessage.email_message_id.in_(part))
        ).all()
        for mid, message_id, ticket_id, number in rows:
            if mid:
                out.setdefault(mid, InboundResult(outcome="duplicate", ticket_id=ticket_id, ticket_number=number,
                                              message_id=message_id))  # fmt: skip
    return out


def _threads(session: Session, mids: list[str]) -> dict[str, uuid.UUID]:
    out: dict[str, uuid.UUID] = {}
    for part in _chunks(mids):
        for ticket_id, mid in session.execute(
            select(TicketMessage.ticket_id, TicketMessage.email_message_id).where(
                TicketMessage.email_message_id.in_(part)
            )
        ):
            if mid:
                out[mid] = ticket_id
    return out


def _load_tickets(
    session: Session, ids: list[uuid.UUID], numbers: list[int]
) -> tuple[dict[uuid.UUID, Ticket], dict[int, Ticket]]:
    """Tickets the batch may join, by id and by number (for the token match). The caller keeps
    the dicts: the session's identity map holds rows only weakly, and a ticket dropped from it
    would be read again for every message that threads under it."""
    by_id: dict[uuid.UUID, Ticket] = {}
    by_number: dict[int, Ticket] = {}
    for part in _chunks(ids):
        by_id.update((t.id, t) for t in session.scalars(select(Ticket).where(Ticket.id.in_(part))))
    for part in _chunks(numbers):
        for t in session.scalars(select(Ticket).where(Ticket.number.in_(part))):
            by_number[t.number] = t
            by_id[t.id] = t
    return by_id, by_number


def _live(session: Session, ticket: Ticket | None) -> Ticket | None:
    seen = 0
    while ticket is not None and ticket.merged_into_id is not None and seen < 10:
        ticket = session.get(Ticket, ticket.merged_into_id)  # tickets of this batch are never merged
        seen += 1
    if ticket is None or ticket.status == Status.closed:
        return None
    return ticket


def _body(mail: Inbound) -> str:
    body = mail.text or "(no text)"
    if mail.skipped_attachments:
        body += (
            "\n\n[Attachments over the size limit were not kept: " + ", ".join(mail.skipped_attachments) + "]"
        )
    return body


def _numbers(session: Session, count: int) -> list[int]:
    """`count` ticket numbers in one bump of the counter (as `service._next_number`, by count)."""
    if count == 0:
        return []
    first = service._next_number(session)  # makes the row on first use
    if count > 1:
        table = cast(Table, TicketCounter.__table__)
        conn = session.connection()
        conn.execute(update(table).where(table.c.id == 1).values(value=table.c.value + (count - 1)))
    return list(range(first, first + count))


def ingest_many(session: Session, mailbox: Mailbox, raws: list[bytes]) -> list[InboundResult]:
    """Raw messages into the desk, in the caller's transaction; one result each, in order
    (`unreadable` for a message with no sender address)."""
    mails = [parse(raw) for raw in raws]
    results: list[InboundResult | None] = [None] * len(mails)
    own = mailbox.address.lower()
    live: list[int] = []
    for i, mail in enumerate(mails):
        if mail.auto is not None:
            results[i] = InboundResult(outcome=f"ignored_{mail.auto.replace('-', '_')}")
        elif not mail.from_address:
            results[i] = InboundResult(outcome="unreadable")
        elif mail.from_address == own:
            results[i] = InboundResult(outcome="ignored_auto_reply")
        else:
            live.append(i)
    if not live:
        return [r or InboundResult(outcome="unreadable") for r in results]

    known = _known_messages(session, sorted({m for i in live if (m := mails[i].message_id)}))
    threads = _threads(session, sorted({mid for i in live for mid in mails[i].thread_ids}))
    numbers = sorted({n for i in live if (n := mails[i].ticket_number()) is not None})
    known_tickets, by_number = _load_tickets(session, sorted(set(threads.values())), numbers)
    senders = {  # the first name a sender gave wins, as when their first message made them
        mails[i].from_address: mails[i].from_name for i in reversed(live) if mails[i].message_id not in known
    }
    person_of = service.find_people(session, senders, source_name=service.EMAIL_SOURCE)
    facts = customers.customer_facts(session, {p for p in person_of.values() if p})
    desk = _Desk.load(session)
    now = utcnow()
    new_tickets: list[Ticket] = []
    # Tickets by id: those read above, and those opened in this batch (added to the session at the end).
    fresh: dict[uuid.UUID, Ticket] = dict(known_tickets)
    in_batch: dict[str, InboundResult] = {}  # Message-IDs taken in this batch
    messages: list[dict[str, Any]] = []
    files: list[tuple[dict[str, Any], bytes]] = []
    joined: dict[uuid.UUID, Ticket] = {}
    entries: list[tuple[str, Ticket, dict[str, Any]]] = []  # audit entries, in the mail's order

    for i in live:
        mail = mails[i]
        mid = mail.message_id
        if mid and (mid in known or mid in in_batch):
            results[i] = known.get(mid) or in_batch[mid].model_copy(update={"outcome": "duplicate"})
            continue
        ticket = _thread_of(session, mail, threads, by_number, fresh)
        person_id = person_of.get(mail.from_address)
        body = _body(mail)
        if ticket is not None:
            outcome = "appended"
            joined[ticket.id] = ticket
            status_before = ticket.status
            if ticket.status in (Status.pending, Status.solved, Status.on_hold):
                service._change_status(session, ticket, Status.open.value, now)
            ticket.last_message_at = now
            ticket.updated_at = now
        else:
            outcome = "created"
            ticket = _open(desk, mailbox, mail, body, person_id, facts, now)
            new_tickets.append(ticket)
            fresh[ticket.id] = ticket
            entries.append(("create", ticket, {}))
        message = {
            "id": new_id(), "ticket_id": ticket.id, "kind": "reply", "direction": "in", "author_user_id": None,
            "author_person_id": person_id, "from_address": mail.from_address, "body": body,
            "email_message_id": mid, "email_job_id": None, "created_at": now,
        }  # fmt: skip
        messages.append(message)
        for item in mail.attachments:
            row: dict[str, Any] = {
                "id": new_id(), "ticket_id": ticket.id, "message_id": message["id"], "filename": item.filename[:255],
                "content_type": item.content_type[:120], "size": len(item.data),
                "sha256": hashlib.sha256(item.data).hexdigest(), "created_at": now,
            }  # fmt: skip
            files.append((row, item.data))
        result = InboundResult(
            outcome=outcome, ticket_id=ticket.id, ticket_number=None, message_id=message["id"]
        )
        results[i] = result
        if mid:
            in_batch[mid] = result
            threads[mid] = ticket.id  # a later reply in this batch threads under it
        if outcome == "appended":
            changes: dict[str, Any] = {
                "message": {
                    "before": None,
                    "after": {"id": str(message["id"]), "kind": "reply", "direction": "in"},
                }
            }
            if status_before != ticket.status:
                changes["status"] = {"before": status_before, "after": ticket.status}
            entries.append(("update", ticket, changes))

    for ticket, number in zip(new_tickets, _numbers(session, len(new_tickets)), strict=True):
        ticket.number = number
        ticket.search_text = service._search_text(ticket)
    session.flush()  # the joined tickets' changes and the queues' round-robin pointers
    if new_tickets:
        # One INSERT for the new tickets (built as ORM objects for the SLA and routing code,
        # never added to the session: its unit of work costs more than the rest of the batch).
        columns = [c.key for c in Ticket.__table__.columns]
        session.connection().execute(
            insert(Ticket), [{c: getattr(t, c) for c in columns} for t in new_tickets]
        )
    for action, ticket, changes in entries:
        if action == "create":
            changes = {
                "number": ticket.number, "subject": ticket.subject, "channel": ticket.channel, "status": ticket.status,
                "priority": ticket.priority, "queue_id": ticket.queue_id, "owner_id": ticket.owner_id,
                "requester_id": ticket.requester_id,
            }  # fmt: skip
        audit.record(session, service.SYSTEM, action, service.OBJ.value, ticket.id, changes)
    conn = session.connection()
    if messages:
        conn.execute(insert(TicketMessage), messages)
    if files:
        conn.execute(insert(TicketAttachment), [row for row, _ in files])
        folder = service.attachment_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for row, data in files:
            (folder / row["id"].hex).write_bytes(data)
    numbers_of = {t.id: t.number for t in new_tickets} | {t.id: t.number for t in joined.values()}
    out = []
    for r in results:
        if r is None:
            r = InboundResult(outcome="unreadable")
        elif r.ticket_id is not None and r.ticket_number is None:
            r.ticket_number = numbers_of.get(r.ticket_id)
        out.append(r)
    return out


def _thread_of(
    session: Session,
    mail: Inbound,
    threads: dict[str, uuid.UUID],
    by_number: dict[int, Ticket],
    tickets: dict[uuid.UUID, Ticket],
) -> Ticket | None:
    """As `inbound._ticket_for`: the first Message-ID answered that we know (in the database or
    opened earlier in this batch), else the token when the sender is that ticket's requester."""
    for mid in mail.thread_ids:
        if mid in threads:
            ticket_id = threads[mid]
            return _live(session, tickets.get(ticket_id) or session.get(Ticket, ticket_id))
    number = mail.ticket_number()
    if number is not None:
        ticket = by_number.get(number)
        if ticket is not None and ticket.requester_email and ticket.requester_email == mail.from_address:
            return _live(session, ticket)
    return None


def _open(
    desk: _Desk,
    mailbox: Mailbox,
    mail: Inbound,
    body: str,
    person_id: uuid.UUID | None,
    facts: dict[uuid.UUID, customers.CustomerFacts],
    now: datetime,
) -> Ticket:
    """As `service.open_ticket` for an e-mail: routed, assigned, SLA'd (numbered by the caller)."""
    customer = facts.get(person_id) if person_id else None
    customer = customer or customers.CustomerFacts()
    queue, rule_priority = desk.route(mail, customer.company_id, customer, mailbox)
    owner = desk.assign(queue) if queue is not None else None
    subject = mail.subject or "(no subject)"
    ticket = Ticket(
        id=new_id(),
        number=0,
        subject=subject[:300],
        description=body,
        channel=Channel.email.value,
        status=Status.open.value if owner else Status.new.value,
        priority=rule_priority or Priority.normal.value,
        type="question",
        tags=[],
        custom={},
        requester_id=person_id,
        requester_email=mail.from_address,
        company_id=customer.company_id,
        customer_tier=customer.tier,
        queue_id=queue.id if queue else None,
        owner_id=owner,
        mailbox_id=mailbox.id,
        last_message_at=now,
        created_at=now,
        updated_at=now,
        version=1,
    )
    desk.apply_policy(ticket, queue, now)
    return ticket
