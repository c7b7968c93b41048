"""E-mail in: a raw message, from the inbound webhook or an IMAP mailbox, becomes a ticket or
joins one. A reply is matched by In-Reply-To/References to a message of a ticket, then by the
ticket token (`[#1042]`) in its subject; anything else opens a ticket. Auto-replies and
bounces are recorded as ignored and never open a ticket or get an answer (no mail loops); the
same Message-ID twice is one message."""

from __future__ import annotations

import imaplib
import logging
import re
import ssl
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.db import Database
from sampark.tickets import mailboxes, service
from sampark.tickets.mailparse import Inbound, parse
from sampark.tickets.models import Mailbox, Ticket, TicketMessage
from sampark.tickets.schemas import Channel, InboundResult, Status

log = logging.getLogger("sampark.tickets")
MAX_RAW_BYTES = 25 * 1024 * 1024


class Unreadable(ValueError):
    """The message has no sender address to answer."""


def _ticket_for(session: Session, mail: Inbound) -> Ticket | None:
    ids = mail.thread_ids
    if ids:
        found = session.execute(
            select(TicketMessage.ticket_id, TicketMessage.email_message_id).where(
                TicketMessage.email_message_id.in_(ids)
            )
        ).all()
        by_id = {mid: tid for tid, mid in found}
        for mid in ids:
            if mid in by_id:
                return _live(session, session.get(Ticket, by_id[mid]))
    number = mail.ticket_number()
    if number is not None:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one_or_none()
        # A token alone is easy to copy: it only joins when the sender is the ticket's requester.
        if ticket is not None and ticket.requester_email and ticket.requester_email == mail.from_address:
            return _live(session, ticket)
    return None


def _live(session: Session, ticket: Ticket | None) -> Ticket | None:
    """Follow merges; a closed ticket takes no more messages (a new one is opened)."""
    seen = 0
    while ticket is not None and ticket.merged_into_id is not None and seen < 10:
        ticket = session.get(Ticket, ticket.merged_into_id)
        seen += 1
    if ticket is None or ticket.status == Status.closed:
        return None
    return ticket


def ingest(session: Session, mailbox: Mailbox, raw: bytes) -> InboundResult:
    """One raw message into the desk, in the caller's transaction."""
    mail = parse(raw)
    if mail.auto is not None:
        log.info("ignored %s from %s: %s", mail.auto, mail.from_address, mail.subject[:80])
        return InboundResult(outcome=f"ignored_{mail.auto.replace('-', '_')}")
    if not mail.from_address:
        raise Unreadable("The message has no sender address.")
    if mail.from_address == mailbox.address.lower():
        return InboundResult(outcome="ignored_auto_reply")  # our own mail come back: never loop
    if mail.message_id:
        known = session.execute(
            select(TicketMessage.id, TicketMessage.ticket_id, Ticket.number)
            .join(Ticket, Ticket.id == TicketMessage.ticket_id)
            .where(TicketMessage.email_message_id == mail.message_id)
        ).first()
        if known is not None:
            return InboundResult(
                outcome="duplicate", ticket_id=known[1], ticket_number=known[2], message_id=known[0]
            )
    ticket = _ticket_for(session, mail)
    body = mail.text or "(no text)"
    if mail.skipped_attachments:
        body += (
            "\n\n[Attachments over the size limit were not kept: " + ", ".join(mail.skipped_attachments) + "]"
        )
    person_id = service.find_person(
        session,
        email=mail.from_address,
        phone=None,
        name=mail.from_name or None,
        source_name=service.EMAIL_SOURCE,
    )
    if ticket is not None:
        message = service.customer_message(session, ticket, body=body, person_id=person_id,
                                           from_address=mail.from_address, email_message_id=mail.message_id)  # fmt: skip
        outcome = "appended"
    else:
        from sampark.people import service as people

        person = people.load(session, person_id) if person_id else None
        ctx = service.system_ctx(session)
        ticket = service.open_ticket(
            ctx,
            subject=mail.subject or "(no subject)",
            description=body,
            channel=Channel.email.value,
            requester=service.Requester(person_id, mail.from_address, person.company_id if person else None),
            mailbox_id=mailbox.id,
            mailbox_queue_id=mailbox.queue_id,
        )
        message = service._add_message_row(
            session, ticket, kind="reply", direction="in", body=body, author_person_id=person_id,
            from_address=mail.from_address, email_message_id=mail.message_id,
        )  # fmt: skip
        outcome = "created"
    for item in mail.attachments:
        service.store_attachment(session, ticket, message, item.filename, item.content_type, item.data)
    return InboundResult(
        outcome=outcome, ticket_id=ticket.id, ticket_number=ticket.number, message_id=message.id
    )


# --- many at once ----------------------------------------------------------------------------------

