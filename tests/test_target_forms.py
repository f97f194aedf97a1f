"""Target forms of national and provincial plans (planeval.data.targets, data.forms).

Each form is parsed from the written text and from the structured columns of the
indicator table, and judged on small series whose numbers are computed by hand in the
comments. Period 2020–2025, data to 2022: E = (2022 − 2020) / 5 = 0.4 throughout.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import write_plan
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan
from planeval.data.targets import TargetKind, TargetSpec, parse_target, resolve_reference
from planeval.errors import PlanevalError
from planeval.method.assess import IndicatorInput, Thresholds, assess_indicator, assess_plan
from planeval.method.forecast import Forecaster

CHEAP = Forecaster(models=["rw_drift"], horizon_years=(2023, 2024, 2025))
K = TargetKind


def s(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


# --- parsing the written text --------------------------------------------------------

PARSED = [
    # (text, column, unit, name) → (kind, value, approx)
    ("〔13.5〕", "total", "%", "单位地区生产总值能源消耗降低", (K.REDUCTION, 13.5, False)),
    ("[18]", "total", "%", "单位GDP二氧化碳排放降低", (K.REDUCTION, 18.0, False)),
    ("【13.5】", "total", "吨标准煤/万元", "能耗强度下降", (K.REDUCTION, 13.5, False)),
    ("〔1〕", "total", "岁", "人均预期寿命", (K.INCREASE, 1.0, False)),
    ("〔>5500〕", "total", "万人", "城镇新增就业", (K.CUMULATIVE_TOTAL, 5500.0, False)),
    ("<5.5", "total", "%", "城镇调查失业率", (K.CEILING, 5.5, False)),
    ("＜5.5%", "total", "%", "城镇调查失业率", (K.CEILING, 5.5, False)),
    ("≤3", "total", "%", "居民消费价格涨幅", (K.CEILING, 3.0, False)),
    ("不高于3", "total", "%", "居民消费价格涨幅", (K.CEILING, 3.0, False)),
    ("≥7", "growth", "%", "研发经费投入增长", (K.CAGR_FLOOR, 7.0, False)),
    (">7%", "growth", "%", "研发经费投入增长", (K.CAGR_FLOOR, 7.0, False)),
    ("不低于7%", "growth", "%", "研发经费投入增长", (K.CAGR_FLOOR, 7.0, False)),
    ("年均增长7%以上", "growth", "%", "GDP增长", (K.CAGR_FLOOR, 7.0, False)),
    ("6%左右", "growth", "%", "GDP增长", (K.CAGR, 6.0, True)),
    ("3左右", "total", "%", "居民消费价格涨幅", (K.PP_LEVEL, 3.0, True)),
    ("提高1岁", "total", "岁", "人均预期寿命", (K.INCREASE, 1.0, False)),
    ("提高2个百分点", "total", "%", "常住人口城镇化率", (K.INCREASE, 2.0, False)),
    ("增加5", "total", "家", "高新技术企业数", (K.INCREASE, 5.0, False)),
    ("新增5500", "total", "万人", "城镇就业", (K.CUMULATIVE_TOTAL, 5500.0, False)),
    # X以上 in the total column: a target-year level, unless worded as a standing floor
    ("46以上", "total", "%", "常住人口城镇化率", (K.PP_LEVEL, 46.0, False)),
    ("不低于250", "total", "万吨", "粮食产量", (K.LEVEL, 250.0, False)),
    ("≥95", "total", "%", "参保率", (K.PP_LEVEL, 95.0, False)),
    ("稳定在95%以上", "total", "%", "参保率", (K.FLOOR, 95.0, False)),
    ("保持在270以上", "total", "万吨", "粮食产量", (K.FLOOR, 270.0, False)),
    ("始终保持在1.2以上", "total", "万吨", "粮食产量", None),  # 始终保持在: unreadable
    ("2.5以上", "total", "万人", "城镇新增就业人数", (K.FLOOR, 2.5, False)),  # a yearly flow
]


@pytest.mark.parametrize("text,column,unit,name,expected", PARSED)
def test_written_forms_are_parsed(text, column, unit, name, expected):
    if expected is None:
        with pytest.raises(PlanevalError, match="无法识别"):
            parse_target(text, column=column, unit=unit, name=name)
        return
    spec = parse_target(text, column=column, unit=unit, name=name)
    assert (spec.kind, spec.value, spec.approx) == expected


def test_floor_readings_are_stated():
    """A form open to two readings carries the reading the warning will print."""
    level = parse_target("46以上", column="total", unit="%", name="城镇化率")
    assert "目标年水平不低于46" in level.reading
    assert parse_target("稳定在95以上", column="total", unit="%").reading == ""
    assert "按不高于5.5" in parse_target("<5.5", column="total", unit="%").reading


@pytest.mark.parametrize(
    "text,ref,relation",
    [
        ("高于GDP增长", "GDP", "above"),
        ("快于经济增长", "经济", "above"),
        ("与经济增长基本同步", "经济", "in_step"),
        ("与国内生产总值增长同步", "国内生产总值", "in_step"),
        ("同GDP增速基本同步", "GDP", "in_step"),
        ("高于全员劳动生产率增长", "全员劳动生产率", "above"),
        ("与labour_productivity同步", "labour_productivity", "in_step"),
    ],
)
def test_relative_forms(text, ref, relation):
    spec = parse_target(text, column="growth")
    assert (spec.kind, spec.reference, spec.relation) == (K.RELATIVE, ref, relation)


def test_a_number_after_higher_is_a_floor_not_a_reference():
    assert parse_target("高于5", column="total", unit="%").kind is K.PP_LEVEL


NAMES = {
    "gdp_growth": "GDP增长",
    "gdp_pc": "人均地区生产总值",
    "productivity": "全员劳动生产率增长",
    "income": "居民人均可支配收入增长",
}


@pytest.mark.parametrize(
    "ref,names,expected",
    [
        ("经济", NAMES, "gdp_growth"),
        ("GDP", NAMES, "gdp_growth"),
        ("国内生产总值", NAMES, "gdp_growth"),
        ("地区生产总值", {"g": "地区生产总值", "pc": "人均地区生产总值"}, "g"),
        ("经济", {"g": "国内生产总值（GDP）增长"}, "g"),
        ("全员劳动生产率", NAMES, "productivity"),
        ("productivity", NAMES, "productivity"),  # by 指标代码
        ("财政收入", NAMES, None),
    ],
)
def test_references_resolve_by_name_code_or_economy(ref, names, expected):
    assert resolve_reference(ref, names) == expected


# --- judging, hand-computed ------------------------------------------------------------


def judge(spec: TargetSpec, values: dict[int, float], **kw) -> dict:
    ind = IndicatorInput(spec=spec, series=s(values), name=kw.pop("name", "指标"), **kw)
    return assess_indicator(ind, forecaster=kw.pop("forecaster", CHEAP))


def test_cumulative_reduction_bracket_is_judged():
    """〔13.5〕, 0.50 → 0.47: V = 0.5 × 0.865 = 0.4325; P = ln(0.94)/ln(0.865) = 0.42665,
    R = 0.42665 / 0.4 = 1.0666 → 基本符合预期 (0.95 ≤ R < 1.10)."""
    spec = parse_target("〔13.5〕", column="total", unit="%", name="单位GDP能耗降低")
    row = judge(spec, {2020: 0.50, 2021: 0.49, 2022: 0.47}, unit="吨标准煤/万元")
    assert row["direction"] == "lower"
    assert row["target_level"] == pytest.approx(0.4325)
    assert row["P"] == pytest.approx(0.42665, abs=1e-5)
    assert row["R"] == pytest.approx(1.0666, abs=1e-4)
    assert row["category"] == "基本符合预期"


def test_increase_bracket_and_words_are_judged_on_a_linear_path():
    """〔1〕 for 人均预期寿命: 78.0 → 78.5, V = 79.0, P = 0.5 / 1 = 0.5, R = 1.25 → 快于预期;
    still needed (79 − 78.5) / 3 = 0.1667 岁 a year."""
    spec = parse_target("〔1〕", column="total", unit="岁", name="人均预期寿命")
    row = judge(spec, {2020: 78.0, 2021: 78.2, 2022: 78.5}, unit="岁")
    assert row["target_level"] == pytest.approx(79.0)
    assert (row["P"], row["R"]) == (pytest.approx(0.5), pytest.approx(1.25))
    assert row["category"] == "快于预期"
    assert "即每年需提高0.17岁" in row["notes"]
    # 提高2个百分点: 40 → 41, V = 42, P = 0.5 → 快于预期; at 42 → 提前实现
    pp = parse_target("提高2个百分点", column="total", unit="%")
    assert judge(pp, {2020: 40, 2022: 41}, unit="%")["category"] == "快于预期"
    assert judge(pp, {2020: 40, 2022: 42}, unit="%")["category"] == "提前实现"


def test_strict_ceiling_is_read_as_at_most():
    """<5.5 (expected, tolerance 0.1): 5.6 is within the tolerance, 5.7 breaches; a binding
    indicator has no tolerance, but a value equal to the limit holds."""
    spec = parse_target("<5.5", column="total", unit="%")
    assert judge(spec, {2020: 5.2, 2021: 5.6}, unit="%")["category"] == "基本符合预期"
    row = judge(spec, {2020: 5.2, 2021: 5.7}, unit="%")
    assert (row["category"], row["breach_years"]) == ("滞后于预期", "2021")
    bound = judge(spec, {2020: 5.2, 2021: 5.5}, unit="%", binding=True)
    assert bound["category"] == "基本符合预期"


def test_approximate_growth_is_a_band():
    """6%左右 with tolerance 0.5: 100 → 111.5 in two years, CAGR √1.115 − 1 = 5.594 %,
    inside 5.5–6.5 % → 基本符合预期. Read as a plain 6 %: P = ln 1.115 / (5 ln 1.06)
    = 0.37363, R = 0.93407 < 0.95 → 滞后于预期. With tolerance 0.05 the band is 5.95–6.05."""
    values = {2020: 100, 2021: 105, 2022: 111.5}
    approx = judge(parse_target("6%左右", column="growth"), values)
    assert approx["actual_cagr"] == pytest.approx(5.5936, abs=1e-4)
    assert approx["category"] == "基本符合预期"
    assert "6±0.5%" in approx["notes"]
    plain = judge(parse_target("6%", column="growth"), values)
    assert plain["R"] == pytest.approx(0.93407, abs=1e-5)
    assert plain["category"] == "滞后于预期"
    narrow = assess_indicator(
        IndicatorInput(spec=parse_target("6%左右", column="growth"), series=s(values)),
        thresholds=Thresholds(approx_tolerance=0.05),
    )
    assert narrow["category"] == "滞后于预期"


def test_approximate_level_counts_as_reached_within_tolerance():
    """3左右 (a share): 2.6 → 2.6 is 0.4 below 3 (within 0.5 points) → 提前实现;
    2.4 is 0.6 below → judged on the path: P = (2.4 − 2)/(3 − 2) = 0.4, R = 1.0."""
    spec = parse_target("3左右", column="total", unit="%")
    assert judge(spec, {2020: 2.0, 2022: 2.6}, unit="%")["category"] == "提前实现"
    row = judge(spec, {2020: 2.0, 2022: 2.4}, unit="%")
    assert row["category"] == "基本符合预期"
    assert row["R"] == pytest.approx(1.0)


def test_level_floor_in_total_column_is_judged_at_the_target_year():
    """46以上 (share): 40 → 41 → 43. As a target-year level P = (43 − 40)/(46 − 40) = 0.5,
    R = 1.25 → 快于预期; the old every-year reading (41 < 46) would be 滞后于预期."""
    values = {2020: 40, 2021: 41, 2022: 43}
    row = judge(parse_target("46以上", column="total", unit="%"), values, unit="%")
    assert row["target_kind"] == "pp_level"
    assert (row["P"], row["category"]) == (pytest.approx(0.5), "快于预期")
    standing = judge(parse_target("稳定在46以上", column="total", unit="%"), values, unit="%")
    assert standing["category"] == "滞后于预期"


# --- data forms and structured columns through ingestion --------------------------------

FORMS_INDICATORS = """\
序号,指标代码,类别,指标名称,单位,目标总量,年均增长,属性,数据形式,目标类型,目标值,参照指标,左右
1,gdp_growth,经济发展,GDP增长,%,—,年均增长7%以上,预期性,增速,,,,
2,productivity,经济发展,全员劳动生产率增长,%,高于GDP增长,—,预期性,增速,,,,
3,energy,绿色生态,单位GDP能源消耗降低,%,〔13.5〕,—,约束性,降低率,,,,
4,life,民生福祉,人均预期寿命,岁,〔1〕,—,预期性,,,,,
5,urban,经济发展,常住人口城镇化率,%,46以上,—,预期性,,,,,
6,unemployment,民生福祉,城镇调查失业率,%,<5.5,—,预期性,,,,,
7,s_life,民生福祉,人均受教育年限,年,—,—,预期性,,increase,0.5,,
8,s_income,民生福祉,居民人均可支配收入增长,%,—,—,预期性,增速,relative,,GDP增长,
9,s_sales,经济发展,社会消费品零售总额,亿元,—,—,预期性,,cagr,6,,是
"""

FORMS_ANNUAL = """\
指标名称,年份,数值
GDP增长,2020,2.3
GDP增长,2021,8.0
GDP增长,2022,6.0
全员劳动生产率增长,2021,8.5
全员劳动生产率增长,2022,5.5
单位GDP能源消耗降低,2021,3.0
单位GDP能源消耗降低,2022,2.0
人均预期寿命,2020,78.0
人均预期寿命,2022,78.5
常住人口城镇化率,2020,40
常住人口城镇化率,2021,41
常住人口城镇化率,2022,43
城镇调查失业率,2021,5.2
城镇调查失业率,2022,5.7
人均受教育年限,2020,10.0
人均受教育年限,2022,10.3
居民人均可支配收入增长,2021,8.1
居民人均可支配收入增长,2022,5.0
社会消费品零售总额,2020,100
社会消费品零售总额,2021,105
社会消费品零售总额,2022,111.5
"""


@pytest.fixture
def forms_plan(tmp_path) -> PlanConfig:
    files = {"indicators.csv": FORMS_INDICATORS, "annual.csv": FORMS_ANNUAL, "monthly.csv": None}
    return PlanConfig.load(write_plan(tmp_path, files))


def test_structured_columns_and_data_forms_are_read(forms_plan):
    data = ingest_plan(forms_plan)
    ind = data.indicators
    assert ind.at["gdp_growth", "data_form"] == "growth"
    assert ind.at["energy", "data_form"] == "reduction_rate"
    assert ind.at["gdp_growth", "unit"] == "2020年=100"
    assert ind.at["productivity", "target_reference"] == "gdp_growth"  # 高于GDP增长
    assert ind.at["s_income", "target_reference"] == "gdp_growth"  # 参照指标 GDP增长
    assert ind.at["s_life", "target_kind"] == "increase"
    assert bool(ind.at["s_sales", "target_approx"]) is True
    # 增速 chained: 100 → 108 → 108 × 1.06 = 114.48; back to 2019: 100 / 1.023
    gdp = data.annual[data.annual["indicator_id"] == "gdp_growth"].set_index("year")
    assert gdp["value"].to_dict() == pytest.approx(
        {2019: 100 / 1.023, 2020: 100, 2021: 108, 2022: 114.48}
    )
    assert gdp.at[2022, "reported"] == 6.0
    # 降低率 chained: 100 → 97 → 97 × 0.98 = 95.06 (growth −3, −2)
    energy = data.annual[data.annual["indicator_id"] == "energy"].set_index("year")
    assert energy["value"].to_dict() == pytest.approx({2020: 100, 2021: 97, 2022: 95.06})
    assert energy["growth"].to_dict()[2022] == -2.0
    warnings = "\n".join(data.warnings)
    # the X以上 warning names file, row and the column the text was written in
    assert (
        "indicators.csv，第6行，列「目标总量」：指标「常住人口城镇化率」的目标「46以上」按目标年水平不低于46理解"
        in warnings
    )


def test_data_forms_are_judged(forms_plan):
    """Hand-computed, E = 0.4:
    - GDP增长 7%以上 on the index: P = ln 1.1448 / (5 ln 1.07) = 0.39974, R = 0.99935 →
      基本符合预期; still needed (100 × 1.07⁵ / 114.48)^(1/3) − 1 = 7.003 % a year.
    - 全员劳动生产率增长 高于GDP增长: 2021 8.5 > 8.0, 2022 5.5 < 6.0 → 滞后于预期 (2022).
    - 单位GDP能耗降低 〔13.5〕 on 降低率 3.0, 2.0: index 95.06, P = ln 0.9506 / ln 0.865
      = 0.34933, R = 0.87333 → 滞后于预期 (binding).
    - 人均受教育年限 increase 0.5 (structured): 10.0 → 10.3, P = 0.6, R = 1.5 → 快于预期.
    - 居民人均可支配收入增长 in step with GDP增长 (structured): 8.1 ≥ 8.0 − 0.5,
      5.0 < 6.0 − 0.5 → 滞后于预期.
    - 社会消费品零售总额 cagr 6 左右 (structured): CAGR 5.594 % in 5.5–6.5 → 基本符合预期.
    """
    data = ingest_plan(forms_plan)
    rows = assess_plan(data, forms_plan, forecaster=CHEAP).set_index("indicator_id")
    gdp = rows.loc["gdp_growth"]
    assert (gdp["P"], gdp["R"]) == (
        pytest.approx(0.39974, abs=1e-5),
        pytest.approx(0.99935, abs=1e-5),
    )
    assert gdp["category"] == "基本符合预期"
    assert gdp["required_growth"] == pytest.approx(7.0031, abs=1e-4)
    assert "各年增速（2021年8%、2022年6%）" in gdp["notes"]
    prod = rows.loc["productivity"]
    assert (prod["category"], prod["breach_years"]) == ("滞后于预期", "2022")
    energy = rows.loc["energy"]
    assert energy["P"] == pytest.approx(0.34933, abs=1e-5)
    assert energy["R"] == pytest.approx(0.87333, abs=1e-5)
    assert energy["category"] == "滞后于预期"
    assert "各年降低率（2021年3%、2022年2%）" in energy["notes"]
    assert rows.loc["life", "category"] == "快于预期"  # 〔1〕: P = 0.5, R = 1.25
    assert rows.loc["urban", "category"] == "快于预期"  # 46以上: P = 0.5, R = 1.25
    assert rows.loc["unemployment", "category"] == "滞后于预期"  # 5.7 > 5.5 + 0.1
    edu = rows.loc["s_life"]
    assert (edu["P"], edu["R"], edu["category"]) == (
        pytest.approx(0.6),
        pytest.approx(1.5),
        "快于预期",
    )
    assert rows.loc["s_income", "category"] == "滞后于预期"
    assert rows.loc["s_sales", "category"] == "基本符合预期"


def test_a_limit_on_a_growth_series_judges_the_rates(tmp_path):
    """增速 with 不低于5 in the growth column is a floor on the average; 稳定在5以上 in the
    total column a floor on each year's rate: 6.0 and 4.0 → 2022 breached."""
    indicators = (
        "序号,指标代码,类别,指标名称,单位,目标总量,年均增长,属性,数据形式\n"
        "1,g,经济发展,GDP增长,%,稳定在5以上,—,预期性,增速\n"
    )
    annual = "指标名称,年份,数值\nGDP增长,2021,6.0\nGDP增长,2022,4.0\n"
    files = {"indicators.csv": indicators, "annual.csv": annual, "monthly.csv": None}
    config = PlanConfig.load(write_plan(tmp_path, files))
    row = assess_plan(ingest_plan(config), config, forecaster=CHEAP).iloc[0]
    assert (row["category"], row["breach_years"]) == ("滞后于预期", "2022")


