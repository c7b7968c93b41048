"""What an import writes, per kind. A target turns mapped rows into records of its domain
through that domain's service; `ImportTarget` is the protocol each kind keeps (orders: orders_target.py)."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import rawinsert
from sampark.core.errors import AppError
from sampark.core.text import InvalidValue, clean_text, normalize_email, normalize_phone
from sampark.identity.models import SourceRecord
from sampark.identity.records import IncomingPerson, golden_fields, record_people
from sampark.merges import service as merges
from sampark.people import service as people
from sampark.people.schemas import LifecycleStage, PersonCreate
from sampark.settings import get_settings
from sampark.sources.service import SourceRef


@dataclass
class MappedRow:
    number: int
    raw: list[str]
    values: dict[str, list[tuple[str, str]]]  # target → [(column, non-empty cell)]
    payload: dict[str, str]


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[tuple[int, str | None, str, list[str]]] = field(
        default_factory=list
    )  # row, field, message, raw


class ImportTarget(Protocol):
    kind: str

    def process(
        self, session: Session, source: SourceRef, rows: list[MappedRow], dry_run: bool
    ) -> BatchResult:
        """Validate and (unless `dry_run`) write one batch; the caller commits. A row with an
        error is reported and not written; the others are."""
        ...


class RowErrors(Exception):
    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


# --- cell rules ----------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def _email(raw: str) -> str:
    return normalize_email(raw)


@lru_cache(maxsize=200_000)
def _phone(raw: str, region: str) -> str:
    return normalize_phone(raw, region)


@cache
def _countries() -> dict[str, str]:
    from babel import Locale

    out: dict[str, str] = {}
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():
            out[code.casefold()] = code
            out[name.casefold()] = code
    out.update({"usa": "US", "uk": "GB", "united states of america": "US", "england": "GB", "uae": "AE"})
    return out


def country_code(raw: str) -> str:
    code = _countries().get(clean_text(raw).casefold())
    if code is None:
        raise ValueError("not a country we know (use a name or an ISO code such as BD)")
    return code


_STAGES = {s.value.replace("-", ""): s.value for s in LifecycleStage} | {
    "marketingqualifiedlead": "marketing-qualified",
    "mql": "marketing-qualified",
    "salesqualifiedlead": "sales-qualified",
    "sql": "sales-qualified",
}


def stage(raw: str) -> str:
    value = _STAGES.get(re.sub(r"[^a-z]", "", raw.casefold()))
    if value is None:
        raise ValueError(f"not a lifecycle stage; use one of {', '.join(s.value for s in LifecycleStage)}")
    return value


def text(
    cells: list[tuple[str, str]], limit: int, errors: list[tuple[str | None, str]], join: str = " "
) -> str | None:
    if not cells:
        return None
    value = clean_text(join.join(v for _, v in cells))
    if len(value) > limit:
        errors.append((cells[0][0], f"longer than {limit} characters"))
        return None
    return value or None


def split_tags(cells: list[tuple[str, str]]) -> list[str]:
    tags = [clean_text(t) for _, v in cells for t in re.split(r"[;,]", v)]
    return list(dict.fromkeys(t[:60] for t in tags if t))[:50]


def row_key(row: MappedRow) -> str:
    """A row's source key: the mapped external id, else a hash of its content and row number."""
    ids = row.values.get("external_id")
    if ids:
        return ids[0][1].strip()[:200]
    content = json.dumps(sorted(row.payload.items()), ensure_ascii=False)
    digest = hashlib.sha256(content.encode()).hexdigest()[:32]
    return f"row:{row.number}:{digest}"


