"""Social inbox throughput: signed webhook deliveries stored, then processed, then listed.

    .venv/bin/python bench/social_inbox.py                           # SQLite file in bench/results/
    .venv/bin/python bench/social_inbox.py --posts 20000 --per-delivery 20
    .venv/bin/python bench/social_inbox.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

1. Deliveries: `--posts` Facebook Page comments in signed deliveries of `--per-delivery`
   comments, each posted to `/api/v1/social-hooks/{connector}` (signature check, parse, store,
   queue the processing job) — what the platform waits for.
2. Processing: the queued `social.process` jobs run (understanding with term overrides, tracked
   keywords, author linking, priority, routing with decisions; complaints open tickets).
3. Inbox: `GET /api/v1/social/posts?status=new&status=open&limit=50` first pages, p50/p95.

The app runs in-process (TestClient), so figures are the application's own cost. The understanding
used is whatever `sampark.social.understanding` holds; its own benchmark is bench/social.py.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCHEMA = "sampark_bench_social"
SECRET = "bench-app-secret"  # noqa: S105  (a throw-away data set)
TEXTS = (
    "My order arrived broken, I want a refund",
    "Is the 500g pack back in stock?",
    "Love the new packaging! #EidSale",
    "আমার অর্ডার এখনো আসেনি",
    "ye chai kitne ki hai? order karna hai",
    "vai delivery kobe hobe?",
    "How much for two boxes? I want to buy",
)


def _url(args: argparse.Namespace) -> str:
    if not args.database_url:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "social-bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    from sqlalchemy import create_engine

    engine = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    engine.dispose()
    joiner = "&" if "?" in args.database_url else "?"
    return f"{args.database_url}{joiner}options=-csearch_path%3D{SCHEMA},public"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--per-delivery", type=int, default=10)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = _url(args)
    os.environ["SAMPARK_DATABASE_URL"] = url
    os.environ.setdefault("SAMPARK_SECRET_KEY", "bench-secret-key-0123456789")
    os.environ["SAMPARK_VAR_DIR"] = str(RESULTS / "social-var")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from fastapi.testclient import TestClient
    from tests.conftest import make_user

    from sampark.app import create_app
    from sampark.auth.service import create_token_for_cli
    from sampark.core.permissions import ALL_SCOPES
    from sampark.db import Database
    from sampark.jobs.queue import drain
    from sampark.migrate import upgrade
    from sampark.settings import get_settings

    get_settings.cache_clear()
    upgrade(url)
    db = Database(url)
    make_user(db, "bench@example.com", "admin")
    with db.session() as session:
        token = create_token_for_cli(session, "bench@example.com", "bench", list(ALL_SCOPES))
    headers = {"Authorization": f"Bearer {token}"}
    rng = random.Random(7)
    with TestClient(create_app(db)) as client:
        connector = client.post("/api/v1/social-connectors", headers=headers, json={
            "name": "Bench page", "platform": "facebook", "account_id": "PAGE", "app_secret": SECRET,
        }).json()  # fmt: skip
        started = time.perf_counter()
        deliveries = 0
        for start in range(0, args.posts, args.per_delivery):
            changes = [
                {"field": "feed", "value": {
                    "item": "comment", "verb": "add", "comment_id": f"PAGE_1_{i}", "post_id": f"PAGE_{i % 50}",
                    "message": rng.choice(TEXTS), "from": {"id": str(rng.randrange(3000)), "name": "Someone"},
                    "created_time": 1767000000 + i,
                }}
                for i in range(start, min(args.posts, start + args.per_delivery))
            ]  # fmt: skip
            body = json.dumps(
                {"object": "page", "entry": [{"id": "PAGE", "time": 1767000000, "changes": changes}]}
            ).encode()
            signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            r = client.post(f"/api/v1/social-hooks/{connector['id']}", content=body,
                            headers={"X-Hub-Signature-256": signature, "content-type": "application/json"})  # fmt: skip
            assert r.status_code == 200, r.text
            deliveries += 1
        stored_s = time.perf_counter() - started
        started = time.perf_counter()
        drain(db, rounds=10_000)
        processed_s = time.perf_counter() - started
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            r = client.get(
                "/api/v1/social/posts", headers=headers, params={"status": ["new", "open"], "limit": 50}
            )
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        times.sort()
    print(f"database: {'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}")
    print(f"deliveries: {deliveries} of {args.per_delivery} comments, {args.posts} posts")
    print(f"  acknowledged (verified + stored + queued): {args.posts / stored_s:,.0f} posts/s, "
          f"{stored_s / deliveries * 1000:.1f} ms per delivery")  # fmt: skip
    print(f"  processed (understood, linked, prioritised, routed): {args.posts / processed_s:,.0f} posts/s")
    print(
        f"inbox first page (50): p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
