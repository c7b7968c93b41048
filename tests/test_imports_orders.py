"""Orders imported from a file: one row per line, grouped by order number, customers resolved
to people, bad orders reported on their rows, replays and resumes adding nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from sampark.db import Database
from sampark.imports import service
from sampark.orders.models import Order, OrderLine
from sampark.people.models import Person
from tests.conftest import Api
from tests.test_imports import _import

HEADER = "Invoice No,Date,Customer Email,Customer Phone,Customer,Branch,Product,Qty,Price,Total\n"
ROWS = (
    "INV-1,০১/০৩/২০২৬ 10:15,rahim@example.com,01711-234567,Rahim Uddin,Gulshan 2,Sylhet tea 500 g,2,450.00,1250\n"
    "INV-1,,,,,,Mug,1,350.00,\n"
    'INV-2,2026-03-02,,01711-234567,,Banani,Tea,1,"1,000",1000\n'
    "INV-3,2026-03-03,anu@example.com,,Anu Das,Banani,Tea,1,100,999\n"
    "INV-4,yesterday,,,,Banani,Tea,1,100,\n"
)


def _count(db: Database, model: Any) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_orders_file_groups_lines_resolves_customers_and_reports_bad_orders(admin: Api, db: Database) -> None:
    preview = admin.post(
        "/api/v1/imports/preview",
        files={"file": ("orders.csv", (HEADER + ROWS).encode())},
        data={"kind": "orders"},
    )
    assert preview.status_code == 200, preview.text
    mapping = preview.json()["mapping"]
    assert mapping["Invoice No"] == "order_number"
    assert mapping["Qty"] == "quantity"
    assert mapping["Price"] == "unit_price"
    assert mapping["Total"] == "order_total"

    job = _import(admin, (HEADER + ROWS).encode(), "orders.csv", kind="orders", source="Dhaka till")
    assert job["status"] == "done"
    assert job["created_count"] == 2  # INV-1 (two lines) and INV-2
    assert job["error_count"] == 2  # INV-3's total does not add up; INV-4's date is unreadable
    report = admin.get(f"/api/v1/imports/{job['id']}/errors.csv").content.decode("utf-8-sig")
    assert "the lines add up to 100.00; the total says 999" in report
    assert "not a date we can read" in report

    with db.session(write=False) as s:
        inv1 = s.scalars(select(Order).where(Order.source_key == "INV-1")).one()
        inv2 = s.scalars(select(Order).where(Order.source_key == "INV-2")).one()
        assert inv1.total == Decimal("1250")
        assert inv1.placed_at.isoformat().startswith("2026-03-01T04:15")  # 10:15 in Dhaka
        assert inv1.store == "Gulshan 2"
        assert s.scalar(select(func.count()).where(OrderLine.order_id == inv1.id)) == 2
        # The same phone on both invoices: one customer.
        assert inv1.person_id is not None
        assert inv1.person_id == inv2.person_id
        person = s.get(Person, inv1.person_id)
        assert person is not None
        assert person.display_name == "Rahim Uddin"

    again = _import(admin, (HEADER + ROWS + "\n").encode(), "orders.csv", kind="orders", source="Dhaka till")
    assert again["created_count"] == 0
    assert again["updated_count"] == 2  # replayed order numbers answer the stored orders
    assert _count(db, Order) == 2


def test_a_batch_never_splits_an_order(db: Database, admin: Api, tmp_path: Any) -> None:
    rows = "".join(f"ORD-{n // 3},2026-03-01,,,,,Item {n},1,10,\n" for n in range(30))
    path = tmp_path / "orders.csv"
    path.write_text("Order Number,Date,Email,Phone,Name,Store,Product,Quantity,Unit Price,Total\n" + rows)
    with db.session() as session:
        job = service.create_job(session, service.NewJob("orders", "Till", "orders.csv", path), None, "test")
        job_id = job.id
    done = service.run_job(db, job_id, batch_rows=4)  # 4 does not divide the 3-line orders
    assert done.status == "done"
    assert done.created_count == 10
    assert done.error_count == 0
    with db.session(write=False) as s:
        totals = s.scalars(select(Order.total)).all()
    assert sorted(set(totals)) == [Decimal("30")]


def test_dry_run_checks_orders_and_writes_nothing(admin: Api, db: Database) -> None:
    job = _import(admin, (HEADER + ROWS).encode(), "orders.csv", kind="orders", dry_run=True)
    assert job["status"] == "done"
    assert job["created_count"] == 2  # the same orders as the real run …
    assert job["error_count"] == 2  # … and the same two refused (INV-3's sum is checked too)
    assert _count(db, Order) == 0
