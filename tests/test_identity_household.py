"""Household phones on arrival: a record that shares only a phone with a person joins that
person only when the names can be one person's (spellings, scripts, initials, typos agree)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sampark.db import Database
from sampark.identity.models import Identity
from sampark.identity.namecheck import compatible
from sampark.identity.records import IncomingPerson, record_people
from sampark.identity.service import Key
from sampark.merges.models import Merge
from sampark.sources import service as sources
from sampark.tracking import inbox
from tests.conftest import Api, write_key_auth

PHONE: Key = ("phone", "+8801711000021")


def feed(db: Database, source: str, rows: list[tuple[str, dict[str, Any], list[Key]]]) -> list[uuid.UUID]:
    with db.session() as session:
        ref = sources.get_or_create(session, source, "import", 50)
        items = [IncomingPerson(key, fields, keys) for key, fields, keys in rows]
        outcomes, bridges = record_people(session, ref, items)
        if bridges:
            from sampark.merges import service as merges

            merges.merge_bridges(session, bridges, ref.name)
        return [o.person_id for o in outcomes]


def people_of_user_ids(db: Database) -> dict[str, uuid.UUID]:
    """Each tracked user id and the person holding it."""
    with db.session(write=False) as session:
        rows = session.execute(select(Identity.value, Identity.person_id).where(Identity.kind == "user_id"))
        return dict(rows.all())


def holders(db: Database, key: Key) -> set[uuid.UUID]:
    with db.session(write=False) as session:
        return set(
            session.scalars(
                select(Identity.person_id).where(Identity.kind == key[0], Identity.value == key[1])
            )
        )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Rahim Khan", "Rahim Khan"),
        ("Rahim Khan", "R. Khan"),
        ("Mohammad Rahman", "Md. Rahman"),
        ("Md. Rahman", "Mohammad Abdur Rahman"),
        ("Rahman Md.", "Mohammad Rahman"),
        ("Sunita Sharma", "सुनीता शर्मा"),
        ("Jayanta Chowdhury", "জয়ন্ত চৌধুরী"),
        ("Ayesha Akter", "Aisha Akhtar"),
        ("Rahim Khan", "Rhaim Khan"),
        ("Sam Roy", "Samir Ray"),
        ("Rahim", "Rahim Khan"),
        ("Rahim Khan", None),
        ("Rahim Khan", "rahim.k@example.com"),
        ("Rahim Khan", "+8801711000021"),
        ("Bob Smith", "Robert Smith"),  # nicknames: the `nicknames` package's table
        ("Bill Smith", "William Smith"),
        ("Peggy Jones", "Margaret Jones"),
        ("Liz Taylor", "Elizabeth Taylor"),
        ("Robert J. Smith", "Bobby Smith"),
        ("Mst. Fatema Khatun", "Mosammat Fatima Khatun"),  # a title (Mosammat), not a name
        ("মোছাঃ ফাতেমা খাতুন", "Mosammat Fatema Khatun"),
    ],
)
def test_names_one_person_could_have_are_compatible(first: str, second: str | None) -> None:
    assert compatible(first, second) and compatible(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Rahim Khan", "Fatima Khan"),
        ("Rahim Khan", "Rahim Das"),
        ("Rahim Khan", "Karim Khan"),
        ("Rina Das", "Mina Das"),
        ("Anika Roy", "Tania Roy"),
        ("Sunita Sharma", "রাহুল শর্মা"),
        ("Md. Rahim Khan", "Md. Karim Khan"),
        ("Bob Smith", "Mary Smith"),
        # Two nicknames of one name (Rosemary) are two people's own names, not one's.
        ("Mary Roy", "Rose Roy"),
        ("Ronald Roy", "Veronica Roy"),  # both shortened to Ron
    ],
)
def test_plainly_different_names_are_not(first: str, second: str) -> None:
    assert not compatible(first, second) and not compatible(second, first)


def test_a_household_phone_does_not_join_someone_of_another_name(db: Database) -> None:
    (rahim,) = feed(db, "CRM", [("c1", {"given_name": "Rahim", "family_name": "Khan"}, [PHONE])])
    out = feed(
        db,
        "Till",
        [
            ("t1", {"given_name": "Fatima", "family_name": "Khan"}, [PHONE]),  # his wife
            ("t2", {"given_name": "রহিম", "family_name": "খান"}, [PHONE]),  # him, in Bengali
            ("t3", {"given_name": "R.", "family_name": "Khan"}, [PHONE]),  # him, an initial
            ("t4", {"given_name": "Fatema", "family_name": "Khan"}, [PHONE]),  # her, another spelling
            ("t5", {}, [PHONE]),  # no name: the phone decides, as before
        ],
    )
    fatima = out[0]
    assert fatima != rahim
    assert out[1:3] == [rahim, rahim] and out[3] == fatima
    assert out[4] == rahim  # the older of the two holding the phone
    assert holders(db, PHONE) == {rahim, fatima}


def test_a_nickname_on_a_household_phone_joins_and_another_name_does_not(db: Database) -> None:
    phone: Key = ("phone", "+14155550123")
    (robert,) = feed(db, "CRM", [("c1", {"given_name": "Robert", "family_name": "Smith"}, [phone])])
    out = feed(
        db,
        "Till",
        [
            ("t1", {"given_name": "Bob", "family_name": "Smith"}, [phone]),  # him, by his nickname
            ("t2", {"given_name": "Mary", "family_name": "Smith"}, [phone]),  # his wife
            ("t3", {"given_name": "Bobby", "family_name": "Smith"}, [phone]),  # him again
        ],
    )
    assert out[0] == robert and out[2] == robert
    assert out[1] != robert
    assert holders(db, phone) == {robert, out[1]}


def test_an_email_still_joins_whatever_the_name(db: Database) -> None:
    mail: Key = ("email", "rahim@example.com")
    (rahim,) = feed(db, "CRM", [("c1", {"given_name": "Rahim", "family_name": "Khan"}, [mail, PHONE])])
    (again,) = feed(db, "Web", [("w1", {"given_name": "Bappy"}, [mail, PHONE])])
    assert again == rahim


def test_a_phone_does_not_bridge_to_someone_of_another_name(db: Database) -> None:
    mail: Key = ("email", "fatima@example.com")
    (rahim,) = feed(db, "CRM", [("c1", {"given_name": "Rahim", "family_name": "Khan"}, [PHONE])])
    (fatima,) = feed(db, "Web", [("w1", {"given_name": "Fatima", "family_name": "Khan"}, [mail])])
    # Her record with her e-mail and the household phone: she is not merged with him.
    (joined,) = feed(db, "Till", [("t1", {"given_name": "Fatima", "family_name": "Khan"}, [mail, PHONE])])
    assert joined == fatima
    with db.session(write=False) as session:
        assert session.scalars(select(Merge)).all() == []
    # His record with a new e-mail and the phone: a bridge to him is still made.
    other: Key = ("email", "rk@example.com")
    (rk,) = feed(db, "Web", [("w2", {"given_name": "Rahim", "family_name": "Khan"}, [other])])
    feed(db, "Till", [("t2", {"given_name": "Rahim", "family_name": "Khan"}, [other, PHONE])])
    with db.session(write=False) as session:
        assert [(m.survivor_id, m.merged_id) for m in session.scalars(select(Merge))] == [(rahim, rk)]


def test_an_identify_with_a_household_phone_and_another_name_makes_a_person(
    db: Database, client: TestClient, admin: Api
) -> None:
    key = admin.post("/api/v1/sources", json={"name": "App", "kind": "app"}).json()["write_key"]
    r = admin.post("/api/v1/people", json={"given_name": "Rahim", "family_name": "Khan",
                                             "phones": [{"number": "+8801711000021"}]})  # fmt: skip
    assert r.status_code == 201, r.text
    rahim = uuid.UUID(r.json()["id"])
    for user, first in (("u-1", "Fatima"), ("u-2", "Rahim")):
        r = client.post(
            "/v1/identify",
            json={
                "userId": user,
                "traits": {"firstName": first, "lastName": "Khan", "phone": "+8801711000021"},
            },
            headers=write_key_auth(key),
        )
        assert r.status_code == 200, r.text
    inbox.drain(db)
    users = people_of_user_ids(db)
    assert users["u-2"] == rahim and users["u-1"] != rahim
    assert holders(db, PHONE) == {rahim, users["u-1"]}


def test_two_records_of_one_batch_sharing_a_phone_but_not_a_name_stay_two(db: Database) -> None:
    """As tracking's drain calls the resolver (the name taken from the new person): the first
    record's person is made in this batch, and the second, sharing only its phone, compares
    with that person's name; a third, "R. Khan" on the phone alone, is the first again."""
    from sampark.identity.service import BatchResolver
    from sampark.people.schemas import PersonCreate

    rahim = PersonCreate(given_name="Rahim", family_name="Khan")
    fatima = PersonCreate(given_name="Fatima", family_name="Khan")
    with db.session() as session:
        resolver = BatchResolver(session, [PHONE], None, "web")
        first = resolver.resolve([PHONE], rahim)
        second = resolver.resolve([PHONE], fatima)
        again = resolver.resolve([PHONE], PersonCreate(given_name="R.", family_name="Khan"))
        assert first is not None and second is not None and again is not None
        assert second.created and second.person_id != first.person_id
        assert not second.bridged
        assert again.person_id == first.person_id
