"""专项规划: the catalogue file, the parameters of a special plan, batch order and peers."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from hostile_cases import copy_sample
from planeval.config import PlanConfig, parameters_file
from planeval.data.ingest import ingest_plan
from planeval.errors import PlanevalError
from planeval.report.special_plans import catalogue_summary
from planeval.run.batch import _comparable, make_jobs, waves
from repo import PROJECT_ROOT

# The four plans the 江北区 seed sends to the 区人大常委会 as annexes (§二(二)).
TO_CONGRESS = {"城市基础设施", "卫生健康事业发展", "农业农村发展", "应急管理事业发展"}


@pytest.fixture(scope="module")
def jiangbei():
    config = PlanConfig.load(parameters_file("jiangbei"))
    return config, ingest_plan(config)


def test_jiangbei_catalogue_has_the_seeds_17_plans(jiangbei):
    _, data = jiangbei
    c = data.special_plans
    assert len(c) == 17
    congress = {re.sub(r"^江北区|“十四五”规划$", "", n) for n in c[c["to_congress"]]["name"]}
    assert congress == TO_CONGRESS
    assert set(c["plan_id"]) - {""} == {"jiangbei_health", "jiangbei_emergency"}
    assert c["submitted"].dtype == bool and c["filed"].dtype == bool


def test_catalogue_overview_sentence_agrees_with_its_table(jiangbei):
    config, data = jiangbei
    summary = catalogue_summary(data, config)
    table = summary.tables[0]
    assert len(table.rows) == 17
    columns = table.columns
    yes = {h: sum(r[columns.index(h)] == "是" for r in table.rows) for h in columns[4:]}
    raw = pd.read_csv(PROJECT_ROOT / "data" / "raw" / "jiangbei" / "special_plans.csv")
    assert yes["报人大"] == (raw["是否报区人大"] == "是").sum() == 4
    assert yes["已评估"] == raw["规划编号"].notna().sum() == 2
    assert yes["已提交"] == (raw["是否提交评估报告"] == "是").sum()
    assert yes["已备案"] == (raw["是否备案"] == "是").sum()
    assert yes["调整专章"] == (raw["是否有调整章节"] == "是").sum()
    text = summary.text
    assert "共列17项专项规划" in text and "需报区人大常委会审议4项" in text
    assert f"已提交中期评估报告{yes['已提交']}项" in text
    assert f"已备案{yes['已备案']}项" in text
    assert f"{yes['调整专章']}项评估报告以专门章节" in text
    missing = raw[raw["是否提交评估报告"] == "否"]["名称"]
    assert f"尚未提交评估报告的{len(missing)}项" in text and all(m in text for m in missing)
    assert (
        "卫生健康事业发展“十四五”规划、江北区应急管理事业发展“十四五”规划的中期评估报告作为本报告附件"
        in text
    )


def test_summary_counts_the_catalogues_reports_as_its_section_does(jiangbei, tmp_path):
    """摘要 says how many special plans submitted their report and how many have not,
    with the numbers of the 重点专项规划 section's table."""
    from planeval.method.assess import assess_plan
    from planeval.report.document import Report

    config, data = jiangbei
    report = Report(config, data, assess_plan(data, config), tmp_path)
    summary = re.sub(r"<[^>]+>", "", report.summary().html())
    submitted = int(data.special_plans["submitted"].sum())
    missing = len(data.special_plans) - submitted
    sentence = f"17项重点专项规划中，已提交中期评估报告{submitted}项，尚有{missing}项未提交。"
    assert sentence in summary
    assert f"已提交中期评估报告{submitted}项" in report.special_plan_summary.text
    assert summary.index("重大工程项目") < summary.index(sentence) < summary.index("满意度")


def test_a_final_evaluation_asks_for_final_reports(jiangbei):
    config, data = jiangbei
    final = dataclasses.replace(config, evaluation="final")
    text = catalogue_summary(data, final).text
    assert "已提交总结评估报告" in text and "的总结评估报告作为本报告附件" in text
    assert "中期评估报告" not in text


