"""Offline sync figures: initial sync of a 10,000-record scope, an incremental sync with 50
changes, a push of 500 mutations — next to the REST list paging through the same records.

    .venv/bin/python bench/sync.py                    # SQLite file in a temporary directory
    .venv/bin/python bench/sync.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/sync.py --records 50000
    .venv/bin/python bench/sync.py --profile /tmp/push.prof   # cProfile of the push (pstats file)

The app runs in-process behind Starlette's TestClient (the full ASGI stack: auth, JSON,
validation), so "CPU" is this process's CPU time: server and the thin client together.
Targets on this machine: initial ≤ 3 s, incremental ≤ 200 ms, push ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-1"  # noqa: S105  (a throw-away data set)
TARGETS = {"initial": 3.0, "incremental": 0.2, "push": 1.0}


def measure(label: str, fn: Callable[[], tuple[int, int]], target: float | None = None) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    nbytes, requests = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    verdict = "" if target is None else ("  ok" if wall <= target else f"  OVER target {target:.2f} s")
    print(
        f"{label:<44} {wall * 1000:9.0f} ms wall {cpu * 1000:9.0f} ms CPU {nbytes / 1e6:8.2f} MB {requests:5d} req{verdict}"
    )
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", default="", help="write a cProfile of the push to this file")
    parser.add_argument(
        "--push-repeat", type=int, default=0,
        help="push N more batches of 500 (edits at the current version) and print the least CPU",
    )  # fmt: skip
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sampark-bench-sync-"))
    os.environ["SAMPARK_VAR_DIR"] = str(workdir)
    schema = None
    url = args.database_url or f"sqlite:///{workdir / 'sync.db'}"
    if url.startswith("postgresql"):
        import psycopg

        schema = "bench_sync_" + uuid.uuid4().hex[:8]
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema},public"
    os.environ["SAMPARK_DATABASE_URL"] = url
    try:
        run(url, args.records, args.profile, args.push_repeat)
    finally:
        if schema:
            import psycopg

            raw = args.database_url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(raw, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def run(url: str, records: int, profile: str = "", push_repeat: int = 0) -> None:
    from fastapi.testclient import TestClient

    from sampark.app import create_app
    from sampark.auth.service import create_token_for_cli
    from sampark.core.context import Ctx
    from sampark.core.ids import new_id
    from sampark.core.permissions import ALL_SCOPES, Principal, Role
    from sampark.db import Database
    from sampark.migrate import upgrade
    from sampark.people import service as people
    from sampark.people.schemas import PersonCreate
    from sampark.settings import get_settings
    from sampark.users import service as users
    from sampark.users.schemas import UserCreate

    get_settings.cache_clear()
    upgrade(url)
    db = Database(url)
    with db.session() as session:
        ctx = Ctx(session, Principal(user_id=uuid.UUID(int=0), email="system", role=Role.admin))
        rep = users.create_user(
            ctx,
            UserCreate(email="rep@example.com", display_name="Rep", role=Role.sales, password=PASSWORD),
        )
    load_start = time.perf_counter()
    with db.session() as session:
        batch = [
            (new_id(), PersonCreate(given_name=f"Customer {i}", city="Sylhet", owner_id=rep.id,
                                    phones=[{"number": f"+8801711{i:06d}"}]))  # type: ignore[list-item]
            for i in range(records)
        ]  # fmt: skip
        people.create_many_from_source(session, batch, "bench")
    with db.session() as session:
        token = create_token_for_cli(session, "rep@example.com", "bench", list(ALL_SCOPES))
    print(
        f"{records:,} people owned by one sales rep, loaded in {time.perf_counter() - load_start:.1f} s ({db.read_engine.dialect.name})"
    )
    client = TestClient(create_app(db))
    auth = {"Authorization": f"Bearer {token}"}
    device = client.post("/api/v1/sync/devices", json={"name": "bench phone"}, headers=auth).json()["id"]
    headers = {**auth, "X-Sampark-Device": device}
    state: dict[str, Any] = {}

    def rest_baseline() -> tuple[int, int]:
        nbytes, requests, cursor, seen = 0, 0, None, 0
        while True:
            params: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
            response = client.get("/api/v1/people", params=params, headers=auth)
            nbytes, requests = nbytes + len(response.content), requests + 1
            page = response.json()
            seen += len(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                assert seen == records, seen
                return nbytes, requests

    def pull(expect: int | None = None, limit: int = 2000) -> tuple[int, int]:
        nbytes, requests, got = 0, 0, 0
        while True:
            params: dict[str, Any] = {
                "limit": limit,
                **({"cursor": state["cursor"]} if state.get("cursor") else {}),
            }
            response = client.get("/api/v1/sync/pull", params=params, headers=headers)
            assert response.status_code == 200, response.text
            nbytes, requests = nbytes + len(response.content), requests + 1
            page = response.json()
            got += len(page["upserts"]) + len(page["tombstones"])
            state["cursor"] = page["next_cursor"]
            if not page["has_more"]:
                assert expect is None or got >= expect, (got, expect)
                return nbytes, requests

    def server_changes() -> list[str]:
        page = client.get("/api/v1/people", params={"limit": 50}, headers=auth).json()["items"]
        for item in page:
            client.patch(
                f"/api/v1/people/{item['id']}", json={"city": "Habiganj"},
                headers={**auth, "If-Match": str(item["version"])},
            )  # fmt: skip
        return [item["id"] for item in page]

    def push(round_: int = 0, versions: dict[str, int] | None = None) -> tuple[int, int]:
        mutations: list[dict[str, Any]] = []
        for i in range(250):
            mutations.append({"client_mutation_id": str(uuid.uuid4()), "type": "people", "id": str(new_id()),
                              "op": "create", "fields": {"given_name": f"Offline {round_} {i}", "phones": [{"number": f"01{812 + round_}{i:06d}"}]}})  # fmt: skip
        for key, item in list(state["held"].items())[:250]:
            mutations.append({"client_mutation_id": str(uuid.uuid4()), "type": "people", "id": key, "op": "update",
                              "fields": {"city": f"Moulvibazar {round_}"}, "base": {"city": item},
                              "base_version": (versions or {}).get(key, 1)})  # fmt: skip
        response = client.post("/api/v1/sync/push", json={"mutations": mutations}, headers=headers)
        assert response.status_code == 200, response.text
        statuses = {r["status"] for r in response.json()["results"]}
        assert statuses <= {"applied", "conflict"}, statuses
        return len(response.content), 1

    def rest_push() -> tuple[int, int]:
        creates = [{"given_name": f"Bulk {i}", "phones": [{"number": f"01912{i:06d}"}]} for i in range(250)]
        first = client.post("/api/v1/people/bulk", json={"items": creates}, headers=auth)
        items = client.get(
            "/api/v1/people", params={"limit": 200, "sort": "created_at"}, headers=auth
        ).json()["items"]
        more = client.get("/api/v1/people", params={"limit": 50, "sort": "-created_at"}, headers=auth).json()[
            "items"
        ]
        edits = [
            {"id": i["id"], "version": i["version"], "changes": {"city": "Sunamganj"}} for i in items + more
        ]
        second = client.patch("/api/v1/people/bulk", json={"items": edits}, headers=auth)
        assert first.status_code == 200, first.text
        assert second.status_code == 200, second.text
        return len(first.content) + len(second.content), 4

    print(f"{'':<44} {'time':>12} {'':>8} {'CPU':>8} {'':>8} {'bytes':>8}")
    measure(f"baseline: REST list, {records:,} people, 200/page", rest_baseline)
    measure(f"initial sync: {records:,} records, 2,000/page", lambda: pull(records), TARGETS["initial"])
    state["held"] = {
        item["id"]: item["city"]
        for item in client.get(
            "/api/v1/people", params={"limit": 200, "sort": "created_at"}, headers=auth
        ).json()["items"]
        if item["version"] == 1
    }
    changed = server_changes()
    measure("incremental sync: 50 changes", lambda: pull(len(changed)), TARGETS["incremental"])
    measure("incremental sync: nothing changed", lambda: pull(0))
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        measure("push: 500 mutations (profiled)", lambda: profiler.runcall(push), TARGETS["push"])
        profiler.dump_stats(profile)
    else:
        measure("push: 500 mutations (250 creates, 250 edits)", push, TARGETS["push"])
    best: list[float] = []
    for round_ in range(1, push_repeat + 1):
        current = {
            item["id"]: item
            for item in client.get(
                "/api/v1/people", params={"limit": 200, "sort": "created_at"}, headers=auth
            ).json()["items"]
        }
        state["held"] = {key: current[key]["city"] for key in state["held"] if key in current}
        versions = {key: current[key]["version"] for key in state["held"]}
        cpu = time.process_time()
        measure(f"push again, round {round_}", lambda r=round_, v=versions: push(r, v))  # type: ignore[misc]
        best.append(time.process_time() - cpu)
    if best:
        print(f"push again: least CPU of {len(best)} rounds {min(best) * 1000:.0f} ms")
    measure("baseline: REST bulk, 250 creates + 250 edits", rest_push)


if __name__ == "__main__":
    main()
