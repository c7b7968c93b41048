from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime
from typing import Any

import phonenumbers
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, or_, select, text

from sampark.activities.models import Activity
from sampark.companies.models import Company
from sampark.core.audit import AuditEntry
from sampark.db import Base, Database
from sampark.deals.models import Deal, Pipeline, Stage
from sampark.demo import generate
from sampark.people.models import Person
from sampark.people.service import search_text_for
from sampark.tasks.models import Task
from sampark.users.models import Team, User
from tests.conftest import Api, token_for

demo_module = importlib.import_module("sampark.demo.generate")
# The demo's social posts make leads of some authors (lead source "Social (…)"); the generator's
# own people are the rest.
GENERATED = or_(Person.lead_source.is_(None), Person.lead_source.not_like("Social (%"))

PEOPLE = 300


def _wipe(db: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with db.write_engine.begin() as conn:
        if db.is_sqlite:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
        else:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))


def _snapshot(db: Database) -> dict[str, list[Any]]:
    with db.session(write=False) as session:
        people = session.execute(
            select(
                Person.id,
                Person.display_name,
                Person.primary_phone,
                Person.primary_email,
                Person.city,
                Person.lifecycle_stage,
                User.email,
            )
            .join(User, User.id == Person.owner_id)
            .order_by(Person.id)
        ).all()
        deals = session.execute(
            select(Deal.name, Deal.amount, Deal.currency, Deal.status, Deal.expected_close_date).order_by(
                Deal.id
            )
        ).all()
        companies = session.execute(select(Company.name, Company.domain).order_by(Company.id)).all()
        tasks = session.execute(select(Task.title, Task.due_at).order_by(Task.id)).all()
    return {
        "people": [tuple(r) for r in people],
        "deals": [tuple(r) for r in deals],
        "companies": [tuple(r) for r in companies],
        "tasks": [tuple(r) for r in tasks],
    }


def test_same_seed_gives_the_same_data(db: Database) -> None:
    first = generate(db, people=PEOPLE, seed=7, admin_password="pw-one", workers=0)
    one = _snapshot(db)
    _wipe(db)
    generate(db, people=PEOPLE, seed=7, admin_password="pw-two", workers=0)
    two = _snapshot(db)
    assert first.people == PEOPLE
    assert first.companies == PEOPLE // 20
    assert len(one["people"]) == PEOPLE
    assert [p[1] for p in one["people"]] == [p[1] for p in two["people"]]
    assert one == two
    _wipe(db)
    generate(db, people=PEOPLE, seed=8, admin_password="pw", workers=0)
    assert [p[1] for p in _snapshot(db)["people"]] != [p[1] for p in one["people"]]


def test_worker_processes_make_the_same_rows(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_module, "BATCH", 60)
    generate(db, people=PEOPLE, seed=3, admin_password="pw", workers=0)
    in_process = _snapshot(db)
    _wipe(db)
    generate(db, people=PEOPLE, seed=3, admin_password="pw", workers=1)
    assert _snapshot(db) == in_process


def test_demo_rows_are_well_formed(db: Database) -> None:
    summary = generate(db, people=PEOPLE, seed=1, admin_password="pw", workers=0)
    with db.session(write=False) as session:
        people = session.scalars(select(Person).where(GENERATED)).all()
        assert len(people) == PEOPLE
        scripts = {"bengali": 0, "devanagari": 0, "latin": 0}
        for person in people:
            for phone in person.phones:
                parsed = phonenumbers.parse(phone["number"])
                assert phonenumbers.is_valid_number(parsed), phone
                e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
                assert e164 == phone["number"]
            assert person.primary_phone == next((p["number"] for p in person.phones if p["primary"]), None)
            assert person.primary_email == next((e["email"] for e in person.emails if e["primary"]), None)
            assert person.display_name == f"{person.given_name} {person.family_name}"
            assert person.search_text == search_text_for(
                person.display_name,
                person.given_name,
                person.family_name,
                [e["email"] for e in person.emails],
                [p["number"] for p in person.phones],
            )
            first = (person.given_name or " ")[0]
            if "\u0980" <= first <= "\u09ff":
                scripts["bengali"] += 1
            elif "\u0900" <= first <= "\u097f":
                scripts["devanagari"] += 1
            else:
                scripts["latin"] += 1
            assert person.city and person.country
        assert all(count > 10 for count in scripts.values()), scripts
        phones = [p.primary_phone for p in people if p.primary_phone]
        assert any(n.startswith("+8801") for n in phones)
        assert any(n.startswith("+91") for n in phones)
        assert any(p.emails for p in people) and any(not p.emails for p in people)

        pipelines = {p.name: p for p in session.scalars(select(Pipeline)).all()}
        assert set(pipelines) == {"Sales", "Field sales"}
        assert pipelines["Sales"].is_default
        stages = session.execute(
            select(Stage.name, Stage.probability)
            .where(Stage.pipeline_id == pipelines["Sales"].id)
            .order_by(Stage.position)
        ).all()
        assert [tuple(s) for s in stages] == [
            ("Qualification", 10),
            ("Needs analysis", 25),
            ("Proposal", 50),
            ("Negotiation", 75),
            ("Closing", 90),
        ]
        deals = session.scalars(select(Deal)).all()
        assert len(deals) == summary.deals and 30 <= len(deals) <= 110
        assert {d.currency for d in deals} <= {"BDT", "INR", "USD"}
        assert {d.status for d in deals} == {"open", "won", "lost"}
        assert all(d.amount is not None and d.amount > 0 for d in deals)

        kinds = set(session.scalars(select(Activity.kind)).all())
        assert {"call", "meeting", "visit", "note"} <= kinds
        now = datetime.now(UTC)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        tasks = session.scalars(select(Task)).all()
        assert any(t.done for t in tasks)
        due = [t.due_at.replace(tzinfo=UTC) for t in tasks if not t.done and t.due_at]
        assert any(d < midnight for d in due)  # overdue
        assert any(d.date() == now.date() for d in due)  # due today
        assert any(d.date() > now.date() for d in due)  # upcoming

        users = {u.email: u for u in session.scalars(select(User)).all()}
        assert users["admin@demo.sampark.local"].display_name == "Nusrat Jahan"
        assert users["admin@demo.sampark.local"].role == "admin"
        assert users["meera@demo.sampark.local"].role == "manager"
        assert users["arif@demo.sampark.local"].role == "sales"
        assert users["priya@demo.sampark.local"].role == "service"
        assert users["tanvir@demo.sampark.local"].role == "marketing"
        assert {"analyst", "read-only"} <= {u.role for u in users.values()}
        assert len({u.password_hash for u in users.values()}) == 1
        teams = set(session.scalars(select(Team.name)).all())
        # Social routing adds its own teams (Customer service, Product research, Sales) beside these.
        assert {"Showroom sales", "Field sales", "Support", "Marketing"} <= teams
        owners = session.execute(select(Person.owner_id, func.count()).group_by(Person.owner_id)).all()
        assert len(owners) >= 5

        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "demo_loaded")).one()
        assert audit.changes["people"] == PEOPLE


