"""Where the multi-source set's true pairs are lost, per source pair.

    .venv/bin/python bench/identity_misses.py                  # 20,000 records, examples of till × web
    .venv/bin/python bench/identity_misses.py --pair support till --records 20000

Loads `c360_generator` into a fresh SQLite database (as `identity.py` does), scores the live
people with `resolution.model.score` down to 0.001, and sorts every true pair of records into:
joined on arrival (deterministic), merged (≥ 0.99, directly or through a chain), queued
(0.80–0.99), low (scored below 0.80) or unscored (not blocked, or below 0.001); and every false
pair into joined on arrival or merged by the model. Then a few examples of each kind of miss for
one pair of sources, with the two rows as the model sees them and the evidence."""

from __future__ import annotations

import argparse
import collections
import itertools
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import identity as bench  # sets SAMPARK_VAR_DIR before sampark is imported


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--pair", nargs=2, default=["till", "web"], metavar="SOURCE")
    args = parser.parse_args()
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    from c360_generator import SOURCES, generate
    from sqlalchemy import select

    from sampark.identity.models import SourceRecord
    from sampark.resolution import model, service
    from sampark.sources.models import Source

    data = generate(args.records, seed=7)
    db = bench.fresh_database(f"misses-{args.records}")
    for source, rows in data.by_source.items():
        bench.load(db, source, rows)
    with db.session(write=False) as session:
        rows = service._rows(session, None)
        person_of = {
            (s, k): str(p)
            for s, k, p in session.execute(
                select(Source.name, SourceRecord.source_key, SourceRecord.person_id).join(
                    Source, Source.id == SourceRecord.source_id
                )
            )
        }
    row_of = {r[0]: r for r in rows}
    info: dict[str, float] = {}
    _, pairs = model.score(rows, 0.001, info=info)
    print(f"{len(rows):,} people, prior (estimated) {info['prior']:.3g}")
    scored = {frozenset((p.left, p.right)): p for p in pairs}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for p in pairs:
        if p.probability >= 0.99 and find(p.left) != find(p.right):
            parent[find(p.right)] = find(p.left)

    def kind(a: str, b: str) -> str:
        if a == b:
            return "arrival"
        p = scored.get(frozenset((a, b)))
        if find(a) == find(b):
            return "merged" if p and p.probability >= 0.99 else "merged (chain)"
        if p is None:
            return "unscored"
        return "queued" if p.probability >= 0.8 else "low"

    by_truth: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for key, who in data.truth.items():
        by_truth[who].append(key)
    by_profile: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for key, pid in person_of.items():
        by_profile[find(pid)].append(key)
    examples: dict[str, list[Any]] = collections.defaultdict(list)
    for s1, s2 in itertools.combinations(sorted(SOURCES), 2):
        counts: collections.Counter[str] = collections.Counter()
        for members in by_truth.values():
            for x, y in itertools.product(
                [m for m in members if m[0] == s1], [m for m in members if m[0] == s2]
            ):
                k = kind(person_of[x], person_of[y])
                counts[k] += 1
                if {s1, s2} == set(args.pair):
                    examples[k].append((x, y))
        false: collections.Counter[str] = collections.Counter()
        for members in by_profile.values():
            for x, y in itertools.product(
                [m for m in members if m[0] == s1], [m for m in members if m[0] == s2]
            ):
                if data.truth[x] != data.truth[y]:
                    false["arrival" if person_of[x] == person_of[y] else "model"] += 1
        print(f"{s1} × {s2}: true pairs {dict(counts)}; false pairs {dict(false)}")
    rng = random.Random(1)
    for k in ("low", "queued", "unscored"):
        for x, y in rng.sample(examples[k], min(5, len(examples[k]))):
            a, b = person_of[x], person_of[y]
            p = scored.get(frozenset((a, b)))
            print(f"-- {k}: {x[1]} / {y[1]}", f"p={p.probability:.4f}" if p else "")
            print("  ", row_of[a][1:], "\n  ", row_of[b][1:])
            if p:
                print("  ", [(e["field"], e["label"], e["weight"]) for e in p.evidence])


if __name__ == "__main__":
    main()
