"""Progress arithmetic per target kind: pure functions of numbers, no tables, no I/O.

Notation (see the method note): base year t0, target year T, latest year with data t,
time elapsed E = (t - t0) / (T - t0). A target defines a planned change L from the base
on the scale where the planned path is linear in time (log scale for growth, level and
reduction targets, linear scale for percentage-point targets, running sum for cumulative
totals); the actual change so far is a. With s = +1 for higher-is-better and -1 for
lower-is-better indicators,

    R = 1 + s * (a - L*E) / (|L| * E),   P = R * E.

When the target asks for movement in the good direction (s*L > 0, the usual case) this
is exactly P = a / L and R = P / E. When the plan allows movement in the bad direction
(s*L < 0: a growth allowance for a lower-is-better indicator, or a target-year level on the
wrong side of a revised base) it mirrors the path: being on the planned path gives
R = 1 and every unit better than the path counts as progress, so R always rises with
the latest value for higher-is-better indicators and falls for lower-is-better ones.

Every function returns NaN (never raises) when its inputs make the quantity undefined;
the caller (planeval.method.assess) says why in the row's notes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from planeval.errors import PlanevalError
from planeval.vocabulary import (  # noqa: F401  (the method's words, used from here)
    ACHIEVED,
    AHEAD,
    AT_RISK,
    LAGGING,
    LIKELY,
    MANUAL,
    NO_DATA,
    OFFICIAL_CATEGORIES,
    ON_TRACK,
    OUTLOOKS,
    UNLIKELY,
)

# An outlook the forecast cannot give (planeval.method.assess).
FORECAST_NA = "预测不适用"

SIGNIFICANT = "显著进展"
MODERATE = "中等进展"
INSUFFICIENT = "进展不足"
MOVING_AWAY = "背离目标"
NOT_APPLICABLE = "不适用"

# Float noise guard for comparisons with thresholds and limits (values are judged unrounded).
EPS = 1e-9

nan = math.nan


@dataclass(frozen=True)
class Thresholds:
    """Judgement parameters; every default is stated in the method note.

    ahead / on_track: cut-offs on R for 快于预期 / 基本符合预期 (expected indicators).
    binding_on_track: R needed for 基本符合预期 on binding (约束性) indicators (no band).
    ceiling_tolerance: band, in the indicator's own unit, by which an expected (预期性)
        yearly ceiling or floor may be missed before the year counts as breached.
    binding_ceiling_tolerance: the same band for binding (约束性) indicators (none: 0).
    in_step_tolerance: percentage points by which an "in step" indicator may grow
        slower than its reference in a year and still count as in step.
    sdg_significant / sdg_moderate: Eurostat cut-offs on actual / required CAGR.
    outlook_likely / outlook_unlikely: cut-offs on the forecast probability of meeting
        the target for the outlook: ≥ likely 有望实现 (the point forecast, the median,
        reaches the target), < unlikely 难以实现 (the target lies outside the 80 %
        forecast interval), between 存在风险. A yearly limit is 存在风险 when its breach
        probability exceeds `outlook_unlikely` in any remaining year.
    final_basic: in a final evaluation (总结评估), P an expected indicator needs for
        基本完成 when it falls short of the target (binding indicators have no band).
    approx_tolerance: the band of a 左右 target: 年均增长6%左右 is judged as the range
        6 ± tolerance %; a share or a cumulative reduction 左右 counts as reached within
        ± tolerance percentage points, a level in another unit within ± tolerance % of it.
    adjustment_margin: percentage points (points a year for percentage-point targets)
        by which the pace still required may exceed the history's best year before the
        规划调整提示 is raised (the flag also makes the outlook 难以实现).

    `CONFIG_KEYS` names the parameters-file key of each field.
    """

    ahead: float = 1.10
    on_track: float = 0.95
    binding_on_track: float = 1.0
    ceiling_tolerance: float = 0.1
    binding_ceiling_tolerance: float = 0.0
    in_step_tolerance: float = 0.5
    sdg_significant: float = 0.95
    sdg_moderate: float = 0.60
    outlook_likely: float = 0.5
    outlook_unlikely: float = 0.1
    final_basic: float = 0.90
    approx_tolerance: float = 0.5
    adjustment_margin: float = 0.0

    def __post_init__(self) -> None:
        values = [getattr(self, f) for f in self.__dataclass_fields__]
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            raise PlanevalError("评价阈值必须是有限数值", expected="如 ahead_threshold: 1.10")
        if not 0 < self.on_track <= self.ahead or not 0 < self.binding_on_track <= self.ahead:
            raise PlanevalError(
                f"评价阈值不一致：快于预期 {self.ahead}，基本符合预期 {self.on_track}，"
                f"约束性指标基本符合预期 {self.binding_on_track}",
                expected="0 < 基本符合预期阈值 ≤ 快于预期阈值（如 0.95 和 1.10）",
            )
        if not 0 < self.final_basic <= 1:
            raise PlanevalError(
                f"总结评估“基本完成”阈值 {self.final_basic} 无效", expected="0 到 1 之间，如 0.90"
            )
        tolerances = (
            self.ceiling_tolerance,
            self.binding_ceiling_tolerance,
            self.in_step_tolerance,
            self.adjustment_margin,
            self.approx_tolerance,
        )
        if min(tolerances) < 0:
            raise PlanevalError("容差不能为负数", expected="如 0.1 或 0.5")
        if not 0 <= self.sdg_moderate <= self.sdg_significant:
            raise PlanevalError("Eurostat 分档阈值不一致", expected="0 ≤ 0.60 ≤ 0.95")
        if not 0 < self.outlook_unlikely < self.outlook_likely < 1:
            raise PlanevalError(
                f"如期实现前景阈值不一致：有望实现 {self.outlook_likely}，"
                f"难以实现 {self.outlook_unlikely}",
                expected="0 < outlook_unlikely < outlook_likely < 1（如 0.1 和 0.5）",
            )

    @classmethod
    def from_config(cls, config, **overrides) -> Thresholds:
        """The thresholds a config sets (keys of CONFIG_KEYS); defaults for what it lacks."""
        values = {f: getattr(config, k) for k, f in CONFIG_KEYS.items() if hasattr(config, k)}
        values.update(overrides)
        return cls(**values)

    def on_track_for(self, binding: bool) -> float:
        return self.binding_on_track if binding else self.on_track

    def limit_tolerance(self, binding: bool) -> float:
        """The band by which a yearly ceiling or floor may be missed (own unit)."""
        return self.binding_ceiling_tolerance if binding else self.ceiling_tolerance


# Parameters-file key (PlanConfig field, planeval.params SCHEMA) → Thresholds field.
CONFIG_KEYS = {
    "ahead_threshold": "ahead",
    "on_track_threshold": "on_track",
    "binding_on_track_threshold": "binding_on_track",
    "ceiling_tolerance": "ceiling_tolerance",
    "binding_ceiling_tolerance": "binding_ceiling_tolerance",
    "in_step_tolerance": "in_step_tolerance",
    "sdg_significant": "sdg_significant",
    "sdg_moderate": "sdg_moderate",
    "outlook_likely": "outlook_likely",
    "outlook_unlikely": "outlook_unlikely",
    "final_basic_threshold": "final_basic",
    "adjustment_margin": "adjustment_margin",
    "approx_tolerance": "approx_tolerance",
}
# Parameters-file keys of the forecaster's options (Forecaster.for_plan passes them on).
FORECAST_KEYS = ("shock_years", "shock_threshold", "nowcast_sd")
# Every method parameter, in the order of the method note's table.
METHOD_KEYS = (*CONFIG_KEYS, *FORECAST_KEYS)
# Parameters-file keys of the report's drafting rules (规划调整建议表, task lists): the
# method note states them in their own sentences.
REPORT_KEYS = ("adjustment_step", "task_list_limit", "monitoring_watch")


# --- basic arithmetic -------------------------------------------------------------


def finite(*values: float) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def elapsed_share(base_year: int, target_year: int, year: int) -> float:
    """E = (t - t0) / (T - t0)."""
    return (year - base_year) / (target_year - base_year)


def log_change(base: float, value: float) -> float:
    """ln(value / base); NaN unless both are positive."""
    if not finite(base, value) or base <= 0 or value <= 0:
        return nan
    return math.log(value / base)


def cagr_percent(base: float, value: float, years: int) -> float:
    """Average annual growth in percent: ((value / base)^(1/years) - 1) * 100."""
    change = log_change(base, value)
    if not finite(change) or years <= 0:
        return nan
    return math.expm1(change / years) * 100


def compound(base: float, rate_percent: float, years: int) -> float:
    """base * (1 + rate/100)^years."""
    return base * (1 + rate_percent / 100) ** years


def chained_index(growth_percent: list[float]) -> float:
    """Π (1 + g/100): the real (comparable-price) index of the last year on the first's base."""
    out = 1.0
    for g in growth_percent:
        out *= 1 + g / 100
    return out


