""" "Near me" and route planning figures over demo data (people around Dhaka, Sylhet, Chattogram,
Pune, Bengaluru and other cities, 85% of them located).

    .venv/bin/python bench/geo.py                    # 100,000 people, SQLite in bench/results/
    .venv/bin/python bench/geo.py --people 20000
    .venv/bin/python bench/geo.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Prints p50/p95 of the nearby query (bounding box on the index + haversine in Python) for an
admin (sees all) and a sales rep (own records) at several radii, and the time to order a day's
stops (nearest neighbour + 2-opt). No assertions: figures only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CENTRES = {"Dhaka": (23.8103, 90.4125), "Sylhet": (24.8949, 91.8687), "Pune": (18.5204, 73.8567)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{RESULTS / f'geo-{args.people}.db'}"
    env = {**os.environ, "SAMPARK_DATABASE_URL": url, "SAMPARK_VAR_DIR": str(RESULTS / "var")}
    os.environ.update(env)
    from sqlalchemy import func, select

    from sampark.core.context import Ctx
    from sampark.core.permissions import Principal, Role
    from sampark.db import Database
    from sampark.geo import route
    from sampark.geo.schemas import RecordKind
    from sampark.geo.service import nearby
    from sampark.people.models import Person
    from sampark.users.models import User

    db = Database(url)
    with db.session(write=False) as session:
        try:
            have = session.scalar(select(func.count()).select_from(Person)) or 0
        except Exception:
            have = 0
    if have < args.people:
        bin_ = str(ROOT / ".venv/bin/sampark")
        demo = [bin_, "demo", "--people", str(args.people), "--password", "bench-pw-1!"]
        subprocess.run([bin_, "migrate"], env=env, check=True)  # noqa: S603
        subprocess.run(demo, env=env, check=True)  # noqa: S603
    with db.session(write=False) as session:
        total = session.scalar(select(func.count()).select_from(Person).where(Person.latitude.is_not(None)))
        rep = session.execute(select(User.id, User.email).where(User.role == "sales")).first()
    print(f"database: {db.write_engine.dialect.name}, located people: {total:,}")
    callers = {"admin": Principal(uuid.UUID(int=0), "bench", Role.admin)}
    if rep is not None:
        callers["sales rep"] = Principal(rep.id, rep.email, Role.sales)
    rng = random.Random(1)
    for who, principal in callers.items():
        for radius in (2.0, 10.0, 50.0):
            times, found = [], []
            for _ in range(args.runs):
                lat, lng = rng.choice(list(CENTRES.values()))
                lat, lng = lat + rng.gauss(0, 0.02), lng + rng.gauss(0, 0.02)
                with db.session(write=False) as session:
                    start = time.perf_counter()
                    out = nearby(Ctx(session, principal), lat, lng, radius, RecordKind.people, 50)
                    times.append((time.perf_counter() - start) * 1000)
                    found.append(len(out.items))
            times.sort()
            print(
                f"nearby {who:9} r={radius:>4.0f} km: p50 {statistics.median(times):6.1f} ms, "
                f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms, items (limit 50) median {statistics.median(found):.0f}"
            )
    for stops in (10, 30, 60):
        points = [(23.8 + rng.random() * 0.2, 90.3 + rng.random() * 0.2) for _ in range(stops)]
        start = time.perf_counter()
        _, length = route.plan((23.8, 90.3), points)
        ms = (time.perf_counter() - start) * 1000
        greedy = route.tour_length((23.8, 90.3), points, route.nearest_neighbour((23.8, 90.3), points))
        print(
            f"route {stops:3} stops: {ms:7.1f} ms, 2-opt {length / 1000:6.1f} km vs nearest-neighbour {greedy / 1000:6.1f} km"
        )
    db.dispose()
    sys.exit(0)


if __name__ == "__main__":
    main()
