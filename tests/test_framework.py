"""Report frameworks: the shipped ones, a plan's own file, and every way a file is wrong."""

from __future__ import annotations

import html
import re

import pytest

from hostile_cases import copy_sample
from planeval.config import PlanConfig
from planeval.data.ingest import load_plan
from planeval.errors import PlanevalError
from planeval.method.assess import assess_plan
from planeval.method.forecast import Forecaster
from planeval.report import framework as fw
from planeval.report.document import Report, section_names

SECTIONS = section_names(Report)


def write(tmp_path, body: str, name: str = "framework.yaml"):
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


def test_shipped_frameworks_load_and_name_real_sections():
    names = fw.shipped_names()
    assert {"default", "liunan", "hebei", "final", "monitoring", "special"} <= set(names)
    for name in names:
        framework = fw.load(
            fw.shipped_path(name),
            SECTIONS,
            {"tasks": "t", "projects": "p"}
            | {k: k for k in ("environment", "problems", "measures", "lessons", "recommendations")},
        )
        assert framework.parts, name
        assert set(framework.section_keys()) <= set(SECTIONS), name


def test_section_names_are_the_report_methods():
    assert {"summary", "indicators", "tasks", "projects", "problems"} <= set(SECTIONS)
    assert {"recommendations", "method_note", "data_notes", "survey"} <= set(SECTIONS)
    assert "title" not in SECTIONS and "parts" not in SECTIONS
    assert "write_outputs" not in SECTIONS and "check_items" not in SECTIONS


def test_liunan_framework_follows_its_annex():
    f = fw.load(
        fw.shipped_path("liunan"),
        SECTIONS,
        {"tasks": "", "projects": ""}
        | dict.fromkeys(("environment", "problems", "measures", "recommendations"), ""),
    )
    numbered = [p.title for p in f.parts if p.numbered]
    assert numbered == [
        "规划实施总体进展情况",
        "规划实施面临的主要问题和风险挑战",
        "进一步推进规划实施的对策建议",
    ]
    tasks = f.parts[1].children[1]
    assert tasks.title == "重大战略任务推进"
    assert [c.texts for c in tasks.children] == [("tasks",), ("safeguards",)]
    assert f.texts["safeguards"] == "保障措施落实情况"


@pytest.mark.parametrize(
    ("n", "level", "text"),
    [
        (1, 1, "一、"),
        (10, 1, "十、"),
        (12, 1, "十二、"),
        (21, 1, "二十一、"),
        (3, 2, "（三）"),
        (4, 3, "4．"),
        (2, 4, "（2）"),
    ],
)
def test_numbering(n, level, text):
    assert fw.numbering(level, n) == text


