"""Opening an input file safely: regular files only, a size limit, and text decoding.

Department files, parameters and evaluator texts come from outside; a device, a
pipe, a symlink out of the data folder, an oversized file or an unknown encoding
becomes a `PlanevalError` naming the file (and the line where decoding fails),
never a hang or a traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from planeval.errors import Location, PlanevalError

# Tried in order after a byte-order mark; GB18030 is a superset of GBK/GB2312.
ENCODINGS = ("utf-8", "gb18030")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
MAX_FILE_BYTES = 50 * 1024 * 1024  # a department table is kilobytes; 50 MB is not a table
ENCODING_ADVICE = "UTF-8（可带BOM）、GB18030/GBK 或 UTF-16 编码；可在 Excel 中另存为“CSV UTF-8”"


def check_regular(path: Path, within: Path | None = None) -> None:
    """Refuse anything but a regular file (devices and pipes hang a reader) and, when
    `within` is given, a symlink whose target lies outside that folder."""
    where = Location(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise PlanevalError(f"无法读取文件：{exc.strerror or exc}", where) from None
    if not stat.S_ISREG(st.st_mode):
        raise PlanevalError(
            "不是普通文件（设备、管道或文件夹），已拒绝读取", where, expected="普通的数据文件"
        )
    if within is not None:
        real, root = path.resolve(), within.resolve()
        if not real.is_relative_to(root):
            raise PlanevalError(
                "文件是指向数据文件夹之外的链接，已拒绝读取",
                where,
                expected=f"{within} 中的普通文件（请复制文件而不是建立链接）",
            )


def read_bytes(path: Path, *, limit: int = MAX_FILE_BYTES, within: Path | None = None) -> bytes:
    check_regular(path, within)
    size = path.stat().st_size
    if size > limit:
        raise PlanevalError(
            f"文件过大（{size / 1024 / 1024:.1f} MB）",
            Location(path),
            expected=f"不超过 {limit // 1024 // 1024} MB 的表格；请按部门或年份拆分",
        )
    try:
        with open(path, "rb", buffering=0) as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise PlanevalError(f"无法读取文件：{exc.strerror or exc}", Location(path)) from None


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and encoding name. A file in none of the encodings is an error naming the
    first line that cannot be read in UTF-8."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise _undecodable(data, path, exc.start) from None
    first_bad = None
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_bad = exc.start if first_bad is None else first_bad
    raise _undecodable(data, path, first_bad or 0)


def _undecodable(data: bytes, path: Path, offset: int) -> PlanevalError:
    line = data[:offset].count(b"\n") + 1
    return PlanevalError(
        "无法识别文件编码（乱码或不是文本文件）",
        Location(path, row=line),
        expected=ENCODING_ADVICE,
        hint="unknown text encoding",
    )


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, within: Path | None = None) -> str:
    """A text file in any of the accepted encodings, newlines normalized to \\n."""
    text, _ = decode(read_bytes(path, limit=limit, within=within), path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
