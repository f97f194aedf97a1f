"""Whole-plan assessment: one row per indicator with progress, category and outlook.

`assess_indicator` judges one indicator from hand-made inputs (`IndicatorInput`);
`assess_plan` builds those inputs from a plan's processed tables and returns a
DataFrame (columns in `COLUMNS`, plan order). The arithmetic per target kind is in
`planeval.method.progress`; the method is stated in `planeval.method.method_note`.

Every NaN in a computed column is explained in the row's `notes` (Chinese sentences
joined by "；"). Columns copied from the plan table (target_value, target_low,
target_high, base_printed, base_revised) are NaN when the table leaves them empty, and
the ytd_* columns are empty when no year-to-date figure was sent (ytd_period is None).

Columns beyond the report contract: `group` is the plan's 类别 (经济发展 …; `category`
is the official judgement), `base_source` says which base was used ("revised",
"annual" or "printed"), `real_growth` whether growth targets are judged on chained
real growth, `p_low`/`p_high` the progress against a range's bounds (range targets
only), `history_best_growth` the best annual growth in the indicator's own history
(the largest reduction, as a negative number, for lower-is-better indicators), against
which `adjustment_flag` compares `required_growth`. `outlook` is the second judgement
(有望实现 / 存在风险 / 难以实现, or 预测不适用 / 需人工判断 / 数据不足) and
`outlook_years` the remaining years in which the point forecast breaks a yearly limit;
`no_forecast_reason` says why a degenerate forecast is not a finding (its forecast columns and
`prob_meet` are then NaN); `trend_growth` / `reference_trend_growth` are the
forecast average growth t..T of a relative target and of its reference; `latest_real`
the latest level at base-year prices when growth is judged real (可比价).
`latest_provenance` is a code of `plandata.PROVENANCE_LABELS`. Forecast columns hold
the nominal level forecast (what the chart shows); for 可比价 growth targets
`prob_meet` and `required_growth` are on the real (base-year price) scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planeval.data.forms import RATE_FORMS
from planeval.data.plandata import PROVENANCE_LABELS
from planeval.data.targets import LOWER_IS_BETTER, TargetKind, TargetSpec, parse_target
from planeval.errors import PlanevalError
from planeval.method.evaluation import (
    EvaluationPoint,
    evaluation_point,
    final_category,
)
from planeval.method.progress import (
    ACHIEVED,
    AT_RISK,
    EPS,
    FORECAST_NA,
    LIKELY,
    MANUAL,
    NO_DATA,
    NOT_APPLICABLE,
    UNLIKELY,
    Judgement,
    PathInput,
    Thresholds,
    cagr_percent,
    chained_index,
    elapsed_share,
    finite,
    growth_for_sum,
    judge_cagr,
    judge_cagr_range,
    judge_cumulative,
    judge_level,
    judge_limits,
    judge_reduction,
    judge_relative,
    log_change,
    required_growth,
)
from planeval.periods import (
    DEFAULT_ANNUAL_CUTOFF,
    DEFAULT_BASE_YEAR,
    DEFAULT_EVALUATION,
    DEFAULT_FORECAST_YEARS,
    DEFAULT_PERIOD,
    DEFAULT_TARGET_YEAR,
)

__all__ = [
    "COLUMNS",
    "IndicatorInput",
    "Period",
    "Reference",
    "Thresholds",
    "YearToDate",
    "assess_indicator",
    "assess_plan",
    "plan_inputs",
]

nan = math.nan

# Target kinds whose target-year value is a level reached along a path (P, R, target defined).
PATH_KINDS = {
    TargetKind.CAGR,
    TargetKind.CAGR_FLOOR,
    TargetKind.CAGR_RANGE,
    TargetKind.LEVEL,
    TargetKind.PP_LEVEL,
    TargetKind.REDUCTION,
    TargetKind.INCREASE,
}
# Growth-rate targets: judged on chained real growth when the indicator is 可比价.
GROWTH_KINDS = {TargetKind.CAGR, TargetKind.CAGR_FLOOR, TargetKind.CAGR_RANGE}
LIMIT_KINDS = {TargetKind.CEILING, TargetKind.FLOOR}
# Targets on a linear path from the base: pace in points (or the unit) a year, not in %.
LINEAR_KINDS = {TargetKind.PP_LEVEL, TargetKind.INCREASE}
# Units whose values are rates or ratios: a year-to-date value is comparable to a yearly limit.
RATE_UNIT_MARKS = ("%", "‰", "％", "百分点", "/", "每")


def _columns(forecast_years: tuple[int, ...]) -> list[str]:
    head = [
        "indicator_id",
        "order",
        "name",
        "group",
        "attribute",
        "binding",
        "unit",
        "direction",
        "target_text",
        "target_kind",
        "target_value",
        "target_low",
        "target_high",
        "target_approx",
        "real_growth",
        "period",
        "base_year",
        "target_year",
        "base_value",
        "base_source",
        "base_printed",
        "base_revised",
        "latest_year",
        "latest_value",
        "latest_provenance",
        "latest_real",
        "data_form",
        "latest_rate",
        "ytd_period",
        "ytd_value",
        "ytd_growth",
        "actual_cagr",
        "required_cagr",
        "target_level",
        "E",
        "P",
        "R",
        "p_low",
        "p_high",
        "category",
        "secondary",
        "breach_years",
    ]
    per_year = [
        f"{stat}_{y}"
        for y in forecast_years
        for stat in ("forecast", "lo80", "hi80", "lo95", "hi95")
    ]
    # The same at base-year prices for 可比价 growth targets (NaN otherwise).
    per_year += [f"real_{c}" for c in per_year]
    tail = [
        "model",
        "model_key",
        "backtest_error",
        "backtest_metric",
        "prob_meet",
        "required_growth",
        "history_best_growth",
        "adjustment_flag",
        "outlook",
        "outlook_years",
        "no_forecast_reason",
        "trend_growth",
        "reference_trend_growth",
        "notes",
    ]
    return head + per_year + tail


COLUMNS = _columns(DEFAULT_FORECAST_YEARS)


# --- inputs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Base year t0, target year T and the last year with annual data t."""

    base_year: int = DEFAULT_BASE_YEAR
    target_year: int = DEFAULT_TARGET_YEAR
    last_year: int = DEFAULT_ANNUAL_CUTOFF.year
    name: str = DEFAULT_PERIOD  # 十四五, 十五五, or a special plan's own name
    evaluation: str = DEFAULT_EVALUATION  # monitoring | midterm | final

    @classmethod
    def from_config(cls, config) -> Period:
        return cls(
            config.base_year,
            config.target_year,
            config.last_year,
            config.period,
            getattr(config, "evaluation", DEFAULT_EVALUATION),
        )

    @property
    def point(self) -> EvaluationPoint:
        return evaluation_point(self.evaluation)

    @property
    def years(self) -> int:
        return self.target_year - self.base_year


@dataclass(frozen=True)
class YearToDate:
    """A year-to-date (累计) figure: value and growth on the same period a year earlier."""

    year: int
    month: int
    value: float = nan
    growth: float = nan
    provenance: str = "official"

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年1-{self.month}月"


