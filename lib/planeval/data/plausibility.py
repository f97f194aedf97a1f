"""Plausibility rules: values that read as numbers but cannot be meant, or should be checked.

An error is a value no department can mean (a negative GDP, a share of 250 %, a
完成率 of 150, a project finished before it started); a warning is a value worth a
second look (a year-on-year jump beyond `JUMP_FACTOR`, a task 已完成 at 60 %).
Each names the file, sheet, row and column. The limits are listed in
data/raw/README.md.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np

from planeval.data.problems import warn
from planeval.errors import Location, PlanevalError

SHARE_UNITS = {"%", "％"}
PERMILLE_UNITS = {"‰"}
POINT_UNITS = {"个百分点"}
# Names of indicators that are changes (may be negative, may exceed 100 %).
_CHANGE = re.compile(r"增长|增速|涨幅|变化|下降|降低|增减|增幅")
JUMP_FACTOR = 3.0  # a level more than 3× (or under 1/3 of) the year before is flagged
JUMP_POINTS = 30.0  # a share moving more than 30 percentage points in a year is flagged
OVERRUN_FACTOR = 2.0  # completed investment above 2× the total is an error, above 1× a warning
TARGET_GAP_POINTS = 3.0  # total vs growth target: implied growth this far apart is flagged


def is_change(name: str) -> bool:
    return bool(_CHANGE.search(name or ""))


def check_value(value: float, name: str, unit: str, where: Location) -> None:
    """Range of one observation by its unit: shares 0–100, counts and amounts ≥ 0."""
    unit = (unit or "").strip()
    if unit in POINT_UNITS or is_change(name):
        return
    index = "指数" in (name or "")  # 居民消费价格指数 102.3 (%): above 100 is normal
    if unit in SHARE_UNITS and not index and not 0 <= value <= 100:
        raise PlanevalError(
            f"指标「{name}」的数值 {value:g}% 不在 0—100% 之内",
            where,
            expected="0—100 之间的百分数（比重、比率）；如填的是小数请乘以 100",
        )
    if unit in PERMILLE_UNITS and not 0 <= value <= 1000:
        raise PlanevalError(
            f"指标「{name}」的数值 {value:g}‰ 不在 0—1000‰ 之内", where, expected="0—1000 之间"
        )
    if value < 0:
        raise PlanevalError(
            f"指标「{name}」的数值 {value:g}{unit} 为负数",
            where,
            expected="不小于 0 的数值（总量、人数、强度不会为负）",
        )


def check_series(records: list[dict], names: dict, units: dict, warnings: list) -> None:
    """Year-on-year jumps beyond JUMP_FACTOR (levels) or JUMP_POINTS (shares): warnings."""
    by_indicator: dict[str, list[dict]] = {}
    for rec in records:
        by_indicator.setdefault(rec["indicator_id"], []).append(rec)
    for iid, recs in by_indicator.items():
        name, unit = names[iid], (units[iid] or "").strip()
        if is_change(name) or unit in POINT_UNITS:
            continue
        recs = sorted(recs, key=lambda r: r["year"])
        for prev, cur in itertools.pairwise(recs):
            if cur["year"] != prev["year"] + 1:
                continue
            a, b = prev["value"], cur["value"]
            if unit in SHARE_UNITS | PERMILLE_UNITS:
                jump = abs(b - a) > JUMP_POINTS
                how = f"由 {a:g} 变为 {b:g}（变动超过 {JUMP_POINTS:g} 个百分点）"
            else:
                jump = a > 0 and b > 0 and not 1 / JUMP_FACTOR <= b / a <= JUMP_FACTOR
                jump = jump or (a > 0 and b == 0)
                how = f"由 {a:g} 变为 {b:g}（超过 {JUMP_FACTOR:g} 倍的变动）"
            if jump:
                warn(
                    warnings,
                    cur["_where"],
                    f"指标「{name}」{cur['year']}年比上年{how}，请核对单位和数值",
                    b,
                    "核对是否填错单位（如万元/亿元）或小数点",
                )


def check_task(status: str, completion: float, where: Location, warnings: list) -> None:
    if not math.isnan(completion) and not 0 <= completion <= 100:
        raise PlanevalError(
            f"完成率 {completion:g} 不在 0—100 之内", where, expected="0—100 之间的百分数"
        )
    if math.isnan(completion):
        return
    odd = (
        (status == "已完成" and completion < 100)
        or (status == "未启动" and completion > 0)
        or (status != "已完成" and completion >= 100)
    )
    if odd:
        warn(
            warnings,
            where,
            f"进展「{status}」与完成率 {completion:g}% 不一致",
            completion,
            "已完成对应 100%，未启动对应 0%；请核对进展或完成率",
        )


def check_project(rec: dict, at, warnings: list) -> None:
    money = ("total_investment", "planned_investment", "completed_investment", "funds_in_place")
    for col in money:
        if not np.isnan(rec[col]) and rec[col] < 0:
            raise PlanevalError(f"投资额 {rec[col]:g} 为负数", at(col), expected="不小于 0 的金额")
    total, done = rec["total_investment"], rec["completed_investment"]
    if not np.isnan(total) and not np.isnan(done) and done > total:
        where = at("completed_investment")
        if (total > 0 and done > OVERRUN_FACTOR * total) or total == 0:
            raise PlanevalError(
                f"累计完成投资 {done:g} 超过总投资 {total:g} 的 {OVERRUN_FACTOR:g} 倍",
                where,
                expected="不超过总投资的金额（单位一致，均为亿元）",
            )
        warn(warnings, where, f"累计完成投资 {done:g} 超过总投资 {total:g}", done, "核对金额")
    start, end = rec["planned_start"], rec["planned_completion"]
    if start is not None and end is not None and not _na(start) and not _na(end) and end < start:
        raise PlanevalError(
            f"计划竣工年份 {end} 早于计划开工年份 {start}",
            at("planned_completion"),
            expected="不早于开工年份的年份",
        )
    if rec["completed"] and not rec["started"]:
        raise PlanevalError(
            "项目已竣工但未开工", at("started"), expected="已竣工的项目“是否开工”填“是”"
        )


def _na(x) -> bool:
    try:
        return bool(x is None or (isinstance(x, float) and math.isnan(x)) or x is x.__class__.NA)
    except AttributeError:
        return False


def check_survey(rec: dict, at) -> None:
    cols = ("sample", "satisfied", "fairly_satisfied", "dissatisfied")
    for col in cols:
        if rec[col] < 0 or not float(rec[col]).is_integer():
            raise PlanevalError(
                f"人数 {rec[col]:g} 不是非负整数", at(col), expected="不小于 0 的整数（人数）"
            )
    if rec["sample"] == 0 or rec["satisfied"] + rec["fairly_satisfied"] + rec["dissatisfied"] == 0:
        raise PlanevalError(
            "样本数或回答人数为 0，无法计算满意度", at("sample"), expected="大于 0 的样本数和人数"
        )


def check_targets(indicators, annual, base_year: int, target_year: int, where_of, warnings) -> None:
    """A level total and a growth target written for one indicator should agree."""
    from planeval.data.targets import parse_target

    for iid, row in indicators.iterrows():
        text = row["target_text"]
        if "，" not in str(text):
            continue
        total, growth = str(text).split("，", 1)
        try:
            t = parse_target(total, column="total", unit=row["unit"])
            g = parse_target(growth, column="growth", unit=row["unit"])
        except PlanevalError:
            continue
        if not (t and g and t.kind.value == "level" and g.kind.value == "cagr"):
            continue
        base = annual[(annual["indicator_id"] == iid) & (annual["year"] == base_year)]["value"]
        if base.empty or base.iloc[0] <= 0 or t.value <= 0:
            continue
        implied = ((t.value / base.iloc[0]) ** (1 / (target_year - base_year)) - 1) * 100
        if abs(implied - g.value) > TARGET_GAP_POINTS:
            warn(
                warnings,
                where_of(iid),
                f"指标「{row['name']}」目标总量 {t.value:g} 相当于年均增长 {implied:.1f}%，"
                f"与年均增长目标 {g.value:g}% 相差超过 {TARGET_GAP_POINTS:g} 个百分点",
                text,
                "核对目标总量、年均增速和基期值（评估按年均增速目标进行）",
            )
