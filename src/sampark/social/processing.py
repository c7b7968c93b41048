"""Processing a batch of stored posts: understanding (with term overrides), tracked keywords,
author linking, priority, then routing. Runs in a job after a webhook is acknowledged, or in
the request for the ingestion API; a batch is understood with `understand_many` per override
set, and its authors are resolved with one identity lookup."""

from __future__ import annotations

import math
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.permissions import Principal, Role
from sampark.core.text import clean_text
from sampark.identity import records as identity_records
from sampark.identity.service import BatchResolver, Kind, normalise
from sampark.orders import service as orders
from sampark.settings import get_settings
from sampark.social import routing
from sampark.social.models import SocialKeyword, SocialPost, SocialTermOverride, SocialThread
from sampark.social.understanding import understand_many
from sampark.sources import service as sources
from sampark.tickets import service as tickets

SYSTEM = Principal(user_id=uuid.UUID(int=0), email="system:social", role=Role.admin)
SOURCE_NAME = "Social"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b0)[\d][\d \-]{7,16}\d")

INTENT_POINTS = {"complaint": 30, "purchase_intent": 25, "question": 15, "praise": 5, "spam": 0, "other": 5}
LEVELS = ((70, "urgent"), (50, "high"), (25, "normal"), (0, "low"))


def handle_key(platform: str, handle: str | None) -> tuple[str, str] | None:
    """The identity a social author is known by: `platform:handle` (lower case, no @)."""
    value = normalise(Kind.handle, handle)
    if not value:
        return None
    return (Kind.handle.value, f"{platform}:{value.lstrip('@')}")


def author_handle_key(post: SocialPost) -> tuple[str, str] | None:
    return handle_key(post.platform, post.author_handle or post.author_external_id)


# --- keywords and overrides -------------------------------------------------------------------------


@dataclass
class Vocabulary:
    keywords: list[tuple[str, str, str | None]]  # (lower term, kind, brand)
    general: dict[str, float]
    per_brand: dict[str, dict[str, float]]


def load_vocabulary(session: Session) -> Vocabulary:
    keywords = [
        (k.term.lower(), k.kind, (k.brand or "").lower() or None)
        for k in session.scalars(select(SocialKeyword).where(SocialKeyword.enabled.is_(True)))
    ]
    general: dict[str, float] = {}
    per_brand: dict[str, dict[str, float]] = defaultdict(dict)
    for t in session.scalars(select(SocialTermOverride).where(SocialTermOverride.active.is_(True))):
        (per_brand[t.brand.lower()] if t.brand else general)[t.term.lower()] = t.weight
    return Vocabulary(keywords, general, dict(per_brand))


def match_keywords(vocab: Vocabulary, text: str, hashtags: list[str]) -> list[dict[str, Any]]:
    lowered = text.lower()
    tags = {h.lower() for h in hashtags}
    out = []
    for term, kind, brand in vocab.keywords:
        bare = term.lstrip("#")
        if term in lowered or bare in tags or bare.replace(" ", "") in tags:
            out.append({"term": term, "kind": kind, **({"brand": brand} if brand else {})})
    return out


def overrides_for(vocab: Vocabulary, matched: list[dict[str, Any]]) -> dict[str, float]:
    brands = {m["term"] for m in matched if m["kind"] == "brand"} | {
        m["brand"] for m in matched if m.get("brand")
    }
    merged = dict(vocab.general)
    for brand in sorted(brands):
        merged.update(vocab.per_brand.get(brand, {}))
    return merged


# --- priority ---------------------------------------------------------------------------------------


