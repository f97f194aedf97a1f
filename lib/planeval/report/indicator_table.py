"""主要指标完成情况表 (南开区 附件2): the assessment as a table, in HTML and Excel.

`build_table(frame, data, config)` collects, per indicator, the base, the actual
values of each year since the base, the latest year-to-date figure, the forecasts,
the target as written, the progress P and the category. `to_html` renders it for
the report (category cells coloured with the official palette); `write_excel`
writes the same table as a formatted workbook that is attached to the report.

Estimates (预计数, 初步核算数) are marked "*", a revised base (口径调整) "†"; both
marks are explained in footnotes under the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from planeval.outputs import (
    EXCEL_FONT,
    fit_row_heights,
    named_style,
    print_setup,
    save_workbook,
)
from planeval.report.narrative import (
    ValueFormat,
    finite,
    fmt_plain,
    fmt_rate,
    label,
    render_html,
    timing_context,
    value_format,
)
from planeval.report.style import CATEGORY_COLORS, OUTLOOK_COLORS, UNKNOWN_CATEGORY_COLOR


@dataclass
class Cell:
    """One cell: what HTML shows, and what Excel stores (number + format, or text)."""

    text: str
    value: Any = None  # float for numbers, str for text, None for empty
    number_format: str | None = None
    mark: str = ""  # "*" estimate, "†" revised base
    css: str = ""


@dataclass
class Column:
    key: str
    header: str
    numeric: bool = False
    width: float = 10  # Excel column width (characters)
    html: bool = True  # shown in the report (A4 portrait: 类别 becomes group rows,
    excel: bool = True  # 单位 goes next to the name); the workbook has every column


@dataclass
class IndicatorTable:
    title: str
    subtitle: str
    columns: list[Column]
    rows: list[dict[str, Cell]]
    categories: list[str]  # per row, for colouring
    footnotes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def to_html(self, number: int | None = None) -> str:
        return render_html(
            "indicator_table.html.j2",
            table=self,
            columns=[c for c in self.columns if c.html],
            groups=[r["group"].text for r in self.rows],
            number=number,
            colors=CATEGORY_COLORS,
            outlook_colors=OUTLOOK_COLORS,
            unknown=UNKNOWN_CATEGORY_COLOR,
        )

    def to_frame(self) -> pd.DataFrame:
        """The table as text, one column per header (for inspection and tests)."""
        return pd.DataFrame(
            [[r[c.key].text for c in self.columns] for r in self.rows],
            columns=[c.header for c in self.columns],
        )


def _estimate(provenance: Any) -> bool:
    return str(provenance or "official") not in ("official", "", "None", "nan")


def _number(value: Any, fmt: ValueFormat, mark: str = "") -> Cell:
    if not finite(value):
        return Cell(label("indicator_table")["dash"], None, css="pe-empty")
    excel = fmt.excel() + (f'"{mark}"' if mark else "")
    return Cell(fmt(value) + mark, float(value), excel, mark)


def build_table(frame: pd.DataFrame, data, config) -> IndicatorTable:
    words = label("indicator_table")
    t = timing_context(config)
    years = list(range(config.base_year + 1, config.last_year + 1))
    forecast_years = [y for y in config.forecast_years if y > config.last_year]
    # 总结评估 looks back: no year-to-date, forecast or outlook columns
    looking_ahead = config.evaluation != "final"
    cut = config.monthly_cutoff
    ytd_header = words["ytd"].format(year=cut.year, month=cut.month)
    # Year-to-date figures only say something the annual ones do not after the annual cut-off.
    with_ytd = looking_ahead and cut > config.annual_cutoff
    columns = [
        Column("order", words["order"], width=5),
        Column("group", words["group"], width=9, html=False),
        Column("name", words["name"], width=22, html=False),
        Column("name_unit", words["name_unit"], excel=False),
        Column("unit", words["unit"], width=9, html=False),
        Column("attribute", words["attribute"], width=7),
        Column("base", words["base"].format(year=config.base_year), True, 11),
        *[Column(f"y{y}", words["year"].format(year=y), True, 11) for y in years],
        *([Column("ytd", ytd_header, True, 14)] if with_ytd else []),
        *[Column(f"f{y}", words["forecast"].format(year=y), True, 11) for y in forecast_years],
        Column("target", words["target"], width=16),
        Column(
            "progress",
            words["progress"] + words["progress_note"].format(E=fmt_plain(_elapsed(t))),
            True,
            10,
        ),
        Column("category", words["category"], width=12),
        *([Column("outlook", words["outlook"], width=12)] if looking_ahead else []),
    ]
    annual = data.annual
    rows, categories = [], []
    any_estimate = any_revised = False
    for _, r in frame.sort_values("order", kind="stable").iterrows():
        iid = r["indicator_id"]
        a = annual[annual["indicator_id"] == iid].set_index("year")
        fmt = value_format(r, a["value"].tolist())
        revised = r.get("base_source") == "revised"
        any_revised |= revised
        cells = {
            "order": Cell(str(int(r["order"])), int(r["order"]), "0", css="pe-center"),
            "group": Cell(str(r["group"] or ""), str(r["group"] or "")),
            "name": Cell(str(r["name"]), str(r["name"])),
            "name_unit": Cell(
                words["name_with_unit"].format(name=r["name"], unit=fmt.unit)
                if fmt.unit
                else str(r["name"]),
                css="pe-name",
            ),
            "unit": Cell(fmt.unit, fmt.unit),
            "attribute": Cell(
                str(r["attribute"] or ""), str(r["attribute"] or ""), css="pe-nowrap"
            ),
            "base": _number(r["base_value"], fmt, words["revised_mark"] if revised else ""),
        }
        for y in years:
            value = a["value"].get(y) if y in a.index else None
            mark = (
                words["estimate_mark"] if y in a.index and _estimate(a["provenance"].get(y)) else ""
            )
            any_estimate |= bool(mark) and finite(value)
            cells[f"y{y}"] = _number(value, fmt, mark)
        cells["ytd"] = _ytd_cell(r, fmt)
        growth = r.get("ytd_growth")
        cells["ytd_growth"] = (
            Cell(fmt_rate(growth), float(growth), "0.0") if finite(growth) else Cell("", None)
        )
        any_estimate |= with_ytd and bool(cells["ytd"].mark)
        for y in forecast_years:
            cells[f"f{y}"] = _number(r.get(f"forecast_{y}"), fmt)
        target = str(r["target_text"] or "") or words["dash"]
        cells["target"] = Cell(target, target, css="pe-target")
        p = r.get("P")
        cells["progress"] = (
            Cell(fmt_rate(p * 100) + "%", float(p), "0.0%")
            if finite(p)
            else Cell(words["dash"], None, css="pe-empty")
        )
        category = str(r["category"] or "")
        cells["category"] = Cell(category, category, css="pe-category")
        outlook = str(r.get("outlook") or "") or words["dash"]
        cells["outlook"] = Cell(outlook, outlook, css="pe-outlook")
        rows.append(cells)
        categories.append(category)
    footnotes = []
    if any_estimate:
        footnotes.append(words["estimate_note"])
    if any_revised:
        footnotes.append(words["revised_note"])
    if looking_ahead:
        footnotes += [
            *([words["ytd_note"].format(ytd=ytd_header)] if with_ytd else []),
            words["forecast_note"],
            words["progress_explain"],
            words["outlook_note"].format(target_year=config.target_year),
        ]
    else:
        footnotes.append(words["progress_explain"])
    title = table_word("title", config).format(region=config.region, period=config.period)
    subtitle = label("table_subtitle" if looking_ahead else "table_subtitle_final").format(
        annual=_date(config.annual_cutoff), monthly=_date(cut), E=fmt_plain(_elapsed(t))
    )
    return IndicatorTable(title, subtitle, columns, rows, categories, footnotes)


def _elapsed(t: dict) -> float:
    """The time elapsed the table's progress is judged at (months, before annual data)."""
    return t["E_monthly"] if t.get("ytd_judged") else t["E_annual"]


