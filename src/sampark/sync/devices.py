"""Devices: registered per user, listed, revoked by their user or an admin."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from sampark.core import audit
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, Gone, NotFound, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.sync.models import SyncDevice, SyncHolding
from sampark.sync.schemas import DeviceCreate, DeviceOut

OBJ = Obj.sync


def register(ctx: Ctx, data: DeviceCreate) -> tuple[DeviceOut, bool]:
    """The device, and whether it was created now (a retried registration answers the first)."""
    ctx.require(OBJ, Action.write)
    if data.id is not None:
        existing = ctx.session.get(SyncDevice, data.id)
        if existing is not None:
            if existing.user_id != ctx.principal.user_id:
                raise ValidationFailed(
                    "This device id is taken.", errors=[FieldError("id", "taken", "id_taken")]
                )
            return DeviceOut.model_validate(existing), False
    device = SyncDevice(
        user_id=ctx.principal.user_id,
        name=data.name,
        platform=data.platform,
        app_schema_version=data.app_schema_version,
    )
    if data.id is not None:
        device.id = data.id
    ctx.session.add(device)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "sync_devices", device.id, {"name": device.name})
    return DeviceOut.model_validate(device), True


def list_devices(ctx: Ctx, user_id: uuid.UUID | None, everyone: bool) -> list[DeviceOut]:
    ctx.require(OBJ, Action.read)
    stmt = select(SyncDevice).order_by(SyncDevice.created_at)
    if not ctx.principal.is_admin or not (everyone or user_id):
        stmt = stmt.where(SyncDevice.user_id == ctx.principal.user_id)
    elif user_id is not None:
        stmt = stmt.where(SyncDevice.user_id == user_id)
    return [DeviceOut.model_validate(d) for d in ctx.session.scalars(stmt)]


def _visible(ctx: Ctx, device_id: uuid.UUID) -> SyncDevice:
    device = ctx.session.get(SyncDevice, device_id)
    if device is None or (device.user_id != ctx.principal.user_id and not ctx.principal.is_admin):
        raise NotFound("No such device.")
    return device


def revoke(ctx: Ctx, device_id: uuid.UUID) -> DeviceOut:
    """Its next pull or push answers 410 `device_revoked` with `wipe: true`."""
    ctx.require(OBJ, Action.write)
    device = _visible(ctx, device_id)
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        device.revoked_by = ctx.principal.user_id
        ctx.session.query(SyncHolding).filter(SyncHolding.device_id == device.id).delete()
        ctx.session.flush()
        audit.record(ctx.session, ctx.principal, "revoke", "sync_devices", device.id, {"name": device.name})
    return DeviceOut.model_validate(device)


def require_device(ctx: Ctx, device_id: uuid.UUID | None) -> SyncDevice:
    """The caller's own, live device named by the X-Sampark-Device header."""
    if device_id is None:
        raise ValidationFailed(
            "Send the X-Sampark-Device header with your registered device id.",
            errors=[FieldError("X-Sampark-Device", "required", "missing_header")],
        )
    device = ctx.session.get(SyncDevice, device_id)
    if device is None or device.user_id != ctx.principal.user_id:
        raise NotFound("No such device: register it first.", code="device_unknown")
    if device.revoked_at is not None:
        raise Gone(
            "This device was revoked: delete its local data.",
            code="device_revoked",
            extra={"wipe": True},
        )
    return device