# --- error cases --------------------------------------------------------------------------


def _fails(tmp_path, indicators: str, annual: str = FORMS_ANNUAL) -> str:
    files = {"indicators.csv": indicators, "annual.csv": annual, "monthly.csv": None}
    config = PlanConfig.load(write_plan(tmp_path, files))
    with pytest.raises(PlanevalError) as err:
        ingest_plan(config)
    return str(err.value)


def test_unresolvable_reference_names_file_row_and_real_column(tmp_path):
    text = FORMS_INDICATORS.replace("高于GDP增长", "高于财政收入增长")
    message = _fails(tmp_path, text)
    assert "相对目标的参照指标「财政收入」不在指标表中" in message
    assert "indicators.csv，第3行，列「目标总量」" in message
    assert "「目标」" not in message
    structured = FORMS_INDICATORS.replace(",relative,,GDP增长,", ",relative,,地区财政收入,")
    message = _fails(tmp_path, structured)
    assert "第9行，列「参照指标」" in message


def test_unreadable_and_inconsistent_forms_are_errors(tmp_path):
    message = _fails(tmp_path, FORMS_INDICATORS.replace("〔1〕", "〔一〕"))
    assert "无法识别的规划目标写法：「〔一〕」" in message
    assert "第5行，列「目标总量」" in message
    message = _fails(tmp_path, FORMS_INDICATORS.replace(",增速,,,,\n2,", ",比率,,,,\n2,"))
    assert "数据形式" in message and "第2行" in message
    approx_ceiling = FORMS_INDICATORS.replace(",cagr,6,,是", ",ceiling,6,,是")
    assert "不能标注“左右”" in _fails(tmp_path, approx_ceiling)


