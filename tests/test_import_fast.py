"""The fast import path: people prepared in a second process, rows written through the driver,
SQLite's full-text index filled once per batch — with everything the import promises kept
(row errors, dry run, resume without duplicates, resolution, search)."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text

from sampark.core.ids import new_id
from sampark.db import Database
from sampark.identity.models import Identity, SourceRecord
from sampark.imports import service
from sampark.imports.models import ImportJob, ImportRowError
from sampark.people import service as people
from sampark.people.models import Person
from sampark.people.schemas import PersonCreate
from sampark.sources import service as sources
from tests.conftest import Api

HEADERS = ["Contact ID", "First Name", "Last Name", "Email", "Phone", "Mailing City"]


def _rows(n: int) -> list[list[str]]:
    """`n` people (Given0 … with their own e-mail and phone), then: a second record of person 3
    (another e-mail, the same phone: joins), a record bridging people 1 and 2 (1's e-mail, 2's
    phone: they merge), and three rows with errors."""
    out = [
        [f"C{i:05d}", f"Given{i}", f"Family{i % 7}", f"given{i}@example.com", f"01711{i:06d}", "Dhaka"]
        for i in range(n)
    ]
    out.append(["D1", "Given3", "Family3", "g3.other@example.org", "01711000003", "Sylhet"])
    out.append(["D2", "Given1", "Family1", "given1@example.com", "01711000002", "Dhaka"])
    out += [
        ["E1", "Bad", "Mail", "not-an-email", "", ""],
        ["E2", "", "", "", "", ""],
        ["E3", "X", "Y", "", "12", ""],
    ]
    return out


def _file(tmp_path: Path, rows: list[list[str]], name: str = "people.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def _job(db: Database, path: Path, *, dry_run: bool = False) -> uuid.UUID:
    with db.session() as session:
        data = service.NewJob("people", "Fast CRM", path.name, path, None, dry_run)
        return service.create_job(session, data, None, "test").id


def _count(db: Database, model: Any) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _alive(db: Database) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(Person).where(Person.deleted_at.is_(None))) or 0)


def _fts_consistent(db: Database) -> None:
    if db.is_sqlite:  # raises "database disk image is malformed" when index and table disagree
        with db.session() as s:
            s.execute(text("INSERT INTO people_fts(people_fts, rank) VALUES ('integrity-check', 1)"))


def _search(api: Api, q: str) -> list[dict[str, Any]]:
    r = api.get("/api/v1/people", params={"q": q, "limit": 50})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


@pytest.mark.parametrize("second_process", [True, False])
def test_import_writes_resolves_reports_and_is_searchable(
    admin: Api, db: Database, tmp_path: Path, second_process: bool
) -> None:
    path = _file(tmp_path, _rows(300))
    job_id = _job(db, path)
    job = service.run_job(db, job_id, batch_rows=150, second_process=second_process)
    assert job.status == "done"
    assert job.processed_rows == 305
    # 300 people; D1 joins person 3, D2 joins person 1 and bridges person 2 into it.
    assert (job.created_count, job.updated_count, job.error_count, job.skipped_count) == (300, 2, 3, 0)
    assert _count(db, SourceRecord) == 302
    assert _alive(db) == 299
    with db.session(write=False) as s:
        errors = s.scalars(select(ImportRowError.row_number).where(ImportRowError.job_id == job_id)).all()
    assert sorted(set(errors)) == [304, 305, 306]  # the file's row numbers (the header is row 1)
    _fts_consistent(db)
    for i in (0, 149, 150, 299):  # both batches, through the full-text index
        found = _search(admin, f"given{i}@example")
        assert [p["given_name"] for p in found] == [f"Given{i}"]
    assert _search(admin, "01711000299")[0]["given_name"] == "Given299"
    three = _search(admin, "g3.other")  # the joining record's e-mail is an identity, not a contact
    assert three == [] or three[0]["given_name"] == "Given3"
    with db.session(write=False) as s:
        two = s.scalars(select(Person).where(Person.primary_email == "given2@example.com")).one()
        assert two.deleted_at is not None and two.merged_into_id is not None
        one = s.get(Person, two.merged_into_id)
        assert one is not None and one.primary_email == "given1@example.com" and one.deleted_at is None
        assert one.field_sources["family_name"]["source"] == "Fast CRM"
        held = set(s.scalars(select(Identity.value).where(Identity.person_id == one.id)))
    assert {"given1@example.com", "+8801711000001", "+8801711000002", "given2@example.com"} <= held


def test_resume_after_a_failure_with_the_second_process_creates_nothing_twice(
    db: Database, tmp_path: Path
) -> None:
    path = _file(tmp_path, _rows(500))
    job_id = _job(db, path)
    batches = {"n": 0}

    def die_after_two(_job: ImportJob) -> None:
        batches["n"] += 1
        if batches["n"] == 2:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        service.run_job(db, job_id, die_after_two, batch_rows=100, second_process=True, commit_rows=100)
    with db.session(write=False) as s:
        stopped = s.get(ImportJob, job_id)
        assert stopped is not None and stopped.processed_rows == 200 and stopped.status == "failed"
    # Re-running the same file finds the unfinished job and continues it.
    again = _job(db, path)
    assert again == job_id
    job = service.run_job(db, job_id, batch_rows=100, second_process=True)
    assert job.status == "done" and job.processed_rows == 505
    assert (job.created_count, job.updated_count, job.error_count) == (500, 2, 3)
    assert _count(db, SourceRecord) == 502
    assert _alive(db) == 499
    with db.session(write=False) as s:
        keys = s.scalars(select(SourceRecord.source_key)).all()
    assert len(keys) == len(set(keys))
    _fts_consistent(db)


def test_a_transaction_of_several_batches_fails_whole_and_resumes_after_its_last_commit(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 100 rows, committed three at a time: a failure in the fifth batch rolls back
    the fourth with it, so the checkpoint (300) counts exactly the rows that are in; a resume
    writes the rest once."""
    path = _file(tmp_path, _rows(1000))
    job_id = _job(db, path)
    applied = {"n": 0}
    apply = service._apply

    def failing_fifth(*args: Any) -> Any:
        applied["n"] += 1
        if applied["n"] == 5:
            raise RuntimeError("disk full")
        return apply(*args)

    monkeypatch.setattr(service, "_apply", failing_fifth)
    commits: list[int] = []
    with pytest.raises(RuntimeError, match="disk full"):
        service.run_job(
            db, job_id, lambda j: commits.append(j.processed_rows), batch_rows=100, commit_rows=300
        )
    assert commits == [300]
    with db.session(write=False) as s:
        stopped = s.get(ImportJob, job_id)
        assert stopped is not None and stopped.processed_rows == 300 and stopped.status == "failed"
    assert _count(db, SourceRecord) == 300
    assert _alive(db) == 300

    monkeypatch.setattr(service, "_apply", apply)
    job = service.run_job(db, job_id, batch_rows=100, commit_rows=300)
    assert job.status == "done" and job.processed_rows == 1005
    assert (job.created_count, job.updated_count, job.error_count) == (1000, 2, 3)
    assert _count(db, SourceRecord) == 1002
    assert _alive(db) == 999
    _fts_consistent(db)


