"""Companies: the rules for creating, changing, listing, deleting and restoring them."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.companies.models import Company
from sampark.companies.schemas import CompanyCreate, CompanyOut, CompanySize, CompanyUpdate
from sampark.core import audit, location, records
from sampark.core.bulk import BulkResult, BulkUpdateItem, run_bulk
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, ValidationFailed
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.pagination import Page
from sampark.core.permissions import Action, Obj, Visibility
from sampark.core.records import (
    ListParams,
    check_owner,
    check_version,
    get_visible,
    list_records,
    restore,
    soft_delete,
    update_audited,
)
from sampark.core.search import build_search_text
from sampark.customfields import service as custom_fields
from sampark.people import service as people
from sampark.people.schemas import PersonOut
from sampark.settings import get_settings
from sampark.users import service as users

OBJ = Obj.companies
AUDITED = (
    "name", "domain", "industry", "size", "phone", "address_line", "city", "region", "postal_code",
    "country", "latitude", "longitude", "location_source", "location_accuracy_m", "owner_id", "tags", "custom_fields",
)  # fmt: skip


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    """Filterable and sortable fields, custom ones included as `cf.<key>`."""
    c = Company
    specs = [
        FieldSpec("id", c.id, FieldType.uuid, sortable=True, nullable=False),
        FieldSpec("name", c.name, FieldType.string, sortable=True, index="ix_companies_name", nullable=False),
        FieldSpec("domain", c.domain, FieldType.string, sortable=True),
        FieldSpec("industry", c.industry, FieldType.string, sortable=True),
        FieldSpec("size", c.size, FieldType.enum, choices=tuple(s.value for s in CompanySize)),
        FieldSpec("phone", c.phone, FieldType.string),
        FieldSpec("city", c.city, FieldType.string, sortable=True),
        FieldSpec("region", c.region, FieldType.string),
        FieldSpec("country", c.country, FieldType.string, sortable=True),
        FieldSpec("owner_id", c.owner_id, FieldType.uuid),
        FieldSpec("tags", c.tags, FieldType.tags),
        FieldSpec(
            "created_at",
            c.created_at,
            FieldType.datetime,
            sortable=True,
            index="ix_companies_created_at",
            nullable=False,
        ),
        FieldSpec(
            "updated_at",
            c.updated_at,
            FieldType.datetime,
            sortable=True,
            index="ix_companies_updated_at",
            nullable=False,
        ),
        FieldSpec("deleted_at", c.deleted_at, FieldType.datetime),
    ]
    out = {s.name: s for s in specs}
    dialect = ctx.session.get_bind().dialect.name
    out.update(custom_fields.filter_specs(ctx.session, "companies", c.custom_fields, dialect))
    return out


def to_out(rows: list[Company]) -> list[CompanyOut]:
    return [CompanyOut.model_validate(r) for r in rows]


def _derive(company: Company) -> None:
    """Keep the computed columns in step with what was written."""
    company.search_text = build_search_text(company.name, company.domain)


def _check_owner(ctx: Ctx, owner_id: uuid.UUID | None) -> None:
    if owner_id is None:
        if ctx.principal.grant(OBJ).visibility is not Visibility.all:
            raise ValidationFailed(
                "Only users who see every company may leave one without an owner.",
                errors=[FieldError("owner_id", "required: you would no longer see it", "owner_required")],
            )
        return
    check_owner(ctx, OBJ, owner_id, users.existing_user_ids(ctx.session, {owner_id}))


def _values(data: CompanyCreate | CompanyUpdate, *, partial: bool) -> dict[str, Any]:
    raw = data.model_dump(exclude_unset=partial, exclude={"id", "custom_fields"})
    if "name" in raw and raw["name"] is None:
        raise ValidationFailed(
            "A company needs a name.", errors=[FieldError("name", "may not be empty", "required")]
        )
    if raw.get("tags") is not None:
        raw["tags"] = list(dict.fromkeys(raw["tags"]))
    if raw.get("size") is not None:
        raw["size"] = CompanySize(raw["size"]).value
    if "tags" in raw and raw["tags"] is None:
        raw["tags"] = []
    return raw


def get_company(ctx: Ctx, company_id: uuid.UUID) -> CompanyOut:
    return CompanyOut.model_validate(get_visible(ctx, Company, OBJ, company_id, label="company"))


def list_companies(ctx: Ctx, params: ListParams) -> Page[CompanyOut]:
    return list_records(ctx, Company, OBJ, params, fields(ctx), to_out)


def is_visible(ctx: Ctx, company_id: uuid.UUID) -> bool:
    """For other domains linking to a company: may this caller see it?"""
    return records.is_visible(ctx, Company, OBJ, company_id)


def list_company_people(ctx: Ctx, company_id: uuid.UUID, params: ListParams) -> Page[PersonOut]:
    """People of a company the caller may see, through the people service (its rules and fields)."""
    get_visible(ctx, Company, OBJ, company_id, label="company")
    condition: dict[str, Any] = {"field": "company_id", "op": "eq", "value": str(company_id)}
    if params.filter and params.filter.strip():
        try:
            extra = json.loads(params.filter)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                "The filter is not valid JSON.", errors=[FieldError("filter", str(exc), "invalid_json")]
            ) from exc
        condition = {"and": [condition, extra]}
    scoped = ListParams(
        limit=params.limit,
        cursor=params.cursor,
        sort=params.sort,
        q=params.q,
        filter=json.dumps(condition),
        deleted=params.deleted,
    )
    return people.list_people(ctx, scoped)


def create_company(ctx: Ctx, data: CompanyCreate) -> CompanyOut:
    ctx.require(OBJ, Action.write)
    values = _values(data, partial=False)
    location.location_values(values, None)
    values["owner_id"] = values.get("owner_id") or ctx.principal.user_id
    _check_owner(ctx, values["owner_id"])
    values["custom_fields"] = custom_fields.validate_values(ctx.session, "companies", data.custom_fields)
    if data.id is not None and ctx.session.get(Company, data.id) is not None:
        raise Conflict("A record with this id exists.", code="id_taken", errors=[FieldError("id", "taken")])
    company = Company(**values)
    if data.id is not None:
        company.id = data.id
    _derive(company)
    ctx.session.add(company)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", OBJ.value, company.id, {"name": company.name})
    return CompanyOut.model_validate(company)


def update_company(ctx: Ctx, company_id: uuid.UUID, data: CompanyUpdate, version: int) -> CompanyOut:
    ctx.require(OBJ, Action.write)
    company = get_visible(ctx, Company, OBJ, company_id, label="company")
    check_version(company, version, lambda: CompanyOut.model_validate(company))
    values = _values(data, partial=True)
    location.location_values(values, (company.latitude, company.longitude))
    if "owner_id" in values:
        _check_owner(ctx, values["owner_id"])
    if data.custom_fields is not None:
        values["custom_fields"] = custom_fields.validate_values(
            ctx.session, "companies", data.custom_fields, company.custom_fields
        )

    def mutate() -> None:
        for key, value in values.items():
            setattr(company, key, value)
        _derive(company)

    update_audited(ctx, company, AUDITED, OBJ, mutate)
    return CompanyOut.model_validate(company)


def delete_company(ctx: Ctx, company_id: uuid.UUID) -> None:
    company = get_visible(ctx, Company, OBJ, company_id, label="company")
    soft_delete(ctx, company, OBJ)


def restore_company(ctx: Ctx, company_id: uuid.UUID) -> CompanyOut:
    company = restore(ctx, Company, OBJ, company_id, get_settings().restore_window_days, "company")
    return CompanyOut.model_validate(company)


def bulk_create(ctx: Ctx, items: list[Any]) -> BulkResult[CompanyOut]:
    ctx.require(OBJ, Action.write)
    return run_bulk(ctx, items, CompanyCreate, lambda item: create_company(ctx, item))


def bulk_update(ctx: Ctx, items: list[Any]) -> BulkResult[CompanyOut]:
    ctx.require(OBJ, Action.write)
    return run_bulk(
        ctx,
        items,
        BulkUpdateItem[CompanyUpdate],
        lambda item: update_company(ctx, item.id, item.changes, item.version),
    )


def id_by_domain(session: Session, domain: str) -> uuid.UUID | None:
    """For bulk writers (imports): the live company with this (normalised) domain, if any."""
    return session.scalars(
        select(Company.id)
        .where(Company.domain == domain, Company.deleted_at.is_(None))
        .order_by(Company.created_at)
    ).first()


def upsert_from_source(
    session: Session, company_id: uuid.UUID | None, values: dict[str, Any], source_name: str
) -> tuple[uuid.UUID, bool]:
    """For bulk writers: update the company `company_id` with the values a source sent (blank
    values never overwrite), or create one owned by nobody. Returns (id, created)."""
    company = session.get(Company, company_id) if company_id else None
    if company is not None and company.deleted_at is None:
        changed = {k: v for k, v in values.items() if v not in (None, "", []) and getattr(company, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(company, key, value)
            _derive(company)
            session.flush()
            audit.record(session, None, "update", OBJ.value, company.id, {"fields": sorted(changed)},
                         actor_email=f"source:{source_name}")  # fmt: skip
        return company.id, False
    company = Company(**{**values, "tags": values.get("tags", []), "custom_fields": {}})
    _derive(company)
    session.add(company)
    session.flush()
    audit.record(session, None, "create", OBJ.value, company.id, {"name": company.name, "source": source_name},
                 actor_email=f"source:{source_name}")  # fmt: skip
    return company.id, True


# --- where companies are (for geo) ------------------------------------------------------------------


def in_box(ctx: Ctx, box: location.Box, cap: int) -> list[location.Located]:
    """Live companies the caller may see inside `box` (at most `cap`)."""
    return location.in_box(ctx, Company, OBJ, Company.name, box, cap)


def locations(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, location.Located]:
    """Stored coordinates of these companies (access is the caller's business)."""
    return location.located(session, Company, Company.name, ids)


def set_location(
    ctx: Ctx,
    record_id: uuid.UUID,
    latitude: float | None,
    longitude: float | None,
    source: str,
    accuracy_m: float | None,
) -> CompanyOut:
    """Store coordinates from a GPS fix or a geocoder on a company the caller may change."""
    record = get_visible(ctx, Company, OBJ, record_id, label="company")
    location.set_location(ctx, record, OBJ, latitude, longitude, source, accuracy_m)
    return CompanyOut.model_validate(record)


def address_of(ctx: Ctx, record_id: uuid.UUID) -> location.AddressToGeocode:
    """The address fields of a company the caller may see (to geocode)."""
    r = get_visible(ctx, Company, OBJ, record_id, label="company")
    return location.AddressToGeocode(r.id, r.address_line, r.city, r.region, r.postal_code, r.country)


def without_coordinates(
    session: Session, after: uuid.UUID | None, limit: int
) -> list[location.AddressToGeocode]:
    return location.without_coordinates(session, Company, after, limit)


def store_geocoded(
    session: Session, record_id: uuid.UUID, latitude: float, longitude: float, accuracy_m: float
) -> bool:
    return location.store_geocoded(session, Company, OBJ, record_id, latitude, longitude, accuracy_m)
