"""The consistency checker (report.consistency) rejects the sentences the reports printed
before issue 10. That it passes every sample plan's regenerated narrative and charts is
asserted on the executed notebooks in test_report_notebook (no second run of each plan).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from planeval.report.consistency import check_paragraph, check_report

FIXTURES = Path(__file__).parent / "fixtures"
nan = math.nan


def _rows() -> pd.DataFrame:
    """The assessment rows of the fixture sentences (values as assess_plan gave them)."""
    return pd.DataFrame(
        [
            {
                "name": "地区生产总值",
                "latest_year": 2022,
                "latest_value": 860.3,
                "actual_cagr": 7.52,
                "category": "快于预期",
                "outlook": "难以实现",
                "forecast_2025": 1018.686,
                "prob_meet": 0.0827,
                "required_growth": 5.859,
                "target_kind": "cagr",
                "base_value": 714.15,
            },
            {
                "name": "人均地区生产总值",
                "latest_year": 2022,
                "latest_value": 17.04,
                "actual_cagr": 5.88,
                "category": "基本符合预期",
                "outlook": "难以实现",
                "forecast_2025": 19.151,
                "prob_meet": 0.0162,
                "required_growth": 5.484,
                "target_kind": "level",
                "base_value": 15.2,
            },
            {
                "name": "亿元GDP生产安全事故死亡率",
                "latest_year": 2022,
                "latest_value": 0.007,
                "actual_cagr": nan,
                "category": "基本符合预期",
                "outlook": "预测不适用",
                "forecast_2025": nan,
                "prob_meet": nan,
                "required_growth": nan,
                "target_kind": "ceiling",
                "base_value": 0.012,
            },
            {
                "name": "主要污染物排放量",
                "latest_year": 2022,
                "latest_value": 2.1,
                "actual_cagr": nan,
                "category": "基本符合预期",
                "outlook": "需人工判断",
                "forecast_2025": nan,
                "prob_meet": nan,
                "required_growth": nan,
                "target_kind": "qualitative",
                "base_value": 3.6,
            },
        ]
    )


def test_checker_rejects_the_sentences_printed_before():
    markup = (FIXTURES / "bad_sentences.html").read_text("utf-8")
    problems = check_report(markup, _rows())
    text = "\n".join(problems)
    # 快于预期 beside "概率约8%", not joined
    assert "地区生产总值: 快于预期 beside a probability" in text
    # "5.9% … 5.6% 高0.2个百分点": 5.9 − 5.6 = 0.3
    assert "人均地区生产总值: difference" in text
    # a zero forecast with a zero-width interval and a probability, printed as a finding
    assert "亿元GDP生产安全事故死亡率: zero-width interval" in text
    assert "degenerate forecast not marked" in text
    # "减排幅度较上年收窄" while the values go 1.9 → 2.1
    assert "主要污染物排放量: direction word" in text
    # internals and truncated clauses
    assert "数据文件夹" in text and "data/raw/" in text
    assert "'即（'" in text and "'0/3期'" in text


def test_checker_accepts_the_sentences_printed_now():
    rows = _rows()
    gdp = rows.iloc[0]
    text = (
        "地区生产总值2022年达到860.30亿元，2021—2022年按可比价计算年均增长7.5%，"
        "比规划目标（年均增长6.5%）高1.0个百分点，进度快于预期，但按现有趋势难以如期实现："
        "预计2025年达到1018.69亿元（现价），实现规划目标的概率约8%，后三年需年均增长5.9%。"
    )
    assert check_paragraph(text, gdp) == []
