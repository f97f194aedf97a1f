"""Reading department files: CSV in any common Chinese encoding, and Excel.

Everything is read as text; `cells.py` turns text into numbers, years and
labels with warnings or errors that name the file, row and column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from planeval.data import textfile
from planeval.errors import Location, PlanevalError

MAX_CELL = 10_000  # characters: a longer cell is a pasted document or a broken quote
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CALAMINE_SUFFIXES = {".xls", ".et", ".ods"}  # read by python-calamine through pandas
SUFFIXES = {".csv", *EXCEL_SUFFIXES, *CALAMINE_SUFFIXES}


@dataclass
class RawTable:
    """A table as text. `frame` has canonical column names, all cells str
    ("" for empty), and `_row`: the row's 1-based number in the file."""

    path: Path
    sheet: str | None
    frame: pd.DataFrame
    original: dict[str, str]  # canonical column -> header as written
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)  # what reading noticed (hidden sheets …)

    def where(self, index: int | None = None, column: str | None = None) -> Location:
        if index is None:
            row = None
        else:
            rows = self.__dict__.get("_rows")
            if rows is None:  # built once: a frame.at per cell is slow on big files
                rows = self.__dict__["_rows"] = dict(
                    zip(self.frame.index, map(int, self.frame["_row"]), strict=True)
                )
            row = rows[index]
        return Location(self.path, self.sheet, row, self.original.get(column, column))

    def records(self):
        """(index, row as a dict of str) for every row, what `frame.to_dict("records")`
        gives, zipped from the columns: the cells are already str, and to_dict boxing
        each of them was a tenth of ingest's time."""
        f = self.frame
        text = np.dtype(object)
        plain = f.columns.is_unique and len(f.columns) and all(d is text for d in f.dtypes)
        if not plain:
            return zip(f.index, f.to_dict("records"), strict=True)
        names = list(f.columns)
        rows = (dict(zip(names, row, strict=True)) for row in f.to_numpy().tolist())
        return zip(f.index, rows, strict=True)


@dataclass
class Sheet:
    """One sheet's cells as text, and what reading it noticed."""

    name: str | None
    rows: list[list[str]]
    merged: list[tuple[str, int]] = field(default_factory=list)  # (range, first row)
    warnings: list[str] = field(default_factory=list)


def normalize_header(text: object) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(s.split()).replace("（", "(").replace("）", ")").lower()


def decode_csv(path: Path, within: Path | None = None) -> tuple[str, str]:
    data = textfile.read_bytes(path, within=within)
    if not data.strip():
        raise PlanevalError("文件为空", Location(path), expected="带表头的表格数据")
    return textfile.decode(data, path)


def read_csv_rows(path: Path, within: Path | None = None) -> tuple[list[list[str]], str]:
    """Rows of a CSV file in any newline convention; a broken quote or an oversized
    cell is an error naming the row where it starts."""
    text, enc = decode_csv(path, within)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text), strict=True)
    rows, start = [], 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger" in str(exc):  # the csv module's own limit (131072)
                raise _too_long(Location(path, row=start), csv.field_size_limit()) from None
            quote = "quote" in str(exc) or "end of data" in str(exc) or "expected" in str(exc)
            raise PlanevalError(
                "引号不成对：从这一行起的内容无法按列拆分" if quote else "单元格过长或格式有误",
                Location(path, row=start),
                expected="每个以英文双引号开始的单元格以双引号结束；单元格内不要单独使用双引号",
            ) from None
        for k, cell in enumerate(row):
            if len(cell) > MAX_CELL:
                raise _too_long(Location(path, row=start, column=f"第{k + 1}列"), len(cell))
        rows.append([c.strip() for c in row])
        start = reader.line_num + 1
    return rows, enc


def _too_long(where: Location, n: int) -> PlanevalError:
    return PlanevalError(
        f"单元格内容过长（{n} 个字符）" if n < csv.field_size_limit() else "单元格内容过长",
        where,
        expected=f"不超过 {MAX_CELL} 个字符；长文字请写入 texts/*.md；也请检查是否有未闭合的引号",
    )


