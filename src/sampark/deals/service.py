"""Deals: the rules for creating, changing, moving, closing, listing and summarising them."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import get_currency_precision, get_territory_currencies
from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.companies import service as companies
from sampark.core import audit, records
from sampark.core.bulk import BulkResult, BulkUpdateItem, run_bulk
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.ids import new_id
from sampark.core.pagination import Page
from sampark.core.permissions import Action, Obj, Visibility
from sampark.core.records import (
    ListParams,
    check_owner,
    check_version,
    get_visible,
    list_records,
    update_audited,
)
from sampark.core.search import build_search_text
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.customfields import service as custom_fields
from sampark.deals import pipelines
from sampark.deals.models import Deal, DealStageChange, Stage
from sampark.deals.schemas import (
    DealCreate,
    DealOut,
    DealStatus,
    DealUpdate,
    StageChangeOut,
)
from sampark.people import service as people
from sampark.settings import get_settings
from sampark.users import service as users

OBJ = Obj.deals
AUDITED = (
    "name", "pipeline_id", "stage_id", "status", "lost_reason", "amount", "currency",
    "expected_close_date", "closed_at", "owner_id", "person_id", "company_id", "tags", "custom_fields",
)  # fmt: skip
CLOSED = (DealStatus.won.value, DealStatus.lost.value)
STORED_PLACES = Decimal("0.0001")  # the column's scale: every stored amount carries it
MAX_AMOUNT = Decimal(10) ** 14


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    """Filterable and sortable fields, custom ones included as `cf.<key>`."""
    d = Deal
    specs = [
        FieldSpec("id", d.id, FieldType.uuid, sortable=True, nullable=False),
        FieldSpec("name", d.name, FieldType.string, sortable=True, nullable=False),
        FieldSpec("pipeline_id", d.pipeline_id, FieldType.uuid, nullable=False),
        FieldSpec("stage_id", d.stage_id, FieldType.uuid, nullable=False),
        FieldSpec("status", d.status, FieldType.enum, nullable=False,
                  choices=tuple(s.value for s in DealStatus)),
        FieldSpec("lost_reason", d.lost_reason, FieldType.string),
        FieldSpec("amount", d.amount, FieldType.decimal, sortable=True),
        FieldSpec("currency", d.currency, FieldType.string, nullable=False),
        FieldSpec("expected_close_date", d.expected_close_date, FieldType.date, sortable=True),
        FieldSpec("closed_at", d.closed_at, FieldType.datetime, sortable=True),
        FieldSpec("stage_entered_at", d.stage_entered_at, FieldType.datetime, sortable=True, nullable=False),
        FieldSpec("owner_id", d.owner_id, FieldType.uuid),
        FieldSpec("person_id", d.person_id, FieldType.uuid),
        FieldSpec("company_id", d.company_id, FieldType.uuid),
        FieldSpec("tags", d.tags, FieldType.tags),
        FieldSpec("created_at", d.created_at, FieldType.datetime, sortable=True, index="ix_deals_created_at", nullable=False),
        FieldSpec("updated_at", d.updated_at, FieldType.datetime, sortable=True, index="ix_deals_updated_at", nullable=False),
    ]  # fmt: skip
    out = {s.name: s for s in specs}
    dialect = ctx.session.get_bind().dialect.name
    out.update(custom_fields.filter_specs(ctx.session, "deals", d.custom_fields, dialect))
    return out


@lru_cache
def default_currency() -> str:
    """The default region's currency (BD → BDT), for deals created without one."""
    found = get_territory_currencies(get_settings().default_region)
    return found[0] if found else "USD"


def format_amount(amount: Decimal | None, currency: str) -> str | None:
    if amount is None:
        return None
    return str(amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency))))


