"""The Splink model: comparison columns, comparisons, blocking and training (DuckDB in memory).

Imported only on the resolution path: splink and duckdb are heavy to load."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sampark.resolution import names, prior, training

COLUMNS = ("unique_id", "given_key", "given_skel", "family_key", "family_skel", "full_phon", "dob", "email",
           "email_user", "phone8", "national_id", "address", "house", "postal_code", "city",
           "sources")  # fmt: skip
# Below this many records EM has too little to learn from: the default m/u below are used.
MIN_RECORDS_TO_TRAIN = 2_000
# Which pairs are scored at all: pairs of records agreeing on every column of one rule. Each rule
# becomes one key column (`block_<n>`); a key value held by more than MAX_BLOCK records (a very
# common name pair, a shop's default phone) is dropped from that rule, so no rule can produce
# more than records × MAX_BLOCK / 2 pairs — other rules still reach those records.
BLOCKING: tuple[tuple[str, ...], ...] = (
    ("given_skel", "family_skel"),
    ("family_skel", "dob"),
    ("given_skel", "dob"),
    ("email",),
    ("phone8",),
    ("national_id",),
    ("postal_code", "full_phon"),
    ("address",),
    ("postal_code", "dob"),
    ("postal_code", "house"),
    ("family_skel", "postal_code"),
    ("given_skel", "postal_code"),
    ("city", "dob"),
)
# EM learns m-probabilities on the pairs of these (capped the same way): each rule's own fields
# are the ones it cannot learn, so together they cover every comparison.
TRAINING: tuple[tuple[str, ...], ...] = (("given_skel", "family_skel"), ("dob",), ("postal_code",))
# Comparisons EM leaves alone besides each session's own: the sources. Learnt by EM they pull it
# to wrong answers (a date-of-birth block whose pairs all come from the one system recording
# birthdays: every pair shares a source, EM calls none a match and spoils the names' m's; or
# the postcode's m learnt as 0.5). Their m comes from the on-arrival joins instead (`score`).
TRAINING_SKIPS: tuple[tuple[str, ...], ...] = (("sources",), ("sources",), ("sources",))
MAX_BLOCK = 100
# The training rules' cap: EM samples its pairs (EM_MAX_PAIRS), so a training block may be larger.
# With MAX_BLOCK there, every name pair of a large set (~400 people each at 200,000 records) lost
# its key, the name session had no pairs, and the postcode's m was learnt in the date-of-birth
# session alone — as 0.5 (a different postcode then cost only 1 bit, an exact one 1 bit too little).
TRAIN_MAX_BLOCK = 5_000
# EM runs on at most about this many pairs per session (a seeded hash sample of the records when
# a rule has more): at 1,000,000 records the postcode and date-of-birth rules give ~10^7 pairs
# each, and EM's m's settle long before that (200,000 records: same F1 with 3 × 10^5).
EM_MAX_PAIRS = 1e6
_HOUSE = re.compile(r"\d+")


def _phone8(phone: str | None) -> str | None:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits[-8:] if len(digits) >= 8 else None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    out = " ".join(names.to_latin(text).replace(",", " ").split())
    return out or None


def row_for(
    unique_id: str,
    given: str | None,
    family: str | None,
    display: str | None,
    email: str | None,
    phone: str | None,
    address: str | None,
    postal_code: str | None,
    city: str | None,
    dob: str | None,
    national_id: str | None = None,
    sources: Iterable[str] = (),
) -> tuple[Any, ...]:
    """One person as the model compares them. `sources`: the sources (any short names or ids)
    this person holds records from."""
    if not given and not family and display:
        parts = display.split()
        given, family = " ".join(parts[:-1]) or None, parts[-1] if parts else None
    g, f = names.keys(given), names.keys(family)
    email = (email or "").lower() or None
    address = _clean(address)
    house = _HOUSE.search(address) if address else None
    return (
        unique_id,
        g.folded or None,
        g.skeleton or None,
        f.folded or None,
        f.skeleton or None,
        " ".join(sorted((g.phonetic + " " + f.phonetic).split())) or None,
        "".join(ch for ch in dob or "" if ch.isdigit()) or None,
        email,
        email.split("@", 1)[0] if email else None,
        _phone8(phone),
        "".join(ch for ch in national_id or "" if ch.isalnum()).upper() or None,
        address,
        house.group(0) if house else None,
        (postal_code or "").replace(" ", "").lower() or None,
        _clean(city),
        " ".join(sorted(set(sources))) or None,
    )


def _name_comparison(prefix: str, label: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    key, skel = f"{prefix}_key", f"{prefix}_skel"
    return cl.CustomComparison(
        output_column_name=label,
        comparison_levels=[
            cll.NullLevel(key),
            cll.ExactMatchLevel(key).configure(label_for_charts="exact (after transliteration)"),
            cll.JaroWinklerLevel(key, 0.92).configure(label_for_charts="Jaro-Winkler ≥ 0.92"),
            cll.ExactMatchLevel(skel).configure(label_for_charts="same consonant skeleton"),
            cll.JaroWinklerLevel(key, 0.8).configure(label_for_charts="Jaro-Winkler ≥ 0.8"),
            cll.ElseLevel(),
        ],
    ).configure(
        m_probabilities=[0.85, 0.08, 0.03, 0.02, 0.02], u_probabilities=[0.005, 0.005, 0.01, 0.05, 0.93]
    )


def settings(link_type: Literal["dedupe_only", "link_only", "link_and_dedupe"] = "dedupe_only") -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def simple(col: str, label: str, levels: list[Any], m: list[float], u: list[float]) -> Any:
        return cl.CustomComparison(
            output_column_name=label, comparison_levels=[cll.NullLevel(col), *levels, cll.ElseLevel()]
        ).configure(m_probabilities=m, u_probabilities=u)

    comparisons = [
        _name_comparison("given", "given_name"),
        _name_comparison("family", "family_name"),
        simple(
            "dob",
            "date_of_birth",
            [
                cll.ExactMatchLevel("dob"),
                cll.DamerauLevenshteinLevel("dob", 1),
                cll.LevenshteinLevel("dob", 2),
            ],
            [0.85, 0.08, 0.04, 0.03],
            [0.0005, 0.005, 0.03, 0.9645],
        ),
        simple(
            "email",
            "email",
            [
                cll.ExactMatchLevel("email"),
                cll.ExactMatchLevel("email_user").configure(label_for_charts="same local part"),
                # A typo, not "similar": local parts are often built from the name
                # (r.roy123 / r.roy456), so resemblance is evidence of the name, not the person.
                cll.DamerauLevenshteinLevel("email_user", 1).configure(
                    label_for_charts="local part one edit"
                ),
            ],
            [0.7, 0.1, 0.1, 0.1],
            [0.0001, 0.001, 0.01, 0.9889],
        ),
        simple(
            "phone8",
            "phone",
            [
                cll.ExactMatchLevel("phone8").configure(label_for_charts="same last 8 digits"),
                cll.DamerauLevenshteinLevel("phone8", 1),
            ],
            [0.75, 0.1, 0.15],
            [0.0005, 0.005, 0.9945],
        ),
        simple(
            "national_id",
            "national_id",
            [
                cll.ExactMatchLevel("national_id"),
                cll.DamerauLevenshteinLevel("national_id", 1),
                cll.DamerauLevenshteinLevel("national_id", 2),
            ],
            [0.85, 0.08, 0.04, 0.03],
            [0.00005, 0.0005, 0.005, 0.99445],
        ),
        simple(
            "address",
            "address",
            [
                cll.ExactMatchLevel("address"),
                cll.JaroWinklerLevel("address", 0.9),
                cll.JaroWinklerLevel("address", 0.75),
            ],
            [0.6, 0.2, 0.1, 0.1],
            [0.0005, 0.002, 0.05, 0.9475],
        ),
        simple(
            "postal_code",
            "postal_code",
            [cll.ExactMatchLevel("postal_code"), cll.DamerauLevenshteinLevel("postal_code", 1)],
            [0.85, 0.08, 0.07],
            [0.002, 0.02, 0.978],
        ),
        simple(
            "city",
            "city",
            [cll.ExactMatchLevel("city"), cll.JaroWinklerLevel("city", 0.88)],
            [0.85, 0.08, 0.07],
            [0.01, 0.02, 0.97],
        ),
    ]
    comparisons.append(
        simple(
            "sources",
            "sources",
            # Two records from different systems (a till and a web shop) are where duplicates
            # come from; two people already in the same system are less often one person
            # (a system keeps one record per customer). EM learns how much this says from the
            # data: with one source (a single import) every pair shares it and it says nothing.
            [
                cll.CustomLevel(
                    "NOT list_has_any(string_split(sources_l, ' '), string_split(sources_r, ' '))",
                    label_for_charts="no source in common",
                )
            ],
            [0.9, 0.1],
            [0.5, 0.5],
        )
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        # Only the starting point: `score` estimates the prior from the data (see `prior`).
        probability_two_random_records_match=prior.START,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on(f"block_{n}") for n in range(len(BLOCKING))],
        # EM converges in 5-12 iterations here; longer, the m of a level no true pair reaches
        # (a different city within one postcode) keeps shrinking until it underflows to 0,
        # which Splink refuses, failing the session.
        max_iterations=10,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


@dataclass
class Scored:
    left: str
    right: str
    probability: float
    weight: float
    evidence: list[dict[str, Any]]


def score(
    rows: Iterable[tuple[Any, ...]],
    review_threshold: float,
    *,
    seed: int = 42,
    info: dict[str, float] | None = None,
    joined: tuple[int, int] = (0, 0),
) -> tuple[int, list[Scored]]:
    """Score candidate pairs among `rows` (see `row_for`): the record count, and the pairs at or
    above `review_threshold`, best first. Deterministic: u by seeded random sampling, m by EM,
    then the prior estimated from the scored pairs (`prior.estimate`; from MIN_RECORDS_TO_TRAIN
    records on, below it `prior.START`). `info`, if given, gets the prior used."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    data = list(rows)
    columns: list[Any] = list(zip(*data, strict=True)) if data else [() for _ in COLUMNS]
    table = pa.table(
        {name: pa.array(list(col), type=pa.string()) for name, col in zip(COLUMNS, columns, strict=True)}
    )
    con = duckdb.connect(":memory:")
    con.execute("SET threads TO 2")
    con.register("people_arrow", table)
    con.execute("CREATE TABLE people_in AS SELECT * FROM people_arrow")
    con.unregister("people_arrow")
    del table
    _add_block_keys(
        con, [*BLOCKING, *TRAINING], [MAX_BLOCK] * len(BLOCKING) + [TRAIN_MAX_BLOCK] * len(TRAINING)
    )
    db_api = DuckDBAPI(con)
    frame = db_api.register("people_in")
    linker = Linker(frame, settings(), log_level=None)
    trained = len(data) >= MIN_RECORDS_TO_TRAIN
    if trained:
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        for n, rule_cols in enumerate(TRAINING):
            # A session that fails (too few pairs; an m that underflowed to 0) leaves the
            # comparisons it set aside removed from the model: put the model back as it was.
            before = copy.deepcopy(linker._settings_obj.core_model_settings)
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    training_rule(n, rule_cols), max_pairs=EM_MAX_PAIRS
                )
            except Exception:  # keep the other sessions' estimates
                linker._settings_obj.core_model_settings = before
        training.sources_m(linker, *joined)
        training.floor_m(linker)
    lam = prior.START
    if trained:
        # Scored down to where a larger prior could still lift a pair to the review threshold,
        # the prior estimated on those pairs, then every weight moved to it.
        predictions = linker.inference.predict(threshold_match_weight=prior.floor_weight(review_threshold))
        table = predictions.physical_name
        lam = prior.estimate(con, table, len(data))
        shift = prior.logit2(lam) - prior.logit2(prior.START)
        relation = con.sql(
            f"SELECT * REPLACE (match_weight + {shift!r} AS match_weight, "  # noqa: S608 - our table, a float
            f"1 / (1 + pow(2, -(match_weight + {shift!r}))) AS match_probability) FROM {table} "
            f"WHERE match_weight + {shift!r} >= {prior.logit2(review_threshold)!r}"
        )
    else:
        predictions = linker.inference.predict(threshold_match_probability=review_threshold)
        relation = predictions.as_duckdbpyrelation()
    if info is not None:
        info["prior"] = lam
    cols = relation.columns
    levels = _levels(linker)
    out: list[Scored] = []
    for record in relation.order("match_probability DESC, unique_id_l, unique_id_r").fetchall():
        row = dict(zip(cols, record, strict=True))
        evidence = []
        for name, options in levels.items():
            weight = row.get(f"mw_{name}")
            if weight is None or abs(weight) < 1e-9:
                continue  # one side has no value: no evidence either way
            label, agreed = min(options, key=lambda o: abs(o[0] - weight))[1:]
            evidence.append(
                {"field": name, "label": label, "agreed": agreed, "weight": round(float(weight), 3)}
            )
        out.append(
            Scored(
                str(row["unique_id_l"]),
                str(row["unique_id_r"]),
                float(row["match_probability"]),
                float(row["match_weight"]),
                evidence,
            )
        )
    con.close()
    return len(data), out


