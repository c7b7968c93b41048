"""Probabilistic resolution: which pairs are scored (blocking, capped keys) and the fields
compared beyond names (national id, house number)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from sampark.db import Database


def test_row_for_keeps_a_national_id_and_the_house_number() -> None:
    from sampark.resolution.model import COLUMNS, row_for

    values = row_for(
        "p1", "Sunita", "Sharma", None, None, None, "House 12, Road 3", "1205", "Dhaka", "1990-07-02",
        "1990 2694-117 x",
    )  # fmt: skip
    row = dict(zip(COLUMNS, values, strict=True))
    assert row["national_id"] == "19902694117X"
    assert row["house"] == "12"
    assert row["address"] == "house 12 road 3"
    empty = dict(zip(COLUMNS, row_for("p2", "A", "B", None, None, None, None, None, None, None), strict=True))
    assert empty["national_id"] is None
    assert empty["house"] is None


def test_a_key_held_by_too_many_records_blocks_no_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from sampark.resolution import model

    monkeypatch.setattr(model, "MAX_BLOCK", 2)
    con = duckdb.connect(":memory:")
    cols = ", ".join(f"{c} VARCHAR" for c in model.COLUMNS)
    con.execute(f"CREATE TABLE people_in ({cols})")
    rows = [
        ("a", "0123"),  # three records share one phone (a shop's default number): no block
        ("b", "0123"),
        ("c", "0123"),
        ("d", "0999"),  # two share another: a block
        ("e", "0999"),
        ("f", None),
    ]
    for uid, phone in rows:
        values = dict.fromkeys(model.COLUMNS) | {"unique_id": uid, "phone8": phone}
        con.execute(
            f"INSERT INTO people_in VALUES ({', '.join('?' for _ in model.COLUMNS)})",
            [values[c] for c in model.COLUMNS],
        )
    model._add_block_keys(con, [("phone8",), ("phone8", "dob")])
    got = dict(con.execute("SELECT unique_id, block_0 FROM people_in").fetchall())
    assert got == {"a": None, "b": None, "c": None, "d": "0999", "e": "0999", "f": None}
    # A rule with a missing column has no key at all.
    assert con.execute("SELECT count(block_1) FROM people_in").fetchone() == (0,)


def _load(db: Database, source: str, records: list[dict[str, Any]]) -> None:
    from sampark.identity.records import IncomingPerson, record_people
    from sampark.sources import service as sources

    with db.session() as session:
        ref = sources.get_or_create(session, source, "import")
        items = []
        for rec in records:
            fields = {k: rec[k] for k in ("given_name", "family_name", "postal_code", "city", "address_line")
                      if rec.get(k)}  # fmt: skip
            payload = {k: rec[k] for k in ("dob", "national_id") if rec.get(k)}
            items.append(IncomingPerson(rec["key"], fields, [], payload))
        record_people(session, ref, items)


def test_records_whose_names_disagree_are_found_by_national_id_date_of_birth_and_postcode(
    db: Database,
) -> None:
    """A woman registered under her maiden name in one system and her married name in another,
    with one digit of her national id mistyped: no name key agrees, yet the pair is scored
    (blocked on postcode + date of birth) and found. A neighbour born the same day with another
    id stays apart."""
    from sampark.people.models import Person
    from sampark.resolution import service
    from sampark.resolution.models import MatchCandidate

    _load(db, "bank", [
        {"key": "b1", "given_name": "Nasrin", "family_name": "Akter", "postal_code": "1205", "city": "Dhaka",
         "address_line": "House 12, Road 3", "dob": "1985-03-14", "national_id": "19852694117000123"},
        {"key": "b2", "given_name": "Rafiq", "family_name": "Uddin", "postal_code": "1205", "city": "Dhaka",
         "address_line": "House 40, Road 9", "dob": "1985-03-14", "national_id": "19852694117000999"},
    ])  # fmt: skip
    _load(db, "shop", [
        {"key": "s1", "given_name": "Nasreen", "family_name": "Chowdhury", "postal_code": "1205",
         "city": "Dhaka", "address_line": "House 12, Road 3", "dob": "1985-03-14",
         "national_id": "19852694117000128"},
    ])  # fmt: skip
    with db.session() as session:
        job = service.run(session)
        assert (job.records, job.auto_merged + job.queued) == (3, 1)
    with db.session(write=False) as session:
        names = {
            p.id: p.family_name
            for p in session.scalars(select(Person))
            if p.family_name in ("Akter", "Chowdhury", "Uddin")
        }
        live = {
            p.id: p.family_name for p in session.scalars(select(Person).where(Person.deleted_at.is_(None)))
        }
        pairs = [(c.person_a_id, c.person_b_id) for c in session.scalars(select(MatchCandidate))]
    if job.auto_merged:
        assert sorted(live.values()) in (["Akter", "Uddin"], ["Chowdhury", "Uddin"])
    else:
        assert len(pairs) == 1
        assert {names[pairs[0][0]], names[pairs[0][1]]} == {"Akter", "Chowdhury"}


GIVEN = [("Mohammad", "মোহাম্মদ"), ("Sunita", "সুনীতা"), ("Rahim", "রহিম"), ("Ayesha", "আয়েশা"),
         ("Bijoy", "বিজয়"), ("Nasrin", "নাসরিন"), ("Priyanka", "প্রিয়াঙ্কা"), ("Karim", "করিম"),
         ("Tania", "তানিয়া"), ("Sourav", "সৌরভ")]  # fmt: skip
FAMILY = [("Rahman", "রহমান"), ("Sharma", "শর্মা"), ("Chowdhury", "চৌধুরী"), ("Hossain", "হোসেন"),
          ("Islam", "ইসলাম"), ("Biswas", "বিশ্বাস"), ("Akter", "আক্তার"), ("Khan", "খান"),
          ("Roy", "রায়"), ("Banerjee", "ব্যানার্জী")]  # fmt: skip


def test_pairs_joined_on_arrival_are_counted_by_source(db: Database) -> None:
    from sampark.identity.records import IncomingPerson, record_people
    from sampark.resolution import service
    from sampark.sources import service as sources

    def load(source: str, keys: list[tuple[str, str]]) -> None:
        with db.session() as session:
            ref = sources.get_or_create(session, source, "import")
            items = [IncomingPerson(k, {"given_name": k}, [("email", e)], {}) for k, e in keys]
            record_people(session, ref, items)

    # Three records of one person in the CRM (twice) and the till, one of another in the till.
    load("crm", [("c1", "a@example.com"), ("c2", "a@example.com")])
    load("till", [("t1", "a@example.com"), ("t2", "b@example.com")])
    with db.session(write=False) as session:
        assert service.joined_pairs(session) == (1, 3)


def _web_and_till(with_sources: bool) -> tuple[list[tuple[Any, ...]], set[tuple[str, str]]]:
    """1,400 people, each in a web shop (romanised name, e-mail, date of birth) and/or a till
    (name in Bengali, phone), four times in five: the records and the true (till, web) pairs.
    `with_sources`: each record carries the system it came from."""
    import random

    from sampark.resolution import model

    rng = random.Random(3)
    rows, truth = [], set()
    for n in range(1_400):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        postal, city = str(rng.randint(1000, 9999)), rng.choice(["Dhaka", "Khulna", "Sylhet", "Kolkata"])
        dob = f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        web, till = rng.random() < 0.8, rng.random() < 0.8
        if web:
            rows.append(model.row_for(f"w{n}", given[0], family[0], None, f"u{n}@example.com", None, None,
                                      postal, city, dob, None, ["web"] if with_sources else ()))  # fmt: skip
        if till:
            rows.append(model.row_for(f"t{n}", given[1], family[1], None, None, f"+88017{n:08d}", None,
                                      postal, city, None, None, ["till"] if with_sources else ()))  # fmt: skip
        if web and till:
            truth.add((f"t{n}", f"w{n}"))
    return rows, truth


def test_training_learns_from_pairs_sharing_only_name_postcode_and_city() -> None:
    """A web shop (romanised name, e-mail, date of birth) and a till (name in Bengali, phone)
    share only the name, postcode and city. EM must learn that agreeing on all three is the
    mark of the same person here: its training rules name their columns, so the comparison a
    rule blocks on (the names, in a name block) is not taken as evidence (else EM calls every
    pair of the block a match and learns nothing). Same-name neighbours stay apart."""
    from sampark.resolution import model

    rows, truth = _web_and_till(with_sources=False)
    assert len(rows) >= model.MIN_RECORDS_TO_TRAIN
    # At least the review queue (0.80) for the true pairs (before: none of them), nothing else.
    _, pairs = model.score(rows, 0.8)
    found = {(p.left, p.right) if p.left < p.right else (p.right, p.left) for p in pairs}
    assert len(found & truth) >= 0.95 * len(truth), (len(found & truth), len(truth))
    assert len(found - truth) <= 0.01 * len(truth), sorted(found - truth)[:10]


def test_the_prior_is_estimated_from_the_scored_pairs() -> None:
    """λ = expected true pairs / all pairs: the same 50 sure pairs among ten times the people
    give a prior about a hundred times smaller (pairs grow with the square of the people; a
    fixed prior is right for one size of data only)."""
    import duckdb

    from sampark.resolution import prior

    con = duckdb.connect(":memory:")
    # 50 pairs the model is sure of, 1,000 it is not (log2 Bayes factor 30 and 5, at START).
    start = prior.logit2(prior.START)
    con.execute("CREATE TABLE scored AS SELECT ? + 30.0 AS match_weight FROM range(50)", [start])
    con.execute("INSERT INTO scored SELECT ? + 5.0 FROM range(1000)", [start])
    small, large = prior.estimate(con, "scored", 1_000), prior.estimate(con, "scored", 10_000)
    assert 50 / 499_500 <= small <= 55 / 499_500  # the 1,000 unsure pairs add ~3
    assert 49.9 / 49_995_000 <= large <= 51 / 49_995_000
    # Prediction reaches far enough below the review threshold for any prior up to HIGHEST: a
    # pair at the floor (a weight at START) reaches 0.8 under HIGHEST.
    lift = prior.logit2(prior.HIGHEST) - prior.logit2(prior.START)
    assert abs(prior.floor_weight(0.8) + lift - prior.logit2(0.8)) < 1e-9


def test_the_prior_is_estimated_and_people_in_different_sources_weigh_towards_a_match() -> None:
    """The web shop and the till of the test above, each record carrying its source: the prior
    comes from the data (about the true pairs over all pairs, not the fixed START), and, as the
    pairs joined on arrival were all across systems, two people from different systems weigh
    towards one person. With nothing joined on arrival the sources say nothing."""
    from sampark.resolution import model, prior

    rows, truth = _web_and_till(with_sources=True)
    info: dict[str, float] = {}
    _, pairs = model.score(rows, 0.8, info=info, joined=(2, 500))
    share = len(truth) / (len(rows) * (len(rows) - 1) / 2)
    assert info["prior"] != prior.START
    assert share / 3 <= info["prior"] <= share * 3, (info["prior"], share)
    found = {(p.left, p.right) if p.left < p.right else (p.right, p.left): p for p in pairs}
    assert len(found.keys() & truth) >= 0.95 * len(truth)
    assert len(found.keys() - truth) <= 0.01 * len(truth)
    sources = [e for p in found.values() for e in p.evidence if e["field"] == "sources"]
    assert sources and all(e["label"] == "no source in common" and e["weight"] > 0 for e in sources)
    _, pairs = model.score(rows, 0.8)
    assert not [e for p in pairs for e in p.evidence if e["field"] == "sources"]
    # Every pair joined on arrival across systems (none within one), or every one within one:
    # scoring still runs (an m of 0 is refused by Splink), and the sources say which way.
    _, pairs = model.score(rows, 0.8, joined=(0, 500))
    across = [e for p in pairs for e in p.evidence if e["field"] == "sources"]
    assert across and all(e["weight"] > 0 for e in across)
    _, pairs = model.score(rows, 0.8, joined=(500, 500))
    assert all(e["weight"] < 0 for p in pairs for e in p.evidence if e["field"] == "sources")
    # Below MIN_RECORDS_TO_TRAIN nothing is learnt: the starting prior is kept.
    small: dict[str, float] = {}
    model.score(rows[:100], 0.8, info=small)
    assert small["prior"] == prior.START
