"""Outbound webhook deliveries per second, and commit-to-delivery lag, with one worker.

    .venv/bin/python bench/webhooks.py                  # a backlog of 5,000 deliveries, then 200 paced
    .venv/bin/python bench/webhooks.py --people 20000 --threads 4

A fresh SQLite database in bench/results/; the API under uvicorn and one `sampark worker`
(default 2 threads) as subprocesses; a local receiver (ThreadingHTTPServer on 127.0.0.1) that
answers 200 at once and notes when each `webhook-id` arrived. Each person created through the
API is a `person.created` event and one signed delivery.
1. Throughput: N people are created (bulk API, 500 per call) while no worker runs; then the
   worker starts and the backlog's deliveries are timed (the middle 80 % gives the steady rate).
2. Lag: with the worker running, people are created one per call at 20/s; lag is from the
   response of the call that created the person (its commit) to the delivery's arrival.
Baseline in the same run: the receiver's own rate, POSTed to by one keep-alive client.
Target (issue 6): ≥ 200 deliveries/s; p95 commit-to-action lag ≤ 2 s (see bench/automation.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_read import RESULTS, ROOT, Stats, free_port

ARRIVALS: dict[str, float] = {}
PERSON_OF: dict[str, str] = {}
LOCK = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        arrived = time.perf_counter()
        hook_id = self.headers.get("webhook-id") or ""
        if hook_id:
            try:
                person = json.loads(body)["data"]["id"]
            except (ValueError, KeyError, TypeError):
                person = ""
            with LOCK:
                ARRIVALS.setdefault(hook_id, arrived)
                PERSON_OF[hook_id] = person
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def wait_for(health: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(health, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the app did not start")


def sampark(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/sampark"), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=2, help="worker threads")
    parser.add_argument("--paced", type=int, default=200, help="people created at 20/s to measure lag")
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    db_path = RESULTS / "webhooks.db"
    var = RESULTS / "webhooks-var"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(var, ignore_errors=True)
    url = f"sqlite:///{db_path}"
    env = {**os.environ, "SAMPARK_DATABASE_URL": url, "SAMPARK_VAR_DIR": str(var)}
    sampark(env, "migrate")
    sampark(
        env,
        "users",
        "create",
        "--email",
        "bench@example.com",
        "--role",
        "admin",
        "--password",
        "bench-password-1",
    )
    token = sampark(env, "tokens", "create", "--user", "bench@example.com", "--scopes",
                    "people:read,people:write,webhooks:read,webhooks:write").splitlines()[-1]  # fmt: skip

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = f"http://127.0.0.1:{server.server_address[1]}/hook"

    # Baseline: how fast the receiver takes POSTs from one keep-alive client.
    with httpx.Client() as client:
        started = time.perf_counter()
        for _ in range(2000):
            client.post(receiver, content=b"{}")
        floor = 2000 / (time.perf_counter() - started)

    port = free_port()
    app = subprocess.Popen(  # noqa: S603  (the API and the worker share var/: its key and queue)
        [sys.executable, "-m", "uvicorn", "sampark.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/api/health")
    committed: dict[str, float] = {}
    worker: subprocess.Popen[bytes] | None = None
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        ) as api:
            api.post(
                "/webhooks", json={"url": receiver, "event_types": ["person.created"]}
            ).raise_for_status()

            def create(first: int, count: int) -> None:
                items = [
                    {
                        "given_name": f"Hook{n}",
                        "family_name": "Bench",
                        "emails": [{"email": f"hook{n}@example.com"}],
                    }
                    for n in range(first, first + count)
                ]
                r = api.post("/people/bulk", json={"items": items})
                r.raise_for_status()
                now = time.perf_counter()
                for item in r.json()["items"]:
                    committed[item["id"]] = now

            # 1. Throughput: a backlog of deliveries made while no worker runs, then one worker.
            for start in range(0, args.people, 500):
                create(start, min(500, args.people - start))
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "sampark", "worker", "--workers", str(args.threads)],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            started = time.perf_counter()
            wait_until(args.people, 600)
            backlog = sorted(ARRIVALS.values())
            # 2. Lag: the worker running, people created at a steady pace (20 per second).
            lag_from = len(ARRIVALS)
            paced_started = time.perf_counter()
            for n in range(args.paced):
                create(args.people + n, 1)
                time.sleep(max(0.0, paced_started + (n + 1) / 20 - time.perf_counter()))
            wait_until(args.people + args.paced, 120)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        app.terminate()
        app.wait(timeout=30)
        server.shutdown()

    if len(backlog) < args.people:
        raise SystemExit(f"only {len(backlog)} of {args.people} deliveries arrived")
    span = backlog[-1] - started
    steady = backlog[len(backlog) * 9 // 10] - backlog[len(backlog) // 10]
    paced_lags = [
        (ARRIVALS[h] - committed[p]) * 1000
        for h, p in PERSON_OF.items()
        if p in committed and ARRIVALS[h] >= paced_started
    ]
    stats = Stats.of(paced_lags) if paced_lags else Stats(0, 0, 0)
    print(f"Database: sqlite  worker threads: {args.threads}  load average {os.getloadavg()[0]:.1f}")
    print(
        f"Backlog of {args.people:,} deliveries: all received {span:.1f} s after the worker started "
        f"({args.people / span:,.0f}/s, worker start-up included); middle 80 %: {len(backlog) * 0.8 / steady:,.0f}/s"
    )
    print(
        f"Paced, 20 people/s with the worker running: {len(ARRIVALS) - lag_from} deliveries, "
        f"commit-to-delivery lag p50 {stats.p50:,.0f} ms, p95 {stats.p95:,.0f} ms"
    )
    print(f"Baseline: the receiver alone takes {floor:,.0f} POSTs/s from one client")
    rate = len(backlog) * 0.8 / steady
    print(
        f"Target ≥ 200 deliveries/s: {'met' if rate >= 200 else 'MISSED'}; load average {os.getloadavg()[0]:.1f}"
    )


def wait_until(count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while len(ARRIVALS) < count and time.monotonic() < deadline:
        time.sleep(0.05)


if __name__ == "__main__":
    main()
