"""Reading one cell: numbers, years, periods and labels as Chinese offices type them.

A value that can be read unambiguously (full-width digits, thousands separators,
a percent sign in a percent column) is read and a warning recorded; anything
else raises `PlanevalError` with the file, row and column.
"""

from __future__ import annotations

import math
import re
import unicodedata

from planeval.errors import Location, PlanevalError

MISSING = {"", "—", "——", "-", "--", "/", "n/a", "na", "nan", "null", "无", "暂无", "…", "..."}
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

PROVENANCE = {
    "统计数": "official",
    "正式数": "official",
    "official": "official",
    "预计数": "estimated",
    "预计": "estimated",
    "预估数": "estimated",
    "estimated": "estimated",
    "初步核算数": "preliminary",
    "快报数": "preliminary",
    "初步数": "preliminary",
    "preliminary": "preliminary",
}


def shown(text: str, limit: int = 40) -> str:
    """A cell as quoted in a message: long cells are cut (a message must stay readable)."""
    s = str(text)
    return s if len(s) <= limit else f"{s[:limit]}…（共{len(s)}字）"


def is_missing(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().lower() in MISSING


def parse_number(
    text: str, where: Location, warnings: list[str], *, percent_ok: bool = False
) -> float:
    """Read a number; raise a clear error if it cannot be read unambiguously."""
    raw = text.strip()
    s = unicodedata.normalize("NFKC", raw).replace("−", "-").replace(" ", "")
    notes = []
    if s != raw.replace(" ", "").replace("−", "-"):
        notes.append("全角字符已按半角读取")
    if s.endswith("%"):
        if not percent_ok:
            raise PlanevalError(
                f"数值「{shown(raw)}」带百分号，但该指标单位不是 %",
                where,
                expected="不带 % 的数值，单位与指标表一致",
            )
        s = s[:-1]
        notes.append("已去掉百分号")
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
        notes.append("已去掉千位分隔符")
    if not _PLAIN.fullmatch(s):
        expected = "一个数字，如 1234.5"
        if s.startswith(("约", "近", "超", "大约")) or s.endswith(("左右", "多", "余")):
            expected += "；估计值请填写数字，并在“数据类型”列填“预计数”"
        raise PlanevalError(f"无法读取数值「{shown(raw)}」", where, expected=expected)
    value = float(s)
    if not math.isfinite(value):
        raise PlanevalError(
            f"数值「{shown(raw)}」超出可表示的范围", where, expected="一个有限的数字，如 1234.5"
        )
    if notes:
        warnings.append(f"{where}：「{raw}」{'，'.join(notes)}")
    return value


def parse_year(text: str, where: Location, lo: int, hi: int) -> int:
    s = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
    if not re.fullmatch(r"\d{4}", s):
        raise PlanevalError(
            f"无法读取年份「{shown(text)}」", where, expected=f"四位数年份，如 {hi}"
        )
    year = int(s)
    if not lo <= year <= hi:
        raise PlanevalError(
            f"年份 {year} 超出范围", where, expected=f"{lo}—{hi} 年（年度数据截止 {hi} 年）"
        )
    return year


def parse_period(text: str, where: Location) -> tuple[int, int]:
    """A year-to-date period: "2023-06", "2023年1-6月", "2023年6月", "2023-06-30"."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    for pattern in (
        r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?",
        r"(\d{4})年(?:1[-~至])?(\d{1,2})月",
    ):
        m = re.fullmatch(pattern, s)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
    raise PlanevalError(
        f"无法读取期间「{shown(text)}」",
        where,
        expected="如 YYYY-MM 或 YYYY年1-6月（1月至该月累计）",
    )


def parse_provenance(text: str, where: Location) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    if not s:
        return "official"
    if s in PROVENANCE:
        return PROVENANCE[s]
    raise PlanevalError(
        f"未知的数据类型「{shown(text)}」", where, expected="统计数、预计数 或 初步核算数"
    )


def parse_choice(text: str, where: Location, choices: dict[str, object], what: str):
    s = unicodedata.normalize("NFKC", text).strip()
    if s in choices:
        return choices[s]
    raise PlanevalError(f"未知的{what}「{shown(text)}」", where, expected="、".join(choices))
