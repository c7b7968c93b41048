from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TargetOut(BaseModel):
    name: str
    label: str
    required: bool
    multi: bool


class PresetOut(BaseModel):
    name: str
    label: str
    kind: str


class PreviewOut(BaseModel):
    format: str = Field(description="csv or xlsx")
    encoding: str | None = Field(description="The detected encoding (CSV), e.g. UTF-8, UTF-16, Windows-1252")
    delimiter: str | None
    headers: list[str]
    rows: list[list[str]] = Field(description="The first 10 data rows")
    preset: str | None = Field(description="The export these headers look like, if any")
    mapping: dict[str, str | None] = Field(description="Suggested mapping: column header → field (or null)")
    targets: list[TargetOut]
    presets: list[PresetOut]


class RowErrorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    row_number: int
    field: str | None
    message: str


class ImportJobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    source_id: uuid.UUID | None
    source_name: str
    filename: str
    file_format: str
    encoding: str | None
    delimiter: str | None
    headers: list[str]
    mapping: dict[str, str | None]
    preset: str | None
    dry_run: bool
    status: str = Field(description="queued, running, done, failed or cancelled")
    total_rows: int | None
    processed_rows: int = Field(description="Rows committed so far (the resume checkpoint)")
    created_count: int
    updated_count: int
    skipped_count: int
    error_count: int = Field(description="Rows that did not go in")
    message: str | None
    created_by_label: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    first_errors: list[RowErrorOut] = Field(default_factory=list)
