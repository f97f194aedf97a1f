"""The one exception type for mistakes a user can make and fix."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Location:
    """Where in an input the problem is; every part is optional."""

    file: Path | str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based, as a spreadsheet program shows it
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(f"文件 {_display(self.file)}")
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"列「{self.column}」")
        return "，".join(parts)


def _display(path: Path | str) -> str:
    """A path relative to the working directory when it lies below it (shorter to read)."""
    return _relative(str(path), os.getcwd())


@functools.lru_cache(maxsize=256)  # one file is named in thousands of messages
def _relative(path: str, cwd: str) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(p)


@dataclass
class PlanevalError(Exception):
    """A user-fixable problem: Chinese message first, then where and what to do.

    `message` says what is wrong (Chinese), `expected` what was expected,
    `hint` an English gloss for non-Chinese readers of logs.
    """

    message: str
    location: Location = field(default_factory=Location)
    expected: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [self.message]
        where = str(self.location)
        if where:
            lines.append(f"位置：{where}")
        if self.expected:
            lines.append(f"应为：{self.expected}")
        if self.hint:
            lines.append(f"({self.hint})")
        return "\n".join(lines)
