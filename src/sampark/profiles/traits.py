"""Computed traits of a person: first and last seen, orders and spend, RFM, engagement, channel,
identities and sources. Read on demand off the person indexes of each domain.

RFM scores place a person among everyone with orders: the quintile boundaries of recency (last
order time), frequency (orders) and monetary (net spend in the main order currency) are stored
by `sampark traits refresh` (one SQL pass) and computed on the fly when none are stored.

Engagement (0–100): S = Σ weight(kind) × (n₀₋₇ + 0.5·n₈₋₃₀ + 0.2·n₃₁₋₉₀) over events in the last
90 days by age in days (weights: track 3, page and screen 1, identify 0.5; orders 10), and
score = round(100 × (1 − e^(−S/30)))."""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy.orm import Session

from sampark.activities import service as activities
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.permissions import Action, Obj
from sampark.identity import records as identity_records
from sampark.identity import service as identity
from sampark.orders import service as orders
from sampark.people import service as people
from sampark.profiles.models import RfmBoundaries
from sampark.profiles.schemas import Rfm, Spend, Traits
from sampark.sources import service as sources
from sampark.tracking import service as tracking

WEIGHTS = {"track": 3.0, "page": 1.0, "screen": 1.0, "identify": 0.5}
ORDER_WEIGHT = 10.0
BUCKETS = (1.0, 0.5, 0.2)  # 0–7 days, 8–30, 31–90
SCALE = 30.0
EVENT_CHANNELS = {"page": "web", "screen": "app"}


def _dt(value: Any) -> datetime | None:
    if value is None:
        return None
    return as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def _score(value: Any, cuts: list[Any]) -> int:
    """1 + the number of quintile boundaries `value` is above."""
    return 1 + sum(1 for cut in cuts if cut is not None and value > cut)


def segment(r: int, f: int, m: int) -> str:
    if r >= 4 and f >= 4 and m >= 4:
        return "Champions"
    if r >= 3 and f >= 4:
        return "Loyal"
    if r >= 4 and f == 1:
        return "New"
    if r >= 4:
        return "Promising"
    if r == 3:
        return "Need attention"
    if f >= 3 or m >= 4:
        return "At risk"
    return "Hibernating"


def _boundaries(raw: dict[str, Any]) -> tuple[list[datetime | None], list[int], list[Decimal]]:
    def cuts(kind: str) -> list[Any]:
        return [raw[kind].get(t) for t in (1, 2, 3, 4)]

    return (
        [_dt(v) for v in cuts("r")],
        [int(v) for v in cuts("f") if v is not None],
        [Decimal(str(v)) for v in cuts("m") if v is not None],
    )


def refresh(session: Session) -> RfmBoundaries:
    """Compute and store the population's RFM quintiles (the CLI's `traits refresh`)."""
    currency = orders.main_currency(session)
    raw = orders.rfm_population(session, currency)
    recency, frequency, monetary = _boundaries(raw)
    row = session.get(RfmBoundaries, "rfm") or RfmBoundaries(name="rfm")
    row.currency = currency
    row.recency = [r.isoformat() if r else None for r in recency]
    row.frequency = frequency
    row.monetary = [str(m) for m in monetary]
    row.population = int(raw["p"])
    row.computed_at = utcnow()
    session.add(row)
    session.flush()
    return row


def _stored_or_live(
    session: Session,
) -> tuple[str | None, list[Any], list[int], list[Decimal], datetime | None]:
    row = session.get(RfmBoundaries, "rfm")
    if row is not None:
        return (
            row.currency,
            [_dt(v) for v in row.recency],
            [int(v) for v in row.frequency],
            [Decimal(v) for v in row.monetary],
            row.computed_at,
        )
    currency = orders.main_currency(session)
    recency, frequency, monetary = _boundaries(orders.rfm_population(session, currency))
    return currency, recency, frequency, monetary, None


