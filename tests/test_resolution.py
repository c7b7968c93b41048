"""Probabilistic identity resolution: name keys across scripts, the batch, the review queue."""

from __future__ import annotations

import csv
import io
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from sampark.db import Database
from sampark.resolution.names import keys, match_key
from tests.conftest import Api, api_as

API = "/api/v1"


@pytest.mark.parametrize(
    ("variants"),
    [
        ["মোহাম্মদ রহমান", "Mohammad Rahman", "Md. Rahman", "Mohd Rahman", "Muhammad Rahman", "মোঃ রহমান"],
        ["सुनीता शर्मा", "Sunita Sharma", "সুনীতা শর্মা"],
        ["Chowdhury", "Choudhury", "Chaudhary", "চৌধুরী"],
        ["Hossain", "Hossen", "হোসেন"],
        ["Iqbal", "ইকবাল"],
        ["Sheikh Hasina", "শেখ হাসিনা", "Shaikh Hasina"],
        ["Nasreen Akhtar", "নাসরিন আক্তার"],
        ["Amit Kumar", "Amit Kr.", "अमित कुमार"],
        ["Khan", "খান", "खान"],
    ],
)
def test_spellings_and_scripts_of_one_name_share_a_key(variants: list[str]) -> None:
    assert len({match_key(v) for v in variants}) == 1, {v: match_key(v) for v in variants}


def test_vowel_variants_share_the_skeleton_and_different_names_do_not() -> None:
    assert keys("Bijoy Biswas").skeleton == keys("বিজয় বিশ্বাস").skeleton == keys("Vijay Vishwas").skeleton
    assert keys("Jayanta").skeleton == keys("Joyonto").skeleton == keys("জয়ন্ত").skeleton
    assert keys("Nasrin Akter").skeleton == keys("নাসরিন আক্তার").skeleton
    assert keys("Mahmud").folded != keys("Mohammad").folded
    assert match_key("Rahim") != match_key("Karim")
    assert keys("Dr. Sunita Sharma").latin == "sunita sharma"


@pytest.mark.parametrize(
    ("variants"),
    [
        ["Ayesha", "Aisha", "Aysha", "আয়েশা", "आयशा"],
        ["Osman", "Usman", "ওসমান", "उस्मान"],
        ["Iqbal", "Ekbal", "ইকবাল"],
        ["Banerjee", "ব্যানার্জী", "बनर्जी"],
    ],
)
def test_a_first_vowel_romanisations_disagree_on_keeps_one_skeleton(variants: list[str]) -> None:
    assert len({keys(v).skeleton for v in variants}) == 1, {v: keys(v).skeleton for v in variants}


def test_bengali_letters_with_a_nukta_keep_their_vowel_sign() -> None:
    from sampark.resolution.names import to_latin

    # য় + ে is "ye", not "ya" + a stray "e"; ড় is the r of বাড়ি.
    assert to_latin("আয়েশা") == "ayesha"
    assert keys("বাড়ি").folded == "bari"
    assert to_latin("তানিয়া") == to_latin("तानिया") == "taniya"
    # ay before a vowel is a vowel and a y: Ayesha folds with its Bengali spelling, not to "isa".
    assert keys("Ayesha").folded == keys("আয়েশা").folded == "ayesa"
    # One skeleton for a first vowel does not make different names one name.
    assert keys("Islam").skeleton == keys("Aslam").skeleton
    assert match_key("Islam") != match_key("Aslam")


def _load(db: Database, source: str, records: list[dict[str, Any]]) -> None:
    from sampark.identity.records import IncomingPerson, record_people
    from sampark.identity.service import Kind, normalise
    from sampark.sources import service as sources

    with db.session() as session:
        ref = sources.get_or_create(session, source, "import")
        items = []
        for rec in records:
            keys = [(Kind.email.value, v) for v in [normalise(Kind.email, rec.get("email"))] if v]
            keys += [(Kind.phone.value, v) for v in [normalise(Kind.phone, rec.get("phone"))] if v]
            fields = {k: rec[k] for k in ("given_name", "family_name", "postal_code", "city") if rec.get(k)}
            if rec.get("email"):
                fields["emails"] = [{"email": rec["email"]}]
            if rec.get("phone"):
                fields["phones"] = [{"number": rec["phone"]}]
            items.append(IncomingPerson(rec["key"], fields, keys, {"dob": rec.get("dob")}))
        record_people(session, ref, items)


def _run(db: Database) -> Any:
    from sampark.resolution import service

    with db.session() as session:
        job = service.run(session)
        return job.records, job.auto_merged, job.queued