def test_demo_data_is_visible_through_the_api(db: Database, client: TestClient) -> None:
    generate(db, people=PEOPLE, seed=1, admin_password="demo pass", workers=0)
    admin = Api(client, token_for(db, "admin@demo.sampark.local"))
    arif = Api(client, token_for(db, "arif@demo.sampark.local"))
    with db.session(write=False) as session:
        arif_id = session.scalar(select(User.id).where(User.email == "arif@demo.sampark.local"))
        arif_count = session.scalar(
            select(func.count()).select_from(Person).where(Person.owner_id == arif_id)
        )
        bengali = next(
            (p.id, p.display_name, p.given_name, p.primary_phone)
            for p in session.scalars(select(Person).order_by(Person.id)).all()
            if p.given_name and "\u0980" <= p.given_name[0] <= "\u09ff" and p.primary_phone
        )
    bengali_id, bengali_name, bengali_given, bengali_phone = bengali

    page = admin.get("/api/v1/people", params={"limit": 200})
    assert page.status_code == 200, page.text
    assert len(page.json()["items"]) == 200
    assert page.json()["next_cursor"]

    mine = arif.get("/api/v1/people", params={"limit": 200}).json()["items"]
    assert mine and len(mine) == min(arif_count or 0, 200)
    assert {p["owner_id"] for p in mine} == {str(arif_id)}

    found = admin.get("/api/v1/people", params={"q": bengali_name, "limit": 200}).json()["items"]
    assert str(bengali_id) in {p["id"] for p in found}
    prefix = admin.get("/api/v1/people", params={"q": bengali_given[:3], "limit": 200}).json()["items"]
    assert str(bengali_id) in {p["id"] for p in prefix}
    assert all(bengali_given[:3] in p["display_name"] for p in prefix)

    fragment = bengali_phone[-7:-1]
    by_phone = admin.get("/api/v1/people", params={"q": fragment, "limit": 200}).json()["items"]
    assert by_phone and all(any(fragment in x["number"] for x in p["phones"]) for p in by_phone)

    signin = client.post(
        "/api/v1/auth/login", json={"email": "meera@demo.sampark.local", "password": "demo pass"}
    )
    assert signin.status_code == 200, signin.text


def test_running_it_again_reuses_users_and_adds_people(db: Database) -> None:
    generate(db, people=100, seed=1, admin_password="pw", workers=0)
    again = generate(db, people=100, seed=1, admin_password="pw2", workers=0)
    assert again.people == 100
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Person).where(GENERATED)) == 200
        assert session.scalar(select(func.count()).select_from(User)) == again.users == 12
        assert session.scalar(select(func.count()).select_from(Pipeline)) == 2
        # The 4 demo teams once each, beside any that social routing made for its rules.
        social_teams = {"Customer service", "Product research", "Sales"}
        assert len(set(session.scalars(select(Team.name))) - social_teams) == 4
        ids = session.scalars(select(Person.id).where(GENERATED)).all()
        assert len(set(ids)) == 200
        entries = session.scalars(select(AuditEntry.changes).where(AuditEntry.action == "demo_loaded")).all()
        assert [json.loads(json.dumps(e))["people"] for e in entries] == [100, 100]
