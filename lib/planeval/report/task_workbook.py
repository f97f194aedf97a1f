"""The task records as a workbook (<plan>_重点任务进展表.xlsx): every task with its
source, 四个重大类别, 专栏, progress, 预期展望 and note, one row each, for the
departments to check and complete (河北区: 实现进度、预期展望及相关说明 per task).
The report lists only summaries and the lagging items; this sheet has them all."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planeval.data import tasks as task_rows
from planeval.outputs import (
    EXCEL_FONT,
    fit_row_heights,
    named_style,
    print_setup,
    save_workbook,
)
from planeval.report.narrative import fmt_rate, label

# (column of the task table, width); headers are in labels.j2 `task_workbook`.
COLUMNS = (
    ("source", 9),
    ("part", 18),
    ("chapter", 22),
    ("name", 24),
    ("major4", 8),
    ("column", 16),
    ("department", 16),
    ("status", 9),
    ("completion", 9),
    ("outlook", 24),
    ("note", 30),
)
SOURCE_ORDER = (task_rows.LOCAL, task_rows.UPPER, task_rows.MAJOR4)


def task_workbook_filename(config) -> str:
    return label("task_workbook")["file"].format(plan_id=config.plan_id)


def ordered(tasks: pd.DataFrame) -> pd.DataFrame:
    """本级纲要 tasks (专栏 projects after the others), then 上级规划, then 四个重大."""
    t = task_rows.with_defaults(tasks)
    key = t["source"].map(lambda s: SOURCE_ORDER.index(s) if s in SOURCE_ORDER else 9) * 2
    key += t["column"].fillna("").ne("").astype(int)
    return t.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")


def write_task_workbook(tasks: pd.DataFrame, config, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    words = label("task_workbook")
    wb = Workbook()
    ws = wb.active
    ws.title = words["sheet"]
    headers = [words["order"]] + [words[c] for c, _ in COLUMNS]
    last = get_column_letter(len(headers))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells(f"A1:{last}1")
    ws.cell(1, 1, words["title"].format(region=config.region, period=config.period))
    ws.cell(1, 1).font = Font(name=EXCEL_FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    for j, h in enumerate(headers, start=1):
        cell = ws.cell(2, j, h)
        cell.font = Font(name=EXCEL_FONT, size=10, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(j)].width = 6 if j == 1 else COLUMNS[j - 2][1]
    numeric = [True] + [c == "completion" for c, _ in COLUMNS]  # 序号 and completion
    styles = [
        named_style(
            wb,
            f"任务表{'数值' if right else '文字'}",
            font=Font(name=EXCEL_FONT, size=10),
            border=border,
            alignment=Alignment(
                horizontal="right" if right else "left", vertical="center", wrap_text=True
            ),
        )
        for right in numeric
    ]
    for i, (_, r) in enumerate(ordered(tasks).iterrows(), start=1):
        values = [i] + [_value(r, c) for c, _ in COLUMNS]
        for j, v in enumerate(values, start=1):
            ws.cell(2 + i, j, v).style = styles[j - 1]
    ws.freeze_panes = "B3"
    ws.auto_filter.ref = f"A2:{last}{ws.max_row}"
    fit_row_heights(ws, 2)
    ws.row_dimensions[1].height = 30
    print_setup(ws, title_rows="2:2")
    return save_workbook(wb, Path(path))


def _value(r: pd.Series, col: str):
    v = r.get(col)
    if col == "completion":
        return float(fmt_rate(v)) if pd.notna(v) else None
    if col == "major4" and v:
        return label("task_sections")["major4_names"].get(v, v)
    return str(v) if v is not None and not (isinstance(v, float) and pd.isna(v)) else ""
