"""`sampark import people` of a generated CSV into a fresh SQLite database, next to two floors
measured in the same run: parsing the CSV alone, and a plain `executemany` INSERT of the same rows.

    .venv/bin/python bench/import.py                   # 1,000,000 rows
    .venv/bin/python bench/import.py --rows 100000 --profile
    .venv/bin/python bench/import.py --rows 20000 --baseline-src /tmp/base   # older code, same run

The file: people with a Contact ID, names, an e-mail, a phone and a city. About 5 % of the
people appear twice under another id with a changed e-mail (the same phone joins them), and
about 2 % share an office phone with many others (weak identifier). Target: ≥ 10,000 rows/s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(path: Path, rows: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    given = [
        "Anu",
        "Rina",
        "Karim",
        "Mita",
        "Sadia",
        "Rahul",
        "Priya",
        "Arif",
        "Nusrat",
        "Tanvir",
        "Maya",
        "Imran",
    ]
    family = ["Das", "Sen", "Roy", "Khan", "Ahmed", "Hossain", "Islam", "Chowdhury", "Sarkar", "Gupta"]
    cities = ["Dhaka", "Sylhet", "Chattogram", "Khulna", "Rajshahi", "Kolkata"]
    offices = [f"0171{rnd.randrange(1_000_000, 9_999_999)}" for _ in range(200)]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Contact ID", "First Name", "Last Name", "Email", "Phone", "Mailing City", "Lead Source"])
        n = 0
        person = 0
        while n < rows:
            person += 1
            g, fam = rnd.choice(given), rnd.choice(family)
            phone = rnd.choice(offices) if rnd.random() < 0.02 else f"01{rnd.choice('3456789')}{person:08d}"
            email = f"{g.lower()}.{fam.lower()}{person}@example.com"
            w.writerow([f"C{n:08d}", g, fam, email, phone, rnd.choice(cities), "Web"])
            n += 1
            if n < rows and rnd.random() < 0.05:  # the same person again, another e-mail
                w.writerow(
                    [
                        f"C{n:08d}",
                        g,
                        fam,
                        f"{g.lower()}{person}@mail.example.org",
                        phone,
                        rnd.choice(cities),
                        "Fair",
                    ]
                )
                n += 1


def parse_only(path: Path) -> tuple[float, int]:
    sys.path.insert(0, str(ROOT / "src"))
    from sampark.imports.readers import inspect, iter_rows

    start = time.perf_counter()
    n = sum(1 for _ in iter_rows(path, inspect(path)))
    return time.perf_counter() - start, n


def plain_insert(path: Path, db: Path) -> float:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, g TEXT, f TEXT, e TEXT, p TEXT, c TEXT, s TEXT)")
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        batch = []
        for row in reader:
            batch.append(row)
            if len(batch) >= 5000:
                conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)", batch)
                conn.commit()
                batch = []
        if batch:
            conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)", batch)
            conn.commit()
    conn.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument(
        "--profile", action="store_true", help="run the import under cProfile and print the top"
    )
    parser.add_argument(
        "--baseline-src",
        help="a checkout (e.g. `git worktree add /tmp/base main`) whose import runs first, on the same file",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sampark-bench-import-"))
    data = work / "people.csv"
    generate(data, args.rows)
    print(
        f"{args.rows:,} rows, {data.stat().st_size / 1e6:,.1f} MB in {data}; load average {os.getloadavg()[0]:.1f}"
    )

    seconds, n = parse_only(data)
    print(f"parse only (sampark.imports.readers): {n / seconds:>10,.0f} rows/s  ({seconds:.1f} s)")
    seconds = plain_insert(data, work / "plain.db")
    print(f"plain executemany INSERT:             {args.rows / seconds:>10,.0f} rows/s  ({seconds:.1f} s)")

    if args.baseline_src:
        print(f"baseline: the same import with the code in {args.baseline_src}")
        run_import(args, work / "baseline", data, Path(args.baseline_src), profile=False)
        print("this tree:")
    run_import(args, work / "current", data, None, profile=args.profile)


def run_import(args: argparse.Namespace, work: Path, data: Path, src: Path | None, *, profile: bool) -> None:
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SAMPARK_VAR_DIR": str(work / "var"),
        "SAMPARK_DATABASE_URL": f"sqlite:///{work / 'sampark.db'}",
    }
    if src is not None:  # another checkout's `src/` shadows the installed package
        env["PYTHONPATH"] = str(src.resolve() / "src")
    subprocess.run([sys.executable, "-m", "sampark.cli", "migrate"], env=env, check=True, capture_output=True)
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", str(work / "import.prof")]
    cmd += [
        "-m",
        "sampark.cli",
        "import",
        "people",
        str(data),
        "--source",
        "Bench CRM",
        "--batch",
        str(args.batch),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(  # noqa: S603
        cmd, env={**env, "COLUMNS": "200"}, check=True, capture_output=True, text=True
    ).stdout
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = after.ru_maxrss / 1024
    print(
        f"sampark import people:                {args.rows / seconds:>10,.0f} rows/s  ({seconds:.1f} s, peak RSS {peak:,.0f} MB)"
    )
    # On a shared machine the wall clock also counts waiting for a core; CPU time does not.
    print(
        f"  per CPU second of the import:       {args.rows / cpu:>10,.0f} rows/s  ({cpu:.1f} s CPU);"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    found = re.search(r"CPU: ([\d.,]+) s in this process(?:, ([\d.,]+) s in the preparing process)?", out)
    if found:  # the two processes' shares (older code prints nothing, and uses one process)
        writer = float(found.group(1).replace(",", ""))
        helper = float((found.group(2) or "0").replace(",", ""))
        longest = max(writer, helper)
        print(
            f"  the writing process: {writer:.1f} s CPU ({1e6 * writer / args.rows:,.0f} µs a row),"
            f" the preparing process: {helper:.1f} s CPU ({1e6 * helper / args.rows:,.0f} µs a row);"
            f" the longer of the two, {args.rows / longest:,.0f} rows/s, is the wall-clock rate on two idle cores"
        )
    conn = sqlite3.connect(work / "sampark.db")
    people, records = conn.execute(
        "SELECT (SELECT count(*) FROM people WHERE deleted_at IS NULL), (SELECT count(*) FROM source_records)"
    ).fetchone()
    print(f"  {records:,} source records → {people:,} people")
    if profile:
        import pstats

        pstats.Stats(str(work / "import.prof")).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
