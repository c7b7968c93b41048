"""Bridge merges of one import batch: pair by pair (`merges.service.merge_people` per pair) next to
one `merges.batch.merge_many` for the batch, on the same data in the same run, into fresh SQLite
databases (or two empty databases given with `--database-urls`, e.g. PostgreSQL ones).

    .venv/bin/python bench/bridges.py                 # 2,000 bridges in one batch
    .venv/bin/python bench/bridges.py --pairs 500
    .venv/bin/python bench/bridges.py --database-urls postgresql+psycopg://postgres@127.0.0.1:5432/a \
        postgresql+psycopg://postgres@127.0.0.1:5432/b

The data: `--pairs` people known by e-mail and as many (same names) known by phone, then one
batch of records each carrying one person's e-mail and the other's phone: every record bridges
a pair. Figures: CPU seconds of `merges.service.merge_bridges` alone (the batch's resolving and
writing are the same either way), and its statements."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
WORK = Path(tempfile.mkdtemp(prefix="sampark-bridges-"))
os.environ["SAMPARK_VAR_DIR"] = str(WORK)


def run(url: str, pairs: int, batched: bool) -> tuple[float, int, int]:
    from sqlalchemy import event, func, select

    from sampark.db import Database
    from sampark.identity.records import IncomingPerson, record_people
    from sampark.merges import service as merges
    from sampark.merges.models import Merge
    from sampark.migrate import upgrade
    from sampark.settings import get_settings
    from sampark.sources import service as sources

    os.environ["SAMPARK_DATABASE_URL"] = url
    get_settings.cache_clear()
    upgrade(url)
    db = Database(url)
    name = {"given_name": "Nila", "family_name": "Das"}
    with db.session() as session:
        ref = sources.get_or_create(session, "CRM", "import")
        record_people(session, ref, [IncomingPerson(f"m{i}", name, [("email", f"n{i}@example.com")])
                                     for i in range(pairs)])  # fmt: skip
        record_people(session, ref, [IncomingPerson(f"p{i}", name, [("phone", f"+8801711{i:06d}")])
                                     for i in range(pairs)])  # fmt: skip
    merges.BRIDGES_IN_BATCH = 3 if batched else 10**9
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    with db.session() as session:
        ref = sources.get_or_create(session, "Fair", "import")
        items = [IncomingPerson(f"f{i}", name, [("email", f"n{i}@example.com"), ("phone", f"+8801711{i:06d}")])
                 for i in range(pairs)]  # fmt: skip
        _, bridges = record_people(session, ref, items)
        assert len(bridges) == pairs, len(bridges)
        event.listen(db.write_engine, "before_cursor_execute", count)
        start = time.process_time()
        merges.merge_bridges(session, bridges, ref.name)
        session.flush()
        cpu = time.process_time() - start
        event.remove(db.write_engine, "before_cursor_execute", count)
    with db.session(write=False) as session:
        done = int(session.scalar(select(func.count()).select_from(Merge)) or 0)
    return cpu, statements, done


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--database-urls", nargs=2, default=None, help="two empty databases")
    args = parser.parse_args()
    for batched in (False, True):
        url = (
            args.database_urls[batched]
            if args.database_urls
            else f"sqlite:///{WORK / ('batched' if batched else 'pairwise')}.db"
        )
        cpu, statements, done = run(url, args.pairs, batched)
        label = "one merge_many" if batched else "pair by pair  "
        print(f"{label}: {done:,} merges, {cpu:.2f} s CPU ({1e3 * cpu / args.pairs:.2f} ms a bridge), "
              f"{statements:,} statements")  # fmt: skip


if __name__ == "__main__":
    main()
