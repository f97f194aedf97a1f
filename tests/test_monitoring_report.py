"""The short 年度监测 report: every indicator in the 指标监测表, a paragraph and a chart
only for the indicators on the watch list, unwritten evaluator parts left out, and a
title naming the span monitored.

柳南区's 十四五 data folder serves a 2021 monitoring (annual cut-off 2021-12-31): the
same rows that feed its mid-term evaluation, the later ones left out by the cut-off.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from hostile_cases import copy_sample
from planeval.config import PlanConfig
from planeval.data.ingest import load_plan
from planeval.errors import PlanevalError
from planeval.method.assess import assess_plan
from planeval.method.forecast import Forecaster
from planeval.report.document import Report

MONITORING_2021 = {
    "evaluation": "monitoring",
    "annual_cutoff": "2021-12-31",
    "monthly_cutoff": "2021-12-31",
    "report_date": "2022-03-31",
    "forecast_years": [2022, 2023, 2024, 2025],
}


@pytest.fixture(scope="module")
def liunan_2021(tmp_path_factory):
    project = copy_sample("liunan", tmp_path_factory.mktemp("monitoring") / "p")
    for key, value in MONITORING_2021.items():
        project.set_param(key, value)
    project.drop_param("framework")  # the 年度监测 framework of the evaluation point
    config = PlanConfig.load(project.params)
    data = load_plan(config)
    frame = assess_plan(data, config, Forecaster.for_plan(config, models=["rw_drift"]))
    return project, data, frame


def _report(project, data, frame, **params) -> Report:
    for key, value in params.items():
        project.set_param(key, value)
    config = PlanConfig.load(project.params)
    return Report(config, data, frame, project.root / "out")


def _html(report: Report) -> str:
    return report.title().html() + "".join(part.html() for part in report.parts())


def _paragraph_names(html: str) -> list[str]:
    return re.findall(r'<p class="pe-indicator"><strong>(.*?)</strong>', html)


def test_title_names_the_year_monitored(liunan_2021):
    report = _report(*liunan_2021)
    assert report.config.report_kind == "2021年度监测"
    titles = re.findall(r"<h1>(.*?)</h1>", _html(report))
    assert titles == ["柳南区“十四五”规划实施2021年度监测报告"]


def test_half_year_monitoring_before_the_first_annual_figure(tmp_path):
    config = PlanConfig.load(copy_sample("sample15", tmp_path / "p").params)
    assert config.report_kind == "2026年上半年监测"


def test_every_indicator_in_the_table_paragraphs_only_for_the_watch_list(liunan_2021):
    project, data, frame = liunan_2021
    report = _report(project, data, frame)
    html = _html(report)
    watch = set(report.config.monitoring_watch)
    watched = frame[frame["category"].isin(watch) | frame["outlook"].isin(watch)]
    assert 0 < len(watched) < len(frame)  # the rule both keeps and leaves out indicators
    assert sorted(_paragraph_names(html)) == sorted(watched["name"])
    # the 指标监测表 has every indicator, and no year-to-date column at a year's end
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    for name in frame["name"]:
        assert name in table
    assert "主要指标监测表" in html and "2021年1-12月" not in table
    # the intro names the indicators analysed and the table's number
    intro = re.sub("<[^>]+>", "", html[html.index("规划共设置") :])[:600]
    assert f"{len(watched)}项指标进度滞后于预期、如期实现存在风险或难以如期实现" in intro
    assert "各指标监测情况见表1" in intro
    # charts: the overview charts and one per analysed indicator
    charts = {p.stem for p in report.chart_dir.glob("*.png")}
    assert set(watched["indicator_id"]) <= charts
    assert not (set(frame["indicator_id"]) - set(watched["indicator_id"])) & charts


def test_watch_list_is_a_parameter(liunan_2021):
    project, data, frame = liunan_2021
    report = _report(project, data, frame, monitoring_watch=["难以实现"])
    names = _paragraph_names(_html(report))
    assert sorted(names) == sorted(frame.loc[frame["outlook"] == "难以实现", "name"])
    assert "逐项分析的评价结果可在参数文件中设置（monitoring_watch）" in report.method_note().html()
    project.set_param("monitoring_watch", ["落后"])
    with pytest.raises(PlanevalError, match="monitoring_watch"):
        PlanConfig.load(project.params)
    project.set_param("monitoring_watch", ["滞后于预期", "存在风险", "难以实现"])


def test_unwritten_evaluator_parts_are_left_out(liunan_2021):
    project, data, frame = liunan_2021
    texts = dict(data.texts)
    data.texts.pop("measures", None)
    data.texts.pop("projects", None)
    try:
        html = _html(_report(project, data, frame))
    finally:
        data.texts.update(texts)
    assert "待补充" not in html
    # the part stays when it has generated content (the drafted proposals) …
    assert "下一步工作举措" in html
    # … and the mid-term framework still shows the placeholder for the same gap
    data.texts.pop("measures", None)
    try:
        midterm = _html(_report(project, data, frame, evaluation="midterm"))
    finally:
        data.texts.update(texts)
        project.set_param("evaluation", "monitoring")
    assert "待补充" in midterm


def test_workbook_sheet_is_the_monitoring_table(liunan_2021):
    report = _report(*liunan_2021)
    path = report.write_outputs()["xlsx"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "指标监测表"
    ws = wb["指标监测表"]
    assert ws.cell(1, 1).value == "柳南区“十四五”规划主要指标监测表"
    header = [c.value for c in next(ws.iter_rows(min_row=3, max_row=3))]
    assert "2021年" in header and not any("1-12月" in str(h) for h in header)


def test_relative_target_outlook_before_the_first_annual_figure(tmp_path):
    """示例区's 全员劳动生产率增长 (高于GDP增长) and 居民人均可支配收入增长 (与经济增长基本同步):
    no 2026 annual figure of either, so both trend growths run 2026—2030 from the 2025
    index, the 1-6月 growths entering both forecasts."""
    project = copy_sample("sample15", tmp_path / "p")
    config = PlanConfig.load(project.params)
    data = load_plan(config)
    frame = assess_plan(data, config, Forecaster.for_plan(config, models=["rw_drift"])).set_index(
        "indicator_id"
    )
    for iid in ("productivity_growth", "income_growth"):
        row = frame.loc[iid]
        assert row["outlook"] in ("有望实现", "存在风险", "难以实现"), row["notes"]
        assert "预测2026—2030年年均增长" in row["notes"] and "各年增速连乘" in row["notes"]
    report = Report(config, data, frame.reset_index(), project.root / "out")
    text = narrative_text(report, "productivity_growth")
    assert "预计2026—2030年年均增长" in text and "现价" not in text


def narrative_text(report: Report, iid: str) -> str:
    from planeval.report import narrative

    row = report.frame.set_index("indicator_id").loc[iid].copy()
    row["indicator_id"] = iid
    return narrative.indicator_text(row, report.extras[iid])
