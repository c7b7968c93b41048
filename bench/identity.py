"""Identity resolution quality and speed, in one run.

    .venv/bin/python bench/identity.py                     # FEBRL4, FEBRL3, the multi-source set (20,000 records)
    .venv/bin/python bench/identity.py --records 1000000   # speed: the whole resolution on 1M records
    .venv/bin/python bench/identity.py --skip-febrl --records 100000
    .venv/bin/python bench/identity.py --skip-febrl --crm-last  # the CRM loaded last: 2,243 bridges at 20,000
    .venv/bin/python bench/identity.py --skip-multi-source  # FEBRL only
    .venv/bin/python bench/identity.py --skip-multi-source --no-baselines  # FEBRL, Sampark alone
    .venv/bin/python bench/identity.py --score-only --records 1000000  # the scoring stage alone

Quality (pairwise precision / recall / F1 against the true links): the records are loaded as
people into a fresh SQLite database through `identity.records.record_people` (one source
record each; FEBRL4's two files are two sources; the people a record bridges merged by
`merges.service.merge_bridges`, as the import does), Sampark resolves them (deterministic on
arrival, then the probabilistic batch), `profiles export` gives each record's profile, and two
records are "linked" when they share a profile. Next to it, on the same data: Splink with the
settings of its FEBRL example, and recordlinkage's ECM classifier. Pairs left in the review
queue count as not linked. Then the multi-source set from `c360_generator.py`: F1 per source
pair. Speed: wall and CPU time of the load and of `resolution.service.run`, and peak memory
(ru_maxrss).
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

WORK = Path(tempfile.mkdtemp(prefix="sampark-identity-"))
os.environ["SAMPARK_VAR_DIR"] = str(WORK)
os.environ.setdefault("SAMPARK_DEFAULT_REGION", "BD")

Pair = tuple[str, str]


def _pairs_of(clusters: dict[str, list[str]]) -> set[Pair]:
    out: set[Pair] = set()
    for members in clusters.values():
        for a, b in itertools.combinations(sorted(members), 2):
            out.add((a, b))
    return out


def _prf(found: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _norm(pairs: Any) -> set[Pair]:
    return {tuple(sorted((str(a), str(b)))) for a, b in pairs}  # type: ignore[misc]


def fresh_database(name: str) -> Any:
    from sampark.db import Database
    from sampark.migrate import upgrade
    from sampark.settings import get_settings

    url = f"sqlite:///{WORK / (name + '.db')}"
    os.environ["SAMPARK_DATABASE_URL"] = url
    get_settings.cache_clear()
    upgrade(url)
    return Database(url)


def load(db: Any, source: str, records: list[dict[str, Any]], batch: int = 2000) -> None:
    """Records in: {key, given_name, family_name, address_line, city, postal_code, region, email,
    phone, payload}."""
    from sampark.identity.records import IncomingPerson, record_people
    from sampark.identity.service import Kind, normalise
    from sampark.merges import service as merges
    from sampark.sources import service as sources

    for start in range(0, len(records), batch):
        with db.session() as session:
            ref = sources.get_or_create(session, source, "import")
            items = []
            for rec in records[start : start + batch]:
                keys = []
                fields = {k: rec[k] for k in ("given_name", "family_name", "address_line", "city", "postal_code",
                                              "region") if rec.get(k)}  # fmt: skip
                if rec.get("email") and (value := normalise(Kind.email, rec["email"])):
                    keys.append((Kind.email.value, value))
                    fields["emails"] = [{"email": value}]
                if rec.get("phone") and (value := normalise(Kind.phone, rec["phone"])):
                    keys.append((Kind.phone.value, value))
                    fields["phones"] = [{"number": value}]
                if not fields.get("given_name") and not fields.get("family_name"):
                    fields["display_name"] = rec["key"]
                items.append(IncomingPerson(rec["key"], fields, keys, rec.get("payload", {})))
            _, bridges = record_people(session, ref, items)
            if bridges:  # as the import does: in one batch from three bridges (`merges.batch`)
                merges.merge_bridges(session, bridges, ref.name)


def resolve_and_export(db: Any) -> tuple[dict[tuple[str, str], str], dict[str, Any]]:
    from sampark.resolution import service
    from sampark.resolution.export import export_profiles

    # Wall and CPU seconds per stage (reading people, scoring with Splink, deciding = clustering
    # the pairs and writing the merges / review candidates), from the run's progress callback.
    marks: list[tuple[str, float, float]] = [("reading", time.perf_counter(), time.process_time())]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != marks[-1][0]:
            marks.append((stage, time.perf_counter(), time.process_time()))

    with db.session() as session:
        job = service.run(session, progress=progress)
        marks.append(("end", time.perf_counter(), time.process_time()))
        stats: dict[str, Any] = {"records": job.records, "pairs": job.pairs_scored, "merged": job.auto_merged,
                                 "queued": job.queued, "seconds": round(marks[-1][1] - marks[0][1], 1),
                                 "cpu_seconds": round(marks[-1][2] - marks[0][2], 1)}  # fmt: skip
        for (stage, wall, cpu), (_, wall2, cpu2) in itertools.pairwise(marks):
            stats[stage] = f"{wall2 - wall:.1f} s wall / {cpu2 - cpu:.1f} s CPU"
    out = io.StringIO()
    with db.session(write=False) as session:
        export_profiles(session, out)
    rows = csv.DictReader(io.StringIO(out.getvalue()))
    return {(r["source"], r["source_key"]): r["profile_id"] for r in rows}, stats


def _febrl_records(frame: Any) -> list[dict[str, Any]]:
    out = []
    for rec_id, row in frame.fillna("").iterrows():
        out.append(
            {
                "key": str(rec_id),
                "given_name": row["given_name"] or None,
                "family_name": row["surname"] or None,
                "address_line": " ".join(
                    str(row[c]) for c in ("street_number", "address_1", "address_2") if row[c]
                )
                or None,
                "city": row["suburb"] or None,
                "postal_code": row["postcode"] or None,
                "region": row["state"] or None,
                "payload": {"dob": row["date_of_birth"], "national_id": row["soc_sec_id"]},
            }
        )
    return out


def splink_baseline(frames: list[Any], link_type: str) -> set[Pair]:
    """Splink with the comparisons and blocking of its FEBRL example."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    db_api = DuckDBAPI()
    tables = []
    for i, frame in enumerate(frames):
        f = frame.reset_index().rename(columns={"rec_id": "unique_id"}).fillna("")
        f["source_dataset"] = f"s{i}"
        tables.append(db_api.register(f, table_name=f"febrl_{i}"))
    settings = SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("postcode", "street_number"),
            block_on("soc_sec_id"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    pred = linker.inference.predict(threshold_match_probability=0.5).as_duckdbpyrelation()
    return _norm(pred.select("unique_id_l, unique_id_r").fetchall())


def ecm_baseline(frames: list[Any]) -> set[Pair]:
    """recordlinkage's ECM (unsupervised) on binary comparisons, blocked on given name or surname."""
    import recordlinkage as rl

    indexer = rl.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.block("date_of_birth")
    pairs = indexer.index(*frames)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    features = compare.compute(pairs, *frames)
    matches = rl.ECMClassifier(binarize=0.5).fit_predict(features)
    return _norm(matches)


def febrl(report: dict[str, Any], baselines: bool = True) -> None:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    a, b, links4 = load_febrl4(return_links=True)
    truth4 = _norm(links4)
    db = fresh_database("febrl4")
    load(db, "febrl_a", _febrl_records(a))
    load(db, "febrl_b", _febrl_records(b))
    profile, stats = resolve_and_export(db)
    clusters: dict[str, list[str]] = defaultdict(list)
    for (_, key), pid in profile.items():
        clusters[pid].append(key)
    found = _pairs_of(clusters)
    report["FEBRL4 Sampark"] = (*_prf(found, truth4), stats)
    if baselines:
        report["FEBRL4 Splink example"] = (*_prf(splink_baseline([a, b], "link_only"), truth4), None)
        report["FEBRL4 recordlinkage ECM"] = (*_prf(ecm_baseline([a, b]), truth4), None)

    d, links3 = load_febrl3(return_links=True)
    truth3 = _norm(links3)
    db = fresh_database("febrl3")
    load(db, "febrl", _febrl_records(d))
    profile, stats = resolve_and_export(db)
    clusters = defaultdict(list)
    for (_, key), pid in profile.items():
        clusters[pid].append(key)
    report["FEBRL3 Sampark"] = (*_prf(_pairs_of(clusters), truth3), stats)
    if baselines:
        report["FEBRL3 Splink example"] = (*_prf(splink_baseline([d], "dedupe_only"), truth3), None)
        report["FEBRL3 recordlinkage ECM"] = (*_prf(ecm_baseline([d]), truth3), None)


def multi_source(records: int, report: dict[str, Any], crm_last: bool = False) -> None:
    from c360_generator import generate

    data = generate(records, seed=7)
    db = fresh_database(f"c360-{records}")
    order = list(data.by_source)
    if crm_last:  # the CRM's records (e-mail and phone) bridge the till's and the web's people
        order = [s for s in order if s != "crm"] + ["crm"]
    started, cpu = time.perf_counter(), time.process_time()
    for source in order:
        load(db, source, data.by_source[source])
    load_seconds, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    profile, stats = resolve_and_export(db)
    stats["load_seconds"] = round(load_seconds, 1)
    stats["load_cpu_seconds"] = round(load_cpu, 1)
    truth_of = data.truth  # (source, key) -> true person
    sources = sorted(data.by_source)
    for s1, s2 in itertools.combinations(sources, 2):
        keys1 = [k for k in profile if k[0] == s1]
        keys2 = [k for k in profile if k[0] == s2]
        found: set[Pair] = set()
        truth: set[Pair] = set()
        by_profile: dict[str, list[tuple[str, str]]] = defaultdict(list)
        by_truth: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for k in {*keys1, *keys2}:
            by_profile[profile[k]].append(k)
            by_truth[truth_of[k]].append(k)
        for groups, target in ((by_profile, found), (by_truth, truth)):
            for members in groups.values():
                for x, y in itertools.combinations(sorted(members), 2):
                    if {x[0], y[0]} == {s1, s2}:
                        target.add((f"{x[0]}/{x[1]}", f"{y[0]}/{y[1]}"))
        report[f"multi-source {s1}×{s2}"] = (*_prf(found, truth), None)
    report[f"multi-source all ({records:,} records)"] = (None, None, None, stats)


def score_only(records: int, report: dict[str, Any]) -> None:
    """The scoring stage alone on the multi-source set, no database: each record its own person
    (more people than the service sees after on-arrival matching)."""
    from c360_generator import generate

    from sampark.resolution import model

    wall, cpu = time.perf_counter(), time.process_time()
    rows = []
    for source, recs in generate(records, seed=7).by_source.items():
        for r in recs:
            extra = r.get("payload") or {}
            rows.append(model.row_for(f"{source}/{r['key']}", r.get("given_name"), r.get("family_name"), None,
                                      r.get("email"), r.get("phone"), r.get("address_line"), r.get("postal_code"),
                                      r.get("city"), extra.get("dob") or extra.get("date_of_birth"), None,
                                      [source]))  # fmt: skip
    built = (time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    info: dict[str, float] = {}
    _, pairs = model.score(rows, 0.8, info=info)
    stats = {"records": len(rows), "pairs >= 0.80": len(pairs), "prior": f"{info['prior']:.3g}",
             "rows": f"{built[0]:.1f} s wall / {built[1]:.1f} s CPU",
             "scoring": f"{time.perf_counter() - wall:.1f} s wall / {time.process_time() - cpu:.1f} s CPU"}  # fmt: skip
    report[f"scoring only ({records:,} records)"] = (None, None, None, stats)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=20_000, help="records in the multi-source set")
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-multi-source", action="store_true")
    parser.add_argument(
        "--no-baselines", action="store_true", help="FEBRL: Sampark only (no Splink example, no ECM)"
    )
    parser.add_argument("--score-only", action="store_true", help="time model.score alone (no database)")
    parser.add_argument(
        "--crm-last",
        action="store_true",
        help="multi-source: load the CRM after the till and web (its records then bridge their people)",
    )
    args = parser.parse_args()
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)  # EM's "level not observed" on FEBRL's fields
    report: dict[str, Any] = {}
    if args.score_only:
        args.skip_febrl = args.skip_multi_source = True
        score_only(args.records, report)
    if not args.skip_febrl and args.records < 200_000:
        febrl(report, baselines=not args.no_baselines)
    if not args.skip_multi_source:
        multi_source(args.records, report, crm_last=args.crm_last)
    print(f"\n{'data / method':44} {'precision':>9} {'recall':>7} {'F1':>7}")
    for name, (p, r, f, stats) in report.items():
        if p is not None:
            print(f"{name:44} {p:9.4f} {r:7.4f} {f:7.4f}")
        if stats:
            print(f"    resolution: {stats}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak:,.0f} MB")
    print("speed figure on 1M records: .venv/bin/python bench/identity.py --skip-febrl --records 1000000")


if __name__ == "__main__":
    main()
