"""Whole-indicator and whole-plan assessment (planeval.method.assess), method note and CLI.

Hand-computed cases state their arithmetic; E = (2022 - 2020) / 5 = 0.4 throughout.
"""

from __future__ import annotations

import io
import json
import math
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_plan
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan, load_plan
from planeval.data.targets import TargetKind, TargetSpec
from planeval.errors import PlanevalError
from planeval.method.assess import (
    IndicatorInput,
    Reference,
    Thresholds,
    YearToDate,
    assess_indicator,
    assess_plan,
)
from planeval.method.forecast import Forecaster
from planeval.method.method_note import method_note
from planeval.report.text_table import format_table
from repo import PROJECT_ROOT

CHEAP = Forecaster(models=["rw_drift"], horizon_years=(2023, 2024, 2025))
SAMPLES = ("liunan", "nankai", "jiangbei", "hebei", "baicheng", "sample15")

# Column → words one of which a note must contain when the column is NaN.
EXPLAINED = {
    "base_value": ("基期值",),
    "latest_value": ("最新值", "年度数据"),
    "E": ("时间进度E", "最新值"),
    "actual_cagr": ("年均增速", "年均增长"),
    "required_cagr": ("规划要求年均增速", "年均增速"),
    "target_level": ("2025年目标值", "期末目标值"),
    "P": ("P、R",),
    "R": ("P、R",),
    "prob_meet": ("达标概率", "未运行预测", "无法预测"),
    "required_growth": ("需年均增长",),
    "forecast_2025": ("预测",),
}


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


def assert_nans_explained(row: dict | pd.Series) -> None:
    # EXPLAINED is written for a 2025 target year; another plan's rows name their own.
    year = str(int(row["target_year"])) if "target_year" in row else "2025"
    for column, words in EXPLAINED.items():
        column = column.replace("2025", year)
        words = tuple(w.replace("2025", year) for w in words)
        value = row[column]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            assert any(w in row["notes"] for w in words), (column, row["notes"])


# --- single indicators, hand computed ---------------------------------------------


def test_real_growth_chaining():
    # nominal 100 → 125 is ignored; real growth 8 % and 3 %: index 1.08 * 1.03 = 1.1124.
    # 年均增长6%: P = ln 1.1124 / (5 ln 1.06) = 0.10652 / 0.29134 = 0.36561, R = 0.91404
    # → 滞后于预期 (< 0.95). Actual CAGR 1.1124^(1/2) - 1 = 5.470 %.
    # Remaining: (1.06^5 / 1.1124)^(1/3) - 1 = (1.338226 / 1.1124)^(1/3) - 1 = 6.355 %.
    ind = IndicatorInput(
        TargetSpec(TargetKind.CAGR, 6.0),
        series({2019: 98, 2020: 100, 2021: 112, 2022: 125}),
        growth=series({2020: 2.0, 2021: 8.0, 2022: 3.0}),
        real_growth=True,
    )
    row = assess_indicator(ind)
    assert row["P"] == pytest.approx(0.36561, abs=1e-5)
    assert row["R"] == pytest.approx(0.91404, abs=1e-5)
    assert row["actual_cagr"] == pytest.approx(5.4704, abs=1e-4)
    assert row["required_growth"] == pytest.approx(6.355, abs=1e-3)
    assert row["target_level"] == pytest.approx(100 * 1.06**5)
    assert row["category"] == "滞后于预期"
    assert row["latest_value"] == 125  # the reported nominal level is still shown
    assert "可比价" in row["notes"]
    # history best growth is the best reported real growth (8 %), not nominal
    assert row["history_best_growth"] == pytest.approx(8.0)


def test_real_growth_missing_falls_back_to_nominal():
    ind = IndicatorInput(
        TargetSpec(TargetKind.CAGR, 6.0),
        series({2020: 100, 2021: 106, 2022: 112.36}),
        growth=series({2021: 8.0}),
        real_growth=True,
    )
    row = assess_indicator(ind)
    # nominal: P = ln 1.1236 / (5 ln 1.06) = 0.4, R = 1.0
    assert row["R"] == pytest.approx(1.0)
    assert "缺少2022年可比价增速" in row["notes"]


