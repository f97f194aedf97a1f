"""The Excel intake workbook departments fill in: 主要指标完成情况表 (南开区 附件2).

One row per indicator with the base year, each year's actual value, the
provenance of the latest year (a drop-down list), the 1–N month year-to-date
value and growth, and notes. A filled workbook saved into data/raw/<plan>/ as
`annual_*.xlsx` ingests back without loss.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan
from planeval.data.plandata import PROVENANCE_LABELS, PlanData
from planeval.errors import Location, PlanevalError
from planeval.outputs import save_workbook

PROVENANCE_CHOICES = ("统计数", "预计数", "初步核算数")


def template_columns(config: PlanConfig) -> list[str]:
    years = [f"{config.base_year}年(基期)"] + [
        f"{y}年" for y in range(config.base_year + 1, config.last_year + 1)
    ]
    m = config.monthly_cutoff
    return [
        "序号",
        "指标名称",
        "单位",
        "属性",
        "规划目标",
        *years,
        f"{config.last_year}年数据类型",
        f"{m.year}年1-{m.month}月累计值",
        f"{m.year}年1-{m.month}月累计增速(%)",
        "备注",
    ]


def write_template(config: PlanConfig, out: Path, data: PlanData | None = None) -> Path:
    """Write the workbook, pre-filled with the values already received."""
    if out.suffix.lower() != ".xlsx":
        raise PlanevalError("模板文件名应以 .xlsx 结尾", Location(out))
    data = data or ingest_plan(config)
    columns = template_columns(config)
    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标完成情况表"
    ws.append([f"{config.region}“十四五”规划主要指标完成情况表"])
    ws.append(columns)
    m = config.monthly_cutoff
    for iid, ind in data.indicators.iterrows():
        series = data.annual[data.annual["indicator_id"] == iid].set_index("year")
        ytd = data.monthly[
            (data.monthly["indicator_id"] == iid)
            & (data.monthly["year"] == m.year)
            & (data.monthly["month"] == m.month)
        ]
        values = [series["value"].get(y) for y in range(config.base_year, config.last_year + 1)]
        last = series["provenance"].get(config.last_year)
        ws.append(
            [
                int(ind["order"]),
                ind["name"],
                ind["unit"],
                ind["attribute"],
                ind["target_text"],
                *[None if v is None else float(v) for v in values],
                PROVENANCE_LABELS.get(last, "统计数") if last else None,
                float(ytd["ytd_value"].iloc[0])
                if len(ytd) and ytd["ytd_value"].notna().iloc[0]
                else None,
                float(ytd["ytd_growth"].iloc[0])
                if len(ytd) and ytd["ytd_growth"].notna().iloc[0]
                else None,
                None,
            ]
        )
    _style(ws, columns, len(data.indicators))
    return save_workbook(wb, out)


def _style(ws, columns: list[str], n_rows: int) -> None:
    thin = Side(style="thin", color="999999")
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in ws.iter_rows(min_row=2, max_row=n_rows + 2):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    widths = {"指标名称": 28, "规划目标": 22, "备注": 24}
    for i, name in enumerate(columns, start=1):
        letter = ws.cell(row=2, column=i).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 12)
    ws.freeze_panes = "C3"
    prov_col = next(i for i, c in enumerate(columns, 1) if c.endswith("数据类型"))
    letter = ws.cell(row=2, column=prov_col).column_letter
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(PROVENANCE_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数据类型",
        error="请选择：统计数、预计数 或 初步核算数",
    )
    ws.add_data_validation(dv)
    dv.add(f"{letter}3:{letter}{max(n_rows + 2, 3)}")