@dataclass(frozen=True)
class Reference:
    """The reference indicator of a relative target (e.g. 地区生产总值)."""

    name: str
    series: pd.Series
    growth: pd.Series | None = None
    ytd: YearToDate | None = None


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator as the assessment sees it. `series`/`growth` are indexed by year."""

    spec: TargetSpec | None
    series: pd.Series
    growth: pd.Series | None = None
    provenance: pd.Series | None = None
    indicator_id: str = ""
    order: int = 0
    name: str = ""
    group: str = ""
    unit: str = ""
    attribute: str = "预期性"
    binding: bool = False
    direction: str | None = None
    target_text: str = ""
    real_growth: bool = False
    base_printed: float = nan
    base_revised: float = nan
    base_note: str = ""
    manual_status: str | None = None
    manual_note: str = ""
    ytd: YearToDate | None = None
    assigned: pd.Series | None = None
    reference: Reference | None = None
    data_form: str = "level"  # level | growth (增速) | reduction_rate (降低率): see data.forms
    reported: pd.Series | None = None  # the rates as sent, by year (rate forms)

    @property
    def rate_form(self) -> bool:
        return self.data_form in RATE_FORMS

    @property
    def sign(self) -> int:
        direction = self.direction
        if direction is None:
            direction = "lower" if self.spec and self.spec.kind in LOWER_IS_BETTER else "higher"
        return -1 if direction == "lower" else 1


@dataclass
class _State:
    """Intermediate facts about one indicator, shared by the judging and outlook steps."""

    annual: pd.Series  # finite values, years ≤ t
    growth: pd.Series  # reported growth %, years ≤ t
    base: float = nan
    base_source: str = ""
    latest_year: int | None = None
    latest: float = nan
    elapsed: float = nan
    judged_base: float = nan  # the base on the judged scale (level, or base-year-price level)
    judged_latest: float = nan
    real: bool = False  # judged on chained real growth
    base_year_used: int = 0  # t0
    # Monitoring before the first annual figure: the share of the year the year-to-date
    # estimate covers (months / 12), else 0 (see _ytd_estimate).
    ytd_share: float = 0.0
    ytd_direct: bool = False  # the estimate is the year-to-date value itself (a rate)
    notes: list[str] = field(default_factory=list)


# --- one indicator ----------------------------------------------------------------


def assess_indicator(
    ind: IndicatorInput,
    *,
    period: Period | None = None,
    thresholds: Thresholds | None = None,
    forecaster=None,
    forecast_years: tuple[int, ...] = DEFAULT_FORECAST_YEARS,
) -> dict:
    """Assess one indicator; returns the row as a dict with the keys of `_columns`."""
    period = period or Period()
    th = thresholds or Thresholds()
    st = _prepare(ind, period)
    j = _judge(ind, st, period, th)
    if st.ytd_share and not st.ytd_direct:
        # the months' share of the year's change and of the year: R = P / E unchanged
        j.progress *= st.ytd_share
        j.p_low *= st.ytd_share
        j.p_high *= st.ytd_share
        st.elapsed *= st.ytd_share
    if period.evaluation == "final":
        kind = ind.spec.kind if ind.spec else None
        j.category = final_category(j, kind, bool(ind.binding), period.target_year, th)
    row = _identity(ind, period, st)
    row.update(
        actual_cagr=j.actual_cagr,
        required_cagr=j.required_cagr,
        target_level=j.target_level,
        E=st.elapsed,
        P=j.progress,
        R=j.ratio,
        p_low=j.p_low,
        p_high=j.p_high,
        category=j.category,
        secondary=j.secondary,
        breach_years=j.breach_years,
    )
    notes = st.notes + j.notes
    if period.point.forecasts:
        row.update(_outlook(ind, st, j, period, forecaster, forecast_years, notes, th))
    else:
        row.update(_no_outlook(forecast_years))
        notes.append(f"{period.point.name}按目标年实际值评价，不作趋势预测")
    _explain_remaining(row, ind, st, notes)
    row["notes"] = "；".join(dict.fromkeys(n.rstrip("。；") for n in notes if n))
    return row


def _identity(ind: IndicatorInput, period: Period, st: _State) -> dict:
    spec = ind.spec
    ytd = ind.ytd
    return {
        "indicator_id": ind.indicator_id,
        "order": ind.order,
        "name": ind.name,
        "group": ind.group,
        "attribute": ind.attribute,
        "binding": bool(ind.binding),
        "unit": ind.unit,
        "direction": "lower" if ind.sign < 0 else "higher",
        "target_text": ind.target_text,
        "target_kind": spec.kind.value if spec else None,
        "target_value": _num(spec.value if spec else None),
        "target_low": _num(spec.low if spec else None),
        "target_high": _num(spec.high if spec else None),
        "target_approx": bool(spec and spec.approx),
        "real_growth": bool(ind.real_growth),
        "period": period.name,
        "base_year": period.base_year,
        "target_year": period.target_year,
        "base_value": st.base,
        "base_source": st.base_source,
        "base_printed": _num(ind.base_printed),
        "base_revised": _num(ind.base_revised),
        "latest_year": st.latest_year,
        "latest_value": st.latest,
        "latest_provenance": "ytd" if st.ytd_share else _provenance(ind, st.latest_year),
        "latest_real": st.judged_latest if st.real else nan,
        "data_form": ind.data_form,
        "latest_rate": _latest_rate(ind, st),
        "ytd_period": ytd.period if ytd else None,
        "ytd_value": ytd.value if ytd else nan,
        "ytd_growth": ytd.growth if ytd else nan,
    }


def _latest_rate(ind: IndicatorInput, st: _State) -> float:
    """A rate form's rate (增速 or 降低率, as sent) in the latest year: the sentences print it."""
    if not ind.rate_form or st.latest_year is None:
        return nan
    if st.ytd_share and ind.ytd is not None:
        sign = -1 if ind.data_form == "reduction_rate" else 1
        return sign * ind.ytd.growth
    reported = pd.Series(ind.reported if ind.reported is not None else {}, dtype=float)
    return _num(reported.get(st.latest_year, nan))


