"""Drafted report sentences: numbers prepared here, every word in templates/narrative/.

`indicator_text(row, extras)` turns one row of `planeval.method.assess.assess_plan` into
the paragraph an evaluator would write about that indicator; the other
`*_text` functions do the same for the summary and the section introductions.
This module only decides *which* numbers a sentence needs and formats them the
way Chinese evaluation reports print them (see `fmt_value`); the sentences
themselves are Jinja2 templates, so their wording can be changed without
touching code.

Plain-text templates (``*.txt.j2``) render without autoescaping and are joined
into one line (Chinese needs no space between sentences); HTML templates
(``*.html.j2``) are autoescaped.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from planeval.data.forms import is_index_unit
from planeval.periods import DEFAULT_TARGET_YEAR, PLAN_YEARS

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "narrative"

# Target kinds grouped by the sentence that describes them.
GROWTH_KINDS = {"cagr", "cagr_floor", "cagr_range"}
LIMIT_KINDS = {"ceiling", "floor"}
# Categories a yearly-limit judgement can give (planeval.method.progress.judge_limits).
LIMIT_CATEGORIES = {"基本符合预期", "滞后于预期"}
# Units of rates: a year-to-date value is compared with a yearly limit (as assess does).
RATE_UNIT_MARKS = ("%", "‰", "％", "百分点", "/", "每")

# Number formats by data unit: decimals, and whether to print thousands separators.
# Money in 元 is printed whole with separators (42,345元); 亿元/万元 with two decimals;
# ‰ with two (natural growth rates are small). Shares in % get one decimal, or two when
# the data was reported with two (R&D intensity 0.66%). Other units keep the precision
# the data was reported with (at most three decimals).
UNIT_FORMATS: dict[str, tuple[int, bool]] = {
    "元": (0, True),
    "亿元": (2, False),
    "万元": (2, False),
    "亿美元": (2, False),
    "万美元": (2, False),
    "‰": (2, False),
}
PERCENT_UNITS = {"%": (1, 2), "％": (1, 2)}  # unit: (min, max) decimals
PARAGRAPH = "\ue000"  # `{{ para }}` in a plain-text template: a paragraph break (private use)
GROWTH_DECIMALS = 1  # growth rates, percentage points, shares: 5.6%, 0.8个百分点
MAX_DECIMALS = 3
# A gap smaller than half the last printed digit reads as "持平".
FLAT_GAP = 0.05
# Level targets in such units are phrased as a change (提高0.3岁), not as % growth.
ABSOLUTE_UNITS = {"岁": "提高", "年": "提高", "人": "增加", "个": "增加", "张": "增加"}
# The judgement clause: progress (official category) joined with the outlook.
GOOD_CATEGORIES = {"提前实现", "快于预期", "基本符合预期"}
PROGRESS_CATEGORIES = {"快于预期", "基本符合预期", "滞后于预期"}
FINAL_CATEGORIES = ("已完成", "基本完成", "未完成")  # planeval.method.evaluation
OUTLOOK_PHRASES = {
    "有望实现": "按现有趋势有望如期实现",
    "存在风险": "按现有趋势如期实现存在一定风险",
    "难以实现": "按现有趋势难以如期实现",
}
MET_OUTLOOK_PHRASES = {  # a target already met that the forecast sees falling back
    "存在风险": "按现有趋势存在回落至目标以下的风险",
    "难以实现": "按现有趋势预计将回落至目标以下",
}
# Comparing a share with the time elapsed: within 1 point 基本持平, within 5 "略".
NEAR_POINTS = 1.0
SLIGHT_POINTS = 5.0


def finite(*values: Any) -> bool:
    for v in values:
        try:
            if v is None or not math.isfinite(float(v)):
                return False
        except (TypeError, ValueError):
            return False
    return True


# --- number formatting ------------------------------------------------------------


def observed_decimals(values) -> int:
    """Decimals needed to print every value exactly as reported (≤ MAX_DECIMALS)."""
    most = 0
    for v in values:
        if not finite(v):
            continue
        text = f"{round(float(v), MAX_DECIMALS):.{MAX_DECIMALS}f}".rstrip("0")
        most = max(most, len(text.split(".")[1]) if "." in text else 0)
    return most


def unit_format(unit: str, values=()) -> tuple[int, bool]:
    """(decimals, thousands separators) for an indicator's values."""
    unit = (unit or "").strip()
    if unit in UNIT_FORMATS:
        return UNIT_FORMATS[unit]
    if is_index_unit(unit):  # a chained index of rates (data.forms): one decimal
        return 1, False
    if unit in PERCENT_UNITS:
        low, high = PERCENT_UNITS[unit]
        return min(max(observed_decimals(values), low), high), False
    return observed_decimals(values), False


