"""The prior: how likely two people picked at random are one person
(Splink's `probability_two_random_records_match`), estimated from the scored pairs.

A fixed prior is right for one size of data only: the number of pairs grows with the square of
the people, the true pairs about linearly, so the prior falls as the data grows (about 5e-5
among 10,000 people, 5e-6 among 100,000). The estimate is the prior's own EM step over the
scored pairs with the trained m and u held fixed: λ = (expected true pairs) / (all pairs), the
expected true pairs being the sum of the match probabilities under λ, repeated until it settles.
Pairs blocking never scores count as non-matches; so do the pairs below the prediction floor
(each would add less than `floor_probability`), which keeps the estimate on the cautious side."""

from __future__ import annotations

import math
from typing import Any

# The prior the model is first scored with (its match weights are turned into another prior's).
START = 1e-5
# Bounds of the estimate: below a handful of people per true pair, the sum of probabilities says
# little; the upper bound also fixes how far below the review threshold prediction must reach.
LOWEST, HIGHEST = 1e-9, 1e-3
ROUNDS = 50


def logit2(p: float) -> float:
    """log2 of the odds (a threshold of 0 or 1 is taken as just inside)."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def floor_weight(review_threshold: float) -> float:
    """The match weight (at START) prediction keeps pairs from: every pair that can reach the
    review threshold under any prior up to HIGHEST."""
    return logit2(review_threshold) - logit2(HIGHEST) + logit2(START)


def estimate(con: Any, table: str, people: int) -> float:
    """λ for the pairs in `table` (a `match_weight` column, computed with the prior START)
    among `people` people."""
    pairs = people * (people - 1) / 2
    if pairs <= 0:
        return START
    prior = START
    for _ in range(ROUNDS):
        shift = logit2(prior) - logit2(START)
        ((expected,),) = con.execute(
            f"SELECT coalesce(sum(1 / (1 + pow(2, -(match_weight + ?)))), 0) FROM {table}",  # noqa: S608 - our table
            [shift],
        ).fetchall()
        new = min(max(float(expected) / pairs, LOWEST), HIGHEST)
        if abs(math.log(new / prior)) < 1e-4:
            return new
        prior = new
    return prior
