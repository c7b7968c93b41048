"""Social settings (administrators and managers): connectors, routing rules, tracked keywords
and term overrides. Secrets are write-only; every change is audited."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, NotFound
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version
from sampark.social import routing
from sampark.social.models import SocialConnector, SocialKeyword, SocialRoutingRule, SocialTermOverride
from sampark.social.platforms import DEFAULT_BASE_URLS, encrypt
from sampark.social.schemas import (
    ConnectorCreate,
    ConnectorOut,
    ConnectorUpdate,
    KeywordCreate,
    KeywordOut,
    KeywordUpdate,
    RuleCreate,
    RuleOut,
    RuleUpdate,
    TermCreate,
    TermOut,
    TermUpdate,
)

OBJ = Obj.social_settings
SECRETS = ("app_secret", "verify_token", "access_token")
HOOK_PATH = "/api/v1/social-hooks/{}"


def _get(session: Session, model: Any, row_id: uuid.UUID, label: str) -> Any:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"No such {label}.")
    return row


# --- connectors -------------------------------------------------------------------------------------


def connector_out(row: SocialConnector) -> ConnectorOut:
    return ConnectorOut.model_validate(row).model_copy(
        update={
            "has_app_secret": bool(row.app_secret_encrypted),
            "has_verify_token": bool(row.verify_token_encrypted),
            "has_access_token": bool(row.access_token_encrypted),
            "webhook_path": HOOK_PATH.format(row.id),
        }
    )


def list_connectors(ctx: Ctx) -> list[ConnectorOut]:
    ctx.require(OBJ, Action.read)
    return [
        connector_out(r) for r in ctx.session.scalars(select(SocialConnector).order_by(SocialConnector.name))
    ]


def get_connector(ctx: Ctx, connector_id: uuid.UUID) -> ConnectorOut:
    ctx.require(OBJ, Action.read)
    return connector_out(_get(ctx.session, SocialConnector, connector_id, "connector"))


def _name_free(session: Session, name: str, except_id: uuid.UUID | None = None) -> None:
    found = session.scalar(select(SocialConnector.id).where(SocialConnector.name == name))
    if found is not None and found != except_id:
        raise Conflict(
            "A connector with this name exists.", code="name_taken", errors=[FieldError("name", "taken")]
        )


def create_connector(ctx: Ctx, data: ConnectorCreate) -> ConnectorOut:
    ctx.require(OBJ, Action.write)
    _name_free(ctx.session, data.name)
    base = str(data.api_base_url) if data.api_base_url else DEFAULT_BASE_URLS[data.platform]
    row = SocialConnector(
        name=data.name, platform=data.platform.value, account_id=data.account_id,
        account_handle=data.account_handle, api_base_url=base.rstrip("/"), enabled=data.enabled,
        app_secret_encrypted=encrypt(data.app_secret) if data.app_secret else None,
        verify_token_encrypted=encrypt(data.verify_token) if data.verify_token else None,
        access_token_encrypted=encrypt(data.access_token) if data.access_token else None,
    )  # fmt: skip
    ctx.session.add(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", OBJ.value, row.id, {
        **data.model_dump(mode="json", exclude=set(SECRETS)),
        **{f"{s}_set": getattr(data, s) is not None for s in SECRETS},
    })  # fmt: skip
    return connector_out(row)


def update_connector(ctx: Ctx, connector_id: uuid.UUID, data: ConnectorUpdate, version: int) -> ConnectorOut:
    ctx.require(OBJ, Action.write)
    row: SocialConnector = _get(ctx.session, SocialConnector, connector_id, "connector")
    check_version(row, version, lambda: connector_out(row))
    changes = data.model_dump(exclude_unset=True, mode="json")
    if changes.get("name"):
        _name_free(ctx.session, changes["name"], row.id)
    logged: dict[str, Any] = {}
    for key, value in changes.items():
        if key in SECRETS:
            setattr(row, f"{key}_encrypted", encrypt(value) if value else None)
            logged[f"{key}_set"] = bool(value)
        elif value is not None or key == "account_handle":
            setattr(row, key, value.rstrip("/") if key == "api_base_url" and value else value)
            logged[key] = value
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "update", OBJ.value, row.id, logged)
    return connector_out(row)


def delete_connector(ctx: Ctx, connector_id: uuid.UUID) -> None:
    ctx.require(OBJ, Action.delete)
    row = _get(ctx.session, SocialConnector, connector_id, "connector")
    ctx.session.delete(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", OBJ.value, connector_id, {"name": row.name})


# --- routing rules ----------------------------------------------------------------------------------


def rule_out(row: SocialRoutingRule) -> RuleOut:
    return RuleOut.model_validate(row)


def require_read(ctx: Ctx) -> None:
    ctx.require(OBJ, Action.read)


def list_rules(ctx: Ctx) -> list[RuleOut]:
    ctx.require(OBJ, Action.read)
    rows = ctx.session.scalars(
        select(SocialRoutingRule).order_by(SocialRoutingRule.position, SocialRoutingRule.id)
    )
    return [rule_out(r) for r in rows]


def create_rule(ctx: Ctx, data: RuleCreate) -> RuleOut:
    ctx.require(OBJ, Action.write)
    routing.ensure_defaults(ctx.session)
    position = data.position
    if position is None:
        position = int(ctx.session.scalar(select(func.max(SocialRoutingRule.position))) or 0) + 10
    row = SocialRoutingRule(
        name=data.name, position=position, enabled=data.enabled, stop=data.stop,
        conditions=data.conditions.model_dump(mode="json", exclude_defaults=True),
        actions=[a.model_dump(mode="json", exclude_none=True) for a in data.actions], is_default=False,
    )  # fmt: skip
    ctx.session.add(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "social_rule", row.id, data.model_dump(mode="json"))
    return rule_out(row)


def update_rule(ctx: Ctx, rule_id: uuid.UUID, data: RuleUpdate, version: int) -> RuleOut:
    ctx.require(OBJ, Action.write)
    row: SocialRoutingRule = _get(ctx.session, SocialRoutingRule, rule_id, "routing rule")
    check_version(row, version, lambda: rule_out(row))
    changes = data.model_dump(exclude_unset=True)
    for key in ("name", "position", "enabled", "stop"):
        if changes.get(key) is not None:
            setattr(row, key, changes[key])
    if data.conditions is not None:
        row.conditions = data.conditions.model_dump(mode="json", exclude_defaults=True)
    if data.actions is not None:
        row.actions = [a.model_dump(mode="json", exclude_none=True) for a in data.actions]
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "social_rule",
        row.id,
        data.model_dump(mode="json", exclude_unset=True),
    )
    return rule_out(row)


def delete_rule(ctx: Ctx, rule_id: uuid.UUID) -> None:
    ctx.require(OBJ, Action.delete)
    row = _get(ctx.session, SocialRoutingRule, rule_id, "routing rule")
    ctx.session.delete(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", "social_rule", rule_id, {"name": row.name})


# --- keywords ---------------------------------------------------------------------------------------


def list_keywords(ctx: Ctx) -> list[KeywordOut]:
    ctx.require(OBJ, Action.read)
    rows = ctx.session.scalars(select(SocialKeyword).order_by(SocialKeyword.kind, SocialKeyword.term))
    return [KeywordOut.model_validate(r) for r in rows]


def create_keyword(ctx: Ctx, data: KeywordCreate) -> KeywordOut:
    ctx.require(OBJ, Action.write)
    term = data.term.strip().lower()
    if ctx.session.scalar(select(SocialKeyword.id).where(SocialKeyword.term == term)):
        raise Conflict(
            "This term is tracked already.", code="term_taken", errors=[FieldError("term", "taken")]
        )
    row = SocialKeyword(
        term=term, kind=data.kind, brand=(data.brand or "").strip().lower() or None, enabled=data.enabled
    )
    ctx.session.add(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "social_keyword", row.id, data.model_dump(mode="json"))
    return KeywordOut.model_validate(row)


def update_keyword(ctx: Ctx, keyword_id: uuid.UUID, data: KeywordUpdate, version: int) -> KeywordOut:
    ctx.require(OBJ, Action.write)
    row: SocialKeyword = _get(ctx.session, SocialKeyword, keyword_id, "keyword")
    check_version(row, version, lambda: KeywordOut.model_validate(row))
    for key, value in data.model_dump(exclude_unset=True).items():
        if value is not None or key == "brand":
            setattr(row, key, value.lower() if key == "brand" and value else value)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "social_keyword",
        row.id,
        data.model_dump(mode="json", exclude_unset=True),
    )
    return KeywordOut.model_validate(row)


def delete_keyword(ctx: Ctx, keyword_id: uuid.UUID) -> None:
    ctx.require(OBJ, Action.delete)
    row = _get(ctx.session, SocialKeyword, keyword_id, "keyword")
    ctx.session.delete(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", "social_keyword", keyword_id, {"term": row.term})


# --- term overrides ---------------------------------------------------------------------------------


def list_terms(ctx: Ctx, source: str | None = None) -> list[TermOut]:
    ctx.require(OBJ, Action.read)
    stmt = select(SocialTermOverride).order_by(SocialTermOverride.brand, SocialTermOverride.term)
    if source:
        stmt = stmt.where(SocialTermOverride.source == source)
    return [TermOut.model_validate(r) for r in ctx.session.scalars(stmt.limit(2000))]


def create_term(ctx: Ctx, data: TermCreate) -> TermOut:
    """A manual override; it replaces a learned one for the same term and brand."""
    ctx.require(OBJ, Action.write)
    term, brand = data.term.strip().lower(), data.brand.strip().lower()
    row = ctx.session.scalars(
        select(SocialTermOverride).where(SocialTermOverride.term == term, SocialTermOverride.brand == brand)
    ).first()
    if row is not None and row.source == "manual":
        raise Conflict(
            "This term has an override already.", code="term_taken", errors=[FieldError("term", "taken")]
        )
    if row is None:
        row = SocialTermOverride(term=term, brand=brand, positive_votes=0, negative_votes=0, neutral_votes=0)
        ctx.session.add(row)
    row.weight, row.source, row.active = data.weight, "manual", True
    try:
        ctx.session.flush()
    except IntegrityError as exc:  # pragma: no cover  (a concurrent create)
        raise Conflict("This term has an override already.", code="term_taken") from exc
    audit.record(ctx.session, ctx.principal, "create", "social_term", row.id, data.model_dump(mode="json"))
    return TermOut.model_validate(row)


def update_term(ctx: Ctx, term_id: uuid.UUID, data: TermUpdate, version: int) -> TermOut:
    ctx.require(OBJ, Action.write)
    row: SocialTermOverride = _get(ctx.session, SocialTermOverride, term_id, "term override")
    check_version(row, version, lambda: TermOut.model_validate(row))
    if data.weight is not None:
        row.weight, row.source = data.weight, "manual"
    if data.active is not None:
        row.active = data.active
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "social_term",
        row.id,
        data.model_dump(mode="json", exclude_unset=True),
    )
    return TermOut.model_validate(row)


def delete_term(ctx: Ctx, term_id: uuid.UUID) -> None:
    ctx.require(OBJ, Action.delete)
    row = _get(ctx.session, SocialTermOverride, term_id, "term override")
    ctx.session.delete(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "delete", "social_term", term_id, {"term": row.term})