def fmt_number(value: Any, decimals: int, separators: bool = False) -> str:
    """Rounded half up (四舍五入) on the shortest decimal form of the float, so that
    57118.5 prints 57119 and 4.25 prints 4.3; never "-0.0"."""
    if not finite(value):
        return ""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)
    return f"{exact:,.{decimals}f}" if separators else f"{exact:.{decimals}f}"


def fmt_rate(value: Any) -> str:
    """A growth rate, share or percentage-point difference: one decimal."""
    return fmt_number(value, GROWTH_DECIMALS)


def fmt_plain(value: Any) -> str:
    """A number without padding zeros, as plans write targets: 6, 5.5, 40, 33.3."""
    if not finite(value):
        return ""
    return trim_zeros(fmt_number(value, GROWTH_DECIMALS))


def fmt_period(first: int, last: int) -> str:
    """2021—2022年 (an em dash between years, as reports print it), or 2021年."""
    return f"{first}年" if first == last else f"{first}—{last}年"


@dataclass(frozen=True)
class ValueFormat:
    """How one indicator's values are printed, decided once from its unit and data."""

    unit: str
    decimals: int
    separators: bool

    @classmethod
    def of(cls, unit: str, values=()) -> ValueFormat:
        decimals, separators = unit_format(unit, values)
        return cls((unit or "").strip(), decimals, separators)

    def __call__(self, value: Any) -> str:
        return fmt_number(value, self.decimals, self.separators)

    def excel(self) -> str:
        """The matching Excel number format."""
        body = "#,##0" if self.separators else "0"
        return body + ("." + "0" * self.decimals if self.decimals else "")


# --- templates --------------------------------------------------------------------


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        trim_blocks=False,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["rate"] = fmt_rate
    env.filters["absrate"] = lambda v: fmt_rate(abs(float(v)))
    env.filters["plain"] = fmt_plain
    env.filters["num"] = lambda v, d: fmt_number(v, d)
    env.filters["absnum"] = lambda v, d: fmt_number(abs(float(v)), d)
    env.globals.update(
        finite=finite, flat=FLAT_GAP, near=NEAR_POINTS, slight=SLIGHT_POINTS, para=PARAGRAPH
    )
    return env


def render_text(template: str, /, **context: Any) -> str:
    """A plain-text template rendered as one line per paragraph: template line breaks are
    layout only; `{{ para }}` starts a new paragraph (a newline in the result)."""
    text = environment().get_template(template).render(**context)
    joined = "".join(line.strip() for line in text.splitlines())
    return "\n".join(p for p in joined.split(PARAGRAPH) if p)