MAX_BATCH = 1000
_MBOX_FROM = re.compile(rb"(?:\A|\r?\n\r?\n)From [^\r\n]*\r?\n")
_MBOX_QUOTED = re.compile(rb"^>(>*From )", re.MULTILINE)


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox (RFC 4155; `>From ` lines unquoted as mboxrd writes them)."""
    parts = _MBOX_FROM.split(data)
    return [_MBOX_QUOTED.sub(rb"\1", p) for p in parts if p.strip()]


def ingest_batch(session: Session, mailbox: Mailbox, raws: list[bytes]) -> list[InboundResult]:
    """Many raw messages in the caller's transaction, batched (`batch.ingest_many`); should the
    batch fail on the database, one at a time, each in its own savepoint, so one bad message
    costs only itself."""
    from sqlalchemy.exc import SQLAlchemyError

    from sampark.tickets.batch import ingest_many

    mark = audit.pending_mark(session)
    try:
        with session.begin_nested():
            return ingest_many(session, mailbox, raws)
    except SQLAlchemyError:
        audit.discard_after(session, mark)
        log.exception("inbound batch of %d failed; taking the messages one at a time", len(raws))
    out = []
    for raw in raws:
        mark = audit.pending_mark(session)
        try:
            with session.begin_nested():
                out.append(ingest(session, mailbox, raw))
        except (Unreadable, SQLAlchemyError):
            audit.discard_after(session, mark)
            out.append(InboundResult(outcome="unreadable"))
    return out


# --- IMAP ------------------------------------------------------------------------------------------


@dataclass
class PollResult:
    fetched: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def _connect(box: Mailbox) -> imaplib.IMAP4:
    host, port = box.imap_host or "", box.imap_port
    client: imaplib.IMAP4
    if box.imap_security == "tls":
        client = imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=30)
    else:
        client = imaplib.IMAP4(host, port, timeout=30)
        if box.imap_security == "starttls":
            client.starttls(ssl_context=ssl.create_default_context())
    client.login(box.imap_username or "", mailboxes.mailbox_password(box))
    return client


def _fetch(client: imaplib.IMAP4, uids: list[int]) -> dict[int, bytes]:
    """The raw messages of these UIDs, in one UID FETCH (read-only: BODY.PEEK sets no flag)."""
    typ, parts = client.uid("FETCH", ",".join(str(u) for u in uids), "(UID BODY.PEEK[])")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"cannot fetch: {parts!r}")
    out: dict[int, bytes] = {}
    for part in parts:
        if isinstance(part, tuple) and len(part) > 1:
            found = re.search(rb"UID (\d+)", part[0])
            if found:
                out[int(found.group(1))] = bytes(part[1])
    return out


def mark_polled(session: Session, mailbox_id: uuid.UUID, **values: Any) -> None:
    """Write the poller's bookkeeping (UID mark, last poll, last error) without touching the
    mailbox's version or updated_at: polling is not an edit, and bumping the version every
    minute made an admin's open Settings form fail with 412."""
    session.execute(
        update(Mailbox)
        .where(Mailbox.id == mailbox_id)
        .values(**values, updated_at=Mailbox.updated_at)
        .execution_options(synchronize_session=False)
    )


def poll_mailbox(db: Database, mailbox_id: uuid.UUID, *, batch: int = 200, chunk: int = 50) -> PollResult:
    """Fetch the messages after the last UID seen, `chunk` at a time, each chunk ingested in one
    transaction (`ingest_batch`) that also moves the mailbox's UID mark: a crash re-reads at most
    that chunk (and Message-IDs make those duplicates). The mailbox row is locked for each chunk
    and UIDs at or below its mark skipped, so two pollers at once (the minute's poll and an IDLE
    wake-up, or two workers) never take a message twice."""
    with db.session() as session:
        box = session.get(Mailbox, mailbox_id)
        if box is None or not box.enabled or not box.imap_host:
            return PollResult()
        session.expunge(box)
    result = PollResult()
    client = _connect(box)
    try:
        typ, data = client.select(f'"{box.imap_folder}"', readonly=True)
        if typ != "OK":
            raise imaplib.IMAP4.error(f"cannot select {box.imap_folder}: {data!r}")
        validity_raw = client.untagged_responses.get("UIDVALIDITY", [b"0"])[0]
        validity = int(validity_raw.decode() if isinstance(validity_raw, bytes) else str(validity_raw))
        last = box.imap_last_uid if box.imap_uidvalidity == validity else 0
        typ, found = client.uid("SEARCH", f"UID {last + 1}:*")
        uids = sorted(int(u) for u in (found[0] or b"").split() if int(u) > last)[:batch]
        for start in range(0, len(uids), chunk):
            part = uids[start : start + chunk]
            raws = _fetch(client, part)
            with db.session() as session:
                mailbox = session.get(Mailbox, mailbox_id, with_for_update=True, populate_existing=True)
                if mailbox is None:
                    break
                mark = mailbox.imap_last_uid if mailbox.imap_uidvalidity == validity else 0
                todo = [u for u in part if u > mark]
                readable = [u for u in todo if raws.get(u) and len(raws[u]) <= MAX_RAW_BYTES]
                outcomes = [r.outcome for r in ingest_batch(session, mailbox, [raws[u] for u in readable])]
                outcomes += ["unreadable"] * (len(todo) - len(readable))
                mark_polled(
                    session,
                    mailbox_id,
                    imap_uidvalidity=validity,
                    imap_last_uid=max(mark, part[-1]),
                    last_polled_at=utcnow(),
                    last_error=None,
                )
            result.fetched += len(todo)
            for outcome in outcomes:
                result.outcomes[outcome] = result.outcomes.get(outcome, 0) + 1
        if not uids:
            with db.session() as session:
                mark_polled(
                    session, mailbox_id, imap_uidvalidity=validity, last_polled_at=utcnow(), last_error=None
                )
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return result
