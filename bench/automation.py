"""Workflow rules under load: rule evaluations per second, and the lag from a change's commit
to its rule's action done with one worker — next to the bare update rate, in the same run.

    .venv/bin/python bench/automation.py                    # 100,000 updates, 20 rules, SQLite
    .venv/bin/python bench/automation.py --updates 20000 --lag-updates 2000 --lag-rates 0,50

A fresh SQLite database and queue in bench/results/automation/ (git-ignored). Phases:

1. baseline: `--updates` person updates through `people.service.update_person` (one commit per
   `--batch` updates), with no rule and no consumer: the bare update rate.
2. evaluation: 20 active rules on people (updated / field_changed triggers, filter conditions);
   the same number of updates again, then the events consumer works off the backlog in this
   process: (events × rules) / seconds. About 1 % of the updates meet a rule that tags the person.
3. lag: a `sampark worker` subprocess (one thread) runs while `--lag-updates` updates are made,
   one commit each; for each run started, finished_at − the commit time of its change.

Targets (issue 6): ≥ 2,000 rule evaluations/s; p95 commit-to-action lag ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results" / "automation"
PASSWORD = "bench password 1"  # noqa: S105  (throw-away users of a throw-away database)
TARGET_EVALS = 2000.0
TARGET_P95_LAG = 2.0
CITIES = ["Dhaka", "Sylhet", "Khulna", "Rajshahi", "Chattogram", "Barishal", "Rangpur", "Mymensingh"]


def setup_env() -> str:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    url = f"sqlite:///{WORK / 'sampark.db'}"
    os.environ["SAMPARK_VAR_DIR"] = str(WORK)
    os.environ["SAMPARK_DATABASE_URL"] = url
    os.environ.setdefault("SAMPARK_DEFAULT_REGION", "BD")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=100, help="updates per commit in phases 1 and 2")
    parser.add_argument("--lag-updates", type=int, default=3_000)
    parser.add_argument("--rules", type=int, default=20)
    parser.add_argument(
        "--lag-rates",
        type=lambda text: [float(x) for x in text.split(",")],
        default=[0.0, 50.0],
        help="update rates (per second) to measure the lag at; 0 = as fast as one writer goes",
    )
    parser.add_argument("--skip-baseline", action="store_true", help="skip phases 1 and 2 (lag only)")
    args = parser.parse_args()

    url = setup_env()
    from sqlalchemy import select

    import sampark.handlers  # noqa: F401
    from sampark.core.audit import AuditEntry
    from sampark.core.context import Ctx
    from sampark.core.errors import PreconditionFailed
    from sampark.core.permissions import Principal, Role
    from sampark.db import Database
    from sampark.jobs import events
    from sampark.migrate import upgrade
    from sampark.people import service as people
    from sampark.people.schemas import PersonCreate, PersonUpdate
    from sampark.users import service as users
    from sampark.users.schemas import TeamCreate, UserCreate
    from sampark.workflows import service as workflows
    from sampark.workflows.models import WorkflowRun
    from sampark.workflows.schemas import WorkflowIn

    upgrade(url)
    db = Database(url)
    boot = Principal(user_id=uuid.UUID(int=0), email="bench", role=Role.admin)
    with db.session() as session:
        ctx = Ctx(session, boot)
        team = users.create_team(ctx, TeamCreate(name="Inside"))
        admin = users.create_user(
            ctx,
            UserCreate(email="admin@example.com", display_name="Admin", role=Role.admin, password=PASSWORD),
        )
        for i in range(4):
            users.create_user(
                ctx,
                UserCreate(
                    email=f"s{i}@example.com",
                    display_name=f"Sales {i}",
                    role=Role.sales,
                    password=PASSWORD,
                    team_ids=[team.id],
                ),
            )
    me = Principal(user_id=admin.id, email="admin@example.com", role=Role.admin)
    rng = random.Random(1)
    ids: list[uuid.UUID] = []
    started = time.perf_counter()
    for start in range(0, args.people, 1000):
        with db.session() as session:
            ctx = Ctx(session, me)
            for i in range(start, min(args.people, start + 1000)):
                out = people.create_person(
                    ctx, PersonCreate(given_name=f"P{i}", family_name="Bench", city=rng.choice(CITIES))
                )
                ids.append(out.id)
    print(f"setup: {args.people:,} people in {time.perf_counter() - started:.1f} s")
    versions = dict.fromkeys(ids, 1)

    def update_many(count: int, batch: int, hot_every: int) -> float:
        """`count` updates of a random person's lead_source; every `hot_every`-th sets 'hot'."""
        t0 = time.perf_counter()
        done = 0
        while done < count:
            with db.session() as session:
                ctx = Ctx(session, me)
                for _ in range(min(batch, count - done)):
                    pid = rng.choice(ids)
                    done += 1
                    source = "hot" if hot_every and done % hot_every == 0 else f"src{rng.randrange(50)}"
                    try:
                        out = people.update_person(ctx, pid, PersonUpdate(lead_source=source), versions[pid])
                    except PreconditionFailed as exc:  # a rule changed the person meanwhile
                        version = int(exc.extra["current"]["version"])
                        out = people.update_person(ctx, pid, PersonUpdate(lead_source=source), version)
                    versions[pid] = out.version
        return time.perf_counter() - t0

    # 1. baseline
    if args.skip_baseline:
        args.updates = 0
    elapsed = update_many(args.updates, args.batch, 0) or 1e-9
    base_rate = args.updates / elapsed
    print(f"baseline: {args.updates:,} updates in {elapsed:.1f} s = {base_rate:,.0f} updates/s (no rules)")

    # 2. rules, then evaluation of a backlog
    def rule_body(i: int) -> dict[str, Any]:
        tag = {"type": "add_tag", "tag": f"r{i}"}
        if i == 0:  # the one that acts: lead_source changed to "hot"
            trigger = {"type": "field_changed", "field": "lead_source", "to_value": "hot"}
            return {"trigger": trigger, "actions": [{"type": "add_tag", "tag": "hot"}], "condition": None}
        if i % 2:
            cond = {
                "and": [
                    {"field": "city", "op": "eq", "value": "Nowhere"},
                    {"field": "tags", "op": "has", "value": "x"},
                ]
            }
            return {"trigger": {"type": "updated"}, "actions": [tag], "condition": cond}
        trigger = {"type": "field_changed", "field": "lead_source", "to_value": f"never{i}"}
        return {
            "trigger": trigger,
            "actions": [tag],
            "condition": {"field": "lifecycle_stage", "op": "eq", "value": "lead"},
        }

    with db.session() as session:
        ctx = Ctx(session, me)
        for i in range(args.rules):
            body = rule_body(i)
            workflows.create_workflow(
                ctx,
                WorkflowIn.model_validate(
                    {"name": f"Rule {i}", "object_type": "people", "active": True, **body}
                ),
            )
    events.dispatch_once(db)  # the consumers' checkpoint: from now
    elapsed = update_many(args.updates, args.batch, 100) or 1e-9
    print(f"with {args.rules} rules (no consumer running): {args.updates / elapsed:,.0f} updates/s")
    t0 = time.perf_counter()
    while events.dispatch_once(db, batch=2000):
        pass
    consume = time.perf_counter() - t0 or 1e-9
    evals = args.updates * args.rules
    print(
        f"evaluation: {args.updates:,} events × {args.rules} rules in {consume:.1f} s = "
        f"{evals / consume:,.0f} rule evaluations/s ({args.updates / consume:,.0f} events/s; "
        f"target ≥ {TARGET_EVALS:,.0f})"
    )

    # 3. lag with one worker
    from sampark.jobs.queue import drain

    drain(db)  # work off phase 2's runs first, in this process

    def done_runs(exclude: set[uuid.UUID]) -> list[Any]:
        with db.session(write=False) as session:
            stmt = select(WorkflowRun.id, WorkflowRun.finished_at, WorkflowRun.event_seq, WorkflowRun.status)
            return [r for r in session.execute(stmt) if r[0] not in exclude]

    def measure_lag(rate: float) -> None:
        before = {r[0] for r in done_runs(set())}
        t0 = time.perf_counter()
        for n in range(args.lag_updates):
            update_many(1, 1, 1 if (n + 1) % 20 == 0 else 0)
            if rate:
                time.sleep(max(0.0, t0 + (n + 1) / rate - time.perf_counter()))
        elapsed = time.perf_counter() - t0
        expected = args.lag_updates // 20
        # An update that sets "hot" on a person already hot changes nothing and starts no run:
        # wait for `expected` runs, or for the count to hold still for 5 s with none unfinished.
        deadline, rows, seen, still_since = time.monotonic() + 120, [], -1, time.monotonic()
        while time.monotonic() < deadline:
            rows = done_runs(before)
            finished = all(r[3] == "done" for r in rows)
            if len(rows) != seen:
                seen, still_since = len(rows), time.monotonic()
            if finished and (len(rows) >= expected or time.monotonic() - still_since > 5):
                break
            time.sleep(0.5)
        with db.session(write=False) as session:
            committed = dict(
                session.execute(
                    select(AuditEntry.seq, AuditEntry.occurred_at).where(
                        AuditEntry.seq.in_([r[2] for r in rows])
                    )
                ).all()
            )
        lags = sorted((r[1] - committed[r[2]]).total_seconds() for r in rows if r[1] and r[2] in committed)
        if not lags:
            print("lag: no runs finished")
            return
        p95 = lags[min(len(lags) - 1, int(len(lags) * 0.95))]
        pace = f"paced at {rate:,.0f}/s" if rate else "as fast as one writer goes"
        print(
            f"lag ({pace}): {args.lag_updates:,} updates at {args.lag_updates / elapsed:,.0f}/s, one commit "
            f"each; {len(lags)} runs; commit→action p50 {statistics.median(lags):.2f} s, p95 {p95:.2f} s, "
            f"max {lags[-1]:.2f} s (target p95 ≤ {TARGET_P95_LAG} s)"
        )

    worker = subprocess.Popen(
        [sys.executable, "-m", "sampark", "worker", "--workers", "1", "--tick", "0.2"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        for rate in args.lag_rates:
            measure_lag(rate)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