# --- people --------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """A batch after the work that needs no database (parsing, validation, normalisation, the
    new-person rows): what `PeopleTarget.write` takes. Made in the import's second process; an
    item whose row is made keeps only its golden fields in `fields`."""

    items: list[tuple[int, IncomingPerson]] = field(default_factory=list)  # (row number, record)
    errors: list[tuple[int, str | None, str, list[str]]] = field(default_factory=list)


class PeopleTarget:
    kind = "people"

    def person(self, row: MappedRow, region: str | None = None) -> IncomingPerson:
        v = row.values
        errors: list[tuple[str | None, str]] = []
        fields: dict[str, Any] = {}
        for name in ("given_name", "family_name", "display_name", "city", "region"):
            value = text(v.get(name, []), 200, errors)
            if value:
                fields[name] = value
        address = text(v.get("address_line", []), 400, errors, join=", ")
        if address:
            fields["address_line"] = address
        postal = text(v.get("postal_code", []), 20, errors)
        if postal:
            fields["postal_code"] = postal
        emails: list[dict[str, Any]] = []
        for column, cell in v.get("email", []):
            for part in re.split(r"[;,\s]+", cell.strip()):
                if not part:
                    continue
                try:
                    email = _email(part)
                except InvalidValue as exc:
                    errors.append((column, f"not a valid e-mail address: {exc}"))
                    continue
                if all(e["email"] != email for e in emails):
                    emails.append({"email": email, "label": "work", "primary": not emails})
        region = region or get_settings().default_region
        phones: list[dict[str, Any]] = []
        for target, label in (("mobile", "mobile"), ("phone", "work")):
            for column, cell in v.get(target, []):
                try:
                    number = _phone(cell.strip(), region)
                except InvalidValue as exc:
                    errors.append((column, str(exc)))
                    continue
                if all(p["number"] != number for p in phones):
                    phones.append({"number": number, "label": label, "primary": not phones})
        fields["emails"], fields["phones"] = emails[:20], phones[:20]
        for name, rule in (("country", country_code), ("lifecycle_stage", stage)):
            cells = v.get(name, [])
            if cells:
                try:
                    fields[name] = rule(cells[0][1])
                except ValueError as exc:
                    errors.append((cells[0][0], str(exc)))
        lead_source = text(v.get("lead_source", []), 60, errors)
        if lead_source:
            fields["lead_source"] = lead_source
        tags = split_tags(v.get("tags", []))
        if tags:
            fields["tags"] = tags
        if not (fields.get("given_name") or fields.get("family_name") or fields.get("display_name")):
            if emails or phones:
                fields["display_name"] = emails[0]["email"] if emails else phones[0]["number"]
            elif not errors:
                errors.append((None, "the row has no name, e-mail or phone"))
        if errors:
            raise RowErrors(errors)
        keys = [("email", e["email"]) for e in emails] + [("phone", p["number"]) for p in phones]
        payload = dict(row.payload)
        company = v.get("company_name")
        if company:
            payload["_company_name"] = company[0][1]
        return IncomingPerson(row_key(row), fields, keys, payload)

    def prepare(self, rows: list[MappedRow], region: str | None = None, *, rows_too: bool = True) -> Prepared:
        """Validate and normalise a batch; with `rows_too`, also make each record's new-person
        row (what it becomes when no one matches). Pure: no database."""
        out = Prepared()
        for row in rows:
            try:
                item = self.person(row, region)
                if rows_too:
                    values = people.new_person_row(PersonCreate.model_validate(item.fields))
                    item.person_row = tuple(values.values())  # in NEW_PERSON_ROW_COLUMNS order
                    golden = golden_fields(item.fields)
                    item.texts = (rawinsert.json_text(item.payload), rawinsert.json_text(golden))
                    # Past this point only the golden fields are read (`record_people`), and the
                    # payload as its text: the rest (e-mails and phones, in the row already) need
                    # not be sent to the writer.
                    item.fields, item.payload = golden, {}
            except RowErrors as exc:
                out.errors += [(row.number, f, m, row.raw) for f, m in exc.errors]
                continue
            except ValidationError as exc:
                out.errors += [
                    (row.number, ".".join(str(p) for p in e["loc"]) or None, str(e["msg"]), row.raw)
                    for e in exc.errors()
                ]
                continue
            except AppError as exc:
                out.errors.append((row.number, None, exc.detail, row.raw))
                continue
            out.items.append((row.number, item))
        return out

    def process(
        self, session: Session, source: SourceRef, rows: list[MappedRow], dry_run: bool
    ) -> BatchResult:
        return self.write(session, source, self.prepare(rows, rows_too=not dry_run), dry_run)

    def write(self, session: Session, source: SourceRef, prepared: Prepared, dry_run: bool) -> BatchResult:
        """Keep, resolve and link a prepared batch (the caller commits)."""
        result = BatchResult(errors=list(prepared.errors))
        items = [item for _, item in prepared.items]
        if dry_run:
            known = _known_keys(session, source, "person", [i.source_key for i in items])
            result.updated = sum(1 for i in items if i.source_key in known)
            result.created = len(items) - result.updated
            return result
        if not items:
            return result
        outcomes, bridges = record_people(session, source, items)
        result.created = sum(1 for o in outcomes if o.created_person)
        result.updated = len(outcomes) - result.created
        if bridges:
            merges.merge_bridges(session, bridges, source.name)
        return result


def _known_keys(session: Session, source: SourceRef, kind: str, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            session.scalars(
                select(SourceRecord.source_key).where(
                    SourceRecord.source_id == source.id,
                    SourceRecord.kind == kind,
                    SourceRecord.source_key.in_(keys[start : start + 500]),
                )
            )
        )
    return found


# --- companies -----------------------------------------------------------------------------------


class CompaniesTarget:
    kind = "companies"

    def company(self, row: MappedRow) -> dict[str, Any]:
        from sampark.companies.schemas import CompanyCreate

        v = row.values
        errors: list[tuple[str | None, str]] = []
        raw: dict[str, Any] = {}
        column_of: dict[str, str] = {}
        for name in ("name", "domain", "industry", "phone", "city", "region", "postal_code"):
            cells = v.get(name, [])
            if cells:
                raw[name], column_of[name] = cells[0][1], cells[0][0]
        address = text(v.get("address_line", []), 400, errors, join=", ")
        if address:
            raw["address_line"] = address
        for name, rule in (("country", country_code), ("size", _size)):
            cells = v.get(name, [])
            if cells:
                try:
                    raw[name] = rule(cells[0][1])
                except ValueError as exc:
                    errors.append((cells[0][0], str(exc)))
        tags = split_tags(v.get("tags", []))
        if tags:
            raw["tags"] = tags
        if "name" not in raw:
            errors.append((None, "the row has no company name"))
        if not errors:
            try:
                return CompanyCreate.model_validate(raw).model_dump(exclude_none=True, exclude={"id"})
            except ValidationError as exc:
                for e in exc.errors():
                    name = str(e["loc"][0]) if e["loc"] else ""
                    errors.append(
                        (column_of.get(name, name or None), str(e["msg"]).removeprefix("Value error, "))
                    )
        raise RowErrors(errors)

    def process(
        self, session: Session, source: SourceRef, rows: list[MappedRow], dry_run: bool
    ) -> BatchResult:
        from sampark.companies import service as companies

        result = BatchResult()
        for row in rows:
            try:
                values = self.company(row)
            except RowErrors as exc:
                result.errors += [(row.number, f, m, row.raw) for f, m in exc.errors]
                continue
            key = row_key(row)
            record = session.scalars(
                select(SourceRecord).where(
                    SourceRecord.source_id == source.id,
                    SourceRecord.kind == "company",
                    SourceRecord.source_key == key,
                )
            ).one_or_none()
            company_id = (
                uuid.UUID(record.fields["company_id"]) if record and record.fields.get("company_id") else None
            )
            if company_id is None and values.get("domain"):
                company_id = companies.id_by_domain(session, values["domain"])
            if dry_run:
                result.created += company_id is None
                result.updated += company_id is not None
                continue
            company_id, created = companies.upsert_from_source(session, company_id, values, source.name)
            result.created += created
            result.updated += not created
            if record is None:
                session.add(
                    SourceRecord(
                        source_id=source.id,
                        kind="company",
                        source_key=key,
                        payload=row.payload,
                        fields={"company_id": str(company_id)},
                    )
                )
            else:
                record.payload, record.fields = row.payload, {"company_id": str(company_id)}
        session.flush()
        return result


def _size(raw: str) -> str:
    from sampark.companies.schemas import CompanySize

    text_value = raw.strip().replace(",", "")
    if text_value in {s.value for s in CompanySize}:
        return text_value
    if not text_value.isdigit():
        raise ValueError("expected a number of employees or a band such as 11-50")
    n = int(text_value)
    for limit, band in (
        (10, "1-10"),
        (50, "11-50"),
        (200, "51-200"),
        (500, "201-500"),
        (1000, "501-1000"),
        (5000, "1001-5000"),
    ):
        if n <= limit:
            return band
    return "5000+"
