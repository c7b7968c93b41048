"""API shapes of the social domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from sampark.social.platforms import Platform
from sampark.social.understanding import LANGUAGES, Intent, Sentiment

PostKind = Literal["comment", "mention", "message", "post"]
PostStatus = Literal["new", "open", "done", "hidden"]
PriorityLevel = Literal["low", "normal", "high", "urgent"]
KeywordKind = Literal["brand", "product", "competitor", "campaign"]
ActionType = Literal["route", "copy", "ticket", "lead", "hide", "assign"]
TicketPriority = Literal["low", "normal", "high", "urgent"]

_STRICT = ConfigDict(extra="forbid")


# --- connectors -------------------------------------------------------------------------------------


class ConnectorCreate(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1, max_length=120)
    platform: Platform
    account_id: str = Field(
        default="",
        max_length=100,
        description="Facebook Page id, Instagram account id, WhatsApp phone-number id or X user id",
    )
    account_handle: str | None = Field(default=None, max_length=200)
    api_base_url: HttpUrl | None = Field(
        default=None, description="Where replies are sent; the platform's public API when empty"
    )
    app_secret: str | None = Field(
        default=None, max_length=500, description="Meta app secret or X consumer secret (checks signatures)"
    )
    verify_token: str | None = Field(
        default=None, max_length=500, description="Meta: the token you typed in the app's webhook settings"
    )
    access_token: str | None = Field(
        default=None, max_length=2000, description="Page / system-user / X user token, for replies"
    )
    enabled: bool = True


class ConnectorUpdate(BaseModel):
    model_config = _STRICT
    name: str | None = Field(default=None, min_length=1, max_length=120)
    account_id: str | None = Field(default=None, max_length=100)
    account_handle: str | None = Field(default=None, max_length=200)
    api_base_url: HttpUrl | None = None
    app_secret: str | None = Field(default=None, max_length=500)
    verify_token: str | None = Field(default=None, max_length=500)
    access_token: str | None = Field(default=None, max_length=2000)
    enabled: bool | None = None


class ConnectorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    platform: Platform
    account_id: str
    account_handle: str | None
    api_base_url: str
    enabled: bool
    has_app_secret: bool = False
    has_verify_token: bool = False
    has_access_token: bool = False
    webhook_path: str = Field(default="", description="Give the platform this path on your public address")
    last_delivery_at: datetime | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    version: int


# --- posts ------------------------------------------------------------------------------------------


class AuthorIn(BaseModel):
    model_config = _STRICT
    handle: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=200)
    followers: int = Field(default=0, ge=0, le=2_000_000_000)
    external_id: str | None = Field(default=None, max_length=200)


class PostIn(BaseModel):
    """A post from any source. `external_id` is unique per platform and account: sending the same
    post again stores nothing new."""

    model_config = _STRICT
    platform: Platform
    external_id: str = Field(min_length=1, max_length=200)
    account_id: str = Field(default="", max_length=100)
    kind: PostKind = "mention"
    text: str = Field(default="", max_length=20_000)
    posted_at: datetime | None = None
    author: AuthorIn = Field(default_factory=AuthorIn)
    parent_external_id: str | None = Field(default=None, max_length=200)
    thread_external_id: str | None = Field(default=None, max_length=200)
    likes: int = Field(default=0, ge=0, le=2_000_000_000)
    shares: int = Field(default=0, ge=0, le=2_000_000_000)
    replies: int = Field(default=0, ge=0, le=2_000_000_000)
    url: str | None = Field(default=None, max_length=1000)
    raw: dict[str, Any] = Field(default_factory=dict)

    @field_validator("posted_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone (e.g. Z)")
        return value


class PostBatchIn(BaseModel):
    model_config = _STRICT
    items: list[dict[str, Any]] = Field(min_length=1, max_length=1000, description="Each item is a PostIn")


class IngestItem(BaseModel):
    index: int
    id: uuid.UUID
    duplicate: bool = Field(description="Already stored (a replay): nothing new was written")


class IngestResult(BaseModel):
    created: int
    duplicates: int
    items: list[IngestItem]


class TeamRef(BaseModel):
    id: uuid.UUID
    name: str
    is_copy: bool


class PostOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    platform: Platform
    account_id: str
    external_id: str
    connector_id: uuid.UUID | None
    thread_id: uuid.UUID | None
    kind: str
    direction: str
    parent_external_id: str | None
    thread_external_id: str | None
    author_external_id: str | None
    author_handle: str | None
    author_name: str | None
    author_followers: int
    text: str
    posted_at: datetime
    likes: int
    shares: int
    replies: int
    url: str | None
    language: str | None
    sentiment: str | None
    sentiment_score: float | None
    sentiment_corrected: bool
    intent: str | None
    intent_confidence: float | None
    hashtags: list[str]
    keywords: list[dict[str, Any]]
    evidence: list[str]
    priority_score: int
    priority: str
    priority_reasons: list[str]
    status: str
    team_id: uuid.UUID | None
    teams: list[TeamRef] = Field(default_factory=list)
    assignee_id: uuid.UUID | None
    person_id: uuid.UUID | None
    ticket_id: uuid.UUID | None
    deal_id: uuid.UUID | None
    processed_at: datetime | None
    first_response_at: datetime | None
    done_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class PostDetail(PostOut):
    raw: dict[str, Any]


class PostUpdate(BaseModel):
    """Change a post's handling. `sentiment` is a correction: kept, and counted towards learned
    term overrides used for later posts. `intent` is a correction too: the post's intent is
    fixed (confidence 1) and recorded as a decision; the priority follows both."""

    model_config = _STRICT
    status: PostStatus | None = None
    sentiment: Sentiment | None = None
    intent: Intent | None = None
    assignee_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


class AssignIn(BaseModel):
    model_config = _STRICT
    assignee_id: uuid.UUID | None = Field(default=None, description="None: unassign")
    team_id: uuid.UUID | None = Field(default=None, description="Move to this team's inbox too")


class ConvertIn(BaseModel):
    model_config = _STRICT
    to: Literal["ticket", "deal"]
    queue: str | None = Field(
        default=None, max_length=120, description="Ticket queue name (routing decides when empty)"
    )
    priority: TicketPriority | None = None
    title: str | None = Field(default=None, max_length=300)
    pipeline_id: uuid.UUID | None = None


class ReplyIn(BaseModel):
    model_config = _STRICT
    text: str = Field(min_length=1, max_length=4000)


class ReplyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    post_id: uuid.UUID
    thread_id: uuid.UUID | None
    author_user_id: uuid.UUID | None
    text: str
    status: str
    attempts: int
    external_id: str | None
    response_status: int | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class DecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    post_id: uuid.UUID
    rule_id: uuid.UUID | None
    rule_name: str | None
    action: str
    target: str | None
    reason: str
    created_at: datetime


class ThreadEntry(BaseModel):
    type: Literal["post", "reply"]
    at: datetime
    post: PostOut | None = None
    reply: ReplyOut | None = None


class ThreadOut(BaseModel):
    thread_id: uuid.UUID | None
    platform: str
    external_id: str | None
    is_private: bool
    person_id: uuid.UUID | None
    entries: list[ThreadEntry]


class CorrectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    post_id: uuid.UUID
    user_id: uuid.UUID | None
    from_sentiment: str | None
    to_sentiment: str
    terms: list[str]
    created_at: datetime


class ImportResult(BaseModel):
    rows: int
    created: int
    duplicates: int
    errors: list[dict[str, Any]]


# --- routing rules ----------------------------------------------------------------------------------


class RuleConditions(BaseModel):
    """Every stated condition must hold; an empty list or null means "any"."""

    model_config = _STRICT
    platforms: list[Platform] = Field(default_factory=list)
    kinds: list[PostKind] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list, description=f"Any of {', '.join(LANGUAGES)}")
    sentiments: list[Sentiment] = Field(default_factory=list)
    intents: list[Intent] = Field(default_factory=list)
    min_intent_confidence: float | None = Field(default=None, ge=0, le=1)
    priorities: list[PriorityLevel] = Field(default_factory=list)
    min_priority_score: int | None = Field(default=None, ge=0, le=100)
    keywords_any: list[str] = Field(default_factory=list, description="Tracked terms, words or #hashtags")
    keyword_kinds: list[KeywordKind] = Field(default_factory=list)
    min_followers: int | None = Field(default=None, ge=0)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if v not in LANGUAGES]
        if bad:
            raise ValueError(f"unknown language forms: {', '.join(bad)}")
        return value


class RuleAction(BaseModel):
    """`route` (to `team`), `copy` (to `team`), `ticket` (in `queue`), `lead` (create or update
    the author as a lead), `hide`, `assign` (round robin within the routed team)."""

    model_config = _STRICT
    type: ActionType
    team: str | None = Field(default=None, max_length=120, description="Team name (created when missing)")
    queue: str | None = Field(default=None, max_length=120, description="Ticket queue name")
    priority: TicketPriority | None = Field(
        default=None, description="Ticket priority (from the post when empty)"
    )

    @model_validator(mode="after")
    def _targets(self) -> RuleAction:
        if self.type in ("route", "copy") and not self.team:
            raise ValueError(f"a {self.type} action needs a team")
        if self.type == "ticket" and not self.queue:
            raise ValueError("a ticket action needs a queue")
        return self


class RuleCreate(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1, max_length=120)
    position: int | None = Field(default=None, ge=0, description="Where it goes; last when empty")
    enabled: bool = True
    stop: bool = Field(default=True, description="Stop looking at later rules when this one matches")
    conditions: RuleConditions = Field(default_factory=RuleConditions)
    actions: list[RuleAction] = Field(min_length=1, max_length=10)


class RuleUpdate(BaseModel):
    model_config = _STRICT
    name: str | None = Field(default=None, min_length=1, max_length=120)
    position: int | None = Field(default=None, ge=0)
    enabled: bool | None = None
    stop: bool | None = None
    conditions: RuleConditions | None = None
    actions: list[RuleAction] | None = Field(default=None, min_length=1, max_length=10)


class RuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    position: int
    enabled: bool
    stop: bool
    is_default: bool
    conditions: RuleConditions
    actions: list[RuleAction]
    created_at: datetime
    updated_at: datetime
    version: int


# --- keywords and terms -----------------------------------------------------------------------------


class KeywordCreate(BaseModel):
    model_config = _STRICT
    term: str = Field(min_length=1, max_length=100)
    kind: KeywordKind
    brand: str | None = Field(default=None, max_length=100)
    enabled: bool = True


class KeywordUpdate(BaseModel):
    model_config = _STRICT
    kind: KeywordKind | None = None
    brand: str | None = Field(default=None, max_length=100)
    enabled: bool | None = None


class KeywordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    term: str
    kind: str
    brand: str | None
    enabled: bool
    created_at: datetime
    version: int


class TermCreate(BaseModel):
    model_config = _STRICT
    term: str = Field(min_length=1, max_length=100)
    weight: float = Field(ge=-1, le=1, description="-1 (very negative) … 1 (very positive)")
    brand: str = Field(default="", max_length=100, description="Only for posts that mention this brand")


class TermUpdate(BaseModel):
    model_config = _STRICT
    weight: float | None = Field(default=None, ge=-1, le=1)
    active: bool | None = None


class TermOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    term: str
    brand: str
    weight: float
    source: str
    active: bool
    positive_votes: int
    negative_votes: int
    neutral_votes: int
    created_at: datetime
    updated_at: datetime
    version: int


# --- alerts -----------------------------------------------------------------------------------------


class AlertSettingsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    enabled: bool
    window_minutes: int
    baseline_windows: int
    k: float
    min_mentions: int
    cooldown_minutes: int
    email_to: list[str]
    notify_user_ids: list[str]
    last_fired_at: datetime | None
    version: int


class AlertSettingsUpdate(BaseModel):
    model_config = _STRICT
    enabled: bool | None = None
    window_minutes: int | None = Field(default=None, ge=5, le=7 * 24 * 60)
    baseline_windows: int | None = Field(default=None, ge=3, le=500)
    k: float | None = Field(default=None, ge=0, le=10)
    min_mentions: int | None = Field(default=None, ge=1, le=100_000)
    cooldown_minutes: int | None = Field(default=None, ge=0, le=30 * 24 * 60)
    email_to: list[str] | None = Field(default=None, max_length=20)
    notify_user_ids: list[uuid.UUID] | None = Field(default=None, max_length=100)


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    fired_at: datetime
    window_start: datetime
    window_end: datetime
    mentions: int
    negatives: int
    negative_share: float
    baseline_mean: float
    baseline_stdev: float
    threshold: float


class AlertCheck(BaseModel):
    fired: bool
    reason: str
    alert: AlertOut | None = None


# --- analytics --------------------------------------------------------------------------------------


class DayCount(BaseModel):
    day: str
    count: int


class SentimentDay(BaseModel):
    day: str
    negative: int
    neutral: int
    positive: int
    average_score: float | None


class ShareOfVoice(BaseModel):
    term: str
    kind: str
    mentions: int
    share: float
    negative: int
    positive: int


class TopTerm(BaseModel):
    term: str
    count: int


class Engagement(BaseModel):
    posts: int
    likes: int
    shares: int
    replies: int
    average_per_post: float


class HashtagPerformance(BaseModel):
    hashtag: str
    posts: int
    likes: int
    shares: int
    replies: int
    negative_share: float


class TeamResponse(BaseModel):
    team_id: uuid.UUID | None
    team: str | None
    posts: int
    answered: int
    median_first_response_minutes: float | None
    done: int


class Analytics(BaseModel):
    since: datetime
    until: datetime
    volume: list[DayCount]
    sentiment: list[SentimentDay]
    share_of_voice: list[ShareOfVoice]
    top_hashtags: list[TopTerm]
    top_keywords: list[TopTerm]
    languages: list[TopTerm] = Field(
        description="Posts per language form (en, bn, hi, bn-Latn, hi-Latn, other)"
    )
    intents: list[TopTerm] = Field(description="Posts per intent")
    engagement: Engagement
    hashtags: list[HashtagPerformance]
    response_times: list[TeamResponse]
