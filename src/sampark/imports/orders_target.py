"""Orders from a file: one row per order line; consecutive rows with the same order number
make one order. Each order is written through the orders service (the same checks as the API:
lines add up, the customer's identifiers resolve to a person) in a savepoint of its own, so a
bad order is reported on each of its rows and the rest of the batch goes in. An order number
the source already sent is answered by the stored order, which makes a resumed import safe."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import AppError
from sampark.core.permissions import Principal, Role
from sampark.core.text import ascii_digits, clean_text
from sampark.imports.targets import BatchResult, MappedRow
from sampark.settings import get_settings
from sampark.sources.service import SourceRef

_DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
)  # fmt: skip  (day first: how Bangladesh and India write dates)
_STATUSES = {"paid": "paid", "completed": "paid", "complete": "paid", "delivered": "paid",
             "fulfilled": "paid", "closed": "paid", "won": "paid", "placed": "placed", "pending": "placed",
             "open": "placed", "new": "placed", "processing": "placed", "cancelled": "cancelled",
             "canceled": "cancelled", "void": "cancelled", "voided": "cancelled"}  # fmt: skip
_CHANNELS = {"store": "store", "shop": "store", "pos": "store", "retail": "store", "instore": "store",
             "web": "web", "online": "web", "website": "web", "ecommerce": "web", "app": "app",
             "mobile": "app", "phone": "phone", "call": "phone", "marketplace": "marketplace",
             "daraz": "marketplace", "amazon": "marketplace", "flipkart": "marketplace"}  # fmt: skip
_AMOUNT_CELLS = (
    ("quantity", "quantity", "1"),
    ("unit_price", "unit_price", None),
    ("line_total", "line_total", None),
)
# OrderIn field → the import field a person mapped to it, for naming the column in an error.
_FIELD_OF = {
    "order_number": "order_number", "placed_at": "placed_at", "channel": "channel", "store": "store",
    "currency": "currency", "total": "order_total", "status": "status", "customer.email": "customer_email",
    "customer.phone": "customer_phone", "customer.external_id": "customer_external_id",
    "customer.name": "customer_name", "sku": "sku", "name": "product", "quantity": "quantity",
    "unit_price": "unit_price", "line_total": "line_total",
}  # fmt: skip


@cache
def _zone() -> ZoneInfo:
    """The default region's time zone, for order times written without one."""
    from babel.core import get_global

    zones = get_global("territory_zones").get(get_settings().default_region, ["UTC"])
    return ZoneInfo(zones[0])


