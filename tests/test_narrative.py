"""Drafted sentences, number formats and evaluator texts (report.narrative, report.document)."""

from __future__ import annotations

import ast
import math

import pytest

from planeval.report import narrative
from planeval.report.document import evaluator_text, markdown_html
from planeval.report.narrative import IndicatorExtras, indicator_text
from planeval.run.papermill_params import UnicodePythonTranslator

nan = math.nan


def gdp_row(**changes) -> dict:
    """地区生产总值, target 5.5-6.5 %, judged on real growth, 2022 an estimate.

    Base 2020 = 700.00 亿元; real growth 2021 4.0 %, 2022 3.0 % → index 1.04 × 1.03 =
    1.0712 → actual CAGR = 1.0712^(1/2) − 1 = 3.4988 % ("3.5%"), 2.0012 points below the
    lower bound 5.5 % ("2.0个百分点"). To reach the lower-bound path in 2025 at 2020
    prices, 700 × 1.055^5 = 914.87, from 700 × 1.0712 = 749.84 in 2022:
    (914.87 / 749.84)^(1/3) − 1 = 6.8556 % ("6.9%"). Forecast 842.337 → "842.34",
    80 % interval 801.2–885 → "801.20—885.00", P(meet) 0.0849 → "约8%".
    """
    row = {
        "indicator_id": "gdp",
        "order": 1,
        "name": "地区生产总值",
        "group": "经济发展",
        "attribute": "预期性",
        "binding": False,
        "unit": "亿元",
        "direction": "higher",
        "target_text": "5.5-6.5%",
        "target_kind": "cagr_range",
        "target_value": nan,
        "target_low": 5.5,
        "target_high": 6.5,
        "real_growth": True,
        "base_year": 2020,
        "base_value": 700.0,
        "latest_year": 2022,
        "latest_value": 760.5,
        "latest_provenance": "estimated",
        "ytd_period": None,
        "ytd_value": nan,
        "ytd_growth": nan,
        "actual_cagr": (1.04 * 1.03) ** 0.5 * 100 - 100,
        "required_cagr": 6.0,
        "target_level": 700 * 1.06**5,
        "E": 0.4,
        "P": 0.29,
        "R": 0.725,
        "category": "滞后于预期",
        "breach_years": "",
        "forecast_2025": 842.337,
        "lo80_2025": 801.2,
        "hi80_2025": 885.0,
        "prob_meet": 0.0849,
        "required_growth": ((700 * 1.055**5) / (700 * 1.0712)) ** (1 / 3) * 100 - 100,
        "history_best_growth": 11.8,
        "adjustment_flag": False,
        "notes": "",
    }
    row.update(changes)
    return row


def test_gdp_sentence_exact():
    assert indicator_text(gdp_row()) == (
        "地区生产总值2022年达到760.50亿元（预计数），2021—2022年按可比价计算年均增长3.5%，"
        "比规划目标区间下限（5.5%）低2.0个百分点，进度滞后于预期；"
        "按现有趋势预计2025年达到842.34亿元（现价，80%区间801.20—885.00亿元），"
        "实现规划目标的概率约8%，后三年需年均增长6.9%。"
    )


def test_adjustment_flag_sentence():
    row = gdp_row(adjustment_flag=True, history_best_growth=6.1, real_growth=False)
    text = indicator_text(row, IndicatorExtras(history_start=2011))
    assert text.endswith(
        "后三年需年均增长6.9%。所需增速高于该指标2011年以来的最高水平（6.1%），建议研究调整目标。"
    )


def test_cagr_target_is_named_with_its_rate():
    # 城镇居民人均可支配收入: base 41,256元, 2022 47,936元 → CAGR (47936/41256)^(1/2) − 1
    # = 7.79 %, 1.2 points below "9%以上".
    row = gdp_row(
        name="城镇居民人均可支配收入",
        unit="元",
        target_kind="cagr_floor",
        target_value=9.0,
        target_text="9%以上",
        base_value=41256.0,
        latest_value=47936.0,
        real_growth=False,
        latest_provenance="official",
        actual_cagr=((47936 / 41256) ** 0.5 - 1) * 100,
        required_cagr=9.0,
        forecast_2025=57118.5,
        lo80_2025=55529.0,
        hi80_2025=58753.2,
        prob_meet=0.0,
        required_growth=9.81,
    )
    assert indicator_text(row) == (
        "城镇居民人均可支配收入2022年达到47,936元，2021—2022年年均增长7.8%，"
        "比规划目标（年均增长9%以上）低1.2个百分点，进度滞后于预期；"
        "按现有趋势预计2025年达到57,119元（80%区间55,529—58,753元），"
        "实现规划目标的概率不足1%，后三年需年均增长9.8%。"
    )


