"""Tracking events through the Segment-compatible `/v1/batch`, sustained, into a fresh database,
next to the same rows written straight through the driver (the storage floor) in the same run.

    .venv/bin/python bench/ingest.py                          # 200,000 events into SQLite
    .venv/bin/python bench/ingest.py --events 1000000 --batch 500
    .venv/bin/python bench/ingest.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The traffic: 20,000 visitors; each first browses anonymously, is identified (name, e-mail,
phone) on their third call, then keeps sending tracks and pages under their user id. About 7 %
of the calls are identifies, which create a person and join the earlier anonymous events.
One client sends batches back to back over a keep-alive connection to the app under uvicorn.
Target (issue 4): ≥ 10,000 events/s sustained into SQLite.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_read import RESULTS, ROOT, Stats, free_port, rss_mb, start_app


def fresh_database(args: argparse.Namespace) -> str:
    if args.database_url:
        schema = "sampark_bench_ingest"
        engine = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine.dispose()
        joiner = "&" if "?" in args.database_url else "?"
        return f"{args.database_url}{joiner}options=-csearch_path%3D{schema},public"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def sampark(url: str, *command: str) -> str:
    env = {**os.environ, "SAMPARK_DATABASE_URL": url, "SAMPARK_VAR_DIR": str(RESULTS / "var")}
    done = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/sampark"), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def traffic(events: int, visitors: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    calls: dict[int, int] = {}
    out: list[dict[str, Any]] = []
    pages = ["/", "/pricing", "/products/saree", "/products/panjabi", "/cart", "/checkout"]
    for n in range(events):
        v = rng.randrange(visitors)
        seen = calls.get(v, 0)
        calls[v] = seen + 1
        anon, user = f"anon-{v}", f"user-{v}"
        base = {"messageId": f"m-{n}", "timestamp": f"2026-11-{1 + n * 20 // events:02d}T10:00:00Z"}
        if seen < 2:
            out.append({**base, "type": "page", "anonymousId": anon, "name": rng.choice(pages)})
        elif seen == 2:
            out.append(
                {
                    **base,
                    "type": "identify",
                    "anonymousId": anon,
                    "userId": user,
                    "traits": {
                        "firstName": f"Visitor{v}",
                        "lastName": "Test",
                        "email": f"visitor{v}@example.com",
                        "phone": f"+88017{v:08d}",
                    },
                }
            )
        elif rng.random() < 0.3:
            out.append({**base, "type": "page", "userId": user, "name": rng.choice(pages)})
        else:
            out.append(
                {
                    **base,
                    "type": "track",
                    "userId": user,
                    "event": rng.choice(["Product Viewed", "Added to Cart", "Order Completed"]),
                    "properties": {"price": rng.randrange(200, 9000), "currency": "BDT"},
                }
            )
    return out


def storage_floor(url: str, messages: list[dict[str, Any]], source_id: uuid.UUID) -> float:
    """The same rows inserted straight through the driver, in batches, into a scratch copy."""
    from sampark.core.clock import utcnow
    from sampark.tracking.models import Event

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM events"))
    now = utcnow()
    started = time.perf_counter()
    for start in range(0, len(messages), 500):
        rows = [
            {
                "id": uuid.uuid4(),
                "source_id": source_id,
                "message_id": "floor-" + m["messageId"],
                "type": m["type"],
                "name": m.get("event") or m.get("name"),
                "person_id": None,
                "user_id": m.get("userId"),
                "anonymous_id": m.get("anonymousId"),
                "properties": m.get("properties") or m.get("traits") or {},
                "context": {},
                "occurred_at": now,
                "received_at": now,
            }
            for m in messages[start : start + 500]
        ]
        with engine.begin() as conn:
            conn.execute(insert(Event), rows)
    seconds = time.perf_counter() - started
    engine.dispose()
    return len(messages) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--visitors", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500, help="messages per /v1/batch call")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    url = fresh_database(args)
    sampark(url, "migrate")
    key = sampark(url, "sources", "create", "Bench website", "--kind", "web").splitlines()[-1]
    messages = traffic(args.events, args.visitors, seed=1)
    load = os.getloadavg()[0]
    print(
        f"Database: {url.split(':', 1)[0]}  events: {args.events:,}  batch: {args.batch}  load average {load:.1f}"
    )

    port = free_port()
    app = start_app(url, port)
    latencies: list[float] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", auth=(key, ""), timeout=60) as client:
            started = time.perf_counter()
            for start in range(0, len(messages), args.batch):
                body = {"batch": messages[start : start + args.batch]}
                t = time.perf_counter()
                r = client.post("/v1/batch", json=body)
                latencies.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"batch at {start}: {r.status_code} {r.text[:300]}")
            seconds = time.perf_counter() - started
            replay = client.post("/v1/batch", json={"batch": messages[: args.batch]}).json()
        server_rss = rss_mb(app.pid)
    finally:
        app.terminate()
        app.wait(timeout=30)

    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
        linked = conn.execute(text("SELECT count(*) FROM events WHERE person_id IS NOT NULL")).scalar_one()
        people = conn.execute(text("SELECT count(*) FROM people")).scalar_one()
        source_id = conn.execute(text("SELECT id FROM sources")).scalar_one()
    engine.dispose()
    stats = Stats.of(latencies)
    rate = args.events / seconds
    print(
        f"API  /v1/batch: {rate:,.0f} events/s sustained ({seconds:.1f} s), per call p50 {stats.p50:.1f} ms, p95 {stats.p95:.1f} ms"
    )
    print(
        f"     stored {stored:,} events (replayed batch: {replay['duplicates']} duplicates, {replay['accepted']} new);"
    )
    print(
        f"     {people:,} people created by identify, {linked:,} events linked to a person; server peak RSS {server_rss:.0f} MB"
    )
    floor = storage_floor(
        url, messages, source_id if isinstance(source_id, uuid.UUID) else uuid.UUID(str(source_id))
    )
    print(f"Floor: the same rows straight through the driver: {floor:,.0f} rows/s")
    target = "met" if rate >= 10_000 else "MISSED"
    print(f"Target ≥ 10,000 events/s: {target}; load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