def read_sheets(path: Path, within: Path | None = None) -> tuple[list[Sheet], str | None]:
    """Every visible sheet of the file (one unnamed sheet for CSV); returns (sheets, encoding)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, enc = read_csv_rows(path, within)
        return [Sheet(None, rows)], enc
    textfile.check_regular(path, within)
    if suffix in EXCEL_SUFFIXES:
        return _read_xlsx(path), None
    if suffix in CALAMINE_SUFFIXES:
        return _read_calamine(path), None
    raise PlanevalError(
        f"不支持的文件格式：{path.suffix}",
        Location(path),
        expected="、".join(sorted(SUFFIXES)) + " 文件",
    )


def _unreadable(path: Path, what: str = "Excel") -> PlanevalError:
    return PlanevalError(
        f"无法打开 {what} 文件：文件已损坏、加密或不是 {what} 文件",
        Location(path),
        expected="能在 Excel/WPS 中正常打开、未设打开密码的工作簿；请重新另存后再提交",
        hint="unreadable workbook",
    )


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl

    try:
        values_wb = openpyxl.load_workbook(path, data_only=True)
        # The formulas are read (a second parse) only when a sheet has any: a formula
        # without a saved result reads as an empty value.
        formulas_wb = (
            openpyxl.load_workbook(path, data_only=False) if _has_formulas(path) else values_wb
        )
    except Exception:  # zipfile, XML parser, OLE (encrypted) … all mean "not a workbook"
        raise _unreadable(path) from None
    sheets, hidden = [], []
    for ws in values_wb.worksheets:
        if ws.sheet_state != "visible":
            hidden.append(ws.title)
            continue
        try:
            sheets.append(_xlsx_sheet(path, ws, formulas_wb[ws.title]))
        except PlanevalError:
            raise
        except Exception:
            raise _unreadable(path) from None
    if hidden and sheets:
        sheets[0].warnings.append(
            f"{Location(path)}：隐藏的工作表「{'」「'.join(hidden)}」未读取（如有数据请取消隐藏）"
        )
    return sheets


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")  # <f>, <f t="shared" …/>, <x:f>


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (True when unsure)."""
    try:
        with zipfile.ZipFile(path) as z:
            sheets = [n for n in z.namelist() if "worksheets/" in n and n.endswith(".xml")]
            return not sheets or any(_FORMULA_TAG.search(z.read(n)) for n in sheets)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return True


def _xlsx_sheet(path: Path, ws, fws) -> Sheet:
    from openpyxl.utils import get_column_letter

    merged = sorted((str(r), r.min_row) for r in ws.merged_cells.ranges)
    sheet = Sheet(ws.title, [], merged)
    percent_cells = []
    for r, (vrow, frow) in enumerate(zip(ws.iter_rows(), fws.iter_rows(), strict=True), start=1):
        out = []
        for vcell, fcell in zip(vrow, frow, strict=True):
            where = Location(path, ws.title, r, get_column_letter(fcell.column))
            if vcell.value is None and isinstance(fcell.value, str) and fcell.value.startswith("="):
                raise PlanevalError(
                    f"单元格 {fcell.coordinate} 是公式（{fcell.value[:100]}）但没有保存计算结果",
                    where,
                    expected="在 Excel 中打开并保存一次（保存计算结果），或粘贴为数值",
                )
            text = _cell_text(vcell.value)
            if len(text) > MAX_CELL:
                raise _too_long(where, len(text))
            if _is_percent(vcell):
                text = _percent_text(vcell.value)
                percent_cells.append(vcell.coordinate)
            out.append(text)
        sheet.rows.append(out)
    if percent_cells:
        shown = "、".join(percent_cells[:5]) + ("等" if len(percent_cells) > 5 else "")
        sheet.warnings.append(
            f"{Location(path, ws.title)}：{len(percent_cells)} 个百分比格式的单元格（{shown}）"
            "按显示值读取（如 0.06 显示为 6%，读作 6%）"
        )
    return sheet


def _is_percent(cell) -> bool:
    return (
        isinstance(cell.value, int | float)
        and not isinstance(cell.value, bool)
        and "%" in str(cell.number_format or "").replace('"%"', "").replace("\\%", "")
    )


def _percent_text(value: float) -> str:
    return f"{_cell_text(round(value * 100, 10))}%"


def _read_calamine(path: Path) -> list[Sheet]:
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        visible = [m.name for m in wb.sheets_metadata if str(m.visible).endswith("Visible")]
        hidden = [m.name for m in wb.sheets_metadata if m.name not in visible]
        frames = pd.read_excel(path, sheet_name=visible, header=None, engine="calamine")
    except Exception:
        raise _unreadable(path, "表格") from None
    sheets = []
    for name, frame in frames.items():
        rows = []
        for r, values in enumerate(frame.itertuples(index=False), start=1):
            row = [_cell_text(None if pd.isna(v) else v) for v in values]
            for k, text in enumerate(row):
                if len(text) > MAX_CELL:
                    raise _too_long(Location(path, name, r, f"第{k + 1}列"), len(text))
            rows.append(row)
        sheets.append(Sheet(name, rows))
    if hidden and sheets:
        sheets[0].warnings.append(
            f"{Location(path)}：隐藏的工作表「{'」「'.join(hidden)}」未读取（如有数据请取消隐藏）"
        )
    return sheets


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


