"""Writing output files: atomically, with ordinary permissions, and spreadsheets safe.

Every file planeval writes (reports, charts, tables, processed data) goes through
`atomic_path`: the content is written to a temporary name in the target folder,
then renamed into place, so an interrupted run never leaves a half file that looks
finished. The temporary file is created with ``open(..., "x")``, so it gets the
permissions of any new file (0644 under the usual umask 022), not the 0600 of
`tempfile.mkstemp`: a colleague on a shared drive can open the outputs.

Spreadsheets: a text cell that starts with ``=``, ``+``, ``-`` or ``@`` is written
as text, never as a live formula (an indicator named ``=HYPERLINK(...)`` in a
department's file must not become a link in the attached table). `save_workbook`
does this for every openpyxl workbook; `csv_safe` for CSV files opened in Excel.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed to `path` on success.

    The temporary file already exists (empty, ordinary permissions) when the block
    starts; writers that open it for writing keep those permissions.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    with tmp.open("xb"):
        pass
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (flushed to disk before the rename)."""
    path = Path(path)
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return path


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding))


# --- spreadsheets -------------------------------------------------------------------


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralize_formulas(wb) -> int:
    """Make every formula-like text cell of `wb` plain text; returns how many.

    planeval never writes formulas, so any cell openpyxl would store as a formula
    came from data. It is stored as a string with Excel's quote prefix (the cell
    shows the text, and editing it does not turn it into a formula).
    """
    count = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    count += 1
    return count


def save_workbook(wb, path: str | Path) -> Path:
    """Save an openpyxl workbook atomically, with formula-like text kept as text."""
    neutralize_formulas(wb)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


def csv_safe(value: object) -> object:
    """A CSV cell Excel will not evaluate: formula-like text gets a leading apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


# --- spreadsheet print layout -------------------------------------------------------

EXCEL_FONT = "宋体"  # on every Chinese Windows/WPS install; LibreOffice substitutes
DEFAULT_COLUMN_WIDTH = 8.43


def named_style(wb, name: str, **formats) -> str:
    """`name`, a cell style of workbook `wb` made of `formats` (font, fill, border,
    alignment, number_format) when first asked for; assign it as ``cell.style = name``.

    openpyxl hashes a font, fill, border or alignment object anew each time one is
    assigned to a cell, and those hashes were most of the time a workbook took to write;
    a named style registers its formats once and is copied into each cell (ten times
    faster). Excel and WPS list the names under 单元格样式."""
    from openpyxl.styles import NamedStyle

    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, **formats))
    return name


def text_width(text: str) -> int:
    """Width in half-width character cells: Chinese characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_width(ws, column: int) -> float:
    from openpyxl.utils import get_column_letter

    dim = ws.column_dimensions.get(get_column_letter(column))
    return dim.width if dim is not None and dim.width else DEFAULT_COLUMN_WIDTH


def fit_row_heights(ws, first_row: int = 1, last_row: int | None = None) -> None:
    """Set each row's height to the lines its wrapped text needs.

    Excel and LibreOffice do not grow a row for wrapped text written by a library,
    so wrapped cells would overlap the row below on paper. The width of a column is
    in units of a digit of the default font; a character of size `s` points takes
    about ``text_width × s / 10.5`` of them. Merged cells use the merged width.
    """
    last_row = last_row or ws.max_row
    spans: dict[tuple[int, int], float] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        width = sum(_column_width(ws, c) for c in range(rng.min_col, rng.max_col + 1))
        spans[(rng.min_row, rng.min_col)] = width
        covered |= {
            (r, c)
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
        } - {(rng.min_row, rng.min_col)}
    for r in range(first_row, last_row + 1):
        height = 0.0
        for cell in ws[r]:
            if cell.value is None or (r, cell.column) in covered:
                continue
            size = float(cell.font.sz or 11) if cell.font else 11.0
            width = spans.get((r, cell.column), _column_width(ws, cell.column))
            indent = float(cell.alignment.indent or 0) * 2 if cell.alignment is not None else 0.0
            usable = max(width - 0.3 - indent, 1.0)
            text = cell.value if isinstance(cell.value, str) else str(cell.value)
            if cell.alignment is not None and cell.alignment.wrap_text:
                lines = sum(
                    max(1, -(-text_width(line) * size / 10.5 // usable))
                    for line in text.split("\n")
                )
            else:
                lines = 1
            height = max(height, lines * size * 1.4 + 4)
        if height:
            ws.row_dimensions[r].height = round(height, 1)


def print_setup(ws, title_rows: str | None = None, landscape: bool = True) -> None:
    """A4, fitted to the page width (as many pages down as needed), centred, the
    `title_rows` repeated on every page, "第 N 页 共 M 页" in the footer."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = EXCEL_FONT


def write_frame_xlsx(frame, path: str | Path, sheet: str = "Sheet1") -> Path:
    """A DataFrame as a plain workbook (header row, one row per record) through
    `save_workbook`: atomic, and no text cell becomes a formula (pandas' own
    ``to_excel`` writes ``=…`` text as a live formula)."""
    import math

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        values = []
        for v in row:
            if hasattr(v, "item"):  # numpy scalar → Python
                v = v.item()
            if isinstance(v, float) and math.isnan(v):
                v = None
            elif v is not None and not isinstance(v, (int, float, str, bool)):
                v = str(v)
            values.append(v)
        ws.append(values)
    ws.freeze_panes = "A2"
    return save_workbook(wb, path)
