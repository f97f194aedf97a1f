"""Interactive exploration of a plan for evaluators (behind notebooks/explore.ipynb).

The first part is plain, testable logic: `Explorer` holds one loaded plan and answers
"what if" questions about one indicator — another forecast model, a target written
differently (试算目标), an earlier evaluation date — by calling the same functions the
report uses (`plan_inputs`, `assess_indicator`, `Forecaster`, `indicator_chart`,
`narrative.indicator_text`). Nothing here recomputes progress or growth itself.

The second part, `ExploreApp` / `build_ui`, wires ipywidgets controls to it:

    from planeval import explore
    explore.build_ui(default_plan="liunan")

A mistake the evaluator can make (an unreadable target text) is shown in the numbers
panel as the library's Chinese message, never as a traceback.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import math
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from planeval import charts, narrative, style
from planeval.assess import IndicatorInput, Period, Reference, assess_indicator, plan_inputs
from planeval.config import PlanConfig, all_plan_ids, parameters_file
from planeval.errors import PlanevalError
from planeval.forecast import MODELS, Forecaster
from planeval.ingest import load_plan
from planeval.plandata import PlanData
from planeval.progress import Thresholds
from planeval.targets import LOWER_IS_BETTER, TargetKind, TargetSpec, parse_target

__all__ = [
    "AUTO",
    "MODEL_CHOICES",
    "SORT_CHOICES",
    "ExploreApp",
    "Explorer",
    "build_ui",
    "error_panel",
    "explanation",
    "figure_png",
    "numbers_panel",
    "parse_override",
    "sort_frame",
    "status_table",
]

AUTO = "auto"
MODEL_CHOICES: tuple[tuple[str, str], ...] = (
    ("自动选择（回测择优组合）", AUTO),
    *((label, key) for key, label in MODELS.items()),
)
SHARE_UNITS = {"%", "％", "‰"}
LIMIT_KINDS = {"ceiling", "floor"}
GROWTH_WORDS = ("增长", "增速", "年均")
SCREEN_DPI = 150  # charts are 16 cm wide: ~945 px on screen


# --- one plan ---------------------------------------------------------------------


class Explorer:
    """One loaded plan, assessed indicator by indicator under the evaluator's choices.

    Results are cached by (indicator, model, target override, cutoff year), so going
    back to an earlier choice is instant.
    """

    def __init__(self, config: PlanConfig, data: PlanData):
        self.config = config
        self.data = data
        self._views: dict[int, tuple[PlanConfig, PlanData, dict[str, IndicatorInput]]] = {}
        self._rows: dict[tuple, pd.Series] = {}

    @classmethod
    def load(cls, plan: str | Path) -> Explorer:
        """A plan id (parameters/<id>.yaml) or the path of a parameters file."""
        path = Path(plan)
        is_file = path.suffix in {".yaml", ".yml"}
        config = PlanConfig.load(path if is_file else parameters_file(str(plan)))
        return cls(config, load_plan(config))

    # choices ----------------------------------------------------------------------

    def indicators(self) -> list[tuple[str, str]]:
        """(label, indicator_id) in plan order, e.g. ("1. 地区生产总值（亿元）", "gdp")."""
        table = self.data.indicators.sort_values("order", kind="stable")
        out = []
        for iid, r in table.iterrows():
            unit = str(r.get("unit") or "").strip()
            out.append((f"{int(r['order'])}. {r['name']}" + (f"（{unit}）" if unit else ""), iid))
        return out

    def cutoff_years(self) -> list[int]:
        """Years an evaluation can be dated to: the configured last year first."""
        return list(range(self.config.last_year, self.config.base_year, -1))

    def indicator_name(self, indicator_id: str) -> str:
        return str(self.data.indicators.loc[indicator_id, "name"])

    # assessment -------------------------------------------------------------------

    def assess(
        self,
        indicator_id: str,
        model: str = AUTO,
        target_override: str | None = None,
        cutoff_year: int | None = None,
    ) -> pd.Series:
        """The assessment row of one indicator (the columns of `assess.COLUMNS`).

        model: "auto" or a key of `forecast.MODELS`. target_override: a target as a
        plan would write it ("年均增长7%", "2200"); empty means the plan's own target.
        cutoff_year: assess with annual data up to that year only (and the following
        year's year-to-date figures), as if the evaluation had been done then.
        Raises PlanevalError for an unreadable override or an unknown choice.
        """
        override = (target_override or "").strip()
        cutoff = self._cutoff(cutoff_year)
        key = (indicator_id, model, override, cutoff)
        if key not in self._rows:
            self._rows[key] = self._assess(indicator_id, model, override, cutoff)
        row = self._rows[key].copy()
        row.attrs = dict(self._rows[key].attrs)
        return row

    def _assess(self, indicator_id: str, model: str, override: str, cutoff: int) -> pd.Series:
        config, _, inputs = self._view(cutoff)
        if indicator_id not in inputs:
            raise PlanevalError(
                f"规划中没有指标代码「{indicator_id}」", expected="指标表中的指标代码"
            )
        ind = inputs[indicator_id]
        if override:
            ind = with_target(ind, parse_override(override, ind.unit), override, inputs)
        row = assess_indicator(
            ind,
            period=Period.from_config(config),
            thresholds=Thresholds.from_config(config),
            forecaster=self._forecaster(model, config),
            forecast_years=tuple(config.forecast_years),
        )
        series = pd.Series(row, dtype=object)
        series.attrs = {
            "cutoff_year": cutoff,
            "override": override,
            "plan_target": inputs[indicator_id].target_text,
            "reference_id": _reference_id(ind, inputs),
        }
        return series

    def assess_all(
        self,
        model: str = AUTO,
        cutoff_year: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> pd.DataFrame:
        """Every indicator under the plan's own targets, as `assess.assess_plan` frames it."""
        ids = [iid for _, iid in self.indicators()]
        rows = []
        for n, iid in enumerate(ids, start=1):
            rows.append(self.assess(iid, model, None, cutoff_year))
            if progress is not None:
                progress(n, len(ids))
        frame = pd.DataFrame(rows).reset_index(drop=True)
        frame["latest_year"] = frame["latest_year"].astype("Int64")
        for col in ("adjustment_flag", "binding", "real_growth"):
            frame[col] = frame[col].astype(bool)
        return frame.infer_objects()

    def _forecaster(self, model: str, config: PlanConfig) -> Forecaster:
        if model != AUTO and model not in MODELS:
            raise PlanevalError(
                f"未知的预测模型「{model}」", expected="auto 或 " + "、".join(MODELS)
            )
        years = set(range(config.last_year + 1, config.target_year + 1))
        horizon = sorted(years | set(config.forecast_years))
        return Forecaster(models=AUTO if model == AUTO else [model], horizon_years=horizon)

    # evaluation date --------------------------------------------------------------

    def _cutoff(self, year: int | None) -> int:
        last = self.config.last_year
        if year is None:
            return last
        year = int(year)
        if not self.config.base_year < year <= last:
            raise PlanevalError(
                f"评估时点{year}年超出范围",
                expected=f"{self.config.base_year + 1}—{last}年之间的年份",
            )
        return year

    def _view(self, cutoff: int) -> tuple[PlanConfig, PlanData, dict[str, IndicatorInput]]:
        """Config, data and assessment inputs as they were at the end of `cutoff`."""
        if cutoff not in self._views:
            config, data = self.config, self.data
            if cutoff != config.last_year:
                config = _config_at(config, cutoff)
                data = _data_at(data, config)
            inputs = {ind.indicator_id: ind for ind in plan_inputs(data, config)}
            self._views[cutoff] = (config, data, inputs)
        return self._views[cutoff]

    # display ----------------------------------------------------------------------

    def chart(self, row: pd.Series) -> Figure:
        """The report's indicator chart of an assessment row from `assess`."""
        cutoff = row.attrs.get("cutoff_year", self.config.last_year)
        _, data, _ = self._view(cutoff)
        annual = data.annual
        iid = row["indicator_id"]
        kwargs: dict = {"source": self._source(row)}
        ref = row.attrs.get("reference_id")
        if ref:
            kwargs["reference"] = annual[annual["indicator_id"] == ref]
            kwargs["reference_name"] = self.indicator_name(ref)
        assigned = data.assigned[data.assigned["indicator_id"] == iid]
        if len(assigned):
            kwargs["assigned"] = assigned[["year", "value"]]
        return charts.indicator_chart(row, annual[annual["indicator_id"] == iid], **kwargs)

    def _source(self, row: pd.Series) -> str:
        parts = [narrative.label("chart_source").format(region=self.config.region).rstrip("。")]
        if row.attrs.get("override"):
            parts.append(f"规划目标按试算值「{row.attrs['override']}」计算")
        cutoff = row.attrs.get("cutoff_year", self.config.last_year)
        if cutoff != self.config.last_year:
            parts.append(f"按截至{cutoff}年底的数据测算")
        return "；".join(parts)

    def paragraph(self, row: pd.Series) -> str:
        """The report's drafted sentence about the indicator."""
        _, data, _ = self._view(row.attrs.get("cutoff_year", self.config.last_year))
        return narrative.indicator_text(
            row, narrative.extras_for(data, self.config, row["indicator_id"])
        )

    def numbers_panel(self, row: pd.Series) -> str:
        return numbers_panel(row)

    def explanation(self, row: pd.Series) -> str:
        return explanation(row, self.paragraph(row))


def _config_at(config: PlanConfig, year: int) -> PlanConfig:
    """The config of an evaluation dated `year` years earlier: cutoffs and forecast years."""
    shift = config.last_year - year
    monthly = config.monthly_cutoff
    day = 28 if (monthly.month, monthly.day) == (2, 29) else monthly.day
    first = min(config.forecast_years, default=config.target_year)
    forecast_years = sorted(set(range(year + 1, first)) | set(config.forecast_years))
    return dataclasses.replace(
        config,
        annual_cutoff=dt.date(year, 12, 31),
        monthly_cutoff=dt.date(monthly.year - shift, monthly.month, day),
        forecast_years=tuple(forecast_years),
    )


def _data_at(data: PlanData, config: PlanConfig) -> PlanData:
    """The plan's data without the years after the config's cutoffs."""
    annual = data.annual[data.annual["year"].astype(int) <= config.last_year]
    m = data.monthly
    cutoff = (config.monthly_cutoff.year, config.monthly_cutoff.month)
    if len(m):
        keep = [(int(y), int(mo)) <= cutoff for y, mo in zip(m["year"], m["month"], strict=True)]
        m = m[keep]
    return dataclasses.replace(data, annual=annual.reset_index(drop=True), monthly=m)


# --- target override ---------------------------------------------------------------


def parse_override(text: str, unit: str = "") -> TargetSpec:
    """A target typed by the evaluator, read as the plan's indicator table would read it.

    The text is read as the 年均增长 column when it is a growth rate (it says 增长 /
    增速 / 年均, or it is a percentage of an indicator whose unit is not a share), and
    as the 目标总量 column otherwise ("2200" is a 2025 level, "65%" of a share a 2025
    share, "4.5以内" a ceiling). Raises PlanevalError (Chinese) for an unreadable text.
    """
    t = (text or "").strip()
    share = unit.strip() in SHARE_UNITS
    is_growth = any(word in t for word in GROWTH_WORDS) or (("%" in t or "％" in t) and not share)
    spec = parse_target(t, column="growth" if is_growth else "total", unit=unit)
    if spec is None:
        raise PlanevalError(f"试算目标「{t}」没有给出目标", expected="如 年均增长7%、2200")
    return spec


def with_target(
    ind: IndicatorInput, spec: TargetSpec, text: str, inputs: Mapping[str, IndicatorInput]
) -> IndicatorInput:
    """The indicator with another target; direction follows the target if it must."""
    was_lower = ind.spec is not None and ind.spec.kind in LOWER_IS_BETTER
    direction = ind.direction if (spec.kind in LOWER_IS_BETTER) == was_lower else None
    reference = ind.reference
    if spec.kind is TargetKind.RELATIVE:
        reference = _find_reference(spec.reference or "", inputs)
    return dataclasses.replace(
        ind, spec=spec, target_text=text, direction=direction, reference=reference
    )


def _find_reference(name: str, inputs: Mapping[str, IndicatorInput]) -> Reference:
    """The reference of a relative target: an indicator id, name, or part of a name."""
    by_name = {ind.name: ind for ind in inputs.values()}
    match = inputs.get(name) or by_name.get(name)
    if match is None:
        match = next((ind for n, ind in by_name.items() if name and name in n), None)
    if match is None:
        raise PlanevalError(
            f"相对目标的参照指标「{name}」不在指标表中", expected="指标表中的指标名称"
        )
    return Reference(match.name, match.series, match.growth, match.ytd)


def _reference_id(ind: IndicatorInput, inputs: Mapping[str, IndicatorInput]) -> str | None:
    if ind.reference is None:
        return None
    return next((iid for iid, other in inputs.items() if other.name == ind.reference.name), None)


# --- HTML -----------------------------------------------------------------------------

PANEL_CSS = """
<style>
.pe-panel{font-size:13.5px;line-height:1.55;color:#222;background:#fff}
.pe-panel h3{font-size:17px;margin:0 0 2px 0}
.pe-panel .pe-sub{color:#555;font-size:13px;margin-bottom:8px}
.pe-panel .pe-badge{display:inline-block;color:#fff;border-radius:4px;padding:2px 10px;
  font-weight:bold;font-size:15px;margin:2px 0 8px 0}
.pe-panel table{border-collapse:collapse;width:100%}
.pe-panel td{padding:4px 6px;border-top:1px solid #e4e4e4;vertical-align:top}
.pe-panel td.pe-k{color:#555;white-space:nowrap;width:6.5em}
.pe-panel .pe-est{color:#b25b00;font-weight:bold}
.pe-panel .pe-flag{color:#c8481c;font-weight:bold}
.pe-panel .pe-ok{color:#1b5e20}
.pe-panel .pe-nowrap{white-space:nowrap}
.pe-explain{font-size:13.5px;line-height:1.6;color:#222;max-width:900px;margin-top:6px}
.pe-explain .pe-text{background:#f6f7f9;border-left:3px solid #1a3a6b;padding:6px 10px}
.pe-explain .pe-note{color:#555;font-size:12.5px;margin-top:6px}
.pe-panel.pe-error{border:1px solid #c8481c;border-radius:4px;padding:8px 10px}
.pe-panel.pe-error b{color:#c8481c}
</style>
"""


def _finite(*values) -> bool:
    try:
        return all(math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def _esc(value) -> str:
    return html.escape(str(value))


def _pct(value, signed: bool = False) -> str:
    if not _finite(value):
        return "—"
    text = narrative.fmt_rate(value)
    return ("+" + text if signed and float(value) > 0 else text) + "%"


def _value_format(row: Mapping) -> narrative.ValueFormat:
    return narrative.value_format(row)


def _forecast_year(row: Mapping) -> int | None:
    keys = row.index if isinstance(row, pd.Series) else list(row)
    years = [int(k.split("_")[1]) for k in keys if str(k).startswith("forecast_")]
    return max(years) if years else None


def _years_left(row: Mapping) -> int | None:
    if not _finite(row.get("latest_year")):
        return None
    target = _forecast_year(row) or 2025
    return target - int(row["latest_year"])


def category_badge(category: str | None) -> str:
    text = str(category or "—")
    color = style.category_color(category)
    return f'<span class="pe-badge" style="background:{color}">{_esc(text)}</span>'


def _latest_text(row: Mapping) -> str:
    fmt = _value_format(row)
    if not _finite(row.get("latest_value")):
        return "—"
    text = f"{int(row['latest_year'])}年 {fmt(row['latest_value'])} {_esc(fmt.unit)}"
    provenance = row.get("latest_provenance")
    if provenance not in (None, "", "official"):
        word = narrative.label("provenance").get(str(provenance), str(provenance))
        text += f' <span class="pe-est">（{_esc(word)}）</span>'
    ytd = row.get("ytd_period")
    if ytd and _finite(row.get("ytd_growth")):
        year, month = str(ytd).split("-")
        text += f"<br>{year}年1-{int(month)}月累计增长{_pct(row['ytd_growth'])}"
    return text


def _growth_text(row: Mapping) -> str:
    actual, required = row.get("actual_cagr"), row.get("required_cagr")
    if not _finite(actual):
        return "—"
    text = f"已实现 {_pct(actual)}"
    if _finite(required):
        gap = float(actual) - float(required)
        word = "高于" if gap >= 0 else "低于"
        text += f"，规划要求 {_pct(required)}，{word}要求 {narrative.fmt_rate(abs(gap))} 个百分点"
    return text


def _limit_text(row: Mapping) -> str:
    """Ceilings, floors and limits assigned from above: the years that broke the limit."""
    if row.get("target_kind") not in LIMIT_KINDS and not row.get("breach_years"):
        return ""
    years = str(row.get("breach_years") or "").strip()
    if years:
        return f'<span class="pe-flag">{_esc(years)} 未达到限值要求</span>'
    return '<span class="pe-ok">各年均在限值以内</span>'


def _progress_text(row: Mapping) -> str:
    P, E, R = row.get("P"), row.get("E"), row.get("R")
    if not _finite(P, E):
        return "—"
    done, elapsed = narrative.fmt_rate(float(P) * 100), narrative.fmt_rate(float(E) * 100)
    text = f"任务进度 {done}%，时间进度 {elapsed}%"
    if _finite(R):
        text += f'<span class="pe-nowrap">（R = {float(R):.2f}）</span>'
    return text


def _forecast_text(row: Mapping) -> str:
    year = _forecast_year(row)
    if year is None or not _finite(row.get(f"forecast_{year}")):
        return "—"
    fmt = _value_format(row)
    text = f"{year}年 {fmt(row[f'forecast_{year}'])} {_esc(fmt.unit)}"
    if _finite(row.get(f"lo80_{year}"), row.get(f"hi80_{year}")):
        text += f"<br>80%区间 [{fmt(row[f'lo80_{year}'])}, {fmt(row[f'hi80_{year}'])}]"
    return text


def _model_text(row: Mapping) -> str:
    model = row.get("model") or "—"
    text = _esc(model)
    if _finite(row.get("backtest_error")):
        text += (
            f"（回测{_esc(row.get('backtest_metric') or '')} {float(row['backtest_error']):.2f}）"
        )
    return text


def _required_text(row: Mapping) -> str:
    req = row.get("required_growth")
    if not _finite(req):
        return "—"
    left = _years_left(row)
    word = "增长" if float(req) >= 0 else "下降"
    head = f"后{left}年" if left else "后续"
    return f"{head}需年均{word} {narrative.fmt_rate(abs(float(req)))}%"


def _prob_text(row: Mapping) -> str:
    """As the report words it: 约45%, 不足1%, 超过99%."""
    p = row.get("prob_meet")
    if not _finite(p):
        return "—"
    macros = narrative.environment().get_template("_macros.j2").module
    return str(macros.prob(round(float(p) * 100)))


def _adjustment_text(row: Mapping) -> str:
    if bool(row.get("adjustment_flag")):
        best = row.get("history_best_growth")
        why = f"：所需增速超过历史最好水平 {_pct(best)}" if _finite(best) else ""
        return f'<span class="pe-flag">建议研究规划调整{why}</span>'
    return '<span class="pe-ok">否</span>'


def _target_line(row: Mapping, attrs: Mapping) -> str:
    override = attrs.get("override")
    target = _esc(row.get("target_text") or "—")
    if override:
        return f"试算目标：<b>{target}</b>（规划目标：{_esc(attrs.get('plan_target') or '—')}）"
    return f"规划目标：{target}"


def numbers_panel(row: pd.Series) -> str:
    """The key numbers of an assessment row as an HTML card (Chinese)."""
    attrs = getattr(row, "attrs", {}) or {}
    cutoff = attrs.get("cutoff_year")
    sub = [_esc(row.get("attribute") or ""), _target_line(row, attrs)]
    if cutoff:
        sub.append(f"评估时点：{cutoff}年底")
    items = [
        ("最新值", _latest_text(row)),
        ("年均增速", _growth_text(row)),
        ("进度", _progress_text(row)),
        ("逐年限值", _limit_text(row)),
        ("2025年预测", _forecast_text(row)),
        ("预测模型", _model_text(row)),
        ("后续所需增速", _required_text(row)),
        ("达标概率", _prob_text(row)),
        ("规划调整", _adjustment_text(row)),
    ]
    body = "".join(f'<tr><td class="pe-k">{k}</td><td>{v}</td></tr>' for k, v in items if v)
    parts = [
        PANEL_CSS,
        '<div class="pe-panel">',
        f"<h3>{_esc(row.get('name'))}</h3>",
        f'<div class="pe-sub">{"　".join(s for s in sub if s)}</div>',
        category_badge(row.get("category")),
        f"<table>{body}</table>",
        "</div>",
    ]
    return "".join(parts)


def explanation(row: Mapping, paragraph: str = "") -> str:
    """The report's drafted sentence and the row's notes (why a figure is missing …)."""
    parts = [PANEL_CSS, '<div class="pe-explain">']
    if paragraph:
        parts.append(f'<div class="pe-text"><b>报告表述（草稿）：</b>{_esc(paragraph)}</div>')
    notes = str(row.get("notes") or "")
    if notes:
        parts.append(f'<div class="pe-note">说明：{_esc(notes)}。</div>')
    parts.append("</div>")
    return "".join(parts)


def error_panel(exc: BaseException, context: str = "") -> str:
    """A user mistake (PlanevalError) in Chinese; anything else as an internal error."""
    if isinstance(exc, PlanevalError):
        lines = [f"<b>{_esc(exc.message)}</b>"]
        if exc.expected:
            lines.append(f"应为：{_esc(exc.expected)}")
    else:
        lines = [
            "<b>内部错误，请将以下信息反馈给开发人员。</b>",
            f"<pre>{_esc(''.join(traceback.format_exception(exc)))}</pre>",
        ]
    if context:
        lines.append(_esc(context))
    return PANEL_CSS + '<div class="pe-panel pe-error">' + "<br>".join(lines) + "</div>"


def figure_png(fig: Figure, dpi: int = SCREEN_DPI) -> bytes:
    """PNG bytes of a figure, drawn under the planeval style."""
    buffer = io.BytesIO()
    with style.styled():
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# --- status table ---------------------------------------------------------------------

SORT_CHOICES: tuple[tuple[str, str], ...] = (
    ("规划顺序", "order"),
    ("评价类别", "category"),
    ("进度比 R", "R"),
    ("达标概率", "prob_meet"),
    ("后续所需增速", "required_growth"),
    ("指标名称", "name"),
)
STATUS_HEADERS = (
    "序号",
    "指标",
    "属性",
    "规划目标",
    "最新值",
    "年均增速",
    "R",
    "评价",
    "2025年预测 [80%区间]",
    "后续所需增速",
    "达标概率",
    "调整提示",
)
TABLE_CSS = """
<style>
.pe-table{border-collapse:collapse;font-size:13px;color:#222;background:#fff}
.pe-table th{background:#1a3a6b;color:#fff;padding:5px 7px;text-align:left;white-space:nowrap}
.pe-table td{padding:4px 7px;border-bottom:1px solid #e4e4e4;white-space:nowrap}
.pe-table td.pe-num{text-align:right;font-variant-numeric:tabular-nums}
.pe-table tr:nth-child(even) td{background:#f7f8fa}
.pe-table .pe-cat{color:#fff;border-radius:3px;padding:1px 6px}
</style>
"""


def sort_frame(frame: pd.DataFrame, by: str = "order", ascending: bool = True) -> pd.DataFrame:
    """Rows sorted by a column of SORT_CHOICES; missing values last, plan order on ties."""
    if by == "category":
        rank = {c: i for i, c in enumerate(style.CATEGORY_ORDER)}
        key = frame["category"].map(lambda c: rank.get(c, len(rank)))
    else:
        key = frame[by]
    ordered = frame.assign(_key=key)
    ordered = ordered.sort_values("order", kind="stable")
    ordered = ordered.sort_values("_key", ascending=ascending, kind="stable", na_position="last")
    return ordered.drop(columns="_key")


def status_table(frame: pd.DataFrame, by: str = "order", ascending: bool = True) -> str:
    """All indicators of a plan as an HTML table, sorted (see `sort_frame`)."""
    rows = []
    for _, r in sort_frame(frame, by, ascending).iterrows():
        fmt = _value_format(r)
        year = _forecast_year(r)
        forecast = "—"
        if year is not None and _finite(r.get(f"forecast_{year}")):
            forecast = (
                f"{fmt(r[f'forecast_{year}'])} [{fmt(r[f'lo80_{year}'])}, {fmt(r[f'hi80_{year}'])}]"
            )
        latest = fmt(r["latest_value"]) or "—"
        if r.get("latest_provenance") not in (None, "official"):
            latest += "*"
        cells = [
            (str(int(r["order"])), True),
            (_esc(r["name"]) + (f"（{_esc(fmt.unit)}）" if fmt.unit else ""), False),
            (_esc(r["attribute"]), False),
            (_esc(r["target_text"]), False),
            (latest, True),
            (_pct(r["actual_cagr"]), True),
            (f"{float(r['R']):.2f}" if _finite(r["R"]) else "—", True),
            (
                f'<span class="pe-cat" style="background:{style.category_color(r["category"])}">'
                f"{_esc(r['category'])}</span>",
                False,
            ),
            (forecast, True),
            (_required_text(r).replace("需年均", "").replace(" ", ""), True),
            (_prob_text(r), True),
            ("需研究调整" if bool(r["adjustment_flag"]) else "", False),
        ]
        tds = "".join(
            f'<td class="pe-num">{c}</td>' if num else f"<td>{c}</td>" for c, num in cells
        )
        rows.append(f"<tr>{tds}</tr>")
    head = "".join(f"<th>{h}</th>" for h in STATUS_HEADERS)
    note = '<div style="font-size:12px;color:#555;margin-top:4px">* 预计数或初步核算数。</div>'
    return f'{TABLE_CSS}<table class="pe-table"><tr>{head}</tr>{"".join(rows)}</table>{note}'


# --- widgets --------------------------------------------------------------------------


def _png_output(png: bytes) -> dict:
    """A display_data message for an Output widget: the chart at screen size."""
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "图表"},
        "metadata": {"image/png": {"width": 900}},
    }


