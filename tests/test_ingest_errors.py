"""Malformed inputs: each one gives a Chinese message naming the file and location,
exit code 2, no traceback, and leaves data/raw untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import ANNUAL, INDICATORS, write_plan
from planeval.cli import main
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _annual(old: str, new: str) -> dict:
    return {"annual.csv": _replace(ANNUAL, old, new)}


def _indicators(old: str, new: str) -> dict:
    return {"indicators.csv": _replace(INDICATORS, old, new)}


# (case id, files to write, message fragment, location fragments)
CASES = [
    (
        "missing-column",
        {"annual.csv": ANNUAL.replace("数值", "值域")},
        "缺少必需的列：数值",
        ["annual.csv", "第1行"],
    ),
    (
        "approximate",
        _annual("2021,105,", "2021,约105,"),
        "无法读取数值「约105」",
        ["annual.csv", "第5行", "列「数值」"],
    ),
    (
        "approximate-suffix",
        _annual("2021,105,", "2021,105左右,"),
        "预计数",
        ["第5行", "列「数值」"],
    ),
    (
        "text-value",
        _annual("2021,105,", "2021,待核实,"),
        "无法读取数值「待核实」",
        ["第5行", "列「数值」"],
    ),
    ("percent-on-amount", _annual("2021,105,", "2021,105%,"), "带百分号", ["第5行", "列「数值」"]),
    (
        "bad-growth",
        _annual("2021,105,7.9", "2021,105,七点九"),
        "无法读取数值「七点九」",
        ["第5行", "列「增速」"],
    ),
    (
        "duplicate-different",
        {"annual.csv": ANNUAL + "地区生产总值,2021,106,7.9,\n"},
        "两个不同的统计数",
        ["第16行", "105"],
    ),
    (
        "unknown-indicator",
        _annual("城镇调查失业率,2020", "城镇登记失业率,2020"),
        "未知指标「城镇登记失业率」",
        ["第7行", "城镇调查失业率"],
    ),
    (
        "year-after-target-year",
        _annual("2021,105,", "2026,105,"),
        "年份 2026 超出范围",
        ["第5行", "列「年份」"],
    ),
    ("year-too-early", _annual("2018,90", "1890,90"), "年份 1890 超出范围", ["第2行"]),
    ("year-text", _annual("2018,90", "去年,90"), "无法读取年份「去年」", ["第2行", "列「年份」"]),
    (
        "unit-mismatch",
        {"annual.csv": "指标名称,年份,数值,单位\n地区生产总值,2020,970000,万元\n"},
        "单位「万元」与指标表不一致",
        ["第2行", "列「单位」", "亿元"],
    ),
    ("empty-file", {"annual.csv": ""}, "文件为空", ["annual.csv"]),
    (
        "header-only",
        {"annual.csv": "指标名称,年份,数值\n"},
        "只有表头，没有数据行",
        ["annual.csv", "第1行"],
    ),
    (
        "wrong-encoding",
        {"annual.csv": "\n".join(ANNUAL.splitlines()[:2]).encode() + b"\n\x80\xff\xfe,2021,1\n"},
        "无法识别文件编码",
        ["annual.csv", "第3行"],
    ),
    (
        "bad-provenance",
        _annual("4.2,预计数", "4.2,拍脑袋数"),
        "未知的数据类型「拍脑袋数」",
        ["第6行", "列「数据类型」"],
    ),
    (
        "unparseable-target",
        _indicators("4.5以内", "力争更好"),
        "无法识别的规划目标写法：「力争更好」",
        ["indicators.csv", "第3行", "列「年均增长」"],
    ),
    ("no-target", _indicators(",—,6%,", ",—,—,"), "没有规划目标", ["indicators.csv", "第2行"]),
    (
        "bad-attribute",
        _indicators("约束性", "强制性"),
        "未知的指标属性「强制性」",
        ["第3行", "列「属性」"],
    ),
    (
        "bad-id",
        _indicators(",gdp,", ",GDP总量,"),
        "指标代码「GDP总量」无效",
        ["第2行", "列「指标代码」"],
    ),
    (
        "duplicate-indicator",
        {"indicators.csv": INDICATORS + "5,gdp2,经济发展,地区生产总值,亿元,—,6%,预期性,\n"},
        "重复的指标「地区生产总值」",
        ["第6行", "第2行"],
    ),
    (
        "unknown-reference",
        _indicators("与经济增长基本同步", "与财政收入增长基本同步"),
        "参照指标「财政收入」不在指标表中",
        ["indicators.csv", "第4行"],
    ),
    (
        "unknown-spec-kind",
        {
            "indicators.csv": INDICATORS.replace("可比价\n", "可比价,目标类型,目标值\n").replace(
                "800,—,预期性,\n", "800,—,预期性,,cumulative,800\n"
            )
        },
        "未知的目标类型「cumulative」",
        ["第5行", "列「目标类型」"],
    ),
    (
        "spec-without-value",
        {
            "indicators.csv": INDICATORS.replace("可比价\n", "可比价,目标类型,目标值\n").replace(
                "800,—,预期性,\n", "800,—,预期性,,cumulative_total,\n"
            )
        },
        "需要目标数值",
        ["第5行"],
    ),
    (
        "bad-manual-status",
        {
            "indicators.csv": INDICATORS.replace("可比价\n", "可比价,人工判断\n").replace(
                "预期性,是\n", "预期性,是,还行\n"
            )
        },
        "未知的人工判断「还行」",
        ["第2行", "列「人工判断」"],
    ),
    (
        "bad-real-growth-flag",
        _indicators("预期性,是", "预期性,也许"),
        "未知的可比价标记「也许」",
        ["第2行", "列「可比价」"],
    ),
    (
        "monthly-after-target-year",
        {"monthly.csv": "指标名称,期间,累计值,累计增速\n地区生产总值,2027-03,80,5\n"},
        "晚于规划目标年",
        ["monthly.csv", "第2行", "列「期间」"],
    ),
    (
        "monthly-bad-period",
        {"monthly.csv": "指标名称,期间,累计值,累计增速\n地区生产总值,上半年,55,5\n"},
        "无法读取期间「上半年」",
        ["第2行", "列「期间」"],
    ),
    (
        "no-indicators-file",
        {"indicators.csv": None, "indicator_list.txt": "x"},
        "缺少指标表",
        ["raw"],
    ),
    (
        "unsupported-format",
        {"annual.numbers": b"PK\x03\x04"},
        "不支持的文件格式",
        ["annual.numbers"],
    ),
    ("broken-xls", {"annual.xls": b"\xd0\xcf\x11\xe0"}, "无法打开", ["annual.xls"]),
    (
        "tasks-bad-status",
        {"tasks.csv": "篇,章节,负责部门,进展\n第一篇,第三章,发展改革局,差不多\n"},
        "未知的进展「差不多」",
        ["tasks.csv", "第2行", "列「进展」"],
    ),
    (
        "survey-over-sample",
        {"survey.csv": "调查项目,样本数,满意,基本满意,不满意\n交通出行,100,60,40,10\n"},
        "各选项人数之和超过样本数",
        ["survey.csv", "第2行"],
    ),
    (
        "projects-bad-flag",
        {
            "projects.csv": "项目名称,负责部门,十四五计划投资,累计完成投资,是否开工\n"
            "标准厂房,工信局,10,4,开了\n"
        },
        "未知的是/否「开了」",
        ["projects.csv", "第2行", "列「是否开工」"],
    ),
    (
        "bad-assigned-year",
        {"assigned.csv": "指标名称,年份,下达值\n城镇调查失业率,2031,5\n"},
        "年份 2031 超出范围",
        ["assigned.csv", "第2行"],
    ),
]


def _raw_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((root / "raw").rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize(
    ("files", "message", "where"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_input_is_reported_with_location(tmp_path, capsys, files, message, where):
    params = write_plan(tmp_path, files)
    before = _raw_hash(tmp_path)
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误："), err
    assert message in err
    for fragment in where:
        assert fragment in err, (fragment, err)
    assert "Traceback" not in err
    assert _raw_hash(tmp_path) == before
    assert not (tmp_path / "processed" / "meta.json").exists()


def _excel(path: Path, rows: list[list], merge: str | None = None) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)


def test_merged_cells_in_excel(tmp_path, capsys):
    params = write_plan(tmp_path)
    rows = [["指标名称", "年份", "数值"], ["地区生产总值", 2021, 105], [None, 2022, 110]]
    _excel(tmp_path / "raw" / "annual_统计局.xlsx", rows, merge="A2:A3")
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert "合并单元格（A2:A3）" in err and "annual_统计局.xlsx" in err and "工作表「Sheet」" in err


def test_formula_without_cached_value(tmp_path, capsys):
    params = write_plan(tmp_path)
    rows = [["指标名称", "年份", "数值"], ["地区生产总值", 2021, "=100+5"]]
    _excel(tmp_path / "raw" / "annual_统计局.xlsx", rows)  # openpyxl saves no cached result
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert "是公式（=100+5）但没有保存计算结果" in err
    assert "第2行" in err and "列「C」" in err


def test_unknown_parameter_in_params_file(tmp_path, capsys):
    params = write_plan(tmp_path)
    params.write_text(params.read_text("utf-8") + "base_yaer: 2020\n", "utf-8")
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert "未知参数：base_yaer" in err and "params.yaml" in err


def test_cli_prints_no_traceback_in_a_real_process(tmp_path):
    params = write_plan(tmp_path, _annual("2021,105,", "2021,约105,"))
    run = subprocess.run(
        [sys.executable, "-m", "planeval.cli", "validate", str(params)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "无法读取数值「约105」" in run.stderr
    assert "Traceback" not in run.stderr


# --- readable values are read, with a warning naming the place ---------------------

READABLE = [
    ("full-width", _annual("2021,105,", "2021,１０５,"), 105.0, "全角字符"),
    (
        "thousands",
        {"annual.csv": ANNUAL.replace("2021,32000", '2021,"32,000"')},
        32000.0,
        "千位分隔符",
    ),
    ("percent-in-percent-unit", _annual("2021,4.3,", "2021,4.3%,"), 4.3, "百分号"),
]


@pytest.mark.parametrize(
    ("files", "value", "note"), [c[1:] for c in READABLE], ids=[c[0] for c in READABLE]
)
def test_unambiguous_values_are_read_with_warning(tmp_path, files, value, note):
    config = PlanConfig.load(write_plan(tmp_path, files))
    data = ingest_plan(config)
    assert value in set(data.annual[data.annual["year"] == 2021]["value"])
    warning = next(w for w in data.warnings if note in w)
    assert "annual.csv" in warning and "第" in warning and "列「数值」" in warning


def test_dash_and_na_mean_no_data(tmp_path):
    config = PlanConfig.load(write_plan(tmp_path, _annual("2021,105,", "2021,n/a,")))
    data = ingest_plan(config)
    gdp = data.series("gdp")
    assert 2021 not in gdp.index
    assert any("视为无数据" in w and "第5行" in w for w in data.warnings)


def test_identical_duplicate_is_merged_with_warning(tmp_path):
    config = PlanConfig.load(
        write_plan(tmp_path, {"annual.csv": ANNUAL + "地区生产总值,2021,105,7.9,\n"})
    )
    data = ingest_plan(config)
    assert data.series("gdp")[2021] == 105
    assert any("重复（数值相同）" in w for w in data.warnings)
