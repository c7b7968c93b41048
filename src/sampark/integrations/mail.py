"""Outgoing e-mail: queued as a job in the caller's transaction, sent over SMTP by a worker.

The Message-ID is fixed when the mail is queued, so a retry after a timeout sends the same
message (receivers and threading see one mail), and a job key makes queueing idempotent.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from sqlalchemy.orm import Session

from sampark.jobs import registry, service
from sampark.settings import get_settings

KIND = "email.send"


def queue_email(
    session: Session,
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    from_name: str | None = None,
    reply_to: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
    key: str | None = None,
    message_id: str | None = None,
) -> uuid.UUID | None:
    """Queue one e-mail. `attachments` are (filename, content type, bytes)."""
    domain = get_settings().mail_from.rsplit("@", 1)[-1].strip("> ") or "localhost"
    payload: dict[str, Any] = {
        "to": to,
        "subject": subject,
        "text": text,
        "html": html,
        "from_name": from_name,
        "reply_to": reply_to,
        "headers": headers or {},
        "message_id": message_id or make_msgid(domain=domain),
        "attachments": [
            {"filename": name, "content_type": ctype, "data": base64.b64encode(data).decode()}
            for name, ctype, data in attachments or []
        ],
    }
    return service.enqueue(session, KIND, payload, key=key)


def build_message(payload: dict[str, Any]) -> EmailMessage:
    settings = get_settings()
    msg = EmailMessage()
    sender = settings.mail_from
    if payload.get("from_name"):
        from email.utils import parseaddr

        sender = formataddr((payload["from_name"], parseaddr(settings.mail_from)[1]))
    msg["From"] = sender
    msg["To"] = ", ".join(payload["to"])
    msg["Subject"] = payload["subject"]
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = payload["message_id"]
    if payload.get("reply_to"):
        msg["Reply-To"] = payload["reply_to"]
    for name, value in (payload.get("headers") or {}).items():
        msg[name] = value
    msg.set_content(payload["text"])
    if payload.get("html"):
        msg.add_alternative(payload["html"], subtype="html")
    for item in payload.get("attachments") or []:
        maintype, _, subtype = item["content_type"].partition("/")
        params = {}
        if "; " in subtype:  # e.g. text/calendar; method=REQUEST
            subtype, _, rest = subtype.partition("; ")
            params = dict(p.split("=", 1) for p in rest.split("; ") if "=" in p)
        msg.add_attachment(
            base64.b64decode(item["data"]),
            maintype=maintype,
            subtype=subtype,
            filename=item["filename"],
            params=params,
        )
    return msg


def send_message(msg: EmailMessage) -> None:
    settings = get_settings()
    if not settings.smtp_host:
        raise registry.PermanentFailure("No SMTP server is configured (SAMPARK_SMTP_HOST).")
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_security == "tls":
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=30, context=context)
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    with smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(msg)


@registry.handler(KIND, max_attempts=10, backoff=registry.exponential(base=30, cap=3600))
def send_email(run: registry.JobRun) -> None:
    send_message(build_message(run.payload))