def reduction_annual_rate(reduction_percent: float, years: int) -> float:
    """Average annual change in percent implied by a cumulative reduction (negative).

    累计下降13.5% over five years: (1 - 0.135)^(1/5) - 1 = -2.86 % per year.
    """
    return ((1 - reduction_percent / 100) ** (1 / years) - 1) * 100


def required_growth(latest: float, target: float, years_left: int) -> float:
    """(V / v_t)^(1 / (T - t)) - 1, in percent per year."""
    return cagr_percent(latest, target, years_left)


def annuity_sum(start: float, rate_percent: float, years: int) -> float:
    """Σ_{i=1..years} start * (1 + rate)^i: the sum of `years` values growing from `start`."""
    q = 1 + rate_percent / 100
    return sum(start * q**i for i in range(1, years + 1))


def growth_for_sum(start: float, total: float, years: int) -> float:
    """The constant annual growth g (percent) with Σ_{i=1..years} start*(1+g)^i = total.

    Solved by bisection (the sum rises monotonically with g). NaN when start or total is
    not positive or no growth between -99.9 % and +1000 % reaches the total.
    """
    if not finite(start, total) or start <= 0 or total <= 0 or years <= 0:
        return nan
    lo, hi = -99.9, 1000.0
    if not annuity_sum(start, lo, years) <= total <= annuity_sum(start, hi, years):
        return nan
    for _ in range(200):
        mid = (lo + hi) / 2
        if annuity_sum(start, mid, years) < total:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    return (lo + hi) / 2


