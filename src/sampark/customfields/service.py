"""Admin-defined fields: definitions, validation of values on every write, and how each
field is filtered and sorted (`cf.<key>` in the filter language)."""

from __future__ import annotations

import math
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_currency_precision, list_currencies
from sqlalchemy import Date, Numeric, cast, select, type_coerce
from sqlalchemy.orm import Session

from sampark.core import audit, memo
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version
from sampark.core.text import clean_text
from sampark.customfields.models import CustomField
from sampark.customfields.schemas import (
    CustomFieldCreate,
    CustomFieldOut,
    CustomFieldUpdate,
    FieldKind,
)

MAX_TEXT = 2000
CURRENCIES = frozenset(list_currencies())


def definitions(session: Session, object_type: str) -> list[CustomField]:
    def read() -> tuple[CustomField, ...]:
        return tuple(
            session.scalars(
                select(CustomField)
                .where(CustomField.object_type == object_type)
                .order_by(CustomField.position, CustomField.key)
            )
        )

    return list(memo.cached(session, ("custom_fields.definitions", object_type), read))


def _bad(key: str, message: str) -> FieldError:
    return FieldError(f"custom_fields.{key}", message, "invalid_custom_field")


def _value(field: CustomField, raw: Any) -> tuple[Any, str | None]:
    """The stored form of one value, or an error message."""
    kind = FieldKind(field.type)
    if kind is FieldKind.text:
        if not isinstance(raw, str):
            return None, "expected text"
        text = clean_text(raw)
        return (text, None) if len(text) <= MAX_TEXT else (None, f"at most {MAX_TEXT} characters")
    if kind is FieldKind.number:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            return None, "expected a number"
        return raw, None
    if kind is FieldKind.money:
        if not isinstance(raw, dict) or set(raw) != {"amount", "currency"}:
            return None, 'expected {"amount": "123.45", "currency": "BDT"}'
        currency = str(raw["currency"]).upper()
        if currency not in CURRENCIES:
            return None, "unknown ISO 4217 currency"
        try:
            amount = Decimal(str(raw["amount"]))
        except InvalidOperation:
            return None, "amount is not a decimal number"
        if not amount.is_finite() or abs(amount) >= Decimal(10) ** 14:
            return None, "amount out of range"
        places = get_currency_precision(currency)
        if amount != amount.quantize(Decimal(1).scaleb(-places)):
            return None, f"{currency} takes at most {places} decimal places"
        return {"amount": str(amount), "currency": currency}, None
    if kind is FieldKind.date:
        try:
            return date.fromisoformat(str(raw)).isoformat(), None
        except ValueError:
            return None, "expected a date as YYYY-MM-DD"
    if kind is FieldKind.boolean:
        return (raw, None) if isinstance(raw, bool) else (None, "expected true or false")
    if kind is FieldKind.select:
        return (raw, None) if raw in field.options else (None, f"expected one of: {', '.join(field.options)}")
    if not isinstance(raw, list) or any(v not in field.options for v in raw):
        return None, f"expected a list of: {', '.join(field.options)}"
    return sorted(set(raw), key=field.options.index), None