def test_revised_base_is_used_and_both_are_noted():
    # 城镇化率 65 % in 2025 (pp path); printed base 60.0, census-revised 62.0; 2022 = 63.5:
    # P = (63.5 - 62) / (65 - 62) = 0.5, R = 1.25 → 快于预期
    ind = IndicatorInput(
        TargetSpec(TargetKind.PP_LEVEL, 65.0),
        series({2020: 62.0, 2021: 62.8, 2022: 63.5}),
        base_printed=60.0,
        base_revised=62.0,
        base_note="第七次人口普查修订",
        unit="%",
    )
    row = assess_indicator(ind)
    assert row["base_value"] == 62.0
    assert row["base_source"] == "revised"
    assert row["P"] == pytest.approx(0.5)
    assert row["R"] == pytest.approx(1.25)
    assert row["category"] == "快于预期"
    assert "调整后数值62" in row["notes"] and "规划文本为60" in row["notes"]
    assert "人口普查" in row["notes"]


def test_base_falls_back_to_printed():
    ind = IndicatorInput(
        TargetSpec(TargetKind.LEVEL, 2000.0),
        series({2021: 1100, 2022: 1250}),
        base_printed=1000.0,
    )
    row = assess_indicator(ind)
    # P = ln 1.25 / ln 2 = 0.32193
    assert row["base_source"] == "printed"
    assert row["P"] == pytest.approx(0.32193, abs=1e-5)
    assert "规划文本数值1000" in row["notes"]


def test_reduction_lower_is_better_binding():
    # 累计下降13.5%, binding; 1.0 → 0.95: P = ln 0.95 / ln 0.865 = 0.35368, R = 0.88421 → 滞后.
    # Remaining: (0.865 / 0.95)^(1/3) - 1 = -3.077 % a year (a reduction of 3.08 %).
    ind = IndicatorInput(
        TargetSpec(TargetKind.REDUCTION, 13.5),
        series({2017: 1.12, 2018: 1.08, 2019: 1.03, 2020: 1.0, 2021: 0.97, 2022: 0.95}),
        binding=True,
        direction="lower",
    )
    row = assess_indicator(ind)
    assert row["R"] == pytest.approx(0.88421, abs=1e-5)
    assert row["required_cagr"] == pytest.approx(-2.8589, abs=1e-4)
    assert row["required_growth"] == pytest.approx(((0.865 / 0.95) ** (1 / 3) - 1) * 100)
    assert row["category"] == "滞后于预期"
    assert row["secondary"] == "中等进展"  # actual -2.53 % / required -2.86 % = 88 %
    # yearly changes: 1.12 → 1.08 -3.57 %, 1.08 → 1.03 -4.63 %, 1.03 → 1.0 -2.91 %, ...;
    # the largest reduction, 4.63 %, exceeds the required 3.08 % → no adjustment flag
    assert row["history_best_growth"] == pytest.approx((1.03 / 1.08 - 1) * 100)
    assert row["adjustment_flag"] is False


def test_adjustment_flag_when_required_growth_beyond_history():
    # level 2000 from 1000, 2022 = 1100: needs (2000/1100)^(1/3) - 1 = 22.1 % a year,
    # history at most 5 % a year → flag
    ind = IndicatorInput(
        TargetSpec(TargetKind.LEVEL, 2000.0),
        series({2018: 907, 2019: 952, 2020: 1000, 2021: 1050, 2022: 1100}),
    )
    row = assess_indicator(ind)
    assert row["required_growth"] == pytest.approx(((2000 / 1100) ** (1 / 3) - 1) * 100)
    assert row["adjustment_flag"] is True
    assert "规划调整" in row["notes"]


def test_ceiling_breached_in_one_year_with_year_to_date():
    # 城镇调查失业率 4.5以内 (binding): 2021 4.3, 2022 4.6 (breach), 2023 H1 4.4
    ind = IndicatorInput(
        TargetSpec(TargetKind.CEILING, 4.5),
        series({2016: 4.0, 2017: 4.1, 2018: 4.0, 2019: 4.2, 2020: 4.2, 2021: 4.3, 2022: 4.6}),
        binding=True,
        unit="%",
        direction="lower",
        ytd=YearToDate(2023, 6, value=4.4),
    )
    row = assess_indicator(ind, forecaster=CHEAP)
    assert row["breach_years"] == "2022"
    assert row["category"] == "滞后于预期"
    assert math.isnan(row["P"]) and math.isnan(row["R"])
    assert row["secondary"] == "不适用"
    assert "2023年1-6月" in row["notes"]
    assert 0 <= row["prob_meet"] <= 1  # P(2025 ≤ 4.5)
    assert_nans_explained(row)


