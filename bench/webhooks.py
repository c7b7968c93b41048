"""Outbound webhook deliveries per second, and commit-to-delivery lag, with one worker.

    .venv/bin/python bench/webhooks.py                  # 5,000 people created → 5,000 deliveries
    .venv/bin/python bench/webhooks.py --people 20000 --threads 4

A fresh SQLite database in bench/results/; the API under uvicorn and one `sampark worker`
(default 2 threads) as subprocesses; a local receiver (ThreadingHTTPServer on 127.0.0.1) that
answers 200 at once and notes when each `webhook-id` arrived. People are created through the
bulk API (500 per call); each creation is a `person.created` event and one signed delivery.
Lag: from the response of the call that created the person (its commit) to the delivery's
arrival. Baseline in the same run: the receiver's own rate, POSTed to by one keep-alive client.
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
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sampark", "worker", "--workers", str(args.threads)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    committed: dict[str, float] = {}
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        ) as api:
            made = api.post("/webhooks", json={"url": receiver, "event_types": ["person.created"]})
            made.raise_for_status()
            time.sleep(2.0)  # let the worker start its threads
            started = time.perf_counter()
            for start in range(0, args.people, 500):
                items = [
                    {
                        "given_name": f"Hook{n}",
                        "family_name": "Bench",
                        "emails": [{"email": f"hook{n}@example.com"}],
                    }
                    for n in range(start, min(args.people, start + 500))
                ]
                r = api.post("/people/bulk", json={"items": items})
                r.raise_for_status()
                now = time.perf_counter()
                for item in r.json()["items"]:
                    committed[item["id"]] = now
            created = time.perf_counter() - started
            deadline = time.monotonic() + 600
            while len(ARRIVALS) < args.people and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.terminate()
        app.wait(timeout=30)
        server.shutdown()

    arrived = sorted(ARRIVALS.values())
    if not arrived:
        raise SystemExit("no delivery arrived")
    span = arrived[-1] - started
    lags = [(ARRIVALS[h] - committed[p]) * 1000 for h, p in PERSON_OF.items() if p in committed]
    stats = Stats.of(lags)
    rate = len(arrived) / span
    print(
        f"Database: sqlite  people created: {args.people:,} in {created:.1f} s  worker threads: {args.threads}"
    )
    print(
        f"Deliveries: {len(arrived):,} received in {span:.1f} s from the first create: {rate:,.0f} deliveries/s"
    )
    print(f"Commit-to-delivery lag: p50 {stats.p50:,.0f} ms, p95 {stats.p95:,.0f} ms")
    print(f"Baseline: the receiver alone takes {floor:,.0f} POSTs/s from one client")
    print(
        f"Target ≥ 200 deliveries/s: {'met' if rate >= 200 else 'MISSED'}; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
