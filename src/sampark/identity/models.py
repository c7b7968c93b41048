from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core import person_links
from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType


class Identity(Base):
    """One normalised identifier of a person (an e-mail, a phone, a user id in some source,
    an anonymous device id …) and the source that first told us."""

    __tablename__ = "identities"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(320))
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("sources.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("kind", "value", "person_id", name="uq_identities_kind_value_person"),
        Index("ix_identities_person", "person_id"),
    )


person_links.register("identities", Identity.__table__)


class SourceRecord(Base):
    """One record as a source sent it — a row of an import, a shop's customer, a sign-up — kept
    whole, linked to the person it was resolved to. Nothing is thrown away: a profile can say
    where each value came from, and a merge can be explained and undone."""

    __tablename__ = "source_records"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    source_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("sources.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # person, company, order …
    source_key: Mapped[str] = mapped_column(String(200))  # the record's key in its source
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("people.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)  # as the source sent it
    # The person fields taken from the payload, normalised: what survivorship chooses from.
    fields: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("source_id", "kind", "source_key", name="uq_source_records_key"),
        Index("ix_source_records_person", "person_id"),
    )


person_links.register("source_records", SourceRecord.__table__)
