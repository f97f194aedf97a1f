"""Output files: ordinary permissions, formulas from data written as text, readable CSV."""

from __future__ import annotations

import csv
import os
import stat
import zipfile

import matplotlib
import openpyxl
import pandas as pd
import pytest

from conftest import INDICATORS, write_plan
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan
from planeval.data.template import write_template
from planeval.method.assess import assess_plan
from planeval.outputs import save_workbook, write_bytes
from planeval.report import style
from planeval.report.assessment_files import READER_CSV, undocumented
from planeval.report.document import Report

matplotlib.use("Agg")

# Indicators 2–4 of the mini plan renamed (the first is the reference of a relative target).
HOSTILE_NAMES = ('=HYPERLINK("http://x","点击")', "+1+2", "@SUM(A1)")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _report(tmp_path, config: PlanConfig) -> Report:
    data = ingest_plan(config)
    return Report(config, data, assess_plan(data, config), tmp_path / "out")


def test_outputs_are_readable_by_others(tmp_path, mini_plan, umask_022):
    import matplotlib.pyplot as plt

    report = _report(tmp_path, mini_plan)
    written = report.write_outputs()
    written["chart"] = style.save(plt.figure(), tmp_path / "out" / "charts" / "c.png")
    written["template"] = write_template(mini_plan, tmp_path / "模板.xlsx")
    written["export"] = write_bytes(tmp_path / "out" / "report.html", b"<p>x</p>")
    assert set(written) >= {"xlsx", "csv", "reader_csv", "dictionary"}
    for name, path in written.items():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, name
    assert not [p for p in (tmp_path / "out").rglob(".*") if p.is_file()]  # no temp files


def _plan_with_names(tmp_path, names) -> PlanConfig:
    rows = INDICATORS.splitlines()
    for k, name in enumerate(names, start=2):
        old = rows[k].split(",")[3]
        rows[k] = rows[k].replace(old, '"' + name.replace('"', '""') + '"', 1)
    quoted = ['"' + n.replace('"', '""') + '"' for n in ["地区生产总值", *names]]
    annual = "指标名称,年份,数值\n" + "".join(  # values plausible for every unit
        f"{n},{y},{4 + (y - 2019) / 10:.1f}\n" for n in quoted for y in (2020, 2021, 2022)
    )
    params = write_plan(
        tmp_path,
        {"indicators.csv": "\n".join(rows) + "\n", "annual.csv": annual, "monthly.csv": None},
    )
    return PlanConfig.load(params)


def _formulas(path) -> list[str]:
    """Every formula element in any worksheet of the workbook file."""
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]


def test_formula_like_names_are_written_as_text(tmp_path):
    config = _plan_with_names(tmp_path, HOSTILE_NAMES)
    report = _report(tmp_path, config)
    written = report.write_outputs()
    template = write_template(config, tmp_path / "模板.xlsx")
    for path in (written["xlsx"], template):
        assert _formulas(path) == [], path.name
        values = [
            c.value
            for ws in openpyxl.load_workbook(path).worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str)
        ]
        for name in HOSTILE_NAMES:
            assert name in values, (path.name, name)
    with (written["reader_csv"]).open(encoding="utf-8-sig", newline="") as f:
        names = [row["指标名称"] for row in csv.DictReader(f)]
    assert names[1:] == ["'" + n for n in HOSTILE_NAMES]


def test_every_formula_prefix_is_neutralized(tmp_path):
    wb = openpyxl.Workbook()
    for k, text in enumerate(["=1+1", "+1", "-1+2", "@A1", "地区生产总值", "—"], start=1):
        wb.active.cell(k, 1, text)
    path = save_workbook(wb, tmp_path / "x.xlsx")
    assert _formulas(path) == []
    cells = [c for (c,) in openpyxl.load_workbook(path).active.iter_rows()]
    assert [c.value for c in cells][:4] == ["=1+1", "+1", "-1+2", "@A1"]
    assert [c.quotePrefix for c in cells] == [True] * 4 + [False] * 2


def test_reader_csv_has_bom_chinese_headers_and_a_dictionary(tmp_path, mini_plan):
    report = _report(tmp_path, mini_plan)
    written = report.write_outputs()
    raw = written["reader_csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and written["reader_csv"].name == READER_CSV
    reader = pd.read_csv(written["reader_csv"], encoding="utf-8-sig")
    machine = pd.read_csv(written["csv"])
    assert list(machine.columns)[:3] == ["indicator_id", "order", "name"]  # unchanged
    assert {"指标名称", "评价结论", "任务进度（%）", "达标概率（%）", "2025年预测值"} <= set(reader)
    assert all(not c.isascii() for c in reader.columns)
    gdp = reader.set_index("指标名称").loc["地区生产总值"]
    gdp_machine = machine.set_index("name").loc["地区生产总值"]
    assert gdp["任务进度（%）"] == pytest.approx(round(gdp_machine["P"] * 100, 1))
    dictionary = written["dictionary"].read_text("utf-8")
    for column in [*machine.columns, *reader.columns]:
        assert f"| {column} |" in dictionary, column
    assert undocumented(machine.columns) == []
    assert "未登记说明" not in dictionary


def test_frame_workbook_keeps_text_as_text(tmp_path):
    from planeval.outputs import write_frame_xlsx

    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("http://x","点击")', "地区生产总值"], "R": [1.25, float("nan")]}
    )
    path = write_frame_xlsx(frame, tmp_path / "评估汇总.xlsx", sheet="评估结果")
    assert _formulas(path) == []
    rows = list(openpyxl.load_workbook(path)["评估结果"].iter_rows(values_only=True))
    assert rows == [("name", "R"), ('=HYPERLINK("http://x","点击")', 1.25), ("地区生产总值", None)]
