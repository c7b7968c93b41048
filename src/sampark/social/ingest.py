"""Storing posts: from platform webhooks, the ingestion API and imports. A post is keyed by
(platform, account, external id), so a replayed delivery is stored once. Storing is cheap; the
understanding and routing of the stored posts is `processing.process`, run in a job (webhooks)
or right away (API)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sampark.core.clock import as_utc
from sampark.core.ids import new_id
from sampark.core.text import nfc
from sampark.jobs import service as jobs
from sampark.social.models import SocialPost, SocialThread
from sampark.social.platforms import Incoming

PROCESS_KIND = "social.process"
Key = tuple[str, str, str]


def _clean(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    return nfc(text.replace("\x00", ""))[:limit]


def _thread_key(item: Incoming) -> Key:
    return (
        item.platform,
        item.account_id,
        item.thread_external_id or item.parent_external_id or item.external_id,
    )


def _threads(session: Session, items: list[Incoming], connector_id: uuid.UUID | None) -> dict[Key, uuid.UUID]:
    keys = list(dict.fromkeys(_thread_key(i) for i in items))
    found: dict[Key, uuid.UUID] = {}
    for start in range(0, len(keys), 300):
        chunk = keys[start : start + 300]
        rows = session.execute(
            select(
                SocialThread.platform, SocialThread.account_id, SocialThread.external_id, SocialThread.id
            ).where(
                tuple_(SocialThread.platform, SocialThread.account_id, SocialThread.external_id).in_(chunk)
            )
        )
        for platform, account, external, thread_id in rows:
            found[(platform, account, external)] = thread_id
    latest: dict[Key, Any] = {}
    for item in items:
        key = _thread_key(item)
        latest[key] = max(latest.get(key, item.posted_at), item.posted_at)
    private = {_thread_key(i) for i in items if i.kind == "message"}
    known = [found[k] for k in keys if k in found]
    thread_rows: dict[uuid.UUID, SocialThread] = (
        {t.id: t for t in session.scalars(select(SocialThread).where(SocialThread.id.in_(known)))}
        if known
        else {}
    )
    for key in keys:
        if key not in found:
            thread_id = new_id()
            session.add(
                SocialThread(
                    id=thread_id,
                    platform=key[0],
                    account_id=key[1],
                    external_id=key[2][:200],
                    connector_id=connector_id,
                    is_private=key in private,
                    last_post_at=latest[key],
                )
            )
            found[key] = thread_id
        else:
            row = thread_rows.get(found[key])
            if row is not None and (row.last_post_at is None or as_utc(row.last_post_at) < latest[key]):
                row.last_post_at = latest[key]
    return found


def _row(item: Incoming, connector_id: uuid.UUID | None, thread_id: uuid.UUID) -> SocialPost:
    text = _clean(item.text, 20_000) or ""
    handle = _clean(item.author_handle.lstrip("@") if item.author_handle else None, 200)
    name = _clean(item.author_name, 200)
    return SocialPost(
        platform=item.platform, account_id=item.account_id[:100], external_id=item.external_id[:200],
        connector_id=connector_id, thread_id=thread_id, kind=item.kind,
        parent_external_id=item.parent_external_id, thread_external_id=item.thread_external_id,
        author_external_id=item.author_external_id, author_handle=handle, author_name=name,
        author_followers=max(0, item.author_followers), text=text, posted_at=item.posted_at,
        likes=item.likes, shares=item.shares, replies=item.replies, url=item.url, raw=item.raw,
        status="new", priority="normal", priority_score=0,
        search_text=" ".join(x for x in (text.lower(), (handle or "").lower(), (name or "").lower()) if x),
    )  # fmt: skip


def store(
    session: Session, items: list[Incoming], *, connector_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, bool]]:
    """Store the posts not stored before; answers (id, was it a duplicate) per item, in order."""
    keys: list[Key] = [(i.platform, i.account_id[:100], i.external_id[:200]) for i in items]
    existing: dict[Key, uuid.UUID] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 300):
        chunk = unique[start : start + 300]
        found_rows = session.execute(
            select(SocialPost.platform, SocialPost.account_id, SocialPost.external_id, SocialPost.id).where(
                tuple_(SocialPost.platform, SocialPost.account_id, SocialPost.external_id).in_(chunk)
            )
        )
        for platform, account, external, post_id in found_rows:
            existing[(platform, account, external)] = post_id
    fresh = [(k, i) for k, i in zip(keys, items, strict=True) if k not in existing]
    seen: dict[Key, Incoming] = {}
    for key, item in fresh:
        seen.setdefault(key, item)
    if seen:
        threads = _threads(session, list(seen.values()), connector_id)
        rows: dict[Key, SocialPost] = {
            key: _row(item, connector_id, threads[_thread_key(item)]) for key, item in seen.items()
        }
        try:
            with session.begin_nested():
                session.add_all(rows.values())
                session.flush()
        except IntegrityError:
            # A concurrent delivery of the same posts won the race: store one by one.
            rows = {}
            for key, item in seen.items():
                row = _row(item, connector_id, threads[_thread_key(item)])
                try:
                    with session.begin_nested():
                        session.add(row)
                        session.flush()
                    rows[key] = row
                except IntegrityError:
                    found = session.scalar(
                        select(SocialPost.id).where(
                            SocialPost.platform == key[0], SocialPost.account_id == key[1],
                            SocialPost.external_id == key[2],
                        )
                    )  # fmt: skip
                    if found is not None:
                        existing[key] = found
        created = {key: row.id for key, row in rows.items()}
    else:
        created = {}
    out: list[tuple[uuid.UUID, bool]] = []
    first_seen: set[Key] = set()
    for key in keys:
        if key in created and key not in first_seen:
            first_seen.add(key)
            out.append((created[key], False))
        else:
            out.append((created.get(key) or existing[key], True))
    return out


def enqueue_processing(session: Session, post_ids: list[uuid.UUID]) -> None:
    """Hand new posts to the processing job, in batches of 500."""
    for start in range(0, len(post_ids), 500):
        jobs.enqueue(session, PROCESS_KIND, {"post_ids": [str(p) for p in post_ids[start : start + 500]]})