def test_dry_run_in_the_second_process_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = _file(tmp_path, _rows(250))
    job = service.run_job(db, _job(db, path, dry_run=True), batch_rows=100, second_process=True)
    assert job.status == "done" and job.dry_run
    assert (job.created_count, job.updated_count, job.error_count) == (252, 0, 3)
    assert _count(db, Person) == 0 and _count(db, SourceRecord) == 0


def test_a_large_batch_fills_the_index_in_one_statement_and_later_edits_keep_it_right(
    admin: Api, db: Database
) -> None:
    assert people.FTS_BULK_MIN <= 150
    with db.session() as s:
        source = sources.get_or_create(s, "Bulk", "import", 50)
        rows = [
            (new_id(), PersonCreate.model_validate({"given_name": f"Bulk{i}", "emails": [{"email": f"bulk{i}@example.com"}]}))
            for i in range(150)
        ]  # fmt: skip
        people.create_many_from_source(s, rows, source.name)
    with db.session() as s:
        if db.is_sqlite:  # the trigger is back for everyone else's inserts
            names = s.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'people_fts_insert'")
            ).all()
            assert len(names) == 1
        first = s.get(Person, rows[0][0])
        assert first is not None
        first.given_name, first.display_name = "Renamed", "Renamed Person"
        people.rederive(first)
    made = admin.post("/api/v1/people", json={"given_name": "Onebyone"})
    assert made.status_code == 201, made.text
    _fts_consistent(db)
    assert [p["given_name"] for p in _search(admin, "bulk149@")] == ["Bulk149"]
    assert [p["id"] for p in _search(admin, "onebyone")] == [made.json()["id"]]
    assert [p["given_name"] for p in _search(admin, "renamed")] == ["Renamed"]
    assert _search(admin, "bulk0@") and _search(admin, "bulk0@")[0]["given_name"] == "Renamed"


def test_driver_rows_read_back_like_core_rows(db: Database) -> None:
    from sampark.core import rawinsert
    from sampark.core.clock import utcnow

    with db.session() as s:
        source = sources.get_or_create(s, "Raw", "import", 50)
        now = utcnow()
        person = {"id": new_id(), **people.new_person_row(PersonCreate.model_validate({"given_name": "Raw", "tags": ["a"]})),
                  "field_sources": {"given_name": {"rule": "trust"}}, "created_at": now, "updated_at": now}  # fmt: skip
        rawinsert.insert_rows(s, Person.__table__, [person])
        base = {
            "source_id": source.id,
            "kind": "person",
            "person_id": person["id"],
            "received_at": now,
            "updated_at": now,
        }
        by_driver = {
            **base,
            "id": new_id(),
            "source_key": "a",
            "payload": {"É": "ü", "n": 1},
            "fields": '{"city": "Dhaka"}',
        }
        by_core = {
            **base,
            "id": new_id(),
            "source_key": "b",
            "payload": {"É": "ü", "n": 1},
            "fields": {"city": "Dhaka"},
        }
        rawinsert.insert_rows(s, SourceRecord.__table__, [by_driver])
        s.execute(insert(SourceRecord), [by_core])
        with pytest.raises(ValueError, match="created_at"):
            rawinsert.insert_rows(
                s,
                Identity.__table__,
                [
                    {
                        "id": new_id(),
                        "person_id": person["id"],
                        "kind": "email",
                        "value": "x@example.com",
                        "source_id": None,
                    }
                ],
            )
    with db.session(write=False) as s:
        a, b = (s.scalars(select(SourceRecord).where(SourceRecord.source_key == k)).one() for k in ("a", "b"))
        assert (a.payload, a.fields, a.received_at, a.person_id) == (
            b.payload,
            b.fields,
            b.received_at,
            b.person_id,
        )
        got = s.get(Person, person["id"])
        assert got is not None
        assert (got.tags, got.emails, got.manual_fields, got.field_sources, got.created_at) == (
            ["a"],
            [],
            [],
            {"given_name": {"rule": "trust"}},
            now,
        )
