"""SQLite's own work of a people import, without Python: the `people` rows of a database an
import filled (`bench/import.py` leaves it at `/tmp/sampark-bench-import-*/current/sampark.db`)
are copied with `INSERT … SELECT` into an empty migrated schema, in transactions of N rows, with
the full-text rows filled per transaction as the import does; CPU a row of the inserts, the
full-text rows and the commits, and of what a way builds once at the end.

    .venv/bin/python bench/import_replay.py /tmp/sampark-bench-import-…/current/sampark.db
    .venv/bin/python bench/import_replay.py DB --way no-indexes      # CREATE INDEX × 16 after
    .venv/bin/python bench/import_replay.py DB --way no-fts          # full-text 'rebuild' after
    .venv/bin/python bench/import_replay.py DB --transaction 10000
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WAYS = ("as-today", "no-indexes", "no-fts")


def empty_schema(work: Path) -> Path:
    db = work / "empty.db"
    env = {**os.environ, "SAMPARK_VAR_DIR": str(work / "var"), "SAMPARK_DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([sys.executable, "-m", "sampark.cli", "migrate"], env=env, check=True, capture_output=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path, help="a database a people import filled")
    parser.add_argument("--way", choices=WAYS, default="as-today")
    parser.add_argument("--transaction", type=int, default=2000, help="rows a transaction")
    args = parser.parse_args()
    db = empty_schema(Path(tempfile.mkdtemp(prefix="sampark-bench-replay-")))
    conn = sqlite3.connect(db, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "cache_size=-65536",
        "temp_store=MEMORY",
    ):
        conn.execute(f"PRAGMA {pragma}")  # as `sampark.db` sets them
    conn.execute("ATTACH ? AS source", (str(args.source),))
    indexes = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL"
    ).fetchall()
    if args.way == "no-indexes":
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
    conn.execute("DROP TRIGGER people_fts_insert")  # the import fills the index per transaction
    if args.way == "no-fts":
        for name in ("people_fts_update", "people_fts_delete"):
            conn.execute(f"DROP TRIGGER {name}")
    columns = ", ".join(row[1] for row in conn.execute("PRAGMA main.table_info(people)"))
    last = conn.execute("SELECT max(rowid) FROM source.people").fetchone()[0] or 0
    rows = conn.execute("SELECT count(*) FROM source.people").fetchone()[0]
    step = args.transaction
    insert = fts = commit = 0.0
    for low in range(0, last, step):
        conn.execute("BEGIN IMMEDIATE")
        started = time.process_time()
        conn.execute(
            f"INSERT INTO main.people ({columns}) SELECT {columns} FROM source.people WHERE rowid > ? AND rowid <= ?",
            (low, low + step),
        )
        inserted = time.process_time()
        if args.way != "no-fts":
            conn.execute(
                "INSERT INTO people_fts(rowid, search_text) SELECT rowid, search_text FROM people WHERE rowid > ?",
                (low,),
            )
        filled = time.process_time()
        conn.execute("COMMIT")
        insert, fts, commit = (
            insert + inserted - started,
            fts + filled - inserted,
            commit + time.process_time() - filled,
        )
    started = time.process_time()
    if args.way == "no-indexes":
        for _, sql in indexes:
            conn.execute(sql)
    if args.way == "no-fts":
        conn.execute("INSERT INTO people_fts(people_fts) VALUES ('rebuild')")
    after = time.process_time() - started

    def us(seconds: float) -> str:
        return f"{1e6 * seconds / rows:5.1f}"

    print(
        f"{rows:,} people, {args.way}, transactions of {step:,}: µs a row — insert {us(insert)},"
        f" full-text {us(fts)}, commit {us(commit)}, after {us(after)};"
        f" total {us(insert + fts + commit + after)}"
    )


if __name__ == "__main__":
    main()
