"""A plan's run parameters: the papermill YAML file in `parameters/`."""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from planeval.errors import Location
from planeval.periods import (
    DEFAULT_ANNUAL_CUTOFF,
    DEFAULT_BASE_YEAR,
    DEFAULT_EVALUATION,
    DEFAULT_FORECAST_YEARS,
    DEFAULT_MONTHLY_CUTOFF,
    DEFAULT_PERIOD,
    DEFAULT_TARGET_YEAR,
    SHOCK_YEARS,
    evaluation_name,
    ytd_span,
)
from planeval.project import Project, current_project, of_parameters_dir


@dataclass(frozen=True)
class PlanConfig:
    """Everything a report run needs to know about one plan.

    Relative paths in the YAML file are resolved against the file's folder, so
    a plan stored anywhere can be assessed.
    """

    plan_id: str
    plan_name: str
    region: str
    data_dir: Path
    parent: str = ""
    evaluator: str = ""
    period: str = DEFAULT_PERIOD  # the plan period's name (十四五, 十五五, or a special plan's own)
    evaluation: str = DEFAULT_EVALUATION  # monitoring | midterm | final
    base_year: int = DEFAULT_BASE_YEAR
    target_year: int = DEFAULT_TARGET_YEAR
    annual_cutoff: dt.date = DEFAULT_ANNUAL_CUTOFF
    monthly_cutoff: dt.date = DEFAULT_MONTHLY_CUTOFF
    forecast_years: tuple[int, ...] = DEFAULT_FORECAST_YEARS
    # Method parameters (planeval.method.progress.Thresholds, CONFIG_KEYS; each one is
    # echoed in the method note). Cut-offs on R = P / E for the official categories:
    ahead_threshold: float = 1.10
    on_track_threshold: float = 0.95
    binding_on_track_threshold: float = 1.0  # binding (约束性) indicators: no band
    # Yearly ceilings and floors: band (own unit) before a year counts as breached.
    ceiling_tolerance: float = 0.1
    binding_ceiling_tolerance: float = 0.0
    # "In step with" targets: points a year's growth may fall short of the reference's.
    in_step_tolerance: float = 0.5
    # Eurostat SDG scale on actual / required growth: 显著进展 / 中等进展 cut-offs.
    sdg_significant: float = 0.95
    sdg_moderate: float = 0.60
    # Outlook (如期实现前景) cut-offs on the forecast probability of meeting the target.
    outlook_likely: float = 0.5
    outlook_unlikely: float = 0.1
    # 总结评估: P an expected indicator needs for 基本完成 (see method note).
    final_basic_threshold: float = 0.90
    # Rows of a task kind listed one by one up to this many; beyond, the lagging ones only.
    task_list_limit: int = 20
    # 年度监测: indicators with these categories or outlooks get a paragraph and a chart;
    # the 指标监测表 lists every indicator.
    monitoring_watch: tuple[str, ...] = ("滞后于预期", "存在风险", "难以实现")
    # 左右 targets: ± this many percentage points (percent targets) or % of the value.
    approx_tolerance: float = 0.5
    # 规划调整建议表: a drafted new target is the forecast's, rounded to this step
    # (percentage points of growth, share or reduction) towards the less ambitious side.
    adjustment_step: float = 0.5
    # 规划调整提示: points by which the required pace may exceed the history's best.
    adjustment_margin: float = 0.0
    # Forecast (planeval.method.forecast.Forecaster.for_plan): years tested for a one-off
    # shock, the shock rule's robust SDs, the nowcast error of half-year growth (points).
    shock_years: tuple[int, ...] = SHOCK_YEARS
    shock_threshold: float = 2.5
    nowcast_sd: float = 2.0
    # Date printed on the cover; None = the day of the run. Set it for byte-stable reruns.
    report_date: dt.date | None = None
    peers: tuple[str, ...] = field(default_factory=tuple)
    # How the report and the peer comparison name the declared peers (同省区县,
    # 其他样例规划 …): they are described as declared, never as a kind they may not be.
    peer_group: str = "比较规划"
    # 标兵城市 figures (planeval.data.benchmarks), a file inside the project folder.
    benchmarks: Path | None = None
    processed_dir: Path | None = None
    # The project folder the plan belongs to (set from where its parameters file is).
    project_dir: Path | None = field(default=None, compare=False)
    # Also write the public version (公开版: categories only, no figures); in a report
    # run it says which version the notebook renders.
    public: bool = False
    # Report structure (planeval.report.framework): a shipped name or a framework file;
    # '' = the default of the evaluation point.
    framework: str = ""
    # master = a 纲要; special = a 专项规划 of the 纲要 `parent_plan` (its plan_id).
    plan_type: str = "master"
    parent_plan: str = ""
    # Special plans (plan_ids) attached to this 纲要's report as annexes (附件).
    annex_plans: tuple[str, ...] = field(default_factory=tuple)

    @property
    def last_year(self) -> int:
        """Last year with annual data (the cutoff's year for a 31 December cutoff)."""
        c = self.annual_cutoff
        return c.year if (c.month, c.day) == (12, 31) else c.year - 1

    @property
    def ytd_months(self) -> int:
        """Months the monthly cut-off covers (30 June → 6, 15 July → 6)."""
        c = self.monthly_cutoff
        return c.month if c.day >= 28 else c.month - 1

    @property
    def report_kind(self) -> str:
        """What the title calls the report: 中期评估 / 总结评估, or the span a 年度监测
        monitors: 2021年度监测, or 2026年上半年监测 before the first annual figure."""
        if self.evaluation != "monitoring":
            return self.evaluation_name
        if self.last_year > self.base_year:
            return f"{self.last_year}年度监测"
        return f"{self.monthly_cutoff.year}年{ytd_span(self.ytd_months)}监测"

    @property
    def evaluation_name(self) -> str:
        """年度监测 / 中期评估 / 总结评估."""
        return evaluation_name(self.evaluation)

    @property
    def project(self) -> Project:
        return Project(self.project_dir) if self.project_dir else current_project()

    @property
    def processed(self) -> Path:
        return self.processed_dir or self.project.processed / self.plan_id

    @property
    def outputs(self) -> Path:
        """Where this plan's reports go by default: <project>/outputs/<plan_id>."""
        return self.project.outputs / self.plan_id

    @classmethod
    def from_mapping(cls, values: dict, base_dir: Path, source: Path | None = None) -> PlanConfig:
        """Typed, checked parameters (see planeval.params): every problem named at once."""
        from planeval import params

        base = Path(base_dir).resolve()
        ctx = params.Context(base, params.project_dir(base))
        defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
        known = {f.name for f in fields(cls)} - {"project_dir"}
        checked = params.check(values, known, defaults, ctx, Location(file=source))
        return cls(**checked, project_dir=of_parameters_dir(base).root)

    @classmethod
    def load(cls, path: str | Path) -> PlanConfig:
        from planeval.params import read_yaml

        path = Path(path)
        return cls.from_mapping(read_yaml(path), path.parent.resolve(), source=path)


def parameters_file(plan_id: str) -> Path:
    """parameters/<plan_id>.yaml of the current project."""
    return current_project().parameters_file(plan_id)


def all_plan_ids() -> list[str]:
    return current_project().plan_ids()
