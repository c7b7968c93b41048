"""Import jobs: keep the file, map its columns, and process it in committed batches.

Each batch — its records, its row errors and the new checkpoint (`processed_rows`) — is one
transaction. A killed import therefore resumes after the last committed batch, and the rows of
a batch that was half-written when it died are rolled back and replayed; the source key of each
row (its external id, or a hash of its content and row number) makes a replay update the same
source record instead of adding one."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from sampark.core import collector
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.ids import new_id
from sampark.core.permissions import Action, Obj
from sampark.db import Database
from sampark.imports import mapping as mappings
from sampark.imports import preparer, readers
from sampark.imports.models import ImportJob, ImportRowError
from sampark.imports.orders_target import OrdersTarget
from sampark.imports.readers import FileInfo, FileUnreadable, Row, inspect, iter_rows
from sampark.imports.targets import (
    BatchResult,
    CompaniesTarget,
    ImportTarget,
    MappedRow,
    PeopleTarget,
    Prepared,
)
from sampark.settings import get_settings
from sampark.sources import service as sources

OBJ = Obj.imports
TARGETS: dict[str, ImportTarget] = {
    "people": PeopleTarget(),
    "companies": CompaniesTarget(),
    "orders": OrdersTarget(),
}
BATCH_ROWS = 2000
ACTIVE = ("queued", "running")


def imports_dir() -> Path:
    path = get_settings().var_dir / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_kind(kind: str) -> None:
    if kind not in TARGETS:
        raise ValidationFailed(
            "Import people, companies or orders.",
            errors=[FieldError("kind", "expected people, companies or orders", "invalid")],
        )


def read_info(path: Path) -> FileInfo:
    try:
        return inspect(path)
    except FileUnreadable as exc:
        raise ValidationFailed(str(exc), errors=[FieldError("file", str(exc), "unreadable")]) from exc


def resolve_mapping(
    kind: str, info: FileInfo, spec: str | dict[str, Any] | None
) -> tuple[dict[str, str | None], str | None]:
    try:
        column_map, preset = mappings.load_mapping(kind, info.headers, spec)
    except mappings.MappingError as exc:
        raise ValidationFailed(str(exc), errors=[FieldError("mapping", str(exc), "invalid")]) from exc
    missing = [t for t in mappings.TARGETS[kind] if t.required and t.name not in column_map.values()]
    if missing:
        names = ", ".join(t.label for t in missing)
        raise ValidationFailed(
            f"No column of the file fills {names}: map one to it.",
            errors=[FieldError("mapping", f"map a column to {t.name}", "required") for t in missing],
        )
    return column_map, preset


@dataclass
class NewJob:
    kind: str
    source_name: str
    filename: str
    path: Path  # a file the job may move into the imports folder
    mapping: str | dict[str, Any] | None = None
    dry_run: bool = False


def create_job(session: Session, data: NewJob, user_id: uuid.UUID | None, label: str) -> ImportJob:
    """Check the file and mapping, keep the file, and queue the job; an unfinished job of the
    same file, source and kind is returned instead (re-running a killed import resumes it)."""
    check_kind(data.kind)
    info = read_info(data.path)
    column_map, preset = resolve_mapping(data.kind, info, data.mapping)
    digest = sha256_of(data.path)
    if not data.dry_run:
        earlier = session.scalars(
            select(ImportJob).where(
                ImportJob.file_sha256 == digest,
                ImportJob.kind == data.kind,
                ImportJob.source_name == data.source_name,
                ImportJob.dry_run.is_(False),
                ImportJob.status.in_([*ACTIVE, "failed"]),
            )
        ).first()
        if earlier is not None:
            return earlier
    source = sources.get_or_create(session, data.source_name, "import", 50)
    job_id = new_id()
    suffix = Path(data.filename).suffix.lower()[:10] or (".xlsx" if info.format == "xlsx" else ".csv")
    stored = imports_dir() / f"{job_id}{suffix}"
    if data.path.parent.resolve() == imports_dir().resolve():
        data.path.rename(stored)
    else:
        shutil.copyfile(data.path, stored)
    job = ImportJob(
        id=job_id,
        kind=data.kind,
        source_id=source.id,
        source_name=source.name,
        filename=Path(data.filename).name[:400],
        stored_path=str(stored),
        file_sha256=digest,
        file_format=info.format,
        encoding=info.encoding,
        delimiter=info.delimiter,
        headers=info.headers,
        mapping=column_map,
        preset=preset,
        dry_run=data.dry_run,
        status="queued",
        created_by=user_id,
        created_by_label=label,
    )
    session.add(job)
    session.flush()
    return job


def _info(job: ImportJob) -> FileInfo:
    return FileInfo(job.file_format, job.encoding, job.delimiter, list(job.headers))


def _mapped(row: Row, columns: list[tuple[str, str | None]]) -> MappedRow:
    """`columns`: each header with the target it fills (None: kept in the payload only)."""
    values: dict[str, list[tuple[str, str]]] = {}
    payload: dict[str, str] = {}
    for (header, target), cell in zip(columns, row.values, strict=False):
        if not cell:
            continue
        payload[header] = cell
        if target is not None and cell.strip():
            if target in values:
                values[target].append((header, cell))
            else:
                values[target] = [(header, cell)]
    return MappedRow(row.number, row.values, values, payload)


def _batches(rows: Iterator[Row], size: int, group: int | None = None) -> Iterator[list[Row]]:
    """Batches of `size` rows; with `group` (a column index), a batch never ends between two
    rows with the same value there (the lines of one order stay together)."""

    def key(row: Row) -> str | None:
        if group is None or group >= len(row.values):
            return None
        return row.values[group].strip() or None

    batch: list[Row] = []
    for row in rows:
        if len(batch) >= size and (group is None or key(row) is None or key(row) != key(batch[-1])):
            yield batch
            batch = []
        batch.append(row)
    if batch:
        yield batch


def count_rows(job: ImportJob) -> int:
    return readers.count_rows(Path(job.stored_path), _info(job))


def load(session: Session, job_id: uuid.UUID, *, lock: bool = False) -> ImportJob:
    job = session.get(ImportJob, job_id, with_for_update=lock)
    if job is None:
        raise NotFound("No such import.")
    return job


Progress = Callable[[ImportJob], None]


@dataclass
class Ready:
    """One batch after the work that needs no database: its size, its blank and unreadable rows,
    and either the prepared people (`targets.Prepared`) or, for other kinds, the mapped rows."""

    rows: int
    blank: int
    unreadable: list[tuple[int, str | None, str, list[str]]]
    mapped: list[MappedRow]
    prepared: Prepared | None = None


def _ready(
    kind: str,
    batch: list[Row],
    headers: list[str],
    column_map: dict[str, str | None],
    region: str,
    dry_run: bool,
) -> Ready:
    ready = Ready(len(batch), 0, [], [])
    columns = [(header, column_map.get(header)) for header in headers]
    for row in batch:
        if row.error is not None:
            ready.unreadable.append((row.number, None, row.error, []))
        elif not any(c.strip() for c in row.values):
            ready.blank += 1
        else:
            ready.mapped.append(_mapped(row, columns))
    target = TARGETS[kind]
    if isinstance(target, PeopleTarget):
        ready.prepared = target.prepare(ready.mapped, region, rows_too=not dry_run)
        ready.mapped = []
    return ready


@dataclass
class Plan:
    """What reading and preparing a job's remaining rows needs (picklable: a second process
    gets it)."""

    kind: str
    path: str
    info: FileInfo
    skip: int
    batch_rows: int
    group: int | None
    column_map: dict[str, str | None]
    region: str
    dry_run: bool

    def batches(self) -> Iterator[Ready]:
        rows = iter_rows(Path(self.path), self.info, skip=self.skip)
        for batch in _batches(rows, self.batch_rows, self.group):
            yield _ready(self.kind, batch, self.info.headers, self.column_map, self.region, self.dry_run)


# A transaction of an import holds whole batches until it holds this many rows or has been open
# this long. Each commit writes every page the transaction changed (to SQLite's WAL, and again
# when the WAL is checkpointed into the database): the same index and full-text pages are
# changed by batch after batch, so transactions of 10,000 rows wrote ~0.64 pages a row where
# transactions of 2,000 wrote ~0.95 (people with their 16 indexes and full-text rows), and the
# commits' CPU at 950,000 people fell from 16.3 to 9.4 µs a row (docs/performance.md, session
# 7). The time bound keeps the write lock — which SQLite's other writers wait for — short when
# batches are slow.
COMMIT_ROWS = 10_000
COMMIT_SECONDS = 1.0


class _Transaction:
    """When an import's open transaction should commit (`COMMIT_ROWS`, `COMMIT_SECONDS`)."""

    def __init__(self, rows: int = COMMIT_ROWS) -> None:
        self.limit = rows
        self.rows = 0
        self.began = time.monotonic()

    def full(self, rows: int) -> bool:
        self.rows += rows
        return self.rows >= self.limit or time.monotonic() - self.began >= COMMIT_SECONDS


