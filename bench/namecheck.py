"""CPU of the household name check (`identity.namecheck.compatible`) on the multi-source set's names.

    .venv/bin/python bench/namecheck.py
    .venv/bin/python bench/namecheck.py --pairs 50000 --baseline-src /tmp/base   # older code, same run

Every record's full name of `c360_generator` (20,000 records: Latin, Bengali and Devanagari
script), pairs drawn with a fixed seed, timed with `time.process_time`: first with every cache of
`namecheck` and `resolution.names` cleared (each token transliterated and folded once), then
with the token caches warm. The nickname table is built before the timing (once per process).
With `--baseline-src`, a checkout's `src/` runs the same measurement first, in its own process.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(records: int, pairs: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from c360_generator import generate

    from sampark.identity import namecheck
    from sampark.resolution import names

    data = generate(records, seed=7)
    full = [
        f"{r.get('given_name') or ''} {r.get('family_name') or ''}".strip()
        for rows in data.by_source.values()
        for r in rows
    ]
    rng = random.Random(1)
    drawn = [(rng.choice(full), rng.choice(full)) for _ in range(pairs)]
    namecheck.compatible("Bob", "Robert")  # imports and the nickname table, outside the timing
    for cached in (namecheck.compatible, namecheck._token_match, namecheck._tokens, names.tokens,
                   names.fold, names.to_latin):  # fmt: skip
        cached.cache_clear()
    started = time.process_time()
    agree = sum(namecheck.compatible(a, b) for a, b in drawn)
    cold = time.process_time() - started
    namecheck.compatible.cache_clear()
    started = time.process_time()
    sum(namecheck.compatible(a, b) for a, b in drawn)
    warm = time.process_time() - started
    return (
        f"cold {cold * 1e6 / pairs:.2f} µs CPU a pair, token caches warm {warm * 1e6 / pairs:.2f} µs; "
        f"{agree:,} of {pairs:,} pairs compatible"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=50_000)
    parser.add_argument("--baseline-src", help="a checkout whose src/ is measured first, the same way")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(measure(args.records, args.pairs))
        return
    for label, root in ((f"baseline ({args.baseline_src})", args.baseline_src), ("this tree", ROOT)):
        if root is None:
            continue
        env = {**os.environ, "PYTHONPATH": str(Path(root).resolve() / "src")}
        cmd = [
            sys.executable,
            __file__,
            "--child",
            "--records",
            str(args.records),
            "--pairs",
            str(args.pairs),
        ]
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
        print(f"{label}: {out.strip()}")


if __name__ == "__main__":
    main()
