"""Where each profile field came from: a person made from one source record stores that record
once for all its fields (`people.schemas.ALL_FIELDS`), and the API still shows it per field."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from sampark.db import Database
from sampark.identity.models import SourceRecord
from sampark.imports import service
from sampark.people.models import Person
from tests.conftest import Api
from tests.test_import_fast import _file, _job
from tests.test_merges import feed

PEOPLE = "/api/v1/people"


def _stored(db: Database, person_id: str) -> str:
    """The person's `field_sources` as the database holds it, as JSON text."""
    with db.session(write=False) as s:
        return json.dumps(s.scalar(select(Person.field_sources).where(Person.id == uuid.UUID(person_id))))


def _record_id(db: Database, person_id: str) -> str:
    with db.session(write=False) as s:
        return str(
            s.scalars(select(SourceRecord.id).where(SourceRecord.person_id == uuid.UUID(person_id))).one()
        )


@pytest.mark.parametrize("second_process", [True, False])
def test_an_imported_person_stores_its_record_once_and_shows_it_for_each_field(
    admin: Api, db: Database, tmp_path: Path, second_process: bool
) -> None:
    path = _file(tmp_path, [["C1", "Nusrat", "Jahan", "nusrat@example.com", "01711000001", "Sylhet"]])
    service.run_job(db, _job(db, path), batch_rows=150, second_process=second_process)
    found = admin.get(PEOPLE, params={"q": "nusrat@example.com"}).json()["items"]
    assert len(found) == 1
    pid = found[0]["id"]
    record = _record_id(db, pid)
    body = admin.get(f"{PEOPLE}/{pid}").json()
    assert set(body["field_sources"]) == {"given_name", "family_name", "city"}
    for entry in body["field_sources"].values():
        assert (entry["rule"], entry["source"], entry["source_record_id"]) == ("trust", "Fast CRM", record)
        assert entry["received_at"]
    stored = _stored(db, pid)
    assert stored.count(record) == 1  # once, not once a field
    assert len(stored) < 300

    # A manual edit of one field leaves the others where they came from.
    r = admin.patch(f"{PEOPLE}/{pid}", json={"city": "Dhaka"}, headers={"If-Match": str(body["version"])})
    assert r.status_code == 200, r.text
    sources = r.json()["field_sources"]
    assert sources["city"]["rule"] == "manual"
    assert sources["given_name"]["source_record_id"] == record
    cleared = admin.delete(f"{PEOPLE}/{pid}/manual-fields/city").json()
    assert cleared["city"] == "Sylhet"
    assert cleared["field_sources"]["city"]["source_record_id"] == record


def test_a_person_from_a_records_fields_keeps_its_one_entry(admin: Api, db: Database) -> None:
    """The bulk path other writers use (tills, tracking) with fields, not prepared rows."""
    rows = [("t-9", {"given_name": "Imran", "city": "Khulna"}, [("phone", "+8801711000009")])]
    out = feed(db, "Till", 40, rows)
    pid = str(out[0].person_id)
    body = admin.get(f"{PEOPLE}/{pid}").json()
    assert {k: v["source"] for k, v in body["field_sources"].items()} == {
        "given_name": "Till",
        "city": "Till",
    }
    assert _stored(db, pid).count(str(out[0].record_id)) == 1
