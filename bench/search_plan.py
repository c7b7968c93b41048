"""Time `people.service.list_people` with `q` for a few terms, in-process (no HTTP).

.venv/bin/python bench/search_plan.py sqlite:///bench/results/bench-1000000.db
"""

import statistics
import sys
import time
import uuid

from sampark.core.context import Ctx
from sampark.core.permissions import Principal, Role
from sampark.core.records import ListParams
from sampark.db import Database
from sampark.people import service

db = Database(sys.argv[1])
p = Principal(user_id=uuid.UUID(int=1), email="x", role=Role.admin)
for q in ["moha", "rahman", "রহিম", "5668688", "8172", "sunita sh", "ar"]:
    ts = []
    for _ in range(7):
        with db.session(write=False) as s:
            t = time.perf_counter()
            page = service.list_people(Ctx(s, p), ListParams(q=q))
            ts.append((time.perf_counter() - t) * 1000)
    print(f"{q!r:14} n={len(page.items):3} median={statistics.median(ts):7.1f} ms max={max(ts):7.1f}")
