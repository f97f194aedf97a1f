"""`Explorer`: one loaded plan, assessed indicator by indicator under the evaluator's
choices (another forecast model, a 试算目标, an earlier evaluation date), through the
same calls as the report. Plain, testable logic; no widgets."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from planeval.config import PlanConfig, parameters_file
from planeval.data.ingest import load_plan
from planeval.data.plandata import PlanData
from planeval.data.targets import LOWER_IS_BETTER, TargetKind, TargetSpec, parse_target
from planeval.errors import PlanevalError
from planeval.explore.panels import explanation, numbers_panel
from planeval.method.assess import IndicatorInput, Period, Reference, assess_indicator, plan_inputs
from planeval.method.forecast import MODELS, Forecaster
from planeval.method.progress import Thresholds
from planeval.report import charts, narrative

AUTO = "auto"
MODEL_CHOICES: tuple[tuple[str, str], ...] = (
    ("自动选择（回测择优组合）", AUTO),
    *((label, key) for key, label in MODELS.items()),
)
SHARE_UNITS = {"%", "％", "‰"}
GROWTH_WORDS = ("增长", "增速", "年均")


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
        return Forecaster.for_plan(config, models=AUTO if model == AUTO else [model])

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
