"""The typed filter language: a validated tree of (field, operator, value) conditions
joined by and/or/not. It never becomes SQL text; each object declares which fields can be
filtered and how. The same tree will drive segments, reports and workflow conditions.

    {"and": [{"field": "lifecycle_stage", "op": "eq", "value": "lead"},
             {"or": [{"field": "city", "op": "eq", "value": "Sylhet"},
                     {"field": "tags", "op": "has", "value": "vip"}]}]}
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import and_, bindparam, false, func, not_, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import Boolean

from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.text import nfc

MAX_CONDITIONS = 50
MAX_DEPTH = 6
MAX_IN_VALUES = 500
MAX_JSON_DEPTH = 40  # JSON nesting; a filter within MAX_DEPTH needs far less


class FieldType(StrEnum):
    string = "string"
    number = "number"
    decimal = "decimal"
    date = "date"
    datetime = "datetime"
    boolean = "boolean"
    uuid = "uuid"
    enum = "enum"
    tags = "tags"


class Op(StrEnum):
    eq = "eq"
    ne = "ne"
    lt = "lt"
    lte = "lte"
    gt = "gt"
    gte = "gte"
    between = "between"
    in_ = "in"
    not_in = "not_in"
    contains = "contains"
    starts_with = "starts_with"
    has = "has"
    is_null = "is_null"
    is_not_null = "is_not_null"


_COMMON = {Op.eq, Op.ne, Op.in_, Op.not_in, Op.is_null, Op.is_not_null}
_ORDERED = _COMMON | {Op.lt, Op.lte, Op.gt, Op.gte, Op.between}
OPERATORS: dict[FieldType, set[Op]] = {
    FieldType.string: _COMMON | {Op.contains, Op.starts_with},
    FieldType.number: _ORDERED,
    FieldType.decimal: _ORDERED,
    FieldType.date: _ORDERED,
    FieldType.datetime: _ORDERED,
    FieldType.boolean: {Op.eq, Op.ne, Op.is_null, Op.is_not_null},
    FieldType.uuid: _COMMON,
    FieldType.enum: _COMMON,
    FieldType.tags: {Op.has, Op.is_null, Op.is_not_null},
}


@dataclass(frozen=True)
class FieldSpec:
    """How one filterable field maps to a column expression."""

    name: str
    column: Any
    type: FieldType
    sortable: bool = False
    nullable: bool = True
    choices: tuple[str, ...] | None = None
    label: str | None = None
    index: str | None = None  # the index that serves ORDER BY this field, for planner hints


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(max_length=100)
    op: Op
    value: Any = None


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    all_of: list[Condition | Group] | None = Field(default=None, alias="and")
    any_of: list[Condition | Group] | None = Field(default=None, alias="or")
    none_of: Condition | Group | None = Field(default=None, alias="not")


FilterNode = Condition | Group


class JsonArrayHas(ColumnElement[bool]):
    """`value` is an element of the JSON array in `column` (tags)."""

    inherit_cache = False
    type = Boolean()

    def __init__(self, column: Any, value: str) -> None:
        self.column = column
        self.value = value


@compiles(JsonArrayHas)
def _has_sqlite(element: JsonArrayHas, compiler: Any, **kw: Any) -> str:
    from sqlalchemy import bindparam

    col = compiler.process(element.column, **kw)
    val = compiler.process(bindparam(None, element.value, unique=True), **kw)
    return f"EXISTS (SELECT 1 FROM json_each({col}) WHERE json_each.value = {val})"  # noqa: S608


@compiles(JsonArrayHas, "postgresql")
def _has_postgresql(element: JsonArrayHas, compiler: Any, **kw: Any) -> str:
    from sqlalchemy import bindparam

    col = compiler.process(element.column, **kw)
    val = compiler.process(bindparam(None, json.dumps([element.value]), unique=True), **kw)
    return f"({col} @> CAST({val} AS JSONB))"


def parse_filter(raw: str | None) -> FilterNode | None:
    """Parse the `filter` query parameter (JSON) into a tree, or explain what is wrong."""
    if raw is None or raw.strip() == "":
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            "The filter is not valid JSON.", errors=[FieldError("filter", str(exc), "invalid_json")]
        ) from exc
    except RecursionError as exc:  # `[[[[…` within the length limit: refuse, do not crash
        raise ValidationFailed(
            "The filter is nested too deeply.", errors=[FieldError("filter", "too deep", "too_deep")]
        ) from exc
    return validate_filter(data)


def validate_filter(data: Any) -> FilterNode:
    if _depth(data) > MAX_JSON_DEPTH:  # before pydantic recurses into it
        raise ValidationFailed(
            "The filter is nested too deeply.", errors=[FieldError("filter", "too deep", "too_deep")]
        )
    try:
        if isinstance(data, dict) and "field" in data:
            return Condition.model_validate(data)
        return Group.model_validate(data)
    except ValidationError as exc:
        errors = [
            FieldError("filter." + ".".join(str(p) for p in err["loc"]), err["msg"], err["type"])
            for err in exc.errors()
        ]
        raise ValidationFailed("The filter is not valid.", errors=errors) from exc


def _depth(data: Any) -> int:
    """How deeply JSON containers nest (iteratively: the input may be deeper than the stack)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _coerce(spec: FieldSpec, value: Any, path: str) -> Any:
    def bad(message: str) -> ValidationFailed:
        return ValidationFailed(
            f"Wrong value for filter field {spec.name!r}.",
            errors=[FieldError(path, message, "invalid_value")],
        )

    if value is None:
        raise bad("a value is required")
    try:
        match spec.type:
            case FieldType.string | FieldType.tags:
                if not isinstance(value, str) or len(value) > 500:
                    raise bad("expected text of at most 500 characters")
                if "\x00" in value or not _encodable(value):
                    raise bad("text may not hold NUL characters or lone surrogates")
                return value
            case FieldType.number:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise bad("expected a number")
                return value
            case FieldType.decimal:
                if isinstance(value, bool):
                    raise bad("expected a decimal number")
                return Decimal(str(value))
            case FieldType.date:
                return date.fromisoformat(str(value))
            case FieldType.datetime:
                return datetime.fromisoformat(str(value))
            case FieldType.boolean:
                if not isinstance(value, bool):
                    raise bad("expected true or false")
                return value
            case FieldType.uuid:
                return uuid.UUID(str(value))
            case FieldType.enum:
                if spec.choices is not None and value not in spec.choices:
                    raise bad(f"expected one of {', '.join(spec.choices)}")
                return value
    except (ValueError, InvalidOperation, TypeError) as exc:
        raise bad(f"cannot read {value!r} as {spec.type.value}") from exc
    raise bad("unsupported field type")  # pragma: no cover


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class FilterCompiler:
    def __init__(self, fields: dict[str, FieldSpec]) -> None:
        self.fields = fields
        self.count = 0

    def compile(self, node: FilterNode, path: str = "filter", depth: int = 0) -> ColumnElement[bool]:
        if depth > MAX_DEPTH:
            raise ValidationFailed("The filter is nested too deeply.", errors=[FieldError(path, "too deep")])
        if isinstance(node, Condition):
            self.count += 1
            if self.count > MAX_CONDITIONS:
                raise ValidationFailed(
                    f"A filter may hold at most {MAX_CONDITIONS} conditions.",
                    errors=[FieldError(path, "too many")],
                )
            return self._condition(node, path)
        parts: list[ColumnElement[bool]] = []
        given = [k for k in ("all_of", "any_of", "none_of") if getattr(node, k) is not None]
        if len(given) != 1:
            raise ValidationFailed(
                "A filter group needs exactly one of 'and', 'or', 'not'.",
                errors=[FieldError(path, "ambiguous group")],
            )
        if node.none_of is not None:
            # The complement: a row for which the condition is unknown (NULL: no city, no such
            # custom value) is "not" matching it, just as `ne` keeps rows with no value.
            inner = self.compile(node.none_of, f"{path}.not", depth + 1)
            return not_(func.coalesce(inner, false()))
        children = (node.all_of if node.all_of is not None else node.any_of) or []
        key = "and" if node.all_of is not None else "or"
        if not children:
            raise ValidationFailed(
                "A filter group may not be empty.", errors=[FieldError(f"{path}.{key}", "empty")]
            )
        for i, child in enumerate(children):
            parts.append(self.compile(child, f"{path}.{key}.{i}", depth + 1))
        return and_(*parts) if key == "and" else or_(*parts)

    def _condition(self, cond: Condition, path: str) -> ColumnElement[bool]:
        spec = self.fields.get(cond.field)
        if spec is None:
            known = ", ".join(sorted(self.fields))
            raise ValidationFailed(
                f"Unknown filter field {cond.field!r}.",
                errors=[
                    FieldError(f"{path}.field", f"unknown field; known fields: {known}", "unknown_field")
                ],
            )
        if cond.op not in OPERATORS[spec.type]:
            allowed = ", ".join(sorted(o.value for o in OPERATORS[spec.type]))
            raise ValidationFailed(
                f"Operator {cond.op.value!r} does not apply to {spec.name!r}.",
                errors=[FieldError(f"{path}.op", f"allowed operators: {allowed}", "invalid_operator")],
            )
        col = spec.column
        vpath = f"{path}.value"
        match cond.op:
            case Op.is_null:
                return col.is_(None)  # type: ignore[no-any-return]
            case Op.is_not_null:
                return col.is_not(None)  # type: ignore[no-any-return]
            case Op.in_ | Op.not_in:
                if not isinstance(cond.value, list) or not cond.value or len(cond.value) > MAX_IN_VALUES:
                    raise ValidationFailed(
                        "'in' takes a non-empty list.",
                        errors=[FieldError(vpath, f"expected a list of 1 to {MAX_IN_VALUES} values")],
                    )
                values = [_coerce(spec, v, f"{vpath}.{i}") for i, v in enumerate(cond.value)]
                # Typed as the column: left alone, SQLAlchemy types the list by its first value,
                # and on PostgreSQL `IN (20::INTEGER, 30.5::INTEGER)` never matches 30.5.
                bound = bindparam(None, values, expanding=True, type_=col.type)
                return col.in_(bound) if cond.op is Op.in_ else or_(col.not_in(bound), col.is_(None))
            case Op.between:
                if not isinstance(cond.value, list) or len(cond.value) != 2:
                    raise ValidationFailed(
                        "'between' takes [low, high].",
                        errors=[FieldError(vpath, "expected two values")],
                    )
                low, high = (_coerce(spec, v, f"{vpath}.{i}") for i, v in enumerate(cond.value))
                return col.between(low, high)  # type: ignore[no-any-return]
            case Op.has:
                return JsonArrayHas(col, _coerce(spec, cond.value, vpath))
        value = _coerce(spec, cond.value, vpath)
        match cond.op:
            case Op.eq:
                return col == value  # type: ignore[no-any-return]
            case Op.ne:
                return or_(col != value, col.is_(None))
            case Op.lt:
                return col < value  # type: ignore[no-any-return]
            case Op.lte:
                return col <= value  # type: ignore[no-any-return]
            case Op.gt:
                return col > value  # type: ignore[no-any-return]
            case Op.gte:
                return col >= value  # type: ignore[no-any-return]
            case Op.contains:
                return col.ilike(f"%{_like_escape(nfc(value))}%", escape="\\")  # type: ignore[no-any-return]
            case Op.starts_with:
                return col.ilike(f"{_like_escape(nfc(value))}%", escape="\\")  # type: ignore[no-any-return]
        return false()  # pragma: no cover


def compile_filter(node: FilterNode | None, fields: dict[str, FieldSpec]) -> ColumnElement[bool] | None:
    if node is None:
        return None
    return FilterCompiler(fields).compile(node)