class ExploreApp:
    """The explorer's widgets: controls, chart, numbers panel, and the status table tab."""

    def __init__(
        self,
        default_plan: str | None = None,
        plans: list[str] | None = None,
        loader: Callable[[str], Explorer] = Explorer.load,
    ):
        self.plans = plans or all_plan_ids()
        self._loader = loader
        if not self.plans:
            raise PlanevalError(
                "parameters/ 中没有任何规划参数文件", expected="parameters/<plan>.yaml"
            )
        self._explorers: dict[str, Explorer] = {}
        self._table_key: tuple | None = None
        self._table_frame: pd.DataFrame | None = None
        self._updating = False
        wide = {"description_width": "5em"}
        self.plan = w.Dropdown(
            options=[(self._plan_label(p), p) for p in self.plans],
            description="规划",
            style=wide,
            layout=w.Layout(width="320px"),
        )
        self.indicator = w.Dropdown(description="指标", style=wide, layout=w.Layout(width="420px"))
        self.model = w.Dropdown(
            options=MODEL_CHOICES,
            value=AUTO,
            description="预测模型",
            style=wide,
            layout=w.Layout(width="320px"),
        )
        self.cutoff = w.Dropdown(description="评估时点", style=wide, layout=w.Layout(width="250px"))
        self.target = w.Text(
            description="试算目标",
            placeholder="如 年均增长7%、2200，回车后计算",
            continuous_update=False,
            style=wide,
            layout=w.Layout(width="360px"),
        )
        self.status = w.HTML()
        self.chart_out = w.Output()
        self.panel = w.HTML(
            layout=w.Layout(flex="1 1 400px", max_width="520px", margin="0 0 0 14px")
        )
        self.explain = w.HTML()
        self.sort_by = w.Dropdown(
            options=SORT_CHOICES,
            value="order",
            description="排序",
            style=wide,
            layout=w.Layout(width="260px"),
        )
        self.ascending = w.ToggleButtons(options=[("升序", True), ("降序", False)], value=True)
        self.ascending.style.button_width = "60px"
        self.table_progress = w.IntProgress(min=0, max=1, value=0, layout=w.Layout(width="320px"))
        self.table_status = w.HTML()
        self.table = w.HTML()
        self.widget = self._layout()
        self._load_plan(default_plan if default_plan in self.plans else self.plans[0])
        self._observe()

    # layout -------------------------------------------------------------------------

    def _layout(self) -> w.Widget:
        controls = w.VBox(
            [
                w.HBox([self.plan, self.indicator]),
                w.HBox([self.model, self.cutoff, self.target]),
                self.status,
            ]
        )
        # Chart and explanation on the left, the numbers panel on the right; wraps when narrow.
        left = w.VBox(
            [self.chart_out, self.explain],
            layout=w.Layout(flex="1 1 620px", min_width="480px", max_width="920px"),
        )
        view = w.HBox(
            [left, self.panel], layout=w.Layout(flex_flow="row wrap", align_items="flex-start")
        )
        table_view = w.VBox(
            [
                w.HBox([self.sort_by, self.ascending]),
                w.HBox([self.table_progress, self.table_status]),
                self.table,
            ]
        )
        self.tabs = w.Tab(children=[view, table_view], titles=("单项指标", "全部指标评价表"))
        root = w.VBox([controls, self.tabs])
        root.add_class("pe-app")
        return root

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    @staticmethod
    def _plan_label(plan_id: str) -> str:
        config = PlanConfig.load(parameters_file(plan_id))
        return f"{config.region}（{plan_id}）"

    # state ----------------------------------------------------------------------------

    @property
    def explorer(self) -> Explorer:
        plan = self.plan.value
        if plan not in self._explorers:
            self._explorers[plan] = self._loader(plan)
        return self._explorers[plan]

    def selection(self) -> dict:
        return {
            "indicator_id": self.indicator.value,
            "model": self.model.value,
            "target_override": self.target.value,
            "cutoff_year": self.cutoff.value,
        }

    def _load_plan(self, plan: str) -> None:
        """Fill the indicator and cutoff choices of a plan, then draw its first indicator."""
        self._updating = True
        try:
            self.plan.value = plan
            ex = self.explorer
            self.indicator.options = ex.indicators()
            self.indicator.value = ex.indicators()[0][1]
            last = ex.config.last_year
            self.cutoff.options = [
                (f"{y}年底" + ("（本次评估）" if y == last else ""), y) for y in ex.cutoff_years()
            ]
            self.cutoff.value = last
            self.target.value = ""
        finally:
            self._updating = False
        self._refresh_all()

    def _observe(self) -> None:
        self.plan.observe(self._guarded(lambda c: self._load_plan(c["new"])), "value")
        for control in (self.indicator, self.target):
            control.observe(self._guarded(lambda c: self.refresh()), "value")
        for control in (self.model, self.cutoff):
            control.observe(self._guarded(lambda c: self._refresh_all()), "value")
        self.tabs.observe(self._guarded(lambda c: self._show_table()), "selected_index")
        for control in (self.sort_by, self.ascending):
            control.observe(self._guarded(lambda c: self._draw_table()), "value")

    def _guarded(self, callback: Callable[[dict], None]) -> Callable[[dict], None]:
        """A callback that skips programmatic updates and shows errors in the panel."""

        def run(change: dict) -> None:
            if self._updating:
                return
            try:
                callback(change)
            except Exception as exc:  # shown to the evaluator instead of a hidden log
                self.status.value = ""
                self.panel.value = error_panel(exc)

        return run

    # drawing ------------------------------------------------------------------------

    def _refresh_all(self) -> None:
        self.refresh()
        self._show_table()

    def refresh(self) -> None:
        """Assess the selected indicator and redraw the chart and the numbers panel."""
        ex, sel = self.explorer, self.selection()
        self.status.value = '<span style="color:#555">正在计算……</span>'
        try:
            row = ex.assess(**sel)
        except PlanevalError as exc:
            plain = ex.assess(sel["indicator_id"], sel["model"], None, sel["cutoff_year"])
            self._draw(ex, plain, error_panel(exc, "图表仍按规划原目标显示。"), "")
            return
        self._draw(ex, row, ex.numbers_panel(row), ex.explanation(row))

    def _draw(self, ex: Explorer, row: pd.Series, panel: str, explain: str) -> None:
        png = figure_png(ex.chart(row))
        self.chart_out.outputs = (_png_output(png),)
        self.panel.value = panel
        self.explain.value = explain
        self.status.value = ""

    def _show_table(self) -> None:
        if self.tabs.selected_index != 1:
            return
        key = (self.plan.value, self.model.value, self.cutoff.value)
        if key != self._table_key:
            ex = self.explorer
            self.table.value = ""
            self.table_status.value = "正在评价全部指标……"

            def progress(done: int, total: int) -> None:
                self.table_progress.max = total
                self.table_progress.value = done

            self._table_frame = ex.assess_all(self.model.value, self.cutoff.value, progress)
            self._table_key = key
            self.table_status.value = f"{ex.config.region}：共{len(self._table_frame)}项指标"
        self._draw_table()

    def _draw_table(self) -> None:
        if self._table_frame is not None:
            self.table.value = status_table(
                self._table_frame, self.sort_by.value, self.ascending.value
            )


def build_ui(default_plan: str | None = "liunan", plans: list[str] | None = None) -> ExploreApp:
    """The explorer for a notebook cell (every plan in parameters/): evaluate it to display."""
    return ExploreApp(default_plan=default_plan, plans=plans)
