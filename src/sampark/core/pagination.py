"""Cursor (keyset) pagination and sorting over any filterable field.

A cursor encodes the last row's sort value and id, so page N costs the same as page 1
and rows inserted meanwhile neither repeat nor vanish. Nulls sort last in both directions.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Select, and_, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list. Pass `next_cursor` back as `cursor` for the next page."""

    items: list[T]
    next_cursor: str | None = Field(default=None, description="Opaque; null on the last page")
    limit: int


@dataclass(frozen=True)
class Sort:
    field: FieldSpec
    descending: bool


def parse_sort(raw: str | None, fields: dict[str, FieldSpec], default: str) -> Sort:
    text = (raw or default).strip()
    descending = text.startswith("-")
    name = text.lstrip("-+")
    spec = fields.get(name)
    if spec is None or not spec.sortable:
        allowed = ", ".join(sorted(n for n, f in fields.items() if f.sortable))
        raise ValidationFailed(
            f"Cannot sort by {name!r}.",
            errors=[
                FieldError("sort", f"sortable fields: {allowed}; prefix '-' for descending", "invalid_sort")
            ],
        )
    return Sort(spec, descending)


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def _decode_value(spec: FieldSpec, value: Any) -> Any:
    """The sort value a cursor carries, as the column's type; TypeError/ValueError when a
    (tampered) cursor holds anything else, since a dict or a bool would otherwise reach SQL."""
    if value is None:
        return None
    match spec.type:
        case FieldType.number:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError("expected a number")
            return value
        case FieldType.boolean:
            if not isinstance(value, bool):
                raise TypeError("expected a boolean")
            return value
        case FieldType.decimal:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise TypeError("expected a decimal")
            number = Decimal(str(value))
            if not number.is_finite():
                raise ValueError("expected a finite decimal")
            return number
    if not isinstance(value, str):
        raise TypeError("expected text")
    match spec.type:
        case FieldType.datetime:
            return datetime.fromisoformat(value)
        case FieldType.date:
            return date.fromisoformat(value)
        case FieldType.uuid:
            return uuid.UUID(value)
    return value


def encode_cursor(sort: Sort, value: Any, row_id: uuid.UUID) -> str:
    payload = json.dumps([sort.field.name, _encode_value(value), str(row_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(sort: Sort, cursor: str) -> tuple[Any, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, value, row_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if name != sort.field.name:
            raise ValueError("cursor belongs to another sort")
        return _decode_value(sort.field, value), uuid.UUID(row_id)
    except (ValueError, TypeError, InvalidOperation, binascii.Error, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            "The cursor is not valid for this list and sort.",
            errors=[FieldError("cursor", "invalid cursor")],
        ) from exc


def clamp_limit(limit: int | None, maximum: int = MAX_LIMIT) -> int:
    """`maximum`: in-process callers (the sync snapshot) may read larger pages than the API."""
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > maximum:
        raise ValidationFailed(
            f"limit must be between 1 and {maximum}.",
            errors=[FieldError("limit", f"1 to {maximum}")],
        )
    return limit


def _unindexable(col: Any, kind: FieldType) -> Any:
    """The same order as `col`, written so PostgreSQL cannot read it off an index."""
    if kind in (FieldType.datetime, FieldType.date):
        return col + literal_column("interval '0 second'")
    if kind in (FieldType.number, FieldType.decimal):
        return col + 0
    if kind in (FieldType.string, FieldType.enum):
        return col.concat("")
    return col


def apply_page(
    stmt: Select[Any], sort: Sort, id_column: Any, cursor: str | None, limit: int, *, fence: bool = False
) -> Select[Any]:
    """`fence`: sort the rows found rather than walk the sort column's index — for a short,
    known list of ids that PostgreSQL would otherwise look for by walking the whole index."""
    col = sort.field.column
    if cursor:
        raw, last_id = decode_cursor(sort, cursor)
        after_id = id_column < last_id if sort.descending else id_column > last_id
        if col is id_column:
            # Sorted by the key itself: one range over its index (the general keyset's OR
            # makes SQLite read the rest of the table and sort it for every page).
            stmt = stmt.where(after_id)
        elif raw is None:
            stmt = stmt.where(and_(col.is_(None), after_id))
        else:
            # A bound parameter of the column's type: SQLAlchemy refuses `col > True` with a
            # bare Python bool (a boolean custom field's second page).
            value = literal(raw, type_=col.type)
            beyond = col < value if sort.descending else col > value
            keyset = or_(beyond, and_(col == value, after_id))
            if sort.field.nullable:
                keyset = or_(keyset, col.is_(None))
            stmt = stmt.where(keyset)
    ordered = _unindexable(col, sort.field.type) if fence else col
    order = [
        ordered.desc() if sort.descending else ordered.asc(),
        id_column.desc() if sort.descending else id_column.asc(),
    ]
    if col is id_column:
        order = order[:1]
    if sort.field.nullable:
        order.insert(0, col.is_(None))
    return stmt.order_by(*order).limit(limit + 1)


def fetch_page(
    session: Session,
    stmt: Select[Any],
    sort: Sort,
    id_column: Any,
    cursor: str | None,
    limit: int,
    *,
    fence: bool = False,
    ids_first: bool = False,
) -> tuple[list[Any], str | None]:
    """Rows of one page (ORM entities, one per row) and the cursor for the next.

    `ids_first`: find the page's ids (and sort values) first, then load those rows. A walk of
    the sort order that tests each row against a filter can then be answered from a covering
    index alone (PostgreSQL fetches a heap row for every row a plain index scan passes)."""
    if ids_first:
        keyed = apply_page(
            stmt.with_only_columns(id_column, sort.field.column.label("_sort_value")),
            sort,
            id_column,
            cursor,
            limit,
            fence=fence,
        )
        keys = session.execute(keyed).all()
        more = len(keys) > limit
        keys = keys[:limit]
        entity = stmt.column_descriptions[0]["entity"]
        loaded = {
            row.id: row for row in session.scalars(select(entity).where(id_column.in_([k[0] for k in keys])))
        }
        page = [loaded[k[0]] for k in keys if k[0] in loaded]
        return page, encode_cursor(sort, keys[-1][1], keys[-1][0]) if more and keys else None
    paged = apply_page(
        stmt.add_columns(sort.field.column.label("_sort_value")), sort, id_column, cursor, limit, fence=fence
    )
    rows = session.execute(paged).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor(sort, last[-1], last[0].id)
    return [r[0] for r in rows], next_cursor