CRM = [
    {"key": "c1", "given_name": "Mohammad", "family_name": "Rahman", "email": "rahman.m@gmail.com",
     "phone": "01711000001", "postal_code": "1205", "city": "Dhaka", "dob": "1985-03-14"},
    {"key": "c2", "given_name": "Sunita", "family_name": "Sharma", "email": "sunita.s@yahoo.com",
     "postal_code": "110001", "city": "Delhi", "dob": "1990-07-02"},
    {"key": "c3", "given_name": "Farhana", "family_name": "Islam", "email": "farhana@example.com",
     "phone": "01811000003", "postal_code": "4000", "city": "Chittagong", "dob": "1979-11-30"},
    {"key": "c4", "given_name": "Rafiq", "family_name": "Ahmed", "email": "rafiq@example.com",
     "phone": "01911000004", "postal_code": "6000", "city": "Rajshahi", "dob": "1992-01-01"},
]  # fmt: skip
TILL = [
    # Rahman in Bengali, another e-mail, a phone one digit off (a typo), same dob.
    {"key": "t1", "given_name": "মোহাম্মদ", "family_name": "রহমান", "phone": "+8801711000091",
     "email": "mrahman85@outlook.com", "postal_code": "1205", "city": "Dhaka", "dob": "1985-03-14"},
    # Sunita in Devanagari, no shared identifier: names + dob + postcode only.
    {"key": "t2", "given_name": "सुनीता", "family_name": "शर्मा", "postal_code": "110001",
     "city": "Delhi", "dob": "1990-07-02", "email": "sunita.sharma@gmail.com"},
    # A different person altogether.
    {"key": "t3", "given_name": "Karim", "family_name": "Uddin", "email": "karim@example.com",
     "postal_code": "1000", "city": "Dhaka", "dob": "1970-05-05"},
]  # fmt: skip


def _live_people(db: Database) -> list[Any]:
    from sampark.people.models import Person

    with db.session(write=False) as session:
        rows = session.execute(
            select(Person.id, Person.display_name, Person.family_name).where(Person.deleted_at.is_(None))
        )
        return list(rows)


def _candidates(db: Database) -> list[Any]:
    from sampark.resolution.models import MatchCandidate

    with db.session(write=False) as session:
        return list(
            session.execute(
                select(MatchCandidate.person_a_id, MatchCandidate.person_b_id, MatchCandidate.status)
            )
        )


def test_true_duplicates_are_merged_or_queued_and_distinct_people_stay_apart(db: Database) -> None:
    _load(db, "crm", CRM)
    _load(db, "till", TILL)
    assert len(_live_people(db)) == 7
    records, merged, queued = _run(db)
    assert records == 7
    assert merged + queued == 2
    # Rahman and Sunita are each one profile (or a pending pair); Karim, Farhana and Rafiq alone.
    people = _live_people(db)
    pending = {frozenset((c.person_a_id, c.person_b_id)) for c in _candidates(db) if c.status == "pending"}
    names = {p.id: p.display_name for p in people}
    for pair in pending:
        assert all(pid in names for pid in pair)
    assert len(people) == 7 - merged
    karim = [p for p in people if p.family_name == "Uddin"]
    assert len(karim) == 1
    assert all(karim[0].id not in pair for pair in pending)


