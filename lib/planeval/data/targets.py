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
    REDUCTION = "reduction"  # 累计下降13.5% (or 〔13.5〕 in a 降低 row) by the target year
    INCREASE = "increase"  # 提高1岁 / 提高2个百分点 / 〔1〕: base + N, linear path
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
    TargetKind.INCREASE: "累计提高",
    TargetKind.RELATIVE: "相对目标",
    TargetKind.QUALITATIVE: "定性目标",
}

# Kinds a 左右 (approximately) may qualify: a point value to be reached.
APPROX_KINDS = (
    TargetKind.CAGR,
    TargetKind.LEVEL,
    TargetKind.PP_LEVEL,
    TargetKind.REDUCTION,
    TargetKind.INCREASE,
    TargetKind.CUMULATIVE_TOTAL,
)

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
    approx: bool = False  # 左右: judged with the approx tolerance (method note)
    reading: str = ""  # how a form open to two readings was read (ingest warns with it)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["kind"] = self.kind.value
        return d


_NUM = r"([0-9]+(?:\.[0-9]+)?)"
_EMPTY = {"", "—", "-", "--", "——", "/", "无"}

# Written forms that only a person can judge, or that need values assigned from above.
_QUALITATIVE = re.compile(r"下达|合理区间|完成.*任务|稳中有|持续(改善|提升|下降)|保持稳定")
_GROWTH_WORD = r"(?:增长|增速|增幅)?"
_RELATIVE = re.compile(
    rf"(?:与|同)(?P<ref>.+?){_GROWTH_WORD}(?:基本)?(?:保持)?同步|(?:高于|快于)(?P<ref2>.+?){_GROWTH_WORD}"
)
# 〔13.5〕 [13.5] 【13.5】: a cumulative five-year figure (national and provincial 纲要).
_BRACKET = re.compile(
    r"[〔\[【](?P<sign>>|≥|>=|不低于|不少于)?" + _NUM + r"(?:%|‰)?[〕\]】](?:以上)?"
)
_INCREASE = re.compile(
    r"(?:累计)?(?:提高|增加|提升|延长|新增)" + _NUM + r"(?P<unit>岁|年|个百分点|%|‰)?.*"
)
_CEILING = re.compile(
    r"(?P<pre>控制在|不高于|不超过|低于|≤|<=|<)?" + _NUM + r"(?:%|‰)?(?P<post>以内|以下)?"
)
_FLOOR = re.compile(
    r"(?P<pre>稳定在|保持在|始终|每年|不低于|不少于|高于|≥|>=|>)?"
    + _NUM
    + r"(?:%|‰)?(?P<post>以上)?"
)
# A floor in the total column is a target-year level unless it is worded as a standing floor.
_STANDING = ("稳定在", "保持在", "始终", "每年")
# Which indicator a name or unit marks as a reduction (〔13.5〕 in 单位GDP能耗降低).
_REDUCTION_WORDS = ("降低", "下降", "减少")
# 〔x〕 in a flow indicator (城镇新增就业〔>5500〕) is a five-year sum.
_FLOW_WORDS = ("新增", "累计")


def _clean(text: str) -> str:
    text = str(text).strip()
    # Full-width digits, percent, dot, tilde, signs and brackets as typed by input methods.
    text = text.translate(
        str.maketrans("０１２３４５６７８９％．～－＜＞≦≧［］", "0123456789%.~-<>≤≥[]")
    )
    text = re.sub(r"\s+", "", text)
    text = text.replace("年均增长", "").replace("年均增速", "")
    return text