# Sheet names that say which table a workbook sheet holds (besides the English kind).
SHEET_HINTS = {
    "indicators": ("指标表", "主要指标"),
    "annual": ("完成情况", "年度"),
    "monthly": ("月度", "累计"),
    "assigned": ("下达",),
    "tasks": ("任务",),
    "projects": ("项目",),
    "survey": ("调查", "满意度"),
}
HEADER_ROWS = 8  # the header may sit below a title, a unit line and merged caption rows


def read_table(
    path: Path,
    kind: str,
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    within: Path | None = None,
) -> RawTable:
    """Read a file and map its headers to canonical names.

    The header is the first of the top rows that holds all required columns, so
    title rows above the table (as in official forms, merged or not) are fine.
    In a workbook the data sheet is the visible sheet with such a header (one
    named for the table kind first); other sheets with one are reported.
    """
    sheets, enc = read_sheets(path, within)
    lookup = {normalize_header(a): canon for canon, names in aliases.items() for a in names}

    def mapping(row: list[str]) -> dict[int, str | None]:
        return {i: lookup.get(normalize_header(c)) for i, c in enumerate(row)}

    def header_of(sheet: Sheet) -> tuple[list, int | None]:
        numbered = [(n, r) for n, r in enumerate(sheet.rows, start=1) if any(c.strip() for c in r)]
        for k, (_, row) in enumerate(numbered[:HEADER_ROWS]):
            if set(required) <= set(mapping(row).values()):
                return numbered, k
        return numbered, None

    hints = (kind, *SHEET_HINTS.get(kind, ()))
    ordered = sorted(sheets, key=lambda sh: not any(h in str(sh.name or "").lower() for h in hints))
    found = [(sh, *header_of(sh)) for sh in ordered]
    matches = [f for f in found if f[2] is not None]
    if not matches:
        sheet, numbered, _ = found[0] if found else (Sheet(None, []), [], None)
        if not numbered:
            raise PlanevalError("文件为空", Location(path, sheet.name), expected="带表头的表格数据")
        header_no, header = numbered[0]
        missing = [aliases[c][0] for c in required if c not in set(mapping(header).values())]
        raise PlanevalError(
            f"缺少必需的列：{'、'.join(missing)}",
            Location(path, sheet.name, header_no),
            expected="表头包含 " + "、".join(aliases[c][0] for c in required),
            hint=f"found columns: {', '.join(c for c in header if c)[:300]}",
        )
    sheet, numbered, h = matches[0]
    notes = [w for sh in sheets for w in sh.warnings]
    if len(matches) > 1:
        others = "」「".join(str(m[0].name) for m in matches[1:])
        notes.append(
            f"{Location(path)}：工作表「{others}」也像数据表，未读取；只读取了工作表「{sheet.name}」"
            "（多张数据表请拆成多个文件）"
        )
    header_no, header = numbered[h]
    inside = [rng for rng, first in sheet.merged if first >= header_no]
    if inside:
        raise PlanevalError(
            f"表格含合并单元格（{inside[0]}），无法逐行读取",
            Location(path, sheet.name),
            expected="表头以下每个单元格一个值；请取消合并并在每行填写完整（表头上方的标题行可以合并）",
        )
    mapped = mapping(header)
    body = numbered[h + 1 :]
    if not body:
        raise PlanevalError(
            "只有表头，没有数据行",
            Location(path, sheet.name, header_no),
            expected="至少一行数据",
        )
    dup = _duplicate_columns(mapped)
    if dup:
        canon, cols = dup
        raise PlanevalError(
            f"有 {len(cols)} 列都是「{aliases[canon][0]}」（{'、'.join(header[i] for i in cols)}）",
            Location(path, sheet.name, header_no),
            expected=f"只有一列「{aliases[canon][0]}」；多余的列请删除或改名",
        )
    # Mapped columns get canonical names; other named columns ("2021年" in the wide
    # template layout) keep their normalized header.
    names = {
        i: mapped[i] or normalize_header(c) for i, c in enumerate(header) if mapped[i] or c.strip()
    }
    data = {
        name: [(r[i] if i < len(r) else "").strip() for _, r in body] for i, name in names.items()
    }
    data["_row"] = [str(n) for n, _ in body]
    original = {name: header[i] for i, name in names.items()}
    frame = pd.DataFrame(data, dtype=object)  # plain str cells: fast row access
    return RawTable(path, sheet.name, frame, original, enc, notes)


def _duplicate_columns(mapped: dict[int, str | None]) -> tuple[str, list[int]] | None:
    seen: dict[str, list[int]] = {}
    for i, canon in mapped.items():
        if canon:
            seen.setdefault(canon, []).append(i)
    return next(((c, cols) for c, cols in seen.items() if len(cols) > 1), None)