def test_growth_series_with_a_gap_drops_the_years_beyond_it(tmp_path):
    annual = FORMS_ANNUAL.replace("GDP增长,2021,8.0\n", "")
    files = {"indicators.csv": FORMS_INDICATORS, "annual.csv": annual, "monthly.csv": None}
    config = PlanConfig.load(write_plan(tmp_path, files))
    data = ingest_plan(config)
    gdp = data.annual[data.annual["indicator_id"] == "gdp_growth"]
    assert 2022 not in set(gdp["year"])
    assert any("GDP增长" in w and "2022年" in w and "缺年" in w for w in data.warnings)
    assert math.isclose(gdp.set_index("year").at[2020, "value"], 100)


# --- one data folder, several evaluation points -----------------------------------------


def test_rows_after_the_cutoff_are_kept_and_left_out(tmp_path):
    """2023 rows (after a 2022-12-31 cutoff) are in data/processed, not in the evaluation."""
    from planeval.data.ingest import load_plan

    annual = FORMS_ANNUAL + "GDP增长,2023,5.0\n常住人口城镇化率,2023,44\n"
    monthly = "指标名称,期间,累计值\nGDP增长,2023-06,5.5\n"
    files = {"indicators.csv": FORMS_INDICATORS, "annual.csv": annual, "monthly.csv": monthly}
    config = PlanConfig.load(write_plan(tmp_path, files))
    data = load_plan(config)
    assert data.annual["year"].max() == 2022
    saved = pd.read_parquet(config.processed / "annual.parquet")
    assert {2023} <= set(saved["year"])
    assert (
        "2023年数据晚于本次评估的数据截止日期（2022年底），未使用（2条，保留在校验后数据中）"
        in (data.warnings)
    )
    rows = assess_plan(data, config, forecaster=CHEAP).set_index("indicator_id")
    assert rows.loc["urban", "latest_year"] == 2022