def _ytd_cell(row, fmt: ValueFormat) -> Cell:
    value, growth = row.get("ytd_value"), row.get("ytd_growth")
    if not isinstance(row.get("ytd_period"), str) or not (finite(value) or finite(growth)):
        return Cell(label("indicator_table")["dash"], None, css="pe-empty")
    text = fmt(value) if finite(value) else ""
    if row.get("data_form") == "reduction_rate" and finite(growth) and not text:
        return Cell(f"降低{fmt_rate(-growth)}%", None)  # a year-to-date reduction rate
    if finite(growth):
        text += (
            f"（{fmt_rate(growth)}%）"
            if text
            else label("indicator_table")["growth"].format(g=fmt_rate(growth))
        )
    return Cell(text, float(value) if finite(value) else None, fmt.excel())


def _date(d) -> str:
    return label("date").format(y=d.year, m=d.month, d=d.day)


# --- Excel ------------------------------------------------------------------------

HEADER_FILL = "D9E1F2"
BORDER_COLOR = "808080"
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1
BODY_SIZE = 10


def excel_columns(table: IndicatorTable, config) -> list[Column]:
    """The table's columns, with the year-to-date growth in a column of its own."""
    out = []
    cut = config.monthly_cutoff
    for c in table.columns:
        if not c.excel:
            continue
        out.append(c)
        if c.key == "ytd":
            header = label("ytd_growth_header").format(year=cut.year, month=cut.month)
            out.append(Column("ytd_growth", header, True, 12))
    return out


def table_word(key: str, config) -> str:
    """The table's title or sheet name: a 年度监测 calls it the 指标监测表."""
    words = label("indicator_table")
    return words.get(f"{key}_{config.evaluation}", words[key])


