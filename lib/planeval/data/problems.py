"""Collecting what ingestion finds: every error (up to a limit) and the warnings.

A department fixes a file faster from one list of all its mistakes than from
one mistake per run. Readers take the warnings list; when it is a `Problems`,
`guard` records a row's error and reading goes on with the next row. The list
is written as `问题清单.xlsx` (file, sheet, row, column, value, problem, what to do).
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from planeval.errors import Location, PlanevalError

MAX_ERRORS = 200  # then reading stops: the file is probably the wrong one
SHOWN_ERRORS = 10  # printed in the terminal; all of them go into the problem list
SHOWN_WARNINGS = 30  # kept in the processed data and the report; then a count
MAX_ITEM = 500  # characters of one message in a list
LISTED_WARNINGS = 2000  # rows of warnings in 问题清单.xlsx


@dataclass
class Entry:
    severity: str  # "错误" | "提示"
    location: Location
    problem: str
    value: str = ""
    todo: str = ""


class Problems(list):
    """Warnings as text (a list of str, as readers always had) plus structured entries."""

    def __init__(self):
        super().__init__()
        self.errors: list[PlanevalError] = []
        self.entries: list[Entry] = []

    def warn(self, where: Location, problem: str, value: object = "", todo: str = "") -> None:
        self.append(f"{where}：{problem}" if str(where) else problem)
        self.entries.append(Entry("提示", where, problem, _short(value), todo))

    def error(self, exc: PlanevalError) -> None:
        items = exc.errors if isinstance(exc, PlanevalErrors) else [exc]
        self.errors.extend(items)
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors(self.errors, self, truncated=True)

    def raise_errors(self) -> None:
        if self.errors:
            raise PlanevalErrors(self.errors, self)

    def all_entries(self) -> list[Entry]:
        """Errors first, then warnings (text-only ones with their location unparsed), at
        most LISTED_WARNINGS of them and a last row saying how many more there are."""
        out = [
            Entry("错误", e.location, e.message, _value_of(e.message), e.expected or "")
            for e in self.errors
        ]
        structured = {
            f"{e.location}：{e.problem}" if str(e.location) else e.problem for e in self.entries
        }
        warnings = list(self.entries[:LISTED_WARNINGS])
        warnings += [Entry("提示", Location(), w) for w in self if w not in structured]
        out += warnings[:LISTED_WARNINGS]
        if len(self) > LISTED_WARNINGS:
            rest = len(self) - LISTED_WARNINGS
            out.append(Entry("提示", Location(), f"……另有 {rest} 条提示未列出（多为同类重复）"))
        return out

    def summary(self) -> list[str]:
        """The warnings to keep: the first SHOWN_WARNINGS, then how many more there are."""
        if len(self) <= SHOWN_WARNINGS:
            return list(self)
        rest = len(self) - SHOWN_WARNINGS
        return [*self[:SHOWN_WARNINGS], f"……另有 {rest} 条提示未列出（全部见 问题清单.xlsx）"]


def warn(warnings: list, where: Location, problem: str, value: object = "", todo: str = ""):
    """A warning into any warnings list; a Problems keeps it structured too."""
    if isinstance(warnings, Problems):
        warnings.warn(where, problem, value, todo)
    else:
        warnings.append(f"{where}：{problem}")


@contextlib.contextmanager
def guard(warnings: list):
    """Record a row's PlanevalError in `warnings` (a Problems) and go on; re-raise otherwise."""
    try:
        yield
    except TooManyErrors:
        raise
    except PlanevalError as exc:
        if not isinstance(warnings, Problems):
            raise
        warnings.error(exc)


class PlanevalErrors(PlanevalError):
    """Several user-fixable problems found in one pass."""

    def __init__(
        self, errors: list[PlanevalError], problems: Problems | None = None, *, truncated=False
    ):
        self.errors = list(errors)
        self.problems = problems
        more = f"（已达上限 {MAX_ERRORS} 处，后面的未检查）" if truncated else ""
        shown = "" if len(self.errors) <= SHOWN_ERRORS else f"，以下是前 {SHOWN_ERRORS} 处"
        super().__init__(f"发现 {len(self.errors)} 处错误{more}{shown}", Location())

    def __str__(self) -> str:
        lines = [self.message]
        for k, e in enumerate(self.errors[:SHOWN_ERRORS], start=1):
            text = str(e)
            text = text if len(text) <= MAX_ITEM else text[:MAX_ITEM] + "…"
            lines.append(f"{k}. " + text.replace("\n", "\n   "))
        if len(self.errors) > SHOWN_ERRORS:
            lines.append(f"……另有 {len(self.errors) - SHOWN_ERRORS} 处错误，全部见 问题清单.xlsx")
        return "\n".join(lines)


class TooManyErrors(PlanevalErrors):
    """MAX_ERRORS reached: reading stops."""


def _short(value: object) -> str:
    s = f"{value:g}" if isinstance(value, float) else str(value)
    return s if len(s) <= 100 else s[:100] + "…"


_QUOTED = re.compile(r"「([^」]*)」")


def _value_of(message: str) -> str:
    m = _QUOTED.search(message)
    return _short(m.group(1)) if m else ""


COLUMNS = (  # header, width in character units (a Chinese character is two)
    ("序号", 5),
    ("类别", 5),
    ("文件", 18),
    ("工作表", 10),
    ("行", 5),
    ("列", 10),
    ("内容", 14),
    ("问题", 46),
    ("处理建议", 36),
)


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_problem_list(entries: list[Entry], path: Path) -> Path:
    """The problem list a department can work through: one row per problem, printable
    (A4 landscape, one page wide, the header repeated on every page)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append([h for h, _ in COLUMNS])
    for k, e in enumerate(entries, start=1):
        loc = e.location
        ws.append(
            [
                k,
                e.severity,
                Path(str(loc.file)).name if loc.file else "",
                loc.sheet or "",
                loc.row,
                loc.column or "",
                e.value,
                e.problem[:MAX_ITEM],
                e.todo[:MAX_ITEM],
            ]
        )
    for cell in ws[1]:
        cell.font = Font(bold=True, name="宋体")
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    for k, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    for row in ws.iter_rows(min_row=2):
        error = row[1].value == "错误"
        for cell, (header, _) in zip(row, COLUMNS, strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a department's "=HYPERLINK(…)" stays text
            cell.font = Font(name="宋体", color="B22222" if error else None)
            centred = header in ("序号", "行")
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal="center" if centred else None
            )
        # Spreadsheet programs do not fit wrapped rows on opening: set the height.
        lines = max(
            -(-_text_width(str(c.value or "")) // (w - 2))
            for c, (_, w) in zip(row, COLUMNS, strict=True)
        )
        ws.row_dimensions[row[0].row].height = 15 * max(lines, 1) + 3
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path