def test_ceiling_breach_lists_years():
    row = gdp_row(
        name="城镇调查失业率",
        unit="%",
        direction="lower",
        target_kind="ceiling",
        target_value=4.5,
        target_text="4.5以内",
        binding=True,
        real_growth=False,
        latest_value=5.6,
        latest_provenance="official",
        actual_cagr=nan,
        required_cagr=nan,
        category="滞后于预期",
        breach_years="2022",
        forecast_2025=5.0,
        lo80_2025=4.5,
        hi80_2025=5.5,
        prob_meet=0.3,
        required_growth=nan,
    )
    extras = IndicatorExtras(values={2020: 4.1, 2021: 4.3, 2022: 5.6})
    assert indicator_text(row, extras) == (
        "城镇调查失业率2021—2022年分别为4.3%和5.6%，2022年超过4.5%的控制目标，"
        "进度滞后于预期；按现有趋势预计2025年为5.0%（80%区间4.5—5.5%），"
        "控制在目标以内的概率约30%。"
    )


def test_cumulative_total_share_of_five_year_target():
    # 2021 164.86 + 2022 173.11 = 337.97 亿元 = 42.2 % of 800, time elapsed 40 %.
    row = gdp_row(
        name="全社会固定资产投资额",
        target_kind="cumulative_total",
        target_value=800.0,
        target_text="800",
        base_value=147.2,
        latest_value=173.11,
        real_growth=False,
        latest_provenance="official",
        category="基本符合预期",
        forecast_2023=176.62,
        forecast_2024=181.39,
        forecast_2025=186.08,
        prob_meet=0.996,
        required_growth=-5.73,
    )
    extras = IndicatorExtras(values={2020: 147.2, 2021: 164.86, 2022: 173.11})
    assert indicator_text(row, extras) == (
        "全社会固定资产投资额2021—2022年累计完成337.97亿元，占五年目标800亿元的42.2%，"
        "略高于时间进度40%，进度基本符合预期；按现有趋势预计2021—2025年累计完成882.06亿元，"
        "实现规划目标的概率超过99%，后三年即使年均下降5.7%也可实现规划目标。"
    )


def test_target_already_met():
    row = gdp_row(
        name="外贸进出口总额",
        target_kind="cagr_floor",
        target_value=5.0,
        target_text="5%以上",
        real_growth=False,
        latest_provenance="official",
        actual_cagr=14.8,
        required_cagr=5.0,
        category="提前实现",
        prob_meet=1.0,
        required_growth=-3.2,
    )
    text = indicator_text(row)
    assert "已提前实现规划目标" in text
    assert "评价为" not in text and "后三年" not in text and "概率" not in text


def test_progress_and_outlook_pointing_different_ways_are_joined():
    # jiangbei GDP: R = 1.14 快于预期, P(meet) 8 % 难以实现 → one clause joined by 但.
    row = gdp_row(
        target_kind="cagr",
        target_value=6.5,
        target_text="6.5%",
        real_growth=False,
        latest_provenance="official",
        actual_cagr=7.5,
        required_cagr=6.5,
        category="快于预期",
        outlook="难以实现",
        prob_meet=0.08,
        required_growth=5.86,
    )
    assert indicator_text(row) == (
        "地区生产总值2022年达到760.50亿元，2021—2022年年均增长7.5%，"
        "比规划目标（年均增长6.5%）高1.0个百分点，进度快于预期，但按现有趋势难以如期实现："
        "预计2025年达到842.34亿元（80%区间801.20—885.00亿元），实现规划目标的概率约8%，"
        "后三年需年均增长5.9%。"
    )
    lagging = indicator_text(gdp_row(outlook="有望实现"))
    assert "进度滞后于预期，但按现有趋势仍有望如期实现：" in lagging
    agreeing = indicator_text(gdp_row(outlook="难以实现"))
    assert "进度滞后于预期，按现有趋势难以如期实现：" in agreeing


