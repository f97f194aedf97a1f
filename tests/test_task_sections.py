"""Structured tasks (来源, 四个重大类别, 专栏, 预期展望) and chapter indicators (章节指标):
validation with file/row/column, and the drafted paragraphs agreeing with their tables."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from conftest import ANNUAL, write_plan
from planeval.cli import main
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan, load_plan
from planeval.data.tasks import outlook_category
from planeval.errors import PlanevalError
from planeval.method.assess import assess_plan
from planeval.report import sections, task_sections
from planeval.report.chapter_summary import chapter_indicators_summary
from repo import PROJECT_ROOT

TASKS = "来源,篇,章节,任务,负责部门,进展,完成率,四个重大类别,专栏,预期展望,说明\n"
CHAPTERS = "章节,序号,指标代码,类别,指标名称,单位,目标总量,年均增长,属性\n"

CASES = [
    (
        "unknown-source",
        {"tasks.csv": TASKS + "省级规划,第一篇,第三章,招商,商务局,滞后,20,,,,\n"},
        "未知的任务来源「省级规划」",
        ["tasks.csv", "第2行", "列「来源」"],
    ),
    (
        "major4-without-kind",
        {"tasks.csv": TASKS + "四个重大,重大平台,,科创园,科技局,滞后,20,,,,\n"},
        "缺少四个重大类别",
        ["tasks.csv", "第2行", "列「四个重大类别」"],
    ),
    (
        "kind-on-a-plan-task",
        {"tasks.csv": TASKS + "本级纲要,第一篇,第三章,招商,商务局,滞后,20,平台,,,\n"},
        "不应填写四个重大类别「平台」",
        ["tasks.csv", "第2行", "列「四个重大类别」"],
    ),
    (
        "unknown-kind",
        {"tasks.csv": TASKS + "四个重大,重大平台,,科创园,科技局,滞后,20,载体,,,\n"},
        "未知的四个重大类别「载体」",
        ["tasks.csv", "第2行", "列「四个重大类别」"],
    ),
    (
        "chapter-empty",
        {"chapter_indicators.csv": CHAPTERS + ",1,ch_a,经济发展,楼宇数,座,25,—,预期性\n"},
        "章节为空",
        ["chapter_indicators.csv", "第2行", "列「章节」"],
    ),
    (
        "chapter-code-clash",
        {"chapter_indicators.csv": CHAPTERS + "第四章,1,gdp,经济发展,楼宇数,座,25,—,预期性\n"},
        "章节指标「gdp」与主要指标重复",
        ["chapter_indicators.csv", "第2行", "列「指标代码」"],
    ),
    (
        "chapter-name-clash",
        {
            "chapter_indicators.csv": CHAPTERS
            + "第四章,1,ch_a,经济发展,地区生产总值,亿元,—,6%,预期性\n"
        },
        "章节指标「地区生产总值」与主要指标重复",
        ["chapter_indicators.csv", "第2行", "列「指标名称」"],
    ),
    (
        "chapter-unknown-in-annual",
        {
            "chapter_indicators.csv": CHAPTERS + "第四章,1,ch_a,经济发展,楼宇数,座,25,—,预期性\n",
            "annual.csv": ANNUAL + "楼宇数目,2021,12,,\n",
        },
        "未知指标「楼宇数目」",
        ["annual.csv", "列「指标名称」"],
    ),
]


@pytest.mark.parametrize(
    ("files", "message", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_task_or_chapter_row_is_named(tmp_path, capsys, files, message, where):
    params = write_plan(tmp_path, files)
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert message in err, err
    for fragment in where:
        assert fragment in err, (fragment, err)
    assert "Traceback" not in err
    assert not (tmp_path / "processed" / "meta.json").exists()


def test_completed_task_at_risk_is_a_warning(tmp_path):
    files = {
        "tasks.csv": TASKS + "本级纲要,第一篇,第三章,招商,商务局,已完成,100,,,存在风险：资金,\n"
    }
    data = ingest_plan(PlanConfig.load(write_plan(tmp_path, files)))
    assert any("预期展望为「存在风险」" in w and "tasks.csv" in w for w in data.warnings)
    assert data.tasks.loc[0, "outlook_category"] == "存在风险"


def test_old_task_table_reads_as_plan_tasks(tmp_path):
    files = {"tasks.csv": "篇,章节,负责部门,进展,完成率\n第一篇,第三章,商务局,滞后,20\n"}
    data = ingest_plan(PlanConfig.load(write_plan(tmp_path, files)))
    assert list(data.tasks["source"]) == ["本级纲要"]
    assert list(data.tasks["major4"]) == [""]
    tables = sections.tasks_summary(data, PlanConfig.load(tmp_path / "params.yaml")).tables
    assert [t.caption for t in tables] == [
        "重点任务推进情况（按篇）",
        "需关注部门的重点任务推进情况",
        "进展滞后或未启动的任务",
    ]
    assert tables[-1].columns == ["篇", "章节", "负责部门", "进展", "说明"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("存在风险：受拆迁影响", "存在风险"),
        ("如期完成", "如期完成"),
        ("难以完成，建议调整", "难以完成"),
        ("预计如期完成", ""),  # free text: no outlook word at the start
        ("", ""),
    ],
)
def test_outlook_word(text, category):
    assert outlook_category(text) == category


def test_chapter_values_stay_out_of_the_main_tables(tmp_path):
    files = {
        "chapter_indicators.csv": CHAPTERS
        + "第四章 深化改革,1,ch_a,经济发展,楼宇数,座,25,—,预期性\n",
        "annual_章节.csv": "指标名称,年份,数值\n楼宇数,2020,16\n楼宇数,2021,17\n楼宇数,2022,18\n",
    }
    config = PlanConfig.load(write_plan(tmp_path, files))
    data = load_plan(config)
    assert "ch_a" not in set(data.annual["indicator_id"])
    assert list(data.chapter_annual["value"]) == [16, 17, 18]
    again = load_plan(config)  # from data/processed
    assert list(again.chapter_indicators["chapter"]) == ["第四章 深化改革"]
    frame = assess_plan(again.chapters(), config)
    assert list(frame["indicator_id"]) == ["ch_a"]
    assert "ch_a" not in set(assess_plan(again, config)["indicator_id"])


# --- the drafted text agrees with its tables (the samples) -------------------------


def _sample(plan: str):
    config = PlanConfig.load(PROJECT_ROOT / "parameters" / f"{plan}.yaml")
    return config, ingest_plan(config)


def _count(text: str, pattern: str) -> int:
    m = re.search(pattern, text)
    assert m, (pattern, text)
    return int(m.group(1))


def _column_sum(table, header: str) -> int:
    j = table.columns.index(header)
    return sum(int(r[j]) for r in table.rows)


def test_hebei_107_tasks_read_in_summaries_and_named_lagging_items():
    config, data = _sample("hebei")
    s = sections.tasks_summary(data, config)
    by_part, by_chapter, _, lagging = s.tables
    assert _count(s.text, r"规划确定的(\d+)项重点任务") == 107
    assert _column_sum(by_part, "任务数") == _column_sum(by_chapter, "任务数") == 107
    for status in ("已完成", "按计划推进", "滞后", "未启动"):
        said = re.search(rf"{status}(\d+)项", s.text)
        assert _column_sum(by_part, status) == (int(said.group(1)) if said else 0), status
    assert len(by_chapter) == _count(s.text, r"(\d+)个章节中")
    lagging_chapters = sum(1 for r in by_chapter.rows if r[4] != "0" or r[5] != "0")
    assert lagging_chapters == _count(s.text, r"章节中(\d+)个章节有滞后")
    # Only the lagging and at-risk tasks are listed, by name.
    listed = _count(s.text, r"预期存在风险的(\d+)项任务逐项列于下表")
    tasks = data.tasks[(data.tasks["source"] == "本级纲要") & (data.tasks["column"] == "")]
    at_risk = tasks["outlook_category"].isin(["存在风险", "难以完成"])
    expected = tasks[tasks["status"].isin(["滞后", "未启动"]) | at_risk]
    assert listed == len(lagging) == len(expected) < 107 / 4
    assert [r[1] for r in lagging.rows] == list(expected["name"])


def test_hebei_column_projects_and_upper_tasks_agree_with_tables():
    config, data = _sample("hebei")
    col = task_sections.column_projects_summary(data, config)
    assert _count(col.text, r"规划纲要(\d+)个专栏项目") == 7
    (items,) = col.tables  # one row per 专栏: no group table
    assert len(items) == 7
    assert items.columns[-1] == "预期展望及相关说明" and all(r[-1] for r in items.rows)
    lagging = [r[0] for r in items.rows if r[3].startswith(("滞后", "未启动"))]
    risky = [r[0] for r in items.rows if r[-1].startswith(("存在风险", "难以完成"))]
    for name in lagging + risky:
        assert f"“{name}”" in col.text
    upper = task_sections.upper_tasks_summary(data, config)
    assert _count(upper.text, r"重大任务共(\d+)项") == _column_sum(upper.tables[0], "任务数") == 8
    assert _count(upper.text, r"分属(\d+)个领域") == len(upper.tables[0])


def test_jiangbei_major4_counts_by_category():
    config, data = _sample("jiangbei")
    s = task_sections.major4_summary(data, config)
    by_kind, items = s.tables
    assert [r[0] for r in by_kind.rows] == ["重大平台", "重大项目", "重大政策", "重大改革"]
    assert _count(s.text, r"“四个重大”共(\d+)项") == _column_sum(by_kind, "事项数") == len(items)
    for row in by_kind.rows:
        assert f"{row[0]}{row[1]}项" in s.text
    for status in ("已完成", "滞后"):
        assert f"{status}{_column_sum(by_kind, status)}项" in s.text
    for r in items.rows:
        if r[3].startswith("滞后"):
            assert f"“{r[1]}”" in s.text
    # 四个重大 and 上级规划 rows are not counted among the plan's own 重点任务
    own = sections.tasks_summary(data, config)
    assert _count(own.text, r"规划确定的(\d+)项重点任务") == 27


def test_plans_without_structured_rows_have_no_such_sections():
    config, data = _sample("baicheng")
    for make in (
        task_sections.upper_tasks_summary,
        task_sections.major4_summary,
        task_sections.column_projects_summary,
    ):
        assert make(data, config).text == ""
    assert chapter_indicators_summary(None, data).text == ""


def test_nankai_chapter_indicators_per_chapter():
    config, data = _sample("nankai")
    frame = assess_plan(data.chapters(), config)
    s = chapter_indicators_summary(frame, data)
    (table,) = s.tables
    assert len(table) == 12 == _count(s.text, r"规划纲要(\d+)个章节")
    assert _count(s.text, r"章节指标(\d+)项") == _column_sum(table, "指标数") == len(frame)
    for category, k in frame["category"].value_counts().items():
        assert f"{category}{k}项" in s.text
        assert _column_sum(table, category) == k
    lagging = frame[frame["category"] == "滞后于预期"]
    assert len(lagging)
    for name in lagging["name"]:
        assert name in s.text
    lagging_rows = [r for r in table.rows if r[-1] != "—"]
    assert len(table) - len(lagging_rows) == _count(s.text, r"分章节看，(\d+)个章节")
    # the main table is untouched: 26 indicators
    assert len(assess_plan(data, config)) == 26


def test_task_list_limit_lists_only_lagging_rows_beyond_it():
    config, data = _sample("jiangbei")
    full = task_sections.major4_summary(data, config).tables[-1]
    assert len(full) == 14 and full.caption == "“四个重大”进展明细"
    short = dataclasses.replace(config, task_list_limit=5)
    s = task_sections.major4_summary(data, short)
    assert s.tables[-1].caption == "“四个重大”中进展滞后或存在风险的事项"
    assert [r[3].split("（")[0] for r in s.tables[-1].rows] == ["滞后", "滞后"]
    assert "task_list_limit = 5" not in s.text  # the limit is stated in the method note
    from planeval.method.method_note import method_note

    assert "不超过5项时逐项列出" in method_note(short)
    values = yaml.safe_load((PROJECT_ROOT / "parameters" / "jiangbei.yaml").read_text("utf-8"))
    with pytest.raises(PlanevalError) as raised:
        PlanConfig.from_mapping({**values, "task_list_limit": 0}, PROJECT_ROOT / "parameters")
    assert "逐项列出任务的上限" in str(raised.value) and "1—1000" in str(raised.value)
