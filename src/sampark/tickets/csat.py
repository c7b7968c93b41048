"""Customer satisfaction: the requester of a solved ticket is asked once, by e-mail, with one
signed link per score; the rating page records the answer once; the report groups ratings by
agent and queue."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import statistics
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Gone, NotFound
from sampark.core.permissions import Action, Obj
from sampark.core.records import visible_statement
from sampark.integrations import mail
from sampark.settings import get_settings
from sampark.tickets import setup
from sampark.tickets.models import Ticket, token_of
from sampark.tickets.schemas import CsatComment, CsatGroup, CsatIn, CsatReport
from sampark.users import service as users

OBJ = Obj.tickets


def _sign(payload: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"csat:{payload}".encode(), hashlib.sha256).hexdigest()[:32]


def csat_token(ticket: Ticket) -> str:
    if ticket.csat_nonce is None:
        ticket.csat_nonce = secrets.token_hex(8)
    payload = f"{ticket.id.hex}.{ticket.csat_nonce}"
    return f"{payload}.{_sign(payload)}"


def csat_link(token: str, score: int | None = None) -> str:
    base = get_settings().public_url.rstrip("/") or "http://localhost:8000"
    return f"{base}/csat/{token}" + (f"?score={score}" if score else "")


def ask_for_rating(session: Session, ticket: Ticket, reply_to: str | None) -> None:
    """Ask the requester how it went: once per ticket, by e-mail, with one link per score."""
    if ticket.csat_rated_at is not None or not ticket.requester_email:
        return
    token = csat_token(ticket)
    ticket.csat_agent_id = ticket.owner_id
    lines = "\n".join(f"  {score} — {label}: {csat_link(token, score)}" for score, label in
                      ((5, "very happy"), (4, "happy"), (3, "neutral"), (2, "unhappy"), (1, "very unhappy")))  # fmt: skip
    mail.queue_email(
        session,
        to=[ticket.requester_email],
        subject=f"How did we do? [{token_of(ticket.number)}]",
        text=f"Your request {token_of(ticket.number)} ({ticket.subject}) is solved.\n\n"
        f"How did we do? One click is enough:\n{lines}\n",
        headers={"Auto-Submitted": "auto-generated", "X-Sampark-Ticket": token_of(ticket.number)},
        reply_to=reply_to,
        key=f"ticket-csat:{ticket.id}:{ticket.csat_nonce}",
    )


def _by_token(session: Session, token: str) -> Ticket:
    parts = token.split(".")
    if len(parts) != 3 or not hmac.compare_digest(_sign(f"{parts[0]}.{parts[1]}"), parts[2]):
        raise NotFound("This rating link is not valid.")
    try:
        ticket_id = uuid.UUID(hex=parts[0])
    except ValueError as exc:
        raise NotFound("This rating link is not valid.") from exc
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.csat_nonce != parts[1]:
        raise NotFound("This rating link is not valid.")
    return ticket


def csat_lookup(session: Session, token: str) -> tuple[int, str, bool]:
    """(ticket number, subject, already rated) for the rating page."""
    ticket = _by_token(session, token)
    return ticket.number, ticket.subject, ticket.csat_rated_at is not None


def csat_rate(session: Session, token: str, data: CsatIn) -> int:
    """Record the requester's rating: once (a second answer is 410)."""
    ticket = _by_token(session, token)
    if ticket.csat_rated_at is not None:
        raise Gone("This ticket has been rated already. Thank you!")
    ticket.csat_score = data.score
    ticket.csat_comment = data.comment or None
    ticket.csat_rated_at = utcnow()
    ticket.csat_agent_id = ticket.csat_agent_id or ticket.owner_id
    session.flush()
    audit.record(session, None, "update", OBJ.value, ticket.id,
                 {"csat_score": {"before": None, "after": data.score}}, actor_email="requester (rating link)")  # fmt: skip
    return ticket.number


def _group(rows: list[tuple[Any, int]], key_id: Any, name: str | None) -> CsatGroup:
    scores = [s for _, s in rows]
    return CsatGroup(
        id=key_id,
        name=name,
        ratings=len(scores),
        average=round(statistics.fmean(scores), 2) if scores else None,
        satisfied_share=round(sum(1 for s in scores if s >= 4) / len(scores), 3) if scores else None,
    )


def csat_report(ctx: Ctx, since: datetime | None = None) -> CsatReport:
    ctx.require(OBJ, Action.read)
    stmt = (
        visible_statement(ctx, Ticket, OBJ)
        .with_only_columns(
            Ticket.id,
            Ticket.number,
            Ticket.csat_agent_id,
            Ticket.queue_id,
            Ticket.csat_score,
            Ticket.csat_comment,
            Ticket.csat_rated_at,
        )
        .where(Ticket.csat_rated_at.is_not(None))
        .order_by(Ticket.csat_rated_at.desc())
        .limit(50_000)
    )
    if since is not None:
        stmt = stmt.where(Ticket.csat_rated_at >= since)
    rows = ctx.session.execute(stmt).all()
    agents: dict[Any, list[tuple[Any, int]]] = {}
    queues: dict[Any, list[tuple[Any, int]]] = {}
    for r in rows:
        agents.setdefault(r.csat_agent_id, []).append((r.id, r.csat_score))
        queues.setdefault(r.queue_id, []).append((r.id, r.csat_score))
    agent_names = users.user_names(ctx.session, {a for a in agents if a})
    queue_names = setup.queue_names(ctx.session, {q for q in queues if q})
    return CsatReport(
        overall=_group([(r.id, r.csat_score) for r in rows], None, None),
        by_agent=sorted(
            (_group(v, k, agent_names.get(k) if k else None) for k, v in agents.items()),
            key=lambda g: -g.ratings,
        ),
        by_queue=sorted(
            (_group(v, k, queue_names.get(k) if k else None) for k, v in queues.items()),
            key=lambda g: -g.ratings,
        ),
        recent_comments=[
            CsatComment(
                ticket_id=r.id,
                number=r.number,
                score=r.csat_score,
                comment=r.csat_comment,
                rated_at=r.csat_rated_at,
            )
            for r in rows
            if r.csat_comment
        ][:20],
    )
