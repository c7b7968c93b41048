"""Private calendar feeds and meeting invitations.

A feed is found by the SHA-256 of its token (the URL is shown once); rotating replaces the
hash and deleting removes it, so an old URL answers 404 at once. The feed lists the owner's
open tasks with a due time and their meetings and visits from 30 days back to 180 ahead: it is
their own records, so it needs no scope or role beyond being an active user."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sampark.activities import service as activities
from sampark.calendars import ics
from sampark.calendars.models import CalendarFeed
from sampark.calendars.schemas import CalendarFeedOut, InviteIn, InviteOut
from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, NotFound, ValidationFailed
from sampark.integrations.mail import queue_email
from sampark.people import service as people
from sampark.reminders.messages import when
from sampark.reminders.service import app_url, zone_of
from sampark.tasks import service as tasks
from sampark.users import service as users

if TYPE_CHECKING:
    from sampark.activities.models import Activity

PAST = timedelta(days=30)
AHEAD = timedelta(days=180)
SCHEDULED_KINDS = ("meeting", "visit")
INVITABLE_KINDS = ("meeting", "visit")
TOUCH_EVERY = timedelta(hours=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(token: str) -> str:
    return app_url(f"/calendar/{token}.ics")


def _out(feed: CalendarFeed, token: str | None) -> CalendarFeedOut:
    url = feed_url(token) if token else None
    return CalendarFeedOut(
        url=url,
        webcal_url=("webcal://" + url.split("://", 1)[1]) if url else None,
        created_at=as_utc(feed.created_at),
        last_used_at=as_utc(feed.last_used_at) if feed.last_used_at else None,
    )


def my_feed(ctx: Ctx) -> CalendarFeedOut:
    feed = ctx.session.get(CalendarFeed, ctx.principal.user_id)
    if feed is None:
        raise NotFound("You have no calendar feed; create one.")
    return _out(feed, None)


def rotate_my_feed(ctx: Ctx) -> CalendarFeedOut:
    """Create the feed, or give it a new token (the old URL stops working)."""
    token = secrets.token_urlsafe(32)
    feed = ctx.session.get(CalendarFeed, ctx.principal.user_id)
    action = "create" if feed is None else "rotate"
    if feed is None:
        feed = CalendarFeed(user_id=ctx.principal.user_id, token_hash=hash_token(token))
        ctx.session.add(feed)
    else:
        feed.token_hash, feed.created_at, feed.last_used_at = hash_token(token), utcnow(), None
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, action, "calendar_feeds", ctx.principal.user_id)
    return _out(feed, token)


def revoke_my_feed(ctx: Ctx) -> None:
    result = ctx.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == ctx.principal.user_id))
    if not getattr(result, "rowcount", 0):
        raise NotFound("You have no calendar feed.")
    audit.record(ctx.session, ctx.principal, "delete", "calendar_feeds", ctx.principal.user_id)


def feed_owner(session: Session, token: str) -> tuple[uuid.UUID, bool] | None:
    """The user a token opens the feed of (an active user's only), and whether the feed's
    last use is old enough to note again."""
    if not 20 <= len(token) <= 100:
        return None
    feed = session.scalars(select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token))).first()
    if feed is None or users.get_active_user(session, feed.user_id) is None:
        return None
    stale = feed.last_used_at is None or utcnow() - as_utc(feed.last_used_at) > TOUCH_EVERY
    return feed.user_id, stale


def touch(session: Session, user_id: uuid.UUID) -> None:
    feed = session.get(CalendarFeed, user_id)
    if feed is not None:
        feed.last_used_at = utcnow()


def _activity_entry(a: Activity) -> ics.Entry:
    start = as_utc(a.occurred_at)
    geo = (a.latitude, a.longitude) if a.latitude is not None and a.longitude is not None else None
    return ics.Entry(
        uid=ics.activity_uid(a.id),
        summary=a.subject,
        start=start,
        end=start + (timedelta(minutes=a.duration_minutes) if a.duration_minutes else ics.DEFAULT_MEETING),
        sequence=a.version,
        stamp=a.updated_at,
        created=a.created_at,
        description=a.body,
        location=a.location_name,
        geo=geo,
        url=app_url(f"/activities?id={a.id}"),
        category=a.kind.capitalize(),
    )


def feed_document(session: Session, user_id: uuid.UUID) -> bytes:
    user = users.get_active_user(session, user_id)
    if user is None:
        raise NotFound("No such calendar.")
    now = utcnow()
    entries = []
    for task in tasks.open_tasks_of(session, user_id):
        if task.due_at is None:
            continue
        due = as_utc(task.due_at)
        before = due - as_utc(task.remind_at) if task.remind_at is not None else None
        entries.append(
            ics.Entry(
                uid=ics.task_uid(task.id),
                summary=task.title,
                start=due,
                end=due + ics.TASK_LENGTH,
                sequence=task.version,
                stamp=task.updated_at,
                created=task.created_at,
                description=task.notes,
                url=app_url(f"/tasks?id={task.id}"),
                category="Task",
                alarm_before=before if before is not None and before >= timedelta(0) else None,
            )
        )
    for activity in activities.scheduled_of(session, user_id, now - PAST, now + AHEAD, SCHEDULED_KINDS):
        entries.append(_activity_entry(activity))
    return ics.feed(f"Sampark — {user.display_name}", user.timezone or "UTC", entries)


def invite(ctx: Ctx, activity_id: uuid.UUID, data: InviteIn) -> InviteOut:
    """E-mail a meeting request (.ics, METHOD:REQUEST) for a meeting or visit to its person and
    any extra addresses, from the caller as organizer. Needs write access to the activity."""
    activity = activities.get_for_write(ctx, activity_id)
    if activity.kind not in INVITABLE_KINDS:
        raise ValidationFailed(
            "Only meetings and visits can be sent as invitations.",
            errors=[FieldError("kind", "not a meeting or visit", "not_invitable")],
        )
    attendees: dict[str, str | None] = {}
    if data.include_person and activity.person_id is not None:
        try:
            person = people.get_person(ctx, activity.person_id)
        except NotFound:
            person = None
        email = person and (person.primary_email or (person.emails[0].email if person.emails else None))
        if person is not None and email:
            attendees[email.lower()] = person.display_name
    for extra in data.extra_emails:
        attendees.setdefault(extra.lower(), None)
    organizer = users.get_active_user(ctx.session, ctx.principal.user_id)
    if organizer is None:
        raise NotFound("No such user.")
    attendees.pop(organizer.email.lower(), None)
    if not attendees:
        raise ValidationFailed(
            "Nobody to invite: the activity's person has no e-mail; add extra_emails.",
            errors=[FieldError("extra_emails", "give at least one address", "no_attendees")],
        )
    entry = _activity_entry(activity)
    document = ics.invitation(
        entry,
        organizer=(organizer.email, organizer.display_name),
        attendees=sorted(attendees.items()),
    )
    to = sorted(attendees)
    zone = zone_of(organizer.timezone)
    lines = [data.message, ""] if data.message else []
    lines += [
        activity.subject,
        when(entry.start.astimezone(zone)) + f" – {entry.end.astimezone(zone):%H:%M}",
    ]
    if activity.location_name:
        lines.append(activity.location_name)
    lines += ["", f"{organizer.display_name} <{organizer.email}>"]
    fingerprint = hashlib.sha256("\n".join(to).encode()).hexdigest()[:16]
    job = queue_email(
        ctx.session,
        to=to,
        subject=f"Invitation: {activity.subject} @ {when(entry.start.astimezone(zone))}",
        text="\n".join(lines) + "\n",
        from_name=organizer.display_name,
        reply_to=organizer.email,
        attachments=[("invite.ics", "text/calendar; method=REQUEST", document)],
        key=f"invite:{activity.id}:{activity.version}:{fingerprint}",
    )
    audit.record(
        ctx.session,
        ctx.principal,
        "invite",
        "activities",
        activity.id,
        {"to": to, "sequence": entry.sequence},
    )
    return InviteOut(queued=job is not None, to=to, uid=entry.uid, sequence=entry.sequence)