def test_differences_are_between_the_printed_operands():
    # actual 5.94 prints 5.9, required 5.64 prints 5.6: the gap printed is 0.3, not 0.2
    # (5.94 − 5.64 = 0.30 unrounded would agree here, 5.94 − 5.66 = 0.28 → "0.3" too; the
    # case that went wrong was 5.86 − 5.64 = 0.22 → "0.2" beside "5.9% … 5.6%").
    row = gdp_row(
        target_kind="level",
        target_value=20.0,
        target_text="20",
        unit="万元",
        real_growth=False,
        latest_provenance="official",
        actual_cagr=5.86,
        required_cagr=5.64,
        category="基本符合预期",
    )
    text = indicator_text(row)
    assert "年均增长5.9%" in text and "年均增速5.6%高0.3个百分点" in text


def test_life_expectancy_is_a_change_in_years():
    # 82.3 → 82.6 岁: 提高0.3岁; target 83: 还需提高0.4岁, 0.4 / 3 = 0.13 a year.
    row = gdp_row(
        name="人均预期寿命",
        target_kind="level",
        target_value=83.0,
        target_text="83",
        unit="岁",
        base_value=82.3,
        latest_value=82.6,
        real_growth=False,
        latest_provenance="official",
        actual_cagr=0.18,
        required_cagr=0.17,
        category="基本符合预期",
        outlook="有望实现",
        forecast_2025=83.06,
        lo80_2025=82.95,
        hi80_2025=83.17,
        prob_meet=0.76,
        required_growth=0.16,
    )
    assert indicator_text(row) == (
        "人均预期寿命2022年达到82.6岁，比2020年提高0.3岁，进度基本符合预期，按现有趋势有望如期实现："
        "预计2025年达到83.1岁（80%区间83.0—83.2岁），实现规划目标的概率约76%，"
        "实现目标还需提高0.4岁，即后三年年均提高0.13岁。"
    )


def test_degenerate_forecast_prints_not_applicable_with_the_reason():
    row = gdp_row(
        name="亿元GDP生产安全事故死亡率",
        unit="人/亿元",
        direction="lower",
        target_kind="ceiling",
        target_value=0.02,
        target_text="控制在0.02以内",
        binding=True,
        real_growth=False,
        latest_value=0.007,
        latest_provenance="official",
        category="基本符合预期",
        outlook="预测不适用",
        no_forecast_reason="按趋势外推将降至零以下，超出指标可能的取值范围",
        forecast_2025=nan,
        lo80_2025=nan,
        hi80_2025=nan,
        prob_meet=nan,
        required_growth=nan,
    )
    extras = IndicatorExtras(values={2021: 0.009, 2022: 0.007})
    assert indicator_text(row, extras) == (
        "亿元GDP生产安全事故死亡率2021—2022年分别为0.009和0.007人/亿元，"
        "均控制在0.02人/亿元以内，进度基本符合预期；"
        "趋势预测不适用（按趋势外推将降至零以下，超出指标可能的取值范围）。"
    )


def test_ceiling_forecast_breach_names_the_years():
    row = gdp_row(
        name="城镇调查失业率",
        unit="%",
        direction="lower",
        target_kind="ceiling",
        target_value=4.5,
        target_text="4.5以内",
        binding=True,
        real_growth=False,
        latest_value=4.2,
        latest_provenance="official",
        category="基本符合预期",
        outlook="难以实现",
        outlook_years="2024、2025",
        forecast_2024=4.71,
        forecast_2025=4.95,
        prob_meet=0.41,
        required_growth=nan,
    )
    extras = IndicatorExtras(values={2021: 3.8, 2022: 4.2})
    assert indicator_text(row, extras) == (
        "城镇调查失业率2021—2022年分别为3.8%和4.2%，均控制在4.5%以内，"
        "进度基本符合预期，但按现有趋势难以如期实现：预计2024年为4.7%、2025年为5.0%，"
        "将超过4.5%的控制目标。"
    )