def test_final_data_folder_serves_a_midterm_run(tmp_path):
    """liunan_final's folder (data to 2025) with the mid-term cutoff 2022-12-31 gives the
    categories of the liunan mid-term evaluation wherever the two folders agree (their
    2020–2022 figures are the same; the manual judgement of 主要污染物排放量 differs)."""
    from dataclasses import replace

    from planeval.data.ingest import load_plan
    from repo import PROJECT_ROOT

    midterm = PlanConfig.load(PROJECT_ROOT / "parameters" / "liunan.yaml")
    final = PlanConfig.load(PROJECT_ROOT / "parameters" / "liunan_final.yaml")
    reused = replace(
        midterm,
        plan_id="liunan_final_midterm",
        data_dir=final.data_dir,
        processed_dir=tmp_path / "processed",
    )
    data = load_plan(reused)
    assert data.annual["year"].max() == 2022
    assert any("2023—2025年数据晚于本次评估的数据截止日期" in w for w in data.warnings)
    saved = pd.read_parquet(reused.processed / "annual.parquet")
    assert saved["year"].max() == 2025  # kept for the final run
    ours = assess_plan(data, reused, forecaster=CHEAP).set_index("indicator_id")
    reference = replace(midterm, processed_dir=tmp_path / "liunan")
    theirs = assess_plan(load_plan(reference), reference, forecaster=CHEAP)
    theirs = theirs.set_index("indicator_id")
    same = [i for i in theirs.index if i != "pollutant_emissions"]
    assert len(same) == 10
    assert ours.loc[same, "category"].to_dict() == theirs.loc[same, "category"].to_dict()
    assert ours.loc[same, "P"].equals(theirs.loc[same, "P"])


