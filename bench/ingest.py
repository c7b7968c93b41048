"""Tracking events through the Segment-compatible `/v1/batch`, sustained, into a fresh database,
next to the same rows written straight through the driver (the storage floor) in the same run.

Three phases, each with wall time and CPU seconds (the machine is shared: events per CPU-second
is the fair comparison between runs):
1. accept: the server alone (no worker) takes every call into the inbox;
2. drain: the worker's drain (`tracking.inbox.drain`, in this process) resolves the inbox
   into events and people;
3. end to end (`--e2e`, a second fresh database): server and a `sampark worker` together, from
   the first call until the inbox is empty — the sustained rate with both keeping up.

    .venv/bin/python bench/ingest.py                          # 200,000 events into SQLite
    .venv/bin/python bench/ingest.py --events 100000 --visitors 10000 --e2e
    .venv/bin/python bench/ingest.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Run against older code (no inbox: phase 1 is then the whole ingestion) by putting its `src/`
first on PYTHONPATH.

The traffic: 20,000 visitors; each first browses anonymously, is identified (name, e-mail,
phone) on their third call, then keeps sending tracks and pages under their user id. About 7 %
of the calls are identifies, which create a person and join the earlier anonymous events.
One client sends batches back to back over a keep-alive connection to the app under uvicorn.
Target (issue 4): ≥ 10,000 events/s sustained into SQLite.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlalchemy import create_engine, insert, inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_read import RESULTS, ROOT, Stats, free_port, rss_mb, start_app


def fresh_database(args: argparse.Namespace, name: str = "ingest") -> str:
    if args.database_url:
        schema = "sampark_bench_" + name.replace("-", "_")
        engine = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine.dispose()
        joiner = "&" if "?" in args.database_url else "?"
        return f"{args.database_url}{joiner}options=-csearch_path%3D{schema},public"
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.db"
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def send(port: int, key: str, messages: list[dict[str, Any]], batch: int) -> tuple[float, list[float]]:
    """Every batch back to back over one keep-alive connection. The bodies are encoded before
    the clock starts: the client stands for sites elsewhere, and its own JSON encoding (~10 µs
    an event with the standard library) is not ingestion work on this 2-core machine."""
    latencies: list[float] = []
    bodies = [
        orjson.dumps({"batch": messages[start : start + batch]}) for start in range(0, len(messages), batch)
    ]
    headers = {"content-type": "application/json"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", auth=(key, ""), timeout=60) as client:
        started = time.perf_counter()
        for number, body in enumerate(bodies):
            start = number * batch
            t = time.perf_counter()
            r = client.post("/v1/batch", content=body, headers=headers)
            latencies.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"batch at {start}: {r.status_code} {r.text[:300]}")
        return time.perf_counter() - started, latencies


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        has_inbox = inspect(conn).has_table("tracking_inbox")
        out = {
            "events": conn.execute(text("SELECT count(*) FROM events")).scalar_one(),
            "linked": conn.execute(
                text("SELECT count(*) FROM events WHERE person_id IS NOT NULL")
            ).scalar_one(),
            "people": conn.execute(text("SELECT count(*) FROM people")).scalar_one(),
            "inbox": conn.execute(text("SELECT count(*) FROM tracking_inbox")).scalar_one()
            if has_inbox
            else -1,
        }
    engine.dispose()
    return out


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s" if seconds > 0 else "n/a"


def end_to_end(args: argparse.Namespace, messages: list[dict[str, Any]]) -> None:
    """Server and worker together on a fresh database, until every event is stored."""
    url = fresh_database(args, "ingest-e2e")
    sampark(url, "migrate")
    key = sampark(url, "sources", "create", "Bench website", "--kind", "web").splitlines()[-1]
    port = free_port()
    var_dir = RESULTS / f"var-e2e-{uuid.uuid4().hex[:8]}"  # one job queue, shared by app and worker
    app = start_app(url, port, var_dir)
    env = {**os.environ, "SAMPARK_DATABASE_URL": url, "SAMPARK_VAR_DIR": str(var_dir)}
    worker = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv/bin/sampark"), "worker"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(2)  # the worker's start-up is not ingestion
        server0, worker0, client0 = cpu_seconds(app.pid), cpu_seconds(worker.pid), time.process_time()
        started = time.perf_counter()
        sent_in, latencies = send(port, key, messages, args.batch)
        client = time.process_time() - client0
        while counts(url)["inbox"] > 0:
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        server, work = cpu_seconds(app.pid) - server0, cpu_seconds(worker.pid) - worker0
        cpu = server + work
    finally:
        app.terminate()
        worker.terminate()
        app.wait(timeout=30)
        worker.wait(timeout=30)
    got = counts(url)
    stats = Stats.of(latencies)
    print(
        f"End to end (server + worker): {rate(len(messages), seconds)} sustained wall ({seconds:.1f} s; calls"
        f" answered in {sent_in:.1f} s, p50 {stats.p50:.0f} ms, p95 {stats.p95:.0f} ms);"
        f" {rate(len(messages), cpu)} per CPU-second ({cpu:.1f} CPU s, server + worker)"
    )
    n = len(messages)
    print(
        f"     CPU an event: server {server / n * 1e6:.0f} µs, worker {work / n * 1e6:.0f} µs,"
        f" this client (sending) {client / n * 1e6:.0f} µs"
    )
    print(f"     stored {got['events']:,} events, {got['people']:,} people, {got['linked']:,} linked")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--visitors", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500, help="messages per /v1/batch call")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--e2e", action="store_true", help="also run server and worker together")
    parser.add_argument("--profile", action="store_true", help="cProfile the drain")
    parser.add_argument("--no-floor", action="store_true", help="skip the driver floor")
    parser.add_argument("--e2e-only", action="store_true", help="only the end-to-end phase")
    args = parser.parse_args()
    if args.e2e_only:
        print(f"events: {args.events:,}  batch: {args.batch}  load average {os.getloadavg()[0]:.1f}")
        end_to_end(args, traffic(args.events, args.visitors, seed=1))
        print(f"Load average at the end {os.getloadavg()[0]:.1f}")
        return

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
    try:
        cpu0 = cpu_seconds(app.pid)
        seconds, latencies = send(port, key, messages, args.batch)
        cpu = cpu_seconds(app.pid) - cpu0
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", auth=(key, ""), timeout=60) as client:
            replay = client.post("/v1/batch", json={"batch": messages[: args.batch]}).json()
        server_rss = rss_mb(app.pid)
    finally:
        app.terminate()
        app.wait(timeout=30)
    got = counts(url)
    stats = Stats.of(latencies)
    n = args.events
    print(
        f"1 accept  /v1/batch: {rate(n, seconds)} wall ({seconds:.1f} s), {rate(n, cpu)} per server CPU-second"
        f" ({cpu:.1f} CPU s); per call p50 {stats.p50:.1f} ms, p95 {stats.p95:.1f} ms; server peak RSS {server_rss:.0f} MB"
    )
    print(
        f"     inbox {got['inbox']:,}, events {got['events']:,} (replayed batch: {replay['duplicates']} duplicates,"
        f" {replay['accepted']} new)"
    )
    if got["inbox"] > 0:
        os.environ["SAMPARK_DATABASE_URL"] = url
        from sampark.db import Database
        from sampark.settings import get_settings
        from sampark.tracking import inbox

        db = Database(url)
        # The traffic this process holds (100,000s of dicts) stays out of the drain's garbage
        # collections, as a worker holds no such heap.
        gc.collect()
        gc.freeze()
        cpu0, started = time.process_time(), time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            done = profiler.runcall(inbox.drain, db)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        else:
            done = inbox.drain(db)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu0
        db.dispose()
        got = counts(url)
        print(
            f"2 drain   (batches of {get_settings().tracking_drain_batch:,}): {rate(done.taken, seconds)} wall"
            f" ({seconds:.1f} s), {rate(done.taken, cpu)} per CPU-second ({cpu:.1f} CPU s)"
        )
        print(
            f"     stored {got['events']:,} events, {got['people']:,} people created by identify,"
            f" {got['linked']:,} events linked to a person; inbox left {got['inbox']}"
        )
    else:
        print(f"     (no inbox: ingested on the call) {got['people']:,} people, {got['linked']:,} linked")
    if not args.no_floor:
        engine = create_engine(url)
        with engine.connect() as conn:
            source_id = conn.execute(text("SELECT id FROM sources")).scalar_one()
        engine.dispose()
        floor = storage_floor(
            url, messages, source_id if isinstance(source_id, uuid.UUID) else uuid.UUID(str(source_id))
        )
        print(f"Floor: the same rows straight through the driver: {floor:,.0f} rows/s")
    if args.e2e:
        end_to_end(args, messages)
    print(f"Load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
