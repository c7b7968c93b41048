from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from sampark.customfields import service
from sampark.customfields.schemas import (
    CustomFieldCreate,
    CustomFieldOut,
    CustomFieldUpdate,
    ObjectType,
)
from sampark.deps import CtxDep, IdempotencyDep, IfMatchDep

router = APIRouter(prefix="/custom-fields", tags=["custom-fields"])


@router.get("", operation_id="custom-fields-list", response_model=list[CustomFieldOut])
def list_fields(ctx: CtxDep, object_type: ObjectType | None = None) -> list[CustomFieldOut]:
    """Custom field definitions, for forms and filters (`cf.<key>`)."""
    return service.list_fields(ctx, object_type)


@router.post("", operation_id="custom-fields-create", response_model=CustomFieldOut, status_code=201)
def create_field(body: CustomFieldCreate, ctx: CtxDep, idem: IdempotencyDep) -> CustomFieldOut:
    return idem.run(lambda: service.create_field(ctx, body))  # type: ignore[no-any-return]


@router.patch("/{field_id}", operation_id="custom-fields-update", response_model=CustomFieldOut)
def update_field(
    field_id: uuid.UUID, body: CustomFieldUpdate, ctx: CtxDep, version: IfMatchDep
) -> CustomFieldOut:
    """Label, options, required, position and description can change; key and type cannot."""
    return service.update_field(ctx, field_id, body, version)


@router.delete("/{field_id}", operation_id="custom-fields-delete", status_code=204, response_class=Response)
def delete_field(field_id: uuid.UUID, ctx: CtxDep) -> Response:
    service.delete_field(ctx, field_id)
    return Response(status_code=204)
