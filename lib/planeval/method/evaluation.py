"""Evaluation points: what a monitoring, mid-term or final evaluation judges.

The same engine measures progress P against the planned path at every point; the
points differ in their vocabulary and whether the outlook is forecast:

- **midterm** (中期评估) and **monitoring** (年度监测): the official categories of the
  national mid-term report (提前实现 / 快于预期 / 基本符合预期 / 滞后于预期) by R = P / E,
  and the outlook to the target year from the forecast.
- **final** (总结评估): the target year is reached, E = 1, no forecast. 已完成 when the
  target is met (P ≥ 1, or the yearly limit kept in every year); 基本完成 when an
  expected (预期性) indicator reaches P ≥ `final_basic` (default 0.90), or kept its yearly
  limit in the target year after earlier breaches; otherwise 未完成. Binding (约束性)
  indicators have no band: met or 未完成.
"""

from __future__ import annotations

from dataclasses import dataclass

from planeval.data.targets import TargetKind
from planeval.method.progress import (
    EPS,
    LAGGING,
    MANUAL,
    NO_DATA,
    OFFICIAL_CATEGORIES,
    ON_TRACK,
    Judgement,
    Thresholds,
    finite,
)
from planeval.vocabulary import (
    BASICALLY_COMPLETED,
    COMPLETED,
    FINAL_CATEGORIES,
    NOT_COMPLETED,
)

# Targets judged year by year or against another indicator (no level to reach).
YEARLY_KINDS = {TargetKind.CEILING, TargetKind.FLOOR, TargetKind.RELATIVE, TargetKind.QUALITATIVE}


@dataclass(frozen=True)
class EvaluationPoint:
    """One evaluation point: its name in reports, its categories, whether it forecasts."""

    key: str
    name: str
    categories: tuple[str, ...]
    forecasts: bool


POINTS = {
    "monitoring": EvaluationPoint("monitoring", "年度监测", OFFICIAL_CATEGORIES, True),
    "midterm": EvaluationPoint("midterm", "中期评估", OFFICIAL_CATEGORIES, True),
    "final": EvaluationPoint("final", "总结评估", FINAL_CATEGORIES, False),
}


def evaluation_point(key: str) -> EvaluationPoint:
    """The point named in the parameters (an unknown key is refused by the config)."""
    return POINTS.get(key, POINTS["midterm"])


def final_category(
    j: Judgement, kind: TargetKind | None, binding: bool, target_year: int, th: Thresholds
) -> str:
    """已完成 / 基本完成 / 未完成 of a final evaluation, from the mid-term judgement's facts.

    Path and cumulative targets: by P on the whole-period path (met, P ≥ 1 → 已完成;
    expected and P ≥ final_basic → 基本完成). Yearly limits and relative targets: kept
    in every year → 已完成; an expected indicator that kept it in the target year after
    earlier breaches → 基本完成. Manual and no-data judgements are kept as they are.
    """
    if j.category in (MANUAL, NO_DATA, *FINAL_CATEGORIES):
        return j.category  # a manual judgement in the final words is the evaluator's
    if kind in YEARLY_KINDS:
        if j.category == ON_TRACK:
            return COMPLETED
        breached = {y.strip() for y in str(j.breach_years or "").split("、") if y.strip()}
        last_kept = str(target_year) not in breached
        if j.category == LAGGING and last_kept and not binding and breached:
            return BASICALLY_COMPLETED
        return NOT_COMPLETED
    if j.met:
        return COMPLETED
    if not finite(j.progress):
        return NO_DATA
    if j.progress >= 1 - EPS:
        return COMPLETED
    if not binding and j.progress >= th.final_basic - EPS:
        return BASICALLY_COMPLETED
    return NOT_COMPLETED
