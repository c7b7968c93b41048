"""Reading an inbound RFC 5322 message: who, what, which thread, whether a machine sent it,
its text (HTML reduced to plain text: no markup, no script, ever) and its attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 20
TOKEN = re.compile(r"\[#(\d{1,12})\]")  # the ticket token our replies put in the subject
_MSGID = re.compile(r"<[^<>\s]+>")
_BOUNCE_SENDERS = ("mailer-daemon", "postmaster")


class _TextOfHtml(HTMLParser):
    """Text of an HTML document: script, style and head dropped; block ends become new lines."""

    SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe", "object"})
    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Inbound:
    message_id: str | None
    from_address: str
    from_name: str
    to: list[str]
    subject: str
    text: str
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    skipped_attachments: list[str] = field(default_factory=list)
    auto: str | None = None  # why a machine sent it: "auto-reply", "bounce", "bulk"

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this mail answers: In-Reply-To first, then References newest first."""
        seen: list[str] = []
        for mid in [*self.in_reply_to, *reversed(self.references)]:
            if mid not in seen:
                seen.append(mid)
        return seen

    def ticket_number(self) -> int | None:
        found = TOKEN.search(self.subject)
        if found is None:
            return None
        return int(found.group(1))


def _ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")[:50]


def _header(msg: Message, name: str) -> str:
    value = msg.get(name)
    return str(value) if value is not None else ""


def _decoded(value: str) -> str:
    """RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded; the text as it was if they are broken."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return value


def machine_sent(msg: Message) -> str | None:
    """Why this message must never open a ticket or get a reply, or None for a person's mail.
    RFC 3834 Auto-Submitted, the common X-Autoreply/X-Autorespond, Precedence bulk/junk/list/
    auto_reply, and delivery reports (RFC 3464 multipart/report, MAILER-DAEMON senders)."""
    content_type = msg.get_content_type()
    sender = parseaddr(_header(msg, "From"))[1].lower()
    if content_type == "multipart/report" or sender.split("@", 1)[0] in _BOUNCE_SENDERS:
        return "bounce"
    if _header(msg, "Return-Path").strip() == "<>" and "delivery" in _header(msg, "Subject").lower():
        return "bounce"
    auto_submitted = _header(msg, "Auto-Submitted").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-reply"
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or msg.get("X-Auto-Response-Suppress"):
        return "auto-reply"
    if _header(msg, "Precedence").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "bulk" if _header(msg, "Precedence").strip().lower() != "auto_reply" else "auto-reply"
    return None


def _decoded_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def parse(raw: bytes) -> Inbound:
    """Parse a raw message. Never raises on odd input: a message with no usable sender comes
    back with an empty `from_address`, for the caller to refuse."""
    # compat32 and decoding only the headers we show: the default policy's header objects cost
    # ten times the whole parse (measured in bench/tickets.py).
    msg = message_from_bytes(raw, policy=policy.compat32)
    name, address = parseaddr(_header(msg, "Reply-To") or _header(msg, "From"))
    if not name:
        name = parseaddr(_header(msg, "From"))[0]
    name = _decoded(name)
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    skipped: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        ctype = part.get_content_type()
        filename = part.get_filename()
        if (
            disposition == "attachment"
            or (filename and disposition != "inline")
            or (filename and not ctype.startswith("text/"))
        ):
            data = part.get_payload(decode=True)
            if not isinstance(data, bytes):
                continue
            label = _decoded(filename or "attachment").replace("/", "_").replace("\\", "_")[:200]
            if len(data) > MAX_ATTACHMENT_BYTES or len(attachments) >= MAX_ATTACHMENTS:
                skipped.append(label)
                continue
            attachments.append(Attachment(label, ctype[:120], data))
        elif ctype == "text/plain":
            plain.append(_decoded_text(part))
        elif ctype == "text/html":
            html.append(_decoded_text(part))
    text = "\n\n".join(p.strip() for p in plain if p.strip())
    if not text and html:
        text = "\n\n".join(html_to_text(h) for h in html)
    subject = re.sub(r"\s+", " ", _decoded(_header(msg, "Subject"))).strip()
    message_id = next(iter(_ids(_header(msg, "Message-ID"))), None)
    return Inbound(
        message_id=message_id,
        from_address=address.strip().lower() if "@" in address else "",
        from_name=name.strip(),
        to=[a.lower() for _, a in getaddresses([_header(msg, "To"), _header(msg, "Cc")]) if a],
        subject=subject[:300],
        text=text.replace("\x00", ""),
        in_reply_to=_ids(_header(msg, "In-Reply-To")),
        references=_ids(_header(msg, "References")),
        attachments=attachments,
        skipped_attachments=skipped,
        auto=machine_sent(msg),
    )


def strip_reply_prefix(subject: str) -> str:
    return re.sub(r"^(\s*(re|fw|fwd|aw|sv)\s*:\s*)+", "", subject, flags=re.IGNORECASE).strip()