def test_relative_target():
    row = gdp_row(
        name="居民人均可支配收入",
        unit="元",
        target_kind="relative",
        target_text="与经济增长基本同步",
        latest_value=58721.0,
        real_growth=False,
        latest_provenance="official",
        actual_cagr=5.2,
        required_cagr=5.8,
        breach_years="2021",
        category="滞后于预期",
    )
    extras = IndicatorExtras(reference_name="地区生产总值")
    assert indicator_text(row, extras) == (
        "居民人均可支配收入2022年达到58,721元，2021—2022年年均增长5.2%，"
        "同期地区生产总值年均增长5.8%，未达到“与经济增长基本同步”的要求"
        "（其中2021年增速低于地区生产总值），进度滞后于预期。"
    )


def test_qualitative_without_assigned_values_needs_manual_judgement():
    row = gdp_row(
        name="万元生产总值能耗",
        unit="吨标准煤/万元",
        target_kind="qualitative",
        target_text="控制在柳州市下达指标内",
        latest_value=0.551,
        latest_provenance="official",
        category="需人工判断",
        real_growth=False,
        actual_cagr=nan,
        forecast_2025=nan,
    )
    extras = IndicatorExtras(values={2021: 0.556, 2022: 0.551}, parent="柳州市")
    assert indicator_text(row, extras) == (
        "万元生产总值能耗的规划目标为“控制在柳州市下达指标内”，2021—2022年分别为0.556和"
        "0.551吨标准煤/万元，尚无柳州市下达的年度指标，暂无法量化评价，需人工判断。"
    )


def test_manual_status_quotes_the_reason():
    row = gdp_row(
        name="主要污染物排放量",
        unit="%",
        target_kind="qualitative",
        target_text="控制在柳州市下达指标内",
        latest_value=2.1,
        category="基本符合预期",
        real_growth=False,
        latest_provenance="official",
    )
    extras = IndicatorExtras(values={2021: 1.9, 2022: 2.1}, manual_note="均完成下达的减排任务。")
    assert indicator_text(row, extras).endswith(
        "经评估单位综合判断（均完成下达的减排任务），评价为基本符合预期。"
    )


def test_missing_data_is_said_not_hidden():
    row = gdp_row(latest_year=nan, latest_value=nan, category="数据不足")
    assert indicator_text(row) == (
        "地区生产总值暂无2021年以来的统计数据，暂无法评价进度，请有关部门补充数据。"
    )


@pytest.mark.parametrize(
    ("unit", "values", "value", "expected"),
    [
        ("元", [41256], 42345.4, "42,345"),
        ("亿元", [1494.6], 1620.2, "1620.20"),
        ("%", [4.1, 3.8], 4.25, "4.3"),  # one decimal, rounded half up (四舍五入)
        ("%", [0.66, 0.52], 0.66, "0.66"),  # two when reported with two
        ("‰", [3.4], -0.8, "-0.80"),
        ("吨标准煤/万元", [0.512, 0.49], 0.5, "0.500"),
        ("家", [960, 700], 1203.4, "1203"),
        ("元", [], 57118.5, "57,119"),
        ("亿元", [], -0.001, "0.00"),
    ],
)
def test_value_formats(unit, values, value, expected):
    assert narrative.ValueFormat.of(unit, values)(value) == expected


def test_summary_counts_in_official_order():
    import datetime as dt

    import pandas as pd

    from planeval.config import PlanConfig

    frame = pd.DataFrame(
        {
            "category": ["滞后于预期", "提前实现", "基本符合预期", "需人工判断", "基本符合预期"],
            "name": ["甲", "乙", "丙", "丁", "戊"],
            "binding": [True, False, False, False, False],
            "adjustment_flag": [False] * 5,
        }
    )
    config = PlanConfig("x", "x规划", "某某区", data_dir=".", monthly_cutoff=dt.date(2023, 6, 30))
    text = narrative.summary_text(frame, config)
    assert "全区5项主要指标中，1项提前实现，2项基本符合预期，1项滞后于预期，1项需人工判断。" in text
    assert "滞后于预期的指标为甲（约束性）" in text
    assert text.splitlines()[0].startswith("截至2022年底，“十四五”规划实施已满两年，时间进度为40%")


