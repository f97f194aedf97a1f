"""The Excel intake workbook departments fill in: 主要指标完成情况表 (南开区 附件2).

Sheet 1 (the one ingest reads) has one row per indicator: 序号, name, unit,
attribute and target (locked: they come from the plan), the value of every year
from the history start (2011, or earlier if data reach back) to the last full
year with the base year marked, the provenance of the latest year (a drop-down),
the 1–N month year-to-date value and growth, each year's growth rate (增速, %,
comparable prices where the indicator is assessed on real growth), and notes.
Below the table: 填报单位（盖章）, 填报人, 联系电话, 填报日期. Sheet 2 is 填表说明.
It prints on A4 landscape, two pages wide, with the header row and the name
columns repeated. A filled workbook saved into data/raw/<plan>/ as
``annual_*.xlsx`` ingests back without loss.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planeval.config import PlanConfig
from planeval.data.ingest import ingest_plan
from planeval.data.plandata import PROVENANCE_LABELS, PlanData
from planeval.errors import Location, PlanevalError
from planeval.outputs import EXCEL_FONT, fit_row_heights, print_setup, save_workbook

PROVENANCE_CHOICES = ("统计数", "预计数", "初步核算数")
HISTORY_YEARS = 10  # years before the base year asked for (2011–2020 for a 2020 base)
TITLE_ROW, HEADER_ROW = 1, 2
FIRST_DATA_ROW = HEADER_ROW + 1
SIGN_LINES = ("填报单位（盖章）：", "填报人：", "联系电话：", "填报日期：")
LOCKED_FILL = "EEEEEE"  # grey: from the plan, not to be changed
HEADER_FILL = "DDE6F0"
WIDTHS = {"序号": 5, "指标名称": 26, "单位": 10, "属性": 7, "规划目标": 18, "备注": 20}
MAX_DECIMALS = 3


def history_start(config: PlanConfig, data: PlanData | None = None) -> int:
    """First year asked for: ten years before the base, or the earliest year received."""
    first = config.base_year - HISTORY_YEARS + 1
    if data is not None and len(data.annual):
        first = min(first, int(data.annual["year"].min()))
    return first


def template_columns(config: PlanConfig, first_year: int | None = None) -> list[str]:
    first_year = config.base_year - HISTORY_YEARS + 1 if first_year is None else first_year
    years = [
        f"{y}年(基期)" if y == config.base_year else f"{y}年"
        for y in range(first_year, config.last_year + 1)
    ]
    growth = [f"{y}年增速(%)" for y in range(first_year + 1, config.last_year + 1)]
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
        *growth,
        "备注",
    ]


def _decimals(values) -> int:
    """Decimals a department reports for an indicator (at most MAX_DECIMALS)."""
    out = 0
    for v in values:
        if v is None or pd.isna(v):
            continue
        text = f"{float(v):.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
        out = max(out, len(text.split(".")[1]) if "." in text else 0)
    return out


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def write_template(config: PlanConfig, out: Path, data: PlanData | None = None) -> Path:
    """Write the workbook, pre-filled with the values already received."""
    if out.suffix.lower() != ".xlsx":
        raise PlanevalError("模板文件名应以 .xlsx 结尾", Location(out))
    data = data or ingest_plan(config)
    first_year = history_start(config, data)
    years = list(range(first_year, config.last_year + 1))
    columns = template_columns(config, first_year)
    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标完成情况表"
    ws.append([f"{config.region}“{config.period}”规划主要指标完成情况表"])
    ws.append(columns)
    m = config.monthly_cutoff
    formats = []
    for iid, ind in data.indicators.iterrows():
        series = data.annual[data.annual["indicator_id"] == iid].set_index("year")
        ytd = data.monthly[
            (data.monthly["indicator_id"] == iid)
            & (data.monthly["year"] == m.year)
            & (data.monthly["month"] == m.month)
        ]
        values = [_value(series["value"].get(y)) for y in years]
        growth = [_value(series["growth"].get(y)) if "growth" in series else None for y in years]
        last = series["provenance"].get(config.last_year)
        ytd_value = ytd["ytd_value"].iloc[0] if len(ytd) else None
        ytd_growth = ytd["ytd_growth"].iloc[0] if len(ytd) else None
        ws.append(
            [
                int(ind["order"]),
                ind["name"],
                ind["unit"],
                ind["attribute"],
                ind["target_text"],
                *values,
                PROVENANCE_LABELS.get(last, "统计数") if last else None,
                _value(ytd_value),
                _value(ytd_growth),
                *growth[1:],
                None,
            ]
        )
        formats.append(_number_format(_decimals([*values, ytd_value])))
    n = len(data.indicators)
    _style(ws, columns, formats)
    sign_row = FIRST_DATA_ROW + n + 1
    for k, text in enumerate(SIGN_LINES):
        # Two lines on the left, two further right, as on statistical forms.
        col = 1 if k % 2 == 0 else 6
        cell = ws.cell(sign_row + k // 2, col, text)
        cell.font = Font(name=EXCEL_FONT, size=11)
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.page_setup.fitToWidth = 2  # 20+ year columns: two pages wide stay legible
    ws.print_title_cols = "A:B"
    _instructions(wb, config, first_year)
    return save_workbook(wb, out)


def _value(v):
    return None if v is None or pd.isna(v) else float(v)


def _style(ws, columns: list[str], formats: list[str]) -> None:
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor=HEADER_FILL)
    locked_fill = PatternFill("solid", fgColor=LOCKED_FILL)
    ws["A1"].font = Font(name=EXCEL_FONT, bold=True, size=16)
    ws.row_dimensions[TITLE_ROW].height = 30
    for cell in ws[HEADER_ROW]:
        cell.font = Font(name=EXCEL_FONT, bold=True, size=10)
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    locked = {"序号", "指标名称", "单位", "属性", "规划目标"}
    last_row = FIRST_DATA_ROW + len(formats) - 1
    for r, number_format in zip(range(FIRST_DATA_ROW, last_row + 1), formats, strict=True):
        for j, name in enumerate(columns, start=1):
            cell = ws.cell(r, j)
            cell.border = border
            cell.font = Font(name=EXCEL_FONT, size=10)
            if name in locked:
                cell.fill = locked_fill
                wrap = name in ("指标名称", "规划目标")
                cell.alignment = Alignment(
                    horizontal="left" if wrap else "center", vertical="center", wrap_text=wrap
                )
                continue
            cell.protection = Protection(locked=False)  # what departments fill in
            cell.alignment = Alignment(vertical="center")
            if "增速" in name:
                cell.number_format = "0.0"
            elif name.endswith("年") or name.endswith("(基期)") or name.endswith("累计值"):
                cell.number_format = number_format
            elif name == "备注":
                cell.alignment = Alignment(vertical="center", wrap_text=True)
    for j, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(name, 11)
    fit_row_heights(ws, HEADER_ROW, last_row)
    ws.freeze_panes = "C3"
    # Protected without a password: it guards against slips, and columns can still be
    # resized and rows formatted.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    _validations(ws, columns, last_row)


def _validations(ws, columns: list[str], last_row: int) -> None:
    rows = f"{FIRST_DATA_ROW}:{max(last_row, FIRST_DATA_ROW)}"
    first, last = rows.split(":")

    def col(name: str) -> str:
        return get_column_letter(columns.index(name) + 1)

    prov = next(c for c in columns if c.endswith("数据类型"))
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(PROVENANCE_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数据类型",
        error="请选择：统计数、预计数 或 初步核算数",
    )
    ws.add_data_validation(dv)
    dv.add(f"{col(prov)}{first}:{col(prov)}{last}")
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000000",
        formula2="1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",  # "—" for no figure stays possible after a warning
        errorTitle="数值",
        error="请填写数字（不带单位）；没有数据请留空或填“—”",
    )
    ws.add_data_validation(numbers)
    for name in columns:
        if name.endswith(("年", "(基期)", "累计值", "(%)")):
            numbers.add(f"{col(name)}{first}:{col(name)}{last}")


INSTRUCTIONS = (
    "1．本表由各指标的牵头部门填报，每个指标一行；灰色单元格（序号、指标名称、单位、属性、"
    "规划目标）来自规划文本，请勿修改。",
    "2．数值请按“单位”列的计量单位填写纯数字，不带单位、不加文字；没有数据的年份留空或填“—”。",
    "3．{first}—{last}年各年数值用于趋势预测，请尽量填全；{base}年为规划基期。",
    "4．“{last}年数据类型”请在下拉列表中选择：统计数（正式统计数据）、预计数或初步核算数；"
    "正式统计数据发布后请替换预计数并重新报送。",
    "5．“增速”为比上年增长的百分比（%），只填数字（如增长6.5%填6.5，下降填负数）；"
    "地区生产总值等按可比价计算增速的指标，请填可比价增速。",
    "6．“{m_year}年1-{m_month}月累计值/累计增速”填写年初至{m_month}月底的累计数及其同比增速（%）。",
    "7．口径调整、数据来源等需要说明的情况请写在“备注”列。",
    "8．填报完成后请在表下方填写填报单位（盖章）、填报人、联系电话和填报日期，"
    "以 annual_部门名称.xlsx 为文件名报送评估单位。",
)


def _instructions(wb, config: PlanConfig, first_year: int) -> None:
    ws = wb.create_sheet("填表说明")
    ws.column_dimensions["A"].width = 80
    ws["A1"] = "填表说明"
    ws["A1"].font = Font(name=EXCEL_FONT, bold=True, size=14)
    m = config.monthly_cutoff
    for k, line in enumerate(INSTRUCTIONS, start=2):
        cell = ws.cell(
            k,
            1,
            line.format(
                first=first_year,
                last=config.last_year,
                base=config.base_year,
                m_year=m.year,
                m_month=m.month,
            ),
        )
        cell.font = Font(name=EXCEL_FONT, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_heights(ws, 2)
    print_setup(ws, landscape=False)