def test_sample15_holds_every_form_and_judges_year_to_date():
    """The 十五五 monitoring sample: every target form, and the mid-year judgement (no
    annual figure after the 2025 base): GDP增长 1-6月 5.4 % against 5.5 % 左右 (5.0–6.0 %)
    → 基本符合预期, E = 6/12 ÷ 5 = 0.1; 规上工业增加值增长 6.2 % against 7 %以上:
    R = ln 1.062 / ln 1.07 = 0.8891 → 滞后于预期, P = R·E = 0.0889."""
    from planeval.config import parameters_file
    from planeval.data.ingest import load_plan

    config = PlanConfig.load(parameters_file("sample15"))
    assert (config.period, config.evaluation, config.base_year) == ("十五五", "monitoring", 2025)
    data = ingest_plan(config)
    ind = data.indicators
    assert {"cagr", "cagr_floor", "relative", "qualitative", "reduction", "increase"} <= set(
        ind["target_kind"]
    )
    assert {"ceiling", "floor", "level", "pp_level"} <= set(ind["target_kind"])
    assert set(ind["data_form"]) == {"level", "growth", "reduction_rate"}
    assert ind["target_approx"].sum() == 2  # 5.5%左右, 26左右
    text = " ".join(ind["target_text"])
    for form in ("〔5〕", "〔12〕", "<5.5", "≤30", "≥88", "不低于800", "不高于28", "左右"):
        assert form in text
    assert "提高0.5个百分点" in text and "提高1岁" in text and "4.5以上" in text
    assert ind.at["productivity_growth", "target_reference"] == "gdp_growth"  # 高于GDP增长
    assert ind.at["income_growth", "target_reference"] == "gdp_growth"  # 与经济增长…
    assert any("「4.5以上」按目标年水平不低于4.5理解" in w for w in data.warnings)
    rows = assess_plan(data, config, forecaster=CHEAP).set_index("indicator_id")
    gdp, industry = rows.loc["gdp_growth"], rows.loc["industry_growth"]
    assert (gdp["category"], gdp["E"], gdp["latest_provenance"]) == ("基本符合预期", 0.1, "ytd")
    assert gdp["latest_rate"] == 5.4
    assert industry["R"] == pytest.approx(math.log(1.062) / math.log(1.07))
    assert industry["P"] == pytest.approx(0.1 * math.log(1.062) / math.log(1.07))
    assert industry["category"] == "滞后于预期"
    assert rows.loc["pm25", "category"] == "滞后于预期"  # 1-6月 31.5 > 30 (binding)
    assert load_plan(config).annual["year"].max() == 2025


