"""Service desk endpoints: tickets and their conversations, queues, routing rules, SLA policies,
canned replies and mailboxes (under /api/v1, signed in); the inbound e-mail webhook (a
mailbox's token); and the CSAT rating page (`/csat/{token}`, no sign-in)."""

from __future__ import annotations

import html
import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from pydantic import ValidationError

from sampark.core.bulk import BulkResult, BulkUpdate
from sampark.core.errors import FieldError, NotAuthenticated, PayloadTooLarge, ValidationFailed
from sampark.core.pagination import Page
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, ListParamsDep, SessionDep, with_etag
from sampark.tickets import canned, csat, inbound, mailboxes, reports, service, setup
from sampark.tickets.schemas import (
    CannedCreate,
    CannedOut,
    CannedUpdate,
    CsatIn,
    CsatReport,
    Dashboard,
    InboundBatchResult,
    InboundResult,
    Language,
    MailboxCreate,
    MailboxOut,
    MailboxUpdate,
    MailboxWithToken,
    MergeIn,
    MessageCreate,
    MessageOut,
    Priority,
    QueueCreate,
    QueueOut,
    QueueUpdate,
    RenderedOut,
    RuleCreate,
    RuleOut,
    RuleUpdate,
    SlaPolicyIn,
    SlaPolicyOut,
    TicketCreate,
    TicketOut,
    TicketUpdate,
    TierOut,
)

router = APIRouter(prefix="/tickets", tags=["tickets"])
queues_router = APIRouter(prefix="/ticket-queues", tags=["tickets"])
rules_router = APIRouter(prefix="/ticket-rules", tags=["tickets"])
sla_router = APIRouter(prefix="/sla-policies", tags=["tickets"])
tiers_router = APIRouter(prefix="/customer-tiers", tags=["tickets"])
canned_router = APIRouter(prefix="/canned-replies", tags=["tickets"])
mailboxes_router = APIRouter(prefix="/mailboxes", tags=["tickets"])
inbound_router = APIRouter(prefix="/inbound", tags=["tickets"])
csat_router = APIRouter(prefix="/csat", tags=["tickets"])

View = Literal["mine", "unassigned", "my_queues", "breached"]


# --- tickets ---------------------------------------------------------------------------------------


@router.get("", operation_id="tickets-list", response_model=Page[TicketOut])
def list_tickets(
    ctx: CtxDep,
    params: ListParamsDep,
    view: Annotated[
        View | None,
        Query(
            description="Open tickets: `mine`, `unassigned`, `my_queues` (queues I am a member of), `breached`"
        ),
    ] = None,
    assignee: Annotated[
        str | None, Query(max_length=40, description="`me`, `unassigned` or a user id")
    ] = None,
) -> Page[TicketOut]:
    """Tickets you may see, soonest SLA target first (`sort=sla_due_at`; paused and met last).
    Filter on queue_id, status, priority, type, channel, assignee_id, requester_id, tags, sla_due_at …"""
    return service.list_tickets(ctx, params, view=view, assignee=assignee)


@router.get("/counts", operation_id="tickets-counts", response_model=dict[str, int])
def counts(ctx: CtxDep) -> dict[str, int]:
    """Open tickets in each workspace view (mine, unassigned, my_queues, breached)."""
    return service.counts(ctx)


@router.get("/dashboard", operation_id="tickets-dashboard", response_model=Dashboard)
def dashboard(ctx: CtxDep) -> Dashboard:
    """Open by queue, breaches, median first-response and resolution times, CSAT."""
    return reports.dashboard(ctx)


@router.get("/csat-report", operation_id="tickets-csat-report", response_model=CsatReport)
def csat_report(ctx: CtxDep, since: datetime | None = None) -> CsatReport:
    """Ratings per agent and per queue, with the latest comments."""
    return csat.csat_report(ctx, since)


@router.patch("/bulk", operation_id="tickets-bulk-update", response_model=BulkResult[TicketOut])
def bulk_update(body: BulkUpdate[TicketUpdate], ctx: CtxDep) -> BulkResult[TicketOut]:
    """Update up to 1,000 tickets (assign, move queue, priority, status), each with the version it was read at."""
    return service.bulk_update(ctx, body.items)  # type: ignore[no-any-return]