def test_hebei_catalogue_is_its_seeds_16_plans_without_empty_columns():
    """河北区's 附件1 目录清单: 16 plans and their 牵头单位; it sends none to the 人大 and
    evaluates none in the project, so neither column nor a zero count is shown."""
    config = PlanConfig.load(parameters_file("hebei"))
    data = ingest_plan(config)
    summary = catalogue_summary(data, config)
    table = summary.tables[0]
    assert len(table.rows) == 16
    assert table.rows[12][1:3] == ["大意风区产业发展专项规划", "意风区管委会"]
    assert table.columns == ["序号", "专项规划名称", "牵头部门", "已提交", "已备案", "调整专章"]
    text = summary.text
    assert "共列16项专项规划。" in text and "人大" not in text and "纳入本次评估" not in text
    submitted = sum(r[3] == "是" for r in table.rows)
    assert f"已提交中期评估报告{submitted}项" in text
    assert f"尚未提交评估报告的{16 - submitted}项专项规划为：大意风区产业发展专项规划" in text


def test_bad_catalogue_cell_names_file_row_and_column(tmp_path):
    project = copy_sample("jiangbei", tmp_path / "p")
    project.replace(
        "special_plans.csv", "区政府办公室印发,否,,是,否,否", "区政府办公室印发,否,,是,待定,否"
    )
    project.replace(
        "special_plans.csv",
        ",区卫生健康局,区政府印发,是,jiangbei_health",
        ",区卫生健康局,区政府印发,是,卫生 规划",
    )
    with pytest.raises(PlanevalError) as err:
        ingest_plan(PlanConfig.load(project.params))
    text = str(err.value)
    assert "special_plans.csv" in text
    assert "是否备案" in text and "待定" in text and "第9行" in text
    assert "规划编号" in text and "第3行" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"plan_type": "special"}, "为 special 时应填写 所属总体规划（parent_plan）"),
        ({"parent_plan": "jiangbei"}, "只有专项规划"),
        (
            {"plan_type": "special", "parent_plan": "x", "annex_plans": "[a]"},
            "专项规划不能再带附件",
        ),
        ({"plan_type": "outline"}, "规划类型（plan_type）"),
        ({"annex_plans": "[hebei]"}, "不能包含规划自身"),
    ],
)
def test_special_plan_parameters_are_checked(tmp_path, changes, message):
    project = copy_sample("hebei", tmp_path / "p")
    for key, value in changes.items():
        project.set_param(key, value)
    with pytest.raises(PlanevalError, match=re.escape(message)):
        PlanConfig.load(project.params)


def test_annexed_special_plans_are_built_first_and_leave_the_peer_group():
    jobs = make_jobs(["jiangbei", "jiangbei_health", "jiangbei_emergency", "nankai"], peers=False)
    order = [[j.plan_id for j in wave] for wave in waves(jobs)]
    assert order == [["jiangbei_health", "jiangbei_emergency", "nankai"], ["jiangbei"]]
    parent = next(j for j in jobs if j.plan_id == "jiangbei")
    # an annex's parameters and data are inputs of the 纲要 (a change reruns it)
    assert parameters_file("jiangbei_health").resolve() in parent.inputs
    assert {j.plan_id for j in _comparable(jobs)} == {"jiangbei", "nankai"}
    special = PlanConfig.load(parameters_file("jiangbei_health"))
    assert (special.plan_type, special.parent_plan, special.framework) == (
        "special",
        "jiangbei",
        "special",
    )


def test_missing_annex_parameters_is_a_clear_error(tmp_path):
    project = copy_sample("hebei", tmp_path / "p")
    project.set_param("annex_plans", "[hebei_health]")
    with pytest.raises(PlanevalError, match="附件专项规划「hebei_health」没有参数文件"):
        make_jobs([str(project.params)], peers=False)
