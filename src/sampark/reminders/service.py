"""Task reminders and the morning digest: in-app and by e-mail, in the user's language and
time zone.

- Reminders: `send_due_reminders` (every minute) stamps each due task's `reminded_at` with a
  conditional UPDATE in the job's own transaction, and adds the notification and the e-mail
  job in that same transaction, each keyed `reminder:{task}:{remind_at}`: a reminder fires
  once, and moving `remind_at` (which clears `reminded_at`) re-arms it.
- Digest: `enqueue_digests(now)` (every five minutes) enqueues `digest.send` for each user
  whose local time is within `DIGEST_WINDOW` after their digest hour, keyed
  `digest:{user}:{local date}`, so each user gets at most one per local day; `send_digest`
  builds it and skips it when there is nothing to say.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import as_utc
from sampark.core.context import Ctx
from sampark.deals import service as deals
from sampark.integrations.mail import queue_email
from sampark.jobs import service as jobs
from sampark.notifications.service import notify
from sampark.reminders.messages import day as fmt_day
from sampark.reminders.messages import t, when
from sampark.reminders.models import NotificationPreference
from sampark.reminders.schemas import PreferencesOut, PreferencesUpdate
from sampark.settings import get_settings
from sampark.tasks import service as tasks
from sampark.users import service as users

DIGEST_KIND = "digest.send"
# The digest goes out from the user's digest hour until this long after it (a worker that
# was down at 07:00 still sends it at 09:00; a user added in the evening gets none that day).
DIGEST_WINDOW = timedelta(hours=6)
# A reminder found later than this after its time (the workers were down) is dropped, not sent.
REMINDER_STALE = timedelta(hours=12)
DIGEST_SECTION_LIMIT = 20
CLOSING_DAYS = 7


@dataclass(frozen=True)
class Prefs:
    digest_enabled: bool = True
    digest_hour: int = 7
    reminder_emails: bool = True


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def app_url(path: str) -> str:
    return get_settings().public_url.rstrip("/") + path


# --- preferences ---------------------------------------------------------------------------


def _row_prefs(row: NotificationPreference | None) -> Prefs:
    if row is None:
        return Prefs()
    return Prefs(row.digest_enabled, row.digest_hour, row.reminder_emails)


def prefs_of(session: Session, user_id: uuid.UUID) -> Prefs:
    return _row_prefs(session.get(NotificationPreference, user_id))


def _out(p: Prefs) -> PreferencesOut:
    return PreferencesOut(
        digest_enabled=p.digest_enabled, digest_hour=p.digest_hour, reminder_emails=p.reminder_emails
    )


def my_preferences(ctx: Ctx) -> PreferencesOut:
    return _out(prefs_of(ctx.session, ctx.principal.user_id))


def update_my_preferences(ctx: Ctx, data: PreferencesUpdate) -> PreferencesOut:
    user_id = ctx.principal.user_id
    row = ctx.session.get(NotificationPreference, user_id)
    before = _row_prefs(row)
    if row is None:
        row = NotificationPreference(
            user_id=user_id,
            digest_enabled=before.digest_enabled,
            digest_hour=before.digest_hour,
            reminder_emails=before.reminder_emails,
        )
        ctx.session.add(row)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(row, name, value)
    ctx.session.flush()
    after = _row_prefs(row)
    changes = audit.diff(_out(before).model_dump(), _out(after).model_dump())
    if changes:
        audit.record(ctx.session, ctx.principal, "update", "notification_preferences", user_id, changes)
    return _out(after)


# --- reminders -----------------------------------------------------------------------------


def send_due_reminders(session: Session, now: datetime) -> int:
    """Fire every reminder that has come; answers how many were sent."""
    sent = 0
    for task in tasks.due_reminders(session, now):
        remind_at = as_utc(task.remind_at) if task.remind_at else now
        if task.owner_id is None or not tasks.mark_reminded(session, task.id, task.remind_at or now, now):
            continue
        user = users.get_active_user(session, task.owner_id)
        if user is None or now - remind_at > REMINDER_STALE:
            continue
        key = f"reminder:{task.id}:{remind_at.isoformat()}"
        zone, lang = zone_of(user.timezone), user.locale
        title = t(lang, "reminder.title", title=task.title)
        due = (
            t(lang, "reminder.due", when=when(as_utc(task.due_at).astimezone(zone)))
            if task.due_at
            else t(lang, "reminder.no_due")
        )
        link = f"/tasks?id={task.id}"
        notify(session, user.id, kind="task.reminder", title=title, body=due, link=link, key=key)
        if prefs_of(session, user.id).reminder_emails:
            lines = [task.title, "", due]
            if task.notes:
                lines += ["", task.notes[:2000]]
            lines += ["", t(lang, "reminder.open", url=app_url(link))]
            queue_email(session, to=[user.email], subject=title, text="\n".join(lines) + "\n", key=key)
        sent += 1
    return sent


# --- the morning digest --------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    title: str
    detail: str = ""
    link: str | None = None


@dataclass
class Digest:
    due_today: list[DigestItem] = field(default_factory=list)
    overdue: list[DigestItem] = field(default_factory=list)
    closing: list[DigestItem] = field(default_factory=list)
    sla_risks: list[DigestItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.due_today) + len(self.overdue) + len(self.closing) + len(self.sla_risks)


# Hook for SLA risks (tickets, when they exist): fn(session, user_id, local day, zone) → items.
SlaRisks = Callable[[Session, uuid.UUID, date, ZoneInfo], list[DigestItem]]
_SLA_SOURCES: list[SlaRisks] = []


def register_sla_risks(source: SlaRisks) -> None:
    """Let a domain (e.g. tickets) add its SLA risks to every user's digest."""
    _SLA_SOURCES.append(source)