def _money(value: Decimal, currency: str) -> str:
    return orders.money(value, currency)


def person_traits(ctx: Ctx, person_id: uuid.UUID) -> Traits:
    people.get_person(ctx, person_id)  # 404 unless the caller may see the person
    session = ctx.session
    now = utcnow()
    see_orders = ctx.principal.can(Obj.orders, Action.read)
    stats = orders.stats(session, person_id) if see_orders else None
    first_event, last_event = tracking.activity_span(session, person_id)
    act_first, act_last = activities.span(session, person_id)
    records = identity_records.candidates_of(session, [person_id]).get(person_id, [])
    moments = [
        first_event, last_event, _dt(act_first), _dt(act_last),
        stats.first_at if stats else None, stats.last_at if stats else None,
        *(_dt(c.received_at) for c in records),
    ]  # fmt: skip
    seen = [m for m in moments if m is not None]

    spend: list[Spend] = []
    total_spend = average = main = None
    rfm = None
    if stats and stats.count:
        order_counts = dict.fromkeys(stats.spend, 0)
        for currency, amount in sorted(stats.spend.items(), key=lambda kv: -kv[1]):
            order_counts[currency] = 0
            spend.append(Spend(currency=currency, total=_money(amount, currency),
                               average_order_value=_money(amount / stats.count, currency)))  # fmt: skip
        main, r_cuts, f_cuts, m_cuts, computed_at = _stored_or_live(session)
        if main is not None:
            amount = stats.spend.get(main, Decimal(0))
            total_spend = _money(amount, main)
            average = _money((amount / stats.count).quantize(Decimal("0.0001"), ROUND_HALF_EVEN), main)
        r = _score(stats.last_at, r_cuts) if stats.last_at else 1
        f = _score(stats.count, f_cuts)
        m = _score(stats.spend.get(main or "", Decimal(0)), m_cuts)
        rfm = Rfm(recency=r, frequency=f, monetary=m, segment=segment(r, f, m), currency=main,
                  boundaries_computed_at=computed_at)  # fmt: skip

    counts = tracking.engagement_counts(session, person_id, now)
    points = sum(
        WEIGHTS.get(t, 0.0) * sum(w * n for w, n in zip(BUCKETS, c, strict=True)) for t, c in counts.items()
    )
    if stats and stats.last_at:
        age = (now - stats.last_at).days
        recent_weight = (
            BUCKETS[0] if age <= 7 else BUCKETS[1] if age <= 30 else BUCKETS[2] if age <= 90 else 0.0
        )
        points += ORDER_WEIGHT * recent_weight
    engagement = round(100 * (1 - math.exp(-points / SCALE)))

    channels: dict[str, int] = dict(stats.channels) if stats else {}
    for event_type, channel in EVENT_CHANNELS.items():
        if event_type in counts:
            channels[channel] = channels.get(channel, 0) + sum(counts[event_type])
    most_used = max(channels.items(), key=lambda kv: kv[1])[0] if channels else None

    ids = identity.identities_of(session, person_id)
    identity_sources = sources.refs_by_id(session, {i.source_id for i in ids if i.source_id is not None})
    kinds: dict[str, int] = {}
    for i in ids:
        kinds[i.kind] = kinds.get(i.kind, 0) + 1
    return Traits(
        person_id=person_id,
        first_seen=min(seen, default=None),
        last_seen=max(seen, default=None),
        orders_count=stats.count if stats else 0,
        last_order_at=stats.last_at if stats else None,
        days_since_last_order=(now - stats.last_at).days if stats and stats.last_at else None,
        spend=spend,
        total_spend=total_spend,
        average_order_value=average,
        currency=main,
        rfm=rfm,
        engagement_score=engagement,
        most_used_channel=most_used,
        identities_count=len(ids),
        identity_kinds=kinds,
        sources=sorted({c.source_name for c in records} | {ref.name for ref in identity_sources.values()}),
    )
