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