def use_second_process(kind: str, remaining_rows: int, batch_rows: int) -> bool:
    """Prepare in a second process when there is more than one batch of people to import and a
    second core to run it on (starting it costs about a second)."""
    return kind == "people" and remaining_rows > batch_rows and (os.cpu_count() or 1) > 1


def run_job(
    db: Database,
    job_id: uuid.UUID,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
    second_process: bool | None = None,
    commit_rows: int = COMMIT_ROWS,
) -> ImportJob:
    """Process a job from its checkpoint to the end (or until it is cancelled). People are
    read, validated and prepared in a second process (`second_process`; by default when the file
    has more than one batch left) while this one resolves and writes the batch before. A
    transaction holds whole batches, up to `commit_rows` rows (at least one batch) or
    `COMMIT_SECONDS`; `progress` is called after each commit, with what it committed."""
    with db.session() as session:
        job = session.get(ImportJob, job_id)
        if job is None:
            raise NotFound("No such import.")
        if job.status in ("done", "cancelled"):
            return job
        if job.total_rows is None:
            job.total_rows = count_rows(job)
        job.status, job.started_at, job.updated_at, job.message = (
            "running",
            job.started_at or utcnow(),
            utcnow(),
            None,
        )
        info, column_map, skip = _info(job), dict(job.mapping), job.processed_rows
        kind, dry_run, source_id, total = job.kind, job.dry_run, job.source_id, job.total_rows
    target = TARGETS[kind]
    headers = info.headers
    expected = skip
    grouped = next((headers.index(h) for h, t in column_map.items() if t == "order_number"), None)
    plan = Plan(
        kind, job.stored_path, info, skip, batch_rows, grouped if kind == "orders" else None,
        column_map, get_settings().default_region, dry_run,
    )  # fmt: skip
    if second_process is None:
        second_process = use_second_process(kind, (total or 0) - skip, batch_rows)
    try:
        ready_batches = (
            preparer.batches_from_second_process(plan) if second_process else nullcontext(plan.batches())
        )
        with collector.collecting_less(), ready_batches as batches:
            pending = iter(batches)
            # One transaction holds whole batches until it has `COMMIT_ROWS` rows or has been
            # open `COMMIT_SECONDS` (`_Transaction`): each checkpoint still commits with exactly
            # the rows it counts. The inner loop takes the transaction's further batches.
            for first in pending:
                with db.session() as session:
                    job = load(session, job_id, lock=not db.is_sqlite)
                    if job.status == "cancelled" or job.processed_rows != expected:
                        return job  # cancelled, or another runner (a second resume) is ahead
                    source = sources.refs_by_id(session, {source_id} if source_id else set()).get(source_id)  # type: ignore[arg-type]
                    if source is None:
                        source = sources.get_or_create(session, job.source_name, "import", 50)
                    open_ = _Transaction(commit_rows)
                    for ready in itertools.chain((first,), pending):
                        result = _apply(session, target, source, ready, dry_run)
                        _checkpoint(session, job, ready.rows, result)
                        if open_.full(ready.rows):
                            break
                expected = job.processed_rows
                if progress is not None:
                    progress(job)
    except Exception as exc:
        with db.session() as session:
            session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(status="failed", message=str(exc)[:2000], updated_at=utcnow())
            )
        raise
    with db.session() as session:
        job = load(session, job_id)
        if job.status == "running":
            job.status, job.finished_at, job.updated_at = "done", utcnow(), utcnow()
    return job


