"""The survey by respondent group (企业 / 公众) and its open answers: hand-computed shares,
theme counts from the coded column, quotes only where the evaluator chose them, the bad
file messages, and the report's appendix and Excel sheets for the jiangbei sample."""

from __future__ import annotations

import re
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan, load_plan
from planeval.errors import PlanevalError
from planeval.method.assess import assess_plan
from planeval.report import sections
from planeval.report.document import Report
from planeval.report.survey import survey_detail
from repo import copy_project

SURVEY = pd.DataFrame(
    [
        {"group": "企业", "item": "营商环境", "sample": 20, "satisfied": 10,
         "fairly_satisfied": 5, "dissatisfied": 5},
        {"group": "公众", "item": "营商环境", "sample": 50, "satisfied": 30,
         "fairly_satisfied": 10, "dissatisfied": 10},
        {"group": "公众", "item": "交通出行", "sample": 50, "satisfied": 20,
         "fairly_satisfied": 20, "dissatisfied": 10},
    ]
)  # fmt: skip
ANSWERS = pd.DataFrame(
    [
        {"group": "企业", "theme": "营商环境", "text": "审批慢", "chosen": True},
        {"group": "公众", "theme": "交通出行", "text": "堵车", "chosen": False},
        {"group": "公众", "theme": "交通出行", "text": "公交少", "chosen": True},
    ]
)


def test_group_breakdown_and_themes_hand_computed():
    d = survey_detail(SimpleNamespace(survey=SURVEY, answers=ANSWERS))
    groups, themes = d.tables
    assert groups.columns == ["调查项目", "企业满意度（%）", "公众满意度（%）", "全部受访者（%）"]
    # 营商环境: 企业 15/20 = 75.0, 公众 40/50 = 80.0, all 55/70 = 78.6; 交通出行 公众 only
    assert groups.rows[0] == ["营商环境", "75.0", "80.0", "78.6"]
    assert groups.rows[1] == ["交通出行", "—", "80.0", "80.0"]
    assert groups.rows[-1] == ["总体", "75.0", "80.0", "79.2"]  # 95/120
    assert "企业总体满意度为75.0%（有效回答20份），公众总体满意度为80.0%（有效回答100份）" in d.text
    assert "企业对营商环境的满意度低于公众" in d.text
    assert themes.rows == [
        ["交通出行", "0", "2", "2"],
        ["营商环境", "1", "0", "1"],
        ["合计", "1", "2", "3"],
    ]
    assert "意见建议3条（企业1条、公众2条）" in d.text and "交通出行（2条）" in d.text
    assert d.figures["quotes"] == [("审批慢", "企业"), ("公交少", "公众")]  # chosen only
    # The per-item table adds the groups up.
    shares = sections.survey_shares(SURVEY)
    assert list(shares["item"]) == ["交通出行", "营商环境"] and list(shares["answers"]) == [50, 70]


def test_no_groups_no_answers_no_detail():
    plain = SURVEY.assign(group="")
    d = survey_detail(SimpleNamespace(survey=plain, answers=ANSWERS.iloc[:0]))
    assert d.tables == [] and d.figures["quotes"] == []


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("survey"), ["jiangbei"])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("调查对象,主题,意见,选用\n企业,,审批慢,是\n", ["意见未编码主题", "第2行", "主题"]),
        (
            "调查对象,主题,意见,选用\n企业,营商环境,审批慢,可以\n",
            ["未知的选用标记「可以」", "选用"],
        ),
        ("调查对象,主题,意见\n企业,营商环境,\n", ["意见为空", "第2行"]),
    ],
)
def test_bad_answers_file_names_file_row_and_column(project, text, words):
    path = project / "data" / "raw" / "jiangbei" / "answers.csv"
    original = path.read_text("utf-8")
    path.write_text(text, "utf-8")
    try:
        with pytest.raises(PlanevalError) as info:
            ingest_plan(PlanConfig.load(project / "parameters" / "jiangbei.yaml"))
    finally:
        path.write_text(original, "utf-8")
    message = str(info.value)
    assert "answers.csv" in message
    for w in words:
        assert w in message, (w, message)


def test_jiangbei_appendix_and_workbook(project, tmp_path):
    config = PlanConfig.load(project / "parameters" / "jiangbei.yaml")
    data = load_plan(config)
    report = Report(config, data, assess_plan(data, config), tmp_path)
    markup = report.survey().html()
    text = re.sub(r"<[^>]+>", "", markup)
    assert "分调查对象满意度" in text and "开放式意见主题分布" in text
    chosen = data.answers[data.answers["chosen"]]
    assert len(chosen) == 7
    for quote in chosen["text"]:
        assert f"“{quote}”" in text
    for quote in data.answers[~data.answers["chosen"]]["text"]:
        assert quote not in text
    wb = openpyxl.load_workbook(report.write_outputs()["xlsx"])
    assert {"分调查对象满意度", "开放式意见主题分布", "评估单位选用的代表性意见"} <= set(
        wb.sheetnames
    )
    rows = list(wb["开放式意见主题分布"].iter_rows(min_row=3, values_only=True))
    assert rows[-1] == ("合计", 12, 16, 28)  # numbers, not text
    assert [
        r[0] for r in wb["评估单位选用的代表性意见"].iter_rows(min_row=3, values_only=True)
    ] == list(chosen["text"])
