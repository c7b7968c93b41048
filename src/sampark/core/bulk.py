"""Bulk create/update: up to 1,000 items, each answered on its own.

Items are validated one by one (the request schema skips them, so the OpenAPI document still
describes them): a malformed item is a 422 of its own, not of the whole request. Each item
runs in a SAVEPOINT, so one bad item rolls back only itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SkipValidation, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import AppError, FieldError

MAX_BULK = 1000
C = TypeVar("C", bound=BaseModel)
U = TypeVar("U", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)


class BulkCreate(BaseModel, Generic[C]):
    model_config = ConfigDict(extra="forbid")
    items: list[SkipValidation[C]] = Field(min_length=1, max_length=MAX_BULK)


class BulkUpdateItem(BaseModel, Generic[U]):
    model_config = ConfigDict(extra="forbid")
    id: uuid.UUID
    version: int = Field(description="The version you read; a stale one fails this item with 412")
    changes: U


class BulkUpdate(BaseModel, Generic[U]):
    model_config = ConfigDict(extra="forbid")
    items: list[SkipValidation[BulkUpdateItem[U]]] = Field(min_length=1, max_length=MAX_BULK)


class BulkItemResult(BaseModel, Generic[Out]):
    index: int
    status: int
    id: uuid.UUID | None = None
    record: Out | None = None
    code: str | None = None
    detail: str | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)


class BulkResult(BaseModel, Generic[Out]):
    succeeded: int
    failed: int
    items: list[BulkItemResult[Out]]


def _schema_failure(index: int, raw: Any, exc: ValidationError) -> BulkItemResult[Any]:
    errors = [
        FieldError(".".join(str(p) for p in e["loc"]) or "item", e["msg"], e["type"]) for e in exc.errors()
    ]
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    try:
        item_id = uuid.UUID(str(raw_id)) if raw_id is not None else None
    except ValueError:
        item_id = None
    return BulkItemResult[Any](
        index=index,
        status=422,
        code="validation_failed",
        detail="; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]),
        errors=list(errors),
        id=item_id,
    )


def run_bulk(
    ctx: Ctx, raw_items: list[Any], item_model: type[BaseModel], apply_one: Callable[[Any], Out]
) -> BulkResult[Out]:
    results: list[BulkItemResult[Out]] = []
    for index, raw in enumerate(raw_items):
        try:
            item = raw if isinstance(raw, item_model) else item_model.model_validate(raw)
        except ValidationError as exc:
            results.append(_schema_failure(index, raw, exc))
            continue
        mark = audit.pending_mark(ctx.session)
        savepoint = ctx.session.begin_nested()
        try:
            record = apply_one(item)
            savepoint.commit()
            results.append(BulkItemResult[Any](index=index, status=200, id=record.id, record=record))  # type: ignore[attr-defined]
        except AppError as exc:
            savepoint.rollback()
            audit.discard_after(ctx.session, mark)
            results.append(
                BulkItemResult[Any](
                    index=index,
                    status=exc.status,
                    code=exc.code,
                    detail=exc.detail,
                    errors=list(exc.errors),
                    id=getattr(item, "id", None),
                )
            )
        except (IntegrityError, StaleDataError) as exc:
            savepoint.rollback()
            audit.discard_after(ctx.session, mark)
            conflict = isinstance(exc, StaleDataError)
            results.append(
                BulkItemResult[Any](
                    index=index,
                    status=412 if conflict else 409,
                    code="version_mismatch" if conflict else "conflict",
                    detail="Changed by someone else meanwhile."
                    if conflict
                    else "Conflicts with an existing record.",
                    errors=[FieldError("id", "conflict")],
                    id=getattr(item, "id", None),
                )
            )
    ok = sum(1 for r in results if r.status < 300)
    return BulkResult[Any](succeeded=ok, failed=len(results) - ok, items=results)