BAD = [
    ("parts: []\n", "parts 应为非空列表"),
    (
        "parts:\n  - title: 甲\n    sections: [indicatorz]\n",
        "parts[0].sections：未知的生成章节「indicatorz」",
    ),
    ("parts:\n  - title: 甲\n    text: tasx\n", "parts[0].text：未知的文字文件「tasx」"),
    ("parts:\n  - title: 一、甲\n    text: tasks\n", "标题不写编号"),
    ("parts:\n  - title: 甲\n", "parts[0]（甲）：应至少有 text、sections 或 children 之一"),
    (
        "parts:\n  - title: 甲\n    children:\n      - heading: 乙\n",
        "parts[0].children[0]：未知的键 heading",
    ),
    ("parts:\n  - 甲\n", "parts[0]：应为含 title 的映射"),
    (
        "parts:\n  - title: 甲\n    text: tasks\n    numbered: 否\n",
        "parts[0].numbered：应为 true 或 false",
    ),
    ("parts:\n  - title: 甲\n    sections: indicators: x\n", "不是有效的 YAML"),
    ("texts: [a]\nparts:\n  - title: 甲\n    text: tasks\n", "texts 应为"),
    ("name: x\nsection: []\n", "未知的键：section"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_bad_framework_is_a_clear_error(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(PlanevalError) as err:
        fw.load(path, SECTIONS, {"tasks": "重大战略任务推进情况"})
    text = str(err.value)
    assert message in text, text
    assert "framework.yaml" in text  # the file is named


def test_every_problem_is_listed_at_once(tmp_path):
    body = "parts:\n  - title: 甲\n    sections: [a]\n  - title: 乙\n    text: b\n"
    with pytest.raises(PlanevalError) as err:
        fw.load(write(tmp_path, body), SECTIONS, {})
    assert "parts[0].sections" in str(err.value) and "parts[1].text" in str(err.value)


def test_parameter_names_a_shipped_framework_or_a_file_in_the_project(tmp_path):
    project = copy_sample("hebei", tmp_path / "p")
    project.set_param("framework", "liunann")
    with pytest.raises(PlanevalError) as err:
        PlanConfig.load(project.params)
    assert "报告框架（framework）" in str(err.value) and "liunan" in str(err.value)
    project.set_param("framework", "../../outside.yaml")
    with pytest.raises(PlanevalError, match="项目文件夹"):
        PlanConfig.load(project.params)
    project.set_param("framework", "mine.yaml")  # relative to the parameters file
    with pytest.raises(PlanevalError, match=r"不是 \.yaml 文件"):
        PlanConfig.load(project.params)
    (project.root / "parameters" / "mine.yaml").write_text("parts: []\n", "utf-8")
    config = PlanConfig.load(project.params)
    assert config.framework == str((project.root / "parameters" / "mine.yaml").resolve())


@pytest.fixture(scope="module")
def hebei(tmp_path_factory):
    project = copy_sample("hebei", tmp_path_factory.mktemp("fw") / "p")
    config = PlanConfig.load(project.params)
    data = load_plan(config)
    frame = assess_plan(data, config, Forecaster(models=["rw_drift"]))
    return project, data, frame


def _report(project, data, frame, body: str, name="mine.yaml"):
    path = project.root / "parameters" / name
    path.write_text(body, "utf-8")
    project.set_param("framework", name)
    config = PlanConfig.load(project.params)
    return Report(config, data, frame, project.root / "out")


def test_own_framework_orders_parts_numbers_and_tables(hebei):
    """Projects before tasks, an unnumbered part, a text the framework adds, and a
    survey part that closes up when the plan has no survey: the headings, their
    numbers and the table numbers follow the file."""
    project, data, frame = hebei
    body = """
texts:
  outlook: 后三年展望
parts:
  - title: 项目<b>先行</b>
    sections: [projects]
  - title: 说明
    numbered: false
    text: outlook
  - title: 任务
    children:
      - title: 调查
        sections: [survey]
      - title: 任务进展
        text: tasks
        sections: [tasks]
  - title: 指标
    sections: [indicators]
"""
    report = _report(project, data, frame, body)
    markup = "\n".join(p.html() for p in report.parts())
    parts = [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", markup)]
    assert parts == ["一、项目<b>先行</b>", "说明", "二、任务", "三、指标"]
    found = [html.unescape(h) for h in re.findall(r"<h3>(.*?)</h3>", markup)]
    assert found.index("（一）调查") + 1 == found.index("（二）任务进展")
    assert "<b>先行" not in markup  # a title is text, escaped
    assert "（待补充：请评估单位补充后三年展望）" in markup
    captions = re.findall(r"表(\d+)　([^<]+)", markup)
    assert captions[0] == ("1", "重大工程项目进展情况（按领域）")
    assert [int(n) for n, _ in captions] == list(range(1, len(captions) + 1))
    assert captions[-1][1].endswith("主要指标完成情况表")

    # without a survey the 调查 entry is left out and the numbers close up
    report = _report(
        project, data.__class__(**{**data.__dict__, "survey": data.survey.iloc[0:0]}), frame, body
    )
    markup = "\n".join(p.html() for p in report.parts())
    found = [html.unescape(h) for h in re.findall(r"<h[23]>(.*?)</h[23]>", markup)]
    assert "（一）任务进展" in found and "（一）调查" not in found


def test_report_refuses_a_framework_naming_an_unknown_section(hebei):
    project, data, frame = hebei
    with pytest.raises(PlanevalError) as err:
        _report(project, data, frame, "parts:\n  - title: 甲\n    sections: [benchmark]\n")
    assert "mine.yaml" in str(err.value) and "parts[0].sections" in str(err.value)
    assert "indicators" in str(err.value)  # what was expected
