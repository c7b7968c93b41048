from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from sampark.core.bulk import BulkCreate, BulkResult, BulkUpdate
from sampark.core.pagination import Page
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep, ListParamsDep, with_etag
from sampark.people import service
from sampark.people.schemas import PersonCreate, PersonOut, PersonUpdate

router = APIRouter(prefix="/people", tags=["people"])


@router.get("", operation_id="people-list", response_model=Page[PersonOut])
def list_people(ctx: CtxDep, params: ListParamsDep) -> Page[PersonOut]:
    """People you may see, newest change first unless `sort` says otherwise."""
    return service.list_people(ctx, params)


@router.post("", operation_id="people-create", response_model=PersonOut, status_code=201)
def create_person(body: PersonCreate, ctx: CtxDep, idem: IdempotencyDep, response: Response) -> PersonOut:
    """Create a person. E-mails are validated and lower-cased; phones are stored E.164."""
    return idem.run(lambda: with_etag(response, service.create_person(ctx, body)))  # type: ignore[no-any-return]


@router.post("/bulk", operation_id="people-bulk-create", response_model=BulkResult[PersonOut])
def bulk_create(body: BulkCreate[PersonCreate], ctx: CtxDep) -> BulkResult[PersonOut]:
    """Create up to 1,000 people; each item succeeds or fails on its own."""
    return service.bulk_create(ctx, body.items)


@router.patch("/bulk", operation_id="people-bulk-update", response_model=BulkResult[PersonOut])
def bulk_update(body: BulkUpdate[PersonUpdate], ctx: CtxDep) -> BulkResult[PersonOut]:
    """Update up to 1,000 people, each with the version it was read at."""
    return service.bulk_update(ctx, body.items)


@router.get("/{person_id}", operation_id="people-get", response_model=PersonOut)
def get_person(person_id: uuid.UUID, ctx: CtxDep, response: Response) -> PersonOut:
    return with_etag(response, service.get_person(ctx, person_id))


@router.patch("/{person_id}", operation_id="people-update", response_model=PersonOut)
def update_person(
    person_id: uuid.UUID, body: PersonUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> PersonOut:
    """Change the fields sent. Needs `If-Match: <version>`; a stale version answers 412 with the current record."""
    return with_etag(response, service.update_person(ctx, person_id, body, version))


@router.delete("/{person_id}", operation_id="people-delete", status_code=204, response_class=Response)
def delete_person(person_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Soft delete: an admin can restore the person for 30 days."""
    service.delete_person(ctx, person_id)
    return Response(status_code=204)


@router.post("/{person_id}/restore", operation_id="people-restore", response_model=PersonOut)
def restore_person(person_id: uuid.UUID, ctx: CtxDep) -> PersonOut:
    """Admins: bring back a person deleted in the last 30 days."""
    return service.restore_person(ctx, person_id)


@router.delete(
    "/{person_id}/manual-fields/{field}", operation_id="people-clear-manual-field", response_model=PersonOut
)
def clear_manual_field(person_id: uuid.UUID, field: str, ctx: CtxDep, response: Response) -> PersonOut:
    """Let the sources decide this field again: a value edited in Sampark wins over every source
    until it is cleared here; then survivorship (trust, recency, frequency) chooses from the
    person's source records."""
    return with_etag(response, service.clear_manual_field(ctx, person_id, field))
