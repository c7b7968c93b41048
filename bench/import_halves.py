"""The two halves of `sampark import people`, one after the other in one process, each timed in
CPU seconds (`time.process_time`, steady under load where the wall clock is not): preparing
every batch (the preparing process's work), pickling and unpickling them (the pipe between the
two processes), and writing them with their commits (the writing process's work). Start-up is
left out, so these are the steady per-row costs that set the pipeline's rate on two cores.

    .venv/bin/python bench/import_halves.py --rows 50000
    .venv/bin/python bench/import_halves.py --rows 50000 --statements   # CPU per SQL statement
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/import_halves.py   # older code, same harness
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import pickle
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _generate(path: Path, rows: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(path, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--statements", action="store_true", help="CPU of each SQL statement while writing")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sampark-bench-halves-"))
    os.environ["SAMPARK_VAR_DIR"] = str(work / "var")
    os.environ["SAMPARK_DATABASE_URL"] = f"sqlite:///{work / 'sampark.db'}"
    data = work / "people.csv"
    _generate(data, args.rows)

    from sampark.db import get_database
    from sampark.imports import service

    try:
        from sampark.imports.preparer import GC_EVERY
    except ImportError:  # older code: before imports/preparer.py
        GC_EVERY = service.GC_EVERY  # type: ignore[attr-defined]
    from sampark.migrate import upgrade
    from sampark.settings import get_settings
    from sampark.sources import service as sources

    upgrade(get_settings().database_url)
    db = get_database()
    with db.session() as session:
        job = service.create_job(
            session, service.NewJob("people", "Bench CRM", data.name, data), None, "bench"
        )
        job_id, source_id = job.id, job.source_id
        plan = service.Plan(
            "people", job.stored_path, service._info(job), 0, args.batch, None, dict(job.mapping),
            get_settings().default_region, False,
        )  # fmt: skip
    spent: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()
    if args.statements:
        _time_statements(db, spent, calls)

    gc.set_threshold(GC_EVERY, *gc.get_threshold()[1:])  # as run_job does
    start = time.process_time()
    ready = list(plan.batches())
    prepared = time.process_time()
    blobs = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in ready]
    pickled = time.process_time()
    del ready
    ready = [pickle.loads(b) for b in blobs]  # noqa: S301 - our own batches, as the pipe sends them
    unpickled = time.process_time()
    # Transactions as `run_job` makes them: several batches each where the code groups them
    # (`service._Transaction`), one batch each in older code.
    grouping = getattr(service, "_Transaction", None)
    pending = iter(ready)
    batch = next(pending, None)
    while batch is not None:
        with db.session() as session:
            job = service.load(session, job_id)
            source = sources.refs_by_id(session, {source_id}).get(source_id)  # type: ignore[arg-type]
            open_ = grouping() if grouping is not None else None
            while batch is not None:
                result = service._apply(session, service.TARGETS["people"], source, batch, False)
                service._checkpoint(session, job, batch.rows, result)
                full = open_ is None or open_.full(batch.rows)
                batch = next(pending, None)
                if full:
                    break
    written = time.process_time()

    def per_row(seconds: float) -> str:
        return f"{1e6 * seconds / args.rows:6.1f} µs"

    print(f"{args.rows:,} rows, batch {args.batch:,}; CPU a row:")
    print(f"  prepare  {per_row(prepared - start)}   (the preparing process)")
    print(f"  pickle   {per_row(pickled - prepared)}   (the preparing process, sending)")
    print(f"  unpickle {per_row(unpickled - pickled)}   (the writing process, receiving)")
    print(f"  write    {per_row(written - unpickled)}   (the writing process: resolve, insert, commit)")
    for name in sorted(spent, key=spent.__getitem__, reverse=True)[:15]:
        print(f"    {per_row(spent[name])} {calls[name]:5d}×  {name}")
    with sqlite3.connect(work / "sampark.db") as conn:
        people, records = conn.execute(
            "SELECT (SELECT count(*) FROM people WHERE deleted_at IS NULL), (SELECT count(*) FROM source_records)"
        ).fetchone()
    print(f"  {records:,} source records → {people:,} people")


def _time_statements(db: Any, spent: defaultdict[str, float], calls: Counter[str]) -> None:
    """CPU per statement (SQLAlchemy's cursor events), per bulk insert (`core.rawinsert`,
    which bypasses them) and for the commits."""
    from sqlalchemy import event

    from sampark.core import rawinsert

    engine = db.write_engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, *_: Any) -> None:
        conn.info["started"] = time.process_time()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        name = " ".join(statement.split())[:70]
        spent[name] += time.process_time() - conn.info["started"]
        calls[name] += 1

    do_commit = engine.dialect.do_commit

    def commit(connection: Any) -> None:
        started = time.process_time()
        do_commit(connection)
        spent["COMMIT"] += time.process_time() - started
        calls["COMMIT"] += 1

    engine.dialect.do_commit = commit  # type: ignore[method-assign]
    # Older code has only insert_rows; newer insert_rows goes through insert_tuples.
    name = "insert_tuples" if hasattr(rawinsert, "insert_tuples") else "insert_rows"
    insert = getattr(rawinsert, name)

    def timed(session: Any, into: Any, *rest: Any, **named: Any) -> None:
        started = time.process_time()
        insert(session, into, *rest, **named)
        spent[f"insert into {into.name} (core.rawinsert)"] += time.process_time() - started
        calls[f"insert into {into.name} (core.rawinsert)"] += 1

    setattr(rawinsert, name, timed)


if __name__ == "__main__":
    main()
