"""Orders: the rules. An order arrives from a source (a till, a web shop, a marketplace) with
its number in that source; the same number again from the same source is the same order (a
till retrying creates nothing twice). Its customer identifiers become a source record of the
person (identity resolution joins an existing person on a shared e-mail, phone or customer id).

Who sees an order: a role with orders access sees the orders of the people it may see (an
order with no person — an anonymous walk-in sale — only roles that see all people)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_currency_precision
from sqlalchemy import Select, String, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.bulk import BulkResult, run_bulk
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType, compile_filter, parse_filter
from sampark.core.pagination import Page, clamp_limit, fetch_page, parse_sort
from sampark.core.permissions import Action, Obj, Visibility
from sampark.core.records import ListParams
from sampark.core.timeline import Before, TimelineEntry, keyset
from sampark.identity import records as identity_records
from sampark.identity import service as identity
from sampark.identity.service import Key, Kind
from sampark.merges import service as merges
from sampark.orders.models import Order, OrderLine, Refund
from sampark.orders.schemas import (
    Channel,
    CustomerIn,
    OrderIn,
    OrderLineOut,
    OrderOut,
    OrderStatus,
    RefundIn,
    RefundOut,
)
from sampark.people import service as people
from sampark.sources import service as sources
from sampark.sources.service import SourceRef

OBJ = Obj.orders
BUILT_IN_SOURCE = "sampark"
ARRIVAL_STATUSES = (OrderStatus.placed, OrderStatus.paid, OrderStatus.cancelled)
QUANTITY_PLACES = 4


# --- access ---------------------------------------------------------------------------------------


def scoped(ctx: Ctx, stmt: Select[Any]) -> Select[Any]:
    """Narrow a statement over orders to those of people the caller may see."""
    ctx.require(OBJ, Action.read)
    if ctx.principal.grant(Obj.people).visibility is Visibility.all:
        return stmt
    return stmt.where(Order.person_id.in_(people.visible_ids(ctx)))


def _get(ctx: Ctx, order_id: uuid.UUID) -> Order:
    order = ctx.session.execute(scoped(ctx, select(Order).where(Order.id == order_id))).scalar_one_or_none()
    if order is None:
        raise NotFound("No such order.")
    return order  # type: ignore[no-any-return]


# --- output ---------------------------------------------------------------------------------------


def _places(currency: str) -> int:
    return int(get_currency_precision(currency))


def money(value: Decimal, currency: str) -> str:
    return format(value.quantize(Decimal(1).scaleb(-_places(currency))), "f")


def _quantity(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def to_out(session: Session, orders: list[Order]) -> list[OrderOut]:
    ids = [o.id for o in orders]
    lines: dict[uuid.UUID, list[OrderLine]] = {}
    refunds: dict[uuid.UUID, list[Refund]] = {}
    if ids:
        for line in session.scalars(
            select(OrderLine)
            .where(OrderLine.order_id.in_(ids))
            .order_by(OrderLine.order_id, OrderLine.position)
        ):
            lines.setdefault(line.order_id, []).append(line)
        for refund in session.scalars(
            select(Refund).where(Refund.order_id.in_(ids)).order_by(Refund.refunded_at, Refund.id)
        ):
            refunds.setdefault(refund.order_id, []).append(refund)
    names = sources.refs_by_id(session, {o.source_id for o in orders})
    out = []
    for o in orders:
        cur = o.currency
        out.append(
            OrderOut(
                id=o.id,
                source_id=o.source_id,
                source_name=names[o.source_id].name if o.source_id in names else None,
                order_number=o.source_key,
                person_id=o.person_id,
                customer=o.customer or {},
                placed_at=o.placed_at,
                channel=o.channel,
                store=o.store,
                currency=cur,
                total=money(o.total, cur),
                refunded_total=money(o.refunded_total, cur),
                status=o.status,
                lines=[
                    OrderLineOut(
                        sku=ln.sku,
                        name=ln.name,
                        quantity=_quantity(ln.quantity),
                        unit_price=money(ln.unit_price, cur),
                        line_total=money(ln.line_total, cur),
                    )
                    for ln in lines.get(o.id, [])
                ],
                refunds=[
                    RefundOut(
                        id=r.id,
                        amount=money(r.amount, cur),
                        reason=r.reason,
                        refunded_at=r.refunded_at,
                        created_at=r.created_at,
                    )
                    for r in refunds.get(o.id, [])
                ],
                created_at=o.created_at,
                updated_at=o.updated_at,
                version=o.version,
            )
        )
    return out


# --- checking what arrives --------------------------------------------------------------------------


def _decimal(raw: str, field: str, errors: list[FieldError]) -> Decimal | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors.append(FieldError(field, "not a decimal number", "invalid"))
        return None
    return value


def _checked_money(raw: str, currency: str, field: str, errors: list[FieldError]) -> Decimal | None:
    value = _decimal(raw, field, errors)
    if value is None:
        return None
    places = _places(currency)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        errors.append(
            FieldError(field, f"{currency} takes at most {places} decimal places", "too_many_decimal_places")
        )
        return None
    return value


def sum_of_lines(currency: str, lines: list[tuple[str, str]]) -> Decimal:
    """What (quantity, unit price) lines add up to, each rounded to the currency as
    `check_amounts` rounds it: for sources (files) that do not state the order's total."""
    step = Decimal(1).scaleb(-_places(currency))
    return sum(
        ((Decimal(q) * Decimal(p)).quantize(step, rounding=ROUND_HALF_EVEN) for q, p in lines), Decimal(0)
    )