def test_export_has_one_row_per_source_record(db: Database, admin: Api) -> None:
    from sampark.resolution.export import export_profiles

    _load(db, "crm", CRM)
    _load(db, "till", TILL)
    _run(db)
    admin.post(f"{API}/people", json={"given_name": "Lone", "family_name": "Person"})
    out = io.StringIO()
    with db.session(write=False) as session:
        export_profiles(session, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len([r for r in rows if r["source"] != "sampark"]) == len(CRM) + len(TILL)
    by_key = {(r["source"], r["source_key"]): r["profile_id"] for r in rows}
    live = {str(p.id) for p in _live_people(db)}
    assert set(by_key.values()) <= live
    if not [c for c in _candidates(db) if c.status == "pending"]:
        assert by_key[("crm", "c1")] == by_key[("till", "t1")]
    assert next(r for r in rows if r["source"] == "sampark")["source_key"] in live


def _queue_one(db: Database) -> None:
    """Two people alike enough for review, not for an automatic merge."""
    from sampark.settings import get_settings

    get_settings().resolution_auto_merge_threshold = 1.01  # nothing merges by itself
    _load(db, "crm", CRM[:1])
    _load(db, "till", TILL[:1])
    _run(db)


@pytest.fixture
def no_auto_merge() -> Any:
    from sampark.settings import get_settings

    before = get_settings().resolution_auto_merge_threshold
    yield
    get_settings().resolution_auto_merge_threshold = before


def test_a_rejected_pair_is_not_proposed_again(db: Database, admin: Api, no_auto_merge: Any) -> None:
    _queue_one(db)
    page = admin.get(f"{API}/match-candidates").json()
    assert len(page["items"]) == 1
    item = page["items"][0]
    assert {e["field"] for e in item["evidence"] if e["agreed"]} >= {
        "given_name",
        "family_name",
        "date_of_birth",
    }
    assert all(isinstance(e["weight"], float) for e in item["evidence"])
    response = admin.post(f"{API}/match-candidates/{item['id']}/decision", json={"decision": "reject"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "rejected"
    again = admin.post(f"{API}/match-candidates/{item['id']}/decision", json={"decision": "merge"})
    assert again.status_code == 409
    _run(db)
    assert admin.get(f"{API}/match-candidates").json()["items"] == []
    assert len(_live_people(db)) == 2


def test_merge_from_the_queue_and_undo(db: Database, admin: Api, no_auto_merge: Any) -> None:
    _queue_one(db)
    item = admin.get(f"{API}/match-candidates").json()["items"][0]
    survivor = item["person_b"]["id"]
    response = admin.post(
        f"{API}/match-candidates/{item['id']}/decision", json={"decision": "merge", "survivor_id": survivor}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "merged"
    assert len(_live_people(db)) == 1
    merges = admin.get(f"{API}/people/{survivor}/merges").json()
    assert merges[0]["method"] == "review"
    undo = admin.post(f"{API}/merges/{body['merge_id']}/undo")
    assert undo.status_code == 200, undo.text
    assert len(_live_people(db)) == 2


def test_a_sales_user_cannot_decide_pairs_of_people_they_cannot_see(
    db: Database, client: Any, admin: Api, no_auto_merge: Any
) -> None:
    _queue_one(db)
    item = admin.get(f"{API}/match-candidates").json()["items"][0]
    sales = api_as(db, client, "sales@example.com", "sales")
    assert sales.get(f"{API}/match-candidates").json()["items"] == []
    response = sales.post(f"{API}/match-candidates/{item['id']}/decision", json={"decision": "reject"})
    assert response.status_code == 404
    assert admin.get(f"{API}/match-candidates").json()["items"][0]["status"] == "pending"
    unknown = admin.post(f"{API}/match-candidates/{uuid.uuid4()}/decision", json={"decision": "reject"})
    assert unknown.status_code == 404


def test_runs_are_for_administrators(db: Database, client: Any, admin: Api) -> None:
    sales = api_as(db, client, "sales2@example.com", "sales")
    assert sales.post(f"{API}/resolution/runs", json={}).status_code == 403
    started = admin.post(f"{API}/resolution/runs", json={"dry_run": True})
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    import time

    for _ in range(200):
        run = admin.get(f"{API}/resolution/runs/{run_id}").json()
        if run["status"] != "running":
            break
        time.sleep(0.1)
    assert run["status"] == "done", run
    assert admin.get(f"{API}/resolution/runs").json()[0]["id"] == run_id


def test_a_run_left_running_by_a_dead_server_no_longer_blocks_new_runs(db: Database, admin: Api) -> None:
    from sampark.resolution.models import ResolutionRun
    from sampark.resolution.service import close_interrupted, start_run

    with db.session() as session:
        start_run(session)  # as a server killed mid-run leaves it
    assert admin.post("/api/v1/resolution/runs", json={}).status_code == 409
    with db.session() as session:
        assert close_interrupted(session) == 1  # what `sampark serve` does on start
    with db.session(write=False) as session:
        run = session.scalars(select(ResolutionRun)).one()
        assert run.status == "failed" and "interrupted" in (run.error or "")
    r = admin.post("/api/v1/resolution/runs", json={"dry_run": True})
    assert r.status_code == 202, r.text
    for _ in range(600):  # let the run's thread finish before the test ends
        if admin.get(f"/api/v1/resolution/runs/{r.json()['id']}").json()["status"] != "running":
            break
        time.sleep(0.05)


def test_reading_takes_the_date_of_birth_and_national_id_from_custom_fields_then_source_records(
    db: Database,
) -> None:
    from sampark.identity.records import IncomingPerson, record_people
    from sampark.people.models import Person
    from sampark.resolution import service
    from sampark.resolution.model import row_for
    from sampark.sources import service as sources

    payloads: list[dict[str, Any]] = [
        {"dob": "", "birthdate": "1980-01-01", "ssn": {"nested": 1}, "nid": 1234567890},  # number: digits
        {"date_of_birth": ["1990"], "national_id": "BD-77"},  # a list is no date
        {},
    ]
    with db.session() as session:
        ref = sources.get_or_create(session, "Shop", "import")
        items = [IncomingPerson(f"k{i}", {"given_name": f"Name{i}"}, [], p) for i, p in enumerate(payloads)]
        outcomes, _ = record_people(session, ref, items)
        ids = [o.person_id for o in outcomes]
        third = session.get(Person, ids[2])
        assert third is not None
        third.custom_fields = {"date_of_birth": "2001-02-03", "aadhaar": "9999 8888 7777"}
    with db.session(write=False) as session:
        rows = {r[0]: r for r in service._rows(session, None)}

    def expect(i: int, dob: str | None, nid: str | None) -> tuple[Any, ...]:
        # All three came from one source (numbered "0" for the model).
        return row_for(
            str(ids[i]), f"Name{i}", None, f"Name{i}", None, None, None, None, None, dob, nid, ["0"]
        )

    assert rows[str(ids[0])] == expect(0, "1980-01-01", "1234567890")
    assert rows[str(ids[1])] == expect(1, None, "BD-77")
    assert rows[str(ids[2])] == expect(2, "2001-02-03", "9999 8888 7777")
