"""Benchmarks that mean something: 标兵城市 figures matched by code with a mismatch refused,
the report section with sources and 经验做法, and the peer comparison that reads what the
reports wrote and names its group as declared."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan, load_plan
from planeval.errors import PlanevalError
from planeval.method.assess import assess_plan
from planeval.report import peers
from planeval.report.assessment_files import write_assessment_files
from planeval.report.document import Report
from repo import copy_project

FIELDS = (
    "新兴产业培育",
    "重大片区开发",
    "核心功能提升",
    "营商环境优化",
    "总部经济发展",
    "城市精细管理",
)
CITIES = ("杭州市滨江区", "上海市静安区", "深圳市南山区")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(
        tmp_path_factory.mktemp("bench"),
        ["jiangbei", "jiangbei_health", "jiangbei_emergency", "liunan", "nankai", "hebei"],
    )


@pytest.fixture(scope="module")
def jiangbei(project):
    config = PlanConfig.load(project / "parameters" / "jiangbei.yaml")
    data = load_plan(config)
    return config, data, assess_plan(data, config)


def _bench_file(project, text: str):
    path = project / "data" / "raw" / "jiangbei" / "benchmarks.csv"
    original = path.read_text("utf-8")
    path.write_text(original + text, "utf-8")
    return path, original


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (
            "深圳市南山区,营商环境优化,fiscal_revenue,财政收入,亿元,2022,410,南山区统计公报\n",
            [
                "本文件为「财政收入」（亿元）",
                "规划指标表为「一般公共预算收入」（亿元）",
                "第41行",
                "指标名称",
            ],
        ),
        (
            "深圳市南山区,营商环境优化,fiscal_revenue,一般公共预算收入,万元,2022,410,南山区统计公报\n",
            ["本文件为「一般公共预算收入」（万元）", "（亿元）", "第41行", "列「单位」"],
        ),
        (
            "深圳市南山区,总部经济发展,hq_enterprises,总部企业数量,个,2021,150,南山区统计公报\n",
            ["本行为「总部企业数量」（个）", "为「总部企业数」（家）"],
        ),
        (
            "深圳市南山区,总部经济发展,hq_enterprises,总部企业数,家,2021,150,\n",
            ["没有数据来源", "来源"],
        ),
    ],
)
def test_a_definition_or_unit_mismatch_is_refused_naming_both(project, row, words):
    path, original = _bench_file(project, row)
    try:
        with pytest.raises(PlanevalError) as info:
            ingest_plan(PlanConfig.load(project / "parameters" / "jiangbei.yaml"))
    finally:
        path.write_text(original, "utf-8")
    text = str(info.value)
    assert "benchmarks.csv" in text
    for w in words:
        assert w in text, (w, text)


def test_benchmark_section_by_field_with_sources_and_practices(jiangbei, tmp_path):
    config, data, frame = jiangbei
    assert len(data.benchmarks) == 39 and set(data.benchmarks["field"]) == set(FIELDS)
    report = Report(config, data, frame, tmp_path)
    # The default framework places it under 一、 (the PDF's headings: test_batch).
    assert any(
        "benchmarks" in n.sections and n.title == "对标标兵城市分析"
        for n in report.framework.nodes()
    )
    markup = report.benchmarks().html()
    text = re.sub(r"<[^>]+>", "", markup)
    assert "3个标兵城市" in text
    assert "同类城区" not in text
    for field in FIELDS:
        assert field in text
    table = re.search(r"<table.*?</table>", markup, re.S).group(0)
    header = re.findall(r"<th>(.*?)</th>", table)
    assert header == ["领域", "指标（单位）", "江北区", *CITIES]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert len(rows) == 11
    # The plan's own value of a matched indicator comes from its data: 2022 R&D intensity.
    rd = next(r for r in rows if "研究与试验发展经费投入强度" in r)
    own = data.annual.query("indicator_id == 'rd_intensity' and year == 2022")["value"].iloc[0]
    assert re.findall(r"<td[^>]*>(.*?)</td>", rd)[2] == f"{own:.2f}"
    # Sources per city, and each city's 经验做法 from texts/benchmarks.md.
    assert "数据来源：杭州市滨江区：示意数据（非官方统计）" in text
    assert "标兵城市经验做法" in text and "一网统管" in text and "免申即享" in text
    assert "待补充" not in text


def test_no_benchmark_file_no_section(project, tmp_path):
    config = PlanConfig.load(project / "parameters" / "liunan.yaml")
    data = load_plan(config)
    report = Report(config, data, assess_plan(data, config), tmp_path)
    assert report.benchmarks().html() == ""


def test_peer_comparison_reads_the_reports_assessments(project, jiangbei, tmp_path):
    frame = jiangbei[2]
    outputs = tmp_path / "outputs"
    for plan in ("liunan", "nankai", "hebei"):
        c = PlanConfig.load(project / "parameters" / f"{plan}.yaml")
        write_assessment_files(assess_plan(load_plan(c), c), outputs / plan)
    # What the report wrote is what is compared: a changed file changes the comparison.
    written = frame.copy()
    written.loc[written["indicator_id"] == "gdp", "R"] = 9.99
    write_assessment_files(written, outputs / "jiangbei")
    plans = [
        str(project / "parameters" / f"{p}.yaml") for p in ("liunan", "nankai", "jiangbei", "hebei")
    ]
    got = peers.read_assessments(plans, outputs)
    groups = peers.peer_groups(got)
    assert len(groups) == 1 and groups[0].lead.config.plan_id == "jiangbei"
    assert groups[0].title == "江北区与其他样例规划（南开区、河北区、柳南区）比较"
    long = peers.shared_indicators(groups[0].members)
    gdp = long[(long["indicator_id"] == "gdp") & (long["region"] == "江北区")]
    assert gdp["R"].iloc[0] == 9.99 and gdp["rank"].iloc[0] == 1
    # 财政收入 (柳南区) is never paired with 一般公共预算收入 (江北区, the group's lead).
    fiscal = long[long["indicator_id"] == "fiscal_revenue"]
    assert "柳南区" not in set(fiscal["region"]) and set(fiscal["name"]) == {"一般公共预算收入"}
    refused = peers.refused_pairs(groups[0].members)
    pair = ("fiscal_revenue", "柳南区", "财政收入", "江北区", "一般公共预算收入")
    keys = ("indicator_id", "region", "name", "ref_region", "ref_name")
    assert pair in [tuple(r[k] for k in keys) for r in refused]
    assert "柳南区「财政收入」（亿元）与江北区「一般公共预算收入」（亿元）" in peers.refused_text(
        refused
    )
    assert "其他样例规划" in peers.title_html(got, groups) and "同类城区" not in peers.title_html(
        got, groups
    )
    # Without declared peers the group says only that it is this comparison's plans.
    undeclared = [
        peers.PlanAssessment(dataclasses.replace(a.config, peers=()), a.frame) for a in got
    ]
    assert peers.peer_groups(undeclared)[0].description == "本次比较的各规划"
    (outputs / "hebei" / "assessment.csv").unlink()
    with pytest.raises(PlanevalError, match="找不到规划「河北区」的评估结果"):
        peers.read_assessments(plans, outputs)


def test_peer_job_runs_after_the_reports_and_depends_on_their_assessments(project, tmp_path):
    from planeval.run.batch import PEER_ID, make_jobs

    # jiangbei with the special plans it annexes (their reports come first)
    names = ("jiangbei_health", "jiangbei_emergency", "jiangbei", "liunan")
    plans = [str(project / "parameters" / f"{p}.yaml") for p in names]
    jobs = make_jobs(plans, outputs=tmp_path)
    peer = next(j for j in jobs if j.plan_id == PEER_ID)
    assert tmp_path / "jiangbei" / "assessment.csv" in peer.inputs
    assert peer.parameters["outputs_dir"] == str(tmp_path)
    assert pd.Series([j.plan_id for j in jobs]).iloc[-1] == PEER_ID
