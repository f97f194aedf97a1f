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
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[2]]
    assert header[:5] == ["序号", "指标名称", "单位", "属性", "规划目标"]
    assert "2020年(基期)" in header and "2022年数据类型" in header
    assert "2023年1-6月累计增速(%)" in header
    assert ws.freeze_panes == "C3"
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"统计数,预计数,初步核算数"'
    assert ws.max_row == 2 + 4  # title, header, one row per indicator


def test_filled_template_ingests_back_without_loss(tmp_path, mini_plan):
    original = ingest_plan(mini_plan)
    filled = tmp_path / "filled.xlsx"
    assert main(["template", str(tmp_path / "params.yaml"), "-o", str(filled)]) == 0

    # A department's copy, saved as the plan's only annual and monthly source.
    other = tmp_path / "dept"
    params = write_plan(other, {"annual.csv": None, "monthly.csv": None})
    (other / "raw" / "annual_统计局.xlsx").write_bytes(filled.read_bytes())
    back = ingest_plan(PlanConfig.load(params))

    keep = original.annual["year"] >= 2020
    cols = ["indicator_id", "year", "value", "provenance"]
    expected = original.annual.loc[keep, cols].reset_index(drop=True)
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
