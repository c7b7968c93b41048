"""Latency of one person's timeline over HTTP, next to its raw SQL, for a person with 100,000 events.

    .venv/bin/python bench/timeline.py                 # SQLite file bench/results/timeline.db
    .venv/bin/python bench/timeline.py --events 20000
    .venv/bin/python bench/timeline.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Loads (once; reused when present) one person with N tracked events (inserted directly, spread
over a year) and 200 orders, starts the app under uvicorn on a free port and prints p50/p95 of
the first page and of a deep page (the cursor after half the events) over HTTP, and of the events
query each page runs, as raw SQL. PostgreSQL data goes in a schema `sampark_bench_timeline`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from bench.api_read import RESULTS, free_port, start_app

ADMIN = "timeline-bench@example.com"


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms"


def load(url: str, events: int) -> tuple[uuid.UUID, str]:
    from sampark.auth.service import create_token_for_cli
    from sampark.core.context import Ctx
    from sampark.core.ids import new_id
    from sampark.core.permissions import Principal, Role
    from sampark.db import Database
    from sampark.migrate import upgrade
    from sampark.orders.models import Order, OrderLine
    from sampark.people.models import Person
    from sampark.sources import service as sources
    from sampark.tracking.models import Event
    from sampark.users import service as users
    from sampark.users.models import User
    from sampark.users.schemas import UserCreate

    upgrade(url)
    db = Database(url)
    with db.session() as session:
        person = session.scalars(select(Person).where(Person.display_name == "Timeline bench")).first()
        if person is None:
            ctx = Ctx(session, Principal(user_id=uuid.UUID(int=0), email="system", role=Role.admin))
            if session.scalars(select(User).where(User.email == ADMIN)).first() is None:
                users.create_user(
                    ctx,
                    UserCreate(
                        email=ADMIN,
                        display_name="bench",
                        role=Role.admin,
                        password="bench-password-1",  # noqa: S106
                    ),
                )
            person = Person(display_name="Timeline bench", emails=[], phones=[], search_text="timeline bench")
            session.add(person)
            session.flush()
            source = sources.get_or_create(session, "bench", "web")
            now = datetime.now(UTC)
            conn = session.connection()
            step = timedelta(days=365) / events
            for start in range(0, events, 5000):
                conn.execute(
                    insert(Event),
                    [
                        {"id": new_id(), "source_id": source.id, "message_id": f"b{n}",
                         "type": ("track", "page", "screen")[n % 3], "name": f"event {n}",
                         "person_id": person.id, "properties": {"n": n}, "context": {},
                         "occurred_at": now - step * n, "received_at": now}
                        for n in range(start, min(events, start + 5000))
                    ],
                )  # fmt: skip
            for n in range(200):
                order_id = new_id()
                conn.execute(
                    insert(Order),
                    [{"id": order_id, "source_id": source.id, "source_key": f"B-{n}", "person_id": person.id,
                      "customer": {}, "placed_at": now - timedelta(days=n * 1.7), "channel": "store",
                      "currency": "BDT", "total": Decimal(100), "refunded_total": Decimal(0), "status": "paid",
                      "created_at": now, "updated_at": now, "version": 1}],
                )  # fmt: skip
                conn.execute(
                    insert(OrderLine),
                    [{"id": new_id(), "order_id": order_id, "position": 0, "name": "Tea", "quantity": Decimal(1),
                      "unit_price": Decimal(100), "line_total": Decimal(100)}],
                )  # fmt: skip
        person_id = person.id
        token = create_token_for_cli(session, ADMIN, "bench", ["people:read", "orders:read"])
    if db.is_sqlite:
        with db.write_engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    db.dispose()
    return person_id, token


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        url = args.database_url
        if url.startswith("postgresql"):
            from sqlalchemy import create_engine

            schema = "sampark_bench_timeline"
            with create_engine(url).begin() as conn:
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
            url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema},public"
    else:
        RESULTS.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{RESULTS / 'timeline.db'}"
    started = time.perf_counter()
    person_id, token = load(url, args.events)
    print(
        f"data ready in {time.perf_counter() - started:.1f} s ({args.events:,} events, 200 orders, one person)"
    )

    from sampark.db import Database
    from sampark.tracking.models import Event

    db = Database(url)
    with db.session(write=False) as session:
        count = session.scalar(select(func.count()).select_from(Event).where(Event.person_id == person_id))
        mid = session.execute(
            select(Event.occurred_at, Event.id)
            .where(Event.person_id == person_id)
            .order_by(Event.occurred_at.desc(), Event.id.desc())
            .offset((count or 0) // 2)
            .limit(1)
        ).one()
    port = free_port()
    process = start_app(url, port)
    try:
        base = f"http://127.0.0.1:{port}/api/v1/people/{person_id}/timeline"
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            from sampark.core.timeline import TimelineEntry
            from sampark.profiles.timeline import encode

            deep = encode(TimelineEntry("track", mid[1], mid[0], ""))
            for label, params in (
                ("first page", {"limit": 50}),
                ("deep page", {"limit": 50, "cursor": deep}),
            ):
                client.get(base, params=params).raise_for_status()
                samples = []
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    r = client.get(base, params=params)
                    samples.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                print(f"HTTP  {label:10s} {ms(samples)}   ({len(r.json()['items'])} items)")
        with db.session(write=False) as session:
            for label, before in (("first page", None), ("deep page", mid)):
                stmt = select(Event).where(Event.person_id == person_id)
                if before is not None:
                    stmt = stmt.where(
                        (Event.occurred_at < before[0])
                        | ((Event.occurred_at == before[0]) & (Event.id < before[1]))
                    )
                stmt = stmt.order_by(Event.occurred_at.desc(), Event.id.desc()).limit(51)
                samples = []
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    session.execute(stmt).all()
                    samples.append((time.perf_counter() - t0) * 1000)
                print(f"SQL   {label:10s} {ms(samples)}   (events only, ORM rows)")
    finally:
        process.terminate()
        process.wait(10)
        db.dispose()


if __name__ == "__main__":
    main()