def validate_values(
    session: Session,
    object_type: str,
    incoming: dict[str, Any],
    existing: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge `incoming` onto `existing` (None deletes a value) and check every value and
    every required field. Raises ValidationFailed naming each bad `custom_fields.<key>`."""
    fields = {f.key: f for f in definitions(session, object_type)}
    merged = {k: v for k, v in (existing or {}).items() if k in fields}
    errors: list[FieldError] = []
    for key, raw in incoming.items():
        field = fields.get(key)
        if field is None:
            errors.append(_bad(key, "no such custom field"))
            continue
        if raw is None:
            merged.pop(key, None)
            continue
        value, problem = _value(field, raw)
        if problem:
            errors.append(_bad(key, problem))
        else:
            merged[key] = value
    for key, field in fields.items():
        if field.required and merged.get(key) in (None, "", []):
            errors.append(_bad(key, "required"))
    if errors:
        raise ValidationFailed("Some custom field values are not valid.", errors=errors)
    return merged


def filter_specs(session: Session, object_type: str, column: Any, dialect: str) -> dict[str, FieldSpec]:
    """`cf.<key>` fields for the filter language and sorting."""
    specs: dict[str, FieldSpec] = {}
    for field in definitions(session, object_type):
        kind = FieldKind(field.type)
        element = column[field.key]
        name = f"cf.{field.key}"
        match kind:
            case FieldKind.text:
                spec = FieldSpec(
                    name, element.as_string(), FieldType.string, sortable=True, label=field.label
                )
            case FieldKind.select:
                spec = FieldSpec(
                    name,
                    element.as_string(),
                    FieldType.enum,
                    sortable=True,
                    choices=tuple(field.options),
                    label=field.label,
                )
            case FieldKind.number:
                spec = FieldSpec(name, element.as_float(), FieldType.number, sortable=True, label=field.label)
            case FieldKind.money:
                amount = column[(field.key, "amount")].as_string()
                spec = FieldSpec(
                    name,
                    cast(amount, Numeric(18, 4)),
                    FieldType.decimal,
                    sortable=True,
                    label=field.label,
                )
            case FieldKind.date:
                text = element.as_string()
                expr = type_coerce(text, Date) if dialect == "sqlite" else cast(text, Date)
                spec = FieldSpec(name, expr, FieldType.date, sortable=True, label=field.label)
            case FieldKind.boolean:
                spec = FieldSpec(
                    name, element.as_boolean(), FieldType.boolean, sortable=True, label=field.label
                )
            case FieldKind.multiselect:
                spec = FieldSpec(name, element, FieldType.tags, label=field.label)
        specs[name] = spec
    return specs


# --- definitions API ----------------------------------------------------------------------


def _check_options(kind: FieldKind, options: list[str]) -> None:
    if kind in (FieldKind.select, FieldKind.multiselect) and not options:
        raise ValidationFailed(
            "Select fields need options.", errors=[FieldError("options", "at least one option")]
        )
    if len(set(options)) != len(options):
        raise ValidationFailed("Options must be unique.", errors=[FieldError("options", "duplicate option")])


def list_fields(ctx: Ctx, object_type: str | None) -> list[CustomFieldOut]:
    ctx.require(Obj.custom_fields, Action.read)
    stmt = select(CustomField).order_by(CustomField.object_type, CustomField.position, CustomField.key)
    if object_type:
        stmt = stmt.where(CustomField.object_type == object_type)
    return [CustomFieldOut.model_validate(f) for f in ctx.session.scalars(stmt)]


def _get(ctx: Ctx, field_id: uuid.UUID) -> CustomField:
    field = ctx.session.get(CustomField, field_id)
    if field is None:
        raise NotFound("No such custom field.")
    return field


def create_field(ctx: Ctx, data: CustomFieldCreate) -> CustomFieldOut:
    ctx.require(Obj.custom_fields, Action.write)
    _check_options(data.type, data.options)
    exists = ctx.session.scalars(
        select(CustomField.id).where(CustomField.object_type == data.object_type, CustomField.key == data.key)
    ).first()
    if exists:
        raise Conflict(
            "That key is taken for this object.",
            code="key_taken",
            errors=[FieldError("key", "taken")],
        )
    field = CustomField(**data.model_dump(mode="json"))
    ctx.session.add(field)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        "custom_fields",
        field.id,
        data.model_dump(mode="json"),
    )
    return CustomFieldOut.model_validate(field)


def update_field(ctx: Ctx, field_id: uuid.UUID, data: CustomFieldUpdate, version: int) -> CustomFieldOut:
    ctx.require(Obj.custom_fields, Action.write)
    field = _get(ctx, field_id)
    check_version(field, version, lambda: CustomFieldOut.model_validate(field))
    changes = data.model_dump(exclude_unset=True)
    if "options" in changes and changes["options"] is not None:
        _check_options(FieldKind(field.type), changes["options"])
    before = {k: getattr(field, k) for k in changes}
    for key, value in changes.items():
        if value is not None or key == "description":
            setattr(field, key, value)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "custom_fields",
        field.id,
        audit.diff(before, {k: getattr(field, k) for k in changes}),
    )
    return CustomFieldOut.model_validate(field)


def delete_field(ctx: Ctx, field_id: uuid.UUID) -> None:
    ctx.require(Obj.custom_fields, Action.delete)
    field = _get(ctx, field_id)
    ctx.session.delete(field)
    audit.record(ctx.session, ctx.principal, "delete", "custom_fields", field_id, {"key": field.key})