def render_html(template: str, /, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@functools.cache
def labels() -> dict[str, Any]:
    """Headings, table headers and other fixed words (templates/narrative/labels.j2)."""
    module = environment().get_template("labels.j2").module
    return {k: getattr(module, k) for k in dir(module) if not k.startswith("_")}


def label(key: str) -> Any:
    return labels()[key]


# --- one indicator ----------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorExtras:
    """Facts about an indicator that are not in its assessment row."""

    values: Mapping[int, float] = field(default_factory=dict)  # annual values by year
    provenance: Mapping[int, str] = field(default_factory=dict)
    assigned: Mapping[int, float] = field(default_factory=dict)  # limits from above
    reference_name: str = ""  # the reference indicator of a relative target
    history_start: int | None = None  # first year of the indicator's annual data
    parent: str = ""  # 上级, e.g. 柳州市
    target_year: int = DEFAULT_TARGET_YEAR  # extras_for sets the plan's own
    manual_note: str = ""  # the evaluator's reason for a manual judgement
    adjust: bool | None = None  # in the 规划调整建议表 (None: not known, follow the flag)


def extras_for(data, config, indicator_id: str) -> IndicatorExtras:
    """IndicatorExtras of one indicator from a PlanData and PlanConfig."""
    a = data.annual[data.annual["indicator_id"] == indicator_id].sort_values("year")
    years = [int(y) for y in a["year"]]
    # A rate form's sentences list the rates as sent, not the index they are judged on.
    rates = "reported" in a and a["reported"].notna().any()
    values = dict(zip(years, a["reported" if rates else "value"].astype(float), strict=True))
    provenance = dict(zip(years, a["provenance"].astype(str), strict=True))
    g = data.assigned[data.assigned["indicator_id"] == indicator_id]
    assigned = dict(zip(g["year"].astype(int), g["value"].astype(float), strict=True))
    reference_name = manual_note = ""
    ind = data.indicators
    if indicator_id in ind.index and "manual_note" in ind.columns:
        note = ind.loc[indicator_id, "manual_note"]
        manual_note = note.strip() if isinstance(note, str) else ""
    if indicator_id in ind.index and "target_reference" in ind.columns:
        ref = ind.loc[indicator_id, "target_reference"]
        if isinstance(ref, str) and ref in ind.index:
            reference_name = str(ind.loc[ref, "name"])
        elif isinstance(ref, str):
            reference_name = ref
    return IndicatorExtras(
        values=values,
        provenance=provenance,
        assigned=assigned,
        reference_name=reference_name,
        history_start=min(years) if years else None,
        parent=config.parent,
        target_year=config.target_year,
        manual_note=manual_note,
    )


def value_format(row: Mapping, history=()) -> ValueFormat:
    """The format of one indicator's values, from its unit and the values reported."""
    values = [row.get("base_value"), row.get("latest_value"), *history]
    return ValueFormat.of(str(row.get("unit") or ""), values)


def printed(value: Any, decimals: int = GROWTH_DECIMALS) -> float | None:
    """The value a sentence prints, as a number: differences are taken between these."""
    return float(fmt_number(value, decimals)) if finite(value) else None


def verdict(category: str, outlook: str, met: bool) -> tuple[str, bool]:
    """The judgement clause and whether it speaks about the outlook.

    "进度基本符合预期，但按现有趋势难以如期实现": progress and outlook that point different
    ways are joined by 但 in one clause, never left side by side.
    """
    if category in FINAL_CATEGORIES:
        return f"{category}规划目标", False  # 总结评估: no outlook to join
    if met:
        head = "已提前实现规划目标"
    elif category in PROGRESS_CATEGORIES:
        head = f"进度{category}"
    else:
        head = f"评价为{category}"
    if outlook not in OUTLOOK_PHRASES or category not in GOOD_CATEGORIES | {"滞后于预期"}:
        return head, False
    likely = outlook == "有望实现"
    if met:
        return (head, False) if likely else (f"{head}，但{MET_OUTLOOK_PHRASES[outlook]}", True)
    if (category in GOOD_CATEGORIES) == likely:
        return f"{head}，{OUTLOOK_PHRASES[outlook]}", True
    if likely:
        return f"{head}，但按现有趋势仍有望如期实现", True
    return f"{head}，但{OUTLOOK_PHRASES[outlook]}", True


def _int(value: Any) -> int | None:
    return int(value) if finite(value) else None


def _sentence_group(row: Mapping, extras: IndicatorExtras) -> str:
    """Which sentence pattern describes the row (see indicator.txt.j2)."""
    kind = row.get("target_kind")
    category = row.get("category")
    if not finite(row.get("latest_value")) and kind != "qualitative":
        return "nodata"
    if kind in GROWTH_KINDS:
        return "growth"
    if kind in {"level", "pp_level", "increase", "reduction", "relative"}:
        return {"pp_level": "pp", "increase": "pp"}.get(kind, kind)
    if kind == "cumulative_total":
        return "cumulative"
    if kind in LIMIT_KINDS:
        return "limit"
    if kind == "qualitative" and extras.assigned and category in LIMIT_CATEGORIES:
        return "assigned"
    return "manual"


def indicator_context(row: Mapping, extras: IndicatorExtras | None = None) -> dict[str, Any]:
    """Every number the indicator paragraph may need, formatted."""
    extras = extras or IndicatorExtras()
    fmt = value_format(row, extras.values.values())
    target_year = _int(row.get("target_year")) or extras.target_year
    base_year = _int(row.get("base_year")) or target_year - PLAN_YEARS
    latest_year = _int(row.get("latest_year"))
    last = latest_year or base_year
    years_done = list(range(base_year + 1, last + 1))
    years_left = target_year - last
    latest_prov = row.get("latest_provenance")
    unit = fmt.unit
    kind = row.get("target_kind")
    sign = -1 if row.get("direction") == "lower" else 1
    # Rates as printed (one decimal): a stated difference is between the printed operands.
    actual, required = printed(row.get("actual_cagr")), printed(row.get("required_cagr"))
    category = str(row.get("category") or "")
    outlook = str(row.get("outlook") or "")
    met = category in ("提前实现", "已完成")
    verdict_text, outlook_said = verdict(category, outlook, met)
    c: dict[str, Any] = {
        "group": _sentence_group(row, extras),
        "kind": kind,
        "name": str(row.get("name", "")),
        "unit": unit,
        "sign": sign,
        "category": str(row.get("category") or ""),
        "binding": bool(row.get("binding")),
        "base_year": base_year,
        "latest_year": latest_year,
        "target_year": target_year,
        "years_left": years_left,
        "period": fmt_period(base_year + 1, last),
        "whole_period": fmt_period(base_year + 1, target_year),
        "latest": fmt(row.get("latest_value")),
        "decimals": fmt.decimals,
        "base": fmt(row.get("base_value")),
        "estimate_label": _provenance_word(latest_prov),
        "target_text": str(row.get("target_text") or ""),
        "target": _plain(row.get("target_value")),
        "target_low": _plain(row.get("target_low")),
        "target_high": _plain(row.get("target_high")),
        "target_level": fmt(row.get("target_level")),
        "actual": actual if finite(actual) else None,
        "required": required if finite(required) else None,
        "gap": round(actual - required, GROWTH_DECIMALS) if finite(actual, required) else None,
        "outlook": outlook,
        "verdict": verdict_text,
        "outlook_said": outlook_said,
        "no_forecast": _text(row.get("no_forecast_reason")),
        "E": _share(row.get("E")),
        "P": _share(row.get("P")),
        "met": met,
        "parent": extras.parent,
        "reference": extras.reference_name,
        "manual_note": extras.manual_note.rstrip("。；;. "),
        "breach": [b for b in str(row.get("breach_years") or "").split("、") if b],
    }
    c.update(_rate_form(row))
    c["approx"] = bool(row.get("target_approx"))
    c["single_year"] = latest_year == base_year + 1
    c.update(_range_position(row, sign, actual))
    c.update(_yearly(row, extras, fmt, years_done))
    c.update(_ytd_estimate(row, c["ytd_label"]))
    c.update(_outlook(row, fmt, target_year, years_left))
    c["absolute"] = False
    c.update(_kind_numbers(row, extras, fmt, years_done, years_left))
    c["history_start"] = extras.history_start
    best = row.get("history_best_growth")
    c["history_best"] = best if finite(best) else None
    c["flagged"] = bool(row.get("adjustment_flag")) and c["required_growth"] is not None
    # In the 规划调整建议表 (planeval.report.adjustments); unknown: follow the flag.
    c["adjust"] = c["flagged"] if extras.adjust is None else extras.adjust
    return c


def _rate_form(row: Mapping) -> dict[str, Any]:
    """增速 / 降低率 indicators: the latest rate as the sentence leads with it ("增长5.3%");
    the index they are judged on is named as such, without a unit."""
    form = str(row.get("data_form") or "level")
    rate = row.get("latest_rate")
    if form not in ("growth", "reduction_rate") or not finite(rate):
        return {"rate_form": False}
    if form == "reduction_rate":
        word = "下降" if rate >= 0 else "上升"
    else:
        word = "增长" if rate >= 0 else "下降"
    return {
        "rate_form": True,
        "rate_text": f"{word}{fmt_number(abs(float(rate)), 1)}%",
        "unit": "",
    }


def _ytd_estimate(row: Mapping, label_text: str) -> dict[str, Any]:
    """年度监测 before the first annual figure: the latest value is the year-to-date one."""
    if row.get("latest_provenance") != "ytd":
        return {"ytd_estimate": False}
    how = "累计增速推算" if finite(row.get("ytd_growth")) else "数据"
    return {"ytd_estimate": True, "estimate_label": f"按{label_text}{how}"}


def _plain(value: Any) -> str:
    """A target number as written in a plan (6, 5.5, 4.5, 2000): no padding zeros."""
    return trim_zeros(f"{float(value):.4f}") if finite(value) else ""


def trim_zeros(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _share(value: Any) -> float | None:
    return float(value) * 100 if finite(value) else None


def _provenance_word(provenance: Any) -> str:
    if provenance in (None, "", "official"):
        return ""
    return str(label("provenance").get(str(provenance), ""))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _range_position(row: Mapping, sign: int, actual: float | None) -> dict[str, Any]:
    """For a CAGR range: below / within / above, and the distance (between the printed
    actual rate and the bound) to the nearer bound."""
    if row.get("target_kind") != "cagr_range":
        return {}
    low, high = row.get("target_low"), row.get("target_high")
    if not finite(low, high, actual):
        return {"range_position": None}
    if actual < low - 1e-9:
        return {"range_position": "below", "range_gap": round(low - actual, GROWTH_DECIMALS)}
    if actual > high + 1e-9:
        return {"range_position": "above", "range_gap": round(actual - high, GROWTH_DECIMALS)}
    return {"range_position": "within", "range_gap": 0.0}


def _yearly(row, extras: IndicatorExtras, fmt: ValueFormat, years: list[int]) -> dict[str, Any]:
    """The values of t0+1..t (and a year-to-date rate) as listed in limit sentences."""
    listed = [fmt(extras.values[y]) for y in years if finite(extras.values.get(y))]
    estimated = [y for y in years if extras.provenance.get(y, "official") not in ("official", "")]
    ytd_label = ""
    period = row.get("ytd_period")
    if isinstance(period, str) and "-" in period:
        year, month = str(period).split("-")[:2]
        ytd_label = label("ytd_label").format(year=int(year), month=int(month))
    limits = [fmt(extras.assigned[y]) for y in years if finite(extras.assigned.get(y))]
    return {
        "values_listed": listed,
        "estimated_years": estimated,
        "ytd_label": ytd_label,
        "ytd_value": fmt(row.get("ytd_value")),
        "ytd_growth": row.get("ytd_growth") if finite(row.get("ytd_growth")) else None,
        "assigned_listed": limits,
        "assigned_same": len(set(limits)) == 1,
        "ytd_in_limits": bool(
            ytd_label
            and finite(row.get("ytd_value"))
            and any(mark in fmt.unit for mark in RATE_UNIT_MARKS)
        ),
    }


def _outlook(row, fmt: ValueFormat, target_year: int, years_left: int) -> dict[str, Any]:
    point = row.get(f"forecast_{target_year}")
    lo, hi = row.get(f"lo80_{target_year}"), row.get(f"hi80_{target_year}")
    real, real_lo, real_hi = (
        row.get(f"real_{k}_{target_year}") for k in ("forecast", "lo80", "hi80")
    )
    prob = row.get("prob_meet")
    req = row.get("required_growth")
    years = [int(y) for y in _text(row.get("outlook_years")).split("、") if y.isdigit()]
    trend, ref_trend = row.get("trend_growth"), row.get("reference_trend_growth")
    return {
        "forecast": fmt(point) if finite(point) else None,
        "forecast_lo": fmt(lo) if finite(lo, hi) else None,
        "forecast_hi": fmt(hi) if finite(lo, hi) else None,
        "real_forecast": fmt(real) if finite(real) else None,
        "latest_real": fmt(row.get("latest_real")) if finite(row.get("latest_real")) else "",
        "real_forecast_lo": fmt(real_lo) if finite(real_lo, real_hi) else None,
        "real_forecast_hi": fmt(real_hi) if finite(real_lo, real_hi) else None,
        "prob": round(float(prob) * 100) if finite(prob) else None,
        "required_growth": printed(req) if finite(req) and years_left > 0 else None,
        "real": bool(row.get("real_growth")),
        "outlook_years": years,
        # the breach years the table has a forecast for (jiangbei forecasts 2023 and 2025)
        "outlook_values": [
            (y, fmt(row.get(f"forecast_{y}"))) for y in years if finite(row.get(f"forecast_{y}"))
        ]
        or [(y, "") for y in []],
        "limit_text": _limit_text(row, fmt),
        "trend_growth": printed(trend) if finite(trend) else None,
        "reference_trend_growth": printed(ref_trend) if finite(ref_trend) else None,
        # A year-to-date estimate is part of the forecast period (see assess._relative_outlook).
        "trend_from": int(row["latest_year"]) + (row.get("latest_provenance") != "ytd")
        if finite(row.get("latest_year"))
        else None,
        "trend_basis": "按现价计算" if _text(row.get("data_form")) in ("", "level") else "",
    }


def _limit_text(row, fmt: ValueFormat) -> str:
    """ "4.5%的控制目标" / "99%的目标下限" / "柳州市下达的控制目标"."""
    value = row.get("target_value")
    lower = row.get("direction") == "lower"
    if row.get("target_kind") in LIMIT_KINDS and finite(value):
        return f"{_plain(value)}{fmt.unit}的{'控制目标' if lower else '目标下限'}"
    return "下达的控制目标" if lower else "下达的目标"


def _kind_numbers(row, extras, fmt: ValueFormat, years: list[int], years_left: int) -> dict:
    kind = row.get("target_kind")
    base, latest = row.get("base_value"), row.get("latest_value")
    out: dict[str, Any] = {}
    d = fmt.decimals
    # 提高N岁: the change is in the unit itself; a share's change is in percentage points.
    out["pp_unit"] = "个百分点" if kind == "pp_level" or fmt.unit in ("%", "％") else fmt.unit
    if kind in ("pp_level", "increase") and finite(base, latest):
        change = round(printed(latest, d) - printed(base, d), d)
        out["pp_change"], out["pp_change_text"] = change, fmt_number(abs(change), d)
        target = row.get("target_level")
        if finite(target) and years_left > 0:
            step = (float(target) - printed(latest, d)) / years_left
            out["pp_per_year"] = step
            out["pp_per_year_text"] = fmt_number(abs(step), max(d, 1))
    unit = fmt.unit
    if kind == "level" and unit in ABSOLUTE_UNITS and finite(base, latest):
        target = row.get("target_value")
        change = round(printed(latest, d) - printed(base, d), d)
        out.update(absolute=True, change_word=ABSOLUTE_UNITS[unit], level_change=change)
        out["level_change_text"] = fmt_number(abs(change), d)
        if finite(target) and years_left > 0:
            td = max(d, observed_decimals([target]))
            needed = round(float(target) - printed(latest, d), td)
            out["level_needed_text"] = fmt_number(abs(needed), td)
            out["level_needed"] = needed
            out["level_per_year_text"] = fmt_number(abs(needed) / years_left, max(td, 2))
    if kind == "reduction" and finite(base, latest) and float(base) > 0:
        out["reduction_done"] = (1 - float(latest) / float(base)) * 100
    if kind == "cumulative_total":
        done = [extras.values.get(y) for y in years]
        total = row.get("target_value")
        if done and all(finite(v) for v in done) and finite(total) and float(total) > 0:
            s = sum(float(v) for v in done)
            out["cumulative_done"] = fmt(s)
            out["cumulative_share"] = s / float(total) * 100
            future = [
                row.get(f"forecast_{y}") for y in range(years[-1] + 1, extras.target_year + 1)
            ]
            if future and all(finite(v) for v in future):
                out["cumulative_forecast"] = fmt(s + sum(float(v) for v in future))
    return out


def indicator_text(row: Mapping, extras: IndicatorExtras | None = None) -> str:
    """The drafted paragraph about one indicator (plain text, one line)."""
    return render_text("indicator.txt.j2", c=indicator_context(row, extras))


# --- whole plan -------------------------------------------------------------------


def category_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Indicators per category, official order first, then any other category."""
    order = list(label("category_order"))
    counts = frame["category"].fillna("").astype(str).value_counts()
    out = {k: int(counts.get(k, 0)) for k in order}
    out.update({str(k): int(v) for k, v in counts.items() if k not in out and k})
    return out


def scope_word(region: str) -> str:
    """The district word of "全区" / "全市" / "全县" from the region's last character."""
    return region[-1:] if region else ""


def elapsed(config, year: float) -> float:
    return (year - config.base_year) / (config.target_year - config.base_year)


def timing_context(config) -> dict[str, Any]:
    cut = config.monthly_cutoff
    months = config.ytd_months
    mid_year = cut.year - 1 + months / 12
    return {
        "period": config.period,
        "evaluation": config.evaluation,
        "evaluation_name": config.evaluation_name,
        "base_year": config.base_year,
        "target_year": config.target_year,
        "last_year": config.last_year,
        "annual_cutoff": config.annual_cutoff,
        "monthly_cutoff": cut,
        "years_done": config.last_year - config.base_year,
        "E_annual": elapsed(config, config.last_year) * 100,
        "E_monthly": elapsed(config, mid_year) * 100,
        # 年度监测 before the first annual figure: judged on year-to-date data (method.assess)
        "ytd_judged": config.evaluation == "monitoring" and config.last_year == config.base_year,
        "ytd_months": months,
    }


def summary_text(
    frame: pd.DataFrame, config, extra_sentences: list[str] = (), adjust: list[str] | None = None
) -> str:
    """摘要. `adjust`: the items of the 规划调整建议表 (None: the flagged indicators)."""
    counts = category_counts(frame)
    lagging = frame[frame["category"] == "滞后于预期"]
    unfinished = frame[frame["category"] == "未完成"]
    flagged = frame[frame["adjustment_flag"].fillna(False).astype(bool)]
    risky = frame[frame["outlook"].isin(AT_RISK_OUTLOOKS)] if "outlook" in frame else frame[:0]
    risky = risky.sort_values("binding", ascending=False, kind="stable")
    return render_text(
        "summary.txt.j2",
        n=len(frame),
        scope=scope_word(config.region),
        counts=counts,
        outlooks=outlook_counts(frame),
        risky_binding=[r["name"] for _, r in risky.iterrows() if bool(r["binding"])],
        lagging=[(r["name"], bool(r["binding"])) for _, r in lagging.iterrows()],
        unfinished=[(r["name"], bool(r["binding"])) for _, r in unfinished.iterrows()],
        flagged=list(flagged["name"]),
        adjust=list(flagged["name"]) if adjust is None else list(adjust),
        t=timing_context(config),
        extra=list(extra_sentences),
    )


def indicators_intro_text(
    frame: pd.DataFrame, config, table: int, watch: pd.DataFrame | None = None
) -> str:
    """（一）主要目标指标进展's opening; `watch`: the 年度监测's indicators analysed one by
    one (None: every indicator is)."""
    groups = list(dict.fromkeys(frame["group"].fillna("").astype(str)))
    return render_text(
        "indicators_intro.txt.j2",
        n=len(frame),
        binding=int(frame["binding"].astype(bool).sum()),
        groups=[g for g in groups if g],
        counts=category_counts(frame),
        t=timing_context(config),
        table=table,
        watch=None if watch is None else list(watch["name"]),
        watch_words=watch_words(config.monitoring_watch),
    )


def watch_words(words) -> str:
    """滞后于预期, 存在风险, 难以实现 → 进度滞后于预期、如期实现存在风险或难以如期实现."""
    phrases = {
        "存在风险": "如期实现存在风险",
        "难以实现": "难以如期实现",
        "有望实现": "有望如期实现",
    }
    said = [phrases.get(w, f"进度{w}" if w.endswith("预期") else w) for w in words]
    return "、".join(said[:-1]) + "或" + said[-1] if len(said) > 1 else "".join(said)


def problems_text(frame: pd.DataFrame, extras: Mapping[str, IndicatorExtras]) -> str:
    """Lagging indicators and adjustment candidates, listed for 主要问题和挑战."""
    lagging = frame[frame["category"] == "滞后于预期"]
    items = []
    for _, r in lagging.iterrows():
        c = indicator_context(r, extras.get(r["indicator_id"]))
        items.append(c)
    flagged = [
        indicator_context(r, extras.get(r["indicator_id"]))
        for _, r in frame.iterrows()
        if bool(r["adjustment_flag"])
    ]
    return render_text(
        "problems_auto.txt.j2", lagging=items, flagged=flagged, at_risk=at_risk(frame, extras)
    )


AT_RISK_OUTLOOKS = ("难以实现", "存在风险")


def at_risk(frame: pd.DataFrame, extras: Mapping[str, IndicatorExtras] | None = None) -> list:
    """Contexts of the indicators whose outlook is 难以实现 or 存在风险: binding first,
    then 难以实现 before 存在风险, plan order within."""
    if "outlook" not in frame.columns:
        return []
    rows = frame[frame["outlook"].isin(AT_RISK_OUTLOOKS)].copy()
    rows["_b"] = ~rows["binding"].astype(bool)
    rows["_o"] = rows["outlook"].map(AT_RISK_OUTLOOKS.index)
    rows = rows.sort_values(["_b", "_o", "order"], kind="stable")
    return [indicator_context(r, (extras or {}).get(r["indicator_id"])) for _, r in rows.iterrows()]


def outlook_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Indicators per outlook, in the order 有望实现, 存在风险, 难以实现, 预测不适用."""
    if "outlook" not in frame.columns:
        return {}
    counts = frame["outlook"].fillna("").astype(str).value_counts()
    order = ("有望实现", "存在风险", "难以实现", "预测不适用")
    return {k: int(counts.get(k, 0)) for k in order}