def _num(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return nan
    return v if math.isfinite(v) else nan


def _provenance(ind: IndicatorInput, year: int | None) -> str | None:
    if year is None:
        return None
    if ind.provenance is None or year not in ind.provenance.index:
        return "official"
    return str(ind.provenance[year])


def _prepare(ind: IndicatorInput, period: Period) -> _State:
    """Annual data up to t, the base, the latest value, E and the judged scale."""
    series = pd.Series(ind.series, dtype=float).dropna()
    series = series[np.isfinite(series.to_numpy())]
    growth = pd.Series(ind.growth if ind.growth is not None else {}, dtype=float).dropna()
    later = sorted(int(y) for y in series.index if y > period.last_year)
    st = _State(
        annual=series[series.index <= period.last_year].sort_index(),
        growth=growth[growth.index <= period.last_year].sort_index(),
        base_year_used=period.base_year,
    )
    if later:
        st.notes.append(f"{later[0]}年及以后的年度数据晚于年度截止时点，未使用")
    _choose_base(ind, period, st)
    after_base = st.annual[st.annual.index > period.base_year]
    if after_base.empty and _ytd_estimate(ind, period, st):
        pass
    elif after_base.empty:
        st.notes.append(f"缺少{period.base_year + 1}年以来的年度数据，最新值、时间进度E无法确定")
    else:
        st.latest_year = int(after_base.index[-1])
        st.latest = float(after_base.iloc[-1])
        st.elapsed = elapsed_share(period.base_year, period.target_year, st.latest_year)
        if st.latest_year < period.last_year:
            st.notes.append(f"最新数据为{st.latest_year}年，时间进度E按{st.latest_year}年计算")
        prov = _provenance(ind, st.latest_year)
        if prov and prov != "official":
            st.notes.append(f"{st.latest_year}年数值为{PROVENANCE_LABELS.get(prov, prov)}")
    _judged_scale(ind, period, st)
    return st


def _ytd_estimate(ind: IndicatorInput, period: Period, st: _State) -> bool:
    """年度监测 before the first annual figure of the period: the year-to-date figure of
    t0+1 is taken as the estimate of that year (method note).

    With a year-to-date growth g (累计增速, or the rate of a 增速/降低率 indicator) the year's
    level is v0·(1+g/100); a rate or share sent without growth (城镇调查失业率 1-6月) is its
    own estimate. Time elapsed counts the months: E = (m/12) / (T − t0); progress on a
    growth estimate is the months' share of the year's change, P = (m/12)·P_year, so that
    R = P / E compares the year-to-date pace with the planned pace.
    """
    ytd = ind.ytd
    if period.evaluation != "monitoring" or ytd is None or ytd.year != period.base_year + 1:
        return False
    if not finite(st.base):
        return False
    share = ytd.month / 12
    if finite(ytd.growth):
        st.latest = st.base * (1 + ytd.growth / 100)
        rate = (
            f"累计降低{-ytd.growth:g}%"
            if ind.data_form == "reduction_rate"
            else f"累计增速{ytd.growth:g}%"
        )
        how = f"按{ytd.label}{rate}推算全年为{st.latest:g}"
    elif finite(ytd.value) and _is_rate_unit(ind.unit):
        st.latest, st.ytd_direct = ytd.value, True
        how = f"以{ytd.label}数值{ytd.value:g}{ind.unit}作为全年估计"
    else:
        return False
    st.latest_year, st.ytd_share = ytd.year, share
    # A growth estimate is judged as the whole year, then P and E scaled to the months
    # (assess_indicator); a rate read directly is judged at the months elapsed.
    full = elapsed_share(period.base_year, period.target_year, ytd.year)
    st.elapsed = full * share if st.ytd_direct else full
    st.notes.append(
        f"{ytd.year}年尚无年度数据：{how}，时间进度按已过{ytd.month}个月计算"
        f"（E = {ytd.month}/12 ÷ {period.years} = {full * share:.1%}）"
    )
    return True


def _choose_base(ind: IndicatorInput, period: Period, st: _State) -> None:
    """Revised base, else the base-year annual value, else the printed base."""
    printed, revised = _num(ind.base_printed), _num(ind.base_revised)
    annual = float(st.annual[period.base_year]) if period.base_year in st.annual.index else nan
    reason = f"（{ind.base_note}）" if ind.base_note else ""
    if finite(revised):
        st.base, st.base_source = revised, "revised"
        shown = f"规划文本为{printed:g}" if finite(printed) else "规划文本基期值未列入指标表"
        st.notes.append(f"基期值采用调整后数值{revised:g}（{shown}）{reason}")
    elif finite(annual):
        st.base, st.base_source = annual, "annual"
        if finite(printed) and abs(printed - annual) > 0.005 * max(abs(annual), 1e-12):
            st.notes.append(
                f"规划文本基期值为{printed:g}，与{period.base_year}年统计数{annual:g}不一致，"
                "按统计数评价"
            )
    elif finite(printed):
        st.base, st.base_source = printed, "printed"
        st.notes.append(f"缺少{period.base_year}年统计数，基期值采用规划文本数值{printed:g}")
    else:
        st.notes.append(
            f"缺少{period.base_year}年基期值，{period.target_year}年目标值、年均增速和P、R等与基期比较的各项无法计算"
        )


def _judged_scale(ind: IndicatorInput, period: Period, st: _State) -> None:
    """Growth targets of 可比价 indicators: v_t / v0 = Π(1 + g_y/100) over t0+1..t."""
    st.judged_base, st.judged_latest = st.base, st.latest
    kind = ind.spec.kind if ind.spec else None
    if not ind.real_growth or st.latest_year is None:
        return
    if kind not in GROWTH_KINDS:
        if kind in PATH_KINDS or kind is TargetKind.CUMULATIVE_TOTAL:
            st.notes.append("目标为总量，按现价水平评价（可比价增速只用于增速目标）")
        return
    years = range(period.base_year + 1, st.latest_year + 1)
    missing = [y for y in years if y not in st.growth.index]
    if missing:
        st.notes.append(
            f"缺少{'、'.join(map(str, missing))}年可比价增速，改按现价水平计算增速（名义值）"
        )
        return
    st.real = True
    index = chained_index([float(st.growth[y]) for y in years])
    st.judged_latest = st.base * index if finite(st.base) else nan
    st.notes.append(
        f"按可比价计算：{period.base_year + 1}—{st.latest_year}年增速连乘得指数{index:.4f}，"
        f"{period.target_year}年目标值按{period.base_year}年价格计"
    )


def _path_input(ind: IndicatorInput, st: _State, period: Period) -> PathInput:
    elapsed_years = (st.latest_year - period.base_year) if st.latest_year else 0
    return PathInput(
        base=st.judged_base,
        latest=st.judged_latest,
        elapsed=st.elapsed,
        years_elapsed=elapsed_years,
        years_total=period.years,
        sign=ind.sign,
        binding=ind.binding,
    )


def _judge(ind: IndicatorInput, st: _State, period: Period, th: Thresholds) -> Judgement:
    spec = ind.spec
    if spec is None:
        return _no_target()
    x = _path_input(ind, st, period)
    kind = spec.kind
    if kind is TargetKind.CAGR and spec.approx:
        tol = th.approx_tolerance
        j = judge_cagr_range(x, spec.value - tol, spec.value + tol, th)
        j.notes.insert(0, f"目标为年均增长{spec.value:g}%左右，按{spec.value:g}±{tol:g}%区间评价")
    elif kind is TargetKind.CAGR:
        j = judge_cagr(x, spec.value, th)
    elif kind is TargetKind.CAGR_FLOOR:
        j = judge_cagr(x, spec.value, th, floor=True)
    elif kind is TargetKind.CAGR_RANGE:
        j = judge_cagr_range(x, spec.low, spec.high, th)
    elif kind is TargetKind.LEVEL:
        j = judge_level(x, spec.value, th)
    elif kind is TargetKind.PP_LEVEL:
        j = judge_level(x, spec.value, th, linear=True)
    elif kind is TargetKind.REDUCTION:
        j = judge_reduction(x, spec.value, th)
    elif kind is TargetKind.INCREASE:
        j = judge_level(x, x.base + spec.value if finite(x.base) else nan, th, linear=True)
        j.notes.insert(
            0,
            f"目标为比{period.base_year}年提高{spec.value:g}{_increase_unit(ind)}，按线性路径评价",
        )
    elif kind is TargetKind.CUMULATIVE_TOTAL:
        last = st.latest_year or period.base_year
        values = {y: float(st.annual.get(y, nan)) for y in range(period.base_year + 1, last + 1)}
        j = judge_cumulative(x, values, spec.value, th)
    elif kind in LIMIT_KINDS:
        side = "ceiling" if kind is TargetKind.CEILING else "floor"
        values = _limit_periods(ind, st, period)
        j = judge_limits(values, dict.fromkeys(values, spec.value), side, ind.binding, th)
    elif kind is TargetKind.RELATIVE:
        j = _judge_relative(ind, st, period, th)
    else:
        j = _judge_qualitative(ind, st, period, th)
    if spec.approx and kind is not TargetKind.CAGR:
        _approx_met(ind, x, j, th)
    if ind.rate_form:
        j.notes.insert(0, _rate_note(ind, st, period))
    if kind in GROWTH_KINDS:
        j.notes.extend(_written_level_note(ind, st, period))
    if kind is not TargetKind.QUALITATIVE and ind.manual_status:
        j.notes.append(f"另有人工判断：{ind.manual_status}（{ind.manual_note or '未说明理由'}）")
    return j


def _increase_unit(ind: IndicatorInput) -> str:
    return "个百分点" if ind.unit.strip() in {"%", "％"} else ind.unit


def _approx_met(ind: IndicatorInput, x: PathInput, j: Judgement, th: Thresholds) -> None:
    """左右: a target-year value within the approx tolerance of the target counts as met.

    The tolerance is in percentage points for targets in percent (shares, reductions) and a
    percentage of the target otherwise; progress P, R is still measured on the value itself.
    """
    target = j.target_level
    if j.met or not finite(target, x.latest):
        return
    percent = ind.unit.strip() in {"%", "％", "‰"} or ind.spec.kind is TargetKind.REDUCTION
    tol = th.approx_tolerance if percent else abs(target) * th.approx_tolerance / 100
    if ind.spec.kind is TargetKind.REDUCTION and finite(x.base) and x.base > 0:
        tol = x.base * th.approx_tolerance / 100  # points of the cumulative reduction
    if x.sign * (x.latest - target) >= -tol - EPS:
        j.met = True
        j.category = ACHIEVED
        j.notes.append(f"目标为“左右”，最新值在目标值{target:g}的容差{tol:g}以内，视为已实现")


def _rate_note(ind: IndicatorInput, st: _State, period: Period) -> str:
    """数据为各年增速（2026年5.3%）…: the rates behind the index, as the sentences print them."""
    word = RATE_FORMS[ind.data_form]
    reported = pd.Series(ind.reported if ind.reported is not None else {}, dtype=float).dropna()
    years = [y for y in reported.index if period.base_year < y <= period.last_year]
    shown = "、".join(f"{y}年{reported[y]:g}%" for y in years)
    return (
        f"年度数据为各年{word}（{shown or '规划期内尚无年度数据'}），"
        f"按{period.base_year}年=100逐年连乘为定基指数评价"
    )


def _written_level_note(ind: IndicatorInput, st: _State, period: Period) -> list[str]:
    """A target-year level printed beside the assessed growth target (工业总产值: 2000，6%)."""
    for part in ind.target_text.split("，"):
        try:
            other = parse_target(part, column="total", unit=ind.unit)
        except PlanevalError:
            continue
        if other is None or other.kind is not TargetKind.LEVEL:
            continue
        level = other.value
        implied = cagr_percent(st.base, level, period.years)
        if not finite(implied):
            return [f"规划同时列出{period.target_year}年总量{level:g}，因基期值缺失或非正无法换算"]
        note = (
            f"规划同时列出{period.target_year}年总量{level:g}{ind.unit}，"
            f"相对基期隐含年均增长{implied:.2f}%（现价）"
        )
        planned, actual = log_change(st.base, level), log_change(st.base, st.latest)
        if finite(planned, actual) and planned != 0:
            note += f"，按此总量目标P={actual / planned:.3f}"
        return [note]
    return []


def _no_target() -> Judgement:
    j = Judgement(category=MANUAL, secondary=NOT_APPLICABLE)
    j.notes.append("指标表未给出规划目标，P、R和期末目标值无法计算，需人工判断")
    return j


def _limit_periods(ind: IndicatorInput, st: _State, period: Period) -> dict[str, float]:
    """Values judged against a yearly limit: t0+1..t, and the year-to-date value of a rate."""
    values = {str(y): float(v) for y, v in st.annual.items() if y > period.base_year}
    if ind.rate_form:  # a limit on a rate (增长不低于5%) judges the rates, not the index
        reported = pd.Series(ind.reported if ind.reported is not None else {}, dtype=float)
        values = {k: float(reported.get(int(k), nan)) for k in values}
        ytd = ind.ytd
        if ytd is not None and finite(ytd.growth):
            sign = -1 if ind.data_form == "reduction_rate" else 1
            values[ytd.label] = sign * ytd.growth
        return values
    ytd = ind.ytd
    if ytd is not None and finite(ytd.value):
        if _is_rate_unit(ind.unit):
            values[ytd.label] = ytd.value
        else:
            st.notes.append(f"{ytd.label}累计值为年内累计总量，不与年度限值比较")
    return values


def _is_rate_unit(unit: str) -> bool:
    return any(mark in (unit or "") for mark in RATE_UNIT_MARKS)


def _judge_qualitative(ind, st: _State, period: Period, th: Thresholds) -> Judgement:
    """Assigned yearly values → judged as a ceiling (lower is better) or floor; else manual."""
    assigned = _assigned(ind)
    values = _limit_periods(ind, st, period) if assigned else {}
    limits = {k: assigned[int(k[:4])] for k in values if int(k[:4]) in assigned}
    if limits:
        side = "ceiling" if ind.sign < 0 else "floor"
        j = judge_limits(values, limits, side, ind.binding, th)
        j.notes.insert(0, "定性目标按上级下达的年度指标逐年判断")
        return j
    j = Judgement(secondary=NOT_APPLICABLE)
    if ind.manual_status in period.point.categories:
        j.category = ind.manual_status
        j.notes.append(f"人工判断：{ind.manual_note or '未说明理由'}")
    elif ind.manual_status:
        j.category = MANUAL
        j.notes.append(f"人工判断「{ind.manual_status}」不是规定的评价用语，需人工判断")
    else:
        j.category = MANUAL
    j.notes.append("定性目标无量化终值，P、R、期末目标值和年均增速不适用")
    return j


def _assigned(ind: IndicatorInput) -> dict[int, float]:
    if ind.assigned is None:
        return {}
    return {int(y): float(v) for y, v in ind.assigned.items() if finite(_num(v))}


def _judge_relative(ind, st: _State, period: Period, th: Thresholds) -> Judgement:
    """Year-by-year growth against the reference: real growth when both report it."""
    ref = ind.reference
    if ref is None:
        j = Judgement(category=MANUAL, secondary=NOT_APPLICABLE)
        j.notes.append("相对目标的参照指标缺失，P、R和期末目标值不适用，需人工判断")
        return j
    last = st.latest_year or period.base_year
    years = list(range(period.base_year + 1, last + 1))
    ref_growth = pd.Series(ref.growth if ref.growth is not None else {}, dtype=float).dropna()
    real = all(y in st.growth.index and y in ref_growth.index for y in years) and bool(years)
    if real:
        own = {str(y): float(st.growth[y]) for y in years}
        other = {str(y): float(ref_growth[y]) for y in years}
        basis = "按报告的可比价增速比较"
    else:
        own = _level_growth(st.annual, years)
        other = _level_growth(pd.Series(ref.series, dtype=float).dropna(), years)
        basis = "增速未全部报告，按现价水平计算的增速比较"
    same_period = ind.ytd and ref.ytd and ind.ytd.period == ref.ytd.period
    if same_period and finite(ind.ytd.growth, ref.ytd.growth):
        # 年度监测 before the first annual figure: the year-to-date growth is the year's estimate
        key = str(ind.ytd.year) if st.ytd_share else ind.ytd.label
        own[key] = ind.ytd.growth
        other[key] = ref.ytd.growth
        if st.ytd_share:
            basis = f"按{ind.ytd.label}累计增速比较（作为{ind.ytd.year}年增速的估计）"
    relation = ind.spec.relation or "in_step"
    j = judge_relative(own, other, relation, ind.binding, th, ref.name)
    j.notes.insert(0, basis)
    if not finite(j.actual_cagr):
        j.notes.append("实际年均增速无法计算")
    if not finite(j.required_cagr):
        j.notes.append("参照指标年均增速（规划要求年均增速）无法计算")
    return j


def _level_growth(series: pd.Series, years: list[int]) -> dict[str, float]:
    out = {}
    for y in years:
        if y in series.index and y - 1 in series.index and series[y - 1] > 0:
            out[str(y)] = (float(series[y]) / float(series[y - 1]) - 1) * 100
    return out


# --- outlook ----------------------------------------------------------------------


def _outlook(
    ind: IndicatorInput,
    st: _State,
    j: Judgement,
    period: Period,
    forecaster,
    forecast_years: tuple[int, ...],
    notes: list[str],
    th: Thresholds,
) -> dict:
    out: dict = {}
    # Year-to-date growth of a 可比价 indicator is real: it nowcasts the constant-price
    # series below, not the nominal levels.
    ytd = None if st.real else ind.ytd
    if st.real and ind.ytd is not None and finite(ind.ytd.growth):
        notes.append("上半年累计增速为可比价增速，仅用于可比价水平的预测")
    fc = _fit(forecaster, st.annual, ytd, st, notes, ind.unit)
    # A 可比价 growth target is judged on levels at base-year prices: forecast those too,
    # for the probability and for the constant-price chart.
    real_fc = _fit_real(ind, st, period, forecaster, notes) if st.real and fc else None
    reason = _degenerate(fc, st, period, ind.unit)
    if real_fc is not None and not reason:
        reason = _degenerate(real_fc, st, period, "")
    if reason:
        notes.append(f"预测不适用：{reason}，预测值和达标概率不列示")
        fc = real_fc = None
    out.update(_forecast_columns(fc, forecast_years, notes))
    out.update(_real_columns(real_fc, forecast_years))
    target = _outlook_target(ind, st, j, period, th)
    out["prob_meet"] = _prob_meet(ind, st, j, period, fc, real_fc, target, notes)
    req = _required_growth(ind, st, j, period, target, notes)
    out["required_growth"] = req
    kind = ind.spec.kind if ind.spec else None
    applicable = kind in PATH_KINDS or kind is TargetKind.CUMULATIVE_TOTAL
    best = _history_best(ind, st) if applicable else nan
    out["history_best_growth"] = best
    pace = nan
    if kind in LINEAR_KINDS and finite(req, target) and st.latest_year:
        pace = (target - st.latest) / (period.target_year - st.latest_year)
    out["adjustment_flag"] = _adjustment(ind, req, best, notes, pace, th.adjustment_margin)
    out.update(no_forecast_reason=reason, outlook_years="", trend_growth=nan)
    out["reference_trend_growth"] = nan
    out.update(_outlook_judgement(ind, st, j, period, fc, out, th, forecaster, notes))
    return out


def _no_outlook(forecast_years: tuple[int, ...]) -> dict:
    """The outlook columns of an evaluation point that makes no forecast (总结评估)."""
    stats = ("forecast", "lo80", "hi80", "lo95", "hi95")
    out = {f"{s}_{y}": nan for y in forecast_years for s in stats}
    out.update({f"real_{k}": nan for k in list(out)})
    out.update(
        model="",
        model_key="",
        backtest_error=nan,
        backtest_metric="",
        prob_meet=nan,
        required_growth=nan,
        history_best_growth=nan,
        adjustment_flag=False,
        outlook="",
        outlook_years="",
        no_forecast_reason="",  # not a failed forecast: none is asked for (see notes)
        trend_growth=nan,
        reference_trend_growth=nan,
    )
    return out


def _degenerate(fc, st: _State, period: Period, unit: str) -> str:
    """Why a forecast says nothing (empty string if it is usable)."""
    if fc is None or st.latest_year is None:
        return ""
    index = fc.point.index.to_numpy()
    ahead = (index > st.latest_year) & (index <= period.target_year)
    if not ahead.any():
        return ""
    # arrays, not Series: a fifth of the outlook's time went to pandas indexing here
    point = fc.point.to_numpy(dtype=float)[ahead]
    lo, hi = fc.lo80.to_numpy(dtype=float)[ahead], fc.hi80.to_numpy(dtype=float)[ahead]
    history = st.annual.to_numpy(float)
    scale = max(float(np.nanmax(np.abs(history))) if len(history) else 0.0, 1e-12)
    if len(history) and np.ptp(history) <= 1e-12 * scale:
        return "历史数据各年相同，无法据以判断趋势"
    # _fit clips at 0 (never-negative series) and 100 (shares): a point forecast exactly
    # on such a bound is a trend that ran out of the possible range.
    if len(history) and np.any(point == 0.0) and history.min() >= 0:
        return "按趋势外推将降至零以下，超出指标可能的取值范围"
    if unit.strip() in {"%", "％"} and np.any(point == 100.0):
        return "按趋势外推将超过100%，超出指标可能的取值范围"
    widths = np.abs(hi - lo)
    if np.any(widths <= 1e-9 * scale):
        return "预测区间宽度为零，不能据以判断达标的可能性"
    return ""


def _outlook_judgement(ind, st: _State, j: Judgement, period, fc, out, th, forecaster, notes):
    """如期实现前景 from the forecast: probability, required growth, forecast breaches."""
    spec = ind.spec
    kind = spec.kind if spec else None
    if kind is None or j.category == MANUAL:
        return {"outlook": MANUAL}
    if out["no_forecast_reason"]:
        return {"outlook": FORECAST_NA}
    if kind in LIMIT_KINDS or (kind is TargetKind.QUALITATIVE and _assigned(ind)):
        return _limit_outlook(ind, st, period, fc, th, notes)
    if kind is TargetKind.QUALITATIVE:
        return {"outlook": MANUAL}
    if kind is TargetKind.RELATIVE:
        return _relative_outlook(ind, st, period, fc, th, forecaster, notes)
    p = out["prob_meet"]
    if not finite(p):
        return {"outlook": UNLIKELY if out["adjustment_flag"] else NO_DATA}
    outlook = LIKELY if p >= th.outlook_likely - EPS_P else AT_RISK
    if p < th.outlook_unlikely - EPS_P or out["adjustment_flag"]:
        outlook = UNLIKELY
    return {"outlook": outlook}


EPS_P = 1e-12


def _limit_outlook(ind, st: _State, period: Period, fc, th: Thresholds, notes) -> dict:
    """A yearly limit must hold in every remaining year: a point forecast beyond it in any
    year is 难以实现; a breach probability above outlook_unlikely in any year 存在风险."""
    if fc is None or st.latest_year is None:
        return {"outlook": NO_DATA}
    ceiling = ind.spec.kind is TargetKind.CEILING or (
        ind.spec.kind is TargetKind.QUALITATIVE and ind.sign < 0
    )
    tol = th.limit_tolerance(ind.binding)
    assigned = _assigned(ind)
    breached, risky, judged = [], [], []
    for y in range(st.latest_year + 1, period.target_year + 1):
        if y not in fc.point.index:
            continue
        limit = ind.spec.value if ind.spec.kind in LIMIT_KINDS else _assigned_for(assigned, y)
        if not finite(_num(limit)):
            continue
        bound = limit + tol if ceiling else limit - tol
        judged.append(y)
        point = float(fc.point[y])
        hold = fc.prob_at_most(y, bound) if ceiling else fc.prob_at_least(y, bound)
        if (point > bound + 1e-9) if ceiling else (point < bound - 1e-9):
            breached.append(y)
        elif finite(_num(hold)) and 1 - hold > th.outlook_unlikely + EPS_P:
            risky.append(y)
    if not judged:
        return {"outlook": NO_DATA}
    years = "、".join(str(y) for y in breached)
    word = "上限" if ceiling else "下限"
    if breached:
        notes.append(f"按现有趋势预测{years}年将突破{word}")
        return {"outlook": UNLIKELY, "outlook_years": years}
    if risky:
        notes.append(f"{'、'.join(map(str, risky))}年突破{word}的概率超过{th.outlook_unlikely:.0%}")
        return {"outlook": AT_RISK}
    return {"outlook": LIKELY}


def _assigned_for(assigned: dict[int, float], year: int) -> float:
    """The limit assigned for `year`, else the latest one assigned before it (a limit not
    yet assigned is taken to continue at the last assigned level)."""
    earlier = [y for y in assigned if y <= year]
    return assigned[year] if year in assigned else assigned[max(earlier)] if earlier else nan


def _relative_outlook(ind, st: _State, period: Period, fc, th, forecaster, notes) -> dict:
    """Forecast average growth t..T of the indicator against its reference's (levels)."""
    ref = ind.reference
    if fc is None or ref is None or forecaster is None or st.latest_year is None:
        return {"outlook": NO_DATA}
    T, t = period.target_year, st.latest_year
    ref_series = pd.Series(ref.series, dtype=float).dropna()
    ref_series = ref_series[ref_series.index <= period.last_year]
    own_start = st.latest
    if t not in ref_series.index and st.ytd_share and t - 1 in st.annual.index:
        # 年度监测 before the year's first annual figure: both growths run from the last
        # annual year, the year-to-date figures entering both forecasts as the nowcast.
        t -= 1
        own_start = float(st.annual[t])
    if T not in fc.point.index or t not in ref_series.index or ref_series.empty:
        return {"outlook": NO_DATA}
    ref_ytd = ref.ytd if ref.ytd is not None and ref.ytd.year == t + 1 else None
    ref_fc = _fit(forecaster, ref_series, ref_ytd, st, [], "")
    if ref_fc is None or T not in ref_fc.point.index:
        return {"outlook": NO_DATA}
    own = cagr_percent(own_start, float(fc.point[T]), T - t)
    other = cagr_percent(float(ref_series[t]), float(ref_fc.point[T]), T - t)
    if not finite(own, other):
        return {"outlook": NO_DATA}
    tol = th.in_step_tolerance
    relation = ind.spec.relation or "in_step"
    need = other - tol if relation == "in_step" else other
    gap = own - need
    basis = "均按各年增速连乘的指数" if ind.data_form in RATE_FORMS else "均按现价水平"
    notes.append(
        f"按现有趋势预测{t + 1}—{T}年年均增长{own:.2f}%，{ref.name}年均增长{other:.2f}%（{basis}）"
    )
    if (gap > EPS) if relation == "above" else (gap >= -EPS):
        outlook = LIKELY
    elif gap >= -tol - EPS:
        outlook = AT_RISK
    else:
        outlook = UNLIKELY
    return {"outlook": outlook, "trend_growth": own, "reference_trend_growth": other}


def _fit(
    forecaster, series: pd.Series, ytd: YearToDate | None, st: _State, notes: list[str], unit=""
):
    """Forecast a level series; the year-to-date growth is used for the year after it ends."""
    if forecaster is None:
        notes.append("未运行预测，预测值和达标概率空缺")
        return None
    if series.empty:
        notes.append("没有年度数据，无法预测")
        return None
    last = int(series.index[-1])
    use_ytd = ytd is not None and ytd.year == last + 1 and finite(ytd.growth)
    fc = forecaster.fit(
        series.astype(float),
        ytd_growth=float(ytd.growth) if use_ytd else None,
        ytd_year=ytd.year if use_ytd else None,
    )
    # Trend models know no bounds: a count or a share that was never negative (or above
    # 100 %) is not forecast to become so.
    lower = 0.0 if series.min() >= 0 else None
    upper = 100.0 if unit.strip() in {"%", "％"} and series.max() <= 100 else None
    return fc.clipped(lower, upper)


_FORECAST_STATS = (
    ("forecast", "point"),
    ("lo80", "lo80"),
    ("hi80", "hi80"),
    ("lo95", "lo95"),
    ("hi95", "hi95"),
)


def _forecast_columns(fc, forecast_years: tuple[int, ...], notes: list[str]) -> dict:
    out: dict = {}
    missing = []
    for y in forecast_years:
        for stat, attr in _FORECAST_STATS:
            value = nan
            if fc is not None and y in getattr(fc, attr).index:
                value = _num(getattr(fc, attr)[y])
            out[f"{stat}_{y}"] = value
        if fc is not None and not finite(out[f"forecast_{y}"]):
            missing.append(str(y))
    if fc is None:
        out.update(model=None, model_key=None, backtest_error=nan, backtest_metric=None)
        return out
    out.update(
        model=fc.model,
        model_key=fc.model_key,
        backtest_error=_num(fc.backtest_error),
        backtest_metric=fc.backtest_metric,
    )
    if missing:
        notes.append(f"{'、'.join(missing)}年不在预测期内，无预测值")
    if not finite(out["backtest_error"]):
        notes.append("历史数据不足，预测模型未作回测（回测误差空缺）")
    notes.extend(f"预测：{n}" for n in fc.notes)
    return out


def _outlook_target(ind, st: _State, j: Judgement, period: Period, th: Thresholds) -> float:
    """The target-year value to reach (on the judged scale); the good bound of a range
    (of a 年均增长g%左右 target: g ∓ approx_tolerance)."""
    spec = ind.spec
    if spec is None:
        return nan
    if spec.kind is TargetKind.CAGR and spec.approx:
        bound = spec.value - ind.sign * th.approx_tolerance
        return st.judged_base * (1 + bound / 100) ** period.years
    if spec.kind is TargetKind.CAGR_RANGE:
        bound = spec.low if ind.sign > 0 else spec.high
        return st.judged_base * (1 + bound / 100) ** period.years
    if spec.kind in PATH_KINDS:
        return j.target_level
    if spec.kind in LIMIT_KINDS:
        return spec.value
    if spec.kind is TargetKind.QUALITATIVE:
        return _assigned(ind).get(period.target_year, nan)
    return nan


def _real_columns(fc, forecast_years: tuple[int, ...]) -> dict:
    """real_forecast_Y, real_lo80_Y … : the forecast at base-year prices (NaN if nominal)."""
    out = {}
    for y in forecast_years:
        for stat, attr in _FORECAST_STATS:
            series = getattr(fc, attr) if fc is not None else None
            out[f"real_{stat}_{y}"] = (
                _num(series[y]) if series is not None and y in series.index else nan
            )
    return out


def _prob_meet(ind, st, j, period, fc, real_fc, target, notes) -> float:
    """P(target met in T) from the forecast distribution."""
    spec = ind.spec
    kind = spec.kind if spec else None
    T = period.target_year
    if kind is None or kind is TargetKind.RELATIVE:
        notes.append("无量化终值，达标概率不适用")
        return nan
    if kind is TargetKind.QUALITATIVE and not finite(target):
        notes.append(f"没有{T}年下达值，达标概率不适用")
        return nan
    if fc is None:
        return nan  # explained by _fit
    at_least = ind.sign > 0
    if kind is TargetKind.CUMULATIVE_TOTAL:
        return _prob_cumulative(st, spec.value, period, fc, notes)
    if not finite(target):
        notes.append(f"{T}年目标值无法计算，达标概率无法计算")
        return nan
    if st.real:
        if real_fc is None:
            return nan
        notes.append(f"达标概率按{period.base_year}年价格（可比价）水平序列的预测计算")
        return _prob(real_fc, T, target, at_least, notes)
    return _prob(fc, T, target, at_least, notes)


def _prob(fc, year: int, threshold: float, at_least: bool, notes: list[str]) -> float:
    if year not in fc.point.index:
        notes.append(f"{year}年不在预测期内，达标概率无法计算")
        return nan
    p = fc.prob_at_least(year, threshold) if at_least else fc.prob_at_most(year, threshold)
    p = _num(p)
    if not finite(p):
        notes.append("预测分布无法给出达标概率")
    return p


def _prob_cumulative(st: _State, total: float, period: Period, fc, notes: list[str]) -> float:
    """P(Σ actual t0+1..t + Σ forecast t+1..T ≥ S), forecast errors fully correlated.

    With comonotone errors the q-quantile of the sum is the sum of the yearly
    q-quantiles; the probability is 1 − q at which that sum equals what is still needed.
    """
    last = st.latest_year
    if last is None:
        notes.append("缺少最新值，达标概率无法计算")
        return nan
    done_years = range(period.base_year + 1, last + 1)
    if any(y not in st.annual.index for y in done_years):
        notes.append("累计期内年度数据不全，达标概率无法计算")
        return nan
    needed = total - float(st.annual[list(done_years)].sum())
    if needed <= 0:
        return 1.0
    future = list(range(last + 1, period.target_year + 1))
    if any(y not in fc.point.index for y in future):
        notes.append("预测期未覆盖至目标年，累计目标达标概率无法计算")
        return nan

    def total_at(q: float) -> float:
        return float(sum(fc.quantile(y, q) for y in future))

    lo, hi = 1e-6, 1 - 1e-6
    if not finite(total_at(lo), total_at(hi)):
        notes.append("预测分布无法给出累计目标达标概率")
        return nan
    notes.append("累计目标达标概率按各年预测误差完全相关估算")
    if total_at(hi) < needed:
        return 0.0
    if total_at(lo) >= needed:
        return 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if total_at(mid) < needed:
            lo = mid
        else:
            hi = mid
    return 1 - (lo + hi) / 2


def _fit_real(ind, st: _State, period: Period, forecaster, notes: list[str]):
    """Forecast the level at base-year prices: v0 chained forward and back by real growth."""
    real = _real_levels(st, period)
    if len(real) < 2:
        notes.append("可比价水平序列过短，达标概率无法计算")
        return None
    return _fit(forecaster, real, ind.ytd, st, [])


def _real_levels(st: _State, period: Period) -> pd.Series:
    t0 = period.base_year
    if not finite(st.base):
        return pd.Series(dtype=float)
    levels = {t0: st.base}
    y = t0
    while y + 1 in st.growth.index and y + 1 <= (st.latest_year or t0):
        levels[y + 1] = levels[y] * (1 + st.growth[y + 1] / 100)
        y += 1
    y = t0
    while y in st.growth.index and y - 1 >= st.annual.index.min():
        levels[y - 1] = levels[y] / (1 + st.growth[y] / 100)
        y -= 1
    return pd.Series(levels, dtype=float).sort_index()


def _required_growth(ind, st: _State, j: Judgement, period: Period, target, notes) -> float:
    """Average annual growth needed in t+1..T: (V / v_t)^(1/(T−t)) − 1, on the judged scale."""
    spec = ind.spec
    kind = spec.kind if spec else None
    if kind not in PATH_KINDS and kind is not TargetKind.CUMULATIVE_TOTAL:
        notes.append("目标无量化终值，后续需年均增长不适用")
        return nan
    if st.latest_year is None:
        notes.append("缺少最新值，后续需年均增长无法计算")
        return nan
    left = period.target_year - st.latest_year
    if kind is TargetKind.CUMULATIVE_TOTAL:
        return _required_for_total(st, spec.value, period, left, notes)
    req = required_growth(st.judged_latest, target, left)
    if not finite(req):
        notes.append("最新值或目标值非正，后续需年均增长无法计算")
        return nan
    what = "目标"
    if kind is TargetKind.CAGR_RANGE:
        what = "规划下限" if ind.sign > 0 else "规划上限"
    notes.append(_pace(req, left, ind.sign, what) + ("（可比价）" if st.real else ""))
    if kind in LINEAR_KINDS:
        step = (target - st.latest) / left
        word = "个百分点" if kind is TargetKind.PP_LEVEL else _increase_unit(ind)
        notes.append(f"即每年需{'提高' if step >= 0 else '降低'}{abs(step):.2f}{word}")
    return req


def _required_for_total(st: _State, total, period: Period, left: int, notes) -> float:
    """g with Σ_{i=1..T−t} v_t (1+g)^i = S − Σ actual: the yearly level growth still needed."""
    years = range(period.base_year + 1, st.latest_year + 1)
    if any(y not in st.annual.index for y in years):
        notes.append("累计期内年度数据不全，后续需年均增长无法计算")
        return nan
    remaining = total - float(st.annual[list(years)].sum())
    if remaining <= 0:
        notes.append("五年累计目标已完成，后续需年均增长不适用")
        return nan
    req = growth_for_sum(st.latest, remaining, left)
    if not finite(req):
        notes.append("最新值非正，后续需年均增长无法计算")
        return nan
    notes.append(
        f"尚需完成{remaining:g}，按年度值以{st.latest_year}年为起点逐年递推求和，"
        + _pace(req, left, 1, "五年累计目标")
    )
    return req


def _pace(req: float, left: int, sign: int, what: str) -> str:
    """后3年需年均增长x%可达到目标 / 后3年即使年均下降x%也可达到目标 (a whole clause)."""
    word = "增长" if req >= 0 else "下降"
    if sign * req > 0:
        return f"后{left}年需年均{word}{abs(req):.2f}%可达到{what}"
    return f"后{left}年即使年均{word}{abs(req):.2f}%也可达到{what}"


def _history_growth(ind, st: _State) -> pd.Series:
    """Annual change in the indicator's own history, on one statistical basis.

    Reported real growth if judged real; percentage points a year for a percentage-point
    target (its required pace is in points, not in % growth); else level growth in %.
    With a revised base the change into t0+1 is taken from the revised base: the years up
    to t0 are on the old basis, the years after it on the new one.
    """
    if st.real:
        return st.growth
    a = st.annual.copy()
    pp = ind.spec is not None and ind.spec.kind in LINEAR_KINDS
    out = {}
    for y in a.index:
        if y - 1 not in a.index:
            continue
        prev = a[y - 1]
        if st.base_source == "revised" and y - 1 == st.base_year_used:
            prev = st.base
        if pp:
            out[y] = a[y] - prev
        elif prev > 0:
            out[y] = (a[y] / prev - 1) * 100
    return pd.Series(out, dtype=float)


def _history_best(ind, st: _State) -> float:
    """Best annual change in the history (largest reduction, as negative, if lower)."""
    hist = _history_growth(ind, st)
    if hist.empty:
        return nan
    return float(hist.max()) if ind.sign > 0 else float(hist.min())


def _adjustment(
    ind, req: float, best: float, notes: list[str], pace: float = nan, margin: float = 0.0
) -> bool:
    """Required pace beyond the history's best by more than `margin` (points; a year for
    percentage-point targets, whose `pace` is in points a year)."""
    if not finite(req):
        return False
    if not finite(best):
        notes.append("历史增速不足，无法判断是否需要规划调整（历史最好增速空缺）")
        return False
    points = finite(pace)
    need = pace if points else req
    flag = ind.sign * need > ind.sign * best + margin + 1e-9
    if flag:
        what = (
            ("提高" if ind.sign > 0 else "下降") if points else ("增速" if ind.sign > 0 else "降幅")
        )
        unit = "个百分点" if points else "%"
        beyond = f"（超出{margin:g}个百分点以上）" if margin > 0 else ""
        notes.append(
            f"后续所需年均{what}{abs(need):.2f}{unit}超过历史最好水平{abs(best):.2f}{unit}"
            f"{beyond}，建议研究规划调整"
        )
    return flag


def _explain_remaining(row: dict, ind: IndicatorInput, st: _State, notes: list[str]) -> None:
    """Reasons for NaNs that follow from the data state rather than from one kind's rules."""
    text = "；".join(notes)
    if not finite(row["actual_cagr"]) and "年均增速" not in text:
        if st.latest_year is None or not finite(st.base):
            notes.append("缺少基期值或最新值，实际年均增速无法计算")
        else:
            notes.append("基期值或最新值非正，实际年均增速无法计算")
    if not finite(row["required_cagr"]) and "规划要求年均增速" not in text:
        notes.append("该目标类型不设规划要求年均增速")


# --- whole plan -------------------------------------------------------------------


def assess_plan(data, config, forecaster=None, thresholds=None, cache=False) -> pd.DataFrame:
    """Assess every indicator of a plan (PlanData) under its PlanConfig, in plan order.

    With `cache` (True: ``forecast_cache.json`` in the plan's processed folder, or a
    `ForecastCache`) forecasts fitted before for the same series and settings are read
    back instead of refitted (`planeval.method.forecast_cache`)."""
    th = thresholds or Thresholds.from_config(config)
    period = Period.from_config(config)
    forecast_years = tuple(config.forecast_years) if period.point.forecasts else ()
    if forecaster is None and period.point.forecasts:
        forecaster = plan_forecaster(config)
    store = _forecast_cache(config, cache) if forecaster is not None else None
    if store is not None:
        from planeval.method.forecast_cache import CachedForecaster

        forecaster = CachedForecaster(forecaster, store)
    inputs = plan_inputs(data, config)
    rows = [
        assess_indicator(
            ind, period=period, thresholds=th, forecaster=forecaster, forecast_years=forecast_years
        )
        for ind in inputs
    ]
    if store is not None:
        store.save(keep=forecaster.used)
    frame = pd.DataFrame(rows, columns=_columns(forecast_years))
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    frame["adjustment_flag"] = frame["adjustment_flag"].astype(bool)
    frame["binding"] = frame["binding"].astype(bool)
    frame["real_growth"] = frame["real_growth"].astype(bool)
    return frame.reset_index(drop=True)


def plan_forecaster(config):
    """The forecaster of a plan's assessment: every year to the target and the forecast
    years the report shows."""
    from planeval.method.forecast import Forecaster

    period = Period.from_config(config)
    horizon = set(range(period.last_year + 1, period.target_year + 1))
    years = tuple(sorted(horizon | set(config.forecast_years)))
    return Forecaster.for_plan(config, horizon_years=years)


def _forecast_cache(config, cache):
    if cache is True:
        from planeval.method.forecast_cache import CACHE_FILE, ForecastCache

        return ForecastCache(config.processed / CACHE_FILE)
    return cache or None


def plan_inputs(data, config) -> list[IndicatorInput]:
    """One IndicatorInput per indicator of the plan, in plan order."""
    indicators = data.indicators.sort_values("order", kind="stable")
    series_of, reported_of = _annual_series(data.annual)
    ytd = _latest_ytd(data.monthly, config)
    assigned = {
        iid: g.set_index("year")["value"].astype(float)
        for iid, g in data.assigned.groupby("indicator_id", sort=False)
    }
    names = indicators["name"].to_dict()

    out = []
    for iid, r in indicators.iterrows():
        series, growth, provenance = series_of(iid)
        spec = _spec_of(r)
        reference = None
        if spec is not None and spec.kind is TargetKind.RELATIVE and spec.reference in names:
            rs, rg, _ = series_of(spec.reference)
            reference = Reference(names[spec.reference], rs, rg, ytd.get(spec.reference))
        out.append(
            IndicatorInput(
                spec=spec,
                series=series,
                growth=growth,
                provenance=provenance,
                indicator_id=str(iid),
                order=int(r["order"]),
                name=str(r["name"]),
                group=str(r.get("category", "") or ""),
                unit=str(r.get("unit", "") or ""),
                attribute=str(r.get("attribute", "") or ""),
                binding=bool(r["binding"]),
                direction=str(r["direction"]) if _text(r.get("direction")) else None,
                target_text=str(r.get("target_text", "") or ""),
                real_growth=bool(r.get("real_growth", False)),
                base_printed=_num(r.get("base_printed")),
                base_revised=_num(r.get("base_revised")),
                base_note=_text(r.get("base_note")),
                manual_status=_text(r.get("manual_status")) or None,
                manual_note=_text(r.get("manual_note")),
                ytd=ytd.get(iid),
                assigned=assigned.get(iid),
                reference=reference,
                data_form=_text(r.get("data_form")) or "level",
                reported=reported_of(iid),
            )
        )
    return out


def _annual_series(annual: pd.DataFrame):
    """`series_of(iid)`: an indicator's values, growth (missing ones dropped) and provenance
    by year; `reported_of(iid)`: its values as reported (None without that column).

    The columns are converted once for the whole table and cut per indicator (per-group
    pandas calls were a tenth of an assessment's time outside the forecasts)."""
    rows = annual.groupby("indicator_id", sort=False).indices
    years = annual["year"].astype(int).to_numpy()
    value = annual["value"].astype(float).to_numpy()
    growth = annual["growth"].astype(float).to_numpy()
    provenance = annual["provenance"].astype(str).to_numpy()
    reported = annual["reported"].astype(float).to_numpy() if "reported" in annual else None
    name = annual["year"].name

    def series_of(iid: str) -> tuple[pd.Series, pd.Series, pd.Series]:
        at = rows.get(iid)
        if at is None:
            empty = pd.Series(dtype=float)
            return empty, empty, pd.Series(dtype=object)
        at = at[np.argsort(years[at], kind="stable")]  # one row per year (apply_provenance)
        index = years[at]
        return (
            pd.Series(value[at], index=index),
            pd.Series(growth[at], index=index).dropna(),
            pd.Series(provenance[at], index=index),
        )

    def reported_of(iid: str) -> pd.Series | None:
        at = rows.get(iid)
        if at is None or reported is None:
            return None
        return pd.Series(reported[at], index=pd.Index(years[at], name=name))

    return series_of, reported_of


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _spec_of(r: pd.Series) -> TargetSpec | None:
    kind = _text(r.get("target_kind"))
    if not kind:
        return None

    def opt(col: str) -> float | None:
        v = _num(r.get(col))
        return v if finite(v) else None

    return TargetSpec(
        TargetKind(kind),
        value=opt("target_value"),
        low=opt("target_low"),
        high=opt("target_high"),
        reference=_text(r.get("target_reference")) or None,
        relation=_text(r.get("target_relation")) or None,
        approx=isinstance(r.get("target_approx"), bool | np.bool_) and bool(r["target_approx"]),
    )


def _latest_ytd(monthly: pd.DataFrame, config) -> dict[str, YearToDate]:
    """Per indicator, the latest year-to-date figure of a year after the annual cutoff."""
    if monthly is None or monthly.empty:
        return {}
    cutoff = (config.monthly_cutoff.year, config.monthly_cutoff.month)
    out = {}
    for iid, g in monthly.groupby("indicator_id", sort=False):
        g = g[g["year"].astype(int) > config.last_year]
        g = g[[(int(y), int(m)) <= cutoff for y, m in zip(g["year"], g["month"], strict=True)]]
        if g.empty:
            continue
        r = g.sort_values(["year", "month"]).iloc[-1]
        out[str(iid)] = YearToDate(
            int(r["year"]),
            int(r["month"]),
            _num(r.get("ytd_value")),
            _num(r.get("ytd_growth")),
            str(r.get("provenance", "official") or "official"),
        )
    return out