# --- progress and categories ------------------------------------------------------


def path_progress(actual: float, planned: float, elapsed: float, sign: int) -> tuple[float, float]:
    """(P, R) for an actual change `actual` against a planned change `planned` (module doc)."""
    if not finite(actual, planned, elapsed) or planned == 0 or elapsed <= 0:
        return nan, nan
    if sign * planned > 0:
        p = actual / planned
    else:
        p = elapsed + sign * (actual - planned * elapsed) / abs(planned)
    return p, p / elapsed


def official_category(ratio: float, met: bool, binding: bool, th: Thresholds) -> str:
    """提前实现 if met; else by R: ≥ ahead 快于预期, ≥ on-track 基本符合预期, else 滞后于预期."""
    if met:
        return ACHIEVED
    if not finite(ratio):
        return NO_DATA
    if ratio >= th.ahead - EPS:
        return AHEAD
    if ratio >= th.on_track_for(binding) - EPS:
        return ON_TRACK
    return LAGGING


def secondary_category(actual: float, required: float, sign: int, th: Thresholds) -> str:
    """Eurostat SDG scale on the ratio of actual to required CAGR.

    When the plan requires movement in the good direction (s * required > 0) the ratio
    actual / required gives ≥ 95 % 显著进展, 60–95 % 中等进展, 0–60 % 进展不足, < 0 背离目标.
    When it allows standstill or movement in the bad direction, being at least as good as
    the allowance is 显著进展 and anything worse is 背离目标.
    """
    if not finite(actual, required):
        return NO_DATA
    if sign * required > 0:
        ratio = actual / required
        if ratio >= th.sdg_significant - EPS:
            return SIGNIFICANT
        if ratio >= th.sdg_moderate - EPS:
            return MODERATE
        if ratio >= 0:
            return INSUFFICIENT
        return MOVING_AWAY
    return SIGNIFICANT if sign * (actual - required) >= -EPS else MOVING_AWAY


# --- judgements per target kind ---------------------------------------------------


@dataclass
class Judgement:
    """What one target kind says about one indicator. NaN fields are explained in notes."""

    target_level: float = nan
    required_cagr: float = nan
    actual_cagr: float = nan
    progress: float = nan  # P
    ratio: float = nan  # R = P / E
    p_low: float = nan
    p_high: float = nan
    met: bool = False
    category: str = NO_DATA
    secondary: str = NOT_APPLICABLE
    breach_years: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PathInput:
    """An indicator on the scale it is judged on (levels, or a real index on the base)."""

    base: float
    latest: float
    elapsed: float  # E
    years_elapsed: int  # t - t0
    years_total: int  # T - t0
    sign: int  # +1 higher is better, -1 lower is better
    binding: bool = False