def local_day_start(day: date, zone: ZoneInfo) -> datetime:
    return as_utc(datetime.combine(day, time(), tzinfo=zone))


def due_digests(session: Session, now: datetime) -> list[tuple[uuid.UUID, date]]:
    """(user, local date) for each active user whose digest time has come today."""
    prefs = {row.user_id: _row_prefs(row) for row in session.scalars(select(NotificationPreference))}
    due = []
    for user in users.active_users(session):
        p = prefs.get(user.id, Prefs())
        if not p.digest_enabled:
            continue
        zone = zone_of(user.timezone)
        local = now.astimezone(zone)
        start = datetime.combine(local.date(), time(p.digest_hour), tzinfo=zone)
        if start <= local < start + DIGEST_WINDOW:
            due.append((user.id, local.date()))
    return due


def enqueue_digests(session: Session, now: datetime) -> int:
    """Enqueue the digests that are due; one per user and local day, however often called."""
    added = 0
    for user_id, day in due_digests(session, now):
        payload = {"user_id": str(user_id), "day": day.isoformat()}
        if jobs.enqueue(session, DIGEST_KIND, payload, key=f"digest:{user_id}:{day.isoformat()}"):
            added += 1
    return added


def build_digest(session: Session, user_id: uuid.UUID, day: date, zone: ZoneInfo, lang: str) -> Digest:
    today = local_day_start(day, zone)
    tomorrow = local_day_start(day + timedelta(days=1), zone)
    digest = Digest()
    for task in tasks.open_tasks_of(session, user_id, due_before=tomorrow, limit=500):
        due = as_utc(task.due_at) if task.due_at else today
        item = DigestItem(task.title, when(due.astimezone(zone)), f"/tasks?id={task.id}")
        (digest.due_today if due >= today else digest.overdue).append(item)
    last = day + timedelta(days=CLOSING_DAYS - 1)
    for deal in deals.closing_of(session, user_id, day, last):
        close = deal.expected_close_date
        detail = t(lang, "digest.close_on", day=fmt_day(close)) if close else ""
        if deal.amount is not None:
            detail = f"{detail} · {deal.amount.normalize():f} {deal.currency}"
        digest.closing.append(DigestItem(deal.name, detail, f"/deals/{deal.id}"))
    for source in _SLA_SOURCES:
        digest.sla_risks.extend(source(session, user_id, day, zone))
    return digest


def render_digest(digest: Digest, *, name: str, day: date, lang: str) -> tuple[str, str]:
    """(subject, plain text) of a digest e-mail."""
    lines = [t(lang, "digest.greeting", name=name), ""]
    sections = (
        ("digest.overdue", digest.overdue),
        ("digest.due_today", digest.due_today),
        ("digest.closing", digest.closing),
        ("digest.sla", digest.sla_risks),
    )
    for key, items in sections:
        if not items:
            continue
        lines.append(t(lang, key, n=len(items)))
        for item in items[:DIGEST_SECTION_LIMIT]:
            lines.append(f"- {item.title}" + (f" — {item.detail}" if item.detail else ""))
            if item.link:
                lines.append(f"  {app_url(item.link)}")
        if len(items) > DIGEST_SECTION_LIMIT:
            lines.append(t(lang, "digest.more", n=len(items) - DIGEST_SECTION_LIMIT))
        lines.append("")
    lines.append(t(lang, "digest.footer", url=app_url("/me")))
    return t(lang, "digest.subject", day=fmt_day(day)), "\n".join(lines) + "\n"


def send_digest(session: Session, user_id: uuid.UUID, day: date) -> bool:
    """Notify and e-mail one user's digest for their local `day`; False when it was empty
    (or the user is gone or opted out since it was enqueued)."""
    user = users.get_active_user(session, user_id)
    if user is None or not prefs_of(session, user_id).digest_enabled:
        return False
    zone, lang = zone_of(user.timezone), user.locale
    digest = build_digest(session, user_id, day, zone, lang)
    if not digest.count:
        return False
    subject, text = render_digest(digest, name=user.display_name, day=day, lang=lang)
    key = f"digest:{user_id}:{day.isoformat()}"
    summary = ", ".join(
        t(lang, k, n=len(items))
        for k, items in (
            ("digest.overdue", digest.overdue),
            ("digest.due_today", digest.due_today),
            ("digest.closing", digest.closing),
            ("digest.sla", digest.sla_risks),
        )
        if items
    )
    notify(
        session,
        user_id,
        kind="digest",
        title=t(lang, "digest.title", count=digest.count),
        body=summary,
        link="/tasks?view=today",
        key=key,
    )
    queue_email(
        session, to=[user.email], subject=subject, text=text, key=f"digest-email:{user_id}:{day.isoformat()}"
    )
    return True