def priority(
    post: SocialPost, spend: Decimal | None, order_count: int, open_tickets: int
) -> tuple[int, str, list[str]]:
    """A 0–100 score and its level, with the reasons (shown to users)."""
    reasons: list[str] = []
    intent_points = INTENT_POINTS.get(post.intent or "other", 5)
    score = float(intent_points)
    reasons.append(f"intent {post.intent or 'other'} +{intent_points}")
    if post.sentiment == "negative":
        points = 10 + round(10 * min(1.0, abs(post.sentiment_score or 0.0)))
        score += points
        reasons.append(f"negative sentiment +{points}")
    if post.author_followers > 0:
        points = min(25, round(5 * math.log10(post.author_followers + 1)))
        if points:
            score += points
            reasons.append(f"{post.author_followers} followers +{points}")
    if spend is not None and spend > 0:
        points = min(15, round(3 * math.log10(float(spend) + 1)))
        score += points
        reasons.append(f"customer lifetime spend {spend:.2f} +{points}")
    if order_count >= 5:
        score += 5
        reasons.append(f"{order_count} orders +5")
    if open_tickets:
        points = min(10, 5 * open_tickets)
        score += points
        reasons.append(f"{open_tickets} open ticket(s) +{points}")
    final = max(0, min(100, round(score)))
    level = next(name for floor, name in LEVELS if final >= floor)
    return final, level, reasons


# --- linking ----------------------------------------------------------------------------------------


def _contact_keys(text: str) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for found in _EMAIL.findall(text):
        email = normalise(Kind.email, found)
        if email:
            keys.append((Kind.email.value, email))
    for found in _PHONE.findall(text):
        phone = normalise(Kind.phone, found.replace(" ", "").replace("-", ""))
        if phone:
            keys.append((Kind.phone.value, phone))
    return keys


def link_authors(session: Session, posts: list[SocialPost]) -> None:
    """Match each author to a person by handle, or by an e-mail or phone in the text (or a
    WhatsApp sender's number); a match by contact teaches the person the handle."""
    wanted: dict[uuid.UUID, list[tuple[str, str]]] = {}
    for post in posts:
        if post.person_id is not None or post.direction != "in":
            continue
        keys: list[tuple[str, str]] = []
        handle = author_handle_key(post)
        if handle:
            keys.append(handle)
        if post.platform == "whatsapp" and post.author_external_id:
            phone = normalise(Kind.phone, "+" + post.author_external_id.lstrip("+"))
            if phone:
                keys.append((Kind.phone.value, phone))
        keys += _contact_keys(post.text)
        if keys:
            wanted[post.id] = keys
    if not wanted:
        return
    resolver = BatchResolver(session, [k for keys in wanted.values() for k in keys], None, SOURCE_NAME)
    for post in posts:
        keys = wanted.get(post.id, [])
        person_id = resolver.person_for(keys)
        if person_id is None:
            continue
        post.person_id = person_id
        handle = author_handle_key(post)
        if handle:
            resolver.attach(person_id, [handle])
    resolver.write()


def create_lead_person(session: Session, post: SocialPost) -> uuid.UUID:
    """A new person for a post's author, known by their handle (a lead from social)."""
    source = sources.get_or_create(session, SOURCE_NAME, "social", 30)
    handle = author_handle_key(post)
    keys = [handle] if handle else []
    keys += _contact_keys(post.text)
    name = clean_text(post.author_name or post.author_handle or "") or "Social contact"
    fields: dict[str, Any] = {"display_name": name[:200], "lead_source": f"Social ({post.platform})"[:60]}
    incoming = identity_records.IncomingPerson(
        source_key=f"{post.platform}:{handle[1] if handle else post.author_external_id or post.id}",
        fields=fields,
        keys=keys,
        payload={"platform": post.platform, "handle": post.author_handle, "name": post.author_name},
    )
    outcomes, _ = identity_records.record_people(session, source, [incoming])
    return outcomes[0].person_id


# --- the batch --------------------------------------------------------------------------------------