@router.post("", operation_id="tickets-create", response_model=TicketOut, status_code=201)
def create_ticket(body: TicketCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> TicketOut:
    """Open a ticket: the requester is found or created by e-mail/phone; routing rules choose the
    queue and assignment the agent unless `queue_id`/`assignee_id` say otherwise."""
    return idem.run(lambda: with_etag(response, service.create_ticket(ctx, body)))  # type: ignore[no-any-return]


@router.get("/{ticket_id}", operation_id="tickets-get", response_model=TicketOut)
def get_ticket(ticket_id: uuid.UUID, ctx: CtxDep, response: Response) -> TicketOut:
    return with_etag(response, service.get_ticket(ctx, ticket_id))


@router.patch("/{ticket_id}", operation_id="tickets-update", response_model=TicketOut)
def update_ticket(
    ticket_id: uuid.UUID, body: TicketUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> TicketOut:
    """Change status, priority, queue, assignee, tags, the linked deal … (`If-Match` needed)."""
    return with_etag(response, service.update_ticket(ctx, ticket_id, body, version))


@router.get("/{ticket_id}/messages", operation_id="tickets-messages", response_model=list[MessageOut])
def list_messages(ticket_id: uuid.UUID, ctx: CtxDep) -> list[MessageOut]:
    """The conversation, oldest first, with each e-mailed reply's delivery state."""
    return service.list_messages(ctx, ticket_id)


@router.post(
    "/{ticket_id}/messages", operation_id="tickets-add-message", response_model=MessageOut, status_code=201
)
def add_message(ticket_id: uuid.UUID, body: MessageCreate, ctx: CtxDep, idem: IdempotencyDep) -> MessageOut:
    """A public reply (e-mailed to the requester on e-mail tickets) or an internal note."""
    return idem.run(lambda: service.add_message(ctx, ticket_id, body))  # type: ignore[no-any-return]


@router.post("/{ticket_id}/merge", operation_id="tickets-merge", response_model=TicketOut)
def merge(ticket_id: uuid.UUID, body: MergeIn, ctx: CtxDep) -> TicketOut:
    """Merge this duplicate into `into_id`: its conversation moves there; it is closed. Answers the survivor."""
    return service.merge_ticket(ctx, ticket_id, body.into_id)


@router.get(
    "/{ticket_id}/attachments/{attachment_id}",
    operation_id="tickets-attachment",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def attachment(ticket_id: uuid.UUID, attachment_id: uuid.UUID, ctx: CtxDep) -> FileResponse:
    """The file, always as a download (never rendered by the browser in our origin)."""
    filename, _content_type, path = service.attachment_file(ctx, ticket_id, attachment_id)
    return FileResponse(
        path,
        media_type="application/octet-stream",
        filename=filename,
        content_disposition_type="attachment",
        headers={"Content-Security-Policy": "sandbox"},
    )


# --- queues ----------------------------------------------------------------------------------------


@queues_router.get("", operation_id="ticket-queues-list", response_model=list[QueueOut])
def list_queues(ctx: CtxDep) -> list[QueueOut]:
    """Departments with their members (availability, open tickets) and business hours."""
    return setup.list_queues(ctx)


@queues_router.post("", operation_id="ticket-queues-create", response_model=QueueOut, status_code=201)
def create_queue(body: QueueCreate, ctx: CtxDep, idem: IdempotencyDep) -> QueueOut:
    return idem.run(lambda: setup.create_queue(ctx, body))  # type: ignore[no-any-return]


@queues_router.get("/{queue_id}", operation_id="ticket-queues-get", response_model=QueueOut)
def get_queue(queue_id: uuid.UUID, ctx: CtxDep, response: Response) -> QueueOut:
    return with_etag(response, setup.get_queue(ctx, queue_id))


@queues_router.patch("/{queue_id}", operation_id="ticket-queues-update", response_model=QueueOut)
def update_queue(
    queue_id: uuid.UUID, body: QueueUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> QueueOut:
    """Change the queue; `members` replaces the member list."""
    return with_etag(response, setup.update_queue(ctx, queue_id, body, version))


@queues_router.put(
    "/{queue_id}/members/{user_id}/availability",
    operation_id="ticket-queues-availability",
    response_model=QueueOut,
)
def set_availability(
    queue_id: uuid.UUID, user_id: uuid.UUID, ctx: CtxDep, available: Annotated[bool, Query()]
) -> QueueOut:
    """Mark a member present (takes new tickets) or away. Agents set their own."""
    return setup.set_availability(ctx, queue_id, user_id, available)


# --- routing rules ---------------------------------------------------------------------------------


@rules_router.get("", operation_id="ticket-rules-list", response_model=list[RuleOut])
def list_rules(ctx: CtxDep) -> list[RuleOut]:
    """In the order they are tried; the first enabled match decides the queue."""
    return setup.list_rules(ctx)


@rules_router.post("", operation_id="ticket-rules-create", response_model=RuleOut, status_code=201)
def create_rule(body: RuleCreate, ctx: CtxDep, idem: IdempotencyDep) -> RuleOut:
    return idem.run(lambda: setup.create_rule(ctx, body))  # type: ignore[no-any-return]


@rules_router.patch("/{rule_id}", operation_id="ticket-rules-update", response_model=RuleOut)
def update_rule(rule_id: uuid.UUID, body: RuleUpdate, ctx: CtxDep, version: IfMatchDep) -> RuleOut:
    return setup.update_rule(ctx, rule_id, body, version)


@rules_router.delete(
    "/{rule_id}", operation_id="ticket-rules-delete", status_code=204, response_class=Response
)
def delete_rule(rule_id: uuid.UUID, ctx: CtxDep) -> Response:
    setup.delete_rule(ctx, rule_id)
    return Response(status_code=204)


# --- SLA policies ----------------------------------------------------------------------------------


@sla_router.get("", operation_id="sla-policies-list", response_model=list[SlaPolicyOut])
def list_policies(ctx: CtxDep) -> list[SlaPolicyOut]:
    """Targets per priority, in business minutes of each ticket's queue calendar."""
    return setup.list_policies(ctx)


@sla_router.put("/{priority}", operation_id="sla-policies-put", response_model=SlaPolicyOut)
def put_policy(
    priority: Priority,
    body: SlaPolicyIn,
    ctx: CtxDep,
    tier: Annotated[str | None, Query(max_length=40, description="A customer tier's own policy")] = None,
) -> SlaPolicyOut:
    """Set a priority's targets for every customer, or (`tier`) for one customer tier's."""
    return setup.put_policy(ctx, priority.value, body, tier)


@sla_router.delete("/{priority}", operation_id="sla-policies-delete", status_code=204)
def delete_policy(
    priority: Priority, ctx: CtxDep, tier: Annotated[str, Query(min_length=1, max_length=40)]
) -> Response:
    """Drop a tier's own policy: its customers get every customer's again."""
    setup.delete_policy(ctx, priority.value, tier)
    return Response(status_code=204)


@tiers_router.get("", operation_id="customer-tiers-list", response_model=list[TierOut])
def list_tiers(ctx: CtxDep) -> list[TierOut]:
    """Customer tiers by lifetime spend (set by the operator in `SAMPARK_TICKET_TIERS`), highest first."""
    return setup.list_tiers(ctx)


# --- canned replies --------------------------------------------------------------------------------


@canned_router.get("", operation_id="canned-replies-list", response_model=list[CannedOut])
def list_canned(
    ctx: CtxDep, language: Language | None = None, queue_id: uuid.UUID | None = None
) -> list[CannedOut]:
    return canned.list_canned(ctx, language.value if language else None, queue_id)


@canned_router.post("", operation_id="canned-replies-create", response_model=CannedOut, status_code=201)
def create_canned(body: CannedCreate, ctx: CtxDep, idem: IdempotencyDep) -> CannedOut:
    """Placeholders: {{person.first_name}}, {{person.name}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}}."""
    return idem.run(lambda: canned.create_canned(ctx, body))  # type: ignore[no-any-return]


@canned_router.patch("/{canned_id}", operation_id="canned-replies-update", response_model=CannedOut)
def update_canned(canned_id: uuid.UUID, body: CannedUpdate, ctx: CtxDep, version: IfMatchDep) -> CannedOut:
    return canned.update_canned(ctx, canned_id, body, version)


@canned_router.delete(
    "/{canned_id}", operation_id="canned-replies-delete", status_code=204, response_class=Response
)
def delete_canned(canned_id: uuid.UUID, ctx: CtxDep) -> Response:
    canned.delete_canned(ctx, canned_id)
    return Response(status_code=204)


@canned_router.get("/{canned_id}/render", operation_id="canned-replies-render", response_model=RenderedOut)
def render_canned(canned_id: uuid.UUID, ticket_id: uuid.UUID, ctx: CtxDep) -> RenderedOut:
    """The reply filled in for a ticket (its requester, number, and you as the agent)."""
    return service.render_for_ticket(ctx, canned_id, ticket_id)


# --- mailboxes -------------------------------------------------------------------------------------


@mailboxes_router.get("", operation_id="mailboxes-list", response_model=list[MailboxOut])
def list_mailboxes(ctx: CtxDep) -> list[MailboxOut]:
    return mailboxes.list_mailboxes(ctx)


@mailboxes_router.post("", operation_id="mailboxes-create", response_model=MailboxWithToken, status_code=201)
def create_mailbox(body: MailboxCreate, ctx: CtxDep, idem: IdempotencyDep) -> MailboxWithToken:
    """A support address. The answer carries, once, the token the inbound webhook takes."""
    return idem.run(lambda: mailboxes.create_mailbox(ctx, body))  # type: ignore[no-any-return]


@mailboxes_router.get("/{mailbox_id}", operation_id="mailboxes-get", response_model=MailboxOut)
def get_mailbox(mailbox_id: uuid.UUID, ctx: CtxDep) -> MailboxOut:
    return mailboxes.get_mailbox(ctx, mailbox_id)


@mailboxes_router.patch("/{mailbox_id}", operation_id="mailboxes-update", response_model=MailboxOut)
def update_mailbox(
    mailbox_id: uuid.UUID, body: MailboxUpdate, ctx: CtxDep, version: IfMatchDep
) -> MailboxOut:
    return mailboxes.update_mailbox(ctx, mailbox_id, body, version)


@mailboxes_router.post(
    "/{mailbox_id}/rotate-token", operation_id="mailboxes-rotate-token", response_model=MailboxWithToken
)
def rotate_token(mailbox_id: uuid.UUID, ctx: CtxDep) -> MailboxWithToken:
    """A new webhook token; the old one stops working at once."""
    return mailboxes.rotate_mailbox_token(ctx, mailbox_id)


# --- inbound e-mail (a mailbox's token, not a user) ------------------------------------------------

RAW_DOC = {
    "requestBody": {
        "required": True,
        "description": "The raw message (sent as message/rfc822 or application/octet-stream)",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


async def _raw_message(request: Request) -> bytes:
    raw = await request.body()
    if len(raw) > inbound.MAX_RAW_BYTES:
        raise PayloadTooLarge.over(inbound.MAX_RAW_BYTES)
    return raw


async def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


@inbound_router.post(
    "/email", operation_id="inbound-email", response_model=InboundResult, openapi_extra=RAW_DOC
)
def inbound_email(
    session: SessionDep,
    raw: Annotated[bytes, Depends(_raw_message)],
    token: Annotated[str, Depends(_bearer)],
) -> InboundResult:
    """A raw RFC 5322 message for a mailbox, authenticated by `Authorization: Bearer <mailbox
    token>`. A new thread opens a ticket; a reply joins its ticket; auto-replies and bounces are
    acknowledged and ignored."""
    mailbox = mailboxes.mailbox_by_token(session, token) if token else None
    if mailbox is None:
        raise NotAuthenticated("Send a mailbox's token as 'Authorization: Bearer mbx_…'.")
    if not raw.strip():
        raise ValidationFailed(
            "The body is empty.", errors=[FieldError("body", "a raw RFC 5322 message", "required")]
        )
    try:
        return inbound.ingest(session, mailbox, raw)
    except inbound.Unreadable as exc:
        raise ValidationFailed(str(exc), errors=[FieldError("From", "no sender address", "invalid")]) from exc


MBOX_DOC = {
    "requestBody": {
        "required": True,
        "description": "Many raw messages as an mbox (RFC 4155: each begins with a `From ` line)",
        "content": {"application/mbox": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@inbound_router.post(
    "/email/batch",
    operation_id="inbound-email-batch",
    response_model=InboundBatchResult,
    openapi_extra=MBOX_DOC,
)
def inbound_email_batch(
    session: SessionDep,
    raw: Annotated[bytes, Depends(_raw_message)],
    token: Annotated[str, Depends(_bearer)],
) -> InboundBatchResult:
    """Up to 1,000 raw messages in one mbox, for a mailbox (same token as `/inbound/email`), taken
    in one transaction with the same outcome each would have alone (a message with no sender is
    `unreadable`). For an MTA or a relay that hands mail over in batches: much faster per message."""
    mailbox = mailboxes.mailbox_by_token(session, token) if token else None
    if mailbox is None:
        raise NotAuthenticated("Send a mailbox's token as 'Authorization: Bearer mbx_…'.")
    raws = inbound.split_mbox(raw)
    if not raws:
        raise ValidationFailed(
            "No messages in the body.", errors=[FieldError("body", "an mbox of raw messages", "required")]
        )
    if len(raws) > inbound.MAX_BATCH:
        raise ValidationFailed(
            f"At most {inbound.MAX_BATCH} messages at a time.",
            errors=[FieldError("body", f"{len(raws)} messages", "too_many")],
        )
    results = inbound.ingest_batch(session, mailbox, raws)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    return InboundBatchResult(results=results, counts=counts)


# --- CSAT (public, no sign-in) ---------------------------------------------------------------------

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{font-size:1.1rem;margin:.2rem;padding:.5rem .8rem}}textarea{{width:100%}}</style></head><body>{body}</body></html>"""
_LABELS = {5: "Very happy", 4: "Happy", 3: "Neutral", 2: "Unhappy", 1: "Very unhappy"}
_CSP = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"}


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(title=html.escape(title), body=body), status_code=status, headers=_CSP)


@csat_router.get("/{token}", operation_id="csat-page", response_class=HTMLResponse, include_in_schema=False)
def csat_page(
    token: str, session: SessionDep, score: Annotated[int | None, Query(ge=1, le=5)] = None
) -> HTMLResponse:
    """The rating page the e-mailed link opens (reading it records nothing: mail scanners follow links)."""
    number, subject, rated = csat.csat_lookup(session, token)
    if rated:
        return _page("Thank you", "<h1>Thank you</h1><p>This request has been rated already.</p>")
    buttons = "".join(
        f'<button name="score" value="{s}"{" autofocus" if s == score else ""}>{_LABELS[s]}</button>'
        for s in _LABELS
    )
    body = (
        f"<h1>How did we do?</h1><p>Request #{number}: {html.escape(subject)}</p>"
        f'<form method="post"><p><label>Anything to add? (optional)<br><textarea name="comment" rows="3" '
        f'maxlength="2000"></textarea></label></p><p>{buttons}</p></form>'
    )
    return _page("How did we do?", body)


async def _rating_body(request: Request) -> tuple[bool, dict[str, Any]]:
    """(JSON was sent, the fields): a form from the rating page, or JSON from an integration."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError as exc:
            raise ValidationFailed(
                "The body is not JSON.", errors=[FieldError("body", "not JSON", "json_invalid")]
            ) from exc
        return True, data if isinstance(data, dict) else {}
    form = await request.form()
    return False, {k: v for k, v in form.items() if isinstance(v, str) and v != ""}


@csat_router.post("/{token}", operation_id="csat-rate", response_model=None, include_in_schema=False)
def csat_rate(
    token: str, session: SessionDep, body: Annotated[tuple[bool, dict[str, Any]], Depends(_rating_body)]
) -> Response:
    """Record the rating (form fields or JSON `{"score": 1-5, "comment": "…"}`): once per ticket."""
    wants_json, data = body
    try:
        rating = CsatIn.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            "The rating is not valid.",
            errors=[FieldError(".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors()],
        ) from exc
    number = csat.csat_rate(session, token, rating)
    if wants_json:
        return JSONResponse({"ticket_number": number, "score": rating.score})
    return _page("Thank you", f"<h1>Thank you</h1><p>Your rating of request #{number} is recorded.</p>")
