"""Plan periods and evaluation points: the one table of period names and years.

Everything else in the library takes the period name, base year, target year and
evaluation point from the plan's parameters; this table only supplies the years of
the named national periods (for `planeval new`) and the defaults of a parameters
file that names none.
"""

from __future__ import annotations

import datetime as dt

# Period name → (base year, target year). Other periods (专项规划): set the years in the YAML.
PERIODS = {"十三五": (2015, 2020), "十四五": (2020, 2025), "十五五": (2025, 2030)}
# The ordinal in the 纲要's title (第十四个五年规划).
PLAN_ORDINALS = {"十三五": "十三", "十四五": "十四", "十五五": "十五"}
# Evaluation point → its name in reports.
EVALUATIONS = {"monitoring": "年度监测", "midterm": "中期评估", "final": "总结评估"}

# Years the forecast tests for a one-off shock by default (shock_years): the COVID year,
# a fact of history rather than of a plan period.
SHOCK_YEARS = (2020,)

PLAN_YEARS = 5  # a five-year plan: the span assumed when only one end is known

# A parameters file without period or years: the period the sample mid-term plans use.
DEFAULT_PERIOD = "十四五"
DEFAULT_EVALUATION = "midterm"
DEFAULT_BASE_YEAR, DEFAULT_TARGET_YEAR = PERIODS[DEFAULT_PERIOD]


def default_cutoffs(base_year: int, target_year: int) -> tuple[dt.date, dt.date]:
    """Mid-term cutoffs: annual data to the second year after the base, year-to-date half a year on.

    (Base 2020: annual 2022-12-31, monthly 2023-06-30, the dates the seeds fix.)
    """
    last = base_year + (target_year - base_year) * 2 // 5
    return dt.date(last, 12, 31), dt.date(last + 1, 6, 30)


def remaining_years(last_year: int, target_year: int) -> tuple[int, ...]:
    """Forecast years: each year after the last annual data up to the target year."""
    return tuple(range(last_year + 1, target_year + 1))


# What a year-to-date span is called (1—3月 is 一季度 …); others are 1—N月.
YTD_SPANS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def ytd_span(months: int) -> str:
    return YTD_SPANS.get(months, f"1—{months}月")


def evaluation_name(evaluation: str) -> str:
    """中期评估 for "midterm"; an unknown key is returned as written."""
    return EVALUATIONS.get(evaluation, evaluation)


DEFAULT_ANNUAL_CUTOFF, DEFAULT_MONTHLY_CUTOFF = default_cutoffs(
    DEFAULT_BASE_YEAR, DEFAULT_TARGET_YEAR
)
DEFAULT_FORECAST_YEARS = remaining_years(DEFAULT_ANNUAL_CUTOFF.year, DEFAULT_TARGET_YEAR)