def _actual_cagr(x: PathInput) -> float:
    return cagr_percent(x.base, x.latest, x.years_elapsed)


def _finish(j: Judgement, x: PathInput, th: Thresholds) -> Judgement:
    j.category = official_category(j.ratio, j.met, x.binding, th)
    j.secondary = secondary_category(j.actual_cagr, j.required_cagr, x.sign, th)
    if j.category == NO_DATA:
        j.notes.append("P、R无法计算，未作评价")
    return j


def _log_path(x: PathInput, target: float, j: Judgement) -> None:
    """P and R on the log path from the base to `target`; notes when undefined."""
    planned = log_change(x.base, target)
    actual = log_change(x.base, x.latest)
    if not finite(planned, actual):
        j.notes.append("基期值、最新值或目标值非正，无法按对数路径计算P、R")
        return
    if planned == 0:
        j.notes.append("目标值等于基期值，P、R无定义")
        return
    j.progress, j.ratio = path_progress(actual, planned, x.elapsed, x.sign)
    if x.sign * planned < 0:
        j.notes.append("规划目标方向与指标方向相反（允许的变化），P按实际值优于规划路径的程度计算")


def _already_met(x: PathInput, target: float) -> bool:
    """The latest value is at or beyond the end target, in the good direction."""
    if not finite(x.latest, target, x.base):
        return False
    good_direction = x.sign * (target - x.base) > 0
    return good_direction and x.sign * (x.latest - target) >= -EPS


def judge_cagr(x: PathInput, rate: float, th: Thresholds, *, floor: bool = False) -> Judgement:
    """年均增长g (or g以上): v_T* = v0 (1+g)^n, P = ln(v_t/v0) / ln(v_T*/v0)."""
    j = Judgement(required_cagr=rate, actual_cagr=_actual_cagr(x))
    j.target_level = compound(x.base, rate, x.years_total) if finite(x.base) else nan
    _log_path(x, j.target_level, j)
    j.met = _already_met(x, j.target_level)
    if x.sign < 0 and rate > 0:
        j.notes.append(
            f"逆向指标的年均增长目标{rate:g}%按增长上限理解；如规划意为年均下降，目标值应写负数"
        )
    if floor:
        j.notes.append(f"目标为年均增长{rate:g}%以上，按{rate:g}%要求评价")
    return _finish(j, x, th)


def judge_cagr_range(x: PathInput, low: float, high: float, th: Thresholds) -> Judgement:
    """Range [lo, hi]: P, R on the midpoint; category by where the actual CAGR lies.

    提前实现 if the target-year level implied by the lower bound is already reached; otherwise
    above the range (in the good direction) 快于预期, within 基本符合预期, below 滞后于预期.
    """
    mid = (low + high) / 2
    j = Judgement(required_cagr=mid, actual_cagr=_actual_cagr(x))
    base_ok = finite(x.base)
    j.target_level = compound(x.base, mid, x.years_total) if base_ok else nan
    _log_path(x, j.target_level, j)
    actual = log_change(x.base, x.latest)
    for bound, attr in ((low, "p_low"), (high, "p_high")):
        planned = log_change(x.base, compound(x.base, bound, x.years_total)) if base_ok else nan
        setattr(j, attr, path_progress(actual, planned, x.elapsed, x.sign)[0])
    good_bound, far_bound = (low, high) if x.sign > 0 else (high, low)
    good_target = compound(x.base, good_bound, x.years_total) if base_ok else nan
    j.met = _already_met(x, good_target)
    j.notes.append(
        f"区间目标{low:g}%～{high:g}%：P、R按中值{mid:g}%计算，"
        f"按下限P={_fmt(j.p_low)}、按上限P={_fmt(j.p_high)}；评价按实际年均增速所在区间判断"
    )
    a = j.actual_cagr
    if j.met:
        j.category = ACHIEVED
    elif not finite(a):
        j.category = NO_DATA
        j.notes.append("实际年均增速无法计算，未作评价")
    elif x.sign * (a - far_bound) > EPS:
        j.category = AHEAD
    elif x.sign * (a - good_bound) >= -EPS:
        j.category = ON_TRACK
    else:
        j.category = LAGGING
    j.secondary = secondary_category(a, mid, x.sign, th)
    return j


