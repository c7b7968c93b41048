"""`/api/v1/imports`: preview a file, start an import (processed in a background thread),
follow its progress, download its error report, cancel or resume it."""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import StreamingResponse

from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.permissions import Action
from sampark.db import Database
from sampark.deps import CtxDep
from sampark.imports import mapping as mappings
from sampark.imports import service
from sampark.imports.readers import describe_encoding, iter_rows
from sampark.imports.schemas import ImportJobOut, PresetOut, PreviewOut, RowErrorOut, TargetOut

router = APIRouter(prefix="/imports", tags=["imports"])


def _save(upload: UploadFile) -> Path:
    """Stream the upload to a file under the imports folder."""
    path = service.imports_dir() / f"upload-{uuid.uuid4().hex}{Path(upload.filename or '').suffix[:10]}"
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, 1 << 20)
    return path


def _out(ctx: CtxDep, job: Any) -> ImportJobOut:
    out = ImportJobOut.model_validate(job)
    out.first_errors = [RowErrorOut.model_validate(e) for e in service.first_errors(ctx.session, job.id)]
    return out


def _start(db: Database, job_id: uuid.UUID) -> None:
    def work() -> None:
        try:
            service.run_job(db, job_id)
        except Exception:  # recorded on the job as failed
            return

    threading.Thread(target=work, name=f"import-{job_id}", daemon=True).start()


@router.post("/preview", operation_id="imports-preview", response_model=PreviewOut)
def preview(
    ctx: CtxDep, file: Annotated[UploadFile, File()], kind: Annotated[str, Form()] = "people"
) -> PreviewOut:
    """What the file is (format, encoding, delimiter, headers, first 10 rows), the export preset
    it looks like and a suggested mapping. Nothing is kept."""
    ctx.require(service.OBJ, Action.write)
    service.check_kind(kind)
    path = _save(file)
    try:
        info = service.read_info(path)
        column_map, preset = service.resolve_mapping(kind, info, None)
        rows = []
        for row in iter_rows(path, info):
            rows.append(row.values)
            if len(rows) >= 10:
                break
    finally:
        path.unlink(missing_ok=True)
    return PreviewOut(
        format=info.format,
        encoding=describe_encoding(info.encoding),
        delimiter=info.delimiter,
        headers=info.headers,
        rows=rows,
        preset=preset,
        mapping=column_map,
        targets=[
            TargetOut(name=t.name, label=t.label, required=t.required, multi=t.multi)
            for t in mappings.TARGETS[kind]
        ],
        presets=[
            PresetOut(name=p.name, label=p.label, kind=p.kind)
            for p in mappings.presets().values()
            if p.kind == kind
        ],
    )


@router.post("", operation_id="imports-create", response_model=ImportJobOut, status_code=202)
def create(
    request: Request,
    ctx: CtxDep,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(description="people or companies")] = "people",
    source: Annotated[str, Form(max_length=120, description="The source the records come from")] = "Import",
    mapping: Annotated[str | None, Form(description="A preset name or a JSON object {header: field}")] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> ImportJobOut:
    """Start an import; it runs in the background (poll `GET /imports/{id}`). The same file from
    the same source while an earlier import of it is unfinished resumes that one."""
    ctx.require(service.OBJ, Action.write)
    service.check_kind(kind)
    spec: str | dict[str, Any] | None = mapping or None
    if mapping and mapping.strip().startswith("{"):
        try:
            spec = json.loads(mapping)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                "The mapping is not valid JSON.", errors=[FieldError("mapping", str(exc), "invalid_json")]
            ) from exc
    elif mapping and mapping not in mappings.presets():
        raise ValidationFailed("No such preset.", errors=[FieldError("mapping", "unknown preset", "invalid")])
    path = _save(file)
    try:
        data = service.NewJob(
            kind, source.strip() or "Import", file.filename or "upload.csv", path, spec, dry_run
        )
        job = service.create_job(ctx.session, data, ctx.principal.user_id, ctx.principal.email)
    finally:
        path.unlink(missing_ok=True)
    ctx.session.commit()  # the thread must see the job
    if job.status != "running":  # a running one has its thread (or is resumed with /resume)
        _start(request.app.state.db, job.id)
    return _out(ctx, job)


@router.get("", operation_id="imports-list", response_model=list[ImportJobOut])
def list_imports(ctx: CtxDep) -> list[ImportJobOut]:
    """The latest 50 imports, newest first."""
    return [ImportJobOut.model_validate(j) for j in service.list_jobs(ctx)]


@router.get("/{job_id}", operation_id="imports-get", response_model=ImportJobOut)
def get_import(job_id: uuid.UUID, ctx: CtxDep) -> ImportJobOut:
    """One import's progress, counts and first row errors."""
    return _out(ctx, service.get_job(ctx, job_id))


@router.get(
    "/{job_id}/errors.csv",
    operation_id="imports-errors",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The rows that did not go in"}},
)
def error_report(job_id: uuid.UUID, ctx: CtxDep) -> StreamingResponse:
    """The rows that did not go in: row number, column, problem and the row's own cells."""
    job = service.get_job(ctx, job_id)
    body = "".join(service.error_report(ctx.session, job))
    name = Path(job.filename).stem + "-errors.csv"
    return StreamingResponse(
        iter([body.encode("utf-8")]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/{job_id}/cancel", operation_id="imports-cancel", response_model=ImportJobOut)
def cancel(job_id: uuid.UUID, ctx: CtxDep) -> ImportJobOut:
    """Stop an import after its current batch; what was committed stays."""
    return _out(ctx, service.cancel_job(ctx, job_id))


@router.post("/{job_id}/resume", operation_id="imports-resume", response_model=ImportJobOut, status_code=202)
def resume(job_id: uuid.UUID, request: Request, ctx: CtxDep) -> ImportJobOut:
    """Continue an interrupted or failed import from its last committed batch."""
    job = service.mark_resumable(ctx, job_id)
    ctx.session.commit()
    _start(request.app.state.db, job.id)
    return _out(ctx, job)