def _apply(
    session: Session, target: Any, source: sources.SourceRef, ready: Ready, dry_run: bool
) -> BatchResult:
    if ready.prepared is not None:
        result: BatchResult = target.write(session, source, ready.prepared, dry_run)
    elif ready.mapped:
        result = target.process(session, source, ready.mapped, dry_run)
    else:
        result = BatchResult()
    result.skipped += ready.blank
    result.errors = ready.unreadable + result.errors
    return result


def _checkpoint(session: Session, job: ImportJob, rows: int, result: BatchResult) -> None:
    if result.errors:
        session.execute(
            insert(ImportRowError),
            [
                {
                    "job_id": job.id,
                    "row_number": n,
                    "field": f,
                    "message": m[:2000],
                    "raw": [c[:2000] for c in raw[:200]],
                }
                for n, f, m, raw in result.errors
            ],
        )
    job.processed_rows += rows
    job.created_count += result.created
    job.updated_count += result.updated
    job.skipped_count += result.skipped
    job.error_count += len({n for n, *_ in result.errors})
    job.updated_at = utcnow()


# --- reads and actions for the API ------------------------------------------------------------


def get_job(ctx: Ctx, job_id: uuid.UUID) -> ImportJob:
    ctx.require(OBJ, Action.read)
    job = ctx.session.get(ImportJob, job_id)
    if job is None:
        raise NotFound("No such import.")
    return job