def parse_time(raw: str) -> datetime:
    value = ascii_digits(raw.strip())
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)  # noqa: DTZ007  (zone added below)
                break
            except ValueError:
                continue
        else:
            raise ValueError("not a date we can read (use 2026-03-01 10:15 or 01/03/2026)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=_zone())


def parse_amount(raw: str) -> str:
    """Decimal text from a cell: Bengali/Devanagari digits, lakh commas and currency signs allowed."""
    value = re.sub(r"[,\s৳₹$€£]|Tk\.?|Rs\.?|BDT|INR", "", ascii_digits(raw.strip()), flags=re.IGNORECASE)
    try:
        Decimal(value)
    except InvalidOperation:
        raise ValueError("not a number") from None
    return value


def _first(row: MappedRow, name: str) -> tuple[str, str] | None:
    cells = row.values.get(name)
    return cells[0] if cells else None


def group_rows(rows: list[MappedRow]) -> list[list[MappedRow]]:
    """Consecutive rows with the same order number (a row without one is a group of its own)."""
    groups: list[list[MappedRow]] = []
    last: str | None = None
    for row in rows:
        cell = _first(row, "order_number")
        number = clean_text(cell[1]) if cell else None
        if groups and number is not None and number == last:
            groups[-1].append(row)
        else:
            groups.append([row])
        last = number
    return groups


class _Problems(Exception):
    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def order_payload(group: list[MappedRow], source: SourceRef) -> dict[str, Any]:
    """The OrderIn body of one group of rows (header fields from the first row that has them)."""
    problems: list[tuple[str | None, str]] = []

    def header(name: str) -> tuple[str, str] | None:
        return next((c for c in (_first(r, name) for r in group) if c is not None), None)

    body: dict[str, Any] = {"source": source.name}
    number = header("order_number")
    if number is None:
        raise _Problems([(None, "the row has no order number")])
    body["order_number"] = number[1]
    customer_fields = (
        ("email", "customer_email"), ("phone", "customer_phone"),
        ("external_id", "customer_external_id"), ("name", "customer_name"),
    )  # fmt: skip
    customer = {key: cell[1] for key, name in customer_fields if (cell := header(name)) is not None}
    if customer:
        body["customer"] = customer
    for name, rule in (("placed_at", parse_time), ("order_total", parse_amount)):
        cell = header(name)
        if cell is not None:
            try:
                body["total" if name == "order_total" else name] = rule(cell[1])
            except ValueError as exc:
                problems.append((cell[0], str(exc)))
    for name, table in (("status", _STATUSES), ("channel", _CHANNELS)):
        cell = header(name)
        if cell is not None:
            value = table.get(re.sub(r"[^a-z]", "", cell[1].casefold()))
            if value is None:
                problems.append((cell[0], f"not a known {name}"))
            else:
                body[name] = value
    store = header("store")
    if store is not None:
        body["store"] = store[1]
    currency = header("currency")
    if currency is not None:
        body["currency"] = currency[1].strip().upper()
    else:
        from sampark.deals.service import default_currency

        body["currency"] = default_currency()
    lines = []
    for row in group:
        line: dict[str, Any] = {}
        for key, name in (("sku", "sku"), ("name", "product")):
            cell = _first(row, name)
            if cell is not None:
                line[key] = cell[1]
        for key, name, default in _AMOUNT_CELLS:
            cell = _first(row, name)
            if cell is None:
                if default is not None:
                    line[key] = default
                continue
            try:
                line[key] = parse_amount(cell[1])
            except ValueError as exc:
                problems.append((cell[0], str(exc)))
        lines.append(line)
    body["lines"] = lines
    if "total" not in body and not problems:
        from sampark.orders.service import sum_of_lines

        try:
            pairs = [(line["quantity"], line["unit_price"]) for line in lines]
            body["total"] = str(sum_of_lines(body["currency"], pairs))
        except (KeyError, ValueError, InvalidOperation):
            pass  # a missing price or unknown currency: the order's own checks name it
    if problems:
        raise _Problems(problems)
    return body


def _column(group: list[MappedRow], field: str) -> str | None:
    """The file column behind an OrderIn error location such as `lines.1.unit_price`."""
    parts = field.split(".")
    key = ".".join(p for p in parts if not p.isdigit())
    key = key.removeprefix("lines.")
    name = _FIELD_OF.get(key)
    if name is None:
        return None
    rows = group
    if parts[0] == "lines" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(group):
        rows = [group[int(parts[1])]]
    for row in rows:
        cell = _first(row, name)
        if cell is not None:
            return cell[0]
    return name


class OrdersTarget:
    kind = "orders"

    def process(
        self, session: Session, source: SourceRef, rows: list[MappedRow], dry_run: bool
    ) -> BatchResult:
        from sampark.orders import service as orders
        from sampark.orders.schemas import OrderIn

        result = BatchResult()
        system = Principal(user_id=uuid.UUID(int=0), email=f"import:{source.name}", role=Role.admin)
        ctx = Ctx(session, system)
        for group in group_rows(rows):
            try:
                data = OrderIn.model_validate(order_payload(group, source))
                if dry_run:
                    orders.check_amounts(data)
                    result.created += 1
                    continue
                mark = audit.pending_mark(session)
                savepoint = session.begin_nested()
                try:
                    _, created = orders.create_order(ctx, data)
                    savepoint.commit()
                except AppError:
                    savepoint.rollback()
                    audit.discard_after(session, mark)
                    raise
                result.created += created
                result.updated += not created
            except _Problems as exc:
                result.errors += [(r.number, f, m, r.raw) for r in group for f, m in exc.problems]
            except ValidationError as exc:
                for e in exc.errors():
                    field = ".".join(str(p) for p in e["loc"])
                    message = str(e["msg"]).removeprefix("Value error, ")
                    result.errors += [(r.number, _column(group, field), message, r.raw) for r in group]
            except AppError as exc:
                found = exc.errors or []
                pairs = [(_column(group, str(e["field"])), str(e["message"])) for e in found] or [
                    (None, exc.detail)
                ]
                result.errors += [(r.number, f, m, r.raw) for r in group for f, m in pairs]
        return result
