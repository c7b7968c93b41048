"""Companies: the rules for creating, changing, listing, deleting and restoring them."""

from __future__ import annotations

import uuid

from sampark.companies.models import Company
from sampark.core.context import Ctx
from sampark.core.permissions import Action, Obj
from sampark.core.records import visible_statement

OBJ = Obj.companies


def is_visible(ctx: Ctx, company_id: uuid.UUID) -> bool:
    """For other domains linking to a company: may this caller see it?"""
    if not ctx.principal.can(OBJ, Action.read):
        return False
    stmt = visible_statement(ctx, Company, OBJ).with_only_columns(Company.id).where(Company.id == company_id)
    return ctx.session.execute(stmt).first() is not None