def list_jobs(ctx: Ctx, limit: int = 50) -> list[ImportJob]:
    ctx.require(OBJ, Action.read)
    return list(ctx.session.scalars(select(ImportJob).order_by(ImportJob.created_at.desc()).limit(limit)))


def cancel_job(ctx: Ctx, job_id: uuid.UUID) -> ImportJob:
    ctx.require(OBJ, Action.write)
    job = get_job(ctx, job_id)
    if job.status not in (*ACTIVE, "failed"):
        raise Conflict(f"The import is {job.status}.", code="not_active")
    job.status, job.updated_at, job.finished_at = "cancelled", utcnow(), utcnow()
    ctx.session.flush()
    return job


def mark_resumable(ctx: Ctx, job_id: uuid.UUID) -> ImportJob:
    ctx.require(OBJ, Action.write)
    job = get_job(ctx, job_id)
    if job.status in ("done", "cancelled"):
        raise Conflict(f"The import is {job.status}.", code="not_resumable")
    job.status, job.updated_at = "queued", utcnow()
    ctx.session.flush()
    return job


def first_errors(session: Session, job_id: uuid.UUID, limit: int = 20) -> list[ImportRowError]:
    return list(
        session.scalars(
            select(ImportRowError)
            .where(ImportRowError.job_id == job_id)
            .order_by(ImportRowError.row_number, ImportRowError.id)
            .limit(limit)
        )
    )


def error_count(session: Session, job_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(ImportRowError).where(ImportRowError.job_id == job_id)
        )
        or 0
    )


def error_report(session: Session, job: ImportJob) -> Iterator[str]:
    """The rows that did not go in, as CSV: row, column, problem, then the row's own cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "error", *job.headers])
    yield "\ufeff" + buffer.getvalue()
    last = -1
    while True:
        rows = list(
            session.scalars(
                select(ImportRowError)
                .where(ImportRowError.job_id == job.id, ImportRowError.id > last)
                .order_by(ImportRowError.id)
                .limit(1000)
            )
        )
        if not rows:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for e in rows:
            writer.writerow([e.row_number, e.field or "", e.message, *e.raw])
        last = rows[-1].id
        yield buffer.getvalue()


def interrupted_jobs(session: Session) -> list[uuid.UUID]:
    """Jobs a crash left running (or queued): resumed at startup."""
    return list(session.scalars(select(ImportJob.id).where(ImportJob.status.in_(ACTIVE))))
