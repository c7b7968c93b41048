"""Pull: a consistent snapshot of the device's scope, then the changes since its cursor.

The cursor is a position in the audit log. Appends to that log lock its head row, so its
sequence numbers commit in order (see `jobs.events`): a device that saw entry N has seen
every entry before N, whichever transaction started first. Each entry names the record it
changed; a pull reads the records changed after the cursor as they are *now*, in the scope
as it is now — in scope: an upsert; gone or out of scope: a tombstone, if this device was
ever sent that record (`SyncHolding`).

A first sync (or a full resync) pages through the scope type by type, through each domain's
own list (its cursor, its access rules), from an audit position fixed when it began: a record
changed while the snapshot is paged is sent again by the changes that follow, so the device is
consistent as of `next_cursor` once `has_more` is false.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select

from sampark.core.audit import AuditEntry
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.permissions import Action
from sampark.settings import get_settings
from sampark.sync import holdings, sources
from sampark.sync.models import SyncDevice, SyncHolding
from sampark.sync.schemas import ActivityWindow, PullWire, Tombstone, UpsertWire

DEFAULT_LIMIT = 500
MAX_LIMIT = 2000


@dataclass
class Cursor:
    mode: str  # "snap" | "feed"
    seq: int  # snap: the audit position the snapshot began at; feed: the last entry handed over
    type_index: int = 0
    inner: str | None = None  # the domain list's own cursor within the current type
    fingerprint: str = ""

    def encode(self) -> str:
        raw = json.dumps([1, self.mode, self.seq, self.type_index, self.inner, self.fingerprint])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(text: str | None) -> Cursor | None:
    """None for no cursor or one this server does not understand (the device resyncs)."""
    if not text:
        return None
    try:
        version, mode, seq, index, inner, fp = json.loads(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        )
        if (
            version != 1
            or mode not in ("snap", "feed")
            or not isinstance(seq, int)
            or not isinstance(index, int)
        ):
            return None
        return Cursor(mode, seq, index, inner if isinstance(inner, str) else None, str(fp))
    except (ValueError, TypeError, binascii.Error):
        return None


def fingerprint(ctx: Ctx) -> str:
    """What shapes the scope: role, token scopes, whose records count as 'team', settings.
    When it changes the device gets a full resync (records leave and enter in bulk)."""
    settings = get_settings()
    parts = [
        ctx.principal.role.value,
        ",".join(sorted(ctx.principal.scopes or [])),
        ",".join(sources.owners(ctx)),
        settings.sync_types,
        str(settings.sync_activity_past_days),
        str(settings.sync_activity_future_days),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def head(ctx: Ctx) -> int:
    return int(ctx.session.scalar(select(func.max(AuditEntry.seq))) or 0)


def _too_old(ctx: Ctx, seq: int) -> bool:
    """The next entry after the cursor is older than tombstone retention."""
    first = ctx.session.scalar(select(func.min(AuditEntry.occurred_at)).where(AuditEntry.seq == seq + 1))
    cutoff = utcnow() - timedelta(days=get_settings().sync_tombstone_days)
    return first is not None and as_utc(first) < cutoff


def _upsert(type_: str, row: BaseModel) -> UpsertWire:
    # model_construct: the row was validated by its own Out model already.
    return UpsertWire.model_construct(
        type=type_,
        id=row.id,  # type: ignore[attr-defined]
        version=int(getattr(row, "version", None) or 1),
        data=row,
    )


def pull(ctx: Ctx, device: SyncDevice, cursor_text: str | None, limit: int | None) -> PullWire:
    limit = max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))
    fp = fingerprint(ctx)
    state = decode(cursor_text)
    full = False
    if state is None or state.fingerprint != fp or (state.mode == "feed" and _too_old(ctx, state.seq)):
        state = Cursor("snap", head(ctx), fingerprint=fp)
        full = True
        # The device drops what it holds, so it holds nothing until this snapshot's pages arrive.
        ctx.session.query(SyncHolding).filter(SyncHolding.device_id == device.id).delete()
    if state.mode == "snap":
        upserts, tombstones, has_more = _snapshot_page(ctx, state, limit)
    else:
        upserts, tombstones, has_more = _feed_page(ctx, device, state, limit)
    _remember(ctx, device, upserts)
    device.last_sync_at = utcnow()
    return PullWire.model_construct(
        upserts=upserts,
        tombstones=tombstones,
        next_cursor=state.encode(),
        has_more=has_more,
        full_resync=full,
        activity_window=_window(),
    )


def _window() -> ActivityWindow | None:
    if not any(s.type == "activities" for s in sources.enabled()):
        return None
    settings = get_settings()
    return ActivityWindow(
        past_days=settings.sync_activity_past_days, future_days=settings.sync_activity_future_days
    )


def _snapshot_page(ctx: Ctx, state: Cursor, limit: int) -> tuple[list[UpsertWire], list[Tombstone], bool]:
    enabled = sources.enabled()
    out: list[UpsertWire] = []
    while len(out) < limit and state.type_index < len(enabled):
        source = enabled[state.type_index]
        rows, inner = sources.page(ctx, source, state.inner, limit - len(out))
        out.extend(_upsert(source.type, row) for row in rows)
        if inner is None:
            state.type_index, state.inner = state.type_index + 1, None
        else:
            state.inner = inner
    if state.type_index >= len(enabled):
        # Done: from here on, the changes after the position the snapshot began at.
        state.mode, state.type_index, state.inner = "feed", 0, None
        return out, [], head(ctx) > state.seq
    return out, [], True


def _changed_keys(entry: AuditEntry) -> list[tuple[str, uuid.UUID]]:
    """The records one audit entry changed (a bulk create names many)."""
    raw_ids: list[Any]
    if entry.action == "create_many":
        raw_ids = list((entry.changes or {}).get("ids") or [])
    else:
        raw_ids = [entry.object_id]
        merged = (entry.changes or {}).get("merged_id")
        if entry.action in ("merge", "unmerge") and merged:
            raw_ids.append(merged)  # the retired (or restored) person changed too
    keys = []
    for raw in raw_ids:
        try:
            keys.append((str(entry.object_type), uuid.UUID(str(raw))))
        except ValueError:
            continue
    return keys


def _feed_page(
    ctx: Ctx, device: SyncDevice, state: Cursor, limit: int
) -> tuple[list[UpsertWire], list[Tombstone], bool]:
    enabled = {s.type: s for s in sources.enabled()}
    top = head(ctx)
    scan = max(limit, 200)
    entries = list(
        ctx.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.seq > state.seq, AuditEntry.object_type.in_(list(enabled)))
            .order_by(AuditEntry.seq)
            .limit(scan)
        )
    )
    keys: dict[tuple[str, uuid.UUID], None] = {}
    last = state.seq
    stopped_early = False
    for entry in entries:
        if len(keys) >= limit:
            stopped_early = True
            break
        for key in _changed_keys(entry):
            keys[key] = None
        last = entry.seq
    if not stopped_early and len(entries) < scan:
        # Every entry up to `top` was committed before `top` was read (commit order), so none
        # of the synced types is left below it.
        last = max(last, top)
    by_type: dict[str, list[uuid.UUID]] = {}
    for type_, id_ in keys:
        by_type.setdefault(type_, []).append(id_)
    upserts: list[UpsertWire] = []
    missing: list[tuple[str, uuid.UUID]] = []
    for type_, ids in by_type.items():
        source = enabled[type_]
        rows = sources.in_scope(ctx, source, ids) if ctx.principal.can(source.obj, Action.read) else {}
        for id_ in ids:
            if id_ in rows:
                upserts.append(_upsert(type_, rows[id_]))
            else:
                missing.append((type_, id_))
    tombstones = [Tombstone(type=t, id=i) for t, i in _held(ctx, device, missing)]
    state.seq = last
    return upserts, tombstones, last < top


def _held(ctx: Ctx, device: SyncDevice, keys: list[tuple[str, uuid.UUID]]) -> list[tuple[str, uuid.UUID]]:
    if not keys:
        return []
    held: set[tuple[str, uuid.UUID]] = set()
    for type_ in {t for t, _ in keys}:
        ids = [i for t, i in keys if t == type_]
        for start in range(0, len(ids), 500):
            held.update(
                (type_, i)
                for i in ctx.session.scalars(
                    select(SyncHolding.object_id).where(
                        SyncHolding.device_id == device.id,
                        SyncHolding.object_type == type_,
                        SyncHolding.object_id.in_(ids[start : start + 500]),
                    )
                )
            )
    return [k for k in keys if k in held]


def _remember(ctx: Ctx, device: SyncDevice, upserts: list[UpsertWire]) -> None:
    """Note what was sent, so it gets a tombstone when it leaves the scope. Kept after a
    tombstone too: if that answer is lost, the device asks again and is told again."""
    holdings.add(ctx.session, device.id, ((u.type, u.id) for u in upserts))
