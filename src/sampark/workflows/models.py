"""Workflow rules, their runs, and the little state the engine keeps (round-robin pointers,
the tracking-event checkpoint)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.db import Base, JsonType, RecordMixin


class Workflow(RecordMixin, Base):
    """One rule: a trigger on an object type, an optional condition (the lists' filter tree)
    and a list of actions run in order."""

    __tablename__ = "workflows"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    object_type: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    trigger: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))


class WorkflowRun(Base):
    """One run of a rule on one record: which event started it and what each step did.
    `next_step` is the first action not yet done, so a retried job resumes, never repeats."""

    __tablename__ = "workflow_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    workflow_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workflows.id", ondelete="CASCADE"))
    # The job that started the run: one run per job, however often it is retried.
    job_key: Mapped[str] = mapped_column(String(250), unique=True)
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    event_type: Mapped[str] = mapped_column(String(80))
    event_seq: Mapped[int | None] = mapped_column(BigInteger)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="running")
    next_step: Mapped[int] = mapped_column(Integer, default=0)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_workflow_runs_workflow_id", "workflow_id", "id"),
        Index("ix_workflow_runs_object", "object_type", "object_id"),
    )


class WorkflowState(Base):
    """Small named values the engine keeps between runs: `rr:<rule>:<team>` (the user the
    round robin gave the last record to), `tracking:checkpoint` (the last tracking event seen)."""

    __tablename__ = "workflow_state"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
