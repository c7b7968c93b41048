from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType


class ImportJob(Base):
    """One file being imported. `processed_rows` is the committed checkpoint: every batch writes
    its records, its row errors and the new checkpoint in one transaction, so a killed import
    resumes right after the last batch that was committed."""

    __tablename__ = "import_jobs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(20))  # people | companies | orders
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("sources.id", ondelete="SET NULL"))
    source_name: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(400))  # as uploaded
    stored_path: Mapped[str] = mapped_column(String(1000))  # the kept copy under the data directory
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(40))
    delimiter: Mapped[str | None] = mapped_column(String(4))
    headers: Mapped[list[str]] = mapped_column(JsonType, default=list)
    mapping: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    preset: Mapped[str | None] = mapped_column(String(60))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    total_rows: Mapped[int | None] = mapped_column(BigInteger)
    processed_rows: Mapped[int] = mapped_column(BigInteger, default=0)
    created_count: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_count: Mapped[int] = mapped_column(BigInteger, default=0)
    skipped_count: Mapped[int] = mapped_column(BigInteger, default=0)
    error_count: Mapped[int] = mapped_column(BigInteger, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    created_by_label: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (Index("ix_import_jobs_created_at", "created_at"),)


class ImportRowError(Base):
    """A row that did not go in, and why (one per field at fault)."""

    __tablename__ = "import_row_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("import_jobs.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str | None] = mapped_column(String(400))  # the column (or field) at fault
    message: Mapped[str] = mapped_column(Text)
    raw: Mapped[list[str]] = mapped_column(JsonType, default=list)

    __table_args__ = (Index("ix_import_row_errors_job_row", "job_id", "row_number"),)
