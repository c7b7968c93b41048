"""Support mailboxes: the addresses customers write to, read by IMAP (password sealed at
rest) or posted to by a mail relay with the mailbox's token."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit, sealed
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.permissions import Action
from sampark.core.records import check_version
from sampark.tickets import setup
from sampark.tickets.models import Mailbox
from sampark.tickets.schemas import MailboxCreate, MailboxOut, MailboxUpdate, MailboxWithToken

QOBJ = setup.QOBJ
MAILBOX_SECRET = "mailbox"  # noqa: S105  (a key-derivation label, not a secret) the purpose IMAP passwords are sealed for (core.sealed)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mailbox_by_token(session: Session, token: str) -> Mailbox | None:
    if not token.startswith("mbx_"):
        return None
    box = session.scalars(select(Mailbox).where(Mailbox.token_hash == token_digest(token))).one_or_none()
    return box if box is not None and box.enabled else None


def _new_token() -> str:
    return "mbx_" + secrets.token_urlsafe(32)


def list_mailboxes(ctx: Ctx) -> list[MailboxOut]:
    ctx.require(QOBJ, Action.read)
    return [MailboxOut.model_validate(m) for m in ctx.session.scalars(select(Mailbox).order_by(Mailbox.name))]


def _get_mailbox(ctx: Ctx, mailbox_id: uuid.UUID) -> Mailbox:
    ctx.require(QOBJ, Action.read)
    box = ctx.session.get(Mailbox, mailbox_id)
    if box is None:
        raise NotFound("No such mailbox.")
    return box


def get_mailbox(ctx: Ctx, mailbox_id: uuid.UUID) -> MailboxOut:
    return MailboxOut.model_validate(_get_mailbox(ctx, mailbox_id))


def _require_admin_writes(ctx: Ctx) -> None:
    ctx.require(QOBJ, Action.write)


def create_mailbox(ctx: Ctx, data: MailboxCreate) -> MailboxWithToken:
    _require_admin_writes(ctx)
    setup.check_queue(ctx.session, data.queue_id)
    if ctx.session.scalar(select(Mailbox.id).where(Mailbox.name == data.name)) is not None:
        raise Conflict(
            "A mailbox has this name.", code="name_taken", errors=[FieldError("name", "taken", "taken")]
        )
    token = _new_token()
    fields = data.model_dump()
    if fields.get("imap_password"):
        fields["imap_password"] = sealed.seal(fields["imap_password"], MAILBOX_SECRET)
    box = Mailbox(**fields, token_hash=token_digest(token))
    ctx.session.add(box)
    ctx.session.flush()
    audit.record(
        ctx.session, ctx.principal, "create", "mailboxes", box.id, {"name": box.name, "address": box.address}
    )
    return MailboxWithToken(**MailboxOut.model_validate(box).model_dump(), token=token)


def update_mailbox(ctx: Ctx, mailbox_id: uuid.UUID, data: MailboxUpdate, version: int) -> MailboxOut:
    _require_admin_writes(ctx)
    box = _get_mailbox(ctx, mailbox_id)
    check_version(box, version, lambda: MailboxOut.model_validate(box))
    values = data.model_dump(exclude_unset=True)
    for required in ("name", "address", "enabled", "imap_port", "imap_security", "imap_folder"):
        if required in values and values[required] is None:
            raise ValidationFailed("May not be empty.", errors=[FieldError(required, "may not be null")])
    setup.check_queue(ctx.session, values.get("queue_id"))
    before = {k: getattr(box, k) for k in values if k != "imap_password"}
    if values.get("imap_password"):
        values["imap_password"] = sealed.seal(values["imap_password"], MAILBOX_SECRET)
    for key, value in values.items():
        setattr(box, key, value)
    ctx.session.flush()
    changes = audit.diff(before, {k: getattr(box, k) for k in before})
    if "imap_password" in values:
        changes["imap_password"] = {"before": "…", "after": "…"}
    audit.record(ctx.session, ctx.principal, "update", "mailboxes", box.id, changes)
    return MailboxOut.model_validate(box)


def mailbox_password(box: Mailbox) -> str:
    """The IMAP password in clear, for logging in (rows from before sealing hold it plain)."""
    stored = box.imap_password or ""
    return sealed.unseal(stored, MAILBOX_SECRET) if sealed.is_sealed(stored) else stored


def rotate_mailbox_token(ctx: Ctx, mailbox_id: uuid.UUID) -> MailboxWithToken:
    _require_admin_writes(ctx)
    box = _get_mailbox(ctx, mailbox_id)
    token = _new_token()
    box.token_hash = token_digest(token)
    ctx.session.flush()
    audit.record(
        ctx.session, ctx.principal, "update", "mailboxes", box.id, {"token": {"before": "…", "after": "…"}}
    )
    return MailboxWithToken(**MailboxOut.model_validate(box).model_dump(), token=token)


def mailbox_ids_to_poll(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(Mailbox.id).where(Mailbox.enabled, Mailbox.imap_host.is_not(None))))
