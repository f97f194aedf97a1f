"""Plan targets: the structured spec, and a parser for the forms plans write.

A plan's indicator table states each target as text ("5.5-6.5%", "控制在7‰以下",
"累计下降13.5%" …). `parse_target` turns the common written forms into a
`TargetSpec`; an explicit structured spec in the table always wins, and a form
the parser cannot read raises `PlanevalError` naming the row: never a guess.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import StrEnum

from planeval.errors import Location, PlanevalError


class TargetKind(StrEnum):
    CAGR = "cagr"  # 年均增长6%
    CAGR_RANGE = "cagr_range"  # 5.5-6.5%
    CAGR_FLOOR = "cagr_floor"  # 9%以上 (growth column)
    LEVEL = "level"  # 2025 level on a log (compound) path
    PP_LEVEL = "pp_level"  # 2025 share on a linear percentage-point path
    CUMULATIVE_TOTAL = "cumulative_total"  # five-year sum 2021–2025
    CEILING = "ceiling"  # every year at or below (4.5以内, 控制在7‰以下)
    FLOOR = "floor"  # every year at or above (稳定在95以上, total column)
    REDUCTION = "reduction"  # 累计下降13.5% by 2025
    RELATIVE = "relative"  # 与经济增长基本同步 / 高于GDP增长
    QUALITATIVE = "qualitative"  # 控制在上级下达指标内 / 保持在合理区间


KIND_LABELS = {
    TargetKind.CAGR: "年均增速",
    TargetKind.CAGR_RANGE: "年均增速区间",
    TargetKind.CAGR_FLOOR: "年均增速下限",
    TargetKind.LEVEL: "期末目标值",
    TargetKind.PP_LEVEL: "期末目标比重",
    TargetKind.CUMULATIVE_TOTAL: "五年累计目标",
    TargetKind.CEILING: "逐年上限",
    TargetKind.FLOOR: "逐年下限",
    TargetKind.REDUCTION: "累计下降",
    TargetKind.RELATIVE: "相对目标",
    TargetKind.QUALITATIVE: "定性目标",
}

# Kinds where lower values are better unless the table says otherwise.
LOWER_IS_BETTER = {TargetKind.CEILING, TargetKind.REDUCTION}


@dataclass(frozen=True)
class TargetSpec:
    """A target in structured form. Percentages are stored as percent (6.0 = 6 %)."""

    kind: TargetKind
    value: float | None = None  # rate %, level, total, ceiling, reduction %
    low: float | None = None  # CAGR range lower bound %
    high: float | None = None  # CAGR range upper bound %
    reference: str | None = None  # RELATIVE: the other indicator (id or name)
    relation: str | None = None  # RELATIVE: "in_step" or "above"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["kind"] = self.kind.value
        return d


_NUM = r"([0-9]+(?:\.[0-9]+)?)"
_EMPTY = {"", "—", "-", "--", "——", "/", "无"}

# Written forms that only a person can judge, or that need values assigned from above.
_QUALITATIVE = re.compile(r"下达|合理区间|完成.*任务|稳中有|持续(改善|提升|下降)|保持稳定")
_RELATIVE = re.compile(r"(与|同)(?P<ref>.+?)(增长)?(基本)?同步|高于(?P<ref2>.+?)增长?")

_REFERENCE_ALIASES = {
    "经济": "地区生产总值",
    "经济增长": "地区生产总值",
    "GDP": "地区生产总值",
    "地区生产总值": "地区生产总值",
}


def _clean(text: str) -> str:
    text = str(text).strip()
    # Full-width digits, percent, dot and tilde as typed by Chinese input methods.
    text = text.translate(str.maketrans("０１２３４５６７８９％．～－", "0123456789%.~-"))
    text = re.sub(r"\s+", "", text)
    text = text.replace("左右", "").replace("年均增长", "").replace("年均增速", "")
    return text


def parse_target(
    text: str | None,
    *,
    column: str = "growth",
    unit: str = "",
    where: Location | None = None,
) -> TargetSpec | None:
    """Parse a written target. `column` says which column of 附件1 it came from.

    "growth" (年均增长%) reads a bare number as a CAGR; "total" (总量) reads a
    bare number as the 2025 level (a percentage-point path when the unit is a
    share). Returns None for an empty cell ("—"); raises for an unreadable form.
    """
    if text is None:
        return None
    raw = str(text).strip()
    t = _clean(raw)
    if t in _EMPTY or t.lower() in {"nan", "none"}:
        return None

    if _QUALITATIVE.search(t):
        return TargetSpec(TargetKind.QUALITATIVE)

    m = _RELATIVE.fullmatch(t)
    if m:
        ref = (m.group("ref") or m.group("ref2") or "").strip()
        ref = _REFERENCE_ALIASES.get(ref, ref)
        relation = "in_step" if "同步" in t else "above"
        return TargetSpec(TargetKind.RELATIVE, reference=ref, relation=relation)

    m = re.fullmatch(r"累计(下降|降低)" + _NUM + "%", t)
    if m:
        return TargetSpec(TargetKind.REDUCTION, value=float(m.group(2)))

    m = re.fullmatch(_NUM + r"%?[-~至]" + _NUM + "%", t)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
        if low > high:
            raise PlanevalError(
                f"规划目标区间「{raw}」下限大于上限",
                where or Location(),
                expected=f"先写下限再写上限，如 {high:g}-{low:g}%",
            )
        return TargetSpec(TargetKind.CAGR_RANGE, low=low, high=high)

    # Ceilings: 4.5以内, 控制在7‰以下, ≤5.5, 不超过3
    m = re.fullmatch(r"(控制在|不高于|不超过|≤|<=)?" + _NUM + r"(%|‰)?(以内|以下)?", t)
    if m and (m.group(1) or m.group(4)):
        return TargetSpec(TargetKind.CEILING, value=float(m.group(2)))

    # Floors: 9%以上 (growth column: CAGR floor), ≥95 / 稳定在95以上 (total: yearly floor)
    m = re.fullmatch(r"(稳定在|不低于|保持在|≥|>=)?" + _NUM + r"(%|‰)?(以上)?", t)
    if m and (m.group(1) or m.group(4)):
        kind = TargetKind.CAGR_FLOOR if column == "growth" else TargetKind.FLOOR
        return TargetSpec(kind, value=float(m.group(2)))

    m = re.fullmatch(_NUM + r"(%|‰)?", t)
    if m:
        v = float(m.group(1))
        if column == "growth":
            return TargetSpec(TargetKind.CAGR, value=v)
        share = bool(m.group(2)) or unit.strip() in {"%", "‰", "％"}
        return TargetSpec(TargetKind.PP_LEVEL if share else TargetKind.LEVEL, value=v)

    raise PlanevalError(
        f"无法识别的规划目标写法：「{raw}」",
        where or Location(),
        expected="如 年均增长6%、5.5-6.5%、9%以上、2000、累计下降13.5%、4.5以内、"
        "与经济增长基本同步、控制在上级下达指标内；或在“目标类型”列给出结构化目标",
        hint="unreadable target text; give an explicit structured spec instead",
    )


_NON_NEGATIVE = {
    TargetKind.LEVEL,
    TargetKind.PP_LEVEL,
    TargetKind.CUMULATIVE_TOTAL,
    TargetKind.CEILING,
    TargetKind.FLOOR,
    TargetKind.REDUCTION,
}


def spec_from_columns(
    kind: str,
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    reference: str | None = None,
    relation: str | None = None,
    *,
    where: Location | None = None,
) -> TargetSpec:
    """Build an explicit structured spec (the table's 目标类型 columns), checking it."""
    try:
        k = TargetKind(str(kind).strip())
    except ValueError:
        raise PlanevalError(
            f"未知的目标类型「{kind}」",
            where or Location(),
            expected="、".join(k.value for k in TargetKind),
        ) from None
    needs_value = k not in {TargetKind.CAGR_RANGE, TargetKind.RELATIVE, TargetKind.QUALITATIVE}
    if needs_value and value is None:
        raise PlanevalError(f"目标类型 {k.value} 需要目标数值", where or Location(), "一个数字")
    if k is TargetKind.CAGR_RANGE and (low is None or high is None):
        raise PlanevalError("目标类型 cagr_range 需要下限和上限", where or Location(), "两个数字")
    if k is TargetKind.CAGR_RANGE and low > high:
        raise PlanevalError(
            f"目标下限 {low:g} 大于目标上限 {high:g}", where or Location(), "下限不大于上限"
        )
    if k in _NON_NEGATIVE and value is not None and value < 0:
        raise PlanevalError(
            f"目标类型 {k.value} 的目标数值 {value:g} 为负数",
            where or Location(),
            "不小于 0 的数值（下降目标请用 reduction 类型并填下降幅度）",
        )
    if k is TargetKind.RELATIVE and not reference:
        raise PlanevalError("目标类型 relative 需要参照指标", where or Location(), "参照指标名称")
    return TargetSpec(k, value, low, high, reference, relation or None)
