"""Runtime configuration, read once from `SAMPARK_*` environment variables."""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Mode(StrEnum):
    development = "development"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAMPARK_", extra="ignore")

    mode: Mode = Mode.development
    var_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    default_region: str = Field(default="BD", description="Region used to parse national phone numbers")
    session_ttl_hours: int = 24 * 7
    session_idle_hours: int = 24
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20
    login_window_minutes: int = 15
    login_lock_minutes: int = 15
    demo_people: int = 10_000
    restore_window_days: int = 30
    auth_cache_seconds: float = Field(
        default=5.0, description="How long a resolved caller is reused in-process (0 turns it off)"
    )
    social_embeddings: bool = Field(
        default=False,
        description="Social posts' sentiment from the embedding head (needs the `embeddings` extra; "
        "without it the default path decides)",
    )
    tracking_drain_batch: int = Field(
        default=10_000,
        ge=1,
        description="Tracking messages the worker moves from the inbox to events per transaction",
    )
    sqlite_wal_autocheckpoint: int = Field(
        default=16_000,
        ge=0,
        description="SQLite: pages the write-ahead log may hold before a commit copies them into the "
        "database (SQLite's default is 1,000; 0 turns the automatic checkpoint off)",
    )
    identity_weak_threshold: int = Field(
        default=3, description="An identifier held by more people than this no longer merges by itself"
    )
    resolution_auto_merge_threshold: float = Field(
        default=0.95, description="Probabilistic pairs at or above this match probability merge by themselves"
    )
    resolution_review_threshold: float = Field(
        default=0.80, description="Pairs between this and the auto-merge threshold go to the review queue"
    )
    max_body_bytes: int = Field(
        default=8 * 1024 * 1024, description="Largest request body accepted (413 above)"
    )
    import_max_bytes: int = Field(
        default=200 * 1024 * 1024, description="Largest import file accepted (413 above)"
    )
    sync_types: str = Field(
        default="people,companies,deals,tasks,activities,pipelines,custom_fields,views",
        description="Record types a device holds offline (comma-separated; `views`: the user's saved views)",
    )
    sync_activity_past_days: int = Field(default=90, ge=0, description="Activities this old stay on devices")
    sync_activity_future_days: int = Field(
        default=14, ge=0, description="Activities this far ahead go to devices"
    )
    sync_tombstone_days: int = Field(
        default=90, ge=1, description="A sync cursor older than this gets a full resync"
    )
    sync_mutations_keep_days: int = Field(
        default=90, ge=1, description="Days a pushed mutation's answer is kept to answer replays as duplicate"
    )
    web_dist: Path = Path("web/dist")
    redis_url: str = Field(
        default="",
        description="redis://host:6379/0 to queue background jobs in Redis (SQLite in var/ otherwise)",
    )
    public_url: str = Field(
        default="", description="The address people reach Sampark at, for links in e-mails and feeds"
    )
    smtp_host: str = Field(default="", description="SMTP server for outgoing e-mail (none: e-mail jobs fail)")
    smtp_port: int = 587
    smtp_security: str = Field(default="starttls", description="starttls, tls (implicit) or none")
    smtp_username: str = ""
    smtp_password: str = ""
    nightly_hour_utc: int = Field(
        default=21, ge=0, le=23, description="UTC hour of nightly work (21:00 UTC is 03:00 in Dhaka)"
    )
    jobs_keep_days: int = Field(default=7, ge=1, description="Days finished background jobs are kept")
    jobs_every_seconds: dict[str, int] = Field(
        default_factory=dict,
        description="Run these interval jobs more or less often, in seconds by kind, as JSON "
        '(e.g. {"tickets.imap_poll": 15} to read support mailboxes every 15 s)',
    )
    nightly_resolution: bool = Field(
        default=True, description="Run probabilistic identity resolution every night"
    )
    webhooks_allow_private: bool | None = Field(
        default=None,
        description="Let webhooks reach loopback and private addresses (unset: yes in development, "
        "no in production)",
    )
    geo_geocoder_url: str = Field(
        default="",
        description="Base URL of a Nominatim-style geocoder for street-level geocoding (off when empty; "
        "the offline city gazetteer answers otherwise)",
    )
    geo_geocoder_user_agent: str = Field(default="Sampark CRM", description="User-Agent sent to the geocoder")
    geo_checkin_max_distance_m: float = Field(
        default=500.0, gt=0, description="A visit check-in farther than this from the customer is flagged"
    )
    geo_tile_url: str = Field(
        default="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="Map tile URL template for the web app (empty: lists only, no map tiles)",
    )
    geo_tile_attribution: str = Field(
        default="© OpenStreetMap contributors", description="Credit shown on maps for the tiles"
    )
    webhooks_keep_days: int = Field(
        default=30, ge=1, description="Days a finished webhook delivery and its attempts are kept"
    )
    sms_gateway_url: str = Field(
        default="", description="HTTP SMS gateway that workflow rules' SMS are POSTed to (JSON: to, body)"
    )
    sms_gateway_token: str = Field(default="", description="Bearer token for the SMS gateway")
    imap_idle: bool = Field(
        default=True,
        description="Workers keep IMAP mailboxes in IDLE (new mail at once; polling stays as well)",
    )
    ticket_tiers: str = Field(
        default="",
        description="Service-desk customer tiers by lifetime spend, highest first or not: "
        "'vip=100000,gold=25000' (a requester is in the highest tier whose threshold their net spend "
        "reaches; SLA policies and routing rules may name tiers)",
    )
    ticket_tier_currency: str = Field(
        default="", description="Currency of the tier thresholds (empty: the currency most orders are in)"
    )
    mail_from: str = Field(
        default="Sampark <sampark@localhost>", description="From address of outgoing e-mail"
    )

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'sampark.db'}"
        if not self.secret_key:
            if self.mode is Mode.production:
                raise ValueError("SAMPARK_SECRET_KEY must be set in production mode")
            self.secret_key = _development_secret(self.var_dir)
        elif self.mode is Mode.production and len(self.secret_key) < 32:
            raise ValueError("SAMPARK_SECRET_KEY must be at least 32 characters in production")
        if not self.public_url:
            self.public_url = f"http://{self.host}:{self.port}"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _development_secret(var_dir: Path) -> str:
    """A secret generated on first run and kept in var/, so sessions survive restarts."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