def check_amounts(data: OrderIn) -> tuple[Decimal, list[dict[str, Any]]]:
    """The order's total and lines, checked: every money amount within the currency's places,
    each line's total = quantity × unit price (rounded to the currency), and the order's total =
    the sum of its lines. Every problem is reported at once, each naming its field."""
    errors: list[FieldError] = []
    step = Decimal(1).scaleb(-_places(data.currency))
    rows: list[dict[str, Any]] = []
    line_sum = Decimal(0)
    lines_ok = True
    for i, line in enumerate(data.lines):
        base = f"lines.{i}"
        quantity = _decimal(line.quantity, f"{base}.quantity", errors)
        if quantity is not None and (
            quantity <= 0 or quantity != quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES))
        ):
            errors.append(
                FieldError(
                    f"{base}.quantity", f"more than 0, at most {QUANTITY_PLACES} decimal places", "invalid"
                )
            )
            quantity = None
        price = _checked_money(line.unit_price, data.currency, f"{base}.unit_price", errors)
        if quantity is None or price is None:
            lines_ok = False
            continue
        computed = (quantity * price).quantize(step, rounding=ROUND_HALF_EVEN)
        if line.line_total is not None:
            sent = _checked_money(line.line_total, data.currency, f"{base}.line_total", errors)
            if sent is not None and sent != computed:
                errors.append(
                    FieldError(
                        f"{base}.line_total",
                        f"quantity × unit_price is {computed}; the line says {sent}",
                        "line_total_mismatch",
                    )
                )
                lines_ok = False
        line_sum += computed
        rows.append(
            {"position": i, "sku": line.sku or None, "name": line.name, "quantity": quantity,
             "unit_price": price, "line_total": computed}
        )  # fmt: skip
    total = _checked_money(data.total, data.currency, "total", errors)
    if total is not None and lines_ok and total != line_sum:
        errors.append(
            FieldError("total", f"the lines add up to {line_sum}; the total says {total}", "total_mismatch")
        )
    if data.status not in ARRIVAL_STATUSES:
        errors.append(FieldError("status", "an order arrives placed, paid or cancelled", "invalid"))
    if errors or total is None:
        raise ValidationFailed("The order does not add up.", errors=errors)
    return total, rows


