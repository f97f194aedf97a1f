"""A report table (sections.SimpleTable) as a further sheet of the attached workbook:
title row, header repeated on every printed page, A4 landscape, wrapped cells."""

from __future__ import annotations

from planeval.report.sections import SimpleTable

HEADER_FILL = "D9E1F2"
BORDER_COLOR = "808080"
TITLE_WIDTH_PER_CHAR = 2.9  # column-width units per character of the 16 pt title


def add_table_sheet(wb, name: str, title: str, table: SimpleTable, widths=()) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from planeval.outputs import EXCEL_FONT, fit_row_heights, named_style, print_setup

    ws = wb.create_sheet(name)
    thin = Side(style="thin", color=BORDER_COLOR)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    n = len(table.columns)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.cell(1, 1, title).font = Font(name=EXCEL_FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    for j, header in enumerate(table.columns, start=1):
        cell = ws.cell(2, j, header)
        cell.font = Font(name=EXCEL_FONT, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        width = widths[j - 1] if j - 1 < len(widths) else max(10, 2 * len(header) + 2)
        ws.column_dimensions[cell.column_letter].width = width

    styles: dict[tuple[bool, bool], str] = {}

    def body(bold: bool, right: bool) -> str:
        """The cell style of a total row or not, a number or not (made on first use)."""
        if (bold, right) not in styles:
            styles[bold, right] = named_style(
                wb,
                f"附表{'合计' if bold else '正文'}{'数值' if right else '文字'}",
                font=Font(name=EXCEL_FONT, size=11, bold=bold),
                alignment=Alignment(
                    horizontal="right" if right else None, vertical="center", wrap_text=True
                ),
                border=border,
            )
        return styles[bold, right]

    for i, row in enumerate(table.rows, start=3):
        bold = bool(table.total_row and i == len(table.rows) + 2)
        for j, text in enumerate(row, start=1):
            right = (j - 1) in table.numeric
            cell = ws.cell(i, j, _number(text) if right else text)
            cell.style = body(bold, right)
            if right and isinstance(cell.value, float):
                decimals = len(text.split(".")[1]) if "." in text else 0
                cell.number_format = "0" + ("." + "0" * decimals if decimals else "")
    # The merged title row must hold the title: widen the first column if it would not.
    need = TITLE_WIDTH_PER_CHAR * len(title)
    have = sum(ws.column_dimensions[c.column_letter].width for c in ws[2])
    if have < need:
        first = ws.column_dimensions["A"]
        first.width = first.width + need - have
    fit_row_heights(ws, 2)
    ws.row_dimensions[1].height = 30
    print_setup(ws, title_rows="2:2")


def _number(text: str):
    """A numeric cell's text as a number (the sheet computes with it), else the text."""
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return text


def sheet_rows(ws) -> list[list[str]]:
    """The data rows of a sheet written by add_table_sheet, as text."""
    return [
        ["" if v is None else str(v) for v in row]
        for row in ws.iter_rows(min_row=3, values_only=True)
        if any(v is not None for v in row)
    ]