def test_ceiling_year_to_date_of_a_total_is_not_compared():
    ind = IndicatorInput(
        TargetSpec(TargetKind.FLOOR, 50.0),
        series({2020: 52, 2021: 53, 2022: 54}),
        unit="万吨",
        ytd=YearToDate(2023, 6, value=20.0),
    )
    row = assess_indicator(ind)
    assert row["breach_years"] == ""
    assert row["category"] == "基本符合预期"
    assert "不与年度限值比较" in row["notes"]


def test_range_target():
    # 5.5-6.5 %, actual 2022 = 100 * 1.058^2: R on 6 % = ln 1.058 / ln 1.06 = 0.96759, inside
    # → 基本符合预期. Remaining to the lower bound: (1.055^5 / 1.058^2)^(1/3) - 1 = 5.30 %.
    ind = IndicatorInput(
        TargetSpec(TargetKind.CAGR_RANGE, low=5.5, high=6.5),
        series({2020: 100, 2021: 105.8, 2022: 100 * 1.058**2}),
    )
    row = assess_indicator(ind)
    assert row["R"] == pytest.approx(0.96759, abs=1e-5)
    assert row["category"] == "基本符合预期"
    expected = ((1.055**5 / 1.058**2) ** (1 / 3) - 1) * 100
    assert row["required_growth"] == pytest.approx(expected)
    assert "规划下限" in row["notes"]


def test_cumulative_total_outlook():
    # 800 over 2021-2025; 150 + 170 done = 320, P = 0.4, R = 1.0.
    # Still needed 480 in 3 years from 170: Σ_{i=1..3} 170 (1+g)^i = 480.
    ind = IndicatorInput(
        TargetSpec(TargetKind.CUMULATIVE_TOTAL, 800.0),
        series({2016: 110, 2017: 120, 2018: 128, 2019: 140, 2020: 150, 2021: 150, 2022: 170}),
    )
    row = assess_indicator(ind, forecaster=CHEAP)
    assert row["P"] == pytest.approx(0.4)
    g = row["required_growth"] / 100
    assert sum(170 * (1 + g) ** i for i in (1, 2, 3)) == pytest.approx(480)
    assert 0 <= row["prob_meet"] <= 1
    assert_nans_explained(row)


def test_relative_in_step_uses_real_growth():
    gdp = Reference(
        "地区生产总值",
        series({2020: 100, 2021: 108, 2022: 113}),
        growth=series({2021: 7.9, 2022: 4.2}),
    )
    ind = IndicatorInput(
        TargetSpec(TargetKind.RELATIVE, reference="gdp", relation="in_step"),
        series({2020: 30000, 2021: 32400, 2022: 33663.6}),
        growth=series({2021: 8.0, 2022: 3.9}),
        reference=gdp,
    )
    row = assess_indicator(ind)
    assert row["category"] == "基本符合预期"
    assert row["breach_years"] == ""
    assert "可比价增速" in row["notes"]
    assert math.isnan(row["P"]) and math.isnan(row["target_level"])
    assert_nans_explained(row)


@pytest.mark.parametrize(
    ("assigned", "manual", "expected"),
    [
        ({2021: 2.0, 2022: 2.0}, None, "滞后于预期"),  # 2022 2.3 above the assigned 2.0
        (None, "基本符合预期", "基本符合预期"),
        (None, None, "需人工判断"),
    ],
)
def test_qualitative(assigned, manual, expected):
    ind = IndicatorInput(
        TargetSpec(TargetKind.QUALITATIVE),
        series({2020: 1.8, 2021: 1.9, 2022: 2.3}),
        direction="lower",
        binding=True,
        assigned=series(assigned) if assigned else None,
        manual_status=manual,
        manual_note="按上级通报完成情况",
    )
    row = assess_indicator(ind)
    assert row["category"] == expected
    if manual:
        assert "人工判断：按上级通报完成情况" in row["notes"]
    if assigned:
        assert row["breach_years"] == "2022"