def _customer(
    source: SourceRef, customer: CustomerIn
) -> tuple[identity_records.IncomingPerson | None, dict[str, Any]]:
    """The customer as a source record of a person (None when the order names nobody)."""
    errors: list[FieldError] = []
    email = identity.normalise(Kind.email, customer.email) if customer.email else None
    if customer.email and email is None:
        errors.append(FieldError("customer.email", "not an e-mail address", "invalid_email"))
    phone = identity.normalise(Kind.phone, customer.phone) if customer.phone else None
    if customer.phone and phone is None:
        errors.append(FieldError("customer.phone", "not a phone number", "invalid_phone"))
    external = identity.normalise(Kind.external_id, customer.external_id) if customer.external_id else None
    if errors:
        raise ValidationFailed("The customer's identifiers are not valid.", errors=errors)
    sent = {k: v for k, v in customer.model_dump().items() if v not in (None, "")}
    keys: list[Key] = []
    if email:
        keys.append((Kind.email.value, email))
    if phone:
        keys.append((Kind.phone.value, phone))
    if external:
        # A till's customer numbers are its own: "1042" at one shop is not "1042" at another.
        keys.append((Kind.external_id.value, f"{source.name}:{external}"))
    if not keys:
        return None, sent
    fields: dict[str, Any] = {"lead_source": source.name[:60]}
    if customer.name:
        fields["display_name"] = customer.name
    if email:
        fields["emails"] = [{"email": email, "primary": True}]
    if phone:
        fields["phones"] = [{"number": phone, "primary": True}]
    if not (customer.name or email or phone):
        fields["display_name"] = f"Customer {external}"[:200]
    key = f"customer:{external or email or phone}"
    return identity_records.IncomingPerson(source_key=key, fields=fields, keys=keys, payload=sent), sent


def _resolve_source(ctx: Ctx, name: str | None) -> SourceRef:
    if name is None or not name.strip():
        return sources.get_or_create(ctx.session, BUILT_IN_SOURCE, "crm", 50)
    found = sources.find_by_name(ctx.session, name.strip())
    if found is None:
        if name.strip() == BUILT_IN_SOURCE:
            return sources.get_or_create(ctx.session, BUILT_IN_SOURCE, "crm", 50)
        raise ValidationFailed(
            "Unknown source.",
            errors=[FieldError("source", "no registered source has this name", "unknown_source")],
        )
    return found


def _person_for(ctx: Ctx, source: SourceRef, incoming: identity_records.IncomingPerson) -> uuid.UUID:
    outcomes, bridges = identity_records.record_people(ctx.session, source, [incoming])
    person_id = outcomes[0].person_id
    survivors = merges.merge_bridges(ctx.session, bridges, source.name)
    return survivors.get(person_id, person_id)


# --- writes ---------------------------------------------------------------------------------------


def create_order(ctx: Ctx, data: OrderIn) -> tuple[OrderOut, bool]:
    """The order, and whether it is new: a source's order number again answers the stored order."""
    ctx.require(OBJ, Action.write)
    source = _resolve_source(ctx, data.source)
    existing = ctx.session.scalars(
        select(Order).where(Order.source_id == source.id, Order.source_key == data.order_number)
    ).one_or_none()
    if existing is not None:
        visible = ctx.session.execute(scoped(ctx, select(Order.id).where(Order.id == existing.id))).first()
        if visible is None:
            raise Conflict(
                "This source already sent an order with this number.",
                code="order_exists",
                errors=[FieldError("order_number", "taken in this source", "taken")],
            )
        return to_out(ctx.session, [existing])[0], False
    total, lines = check_amounts(data)
    incoming, sent = _customer(source, data.customer)
    person_id = _person_for(ctx, source, incoming) if incoming is not None else None
    order = Order(
        source_id=source.id,
        source_key=data.order_number,
        person_id=person_id,
        customer=sent,
        placed_at=as_utc(data.placed_at) if data.placed_at else utcnow(),
        channel=Channel(data.channel).value,
        store=data.store or None,
        currency=data.currency,
        total=total,
        refunded_total=Decimal(0),
        status=OrderStatus(data.status).value,
    )
    ctx.session.add(order)
    ctx.session.flush()
    ctx.session.add_all(OrderLine(order_id=order.id, **line) for line in lines)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        OBJ.value,
        order.id,
        {"source": source.name, "order_number": data.order_number, "person_id": person_id,
         "total": str(total), "currency": data.currency},
    )  # fmt: skip
    return to_out(ctx.session, [order])[0], True


