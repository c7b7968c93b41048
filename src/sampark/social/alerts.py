"""The negative-mention alert. Every few minutes a job compares the share of negative posts in
the last window with the same share over the previous `baseline_windows` windows: it fires when
the share exceeds mean + k·stdev (and the window has at least `min_mentions` posts), notifies in
the app (and by e-mail when addresses are set), then keeps quiet for `cooldown_minutes`."""

from __future__ import annotations

import statistics
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.permissions import Action, Obj, Role
from sampark.notifications.service import notify
from sampark.social.models import SocialAlert, SocialAlertSettings, SocialPost
from sampark.social.schemas import AlertCheck, AlertOut, AlertSettingsOut, AlertSettingsUpdate
from sampark.users import service as users

OBJ = Obj.social_settings
KIND = "social.alerts"


def settings_row(session: Session) -> SocialAlertSettings:
    row = session.scalars(select(SocialAlertSettings).limit(1)).first()
    if row is None:
        row = SocialAlertSettings(
            enabled=True, window_minutes=60, baseline_windows=24, k=2.0, min_mentions=10,
            cooldown_minutes=180, email_to=[], notify_user_ids=[],
        )  # fmt: skip
        session.add(row)
        session.flush()
    return row


def get_settings(ctx: Ctx) -> AlertSettingsOut:
    ctx.require(OBJ, Action.read)
    return AlertSettingsOut.model_validate(settings_row(ctx.session))


def update_settings(ctx: Ctx, data: AlertSettingsUpdate, version: int) -> AlertSettingsOut:
    from sampark.core.records import check_version

    ctx.require(OBJ, Action.write)
    row = settings_row(ctx.session)
    check_version(row, version, lambda: AlertSettingsOut.model_validate(row))
    changes = data.model_dump(exclude_unset=True, mode="json")
    for key, value in changes.items():
        if value is not None:
            setattr(row, key, value)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", "social_alert_settings", row.id, changes)
    return AlertSettingsOut.model_validate(row)


def list_alerts(ctx: Ctx, limit: int = 50) -> list[AlertOut]:
    ctx.require(Obj.social, Action.read)
    rows = ctx.session.scalars(select(SocialAlert).order_by(SocialAlert.fired_at.desc()).limit(limit))
    return [AlertOut.model_validate(r) for r in rows]


def _window_counts(session: Session, start: datetime, size: timedelta, n: int) -> list[tuple[int, int]]:
    """(posts, negatives) in each of n windows of `size` from `start`, oldest first (one query)."""
    end = start + size * n
    rows = session.execute(
        select(SocialPost.posted_at, SocialPost.sentiment).where(
            SocialPost.direction == "in", SocialPost.posted_at >= start, SocialPost.posted_at < end,
            SocialPost.processed_at.is_not(None),
        )
    ).all()  # fmt: skip
    counts = [[0, 0] for _ in range(n)]
    for posted_at, sentiment in rows:
        index = int((as_utc(posted_at) - start) / size)
        if 0 <= index < n:
            counts[index][0] += 1
            counts[index][1] += sentiment == "negative"
    return [(a, b) for a, b in counts]


def check(session: Session, now: datetime | None = None) -> AlertCheck:
    """Compute, and fire when due. Answers what was decided and why."""
    now = now or utcnow()
    cfg = settings_row(session)
    if not cfg.enabled:
        return AlertCheck(fired=False, reason="The alert is switched off.")
    size = timedelta(minutes=cfg.window_minutes)
    n = cfg.baseline_windows
    counts = _window_counts(session, now - size * (n + 1), size, n + 1)
    *baseline, (mentions, negatives) = counts
    shares = [neg / total for total, neg in baseline if total > 0]
    share = negatives / mentions if mentions else 0.0
    mean = statistics.fmean(shares) if shares else 0.0
    stdev = statistics.pstdev(shares) if len(shares) > 1 else 0.0
    threshold = mean + cfg.k * stdev
    if mentions < cfg.min_mentions:
        return AlertCheck(
            fired=False, reason=f"{mentions} posts in the window; the alert needs {cfg.min_mentions}."
        )
    if share <= threshold:
        return AlertCheck(
            fired=False, reason=f"Negative share {share:.0%} is within the baseline ({threshold:.0%})."
        )
    if cfg.last_fired_at is not None and as_utc(cfg.last_fired_at) > now - timedelta(
        minutes=cfg.cooldown_minutes
    ):
        return AlertCheck(fired=False, reason="Above the baseline, but the alert is cooling down.")
    alert = SocialAlert(
        fired_at=now, window_start=now - size, window_end=now, mentions=mentions, negatives=negatives,
        negative_share=round(share, 4), baseline_mean=round(mean, 4), baseline_stdev=round(stdev, 4),
        threshold=round(threshold, 4),
    )  # fmt: skip
    session.add(alert)
    cfg.last_fired_at = now
    session.flush()
    title = f"Negative social mentions: {share:.0%} in the last {cfg.window_minutes} min"
    body = (f"{negatives} of {mentions} posts were negative, against a usual {mean:.0%} "
            f"(alert above {threshold:.0%}).")  # fmt: skip
    recipients = [uuid.UUID(u) for u in cfg.notify_user_ids] or [
        u.id for u in users.active_users(session) if u.role in (Role.admin.value, Role.manager.value)
    ]
    for user_id in recipients:
        notify(session, user_id, kind="social.alert", title=title, body=body, link="/social/analytics",
               key=f"social-alert:{alert.id}:{user_id}")  # fmt: skip
    if cfg.email_to:
        from sampark.integrations.mail import queue_email

        queue_email(
            session, to=list(cfg.email_to), subject=title, text=body, key=f"social-alert-mail:{alert.id}"
        )
    audit.record(session, None, "fire", "social_alert", alert.id, {"share": share, "threshold": threshold},
                 actor_email="system:social")  # fmt: skip
    return AlertCheck(fired=True, reason=body, alert=AlertOut.model_validate(alert))


def check_now(ctx: Ctx) -> AlertCheck:
    ctx.require(OBJ, Action.write)
    return check(ctx.session)
