"""What the desk knows of a requester when a ticket opens: their company, their lifetime spend
(net of refunds, from the orders service) and so their customer tier. Tiers are thresholds of
lifetime spend set by the operator (`SAMPARK_TICKET_TIERS="vip=100000,gold=25000"`, in
`SAMPARK_TICKET_TIER_CURRENCY` or else the currency most orders are in): a requester is in
the highest tier their spend reaches. SLA policies may be set per tier and routing rules may
match tiers or a minimum spend — as Zendesk and Freshdesk let SLAs and triggers depend on the
customer's organisation or segment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from sampark.settings import get_settings


@dataclass(frozen=True)
class Tier:
    name: str
    min_lifetime_value: Decimal


@dataclass(frozen=True)
class CustomerFacts:
    company_id: uuid.UUID | None = None
    lifetime_value: Decimal | None = None
    tier: str | None = None


def parse_tiers(text: str) -> list[Tier]:
    """'vip=100000, gold=25000' → tiers, highest threshold first. Bad entries are skipped (a
    typo in the setting must not stop mail coming in)."""
    out: dict[str, Tier] = {}
    for part in text.split(","):
        name, sep, raw = part.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            continue
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            continue
        if value.is_finite() and value >= 0:
            out[name] = Tier(name[:40], value)
    return sorted(out.values(), key=lambda t: t.min_lifetime_value, reverse=True)


def tiers() -> list[Tier]:
    return parse_tiers(get_settings().ticket_tiers)


def tier_currency(session: Session) -> str | None:
    from sampark.orders import service as orders

    return get_settings().ticket_tier_currency.upper() or orders.main_currency(session)


def tier_of(value: Decimal | None, defined: list[Tier]) -> str | None:
    if value is None:
        return None
    return next((t.name for t in defined if value >= t.min_lifetime_value), None)


def _rules_weigh_value(session: Session) -> bool:
    """Whether an enabled routing rule looks at the requester's tier or spend."""
    from sqlalchemy import select

    from sampark.tickets.models import RoutingRule

    return any(
        (c or {}).get("tiers") or (c or {}).get("min_lifetime_value") is not None
        for c in session.scalars(select(RoutingRule.conditions).where(RoutingRule.enabled))
    )


def customer_facts(session: Session, person_ids: set[uuid.UUID]) -> dict[uuid.UUID, CustomerFacts]:
    """Company, lifetime spend and tier of each person, in three statements for any number."""
    from sampark.orders import service as orders
    from sampark.people import service as people

    if not person_ids:
        return {}
    companies = people.company_ids(session, person_ids)
    defined = tiers()
    if not defined and not _rules_weigh_value(session):
        return {pid: CustomerFacts(companies.get(pid)) for pid in person_ids}  # nothing asks what they spent
    currency = tier_currency(session)
    spend = orders.net_spend(session, person_ids, currency) if currency else {}
    out = {}
    for pid in person_ids:
        value = spend.get(pid, Decimal(0)) if currency else None
        out[pid] = CustomerFacts(companies.get(pid), value, tier_of(value, defined))
    return out