def create_batch(ctx: Ctx, items: list[Any]) -> BulkResult[OrderOut]:
    """Up to 1,000 orders, each stored or refused on its own (errors name `items.N.field`)."""
    ctx.require(OBJ, Action.write)
    result = run_bulk(ctx, items, OrderIn, lambda item: create_order(ctx, item)[0])
    for entry in result.items:
        entry.errors = [
            FieldError(f"items.{entry.index}.{e['field']}", e["message"], e["code"]) for e in entry.errors
        ]
    return result


def refund(ctx: Ctx, order_id: uuid.UUID, data: RefundIn) -> OrderOut:
    ctx.require(OBJ, Action.write)
    order = _get(ctx, order_id)
    if order.status == OrderStatus.cancelled.value:
        raise Conflict("A cancelled order cannot be refunded.", code="cancelled")
    errors: list[FieldError] = []
    amount = _checked_money(data.amount, order.currency, "amount", errors)
    if errors or amount is None:
        raise ValidationFailed("The refund amount is not valid.", errors=errors)
    left = order.total - order.refunded_total
    if amount <= 0:
        raise ValidationFailed("Refund something.", errors=[FieldError("amount", "more than 0", "invalid")])
    if amount > left:
        raise ValidationFailed(
            "That is more than is left to refund.",
            errors=[
                FieldError("amount", f"at most {money(left, order.currency)} is left to refund", "too_much")
            ],
        )
    row = Refund(
        order_id=order.id,
        amount=amount,
        reason=data.reason or None,
        refunded_at=as_utc(data.refunded_at) if data.refunded_at else utcnow(),
        created_by=ctx.principal.user_id,
    )
    ctx.session.add(row)
    order.refunded_total = order.refunded_total + amount
    order.status = (
        OrderStatus.refunded.value
        if order.refunded_total >= order.total
        else OrderStatus.partially_refunded.value
    )
    ctx.session.flush()
    audit.record(
        ctx.session, ctx.principal, "refund", OBJ.value, order.id,
        {"amount": str(amount), "reason": row.reason, "status": order.status},
    )  # fmt: skip
    return to_out(ctx.session, [order])[0]


# --- reads ----------------------------------------------------------------------------------------


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    o = Order
    specs = [
        FieldSpec("id", o.id, FieldType.uuid, nullable=False),
        FieldSpec("order_number", o.source_key, FieldType.string, nullable=False),
        FieldSpec("source_id", o.source_id, FieldType.uuid, nullable=False),
        FieldSpec("person_id", o.person_id, FieldType.uuid),
        FieldSpec("channel", o.channel, FieldType.enum, nullable=False, choices=tuple(c.value for c in Channel)),
        FieldSpec("store", o.store, FieldType.string),
        FieldSpec("status", o.status, FieldType.enum, nullable=False, choices=tuple(s.value for s in OrderStatus)),
        FieldSpec("currency", o.currency, FieldType.string, nullable=False),
        FieldSpec("total", o.total, FieldType.decimal, sortable=True, nullable=False),
        FieldSpec("placed_at", o.placed_at, FieldType.datetime, sortable=True, nullable=False),
        FieldSpec("created_at", o.created_at, FieldType.datetime, sortable=True, nullable=False),
    ]  # fmt: skip
    return {s.name: s for s in specs}


