"""Social CRM tables: connectors, posts and their threads, the teams that have each post in their
inbox, routing rules and decisions, replies, sentiment corrections and term overrides, tracked
keywords, and the negative-share alert's settings and firings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType, RecordMixin


class SocialConnector(RecordMixin, Base):
    """One connected account: a Facebook Page, an Instagram business account, a WhatsApp
    Business phone number, an X account, or any other source. Secrets are stored encrypted
    (AES-GCM, key derived from SAMPARK_SECRET_KEY) and never returned."""

    __tablename__ = "social_connectors"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    platform: Mapped[str] = mapped_column(String(16))  # facebook | instagram | whatsapp | x | other
    # The page id / Instagram account id / WhatsApp phone-number id / X user id.
    account_id: Mapped[str] = mapped_column(String(100), default="")
    account_handle: Mapped[str | None] = mapped_column(String(200))
    api_base_url: Mapped[str] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # App secret (Meta) or consumer secret (X): signs deliveries to us.
    app_secret_encrypted: Mapped[str | None] = mapped_column(String(600))
    verify_token_encrypted: Mapped[str | None] = mapped_column(String(600))
    access_token_encrypted: Mapped[str | None] = mapped_column(String(3000))
    last_delivery_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class SocialThread(RecordMixin, Base):
    """A conversation: a top-level post and its comments, or a direct-message exchange."""

    __tablename__ = "social_threads"

    platform: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str] = mapped_column(String(100), default="")
    external_id: Mapped[str] = mapped_column(String(200))
    connector_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("social_connectors.id", ondelete="SET NULL")
    )
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)  # direct messages
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="SET NULL"))
    last_post_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("platform", "account_id", "external_id", name="uq_social_threads_key"),
        Index("ix_social_threads_last_post", "last_post_at"),
        Index("ix_social_threads_person", "person_id"),
    )


class SocialPost(RecordMixin, Base):
    """One comment, mention, message or post, as received and as understood."""

    __tablename__ = "social_posts"

    platform: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str] = mapped_column(String(100), default="")
    external_id: Mapped[str] = mapped_column(String(200))
    connector_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("social_connectors.id", ondelete="SET NULL")
    )
    thread_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("social_threads.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(10))  # comment | mention | message | post
    direction: Mapped[str] = mapped_column(String(3), default="in")  # in | out (our replies)
    parent_external_id: Mapped[str | None] = mapped_column(String(200))
    thread_external_id: Mapped[str | None] = mapped_column(String(200))
    author_external_id: Mapped[str | None] = mapped_column(String(200))
    author_handle: Mapped[str | None] = mapped_column(String(200))
    author_name: Mapped[str | None] = mapped_column(String(200))
    author_followers: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    shares: Mapped[int] = mapped_column(Integer, default=0)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str | None] = mapped_column(String(1000))
    raw: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    # Understanding (filled by processing; `processed_at` None until then).
    language: Mapped[str | None] = mapped_column(String(10))
    sentiment: Mapped[str | None] = mapped_column(String(10))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    sentiment_corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    intent: Mapped[str | None] = mapped_column(String(20))
    intent_confidence: Mapped[float | None] = mapped_column(Float)
    hashtags: Mapped[list[str]] = mapped_column(JsonType, default=list)
    keywords: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)  # [{term, kind}]
    evidence: Mapped[list[str]] = mapped_column(JsonType, default=list)
    priority_score: Mapped[int] = mapped_column(Integer, default=0)  # 0 … 100
    priority: Mapped[str] = mapped_column(String(8), default="normal")  # low | normal | high | urgent
    priority_reasons: Mapped[list[str]] = mapped_column(JsonType, default=list)
    # Handling.
    status: Mapped[str] = mapped_column(String(8), default="new")  # new | open | done | hidden
    team_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("teams.id", ondelete="SET NULL"))
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="SET NULL"))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("tickets.id", ondelete="SET NULL"))
    deal_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("deals.id", ondelete="SET NULL"))
    processed_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("platform", "account_id", "external_id", name="uq_social_posts_key"),
        Index("ix_social_posts_posted", "posted_at", "id"),
        Index("ix_social_posts_platform_posted", "platform", "posted_at", "id"),
        Index("ix_social_posts_sentiment_posted", "sentiment", "posted_at", "id"),
        Index("ix_social_posts_intent_posted", "intent", "posted_at", "id"),
        Index("ix_social_posts_language_posted", "language", "posted_at", "id"),
        Index("ix_social_posts_status_posted", "status", "posted_at", "id"),
        Index("ix_social_posts_priority_posted", "priority", "posted_at", "id"),
        Index("ix_social_posts_priority_score", "priority_score", "id"),
        Index("ix_social_posts_team_posted", "team_id", "posted_at", "id"),
        Index("ix_social_posts_assignee_posted", "assignee_id", "posted_at", "id"),
        Index("ix_social_posts_person_posted", "person_id", "posted_at", "id"),
        Index("ix_social_posts_thread_posted", "thread_id", "posted_at", "id"),
        Index("ix_social_posts_author", "platform", "author_handle"),
        Index("ix_social_posts_ticket", "ticket_id"),
        Index("ix_social_posts_deal", "deal_id"),
        Index("ix_social_posts_unprocessed", "processed_at"),
    )


class SocialPostTeam(Base):
    """The teams that have a post in their inbox: the routed team and any copies."""

    __tablename__ = "social_post_teams"

    post_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("social_posts.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    is_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)  # the post's, for the inbox index

    __table_args__ = (Index("ix_social_post_teams_team_posted", "team_id", "posted_at", "post_id"),)


class SocialRoutingRule(RecordMixin, Base):
    """Ordered; every enabled rule whose stated conditions all hold applies its actions, until a
    matching rule says `stop`."""

    __tablename__ = "social_routing_rules"

    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    stop: Mapped[bool] = mapped_column(Boolean, default=True)
    conditions: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_social_routing_rules_position", "position"),)


class SocialRoutingDecision(Base):
    """One thing routing did to a post, and why."""

    __tablename__ = "social_routing_decisions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("social_posts.id", ondelete="CASCADE"))
    rule_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("social_routing_rules.id", ondelete="SET NULL")
    )
    rule_name: Mapped[str | None] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_social_routing_decisions_post", "post_id", "created_at"),)


class SocialReply(Base):
    """A reply we send through the connector; logged on the conversation, retried by a job."""

    __tablename__ = "social_replies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("social_posts.id", ondelete="CASCADE"))
    thread_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("social_threads.id", ondelete="SET NULL")
    )
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(200))
    request_url: Mapped[str | None] = mapped_column(String(1000))
    response_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_social_replies_post", "post_id", "created_at"),
        Index("ix_social_replies_thread", "thread_id", "created_at"),
    )


class SocialSentimentCorrection(Base):
    """A user said a post's sentiment was wrong; kept, and counted towards learned terms."""

    __tablename__ = "social_sentiment_corrections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("social_posts.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    from_sentiment: Mapped[str | None] = mapped_column(String(10))
    to_sentiment: Mapped[str] = mapped_column(String(10))
    terms: Mapped[list[str]] = mapped_column(JsonType, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_social_sentiment_corrections_post", "post_id"),)


class SocialTermOverride(RecordMixin, Base):
    """A term's sentiment weight that wins over the built-in lexicons: set by an admin
    (`manual`, optionally for one brand) or learned from users' corrections (`learned`: active
    once enough corrections agree)."""

    __tablename__ = "social_term_overrides"

    term: Mapped[str] = mapped_column(String(100))
    brand: Mapped[str] = mapped_column(String(100), default="")  # "" = every brand
    weight: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(String(8), default="manual")  # manual | learned
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    positive_votes: Mapped[int] = mapped_column(Integer, default=0)
    negative_votes: Mapped[int] = mapped_column(Integer, default=0)
    neutral_votes: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("brand", "term", name="uq_social_term_overrides_brand_term"),)


