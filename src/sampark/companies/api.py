from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from sampark.companies import service
from sampark.companies.schemas import CompanyCreate, CompanyOut, CompanyUpdate
from sampark.core.bulk import BulkCreate, BulkResult, BulkUpdate
from sampark.core.pagination import Page
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, ListParamsDep, with_etag
from sampark.people.schemas import PersonOut

router = APIRouter(prefix="/companies", tags=["companies"])


@router.get("", operation_id="companies-list", response_model=Page[CompanyOut])
def list_companies(ctx: CtxDep, params: ListParamsDep) -> Page[CompanyOut]:
    """Companies you may see, newest change first unless `sort` says otherwise. `q` searches
    names and domains in any script."""
    return service.list_companies(ctx, params)


@router.post("", operation_id="companies-create", response_model=CompanyOut, status_code=201)
def create_company(body: CompanyCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> CompanyOut:
    """Create a company. The domain is stored lower-case without scheme or `www.`; the phone as E.164."""
    return idem.run(lambda: with_etag(response, service.create_company(ctx, body)))  # type: ignore[no-any-return]


@router.post("/bulk", operation_id="companies-bulk-create", response_model=BulkResult[CompanyOut])
def bulk_create(body: BulkCreate[CompanyCreate], ctx: CtxDep) -> BulkResult[CompanyOut]:
    """Create up to 1,000 companies; each item succeeds or fails on its own."""
    return service.bulk_create(ctx, body.items)


@router.patch("/bulk", operation_id="companies-bulk-update", response_model=BulkResult[CompanyOut])
def bulk_update(body: BulkUpdate[CompanyUpdate], ctx: CtxDep) -> BulkResult[CompanyOut]:
    """Update up to 1,000 companies, each with the version it was read at."""
    return service.bulk_update(ctx, body.items)


@router.get("/{company_id}", operation_id="companies-get", response_model=CompanyOut)
def get_company(company_id: uuid.UUID, ctx: CtxDep, response: Response) -> CompanyOut:
    return with_etag(response, service.get_company(ctx, company_id))


@router.patch("/{company_id}", operation_id="companies-update", response_model=CompanyOut)
def update_company(
    company_id: uuid.UUID, body: CompanyUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> CompanyOut:
    """Change the fields sent. Needs `If-Match: <version>`; a stale version answers 412 with the current record."""
    return with_etag(response, service.update_company(ctx, company_id, body, version))


@router.delete("/{company_id}", operation_id="companies-delete", status_code=204, response_class=Response)
def delete_company(company_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Soft delete: an admin can restore the company for 30 days."""
    service.delete_company(ctx, company_id)
    return Response(status_code=204)


@router.post("/{company_id}/restore", operation_id="companies-restore", response_model=CompanyOut)
def restore_company(company_id: uuid.UUID, ctx: CtxDep) -> CompanyOut:
    """Admins: bring back a company deleted in the last 30 days."""
    return service.restore_company(ctx, company_id)


@router.get("/{company_id}/people", operation_id="companies-people", response_model=Page[PersonOut])
def list_company_people(company_id: uuid.UUID, ctx: CtxDep, params: ListParamsDep) -> Page[PersonOut]:
    """People of this company that you may see; takes the same list parameters as `/people`."""
    return service.list_company_people(ctx, company_id, params)