def judge_level(x: PathInput, target: float, th: Thresholds, *, linear: bool = False) -> Judgement:
    """target-year level V: log path P = ln(v_t/v0)/ln(V/v0), or linear (v_t - v0)/(V - v0)."""
    j = Judgement(target_level=target, actual_cagr=_actual_cagr(x))
    j.required_cagr = cagr_percent(x.base, target, x.years_total)
    if linear:
        if not finite(x.base, x.latest, target):
            j.notes.append("缺少基期值或最新值，P、R无法计算")
        elif target == x.base:
            j.notes.append("目标值等于基期值，P、R无定义")
        else:
            j.progress, j.ratio = path_progress(
                x.latest - x.base, target - x.base, x.elapsed, x.sign
            )
            if x.sign * (target - x.base) < 0:
                j.notes.append("基期值已优于期末目标值（如基期口径调整），P按相对规划路径计算")
    else:
        _log_path(x, target, j)
    reached = finite(x.latest, target) and x.sign * (x.latest - target) >= -EPS
    j.met = reached
    if reached and finite(x.base) and x.sign * (target - x.base) <= 0:
        j.notes.append("基期值已达到或优于期末目标值（请核对口径调整）")
    if not finite(j.required_cagr):
        j.notes.append("基期值或目标值非正，规划要求年均增速无法计算")
    return _finish(j, x, th)


def judge_reduction(x: PathInput, reduction: float, th: Thresholds) -> Judgement:
    """累计下降r%: v_T* = v0 (1 - r/100), P = ln(v_t/v0) / ln(v_T*/v0)."""
    j = Judgement(actual_cagr=_actual_cagr(x))
    j.required_cagr = reduction_annual_rate(reduction, x.years_total) if reduction < 100 else nan
    j.target_level = x.base * (1 - reduction / 100) if finite(x.base) else nan
    _log_path(x, j.target_level, j)
    j.met = _already_met(x, j.target_level)
    if finite(j.required_cagr):
        j.notes.append(f"累计下降{reduction:g}%相当于年均下降{-j.required_cagr:.2f}%")
    else:
        j.notes.append("累计下降幅度不小于100%，规划要求年均增速无定义")
    return _finish(j, x, th)


def judge_cumulative(
    x: PathInput, values: Mapping[int, float], total: float, th: Thresholds
) -> Judgement:
    """Five-year total S: P = Σ_{t0+1..t} v / S, R = P / E.

    `values` holds the annual values from t0+1 to t. The implied target-year level and required
    CAGR are those of the constant growth from the base that makes the five values sum to S.
    """
    j = Judgement(actual_cagr=_actual_cagr(x))
    j.required_cagr = growth_for_sum(x.base, total, x.years_total)
    if finite(j.required_cagr):
        j.target_level = compound(x.base, j.required_cagr, x.years_total)
        share = annuity_sum(x.base, j.required_cagr, x.years_elapsed) / total
        j.notes.append(
            f"五年累计目标隐含年均增长{j.required_cagr:.2f}%，"
            f"按此路径至今应完成{share:.1%}（P、R按时间进度计）"
        )
    else:
        j.notes.append("基期值或累计目标非正，隐含的期末目标值和规划要求年均增速无法计算")
    missing = [y for y, v in values.items() if not finite(v)]
    if missing or len(values) != x.years_elapsed:
        j.notes.append("累计期内年度数据不全，累计值和P、R无法计算")
        return _finish(j, x, th)
    done = sum(values.values())
    j.progress, j.ratio = path_progress(done, total, x.elapsed, x.sign)
    j.met = x.sign > 0 and done >= total - EPS
    j.notes.append(f"累计完成{done:g}，占五年目标{total:g}的{done / total:.1%}")
    return _finish(j, x, th)