def write_excel(table: IndicatorTable, config, path: str | Path, sheets=()) -> Path:
    """Write the table as a workbook that prints as a finished table, atomically;
    `sheets`: callables that each add a further sheet to the workbook
    (`table_sheet` for another indicator table, such as the 章节指标).

    宋体 throughout, thin borders, wrapped text with fitted row heights, category
    fills, the header row repeated on every printed page, A4 landscape fitted to
    the page width, page numbers in the footer.
    """
    from openpyxl import Workbook

    wb = Workbook()
    _fill_sheet(wb.active, table_word("sheet", config), table, config)
    for add in sheets:
        add(wb)
    return save_workbook(wb, Path(path))


def table_sheet(sheet: str, table: IndicatorTable, config):
    """A `write_excel` sheet: another indicator table, written the same way."""
    return lambda wb: _fill_sheet(wb.create_sheet(), sheet, table, config)


def _fill_sheet(ws, sheet: str, table: IndicatorTable, config) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns = excel_columns(table, config)
    ws.title = sheet
    last_col = get_column_letter(len(columns))
    wb = ws.parent
    thin = Side(style="thin", color=BORDER_COLOR)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def font(**kw) -> Font:
        return Font(name=EXCEL_FONT, size=kw.pop("size", BODY_SIZE), **kw)

    def style(name: str, **formats) -> str:
        return named_style(wb, f"指标表{name}", **formats)

    ws.merge_cells(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
    title = style("标题", font=font(bold=True, size=16), alignment=center)
    ws.cell(TITLE_ROW, 1, table.title).style = title
    ws.merge_cells(f"A{SUBTITLE_ROW}:{last_col}{SUBTITLE_ROW}")
    ws.cell(SUBTITLE_ROW, 1, table.subtitle).style = style(
        "副标题",
        font=font(size=9, color="555555"),
        alignment=Alignment(horizontal="right", vertical="center"),
    )

    header = style(
        "表头",
        font=font(bold=True),
        fill=PatternFill("solid", fgColor=HEADER_FILL),
        alignment=center,
        border=border,
    )
    for j, col in enumerate(columns, start=1):
        ws.cell(HEADER_ROW, j, col.header).style = header
        ws.column_dimensions[get_column_letter(j)].width = col.width

    body = {  # a column's cell style: numbers right, names and targets wrapped
        "number": style(
            "数值",
            font=font(),
            border=border,
            alignment=Alignment(horizontal="right", vertical="center"),
        ),
        "text": style(
            "文字",
            font=font(),
            border=border,
            alignment=Alignment(vertical="center", wrap_text=True, indent=1),
        ),
        "center": style("居中", font=font(), border=border, alignment=center),
    }
    kinds = [
        "number" if c.numeric else "text" if c.key in ("name", "target") else "center"
        for c in columns
    ]
    for i, (row, category) in enumerate(zip(table.rows, table.categories, strict=True)):
        r = FIRST_DATA_ROW + i
        for j, (col, kind) in enumerate(zip(columns, kinds, strict=True), start=1):
            src = row[col.key]
            cell = ws.cell(r, j, src.value)
            cell.style = body[kind]
            if src.number_format:
                cell.number_format = src.number_format
            if col.key in ("category", "outlook"):
                palette = CATEGORY_COLORS if col.key == "category" else OUTLOOK_COLORS
                key = category if col.key == "category" else src.text
                color = palette.get(key, UNKNOWN_CATEGORY_COLOR).lstrip("#")
                cell.fill = PatternFill("solid", fgColor=color.upper())
                cell.font = font(bold=True, color="FFFFFF")

    note_row = FIRST_DATA_ROW + len(table.rows) + 1
    for k, note in enumerate(table.footnotes):
        ws.merge_cells(f"A{note_row + k}:{last_col}{note_row + k}")
        cell = ws.cell(note_row + k, 1, note)
        cell.font = font(size=9, color="555555")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    fit_row_heights(ws, HEADER_ROW)
    ws.row_dimensions[TITLE_ROW].height = 30
    ws.row_dimensions[SUBTITLE_ROW].height = 18

    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 4)  # rows above and 序号/类别/指标 stay
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def chapter_table(frame: pd.DataFrame, data, config) -> IndicatorTable:
    """The 章节指标 table: the main table's columns, 章节 in place of 类别 (the rows in
    chapter order), under its own title."""
    chapters = data.indicators["chapter"]  # data: PlanData.chapters()
    words = label("chapter_indicators")
    table = build_table(frame.assign(group=frame["indicator_id"].map(chapters)), data, config)
    table.title = words["table_title"].format(region=config.region, period=config.period)
    for c in table.columns:
        if c.key == "group":
            c.header, c.width = words["chapter"], 16
    return table


def excel_filename(config) -> str:
    return label("indicator_table")["file"].format(plan_id=config.plan_id)
