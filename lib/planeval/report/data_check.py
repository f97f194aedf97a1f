"""数据核查: what was checked or corrected in a plan's data, written for people.

`data_check_items(report)` lists, per item, the department that sent the data, the
indicator, the year and what was corrected or still needs attention (estimates, estimates
replaced by official figures, revised bases, unit corrections, ingestion warnings). The
report's annex shows them without file paths or internal ids; `write_data_check` writes
the same items, with the file name, row and column for the data staff who fix them, to
``<plan>_数据核查.xlsx``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from planeval.outputs import save_workbook

# "文件 data/raw/x/annual_统计局.csv，工作表「…」，第7行，列「数据单位」：message"
_LOCATED = re.compile(
    r"^文件 (?P<file>[^，]+?)(?:，工作表「(?P<sheet>[^」]*)」)?(?:，第(?P<row>\d+)行)?"
    r"(?:，列「(?P<column>[^」]*)」)?：(?P<message>.*)$",
    re.S,
)
# Department files are named <kind>_<department>.<ext> (data/raw/README.md).
_DEPARTMENT = re.compile(r"^(?:annual|monthly|assigned)_(?P<dept>.+)$")
_INDICATOR = re.compile(r"指标「(?P<name>[^」]+)」")
_YEAR = re.compile(r"(?<!\d)(20\d\d)年")


@dataclass(frozen=True)
class CheckItem:
    """One finding of the data check."""

    kind: str  # 预计数 / 已替换 / 口径调整 / 计量单位 / 校验提示
    indicator: str
    year: str
    text: str  # what was corrected or needs attention, for people
    department: str = ""
    file: str = ""  # file name only (no folders)
    row: int | None = None
    column: str = ""


def department_of(file: str) -> str:
    """统计局 for annual_统计局.csv; empty for a file not named after a department."""
    m = _DEPARTMENT.match(Path(file).stem)
    return m.group("dept") if m else ""


def parse_warning(warning: str) -> CheckItem:
    """An ingestion warning split into where (kept for the workbook) and what."""
    m = _LOCATED.match(warning.strip())
    if not m:
        name = _INDICATOR.search(warning)
        return CheckItem("校验提示", name.group("name") if name else "", "", warning.strip())
    message = m.group("message").strip()
    name = _INDICATOR.search(message)
    year = _YEAR.search(message)
    file = Path(m.group("file")).name
    return CheckItem(
        "校验提示",
        name.group("name") if name else "",
        year.group(1) if year else "",
        message,
        department_of(file),
        file,
        int(m.group("row")) if m.group("row") else None,
        m.group("column") or "",
    )


def _at(source: str) -> dict:
    """department, file and row of an annual value's source ("annual_统计局.csv:12")."""
    file, _, row = (source or "").rpartition(":")
    if not file:
        file, row = source or "", ""
    return {
        "department": department_of(file),
        "file": Path(file).name,
        "row": int(row) if row.isdigit() else None,
    }


def data_check_items(
    facts: dict, warnings: list[str], sources: dict | None = None
) -> list[CheckItem]:
    """Items from `document.data_note_facts` and the plan's ingestion warnings.

    `sources` maps (indicator name, year) to the annual value's source ("file:row"). A
    unit correction is listed once, with the location its warning names.
    """
    sources = sources or {}
    items = [
        CheckItem(
            "预计数",
            name,
            str(year),
            f"{year}年为{kind}，待正式统计数据发布后替换",
            **_at(sources.get((name, year), "")),
        )
        for name, year, kind in facts["estimates"]
    ]
    items += [
        CheckItem(
            "已替换",
            name,
            str(year),
            f"预计数{old}{unit}已由统计数{new}{unit}替换",
            **_at(sources.get((name, year), "")),
        )
        for name, year, old, new, unit in facts["superseded"]
    ]
    for name, printed, new, unit, note in facts["revised"]:
        was = f"规划文本基期值{printed}{unit}" if printed else "规划文本未列基期值"
        text = f"{was}，口径调整后为{new}{unit}" + (f"（{note}）" if note else "")
        items.append(CheckItem("口径调整", name, "", text))
    parsed = [parse_warning(w) for w in warnings]
    unit_warnings = {i.indicator: i for i in parsed if "单位" in i.text and i.indicator}
    for name, printed, used, _target in facts["units"]:
        w = unit_warnings.get(name)
        where = {"file": w.file, "row": w.row, "column": w.column} if w else {}
        items.append(
            CheckItem("计量单位", name, "", f"规划文本单位“{printed}”更正为“{used}”", **where)
        )
    units = {name for name, *_ in facts["units"]}
    items += [i for i in parsed if not (i.indicator in units and "单位" in i.text)]
    return items


HEADERS = ("类别", "报送部门", "指标", "年份", "核查说明", "来源文件", "行", "列")
WIDTHS = (10, 12, 26, 8, 60, 24, 6, 12)


def write_data_check(items: list[CheckItem], title: str, path: str | Path) -> Path:
    """The items as a workbook, atomically (temp file, then rename)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "数据核查"
    ws.cell(1, 1, title).font = Font(bold=True, size=13)
    for j, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(2, j, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        ws.column_dimensions[get_column_letter(j)].width = width
    for i, it in enumerate(items, start=3):
        values = (
            it.kind,
            it.department,
            it.indicator,
            it.year,
            it.text,
            it.file,
            it.row,
            it.column,
        )
        for j, v in enumerate(values, start=1):
            cell = ws.cell(i, j, v if v not in ("", None) else None)
            cell.alignment = Alignment(vertical="top", wrap_text=j == 5)
    if not items:
        ws.cell(3, 1, "数据校验未发现需要说明的问题。")
    ws.freeze_panes = "A3"
    return save_workbook(wb, path)


def data_check_filename(config) -> str:
    return f"{config.plan_id}_数据核查.xlsx"
