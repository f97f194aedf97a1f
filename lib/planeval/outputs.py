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
