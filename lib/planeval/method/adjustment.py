"""A proposed new target for an indicator whose target is out of reach (规划调整建议).

`propose(row, step)` reads one assessment row and returns the target the current trend
supports, in the form the plan wrote its target (a growth rate, a share, a reduction),
rounded to `step` towards the less ambitious side so that the proposal is one the
forecast reaches; None when the row has no usable forecast or the trend already meets
the printed target. The report words it (planeval.report.adjustments); the rule is
stated in the method note.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

GROWTH_KINDS = ("cagr", "cagr_range", "cagr_floor", "level")


@dataclass(frozen=True)
class ProposedTarget:
    kind: str  # "growth" (年均增长 g%), "share" (T年达到 v), "reduction" (累计下降 r%)
    value: float  # g, v or r, rounded to the step
    level: float | None = None  # growth: the target-year level it implies (nominal only)
    trend: float = math.nan  # the unrounded figure of the trend


def _finite(*values) -> bool:
    try:
        return all(v is not None and math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def _towards(value: float, step: float, down: bool) -> float:
    """`value` rounded to a multiple of `step`, down (or up); clear of float noise."""
    q = value / step
    n = math.floor(q + 1e-9) if down else math.ceil(q - 1e-9)
    return round(n * step, 10)


def _forecast(row: Mapping) -> float:
    """The target-year point forecast on the scale the target is judged on."""
    T = int(row["target_year"])
    real = bool(row.get("real_growth"))
    value = row.get(f"real_forecast_{T}" if real else f"forecast_{T}")
    return float(value) if _finite(value) else math.nan


def _printed_growth(row: Mapping) -> float:
    if row.get("target_kind") == "cagr_range":
        return float(row.get("target_low"))
    if row.get("target_kind") == "level":
        return float(row.get("required_cagr"))
    return float(row.get("target_value"))


def propose(row: Mapping, step: float) -> ProposedTarget | None:
    """The target the trend supports, or None (no forecast, or no relief needed)."""
    kind, F = row.get("target_kind"), _forecast(row)
    base, T, t0 = row.get("base_value"), row.get("target_year"), row.get("base_year")
    if not _finite(F, base, T, t0) or float(base) <= 0 or F <= 0:
        return None
    n, base = int(T) - int(t0), float(base)
    higher = row.get("direction") != "lower"
    if kind in GROWTH_KINDS:
        trend = ((F / base) ** (1 / n) - 1) * 100
        g = _towards(trend, step, down=higher)
        printed = _printed_growth(row)
        if not _finite(printed) or (g >= printed - 1e-9 if higher else g <= printed + 1e-9):
            return None
        level = None if row.get("real_growth") else base * (1 + g / 100) ** n
        return ProposedTarget("growth", g, level, trend)
    if kind == "pp_level":
        v = _towards(F, step, down=higher)
        target = row.get("target_value")
        if not _finite(target) or (v >= float(target) if higher else v <= float(target)):
            return None
        return ProposedTarget("share", v, trend=F)
    if kind == "reduction":
        trend = (1 - F / base) * 100
        r = _towards(trend, step, down=True)
        target = row.get("target_value")
        if not _finite(target) or r >= float(target) - 1e-9 or r <= 0:
            return None
        return ProposedTarget("reduction", r, trend=trend)
    return None