class SocialKeyword(RecordMixin, Base):
    """A tracked brand, product, competitor or campaign term (matched in text and hashtags)."""

    __tablename__ = "social_keywords"

    term: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # brand | product | competitor | campaign
    brand: Mapped[str | None] = mapped_column(String(100))  # a product's brand, for grouping
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class SocialAlertSettings(RecordMixin, Base):
    """The negative-share alert: one row."""

    __tablename__ = "social_alert_settings"

    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    window_minutes: Mapped[int] = mapped_column(Integer, default=60)
    baseline_windows: Mapped[int] = mapped_column(Integer, default=24)
    k: Mapped[float] = mapped_column(Float, default=2.0)
    min_mentions: Mapped[int] = mapped_column(Integer, default=10)
    cooldown_minutes: Mapped[int] = mapped_column(Integer, default=180)
    email_to: Mapped[list[str]] = mapped_column(JsonType, default=list)
    notify_user_ids: Mapped[list[str]] = mapped_column(JsonType, default=list)  # empty: every admin
    last_fired_at: Mapped[datetime | None]


class SocialAlert(Base):
    """One firing of the negative-share alert, with the figures that fired it."""

    __tablename__ = "social_alerts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    mentions: Mapped[int] = mapped_column(Integer)
    negatives: Mapped[int] = mapped_column(Integer)
    negative_share: Mapped[float] = mapped_column(Float)
    baseline_mean: Mapped[float] = mapped_column(Float)
    baseline_stdev: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_social_alerts_fired", "fired_at"),)


class SocialTeamCursor(Base):
    """Round robin within a team: who got the last post."""

    __tablename__ = "social_team_cursors"

    team_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    last_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


person_links.register("social_posts", SocialPost.__table__)
person_links.register("social_threads", SocialThread.__table__)
