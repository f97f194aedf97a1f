"""标兵城市 benchmark figures (江北区 §三(六)): the file named by `benchmarks:` in a plan's
parameters.

One row per city × indicator × year: 城市, 领域 (optional), 指标代码, 指标名称, 单位, 年份,
数值, 来源, and optionally 经验做法 (the practice worth borrowing, per city). Indicators
are matched with the plan's by 指标代码 only: a code of the plan's indicator table must
carry the same name and unit as there, and one code the same name and unit on every row,
otherwise the row is refused with both names and units (财政收入 is not 一般公共预算收入).
Codes the plan does not have are benchmark-only indicators; the plan's own figure for
one of them is a row whose 城市 is the plan's region.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from planeval.data.cells import is_missing, parse_number, parse_year
from planeval.data.problems import guard
from planeval.data.readers import RawTable
from planeval.errors import PlanevalError

ALIASES = {
    "city": ("城市", "标兵城市", "地区", "city"),
    "field": ("领域", "对标领域", "field"),
    "indicator_id": ("指标代码", "indicator_id"),
    "name": ("指标名称", "指标", "name"),
    "unit": ("单位", "unit"),
    "year": ("年份", "year"),
    "value": ("数值", "值", "value"),
    "source": ("来源", "数据来源", "source"),
    "practice": ("经验做法", "practice"),
}
REQUIRED = ("city", "indicator_id", "name", "unit", "year", "value", "source")
COLUMNS = ("city", "field", "indicator_id", "name", "unit", "year", "value", "source", "practice")
_ID = re.compile(r"[a-z][a-z0-9_]*")
FIRST_YEAR, LAST_YEAR = 1990, 2100


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def cities(bench: pd.DataFrame, region: str) -> list[str]:
    """The 标兵城市 of a benchmarks table, in file order: the plan's own rows (城市 = its
    region, for benchmark-only indicators) are not a city."""
    return [c for c in dict.fromkeys(bench["city"]) if c != region]


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", str(s)).split())

    return norm(a) == norm(b)


def read_benchmarks(table: RawTable, indicators: pd.DataFrame, warnings) -> pd.DataFrame:
    rows: list[dict] = []
    defined: dict[str, tuple[str, str, int]] = {}  # code → (name, unit, row) first seen
    seen: dict[tuple, int] = {}
    for i, r in table.records():
        with guard(warnings):

            def text(col: str, _r=r) -> str:
                value = str(_r.get(col, "") or "").strip()
                return "" if is_missing(value) else value

            where = table.where(i)
            city, code, name, unit = text("city"), text("indicator_id"), text("name"), text("unit")
            if not city:
                raise PlanevalError("城市为空", table.where(i, "city"), expected="标兵城市名称")
            if not _ID.fullmatch(code):
                raise PlanevalError(
                    f"指标代码「{code}」无效",
                    table.where(i, "indicator_id"),
                    expected="小写英文字母开头的指标代码，与规划指标表相同的指标用同一代码",
                )
            if not text("source"):
                raise PlanevalError(
                    f"「{city}」{name}没有数据来源",
                    table.where(i, "source"),
                    expected="数据来源，如 某某区某年国民经济和社会发展统计公报",
                )
            if code in indicators.index:
                plan_name = str(indicators.loc[code, "name"])
                plan_unit = str(indicators.loc[code, "unit"])
                if not (_same(name, plan_name) and _same(unit, plan_unit)):
                    raise PlanevalError(
                        f"指标代码「{code}」口径不一致，不能对比：本文件为「{name}」（{unit}），"
                        f"规划指标表为「{plan_name}」（{plan_unit}）",
                        table.where(i, "name" if not _same(name, plan_name) else "unit"),
                        expected="同一指标代码须为同名称、同单位的指标；口径不同的请另设指标代码",
                    )
            first = defined.setdefault(code, (name, unit, where.row))
            if not (_same(first[0], name) and _same(first[1], unit)):
                raise PlanevalError(
                    f"指标代码「{code}」口径不一致，不能对比：本行为「{name}」（{unit}），"
                    f"第{first[2]}行为「{first[0]}」（{first[1]}）",
                    table.where(i, "name"),
                    expected="同一指标代码须为同名称、同单位的指标",
                )
            year = parse_year(text("year"), table.where(i, "year"), FIRST_YEAR, LAST_YEAR)
            value = parse_number(text("value"), table.where(i, "value"), warnings, percent_ok=True)
            key = (city, code, year)
            if key in seen:
                raise PlanevalError(
                    f"重复的数据：「{city}」{name}{year}年（另见第{seen[key]}行）",
                    table.where(i, "value"),
                    expected="每个城市、指标、年份一行",
                )
            seen[key] = where.row
            rows.append(
                {
                    "city": city,
                    "field": text("field"),
                    "indicator_id": code,
                    "name": name,
                    "unit": unit,
                    "year": int(year),
                    "value": float(value),
                    "source": text("source"),
                    "practice": text("practice"),
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS)) if rows else empty()


_CITY_HEADING = re.compile(r"^#{1,6}\s*(.+?)\s*$", re.MULTILINE)


def practices(text: str) -> dict[str, str]:
    """texts/benchmarks.md split by its headings: city → its 经验做法 (Markdown)."""
    marks = list(_CITY_HEADING.finditer(text or ""))
    out = {}
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        body = text[m.end() : end].strip()
        if body:
            out[m.group(1).strip()] = body
    return out