def _amount(raw: str | Decimal | None, currency: str, field: str) -> Decimal | None:
    """Checked against the currency's decimal places (BDT 2, JPY 0, KWD 3)."""
    if raw is None:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the schema lets only decimals through
        raise ValidationFailed("Not a decimal number.", errors=[FieldError(field, "not a number")]) from exc
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise ValidationFailed(
            "Amount out of range.", errors=[FieldError(field, "0 to 10^14", "out_of_range")]
        )
    places = get_currency_precision(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        message = f"{currency} takes at most {places} decimal places"
        if field == "currency":
            message += f"; the amount {format(amount.normalize(), 'f')} has more"
        raise ValidationFailed(message + ".", errors=[FieldError(field, message, "too_many_decimal_places")])
    return amount.quantize(STORED_PLACES)


def to_out(session: Session, rows: list[Deal]) -> list[DealOut]:
    stage_ids = {r.stage_id for r in rows}
    rotting_days: dict[uuid.UUID, int | None] = {}
    if stage_ids:
        stmt = select(Stage.id, Stage.rotting_days).where(Stage.id.in_(stage_ids))
        rotting_days = dict(session.execute(stmt).all())
    now = utcnow()
    out = []
    for deal in rows:
        days = rotting_days.get(deal.stage_id)
        rotting = bool(
            deal.status == DealStatus.open.value
            and days
            and now - as_utc(deal.stage_entered_at) > timedelta(days=days)
        )
        out.append(
            DealOut(
                id=deal.id, name=deal.name, pipeline_id=deal.pipeline_id, stage_id=deal.stage_id,
                status=DealStatus(deal.status), lost_reason=deal.lost_reason,
                amount=format_amount(deal.amount, deal.currency), currency=deal.currency,
                expected_close_date=deal.expected_close_date, closed_at=deal.closed_at,
                stage_entered_at=deal.stage_entered_at, is_rotting=rotting, owner_id=deal.owner_id,
                person_id=deal.person_id, company_id=deal.company_id, tags=deal.tags,
                custom_fields=deal.custom_fields, created_at=deal.created_at, updated_at=deal.updated_at,
                version=deal.version,
            )
        )  # fmt: skip
    return out


def _one(ctx: Ctx, deal: Deal) -> DealOut:
    return to_out(ctx.session, [deal])[0]


def _check_links(ctx: Ctx, values: dict[str, Any]) -> None:
    owner_id = values.get("owner_id")
    if (
        "owner_id" in values
        and owner_id is None
        and ctx.principal.grant(OBJ).visibility is not Visibility.all
    ):
        raise ValidationFailed(
            "Only users who see every deal may leave one without an owner.",
            errors=[FieldError("owner_id", "required: you would no longer see it", "owner_required")],
        )
    if owner_id is not None:
        check_owner(ctx, OBJ, owner_id, users.existing_user_ids(ctx.session, {owner_id}))
    person_id = values.get("person_id")
    if person_id is not None and not people.is_visible(ctx, person_id):
        raise ValidationFailed(
            "Unknown person.", errors=[FieldError("person_id", "no such person", "unknown")]
        )
    company_id = values.get("company_id")
    if company_id is not None and not companies.is_visible(ctx, company_id):
        raise ValidationFailed(
            "Unknown company.", errors=[FieldError("company_id", "no such company", "unknown")]
        )


def _lost_reason(status: str, reason: str | None, sent: bool) -> str | None:
    """Lost deals need a reason; other deals carry none."""
    if status == DealStatus.lost.value:
        if not reason:
            raise ValidationFailed(
                "Say why the deal was lost.",
                errors=[FieldError("lost_reason", "required when status is lost", "required")],
            )
        return reason
    if sent and reason:
        raise ValidationFailed(
            "Only lost deals have a lost reason.",
            errors=[FieldError("lost_reason", "only for lost deals", "not_lost")],
        )
    return None


def _values(data: DealCreate | DealUpdate, *, partial: bool) -> dict[str, Any]:
    raw = data.model_dump(exclude_unset=partial, exclude={"id", "custom_fields"})
    for key in ("name", "pipeline_id", "stage_id", "status", "currency"):
        if partial and key in raw and raw[key] is None:
            raise ValidationFailed(f"{key} may not be null.", errors=[FieldError(key, "may not be null")])
    if raw.get("status") is not None:
        raw["status"] = DealStatus(raw["status"]).value
    if "tags" in raw:
        raw["tags"] = list(dict.fromkeys(raw["tags"] or []))
    return raw


def _enter_stage(ctx: Ctx, deal: Deal, stage: Stage) -> None:
    """Move the deal and record the move with the time spent in the stage it leaves."""
    now = utcnow()
    ctx.session.add(
        DealStageChange(
            deal_id=deal.id,
            from_stage_id=deal.stage_id,
            to_stage_id=stage.id,
            changed_at=now,
            changed_by_id=ctx.principal.user_id,
            seconds_in_previous_stage=int((now - as_utc(deal.stage_entered_at)).total_seconds()),
        )
    )
    deal.pipeline_id, deal.stage_id, deal.stage_entered_at = stage.pipeline_id, stage.id, now


def get_deal(ctx: Ctx, deal_id: uuid.UUID) -> DealOut:
    return _one(ctx, get_visible(ctx, Deal, OBJ, deal_id, label="deal"))


def list_deals(ctx: Ctx, params: ListParams) -> Page[DealOut]:
    if params.deleted:
        raise ValidationFailed(
            "Deleted deals are gone for good; there is no list of them.",
            errors=[FieldError("deleted", "not available for deals")],
        )
    return list_records(ctx, Deal, OBJ, params, fields(ctx), lambda rows: to_out(ctx.session, rows))


def is_visible(ctx: Ctx, deal_id: uuid.UUID) -> bool:
    """For other domains linking to a deal: may this caller see it?"""
    return records.is_visible(ctx, Deal, OBJ, deal_id)


def create_deal(ctx: Ctx, data: DealCreate) -> DealOut:
    ctx.require(OBJ, Action.write)
    values = _values(data, partial=False)
    values["owner_id"] = values.get("owner_id") or ctx.principal.user_id
    _check_links(ctx, values)
    stage = pipelines.resolve_stage(ctx.session, values.pop("pipeline_id"), values.pop("stage_id"))
    values["currency"] = values.get("currency") or default_currency()
    values["amount"] = _amount(values.get("amount"), values["currency"], "amount")
    values["lost_reason"] = _lost_reason(values["status"], values.get("lost_reason"), sent=True)
    values["custom_fields"] = custom_fields.validate_values(ctx.session, "deals", data.custom_fields)
    if data.id is not None and ctx.session.get(Deal, data.id) is not None:
        raise Conflict("A record with this id exists.", code="id_taken", errors=[FieldError("id", "taken")])
    now = utcnow()
    deal = Deal(**values, id=data.id or new_id(), pipeline_id=stage.pipeline_id, stage_id=stage.id)
    deal.stage_entered_at = now
    deal.closed_at = now if deal.status in CLOSED else None
    deal.search_text = build_search_text(deal.name)
    ctx.session.add(deal)
    ctx.session.flush()
    ctx.session.add(
        DealStageChange(
            deal_id=deal.id, to_stage_id=stage.id, changed_at=now, changed_by_id=ctx.principal.user_id
        )
    )
    ctx.session.flush()
    summary = {"name": deal.name, "stage_id": deal.stage_id, "status": deal.status, "amount": deal.amount}
    audit.record(ctx.session, ctx.principal, "create", OBJ.value, deal.id, summary)
    return _one(ctx, deal)


def update_deal(ctx: Ctx, deal_id: uuid.UUID, data: DealUpdate, version: int) -> DealOut:
    ctx.require(OBJ, Action.write)
    deal = get_visible(ctx, Deal, OBJ, deal_id, label="deal")
    check_version(deal, version, lambda: _one(ctx, deal))
    values = _values(data, partial=True)
    _check_links(ctx, values)
    pipeline_id = values.pop("pipeline_id", deal.pipeline_id)
    stage_id = values.pop("stage_id", None)
    stage = None
    if stage_id is not None or pipeline_id != deal.pipeline_id:
        stage = pipelines.resolve_stage(ctx.session, pipeline_id, stage_id)
    currency = values.get("currency", deal.currency)
    if "amount" in values:
        values["amount"] = _amount(values["amount"], currency, "amount")
    elif "currency" in values:
        _amount(deal.amount, currency, "currency")
    status = values.get("status", deal.status)
    sent_reason = values.get("lost_reason")
    values["lost_reason"] = _lost_reason(
        status, sent_reason if "lost_reason" in values else deal.lost_reason, sent=bool(sent_reason)
    )
    if data.custom_fields is not None:
        values["custom_fields"] = custom_fields.validate_values(
            ctx.session, "deals", data.custom_fields, deal.custom_fields
        )

    def mutate() -> None:
        if status != deal.status:
            deal.closed_at = utcnow() if status in CLOSED else None
        for key, value in values.items():
            setattr(deal, key, value)
        if stage is not None and stage.id != deal.stage_id:
            _enter_stage(ctx, deal, stage)
        deal.search_text = build_search_text(deal.name)

    update_audited(ctx, deal, AUDITED, OBJ, mutate)
    return _one(ctx, deal)


def move_deal(ctx: Ctx, deal_id: uuid.UUID, stage_id: uuid.UUID, version: int | None) -> DealOut:
    """Move to another stage of the deal's pipeline (the board's drag and drop)."""
    ctx.require(OBJ, Action.write)
    deal = get_visible(ctx, Deal, OBJ, deal_id, label="deal")
    if version is not None:
        check_version(deal, version, lambda: _one(ctx, deal))
    stage = pipelines.resolve_stage(ctx.session, deal.pipeline_id, stage_id)
    if stage.id != deal.stage_id:
        update_audited(ctx, deal, AUDITED, OBJ, lambda: _enter_stage(ctx, deal, stage))
    return _one(ctx, deal)


def stage_history(ctx: Ctx, deal_id: uuid.UUID) -> list[StageChangeOut]:
    deal = get_visible(ctx, Deal, OBJ, deal_id, label="deal")
    rows = ctx.session.scalars(
        select(DealStageChange)
        .where(DealStageChange.deal_id == deal.id)
        .order_by(DealStageChange.changed_at, DealStageChange.id)
    ).all()
    ids = {i for r in rows for i in (r.from_stage_id, r.to_stage_id) if i is not None}
    names = dict(ctx.session.execute(select(Stage.id, Stage.name).where(Stage.id.in_(ids))).all())
    return [
        StageChangeOut(
            id=r.id,
            deal_id=r.deal_id,
            from_stage_id=r.from_stage_id,
            from_stage_name=names.get(r.from_stage_id) if r.from_stage_id else None,
            to_stage_id=r.to_stage_id,
            to_stage_name=names.get(r.to_stage_id) if r.to_stage_id else None,
            changed_at=r.changed_at,
            changed_by_id=r.changed_by_id,
            seconds_in_previous_stage=r.seconds_in_previous_stage,
        )
        for r in rows
    ]


def delete_deal(ctx: Ctx, deal_id: uuid.UUID) -> None:
    """Deals have no bin: deleting is permanent (and takes the deal's stage history with it)."""
    deal = get_visible(ctx, Deal, OBJ, deal_id, label="deal")
    ctx.require(OBJ, Action.delete)
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, deal.id, {"name": deal.name})
    ctx.session.delete(deal)
    ctx.session.flush()