def list_orders(ctx: Ctx, params: ListParams, person_id: uuid.UUID | None = None) -> Page[OrderOut]:
    """Orders the caller may see, newest first unless `sort` says otherwise; `q` finds order
    numbers (any part of one)."""
    ctx.require(OBJ, Action.read)
    if params.deleted:
        raise ValidationFailed(
            "Orders are not deleted; there is no trash to list.",
            errors=[FieldError("deleted", "not available for this list", "unsupported")],
        )
    spec = fields(ctx)
    limit = clamp_limit(params.limit)
    sort = parse_sort(params.sort, spec, "-placed_at")
    stmt = scoped(ctx, select(Order))
    if person_id is not None:
        stmt = stmt.where(Order.person_id == person_id)
    condition = compile_filter(parse_filter(params.filter), spec)
    if condition is not None:
        stmt = stmt.where(condition)
    q = (params.q or "").strip()
    if q:
        escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Order.source_key.ilike(f"%{escaped}%", escape="\\"))
    rows, next_cursor = fetch_page(ctx.session, stmt, sort, Order.id, params.cursor, limit)
    return Page[OrderOut](items=to_out(ctx.session, rows), next_cursor=next_cursor, limit=limit)


def get_order(ctx: Ctx, order_id: uuid.UUID) -> OrderOut:
    return to_out(ctx.session, [_get(ctx, order_id)])[0]


def person_orders(ctx: Ctx, person_id: uuid.UUID, params: ListParams) -> Page[OrderOut]:
    people.get_person(ctx, person_id)  # 404 unless the caller may see the person
    return list_orders(ctx, params, person_id)


# --- for the person timeline and traits -------------------------------------------------------------


def timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    """The person's newest orders before `before` (the caller has checked the person)."""
    if not ctx.principal.can(OBJ, Action.read):
        return []
    rows = ctx.session.scalars(
        select(Order)
        .where(Order.person_id == person_id, keyset(Order.placed_at, Order.id, before))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            "order",
            o.id,
            o.placed_at,
            f"Order {o.source_key}",
            f"{money(o.total, o.currency)} {o.currency} · {o.channel}" + (f" · {o.store}" if o.store else ""),
            {
                "order_id": str(o.id),
                "order_number": o.source_key,
                "total": money(o.total, o.currency),
                "currency": o.currency,
                "channel": o.channel,
                "store": o.store,
                "status": o.status,
            },
        )
        for o in rows
    ]


def refund_timeline_rows(ctx: Ctx, person_id: uuid.UUID, before: Before, limit: int) -> list[TimelineEntry]:
    if not ctx.principal.can(OBJ, Action.read):
        return []
    rows = ctx.session.execute(
        select(Refund, Order.source_key, Order.currency)
        .join(Order, Order.id == Refund.order_id)
        .where(Order.person_id == person_id, keyset(Refund.refunded_at, Refund.id, before))
        .order_by(Refund.refunded_at.desc(), Refund.id.desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            "refund",
            r.id,
            r.refunded_at,
            f"Refund on order {number}",
            f"{money(r.amount, currency)} {currency}" + (f" · {r.reason}" if r.reason else ""),
            {
                "order_id": str(r.order_id),
                "order_number": number,
                "amount": money(r.amount, currency),
                "currency": currency,
                "reason": r.reason,
            },
        )
        for r, number, currency in rows
    ]


def people_last_ordered_between(start: datetime, end: datetime) -> Select[Any]:
    """Ids of the people whose latest order was placed in [start, end): for rules such as
    "30 days after the last order" (workflows' `last_order_at`)."""
    latest = func.max(Order.placed_at)
    return (
        select(Order.person_id)
        .where(Order.person_id.is_not(None), Order.status != OrderStatus.cancelled.value)
        .group_by(Order.person_id)
        .having(latest >= start, latest < end)
    )


@dataclass(frozen=True)
class OrderStats:
    count: int
    first_at: datetime | None
    last_at: datetime | None
    spend: dict[str, Decimal]  # net of refunds, per currency
    channels: dict[str, int]


