"""A real SIGKILL half-way through `sampark import`, then a resume: every row exactly once."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 30_000


def _write(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Contact ID", "First Name", "Last Name", "Email", "Mailing City"])
        for i in range(ROWS):
            w.writerow([f"C{i:06d}", f"Given{i}", f"Family{i % 977}", f"person{i}@example.com", "Dhaka"])


def _processed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            row = conn.execute("SELECT max(processed_rows) FROM import_jobs").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0) if row else 0


def _gone(argument: str, seconds: float) -> bool:
    """No process whose command line names `argument` is left (where /proc tells)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for entry in proc.iterdir():
            try:
                if entry.name.isdigit() and argument.encode() in (entry / "cmdline").read_bytes():
                    alive.append(entry.name)
            except OSError:
                continue
        if not alive:
            return True
        if time.monotonic() > deadline:
            for pid in alive:  # do not leave them behind for the next test
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass
            return False
        time.sleep(0.1)


@pytest.mark.skipif(
    os.environ.get("SAMPARK_TEST_DATABASE_URL") is not None, reason="file-database crash test"
)
def test_killed_import_resumes_without_duplicates(tmp_path: Path) -> None:
    data = tmp_path / "contacts.csv"
    _write(data)
    db = tmp_path / "crash.db"
    env = {
        **os.environ,
        "SAMPARK_VAR_DIR": str(tmp_path / "var"),
        "SAMPARK_DATABASE_URL": f"sqlite:///{db}",
    }
    cmd = [
        sys.executable,
        "-m",
        "sampark.cli",
        "import",
        "people",
        str(data),
        "--source",
        "Salesforce",
        "--batch",
        "500",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        deadline = time.monotonic() + 300
        while _processed(db) < 1500 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the import ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # Its preparing process (forked: the CLI runs one thread) notices and ends on its own.
    assert _gone(str(data), seconds=30), "the preparing process outlived the killed import"
    checkpoint = _processed(db)
    assert 0 < checkpoint < ROWS

    with sqlite3.connect(db) as conn:
        status = conn.execute("SELECT status FROM import_jobs").fetchone()[0]
        assert status == "running"  # as the kill left it
        # Everything acknowledged (committed with the checkpoint) is there exactly once.
        assert conn.execute("SELECT count(*) FROM source_records").fetchone()[0] == checkpoint

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Resuming import" in again.stdout

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), min(status) FROM import_jobs").fetchone() == (1, "done")
        assert conn.execute("SELECT processed_rows FROM import_jobs").fetchone()[0] == ROWS
        assert conn.execute("SELECT count(*), count(DISTINCT source_key) FROM source_records").fetchone() == (
            ROWS,
            ROWS,
        )
        assert conn.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0] == ROWS
        assert conn.execute("SELECT count(DISTINCT person_id) FROM source_records").fetchone()[0] == ROWS
        dupes = conn.execute(
            "SELECT count(*) FROM (SELECT value FROM identities WHERE kind = 'email' GROUP BY value HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dupes == 0
