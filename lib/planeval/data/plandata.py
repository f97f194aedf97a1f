"""A plan's validated, normalized tables, as ingestion writes them to data/processed.

Tables (pandas DataFrames, English column names):

indicators — one row per indicator, index `indicator_id`:
    order, category, name, unit (data unit), unit_printed, attribute (预期性/约束性),
    binding (bool), direction ("higher" | "lower"), target_text (verbatim, the two
    columns joined as printed), target_kind, target_value, target_low, target_high,
    target_reference (indicator_id of a relative target's reference), target_relation,
    real_growth (bool: judge growth on reported real growth rates),
    base_printed (float | NaN, 2020 base as printed), base_revised (float | NaN),
    base_note, manual_status (str | None), manual_note, note
annual — one row per indicator × year (superseded estimates dropped):
    indicator_id, year (int), value (float), growth (float %, real, NaN if not reported),
    provenance ("official" | "estimated" | "preliminary"), superseded_estimate (float | NaN:
    the estimate an official value replaced), source ("file:row")
monthly — year-to-date values: indicator_id, year, month, ytd_value, ytd_growth (%),
    provenance, source
assigned — indicator_id, year, value (limit assigned from above)
tasks, projects, survey — as in data/raw/README.md, English columns (tasks: see
    planeval.data.tasks)
chapter_indicators — the chapter indicators (章节指标): the indicators columns and
    `chapter` (章节); chapter_annual, chapter_monthly, chapter_assigned hold their values
    (the main tables hold the main indicators' only). `chapters()` is a PlanData of them.
special_plans — the 专项规划目录清单: name, department, form, plan_id, to_congress,
    submitted, filed, adjustment_chapter (bools)
adjustments — the evaluator's adjustment proposals (planeval.data.adjustments): indicator_id
    ("" for a task), item, current, proposed, reason, basis, source
survey may carry `group` (调查对象: 企业 / 公众 …; "" when not given)
answers — open survey answers (planeval.data.answers): group, theme, text, chosen (bool)
benchmarks — 标兵城市 figures (planeval.data.benchmarks): city, field, indicator_id, name,
    unit, year, value, source, practice
texts — {section key: Markdown text} from texts/*.md
warnings — list of str (Chinese, each naming file and row)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from planeval.errors import Location, PlanevalError
from planeval.outputs import atomic_path

TABLES = (
    "indicators",
    "annual",
    "monthly",
    "assigned",
    "tasks",
    "projects",
    "survey",
    "special_plans",
    "adjustments",
    "benchmarks",
    "answers",
)
CHAPTER_TABLES = ("chapter_indicators", "chapter_annual", "chapter_monthly", "chapter_assigned")
TEXT_SECTIONS = (
    "tasks",
    "projects",
    "environment",
    "problems",
    "measures",
    "lessons",  # 经验启示: the final evaluation's (总结评估) third part
    "recommendations",
)
# Texts read when present, not written by `planeval new`: 经验做法 per 标兵城市.
OPTIONAL_TEXTS = ("benchmarks",)

# The name of an evaluator text file (texts/<key>.md) a report framework may reference.
TEXT_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")

PROVENANCE_LABELS = {"official": "统计数", "estimated": "预计数", "preliminary": "初步核算数"}
# A monitoring run's estimate of a year from its year-to-date figure (method.assess).
PROVENANCE_LABELS["ytd"] = "按年内累计数推算"


def _no_adjustments() -> pd.DataFrame:
    from planeval.data.adjustments import empty

    return empty()


def _no_benchmarks() -> pd.DataFrame:
    from planeval.data.benchmarks import empty

    return empty()


def _no_answers() -> pd.DataFrame:
    from planeval.data.answers import empty

    return empty()


@dataclass
class PlanData:
    plan_id: str
    indicators: pd.DataFrame
    annual: pd.DataFrame
    monthly: pd.DataFrame
    assigned: pd.DataFrame
    tasks: pd.DataFrame
    projects: pd.DataFrame
    survey: pd.DataFrame
    # 专项规划目录清单 (special_plans.csv): empty for a plan without one.
    special_plans: pd.DataFrame = field(default_factory=pd.DataFrame)
    adjustments: pd.DataFrame = field(default_factory=_no_adjustments)
    benchmarks: pd.DataFrame = field(default_factory=_no_benchmarks)
    answers: pd.DataFrame = field(default_factory=_no_answers)
    texts: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    source_hash: str = ""  # of data/raw/<plan>: processed data is stale when it changes
    # Every problem ingestion found (planeval.data.problems.Problems); not saved.
    problems: list | None = field(default=None, repr=False, compare=False)
    chapter_indicators: pd.DataFrame | None = None
    chapter_annual: pd.DataFrame | None = None
    chapter_monthly: pd.DataFrame | None = None
    chapter_assigned: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        # No chapter indicators: empty tables of the main ones' columns.
        if self.chapter_indicators is None:
            self.chapter_indicators = self.indicators.iloc[0:0].assign(
                chapter=pd.Series(dtype="object")
            )
        for name in CHAPTER_TABLES[1:]:
            if getattr(self, name) is None:
                setattr(self, name, getattr(self, name.removeprefix("chapter_")).iloc[0:0])

    def chapters(self) -> PlanData:
        """The chapter indicators as a plan of their own, for the same assessment."""
        return PlanData(
            self.plan_id,
            indicators=self.chapter_indicators,
            annual=self.chapter_annual,
            monthly=self.chapter_monthly,
            assigned=self.chapter_assigned,
            tasks=self.tasks.iloc[0:0],
            projects=self.projects.iloc[0:0],
            survey=self.survey.iloc[0:0],
            texts={},
            source_hash=self.source_hash,
        )

    def series(self, indicator_id: str) -> pd.Series:
        """Annual values of one indicator, indexed by year, sorted."""
        a = self.annual[self.annual["indicator_id"] == indicator_id]
        return a.set_index("year")["value"].sort_index().astype(float)

    def as_of(self, last_year: int, monthly_cutoff) -> PlanData:
        """The data one evaluation uses: annual rows up to `last_year` and year-to-date rows
        up to the monthly cutoff. Later rows stay in data/processed (one data folder serves
        monitoring, mid-term and final runs) and are named in a warning."""
        late = self.annual["year"].astype(int) > last_year
        ytd = list(
            zip(self.monthly["year"].astype(int), self.monthly["month"].astype(int), strict=True)
        )
        late_ytd = pd.Series(
            [ym > (monthly_cutoff.year, monthly_cutoff.month) for ym in ytd],
            index=self.monthly.index,
            dtype=bool,
        )
        if not late.any() and not late_ytd.any():
            return self
        notes = []
        cutoff = f"{monthly_cutoff.year}年{monthly_cutoff.month}月"
        if late.any():
            years = sorted(set(self.annual.loc[late, "year"].astype(int)))
            notes.append(
                f"{_years(years)}年数据晚于本次评估的数据截止日期（{last_year}年底），未使用"
                f"（{int(late.sum())}条，保留在校验后数据中）"
            )
        if late_ytd.any():
            notes.append(
                f"{int(late_ytd.sum())}条月度累计数据晚于本次评估的月度数据截止时点（{cutoff}），未使用"
            )
        return replace(
            self,
            annual=self.annual[~late].reset_index(drop=True),
            monthly=self.monthly[~late_ytd].reset_index(drop=True),
            warnings=[*self.warnings, *notes],
        )

    def save(self, folder: Path) -> None:
        """Write every table atomically (temp file, then rename)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES + CHAPTER_TABLES:
            table = getattr(self, name)
            if name in ("indicators", "chapter_indicators"):
                table = table.reset_index()
            _atomic(folder / f"{name}.parquet", lambda p, t=table: t.to_parquet(p, index=False))
        meta = {
            "plan_id": self.plan_id,
            "texts": self.texts,
            "warnings": self.warnings,
            "source_hash": self.source_hash,
        }
        _atomic(
            folder / "meta.json",
            lambda p: p.write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8"),
        )

    @staticmethod
    def complete(folder: Path) -> bool:
        """Every table is there (data processed before a table kind existed is stale)."""
        files = ("meta.json", *(f"{name}.parquet" for name in TABLES))
        return all((folder / f).is_file() for f in files)

    @classmethod
    def load(cls, folder: Path) -> PlanData:
        if not (folder / "meta.json").is_file():
            raise PlanevalError(
                "找不到已校验的数据，请先运行 planeval validate",
                Location(file=folder),
                hint="run `planeval validate PLAN` first",
            )
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        # Processed data written before a table existed reads it as empty.
        tables = {
            name: pd.read_parquet(folder / f"{name}.parquet")
            for name in (*TABLES, *CHAPTER_TABLES)
            if (folder / f"{name}.parquet").is_file()
        }
        for name in ("indicators", "chapter_indicators"):
            if name in tables:
                tables[name] = tables[name].set_index("indicator_id")
        return cls(
            meta["plan_id"],
            **tables,
            texts=meta["texts"],
            warnings=meta["warnings"],
            source_hash=meta.get("source_hash", ""),
        )


def _years(years: list[int]) -> str:
    """2023—2025 for a run of years, else 2021、2023."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}—{years[-1]}"
    return "、".join(map(str, years))


def _atomic(path: Path, write) -> None:
    with atomic_path(path) as tmp:
        write(tmp)