def parse_target(
    text: str | None,
    *,
    column: str = "growth",
    unit: str = "",
    name: str = "",
    where: Location | None = None,
) -> TargetSpec | None:
    """Parse a written target. `column` says which column of 附件1 it came from.

    "growth" (年均增长%) reads a bare number as a CAGR; "total" (总量) reads a
    bare number as the target-year level (a percentage-point path when the unit is a
    share). `name` (the indicator's name) decides what 〔x〕 means: a cumulative
    reduction when the name or unit says 降低/下降, a five-year sum for a 新增 flow, else
    an increase on the base. Returns None for an empty cell ("—"); raises for an
    unreadable form.
    """
    if text is None:
        return None
    raw = str(text).strip()
    t = _clean(raw)
    if t in _EMPTY or t.lower() in {"nan", "none"}:
        return None
    approx = "左右" in t
    t = t.replace("左右", "")

    if _QUALITATIVE.search(t):
        return TargetSpec(TargetKind.QUALITATIVE)

    m = _RELATIVE.fullmatch(t)
    ref = (m.group("ref") or m.group("ref2") or "").strip() if m else ""
    if m and not re.fullmatch(r"[0-9.%‰]+", ref):  # 高于5 is a floor, not a reference
        relation = "in_step" if "同步" in t else "above"
        return TargetSpec(TargetKind.RELATIVE, reference=ref, relation=relation)

    m = _BRACKET.fullmatch(t)
    if m:
        v = float(m.group(2))
        if any(w in name + unit for w in _REDUCTION_WORDS):
            return TargetSpec(TargetKind.REDUCTION, value=v, approx=approx)
        if any(w in name for w in _FLOW_WORDS):
            return TargetSpec(TargetKind.CUMULATIVE_TOTAL, value=v, approx=approx)
        return TargetSpec(TargetKind.INCREASE, value=v, approx=approx)

    m = re.fullmatch(r"累计(下降|降低)" + _NUM + "%?", t)
    if m:
        return TargetSpec(TargetKind.REDUCTION, value=float(m.group(2)), approx=approx)

    m = _INCREASE.fullmatch(t)
    if m:
        flow = t.startswith(("新增", "累计新增")) or any(w in name for w in _FLOW_WORDS)
        kind = TargetKind.CUMULATIVE_TOTAL if flow else TargetKind.INCREASE
        return TargetSpec(kind, value=float(m.group(1)), approx=approx)

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

    # Ceilings: 4.5以内, 控制在7‰以下, ≤5.5, <5.5, 不高于3 (every year at or below)
    m = _CEILING.fullmatch(t)
    if m and (m.group("pre") or m.group("post")):
        reading = ""
        if m.group("pre") in ("<", "低于"):
            reading = f"「{raw}」按不高于{m.group(2)}判断（统计数据已修约，等于限值视为达到）"
        return TargetSpec(TargetKind.CEILING, value=float(m.group(2)), reading=reading)

    # Floors: 9%以上 / ≥7 / 不低于7 (growth column: CAGR floor). Total column: 稳定在95以上
    # is a floor in every year; 46以上 / ≥46 / 不低于46 a target-year level floor.
    m = _FLOOR.fullmatch(t)
    if m and (m.group("pre") or m.group("post")):
        v = float(m.group(2))
        if column == "growth":
            return TargetSpec(TargetKind.CAGR_FLOOR, value=v)
        if m.group("pre") in _STANDING:
            return TargetSpec(TargetKind.FLOOR, value=v)
        if any(w in name for w in _FLOW_WORDS):  # a yearly flow has no level to reach early
            return TargetSpec(
                TargetKind.FLOOR,
                value=v,
                reading=f"「{raw}」为流量指标（{name}），按每年不低于{v:g}理解",
            )
        share = _is_share(t, unit)
        return TargetSpec(
            TargetKind.PP_LEVEL if share else TargetKind.LEVEL,
            value=v,
            reading=f"「{raw}」按目标年水平不低于{v:g}理解（不是逐年下限；"
            "逐年下限请写“稳定在…以上”或“保持在…以上”）",
        )

    m = re.fullmatch(_NUM + r"(%|‰)?", t)
    if m:
        v = float(m.group(1))
        if column == "growth":
            return TargetSpec(TargetKind.CAGR, value=v, approx=approx)
        kind = TargetKind.PP_LEVEL if _is_share(t, unit) else TargetKind.LEVEL
        return TargetSpec(kind, value=v, approx=approx)

    raise PlanevalError(
        f"无法识别的规划目标写法：「{raw}」",
        where or Location(),
        expected="如 年均增长6%、6%左右、5.5-6.5%、9%以上、≥7、<5.5、不高于3、2000、"
        "累计下降13.5%、〔13.5〕、提高1岁、提高2个百分点、4.5以内、与经济增长基本同步、"
        "高于GDP增长、控制在上级下达指标内；或在“目标类型”列给出结构化目标",
        hint="unreadable target text; give an explicit structured spec instead",
    )


def _is_share(text: str, unit: str) -> bool:
    return "%" in text or "‰" in text or unit.strip() in {"%", "‰", "％"}


_NON_NEGATIVE = {
    TargetKind.LEVEL,
    TargetKind.PP_LEVEL,
    TargetKind.CUMULATIVE_TOTAL,
    TargetKind.CEILING,
    TargetKind.FLOOR,
    TargetKind.REDUCTION,
    TargetKind.INCREASE,
}


def spec_from_columns(
    kind: str,
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    reference: str | None = None,
    relation: str | None = None,
    *,
    approx: bool = False,
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
    if approx and k not in APPROX_KINDS:
        raise PlanevalError(
            f"目标类型 {k.value} 不能标注“左右”",
            where or Location(),
            "左右只用于 " + "、".join(k.value for k in APPROX_KINDS),
        )
    return TargetSpec(k, value, low, high, reference, relation or None, approx=approx)


# How plans name the economy in a relative target (与经济增长基本同步, 高于GDP增长) and how
# indicator tables name their GDP row (地区生产总值, 国内生产总值, GDP增长 …).
_ECONOMY = {"经济", "GDP", "国内生产总值", "地区生产总值", "生产总值"}


def _core_name(name: str) -> str:
    """An indicator name without growth words, brackets and spaces: GDP增长 → GDP."""
    t = re.sub(r"\s+|[（(][^）)]*[）)]", "", str(name))
    return re.sub(r"(增长|增速|增幅|水平|总量)$", "", t) or t


def resolve_reference(reference: str, names: dict[str, str]) -> str | None:
    """The indicator_id a relative target refers to (`names`: indicator_id → name).

    By indicator code, exact name, name without growth words (居民收入增长 → 居民收入),
    the economy's names (经济 / GDP / 国内生产总值 / 地区生产总值, whatever the table calls
    its GDP row), then a unique name containing the reference. None when nothing matches.
    """
    ref = str(reference).strip()
    if ref in names:
        return ref
    for iid, name in names.items():
        if name == ref:
            return iid
    core = _core_name(ref)
    cores = {iid: _core_name(n) for iid, n in names.items()}
    exact = [iid for iid, c in cores.items() if c == core]
    if len(exact) == 1:
        return exact[0]
    if core in _ECONOMY:
        economy = [iid for iid, c in cores.items() if c in _ECONOMY]
        if len(economy) == 1:
            return economy[0]
    containing = [iid for iid, n in names.items() if core and core in n]
    return containing[0] if len(containing) == 1 else None