def test_lower_is_better_growth_allowance_direction():
    # lower is better with an allowance of +2 %/yr: staying flat is better than the path
    base = series({2020: 100, 2021: 100, 2022: 100})
    ind = IndicatorInput(TargetSpec(TargetKind.CAGR, 2.0), base, direction="lower")
    row = assess_indicator(ind)
    assert row["R"] == pytest.approx(2.0)
    assert row["category"] == "快于预期"


def test_missing_data_is_explained_not_raised():
    ind = IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), series({2020: 100}))
    row = assess_indicator(ind, forecaster=CHEAP)
    assert row["category"] == "数据不足"
    assert row["latest_year"] is None
    assert_nans_explained(row)


def test_no_target():
    row = assess_indicator(IndicatorInput(None, series({2020: 1, 2021: 2, 2022: 3})))
    assert row["category"] == "需人工判断"
    assert_nans_explained(row)


# --- properties ---------------------------------------------------------------------

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
SPECS = [
    TargetSpec(TargetKind.CAGR, 6.0),
    TargetSpec(TargetKind.CAGR_FLOOR, 9.0),
    TargetSpec(TargetKind.CAGR_RANGE, low=5.5, high=6.5),
    TargetSpec(TargetKind.LEVEL, 500.0),
    TargetSpec(TargetKind.PP_LEVEL, 65.0),
    TargetSpec(TargetKind.REDUCTION, 13.5),
    TargetSpec(TargetKind.CUMULATIVE_TOTAL, 800.0),
]


@given(
    spec=st.sampled_from(SPECS),
    base=positive,
    a=positive,
    b=positive,
    direction=st.sampled_from(["higher", "lower"]),
)
def test_ratio_monotone_in_latest_value(spec, base, a, b, direction):
    lo, hi = sorted((a, b))

    def ratio(latest: float) -> float:
        values = {2020: base, 2021: (base + latest) / 2, 2022: latest}
        ind = IndicatorInput(spec, series(values), direction=direction)
        return assess_indicator(ind)["R"]

    r_lo, r_hi = ratio(lo), ratio(hi)
    if math.isnan(r_lo) or math.isnan(r_hi):
        return
    slack = 1e-9 * max(1.0, abs(r_lo), abs(r_hi))
    if direction == "higher":
        assert r_lo <= r_hi + slack
    else:
        assert r_lo >= r_hi - slack


