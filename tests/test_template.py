"""The intake workbook: written, filled by a department, ingested back without loss."""

from __future__ import annotations

import openpyxl
import pandas as pd

from conftest import write_plan
from planeval.cli import main
from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan


def test_template_has_validation_and_frozen_header(tmp_path, mini_plan):
    out = tmp_path / "完成情况表.xlsx"
    assert main(["template", str(tmp_path / "params.yaml"), "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["主要指标完成情况表", "填表说明"]
    ws = wb.active
    assert ws.cell(1, 1).value == "测试区“十四五”规划主要指标完成情况表"
    header = [c.value for c in ws[2]]
    assert header[:5] == ["序号", "指标名称", "单位", "属性", "规划目标"]
    years = [h for h in header if h.endswith("年") or h.endswith("(基期)")]
    assert years[0] == "2011年" and years[-1] == "2022年" and "2020年(基期)" in years
    assert "2022年数据类型" in header and "2023年1-6月累计增速(%)" in header
    assert [h for h in header if "年增速" in h] == [f"{y}年增速(%)" for y in range(2012, 2023)]
    assert ws.freeze_panes == "C3"
    prov, numbers = ws.data_validations.dataValidation
    assert prov.formula1 == '"统计数,预计数,初步核算数"'
    assert numbers.type == "decimal"
    col = {h: i + 1 for i, h in enumerate(header)}

    # One row per indicator, then the lines a department signs.
    assert [ws.cell(r, 2).value for r in range(3, 7)] == [
        "地区生产总值",
        "城镇调查失业率",
        "居民人均可支配收入",
        "全社会固定资产投资额",
    ]
    below = [c for row in ws.iter_rows(min_row=7, values_only=True) for c in row if c]
    assert below == ["填报单位（盖章）：", "填报人：", "联系电话：", "填报日期："]

    # The plan's cells are locked, the department's are not; numbers have formats.
    assert ws.protection.sheet
    assert ws.cell(3, col["指标名称"]).protection.locked
    assert ws.cell(3, col["单位"]).protection.locked
    assert not ws.cell(3, col["2021年"]).protection.locked
    assert ws.cell(3, col["2021年"]).number_format == "#,##0"  # GDP: 90, 95 …
    assert ws.cell(4, col["2021年"]).number_format == "#,##0.0"  # unemployment: 4.2 …
    assert ws.cell(3, col["2021年增速(%)"]).number_format == "0.0"
    assert "增速" in wb["填表说明"].cell(6, 1).value
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"


def test_filled_template_ingests_back_without_loss(tmp_path, mini_plan):
    original = ingest_plan(mini_plan)
    filled = tmp_path / "filled.xlsx"
    assert main(["template", str(tmp_path / "params.yaml"), "-o", str(filled)]) == 0

    # A department's copy, saved as the plan's only annual and monthly source.
    other = tmp_path / "dept"
    params = write_plan(other, {"annual.csv": None, "monthly.csv": None})
    (other / "raw" / "annual_统计局.xlsx").write_bytes(filled.read_bytes())
    back = ingest_plan(PlanConfig.load(params))

    cols = ["indicator_id", "year", "value", "growth", "provenance"]  # history and 增速 too
    expected = original.annual[cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(back.annual[cols].reset_index(drop=True), expected)
    assert back.annual.set_index(["indicator_id", "year"]).at[("gdp", 2022), "provenance"] == (
        "estimated"
    )
    cols = ["indicator_id", "year", "month", "ytd_value", "ytd_growth"]
    pd.testing.assert_frame_equal(
        back.monthly[cols].reset_index(drop=True),
        original.monthly[cols].reset_index(drop=True),
        check_dtype=False,
    )