def stats(session: Session, person_id: uuid.UUID) -> OrderStats:
    """A person's orders in figures (cancelled orders do not count)."""
    live = (Order.person_id == person_id, Order.status != OrderStatus.cancelled.value)
    rows = session.execute(
        select(Order.currency, Order.channel, func.count(), func.sum(Order.total - Order.refunded_total),
               func.min(Order.placed_at), func.max(Order.placed_at))
        .where(*live)
        .group_by(Order.currency, Order.channel)
    ).all()  # fmt: skip
    spend: dict[str, Decimal] = {}
    channels: dict[str, int] = {}
    firsts: list[datetime] = []
    lasts: list[datetime] = []
    count = 0
    for currency, channel, n, total, first, last in rows:
        count += n
        spend[currency] = spend.get(currency, Decimal(0)) + Decimal(str(total or 0))
        channels[channel] = channels.get(channel, 0) + n
        firsts.append(as_utc(_dt(first)))
        lasts.append(as_utc(_dt(last)))
    return OrderStats(count, min(firsts, default=None), max(lasts, default=None), spend, channels)


def _dt(value: Any) -> datetime:
    """An aggregate's datetime: SQLite hands MIN/MAX back as text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def rfm_population(session: Session, currency: str | None) -> dict[str, Any]:
    """Quintile boundaries of recency (last order time), frequency (orders) and monetary (net
    spend in `currency`) over every person with orders, in one SQL statement (NTILE windows)."""
    net = Order.total - Order.refunded_total
    per = (
        select(
            Order.person_id.label("pid"),
            func.max(Order.placed_at).label("last"),
            func.count().label("n"),
            func.sum(case((Order.currency == currency, net), else_=0)).label("m"),
        )
        .where(Order.person_id.is_not(None), Order.status != OrderStatus.cancelled.value)
        .group_by(Order.person_id)
        .cte("per")
    )
    tiles = select(
        per.c.last, per.c.n, per.c.m,
        func.ntile(5).over(order_by=per.c.last).label("rt"),
        func.ntile(5).over(order_by=per.c.n).label("ft"),
        func.ntile(5).over(order_by=per.c.m).label("mt"),
    ).cte("tiles")  # fmt: skip
    parts = [
        select(
            literal("r").label("k"), tiles.c.rt.label("t"), cast(func.max(tiles.c.last), String).label("v")
        ).group_by(tiles.c.rt),
        select(literal("f"), tiles.c.ft, cast(func.max(tiles.c.n), String)).group_by(tiles.c.ft),
        select(literal("m"), tiles.c.mt, cast(func.max(tiles.c.m), String)).group_by(tiles.c.mt),
        select(literal("p"), literal(0), cast(func.count(), String)).select_from(per),
    ]
    out: dict[str, Any] = {"r": {}, "f": {}, "m": {}, "p": 0}
    for kind, tile, value in session.execute(union_all(*parts)).all():
        if kind == "p":
            out["p"] = int(value or 0)
        else:
            out[kind][int(tile)] = value
    return out


def main_currency(session: Session) -> str | None:
    """The currency most orders are in (what RFM's monetary score is measured in)."""
    row = session.execute(
        select(Order.currency).group_by(Order.currency).order_by(func.count().desc()).limit(1)
    ).first()
    return row[0] if row else None


def net_spend(session: Session, person_ids: set[uuid.UUID], currency: str) -> dict[uuid.UUID, Decimal]:
    """Each person's lifetime spend in `currency`, net of refunds (cancelled orders do not
    count): one grouped statement for many people (the service desk's customer tiers)."""
    out: dict[uuid.UUID, Decimal] = {}
    ids = sorted(person_ids, key=str)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Order.person_id, func.sum(Order.total - Order.refunded_total))
            .where(
                Order.person_id.in_(ids[start : start + 500]),
                Order.currency == currency,
                Order.status != OrderStatus.cancelled.value,
            )
            .group_by(Order.person_id)
        ).all()
        out.update({pid: Decimal(str(total or 0)) for pid, total in rows if pid is not None})
    return out
