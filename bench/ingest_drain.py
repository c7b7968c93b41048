"""The tracking drain alone, on one saved inbox: CPU per event of `tracking.inbox.drain`, and how
much of it is spent inside write transactions (SQLite's write lock, which calls wait for).

The bench's traffic (as `bench/ingest.py`) is accepted in-process into a fresh SQLite database
once (`inbox.accept`, also timed: CPU per event of the accept step without HTTP); then a fresh
copy of that inbox is drained `--repeat` times. Run it with another tree's `src/` first on
PYTHONPATH to compare in the same minutes (the database is migrated by that tree's code):

    .venv/bin/python bench/ingest_drain.py --events 100000 --visitors 10000
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/ingest_drain.py --events 100000 --visitors 10000
    .venv/bin/python bench/ingest_drain.py --events 20000 --visitors 2000 --profile
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_read import RESULTS
from ingest import sampark, traffic


def _fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--visitors", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile one drain (CPU time)")
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    saved, copy = RESULTS / "drain-inbox.db", RESULTS / "drain-copy.db"
    _fresh(saved)
    url = f"sqlite:///{saved}"
    os.environ["SAMPARK_DATABASE_URL"] = url
    os.environ["SAMPARK_VAR_DIR"] = str(RESULTS / "var")  # the CLI's: write keys are hashed with its secret
    sampark(url, "migrate")
    key = sampark(url, "sources", "create", "Bench website", "--kind", "web").splitlines()[-1]

    code = importlib.import_module("sampark")
    importlib.import_module("sampark.handlers")  # the drain job's kind, which accept enqueues
    from sampark.db import Database
    from sampark.sources import service as sources
    from sampark.tracking import inbox

    print(f"code: {Path(code.__file__).parent}  load average {os.getloadavg()[0]:.1f}")
    messages = traffic(args.events, args.visitors, seed=1)
    db = Database(url)
    with db.session(write=False) as session:
        source = sources.find_by_write_key(session, key)
    assert source is not None
    gc.collect()
    gc.freeze()
    cpu0 = time.process_time()
    for start in range(0, len(messages), 500):
        with db.session() as session:
            inbox.accept(session, source, messages[start : start + 500], None, "batch")
    accept_cpu = time.process_time() - cpu0
    db.dispose()  # checkpoints the WAL into the file that is copied
    del messages
    gc.collect()
    print(f"accept (in-process, 500 a call): {accept_cpu / args.events * 1e6:.1f} µs CPU an event")

    locked = [0.0]
    plain = Database.session

    @contextlib.contextmanager
    def timed(self: Database, *, write: bool = True) -> Iterator[Any]:
        if not write:
            with plain(self, write=False) as session:
                yield session
            return
        started = time.process_time()
        try:
            with plain(self, write=True) as session:
                yield session
        finally:
            locked[0] += time.process_time() - started

    Database.session = timed  # type: ignore[method-assign]
    for _ in range(args.repeat):
        _fresh(copy)
        shutil.copy(saved, copy)
        db = Database(f"sqlite:///{copy}")
        locked[0] = 0.0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile(time.process_time)
            done = profiler.runcall(inbox.drain, db)
        else:
            done = inbox.drain(db)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        db.dispose()
        n = max(done.taken, 1)
        print(
            f"drain: {cpu / n * 1e6:.1f} µs CPU an event, {locked[0] / n * 1e6:.1f} µs of it in write"
            f" transactions ({done.stored:,} stored, {done.people_created:,} people; {wall:.1f} s wall)"
        )
        if args.profile:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
