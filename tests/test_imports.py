"""File imports through the real API and the real database."""

from __future__ import annotations

import codecs
import io
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sampark.core.permissions import Role
from sampark.db import Database
from sampark.identity.models import SourceRecord
from sampark.imports.mapping import detect_preset
from sampark.imports.readers import inspect, iter_rows
from sampark.people.models import Person
from tests.conftest import Api, api_as

API = "/api/v1/imports"
HEADER = "First Name,Last Name,Email,Phone\n"
GOOD = "Anu,Das,anu@example.com,01711-234567\nRina,Sen,rina@example.com,\n"


def _wait(api: Api, job_id: str) -> dict[str, Any]:
    for _ in range(400):
        r = api.get(f"{API}/{job_id}")
        assert r.status_code == 200, r.text
        if r.json()["status"] not in ("queued", "running"):
            return dict(r.json())
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def _import(api: Api, content: bytes, name: str = "people.csv", **form: Any) -> dict[str, Any]:
    data = {
        "kind": "people",
        "source": "Test import",
        **{k: str(v).lower() if isinstance(v, bool) else v for k, v in form.items()},
    }
    r = api.post(API, files={"file": (name, content)}, data=data)
    assert r.status_code == 202, r.text
    return _wait(api, r.json()["id"])


def _count(db: Database, model: Any) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (codecs.BOM_UTF8 + (HEADER + "Zoë,Ørsted,zoe@example.com,\n").encode(), "UTF-8 (with BOM)"),
        ((HEADER + "Zoë,Ørsted,zoe@example.com,\n").encode("utf-16"), "UTF-16"),
        ((HEADER + "Zoë,Ørsted,zoe@example.com,\n").encode("cp1252"), "Windows-1252"),
        ((HEADER + "Zoë,Ørsted,zoe@example.com,\n").replace(",", ";").encode(), "UTF-8"),
    ],
)
def test_preview_detects_encoding_and_delimiter(admin: Api, content: bytes, encoding: str) -> None:
    r = admin.post(f"{API}/preview", files={"file": ("f.csv", content)}, data={"kind": "people"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["encoding"] == encoding
    assert body["headers"] == ["First Name", "Last Name", "Email", "Phone"]
    assert body["rows"][0][:2] == ["Zoë", "Ørsted"]
    assert body["mapping"] == {
        "First Name": "given_name",
        "Last Name": "family_name",
        "Email": "email",
        "Phone": "phone",
    }


def test_windows_1252_import_with_bad_rows_reports_them_and_keeps_the_good(admin: Api, db: Database) -> None:
    text = (
        HEADER
        + "José,Núñez,jose@example.com,01711-234567\nBad,Row,not-an-email,12\n,,,\nRina,Sen,rina@example.com,\n"
    )
    job = _import(admin, text.encode("cp1252"))
    assert job["status"] == "done" and job["encoding"] == "cp1252"
    assert (job["processed_rows"], job["created_count"], job["error_count"], job["skipped_count"]) == (
        4,
        2,
        1,
        1,
    )
    assert {e["field"] for e in job["first_errors"]} == {"Email", "Phone"}
    assert all(e["row_number"] == 3 for e in job["first_errors"])
    people = admin.get("/api/v1/people", params={"sort": "display_name"}).json()["items"]
    assert [(p["given_name"], p["family_name"]) for p in people] == [("José", "Núñez"), ("Rina", "Sen")]
    assert people[0]["primary_phone"] == "+8801711234567"
    report = admin.get(f"{API}/{job['id']}/errors.csv")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,column,error,First Name,Last Name,Email,Phone"
    assert lines[1].startswith("3,Email,not a valid e-mail address") and lines[1].endswith(
        "Bad,Row,not-an-email,12"
    )


def test_dry_run_writes_nothing(admin: Api, db: Database) -> None:
    job = _import(admin, (HEADER + GOOD + "X,Y,bad,\n").encode(), dry_run=True)
    assert job["status"] == "done" and job["dry_run"] is True
    assert (job["created_count"], job["error_count"]) == (2, 1)
    assert _count(db, Person) == 0 and _count(db, SourceRecord) == 0


def test_reimport_is_idempotent_and_duplicate_rows_join_one_person(admin: Api, db: Database) -> None:
    csv_text = "Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage\n" \
        "1,Anu,Das,anu@example.com,01711-234567,Customer\n" \
        "2,Anu,Das,anu.das@example.com,01711-234567,Lead\n" \
        "3,Mita,Roy,mita@example.com,,Marketing Qualified Lead\n"  # fmt: skip
    first = _import(admin, csv_text.encode())
    assert first["preset"] == "hubspot-contacts"
    assert (first["created_count"], first["updated_count"]) == (2, 1)  # row 2 shares a phone with row 1
    again = _import(admin, csv_text.encode(), name="again.csv")
    assert (again["created_count"], again["updated_count"]) == (0, 3)
    assert _count(db, SourceRecord) == 3
    people = admin.get("/api/v1/people").json()["items"]
    assert len(people) == 2
    anu = next(p for p in people if p["given_name"] == "Anu")
    assert {e["email"] for e in anu["emails"]} == {"anu@example.com"}
    mita = next(p for p in people if p["given_name"] == "Mita")
    assert mita["lifecycle_stage"] == "marketing-qualified"


def test_xlsx_companies_import_dedupes_on_domain(admin: Api, db: Database) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Account ID", "Account Name", "Website", "Industry", "Employees", "Billing Country"])
    sheet.append(["001A", "Sylhet Tea", "https://www.sylhettea.com.bd", "Agriculture", 120, "Bangladesh"])
    sheet.append(["001B", "Sylhet Tea Ltd", "sylhettea.com.bd", "Agriculture", 130, "BD"])
    sheet.append(["001C", "", "nameless.com", "", None, ""])
    buf = io.BytesIO()
    book.save(buf)
    job = _import(admin, buf.getvalue(), name="accounts.xlsx", kind="companies")
    assert job["file_format"] == "xlsx" and job["preset"] == "salesforce-accounts"
    assert (job["created_count"], job["updated_count"], job["error_count"]) == (1, 1, 1)
    companies = admin.get("/api/v1/companies").json()["items"]
    assert [(c["name"], c["domain"], c["size"], c["country"]) for c in companies] == [
        ("Sylhet Tea Ltd", "sylhettea.com.bd", "51-200", "BD")
    ]


def test_presets_are_detected_from_real_export_headers() -> None:
    cases = {
        "salesforce-contacts": [
            "Contact ID",
            "First Name",
            "Last Name",
            "Email",
            "Mailing Street",
            "Mailing State/Province",
            "Account Name",
        ],
        "salesforce-leads": [
            "Lead ID",
            "First Name",
            "Last Name",
            "Company / Account",
            "Email",
            "Lead Status",
            "State/Province",
        ],
        "hubspot-contacts": [
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Lifecycle Stage",
            "Country/Region",
        ],
        "zoho-contacts": [
            "Record Id",
            "Contact Owner",
            "First Name",
            "Last Name",
            "Email",
            "Secondary Email",
            "Mailing Zip",
        ],
        "pipedrive-people": [
            "Person - ID",
            "Person - Name",
            "Person - Email - Work",
            "Person - Phone - Mobile",
            "Person - Organization",
        ],
    }
    for name, headers in cases.items():
        found = detect_preset(headers, "people")
        assert found is not None and found.name == name, (name, found)
    assert detect_preset(["Name", "Email"], "people") is None


def test_unreadable_files_and_huge_cells(admin: Api, tmp_path: Any) -> None:
    r = admin.post(API, files={"file": ("x.csv", b"")}, data={"kind": "people"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    r = admin.post(API, files={"file": ("x.csv", b"a,b\n1,2\n")}, data={"kind": "orders"})
    assert r.status_code == 422 and r.json()["errors"][0] == {
        "field": "mapping",
        "code": "required",
        "message": "map a column to order_number",
    }
    # Old Mac line endings (a bare carriage return) end lines in the header too (was a 500).
    r = admin.post(API, files={"file": ("x.csv", b"\r0\r\n")}, data={"kind": "people"})
    assert r.status_code != 500, r.text
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Email\rNotes\ranu@example.com\r")
    assert inspect(path).headers == ["Email"]
    assert [row.values for row in iter_rows(path, inspect(path))] == [["Notes"], ["anu@example.com"]]
    path = tmp_path / "big.csv"
    path.write_text("Email,Notes\nanu@example.com," + "x" * 70_000 + "\nrina@example.com,ok\n")
    rows = list(iter_rows(path, inspect(path)))
    assert rows[0].error is not None and "longer than" in rows[0].error
    assert rows[1].values == ["rina@example.com", "ok"] and rows[1].number == 3


def test_only_admins_and_managers_may_import(db: Database, client: TestClient) -> None:
    manager = api_as(db, client, "m@example.com", Role.manager, ["T"])
    assert manager.get(API).status_code == 200
    for role in (Role.sales, Role.service, Role.marketing, Role.analyst, Role.read_only):
        other = api_as(db, client, f"{role.value}@example.com", role, ["T"])
        assert other.get(API).status_code == 403
        r = other.post(API, files={"file": ("p.csv", (HEADER + GOOD).encode())}, data={"kind": "people"})
        assert r.status_code == 403
    assert _count(db, Person) == 0
