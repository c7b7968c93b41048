"""Read latency of the people API over a large demo data set, next to the same queries as raw SQL.

    .venv/bin/python bench/api_read.py                       # 1,000,000 people, SQLite file in bench/results/
    .venv/bin/python bench/api_read.py --people 100000
    .venv/bin/python bench/api_read.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

SQLite data lives in bench/results/bench-<N>.db (git-ignored); PostgreSQL data in a schema
`sampark_bench_<N>` created in the given database (`--drop-schema` removes it afterwards).
Either is reused when it already holds N people, so only the first run pays for the load.

The app runs under uvicorn in a subprocess on a free port of 127.0.0.1, called with an API
token of the demo admin over HTTP (httpx, keep-alive). Targets: every list/search p95 ≤ 50 ms,
get-by-id within 3× raw SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection, bindparam, create_engine, text

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED = 1
PASSWORD = "bench-password"  # noqa: S105  (the demo users of a throw-away data set)
ADMIN = "admin@demo.sampark.local"
OWNER = "arif@demo.sampark.local"
TARGET_LIST_P95_MS = 50.0
TARGET_GET_RATIO = 3.0


# --- database ------------------------------------------------------------------------------


def database_url(args: argparse.Namespace) -> tuple[str, str | None]:
    if not args.database_url:
        RESULTS.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{RESULTS / f'bench-{args.people}.db'}", None
    url: str = args.database_url
    if url.startswith("sqlite"):
        return url, None
    schema = f"sampark_bench_{args.people}"
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema},public", schema


def admin_engine(args: argparse.Namespace) -> Any:
    return create_engine(args.database_url, isolation_level="AUTOCOMMIT")


def ensure_schema(args: argparse.Namespace, schema: str, *, fresh: bool) -> None:
    engine = admin_engine(args)
    with engine.connect() as conn:
        if fresh:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    engine.dispose()


def drop_schema(args: argparse.Namespace, schema: str) -> None:
    engine = admin_engine(args)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    engine.dispose()


def people_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM people").scalar() or 0)
    except Exception:
        return -1
    finally:
        engine.dispose()


@dataclass
class Load:
    reused: bool
    seconds: float = 0.0
    records: int = 0
    peak_rss_mb: float = 0.0
    worker_peak_rss_mb: float = 0.0
    writer_cpu_s: float = 0.0
    worker_cpu_s: float = 0.0
    load_average: float = 0.0


def load(args: argparse.Namespace, url: str, schema: str | None) -> Load:
    from rich.console import Console

    from sampark.db import Database
    from sampark.demo import generate
    from sampark.migrate import upgrade

    if people_count(url) == args.people:
        print(f"Reusing the loaded database ({args.people:,} people).")
        return Load(reused=True)
    if schema:
        ensure_schema(args, schema, fresh=True)
    else:
        path = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    upgrade(url)
    db = Database(url)
    cpu = _cpu()
    summary = generate(db, people=args.people, seed=SEED, admin_password=PASSWORD, console=Console())
    writer_cpu, worker_cpu = (after - before for after, before in zip(_cpu(), cpu, strict=True))
    db.dispose()
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Load(
        False,
        summary.seconds,
        summary.records,
        self_rss,
        child_rss,
        writer_cpu,
        worker_cpu,
        os.getloadavg()[1],
    )


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


# --- inputs --------------------------------------------------------------------------------


@dataclass
class Inputs:
    admin_id: uuid.UUID
    owner_id: uuid.UUID
    person_ids: list[uuid.UUID]
    latin_prefixes: list[str]
    bengali_prefixes: list[str]
    phone_fragments: list[str]


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def pick_inputs(url: str, rng: random.Random, count: int) -> Inputs:
    engine = create_engine(url)
    with engine.connect() as conn:
        admin_id = _uuid(conn.execute(text("SELECT id FROM users WHERE email = :e"), {"e": ADMIN}).scalar())
        owner_id = _uuid(conn.execute(text("SELECT id FROM users WHERE email = :e"), {"e": OWNER}).scalar())
        if url.startswith("sqlite"):  # a fresh load numbers rows 1..N
            top = int(conn.exec_driver_sql("SELECT max(rowid) FROM people").scalar() or 0)
            picked = sorted(rng.sample(range(1, top + 1), min(top, count * 3)))
            sample = text("SELECT id, given_name, primary_phone FROM people WHERE rowid IN :ids")
            sample = sample.bindparams(bindparam("ids", expanding=True))
            rows: list[Any] = list(conn.execute(sample, {"ids": picked}).all())
        else:
            total = int(conn.exec_driver_sql("SELECT count(*) FROM people").scalar() or 1)
            percent = min(100.0, 100.0 * count * 4 / total)
            rows = list(
                conn.execute(
                    text(
                        "SELECT id, given_name, primary_phone FROM people "
                        f"TABLESAMPLE BERNOULLI ({percent:.4f}) REPEATABLE ({SEED}) ORDER BY id LIMIT :n"
                    ),
                    {"n": count * 3},
                ).all()
            )
    engine.dispose()
    rng.shuffle(rows)
    latin = [r[1][:4] for r in rows if r[1] and r[1].isascii() and r[1][:4].isalpha() and len(r[1]) >= 4]
    bengali = [r[1][:4] for r in rows if r[1] and "\u0980" <= r[1][0] <= "\u09ff" and len(r[1]) >= 4]
    phones = []
    for r in rows:
        if r[2]:
            digits = r[2].lstrip("+")
            length = rng.randint(5, 7)
            start = rng.randint(len(digits) - 8, len(digits) - length)  # within the subscriber part
            phones.append(digits[start : start + length])
    return Inputs(
        admin_id,
        owner_id,
        [_uuid(r[0]) for r in rows[:count]],
        latin[:count],
        bengali[:count],
        phones[:count],
    )


# --- the app -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(url: str, port: int, var_dir: Path | None = None) -> subprocess.Popen[bytes]:
    """The app under uvicorn; a worker meant to take its jobs needs the same `var_dir` (the
    job queue lives there)."""
    env = {
        **os.environ,
        "SAMPARK_DATABASE_URL": url,
        "SAMPARK_VAR_DIR": str(var_dir or RESULTS / "var"),
        "SAMPARK_MODE": "development",
    }
    command = [
        sys.executable, "-m", "uvicorn", "sampark.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the app did not start")


def api_token(url: str) -> str:
    from sampark.auth.service import create_token_for_cli
    from sampark.db import Database

    db = Database(url)
    with db.session() as session:
        token = create_token_for_cli(session, ADMIN, "bench", ["people:read"])
    db.dispose()
    return token


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Stats:
    p50: float
    p95: float
    mean: float

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return cls(statistics.median(ordered), p95, statistics.fmean(ordered))


@dataclass
class Scenario:
    name: str
    kind: str  # "get" or "list"
    api: Callable[[int], httpx.Response]
    sql: Callable[[int], Any]
    api_stats: Stats | None = None
    sql_stats: Stats | None = None
    rows: list[int] = field(default_factory=list)


def timed(fn: Callable[[int], Any], n: int, warmup: int) -> tuple[Stats, list[Any]]:
    for i in range(warmup):
        fn(i)
    samples, results = [], []
    for i in range(n):
        started = time.perf_counter()
        result = fn(i)
        samples.append((time.perf_counter() - started) * 1000)
        results.append(result)
    return Stats.of(samples), results


def sql_scenarios(conn: Connection, dialect: str, inputs: Inputs) -> dict[str, Callable[[int], Any]]:
    """The statements the API runs for each case, as plain SQL (same WHERE, ORDER BY and LIMIT)."""

    def key(value: uuid.UUID) -> Any:
        return value.hex if dialect == "sqlite" else value

    cols = "*"
    by_id = text(f"SELECT {cols} FROM people WHERE people.deleted_at IS NULL AND people.id = :id")
    listing = text(
        f"SELECT {cols} FROM people WHERE people.deleted_at IS NULL AND people.owner_id = :owner "
        "AND people.lifecycle_stage = 'customer' ORDER BY people.updated_at DESC, people.id DESC LIMIT 51"
    )
    if dialect == "sqlite":
        search = text(
            f"SELECT {cols} FROM people WHERE people.deleted_at IS NULL AND people.rowid IN "
            "(SELECT rowid FROM people_fts WHERE people_fts MATCH :q) "
            "ORDER BY people.updated_at DESC, people.id DESC LIMIT 51"
        )

        def q(term: str) -> dict[str, str]:
            return {"q": '"' + term.casefold() + '"'}
    else:
        search = text(
            f"SELECT {cols} FROM people WHERE people.deleted_at IS NULL AND people.search_text LIKE :q "
            "ORDER BY people.updated_at DESC, people.id DESC LIMIT 51"
        )

        def q(term: str) -> dict[str, str]:
            return {"q": f"%{term.casefold()}%"}

    def run(stmt: Any, params: dict[str, Any]) -> int:
        return len(conn.execute(stmt, params).all())

    ids, owner = inputs.person_ids, key(inputs.owner_id)
    return {
        "get": lambda i: run(by_id, {"id": key(ids[i % len(ids)])}),
        "list": lambda i: run(listing, {"owner": owner}),
        "latin": lambda i: run(search, q(inputs.latin_prefixes[i % len(inputs.latin_prefixes)])),
        "bengali": lambda i: run(search, q(inputs.bengali_prefixes[i % len(inputs.bengali_prefixes)])),
        "phone": lambda i: run(search, q(inputs.phone_fragments[i % len(inputs.phone_fragments)])),
    }


def explain(conn: Connection, dialect: str, inputs: Inputs) -> dict[str, list[str]]:
    """The plans of the list and search statements (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE)."""
    plans: dict[str, list[str]] = {}
    owner = inputs.owner_id.hex if dialect == "sqlite" else str(inputs.owner_id)
    order = "ORDER BY people.updated_at DESC, people.id DESC LIMIT 51"
    statements = {
        "list": (
            "SELECT people.id FROM people WHERE people.deleted_at IS NULL AND people.owner_id = :owner "
            f"AND people.lifecycle_stage = 'customer' {order}",
            {"owner": owner},
        ),
    }
    for label, term in (
        ("latin", inputs.latin_prefixes[0]),
        ("bengali", inputs.bengali_prefixes[0]),
        ("phone", inputs.phone_fragments[0]),
    ):
        if dialect == "sqlite":
            statements[label] = (
                "SELECT people.id FROM people WHERE people.deleted_at IS NULL AND people.rowid IN "
                f"(SELECT rowid FROM people_fts WHERE people_fts MATCH :q) {order}",
                {"q": '"' + term.casefold() + '"'},
            )
        else:
            statements[label] = (
                f"SELECT people.id FROM people WHERE people.deleted_at IS NULL AND people.search_text LIKE :q {order}",
                {"q": f"%{term.casefold()}%"},
            )
    for label, (sql, params) in statements.items():
        prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
        rows = conn.execute(text(prefix + sql), params).all()
        plans[label] = [" | ".join(str(c) for c in r) for r in rows]
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (a schema is created) or SQLite URL")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--drop-schema", action="store_true", help="PostgreSQL: drop the schema afterwards")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()

    url, schema = database_url(args)
    if schema:
        ensure_schema(args, schema, fresh=False)
    dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
    print(
        f"Database: {dialect}  people: {args.people:,}  machine: {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )

    loaded = load(args, url, schema)
    if not loaded.reused:
        print(
            f"Demo load: {loaded.seconds:,.1f} s, {loaded.records:,} records, "
            f"{loaded.records / loaded.seconds:,.0f} records/s, peak RSS {loaded.peak_rss_mb:,.0f} MB "
            f"(row-making workers {loaded.worker_peak_rss_mb:,.0f} MB)"
        )
        print(
            f"CPU: writer {loaded.writer_cpu_s:,.0f} s, row-making workers {loaded.worker_cpu_s:,.0f} s; "
            f"machine load average (5 min) at the end {loaded.load_average:.1f}"
        )
    if dialect == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that
        # lets the search walk read the recency index alone (migration 0013).
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) people")
        engine.dispose()

    rng = random.Random(SEED)
    inputs = pick_inputs(url, rng, args.requests)
    token = api_token(url)
    port = free_port()
    app = start_app(url, port)
    results: dict[str, Any] = {"dialect": dialect, "people": args.people, "cores": os.cpu_count()}
    if not loaded.reused:
        results["load"] = loaded.__dict__
    try:
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        owner_filter = json.dumps(
            {
                "and": [
                    {"field": "owner_id", "op": "eq", "value": str(inputs.owner_id)},
                    {"field": "lifecycle_stage", "op": "eq", "value": "customer"},
                ]
            }
        )

        def search(terms: list[str]) -> Callable[[int], httpx.Response]:
            return lambda i: client.get("/people", params={"q": terms[i % len(terms)]})

        ids = inputs.person_ids
        scenarios = [
            Scenario(
                "get one person by id", "get", lambda i: client.get(f"/people/{ids[i % len(ids)]}"), None
            ),
            Scenario(
                "owner + stage, -updated_at",
                "list",
                lambda i: client.get("/people", params={"filter": owner_filter, "sort": "-updated_at"}),
                None,
            ),
            Scenario("search name prefix (Latin)", "list", search(inputs.latin_prefixes), None),
            Scenario("search name prefix (Bengali)", "list", search(inputs.bengali_prefixes), None),
            Scenario("search phone fragment", "list", search(inputs.phone_fragments), None),
        ]
        engine = create_engine(url)
        with engine.connect() as conn:
            sql = sql_scenarios(conn, dialect, inputs)
            for scenario, key in zip(scenarios, ("get", "list", "latin", "bengali", "phone"), strict=True):
                scenario.sql = sql[key]
            health = f"http://127.0.0.1:{port}/api/health"
            floor, _ = timed(lambda i: client.get(health), args.requests, args.warmup)
            results["http_floor"] = floor.__dict__
            for scenario in scenarios:
                scenario.api_stats, responses = timed(scenario.api, args.requests, args.warmup)
                bad = [r for r in responses if r.status_code != 200]
                if bad:
                    raise RuntimeError(f"{scenario.name}: HTTP {bad[0].status_code} {bad[0].text[:200]}")
                if scenario.kind == "list":
                    scenario.rows = [len(r.json()["items"]) for r in responses]
                scenario.sql_stats, _ = timed(scenario.sql, args.requests, args.warmup)
            plans = explain(conn, dialect, inputs) if args.explain else {}
        engine.dispose()
        results["server_peak_rss_mb"] = rss_mb(app.pid)
    finally:
        app.terminate()
        app.wait(timeout=30)
        if schema and args.drop_schema:
            drop_schema(args, schema)

    header = f"{'case':32} {'API p50':>8} {'p95':>8} {'mean':>8}   {'SQL p50':>8} {'p95':>8} {'mean':>8}  {'rows':>5}  target"
    print()
    print(header)
    print("-" * len(header))
    results["cases"] = []
    for s in scenarios:
        assert s.api_stats is not None
        assert s.sql_stats is not None
        if s.kind == "get":
            ratio = s.api_stats.p50 / max(s.sql_stats.p50, 1e-6)
            ok = ratio <= TARGET_GET_RATIO
            target = f"p50 ≤ {TARGET_GET_RATIO:.0f}× SQL: {ratio:.0f}×, {'ok' if ok else 'MISSED'}"
        else:
            ok = s.api_stats.p95 <= TARGET_LIST_P95_MS
            target = f"p95 ≤ {TARGET_LIST_P95_MS:.0f} ms: {'ok' if ok else 'MISSED'}"
        rows = f"{statistics.fmean(s.rows):.0f}" if s.rows else "1"
        print(
            f"{s.name:32} {s.api_stats.p50:8.2f} {s.api_stats.p95:8.2f} {s.api_stats.mean:8.2f}   "
            f"{s.sql_stats.p50:8.2f} {s.sql_stats.p95:8.2f} {s.sql_stats.mean:8.2f}  {rows:>5}  {target}"
        )
        results["cases"].append(
            {"name": s.name, "api": s.api_stats.__dict__, "sql": s.sql_stats.__dict__, "rows": rows, "ok": ok}
        )
    floor = results["http_floor"]
    print(
        f"{'GET /api/health (HTTP floor)':32} {floor['p50']:8.2f} {floor['p95']:8.2f} {floor['mean']:8.2f}"
        "   (no database, no sign-in)"
    )
    print("(milliseconds; rows = items on the first page)")
    print(
        f"App server peak RSS: {results['server_peak_rss_mb']:,.0f} MB; load average {os.getloadavg()[0]:.1f}"
    )
    for label, plan in plans.items():
        print(f"\nPlan for {label}:")
        for line in plan:
            print("   ", line)
    results["plans"] = plans
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"api_read-{dialect}-{args.people}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