def training_rule(n: int, cols: tuple[str, ...]) -> str:
    """EM's blocking rule for TRAINING[n]: its capped key, its columns spelt out, and the
    columns of TRAINING_SKIPS[n]. Splink leaves
    out of EM the comparisons that use a column the rule names; with the key alone it would not,
    and every pair of a name block would count its (forced) name agreement as evidence of a
    match: EM then calls every blocked pair a match (λ → 1) and m collapses to u."""
    # A skipped column is named by a condition that always holds.
    return " AND ".join([f"l.block_{len(BLOCKING) + n} = r.block_{len(BLOCKING) + n}",
                         *(f"l.{c} = r.{c}" for c in cols),
                         *(f"(l.{c} IS NULL OR l.{c} IS NOT NULL)" for c in TRAINING_SKIPS[n])])  # fmt: skip


def _add_block_keys(con: Any, rules: list[tuple[str, ...]], caps: list[int] | None = None) -> None:
    """One key column per rule (`block_<n>`): the rule's values joined, NULL when one is missing
    or when more than its cap (`caps`, else MAX_BLOCK) records share the key."""
    limits = caps or [MAX_BLOCK] * len(rules)
    keys = []
    for n, cols in enumerate(rules):
        present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
        joined = " || chr(31) || ".join(cols)
        keys.append(f"CASE WHEN {present} THEN {joined} END AS raw_{n}")
    con.execute(f"CREATE TABLE people_keyed AS SELECT *, {', '.join(keys)} FROM people_in")  # noqa: S608 - our column names
    capped = [
        f"CASE WHEN count(raw_{n}) OVER (PARTITION BY raw_{n}) <= {limits[n]} THEN raw_{n} END AS block_{n}"
        for n in range(len(rules))
    ]
    con.execute("DROP TABLE people_in")
    con.execute(
        f"CREATE TABLE people_in AS SELECT {', '.join(COLUMNS)}, {', '.join(capped)} FROM people_keyed"  # noqa: S608
    )
    con.execute("DROP TABLE people_keyed")


def _levels(linker: Any) -> dict[str, list[tuple[float, str, bool]]]:
    """Per comparison: each level's log2 Bayes factor, label and whether it is an agreement."""
    out: dict[str, list[tuple[float, str, bool]]] = {}
    for comparison in linker._settings_obj.comparisons:
        out[comparison.output_column_name] = [
            (float(level._log2_bayes_factor), str(level.label_for_charts), not level._is_else_level)
            for level in comparison.comparison_levels
            if not level.is_null_level
        ]
    return out
