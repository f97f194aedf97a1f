"""规划调整建议表: the proposed target from the forecast (hand-computed), the merge with the
evaluator's file (the file wins), its ingestion errors, and the consistency check that
the table and the words about it agree. The exported PDF and Excel sheet are checked on
the batch outputs in test_batch.
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from planeval.config import PlanConfig
from planeval.data.adjustments import empty
from planeval.data.ingest import ingest_plan, load_plan
from planeval.errors import PlanevalError
from planeval.method.adjustment import propose
from planeval.method.assess import assess_plan
from planeval.report import adjustments
from planeval.report.consistency import check_adjustments
from planeval.report.document import Report
from repo import copy_project

ROW = {
    "target_kind": "cagr",
    "target_value": 6.0,
    "direction": "higher",
    "base_value": 100.0,
    "base_year": 2020,
    "target_year": 2025,
    "forecast_2025": 120.0,
    "real_growth": False,
    "unit": "亿元",
    "target_text": "6%",
}


def test_proposed_growth_is_the_trend_rounded_down_to_the_step():
    # (120 / 100)^(1/5) − 1 = 3.714 %: 3.5 % at a step of 0.5, 3.7 % at 0.1
    p = propose(ROW, 0.5)
    assert (p.kind, p.value) == ("growth", 3.5)
    assert math.isclose(p.level, 100 * 1.035**5)
    assert math.isclose(p.trend, (1.2**0.2 - 1) * 100)
    assert propose(ROW, 0.1).value == 3.7


def test_proposed_targets_of_other_kinds_and_none_when_not_needed():
    share = {**ROW, "target_kind": "pp_level", "target_value": 65.0, "forecast_2025": 63.74}
    assert (propose(share, 0.5).kind, propose(share, 0.5).value) == ("share", 63.5)
    cut = {**ROW, "target_kind": "reduction", "direction": "lower", "target_value": 13.5}
    cut.update(base_value=1.0, forecast_2025=0.9)  # 10 % down
    assert (propose(cut, 0.5).kind, propose(cut, 0.5).value) == ("reduction", 10.0)
    assert propose({**ROW, "forecast_2025": 140.0}, 0.5) is None  # the trend meets 6 %
    assert propose({**ROW, "forecast_2025": math.nan}, 0.5) is None
    assert propose({**ROW, "target_kind": "ceiling"}, 0.5) is None
    real = {**ROW, "real_growth": True, "real_forecast_2025": 110.0}
    assert propose(real, 0.5).value == 1.5 and propose(real, 0.5).level is None


def test_current_target_reads_as_printed_with_unit_and_growth_words():
    assert adjustments.current_target({**ROW, "target_text": "2000，6%"}) == "2000亿元，年均增长6%"
    assert adjustments.current_target(
        {**ROW, "target_kind": "cagr_range", "target_text": "5.5-6.5%"}
    ) == ("年均增长5.5%—6.5%")
    assert adjustments.current_target(
        {**ROW, "target_kind": "cumulative_total", "target_text": "800"}
    ) == ("800亿元")


@pytest.fixture(scope="module")
def liunan(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("liunan"), ["liunan"])
    config = PlanConfig.load(root / "parameters" / "liunan.yaml")
    data = load_plan(config)
    return config, data, assess_plan(data, config)


def _file(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in empty().columns:
        if col not in frame:
            frame[col] = ""
    return frame[list(empty().columns)]


def test_drafted_and_evaluator_proposals_merge_and_the_file_wins(liunan):
    config, data, frame = liunan
    drafted = adjustments.build(frame, dataclasses.replace(data, adjustments=empty()), config)
    flagged = list(frame[frame["adjustment_flag"]]["name"])
    assert drafted.names == flagged == ["城镇居民人均可支配收入"]
    # The sample's evaluator file adds GDP and 工业总产值 (its recommendations.md names them).
    merged = adjustments.build(frame, data, config)
    assert merged.names == ["地区生产总值", "工业总产值", "城镇居民人均可支配收入"]
    assert merged.items[0].proposed == "年均增长4%左右" and merged.items[0].evaluator
    assert merged.items[0].current == "年均增长5.5%—6.5%"  # empty in the file: the plan's
    # A row for a drafted item replaces the cells it fills, keeps the draft's others.
    mine = _file(
        [
            {
                "indicator_id": "urban_income",
                "item": "城镇居民人均可支配收入",
                "proposed": "年均增长7%以上",
                "reason": "评估意见",
            },
            {
                "indicator_id": "",
                "item": "老旧小区改造任务",
                "proposed": "调整为2025年完成120个",
                "reason": "计划调整",
            },
        ]
    )
    got = adjustments.build(frame, dataclasses.replace(data, adjustments=mine), config)
    assert got.names == ["城镇居民人均可支配收入", "老旧小区改造任务"]
    income, task = got.items
    assert (income.proposed, income.reason) == ("年均增长7%以上", "评估意见")
    assert income.basis == drafted.items[0].basis and income.current == "年均增长9%以上"
    assert (task.indicator_id, task.current) == ("", "—")
    # 不调整 withdraws a drafted item.
    keep = _file(
        [{"indicator_id": "urban_income", "item": "x", "proposed": "不调整", "reason": "-"}]
    )
    none = adjustments.build(frame, dataclasses.replace(data, adjustments=keep), config)
    assert none.names == [] and none.withdrawn == ("城镇居民人均可支配收入",)


def test_drafted_reason_states_the_assessment_figures(liunan):
    config, data, frame = liunan
    p = adjustments.build(frame, dataclasses.replace(data, adjustments=empty()), config).items[0]
    row = frame.set_index("indicator_id").loc["urban_income"]
    assert f"后三年需年均增长{row['required_growth']:.1f}%" in p.reason
    assert f"最高年增速（{row['history_best_growth']:.1f}%）" in p.reason
    assert p.proposed.startswith("年均增长") and p.proposed.endswith("元）")


def test_report_words_table_and_paragraphs_agree(liunan, tmp_path):
    config, data, frame = liunan
    report = Report(config, data, frame, tmp_path)
    markup = "\n".join(
        s.html() for s in (report.summary(), report.indicators(), report.recommendations())
    )
    assert check_adjustments(markup, frame) == []
    assert "研究论证以下3项调整：地区生产总值、工业总产值、城镇居民人均可支配收入" in markup
    # A paragraph that names one item less, or a drifted figure, is caught.
    broken = markup.replace("以下3项调整：地区生产总值、", "以下2项调整：")
    assert any("adjustment paragraph" in p for p in check_adjustments(broken, frame))
    row = frame.set_index("indicator_id").loc["urban_income"]
    wrong = markup.replace(f"后三年需年均增长{row['required_growth']:.1f}%", "后三年需年均增长1.0%")
    assert any("adjustment reason" in p for p in check_adjustments(wrong, frame))
    gdp = markup.replace("。建议研究调整目标（见规划调整建议表）。", "。", 1)
    assert any(
        "paragraph and adjustment table disagree" in p for p in check_adjustments(gdp, frame)
    )
    rows = adjustments.Proposals(report.proposals.items[:2]).table().rows
    assert any("Excel" in p for p in check_adjustments(markup, frame, rows))


def test_bad_adjustments_file_names_file_row_and_column(tmp_path):
    copy_project(tmp_path, ["liunan"])
    params = tmp_path / "parameters" / "liunan.yaml"
    path = tmp_path / "data" / "raw" / "liunan" / "adjustments.csv"
    path.write_text(
        "指标代码,指标/任务,建议调整为,调整原因\n"
        "gdpx,地区生产总值,年均增长4%,原因\n"
        "industrial_output,工业总产值,,原因\n"
        ",老旧小区改造,调整,原因\n"
        ",老旧小区改造,调整,原因\n",
        "utf-8",
    )
    with pytest.raises(PlanevalError) as info:
        ingest_plan(PlanConfig.load(params))
    text = str(info.value)
    assert "adjustments.csv" in text
    assert "指标代码「gdpx」不在指标表中" in text and "第2行" in text and "指标代码" in text
    assert "「工业总产值」的建议调整为为空" in text and "第3行" in text
    assert "重复的调整事项「老旧小区改造」（另见第4行）" in text
