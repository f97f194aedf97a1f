"""Nothing executable survives into a report: a hostile string in every text field.

A copy of a sample plan gets the same hostile string in every field a user
writes (parameters, indicator, category, task, project and survey texts,
evaluator Markdown). Every section of the report, the peer comparison and the
batch overview are rendered through their real templates, and the HTML is
parsed: no script or other active element, no event-handler attribute, no
javascript: link, and the hostile text shown as text.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pytest

from hostile_cases import copy_sample
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan
from planeval.method.assess import assess_plan
from planeval.method.forecast import Forecaster

MARK = "恶意"
HOSTILE = (
    f"<script>alert(1)</script><img src=x onerror=alert(2)>"
    f"<a href=javascript:alert(3)>{MARK}</a><svg onload=alert(4)><iframe src=//x>"
)
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "form"}


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.active: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.active.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.active.append(f"{tag} {name}=")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:")
            ):
                self.active.append(f"{tag} {name}={value}")
            if tag == "img" and name == "src" and value == "x":
                self.active.append("<img src=x>")  # the hostile image, not ours

    def handle_data(self, data):
        self.text.append(data)


def audit(markup: str) -> _Audit:
    parser = _Audit()
    parser.feed(markup)
    parser.close()
    return parser


def _hostile_plan(root: Path) -> PlanConfig:
    project = copy_sample("liunan", root)
    for key in ("plan_name", "region", "parent", "evaluator"):
        project.set_param(key, f"'{HOSTILE}'")

    def rename(old: str) -> None:
        for path in project.raw.glob("*.csv"):
            text = path.read_text("utf-8")
            project.write(path.name, text.replace(f"{old},", f"{old}{HOSTILE},"))

    rename("社会消费品零售总额")  # an indicator name, in every file that names it
    project.replace("indicators.csv", ",经济发展,工业总产值", f",经济发展{HOSTILE},工业总产值")
    project.replace("indicators.csv", "增速按可比价计算", HOSTILE)  # 备注
    tasks = project.text("tasks.csv").splitlines()
    header = tasks[0].split(",")
    fixed = {"来源": "本级纲要", "进展": "按计划推进", "完成率": "64", "四个重大类别": ""}
    tasks[1] = ",".join(fixed.get(h, HOSTILE) for h in header)
    # a lagging 上级规划 task: its own section names it
    fixed = {"来源": "上级规划", "章节": "", "进展": "滞后", "完成率": "30", "四个重大类别": ""}
    tasks.append(",".join(fixed.get(h, HOSTILE) for h in header))
    project.write("tasks.csv", "\n".join(tasks) + "\n")
    projects = project.text("projects.csv").splitlines()
    cells = projects[1].split(",")
    cells[0:3] = [HOSTILE + "项目", HOSTILE, HOSTILE]
    cells[-1] = HOSTILE
    projects[1] = ",".join(cells)
    project.write("projects.csv", "\n".join(projects) + "\n")
    project.replace("survey.csv", "营商环境,", f"营商环境{HOSTILE},")
    for md in (project.raw / "texts").glob("*.md"):
        md.write_text(f"# {HOSTILE}\n\n{HOSTILE}\n\n[链接](javascript:alert(5))\n", "utf-8")
    return PlanConfig.load(project.params)


# The title and the parts of the liunan framework (摘要, 一、二、三、, 附录).
SECTIONS = ("title", "part1", "part2", "part3", "part4", "part5")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    from planeval.report.document import Report

    root = tmp_path_factory.mktemp("hostile")
    config = _hostile_plan(root / "project")
    data = ingest_plan(config)
    frame = assess_plan(data, config, Forecaster(models=["rw_drift"]))
    report = Report(config, data, frame, root / "out")
    parts = report.parts()  # charts drawn once
    assert len(parts) == len(SECTIONS) - 1
    markup = {"title": report.title().html()}
    markup.update({f"part{i}": part.html() for i, part in enumerate(parts, start=1)})
    return config, data, frame, markup


@pytest.mark.parametrize("section", SECTIONS)
def test_report_section_has_nothing_executable(hostile_report, section):
    markup = hostile_report[3][section]
    found = audit(markup)
    assert found.active == [], (section, found.active)
    assert any(MARK in t for t in found.text) or section == "part5", section  # 附录
    # the hostile text is shown (escaped), not dropped
    assert "<script>" in "".join(found.text) or section == "part5", section


def test_every_section_together_shows_every_field(hostile_report):
    markup = "".join(hostile_report[3].values())
    text = "".join(audit(markup).text)
    for shown in ("社会消费品零售总额<script>", "营商环境<script>", "<svg onload=alert(4)>"):
        assert shown in text, shown


def test_peer_comparison_escapes_region_and_indicator_names(hostile_report, tmp_path):
    from planeval.report import peers

    config, _, frame, _ = hostile_report
    other = PlanConfig.load(copy_sample("hebei", tmp_path / "hebei").params)
    other_frame = assess_plan(ingest_plan(other), other, Forecaster(models=["rw_drift"]))
    assessments = [peers.PlanAssessment(config, frame), peers.PlanAssessment(other, other_frame)]
    long = peers.shared_indicators(assessments)
    # The notebook shows the title as HTML and the narrative as Markdown (nbconvert turns
    # Markdown output into HTML with raw HTML passed through, as mistune does here).
    narrative = peers.narrative(long, peers.key_indicators(long, min_plans=2))
    table = peers.comparison_table(long).to_html(index=False)
    for markup in (peers.title_html(assessments), mistune.html(narrative), table):
        found = audit(markup)
        assert found.active == [], found.active
    assert MARK in html.unescape(peers.title_html(assessments))
    assert "<script>" in "".join(audit(mistune.html(narrative)).text)


def test_batch_overview_escapes_region_and_error(tmp_path):
    from planeval.run.batch import Result
    from planeval.run.overview import write_overview

    results = [
        Result("a", "failed", error=HOSTILE, failed_cell=HOSTILE, region=HOSTILE),
        Result("b", "ok", region=HOSTILE, categories={"快于预期": 1}),
    ]
    markup = write_overview(results, tmp_path).read_text("utf-8")
    found = audit(markup)
    assert found.active == [], found.active
    assert sum(MARK in t for t in found.text) >= 3


def test_audit_catches_what_it_should():
    """The checker itself: unescaped hostile markup is caught."""
    assert len(audit(HOSTILE).active) >= 4
    assert audit(html.escape(HOSTILE)).active == []