OTHER_SPECS = [
    TargetSpec(TargetKind.CEILING, 4.5),
    TargetSpec(TargetKind.FLOOR, 4.5),
    TargetSpec(TargetKind.RELATIVE, reference="gdp", relation="in_step"),
    TargetSpec(TargetKind.RELATIVE, reference="gdp", relation="above"),
    TargetSpec(TargetKind.QUALITATIVE),
    None,
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=st.sampled_from([*SPECS, *OTHER_SPECS]),
    values=st.lists(positive, min_size=2, max_size=12),
    real=st.booleans(),
    direction=st.sampled_from([None, "higher", "lower"]),
    ytd=st.one_of(st.none(), st.floats(min_value=-50, max_value=50)),
    assigned=st.booleans(),
)
def test_any_finite_positive_series_is_assessed(spec, values, real, direction, ytd, assigned):
    years = list(range(2023 - len(values), 2023))
    s = pd.Series(values, index=years, dtype=float)
    growth = s.pct_change().dropna() * 100
    reference = Reference("地区生产总值", s[::-1].set_axis(years), growth[::-1].set_axis(years[1:]))
    ind = IndicatorInput(
        spec,
        s,
        growth=growth,
        real_growth=real,
        direction=direction,
        ytd=YearToDate(2023, 6, value=values[-1], growth=ytd) if ytd is not None else None,
        reference=reference,
        assigned=pd.Series(values, index=years, dtype=float) * 1.01 if assigned else None,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = assess_indicator(ind, forecaster=CHEAP)
    assert row["category"]
    assert isinstance(row["notes"], str)
    assert_nans_explained(row)


# --- whole plans -----------------------------------------------------------------------

NATIONAL_INDICATORS = """\
序号,指标代码,类别,指标名称,单位,目标总量,年均增长,属性,可比价
1,urbanization,经济发展,常住人口城镇化率,%,65%,—,预期性,
2,rd,创新驱动,研发经费投入,亿元,—,7%,预期性,
3,gdp,经济发展,地区生产总值,亿元,—,6%,预期性,是
4,energy,绿色生态,单位地区生产总值能源消耗降低,吨标准煤/万元,累计下降13.5%,—,约束性,
5,childcare,民生福祉,每千人口拥有3岁以下婴幼儿托位数,个,4.5,—,预期性,
"""

NATIONAL_ANNUAL = """\
指标名称,年份,数值,增速
常住人口城镇化率,2018,62.1,
常住人口城镇化率,2019,63.0,
常住人口城镇化率,2020,63.9,
常住人口城镇化率,2021,64.7,
常住人口城镇化率,2022,65.2,
研发经费投入,2018,85,
研发经费投入,2019,92,
研发经费投入,2020,100,
研发经费投入,2021,110,
研发经费投入,2022,121,
地区生产总值,2018,88,6.6
地区生产总值,2019,94,6.0
地区生产总值,2020,97,2.3
地区生产总值,2021,105,6.0
地区生产总值,2022,110,5.66
单位地区生产总值能源消耗降低,2018,1.08,
单位地区生产总值能源消耗降低,2019,1.03,
单位地区生产总值能源消耗降低,2020,1.0,
单位地区生产总值能源消耗降低,2021,0.98,
单位地区生产总值能源消耗降低,2022,0.96,
每千人口拥有3岁以下婴幼儿托位数,2019,1.5,
每千人口拥有3岁以下婴幼儿托位数,2020,1.8,
每千人口拥有3岁以下婴幼儿托位数,2021,2.2,
每千人口拥有3岁以下婴幼儿托位数,2022,2.5,
"""


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    root = tmp_path_factory.mktemp("national")
    params = write_plan(
        root,
        {"indicators.csv": NATIONAL_INDICATORS, "annual.csv": NATIONAL_ANNUAL, "monthly.csv": None},
    )
    config = PlanConfig.load(params)
    return config, ingest_plan(config)


def test_plan_reproduces_each_official_category(national):
    """One of each category of the national mid-term report (Dec 2023).

    urbanization 65.2 ≥ 65 → 提前实现.
    R&D 7 %: R = ln 1.21 / (5 ln 1.07) / 0.4 = 0.19062 / 0.33830 / 0.4 = 1.4087 → 快于预期.
    GDP 6 % on real growth 6.0 and 5.66: index 1.06 * 1.0566 = 1.119996,
        R = ln 1.119996 / (5 ln 1.06) / 0.4 = 0.113325 / 0.291342 / 0.4 = 0.97243 → 基本符合预期.
    energy intensity 累计下降13.5% (binding) 1.0 → 0.96: R = ln 0.96 / ln 0.865 / 0.4 = 0.70370
        → 滞后于预期.
    childcare places 4.5 from 1.8, 2022 2.5: R = ln(2.5/1.8) / ln(4.5/1.8) / 0.4 = 0.89629
        → 滞后于预期 (an expected indicator, like the national report's one).
    """
    config, data = national
    frame = assess_plan(data, config, forecaster=CHEAP).set_index("indicator_id")
    assert list(frame.index) == ["urbanization", "rd", "gdp", "energy", "childcare"]
    assert frame.loc["rd", "R"] == pytest.approx(1.4087, abs=1e-4)
    assert frame.loc["gdp", "R"] == pytest.approx(0.97243, abs=1e-5)
    assert frame.loc["energy", "R"] == pytest.approx(0.70370, abs=1e-5)
    assert frame.loc["childcare", "R"] == pytest.approx(0.89629, abs=1e-5)
    assert frame["category"].to_dict() == {
        "urbanization": "提前实现",
        "rd": "快于预期",
        "gdp": "基本符合预期",
        "energy": "滞后于预期",
        "childcare": "滞后于预期",
    }


def test_plan_frame_contract(national):
    config, data = national
    frame = assess_plan(data, config, forecaster=CHEAP)
    for column in [
        "indicator_id",
        "order",
        "name",
        "attribute",
        "binding",
        "unit",
        "direction",
        "target_text",
        "target_kind",
        "target_value",
        "target_low",
        "target_high",
        "base_year",
        "base_value",
        "base_printed",
        "base_revised",
        "latest_year",
        "latest_value",
        "latest_provenance",
        "ytd_period",
        "ytd_value",
        "ytd_growth",
        "actual_cagr",
        "required_cagr",
        "target_level",
        "E",
        "P",
        "R",
        "category",
        "secondary",
        "breach_years",
        "model",
        "model_key",
        "backtest_error",
        "backtest_metric",
        "prob_meet",
        "required_growth",
        "adjustment_flag",
        "notes",
    ]:
        assert column in frame.columns, column
    for y in config.forecast_years:
        for stat in ("forecast", "lo80", "hi80", "lo95", "hi95"):
            assert f"{stat}_{y}" in frame.columns
    assert frame["adjustment_flag"].dtype == bool
    for _, row in frame.iterrows():
        assert_nans_explained(row)


def test_assessing_twice_gives_identical_frames(national):
    config, data = national
    first = assess_plan(data, config, forecaster=CHEAP)
    second = assess_plan(data, config, forecaster=CHEAP)
    pd.testing.assert_frame_equal(first, second)


def test_thresholds_from_config(national):
    config, data = national
    strict = Thresholds.from_config(config, on_track=0.99)
    frame = assess_plan(data, config, forecaster=CHEAP, thresholds=strict).set_index("indicator_id")
    assert frame.loc["gdp", "category"] == "滞后于预期"  # R = 0.97243 < 0.99


def test_mini_plan_from_conftest(mini_plan):
    data = ingest_plan(mini_plan)
    frame = assess_plan(data, mini_plan, forecaster=CHEAP).set_index("indicator_id")
    # unemployment 4.5以内 binding: 2022 4.6 breaches
    assert frame.loc["unemployment", "breach_years"] == "2022"
    # GDP on real growth 7.9, 4.2 (2022 is an estimate)
    index = 1.079 * 1.042
    assert frame.loc["gdp", "actual_cagr"] == pytest.approx((index**0.5 - 1) * 100)
    assert frame.loc["gdp", "latest_provenance"] == "estimated"
    assert "预计数" in frame.loc["gdp", "notes"]
    assert frame.loc["gdp", "ytd_period"] == "2023-06"
    assert frame.loc["income", "target_kind"] == "relative"


def test_format_table(national):
    config, data = national
    text = format_table(assess_plan(data, config, forecaster=CHEAP))
    lines = text.splitlines()
    assert lines[0].startswith("指标")
    for header in ("基期值", "年均增速", "评价", "2025预测 [80%区间]", "调整提示"):
        assert header in lines[0]
    assert "提前实现" in text and "快于预期" in text
    assert len(lines) == 2 + 5


def test_method_note_follows_parameters(national):
    config, _ = national
    note = method_note(config, CHEAP, Thresholds.from_config(config))
    assert "E = (t − t₀) / (T − t₀) = (2022 − 2020) / (2025 − 2020) = 40%" in note
    assert "R ≥ 1.10" in note and "R ≥ 0.95" in note and "R ≥ 1.00" in note
    assert "2.86%" in note
    assert "带漂移随机游走" in note
    other = method_note(config, CHEAP, Thresholds(ahead=1.2, on_track=0.9))
    assert "R ≥ 1.20" in other and "R ≥ 0.90" in other


# --- sample plans --------------------------------------------------------------------


@pytest.mark.parametrize("plan_id", SAMPLES)
def test_sample_plan_assesses_without_warnings(plan_id, sample_copy):
    raw = PROJECT_ROOT / "data" / "raw" / plan_id
    if not raw.is_dir() or not (PROJECT_ROOT / "parameters" / f"{plan_id}.yaml").is_file():
        pytest.skip(f"sample data or parameters for {plan_id} not present")
    config = sample_copy(plan_id)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = load_plan(config)
        frame = assess_plan(data, config)
    assert len(frame) == len(data.indicators)
    assert frame["category"].notna().all()
    for _, row in frame.iterrows():
        assert_nans_explained(row)
    finite_r = frame["R"].dropna()
    assert np.isfinite(finite_r).all()


# --- command line ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_cli_assess(fmt, tmp_path, capsys):
    from planeval.cli import main

    params = write_plan(tmp_path)
    assert main(["assess", str(params), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        frame = pd.read_csv(io.StringIO(out))
        assert list(frame["indicator_id"]) == ["gdp", "unemployment", "income", "investment"]
    elif fmt == "json":
        rows = json.loads(out)
        assert rows[1]["breach_years"] == "2022"
    else:
        assert out.splitlines()[0].startswith("指标")
        assert "城镇调查失业率" in out


def test_cli_assess_user_error(tmp_path, capsys):
    from planeval.cli import main

    assert main(["assess", str(tmp_path / "missing.yaml")]) == 2
    assert "找不到参数文件" in capsys.readouterr().err


# --- outlook (如期实现前景) ---------------------------------------------------------


def test_binding_ceiling_forecast_breach_is_unlikely():
    # rw_drift on 4.0 … 4.4 (drift +0.1 a year): 2023 4.5 holds, 2024 4.6 and 2025 4.7 break the
    # binding 4.5 ceiling (no tolerance) → category on track so far, outlook 难以实现.
    ind = IndicatorInput(
        TargetSpec(TargetKind.CEILING, 4.5),
        series({2018: 4.0, 2019: 4.15, 2020: 4.2, 2021: 4.35, 2022: 4.4}),
        binding=True,
        unit="%",
    )
    row = assess_indicator(ind, forecaster=CHEAP)
    assert row["category"] == "基本符合预期"
    assert row["forecast_2024"] == pytest.approx(4.6)
    assert row["outlook"] == "难以实现"
    assert row["outlook_years"] == "2024、2025"
    assert "2024、2025年将突破上限" in row["notes"]


def test_outlook_thresholds_on_the_probability():
    # The same growth series judged against targets the forecast reaches easily, barely and
    # not at all: the outlook follows prob_meet through outlook_likely / outlook_unlikely.
    values = series({2016: 80, 2017: 84, 2018: 89, 2019: 93, 2020: 100, 2021: 104, 2022: 109})
    out = {}
    for rate in (2.0, 5.0, 12.0):
        ind = IndicatorInput(TargetSpec(TargetKind.CAGR, rate), values)
        row = assess_indicator(ind, forecaster=CHEAP)
        out[rate] = (row["prob_meet"], row["outlook"])
    th = Thresholds()
    for p, outlook in out.values():
        if p >= th.outlook_likely:
            assert outlook == "有望实现"
        elif p < th.outlook_unlikely:
            assert outlook == "难以实现"
        else:
            assert outlook == "存在风险"
    assert out[2.0][1] == "有望实现" and out[12.0][1] == "难以实现"


def test_degenerate_forecast_is_not_a_finding():
    # A death rate falling 0.012 → 0.007 trends below zero: clipped at 0 it is no forecast.
    ind = IndicatorInput(
        TargetSpec(TargetKind.CEILING, 0.02),
        series({2018: 0.03, 2019: 0.022, 2020: 0.012, 2021: 0.009, 2022: 0.003}),
        binding=True,
        unit="人/亿元",
    )
    row = assess_indicator(ind, forecaster=CHEAP)
    assert row["outlook"] == "预测不适用"
    assert "零以下" in row["no_forecast_reason"]
    assert math.isnan(row["prob_meet"]) and math.isnan(row["forecast_2025"])
    assert "预测不适用" in row["notes"]


def test_outlook_thresholds_are_validated_and_read_from_config(national):
    with pytest.raises(PlanevalError):
        Thresholds(outlook_likely=0.1, outlook_unlikely=0.5)
    config = replace(national[0], outlook_likely=0.6, outlook_unlikely=0.2)
    th = Thresholds.from_config(config)
    assert (th.outlook_likely, th.outlook_unlikely) == (0.6, 0.2)