def process(session: Session, post_ids: list[uuid.UUID]) -> int:
    """Understand, link, prioritise and route the posts not processed yet; answers how many."""
    if not post_ids:
        return 0
    posts: list[SocialPost] = []
    for start in range(0, len(post_ids), 500):
        posts += session.scalars(
            select(SocialPost).where(
                SocialPost.id.in_(post_ids[start : start + 500]), SocialPost.processed_at.is_(None)
            )
        )
    if not posts:
        return 0
    vocab = load_vocabulary(session)
    understand_batch(vocab, posts)
    link_authors(session, posts)
    _threads_follow(session, posts)
    values = _customer_values(session, {p.person_id for p in posts if p.person_id})
    rules = routing.load_rules(session)
    now = utcnow()
    # Routing looks things up per post; its own pending rows are tracked in routing's caches,
    # so the session need not flush before every lookup.
    with session.no_autoflush:
        _route_all(session, posts, values, rules, now)
    session.flush()
    return len(posts)


def _route_all(
    session: Session,
    posts: list[SocialPost],
    values: dict[uuid.UUID | None, tuple[Decimal | None, int, int]],
    rules: list[routing.Rule],
    now: datetime,
) -> None:
    for post in posts:
        spend, count, open_tickets = (
            values.get(post.person_id, (None, 0, 0)) if post.person_id else (None, 0, 0)
        )
        post.priority_score, post.priority, post.priority_reasons = priority(post, spend, count, open_tickets)
        post.processed_at = now
        routing.route(session, post, rules)
        audit.record(session, SYSTEM, "process", "social", post.id, {
            "language": post.language, "sentiment": post.sentiment, "intent": post.intent,
            "priority": post.priority, "team_id": post.team_id, "status": post.status,
            "person_id": post.person_id, "ticket_id": post.ticket_id,
        })  # fmt: skip


def reprioritise(session: Session, post: SocialPost) -> None:
    """The priority again after a person corrected what the post says (intent or sentiment)."""
    values = _customer_values(session, {post.person_id})
    spend, count, open_tickets = values.get(post.person_id, (None, 0, 0)) if post.person_id else (None, 0, 0)
    post.priority_score, post.priority, post.priority_reasons = priority(post, spend, count, open_tickets)


def understand_batch(vocab: Vocabulary, posts: list[SocialPost]) -> None:
    groups: dict[tuple[tuple[str, float], ...], list[SocialPost]] = defaultdict(list)
    matched: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for post in posts:
        tags = re.findall(r"#(\w+)", post.text, re.UNICODE)
        matched[post.id] = match_keywords(vocab, post.text, tags)
        groups[tuple(sorted(overrides_for(vocab, matched[post.id]).items()))].append(post)
    for overrides, group in groups.items():
        results = understand_many(
            [p.text for p in group],
            term_overrides=dict(overrides),
            embeddings=get_settings().social_embeddings,
        )
        for post, u in zip(group, results, strict=True):
            post.language = u.language
            if not post.sentiment_corrected:
                post.sentiment, post.sentiment_score = u.sentiment, round(u.sentiment_score, 4)
            post.intent, post.intent_confidence = u.intent, round(u.intent_confidence, 4)
            post.hashtags = list(dict.fromkeys(u.hashtags))
            post.evidence = list(u.evidence)
            post.keywords = matched[post.id]


def _threads_follow(session: Session, posts: list[SocialPost]) -> None:
    """A thread takes the person of its first linked post (the conversation's customer)."""
    by_thread = {p.thread_id: p.person_id for p in posts if p.thread_id and p.person_id}
    for thread_id, person_id in by_thread.items():
        thread = session.get(SocialThread, thread_id)
        if thread is not None and thread.person_id is None:
            thread.person_id = person_id


def _customer_values(
    session: Session, person_ids: set[uuid.UUID | None]
) -> dict[uuid.UUID | None, tuple[Decimal | None, int, int]]:
    out: dict[uuid.UUID | None, tuple[Decimal | None, int, int]] = {}
    main = orders.main_currency(session) if person_ids else None
    for person_id in person_ids:
        if person_id is None:
            continue
        stats = orders.stats(session, person_id)
        spend = stats.spend.get(main) if main else None
        out[person_id] = (spend, stats.count, tickets.open_count(session, person_id))
    return out
