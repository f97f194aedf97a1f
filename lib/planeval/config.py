"""A plan's run parameters: the papermill YAML file in `parameters/`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from planeval.errors import Location, PlanevalError
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
    period: str = "十四五"  # the plan period's name (十四五, 十五五, or a special plan's own)
    evaluation: str = "midterm"  # monitoring | midterm | final
    base_year: int = 2020
    target_year: int = 2025
    annual_cutoff: dt.date = dt.date(2022, 12, 31)
    monthly_cutoff: dt.date = dt.date(2023, 6, 30)
    forecast_years: tuple[int, ...] = (2023, 2024, 2025)
    # Thresholds on R = P / E for the official categories (see method note).
    ahead_threshold: float = 1.10
    on_track_threshold: float = 0.95
    # Outlook (如期实现前景) cut-offs on the forecast probability of meeting the target.
    outlook_likely: float = 0.5
    outlook_unlikely: float = 0.1
    # Date printed on the cover; None = the day of the run. Set it for byte-stable reruns.
    report_date: dt.date | None = None
    peers: tuple[str, ...] = field(default_factory=tuple)
    processed_dir: Path | None = None
    # The project folder the plan belongs to (set from where its parameters file is).
    project_dir: Path | None = field(default=None, compare=False)

    @property
    def last_year(self) -> int:
        """Last year with annual data (2022 for a 2022-12-31 cutoff)."""
        c = self.annual_cutoff
        return c.year if (c.month, c.day) == (12, 31) else c.year - 1

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
        known = {f.name for f in fields(cls)} - {"project_dir"}
        where = Location(file=source)
        unknown = sorted(set(values) - known - {"config_dir"})
        if unknown:
            raise PlanevalError(
                f"参数文件中有未知参数：{', '.join(unknown)}",
                where,
                expected="、".join(sorted(known)),
            )
        missing = [k for k in ("plan_id", "plan_name", "region", "data_dir") if not values.get(k)]
        if missing:
            raise PlanevalError(f"参数文件缺少必填参数：{', '.join(missing)}", where)
        v = {k: values[k] for k in known if values.get(k) is not None}
        v["project_dir"] = of_parameters_dir(base_dir).root
        try:
            v["data_dir"] = (base_dir / str(v["data_dir"])).resolve()
            if "processed_dir" in v:
                v["processed_dir"] = (base_dir / str(v["processed_dir"])).resolve()
            for key in ("annual_cutoff", "monthly_cutoff", "report_date"):
                if key in v and not isinstance(v[key], dt.date):
                    v[key] = dt.date.fromisoformat(str(v[key]))
            for key in ("base_year", "target_year"):
                if key in v:
                    v[key] = int(v[key])
            if "forecast_years" in v:
                v["forecast_years"] = tuple(int(y) for y in v["forecast_years"])
            if "peers" in v:
                v["peers"] = tuple(str(p) for p in v["peers"])
            for key in (
                "ahead_threshold",
                "on_track_threshold",
                "outlook_likely",
                "outlook_unlikely",
            ):
                if key in v:
                    v[key] = float(v[key])
        except (TypeError, ValueError) as exc:
            raise PlanevalError(f"参数文件中的参数值无效：{exc}", where) from None
        return cls(**v)

    @classmethod
    def load(cls, path: str | Path) -> PlanConfig:
        path = Path(path)
        where = Location(file=path)
        if not path.is_file():
            raise PlanevalError("找不到参数文件", where, expected="parameters/<plan>.yaml")
        try:
            values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise PlanevalError(f"参数文件不是有效的 YAML：{exc}", where) from None
        if not isinstance(values, dict):
            raise PlanevalError("参数文件应为“键: 值”形式的 YAML", where)
        return cls.from_mapping(values, path.parent.resolve(), source=path)


def parameters_file(plan_id: str) -> Path:
    """parameters/<plan_id>.yaml of the current project."""
    return current_project().parameters_file(plan_id)


def all_plan_ids() -> list[str]:
    return current_project().plan_ids()