# --- 口径调整 (series break) ---------------------------------------------------------------

BREAK_INDICATORS = """\
序号,指标代码,类别,指标名称,单位,目标总量,年均增长,属性
1,forest,绿色生态,森林覆盖率,%,24.6,—,约束性
2,stock,绿色生态,森林蓄积量,亿立方米,12,—,预期性
"""
BREAK_ANNUAL = """\
指标名称,年份,数值,口径
森林覆盖率,2019,23.4,
森林覆盖率,2020,23.6,
森林覆盖率,2021,23.9,旧口径
森林覆盖率,2021,22.0,新口径
森林覆盖率,2022,22.4,
森林蓄积量,2020,10,
森林蓄积量,2021,10.5,旧口径
森林蓄积量,2021,12.6,新口径
森林蓄积量,2022,13.2,
"""


def test_series_break_is_chained_within_a_basis(tmp_path):
    """A 2021 break (after the 2020 base) puts 2021– on the old basis.
    森林覆盖率 (%, points): d = 22.0 − 23.9 = −1.9, 2022 → 22.4 + 1.9 = 24.3;
    P = (24.3 − 23.6)/(24.6 − 23.6) = 0.7, R = 1.75 → 快于预期 (unlinked, 22.4 < 23.6 would lag).
    森林蓄积量 (ratio): k = 12.6 / 10.5 = 1.2, 2022 → 13.2 / 1.2 = 11.0;
    P = ln 1.1 / ln 1.2 = 0.52276, R = 1.30690 → 快于预期 (unlinked, 13.2 > 12 提前实现)."""
    files = {"indicators.csv": BREAK_INDICATORS, "annual.csv": BREAK_ANNUAL, "monthly.csv": None}
    config = PlanConfig.load(write_plan(tmp_path, files))
    data = ingest_plan(config)
    forest = data.annual[data.annual["indicator_id"] == "forest"].set_index("year")
    assert forest["value"].to_dict() == pytest.approx(
        {2019: 23.4, 2020: 23.6, 2021: 23.9, 2022: 24.3}
    )
    assert forest.at[2022, "as_sent"] == 22.4
    assert (forest["break_year"] == 2021).all()
    notes = [w for w in data.warnings if "口径调整" in w]
    assert "指标「森林覆盖率」2021年口径调整：旧口径23.9、新口径22" in notes[0]
    rows = assess_plan(data, config, forecaster=CHEAP).set_index("indicator_id")
    assert rows.loc["forest", "P"] == pytest.approx(0.7)
    assert rows.loc["forest", "category"] == "快于预期"
    assert rows.loc["stock", "P"] == pytest.approx(0.52276, abs=1e-5)
    assert rows.loc["stock", "R"] == pytest.approx(1.30690, abs=1e-5)
    assert rows.loc["stock", "category"] == "快于预期"
    # drawn as a break: a dotted line between 2020 and 2021, named in the source line
    from planeval.report.charts.indicator import indicator_chart

    history = data.annual[data.annual["indicator_id"] == "forest"]
    fig = indicator_chart(rows.reset_index().iloc[0], history)
    lines = [a for a in fig.axes[0].get_lines() if a.get_gid() == "basis-break"]
    assert len(lines) == 1 and lines[0].get_xdata()[0] == 2020.5
    from matplotlib.text import Text

    texts = " ".join(t.get_text() for t in fig.findobj(Text))
    assert "2021年口径调整，2021年起数据按旧口径换算衔接" in texts


