"""A real SIGKILL of the server while tracking batches stream in, then a restart and the
library's retries: every acknowledged event is kept (in the inbox) exactly once; then a SIGKILL
of the worker's drain half-way, and a second drain: every event is stored exactly once."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import write_key_auth

BATCHES = 400
PER_BATCH = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "sampark.cli",
        "serve",
        "--no-demo",
        "--no-worker",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start")


def _batch(n: int) -> dict[str, object]:
    return {
        "batch": [
            {
                "type": "track",
                "event": "Viewed product",
                "anonymousId": f"anon-{n % 37}",
                "messageId": f"m-{n}-{i}",
                "properties": {"sku": f"SKU-{i}"},
            }
            for i in range(PER_BATCH)
        ]
    }


@pytest.mark.skipif(
    os.environ.get("SAMPARK_TEST_DATABASE_URL") is not None, reason="file-database crash test"
)
def test_killed_server_keeps_every_acknowledged_event_once(tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    env = {**os.environ, "SAMPARK_VAR_DIR": str(tmp_path / "var"), "SAMPARK_DATABASE_URL": f"sqlite:///{db}"}
    run = [sys.executable, "-m", "sampark.cli"]
    subprocess.run([*run, "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    created = subprocess.run(  # noqa: S603
        [*run, "sources", "create", "Shop site"], env=env, check=True, capture_output=True, text=True
    )
    key = created.stdout.strip().splitlines()[-1].strip()
    auth = write_key_auth(key)

    port = _free_port()
    server = _serve(env, port)
    acknowledged: list[int] = []
    stop = threading.Event()

    def send() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=auth, timeout=10) as client:
            for n in range(BATCHES):
                if stop.is_set():
                    return
                try:
                    r = client.post("/v1/batch", json=_batch(n))
                except httpx.HTTPError:
                    return  # the server died under us: this batch was not acknowledged
                if r.status_code == 200:
                    acknowledged.append(n)

    sender = threading.Thread(target=send)
    sender.start()
    try:
        deadline = time.monotonic() + 120
        while len(acknowledged) < 20 and sender.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sender.is_alive(), "every batch went through before the kill"
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
    finally:
        stop.set()
        sender.join()
        if server.poll() is None:
            server.kill()
    assert 20 <= len(acknowledged) < BATCHES

    with sqlite3.connect(db) as conn:  # what was acknowledged survived the kill (in the inbox)
        ids = {row[0] for row in conn.execute("SELECT message_id FROM tracking_inbox")}
    missing = [n for n in acknowledged if not {f"m-{n}-{i}" for i in range(PER_BATCH)} <= ids]
    assert missing == []

    # The library retries everything it has not seen acknowledged — and, being cautious, a few
    # acknowledged batches too: replays are stored once.
    server = _serve(env, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=auth, timeout=30) as client:
            for n in range(max(acknowledged) - 5, BATCHES):
                assert client.post("/v1/batch", json=_batch(n)).status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT message_id) FROM tracking_inbox"
        ).fetchone()
    assert (total, distinct) == (BATCHES * PER_BATCH, BATCHES * PER_BATCH)

    # The worker's drain, killed after its first batches: run again, every event is stored once.
    drain_env = {**env, "SAMPARK_TRACKING_DRAIN_BATCH": "1000"}
    worker = subprocess.Popen(  # noqa: S603
        [*run, "jobs", "run-pending"], env=drain_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    stored = 0
    while worker.poll() is None and time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        if stored >= 2000:
            break
        time.sleep(0.02)
    if worker.poll() is None:
        os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    with sqlite3.connect(db) as conn:
        stored, waiting = conn.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM tracking_inbox)"
        ).fetchone()
    assert stored + waiting == BATCHES * PER_BATCH  # a batch moves whole or not at all
    # A worker started again finds the rest on its periodic round (each second here) and drains it.
    worker_env = {**env, "SAMPARK_JOBS_EVERY_SECONDS": '{"tracking.drain": 1}'}
    worker = subprocess.Popen(  # noqa: S603
        [*run, "worker"], env=worker_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with sqlite3.connect(db) as conn:
                if conn.execute("SELECT count(*) FROM tracking_inbox").fetchone()[0] == 0:
                    break
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        total, distinct, waiting = conn.execute(
            "SELECT count(*), count(DISTINCT message_id), (SELECT count(*) FROM tracking_inbox) FROM events"
        ).fetchone()
    assert (total, distinct, waiting) == (BATCHES * PER_BATCH, BATCHES * PER_BATCH, 0)