def judge_limits(
    values: Mapping[str, float],
    limits: Mapping[str, float],
    side: str,
    binding: bool,
    th: Thresholds,
) -> Judgement:
    """A ceiling (side "ceiling") or floor ("floor") judged period by period.

    A period is breached when its value is beyond its limit by more than the tolerance
    (`binding_ceiling_tolerance`, none by default, for binding indicators,
    `ceiling_tolerance` for expected ones). Any breach is
    滞后于预期; otherwise 基本符合预期 (a limit that holds is in line with the plan;
    being far inside a limit is not counted as 快于预期).
    """
    tol = th.limit_tolerance(binding)
    sign = -1 if side == "ceiling" else 1
    j = Judgement(secondary=NOT_APPLICABLE)
    j.notes.append("逐年限值目标按年判断，P、R、期末目标值和年均增速不适用")
    judged, breached, tolerated = [], [], []
    for label, value in values.items():
        limit = limits.get(label, nan)
        if not finite(value, limit):
            continue
        judged.append(label)
        gap = sign * (value - limit)  # negative: on the wrong side of the limit
        if gap < -tol - EPS:
            breached.append(label)
        elif gap < -EPS:
            tolerated.append(label)
    j.breach_years = "、".join(breached)
    if not judged:
        j.category = NO_DATA
        j.notes.append("没有可与限值比较的年度数据")
        return j
    word = "上限" if side == "ceiling" else "下限"
    j.notes.append(f"按{'、'.join(judged)}逐期与{word}比较")
    if tolerated:
        j.notes.append(f"{'、'.join(tolerated)}超出{word}但在容差{tol:g}以内")
    if breached:
        j.category = LAGGING
        j.notes.append(f"{j.breach_years}突破{word}")
    else:
        j.category = ON_TRACK
    return j


def judge_relative(
    growth: Mapping[str, float],
    reference_growth: Mapping[str, float],
    relation: str,
    binding: bool,
    th: Thresholds,
    reference_name: str = "参照指标",
) -> Judgement:
    """Growth in step with (or above) a reference indicator's growth, year by year.

    A year is met when growth ≥ reference − in_step_tolerance ("in_step") or growth >
    reference ("above"). Category: every year met → 基本符合预期, any year missed →
    滞后于预期 (the years in `breach_years`). A relational target has no level to reach
    early, so 快于预期 and 提前实现 never apply. Periods that are not whole years (a
    year-to-date label such as "2023年1-6月") are compared and reported (`notes`) but do
    not decide the category: the judgement rests on annual statistics.
    """
    tol = th.in_step_tolerance
    j = Judgement(secondary=NOT_APPLICABLE)
    j.notes.append("相对目标无终值，P、R和期末目标值不适用")
    periods = [k for k in growth if finite(growth[k], reference_growth.get(k, nan))]
    years = [k for k in periods if k.isdigit()]
    if not years:
        j.category = NO_DATA
        j.notes.append(f"缺少与{reference_name}同期的年度增速，无法比较")
        return j

    def met(g: float, ref: float) -> bool:
        return g >= ref - tol - EPS if relation == "in_step" else g > ref + EPS

    missed = [k for k in years if not met(growth[k], reference_growth[k])]
    partial_missed = [
        k for k in periods if not k.isdigit() and not met(growth[k], reference_growth[k])
    ]
    own = _average_growth([growth[k] for k in years])
    ref = _average_growth([reference_growth[k] for k in years])
    j.actual_cagr, j.required_cagr = own, ref
    j.breach_years = "、".join(missed)
    growth_of = (
        reference_name if reference_name.endswith(("增长", "增速")) else f"{reference_name}增长"
    )
    rule = (
        f"要求与{growth_of}基本同步（容差{tol:g}个百分点）"
        if relation == "in_step"
        else f"要求增长高于{reference_name}"
    )
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    met_all = "各年均达到要求" if len(years) > 1 else "达到要求"
    done = met_all if not missed else f"{'、'.join(missed)}年未达到要求"
    j.notes.append(
        f"{rule}；{span}{done}，年均增长{_fmt(own, 2)}%，{reference_name}年均增长{_fmt(ref, 2)}%"
    )
    if partial_missed:
        j.notes.append(f"{'、'.join(partial_missed)}未达到要求（非全年数据，不作为评价依据）")
    j.category = LAGGING if missed else ON_TRACK
    if finite(own, ref) and ref > 0:
        j.secondary = secondary_category(own, ref, 1, th)
    else:
        j.notes.append("参照指标年均增速非正，Eurostat分档不适用")
    return j


def _average_growth(rates: list[float]) -> float:
    if not rates:
        return nan
    return (chained_index(rates) ** (1 / len(rates)) - 1) * 100


def _fmt(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if finite(value) else "无法计算"