def test_break_before_the_base_rebases_the_history(tmp_path):
    """A break at the base year puts the earlier years on the new basis: 2019 → 23.4 − 1.9."""
    annual = (
        BREAK_ANNUAL.replace("2021,23.9,旧口径", "2020,25.5,旧口径")
        .replace("森林覆盖率,2020,23.6,\n", "")
        .replace("2021,22.0,新口径", "2020,23.6,新口径")
    )
    files = {"indicators.csv": BREAK_INDICATORS, "annual.csv": annual, "monthly.csv": None}
    data = ingest_plan(PlanConfig.load(write_plan(tmp_path, files)))
    forest = data.annual[data.annual["indicator_id"] == "forest"].set_index("year")
    assert forest["value"].to_dict() == pytest.approx({2019: 21.5, 2020: 23.6, 2022: 22.4})


def test_old_basis_without_new_basis_is_used_with_a_warning(tmp_path):
    annual = BREAK_ANNUAL.replace("森林蓄积量,2021,12.6,新口径\n", "")
    files = {"indicators.csv": BREAK_INDICATORS, "annual.csv": annual, "monthly.csv": None}
    data = ingest_plan(PlanConfig.load(write_plan(tmp_path, files)))
    assert any("2021年只有旧口径数值" in w and "annual.csv" in w for w in data.warnings)
    stock = data.annual[data.annual["indicator_id"] == "stock"].set_index("year")
    assert stock.at[2021, "value"] == 10.5