# --- evaluator texts ----------------------------------------------------------------


def test_script_in_evaluator_text_is_escaped():
    html = evaluator_text({"problems": "一是问题。<script>alert(1)</script>\n"}, "problems")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_evaluator_markdown_subset():
    html = markdown_html("### 小标题\n\n**一是经济增长动能偏弱。**受疫情影响。\n\n- 甲\n- 乙\n")
    assert "<h4>小标题</h4>" in html  # the file's top heading sits below the section's h3
    assert "<strong>一是经济增长动能偏弱。</strong>受疫情影响。" in html  # CJK bold closes
    assert "<li>甲</li>" in html
    assert 'href="javascript' not in markdown_html("[x](javascript:alert(1))")


@pytest.mark.parametrize("texts", [{}, {"measures": "  \n"}])
def test_missing_text_shows_placeholder(texts):
    html = evaluator_text(texts, "measures")
    assert "（待补充：请评估单位补充规划中后期主要工作举措）" in html
    assert 'class="pe-placeholder"' in html


# --- papermill parameters -----------------------------------------------------------


@pytest.mark.parametrize("value", ["柳南区", "a\"b'c", "back\\slash", "two\nlines", "制表\t符"])
def test_translator_writes_plain_python_literals(value):
    literal = UnicodePythonTranslator.translate(value)
    assert ast.literal_eval(literal) == value
    assert "\\u" not in literal


def test_translator_lists_and_dicts():
    literal = UnicodePythonTranslator.translate({"地区": ["柳南区", 2020]})
    assert ast.literal_eval(literal) == {"地区": ["柳南区", 2020]}
    assert "柳南区" in literal


def test_sections_without_tables_say_so():
    import datetime as dt

    import pandas as pd

    from planeval.config import PlanConfig
    from planeval.data.plandata import PlanData
    from planeval.report import sections

    empty = pd.DataFrame()
    data = PlanData("x", empty, empty, empty, empty, empty, empty, empty)
    config = PlanConfig("x", "x规划", "某某区", data_dir=".", monthly_cutoff=dt.date(2023, 6, 30))
    assert sections.tasks_summary(data, config).text.startswith("未提供中期评估内容分解表")
    assert sections.projects_summary(data, config).text.startswith("未提供重大工程项目表")
    survey = sections.survey_summary(data, config)
    assert survey.text == "" and survey.tables == []


def test_survey_shares_and_lowest_items():
    import datetime as dt

    import pandas as pd

    from planeval.config import PlanConfig
    from planeval.data.plandata import PlanData
    from planeval.report import sections

    # 满意度 = (满意 + 基本满意) / 回答数: 社会治安 (786+306)/1145 = 95.4 %,
    # 交通出行 (458+453)/1194 = 76.3 %, 托育服务 (325+469)/1176 = 67.5 %.
    survey = pd.DataFrame(
        {
            "item": ["交通出行", "社会治安", "托育服务"],
            "sample": [1194.0, 1145.0, 1176.0],
            "satisfied": [458.0, 786.0, 325.0],
            "fairly_satisfied": [453.0, 306.0, 469.0],
            "dissatisfied": [283.0, 53.0, 382.0],
        }
    )
    empty = pd.DataFrame()
    data = PlanData("x", empty, empty, empty, empty, empty, empty, survey)
    config = PlanConfig("x", "x规划", "某某区", data_dir=".", monthly_cutoff=dt.date(2023, 6, 30))
    summary = sections.survey_summary(data, config)
    assert [r[0] for r in summary.tables[0].rows] == ["社会治安", "交通出行", "托育服务"]
    assert [r[-1] for r in summary.tables[0].rows] == ["95.4", "76.3", "67.5"]
    assert "满意度较高的是社会治安（95.4%）" in summary.text
    assert "满意度较低的是托育服务（67.5%）" in summary.text
