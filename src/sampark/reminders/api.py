from __future__ import annotations

from fastapi import APIRouter

from sampark.deps import CtxDep
from sampark.reminders import service
from sampark.reminders.schemas import PreferencesOut, PreferencesUpdate

router = APIRouter(tags=["users"])


@router.get("/me/preferences", operation_id="users-preferences", response_model=PreferencesOut)
def preferences(ctx: CtxDep) -> PreferencesOut:
    """Your reminder and morning-digest settings."""
    return service.my_preferences(ctx)


@router.patch("/me/preferences", operation_id="users-update-preferences", response_model=PreferencesOut)
def update_preferences(body: PreferencesUpdate, ctx: CtxDep) -> PreferencesOut:
    """Turn the morning digest on or off, choose its local hour, or stop reminder e-mails."""
    return service.update_my_preferences(ctx, body)