def bulk_create(ctx: Ctx, items: list[Any]) -> BulkResult[DealOut]:
    ctx.require(OBJ, Action.write)
    return run_bulk(ctx, items, DealCreate, lambda item: create_deal(ctx, item))


def bulk_update(ctx: Ctx, items: list[Any]) -> BulkResult[DealOut]:
    ctx.require(OBJ, Action.write)
    return run_bulk(
        ctx,
        items,
        BulkUpdateItem[DealUpdate],
        lambda item: update_deal(ctx, item.id, item.changes, item.version),
    )


def timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    """The person's newest deals (by when they were opened) the caller may see, before `before`."""
    if not ctx.principal.can(OBJ, Action.read):
        return []
    rows = ctx.session.scalars(
        records.visible_statement(ctx, Deal, OBJ)
        .where(Deal.person_id == person_id, keyset(Deal.created_at, Deal.id, before))
        .order_by(Deal.created_at.desc(), Deal.id.desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            "deal",
            d.id,
            d.created_at,
            d.name,
            " ".join(
                x
                for x in (format_amount(d.amount, d.currency), d.currency if d.amount else None, d.status)
                if x
            ),
            {
                "deal_id": str(d.id),
                "status": d.status,
                "amount": format_amount(d.amount, d.currency),
                "currency": d.currency,
            },
        )
        for d in rows
    ]


# --- for the morning digest (background work: no caller) -------------------------------------


def closing_of(session: Session, owner_id: uuid.UUID, first: Any, last: Any, limit: int = 200) -> list[Deal]:
    """A user's open deals expected to close between the dates `first` and `last`, inclusive."""
    stmt = (
        select(Deal)
        .where(
            Deal.owner_id == owner_id,
            Deal.status == "open",
            Deal.expected_close_date >= first,
            Deal.expected_close_date <= last,
        )
        .order_by(Deal.expected_close_date, Deal.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))
