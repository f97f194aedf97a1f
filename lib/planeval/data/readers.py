"""Reading department files: CSV in any common Chinese encoding, and Excel.

Everything is read as text; `cells.py` turns text into numbers, years and
labels with warnings or errors that name the file, row and column.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planeval.errors import Location, PlanevalError

# Tried in order; utf-8-sig also reads plain UTF-8. GB18030 is a superset of GBK/GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class RawTable:
    """A table as text. `frame` has canonical column names, all cells str
    ("" for empty), and `_row`: the row's 1-based number in the file."""

    path: Path
    sheet: str | None
    frame: pd.DataFrame
    original: dict[str, str]  # canonical column -> header as written
    encoding: str | None = None

    def where(self, index: int | None = None, column: str | None = None) -> Location:
        row = None if index is None else int(self.frame.at[index, "_row"])
        return Location(self.path, self.sheet, row, self.original.get(column, column))


def normalize_header(text: object) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(s.split()).replace("（", "(").replace("）", ")").lower()


def decode_csv(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if not data.strip():
        raise PlanevalError("文件为空", Location(path), expected="带表头的表格数据")
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise PlanevalError(
        "无法识别文件编码",
        Location(path),
        expected="UTF-8（可带BOM）或 GB18030/GBK 编码的 CSV；可在 Excel 中另存为“CSV UTF-8”",
        hint="unknown text encoding",
    )


def read_rows(path: Path, kind: str) -> tuple[list[list[str]], str | None, str | None]:
    """All rows of the file as lists of str; returns (rows, sheet, encoding)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text, enc = decode_csv(path)
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
        return rows, None, enc
    if suffix in {".xlsx", ".xlsm"}:
        return _read_excel(path, kind), None, None
    raise PlanevalError(
        f"不支持的文件格式：{path.suffix}", Location(path), expected=".csv 或 .xlsx 文件"
    )


def _read_excel(path: Path, kind: str) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values_wb = openpyxl.load_workbook(path, data_only=True)
        formulas_wb = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise PlanevalError(
            f"无法打开 Excel 文件：{exc}", Location(path), expected="有效的 .xlsx 文件"
        ) from None
    names = values_wb.sheetnames
    sheet = next((n for n in names if kind in n.lower()), names[0])
    ws, fws = values_wb[sheet], formulas_wb[sheet]
    if ws.merged_cells.ranges:
        rng = sorted(str(r) for r in ws.merged_cells.ranges)[0]
        raise PlanevalError(
            f"表格含合并单元格（{rng}），无法逐行读取",
            Location(path, sheet),
            expected="每个单元格一个值；请取消合并并在每行填写完整",
        )
    rows = []
    for r, (vrow, frow) in enumerate(zip(ws.iter_rows(), fws.iter_rows(), strict=True), start=1):
        out = []
        for vcell, fcell in zip(vrow, frow, strict=True):
            if vcell.value is None and isinstance(fcell.value, str) and fcell.value.startswith("="):
                raise PlanevalError(
                    f"单元格 {fcell.coordinate} 是公式（{fcell.value}）但没有保存计算结果",
                    Location(path, sheet, r, fcell.column_letter),
                    expected="在 Excel 中打开并保存一次（保存计算结果），或粘贴为数值",
                )
            out.append(_cell_text(vcell.value))
        rows.append(out)
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_table(
    path: Path, kind: str, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> RawTable:
    """Read a file and map its headers to canonical names.

    The header is the first of the top five rows that holds all required
    columns, so a title row above the table (as in official forms) is fine.
    """
    rows, sheet, enc = read_rows(path, kind)
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise PlanevalError("文件为空", Location(path, sheet), expected="带表头的表格数据")
    lookup = {normalize_header(a): canon for canon, names in aliases.items() for a in names}

    def mapping(row: list[str]) -> dict[int, str | None]:
        return {i: lookup.get(normalize_header(c)) for i, c in enumerate(row)}

    h = next(
        (
            k
            for k, (_, row) in enumerate(numbered[:5])
            if set(required) <= set(mapping(row).values())
        ),
        None,
    )
    if h is None:
        header_no, header = numbered[0]
        missing = [aliases[c][0] for c in required if c not in set(mapping(header).values())]
        raise PlanevalError(
            f"缺少必需的列：{'、'.join(missing)}",
            Location(path, sheet, header_no),
            expected="表头包含 " + "、".join(aliases[c][0] for c in required),
            hint=f"found columns: {', '.join(c for c in header if c)}",
        )
    header_no, header = numbered[h]
    mapped = mapping(header)
    body = numbered[h + 1 :]
    if not body:
        raise PlanevalError(
            "只有表头，没有数据行", Location(path, sheet, header_no), expected="至少一行数据"
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
    return RawTable(path, sheet, pd.DataFrame(data, dtype=str), original, enc)
