"""Setting the trained model's m-probabilities after EM (see `model.score`)."""

from __future__ import annotations

from typing import Any

# The least m-probability a trained level keeps (see `floor_m`).
M_FLOOR = 0.01


def sources_m(linker: Any, same: int, total: int) -> None:
    """The sources comparison's m from known matches: of the record pairs joined on arrival
    (a shared e-mail, phone or id), the share from one source is how often one person is twice
    in one system. With no such pairs nothing is known: m = u, no evidence either way. The
    share is Laplace's (same + 1) / (total + 2): when no joined pair (or every one) came from one
    system — 20,000 generated records after the household check — an m of 0 is neither what a
    finite count proves nor a probability Splink takes (the run failed); 200,000 records' 504 of
    147,459 barely move."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name != "sources":
            continue
        share = (same + 1) / (total + 2) if total else None
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            if share is None:
                level.m_probability = level.u_probability
            else:
                level.m_probability = share if level._is_else_level else 1 - share


def floor_m(linker: Any) -> None:
    """No level's m-probability below M_FLOOR (then each comparison's m's sum to 1 again). EM
    gives m = 0 to a level no true pair of this data fell in — a city or postcode that never
    differed, a date of birth never mistyped (Splink then uses 1e-6) — and one such disagreement
    would then outweigh everything else the pair agrees on (−20 bits); real people move and
    mistype, so it costs at most log2(M_FLOOR / u) (about −6.6 bits for a different postcode)."""
    for comparison in linker._settings_obj.comparisons:
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        ms = [max(level.m_probability or 0.0, M_FLOOR) for level in levels]
        total = sum(ms)
        for level, m in zip(levels, ms, strict=True):
            level.m_probability = m / total
