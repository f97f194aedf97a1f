"""The evaluator's own adjustment proposals (规划调整建议): data/raw/<plan>/adjustments.*.

One row per item the evaluator proposes to adjust: an indicator of the plan (named by
its 指标代码, or by its exact name) or a task (any other item). The report merges these
rows with the proposals it drafts from the assessment; the file wins for the items it
names (planeval.report.adjustments).
"""

from __future__ import annotations

import pandas as pd

from planeval.data.cells import is_missing
from planeval.data.problems import guard
from planeval.data.readers import RawTable
from planeval.errors import PlanevalError

ALIASES = {
    "indicator_id": ("指标代码", "indicator_id"),
    "item": ("指标/任务", "指标或任务", "指标名称", "任务", "调整事项", "item"),
    "current": ("现目标", "现规划目标", "current"),
    "proposed": ("建议调整为", "调整内容", "proposed"),
    "reason": ("调整原因", "原因", "reason"),
    "basis": ("参考依据", "依据", "basis"),
}
REQUIRED = ("item", "proposed", "reason")
COLUMNS = ("indicator_id", "item", "current", "proposed", "reason", "basis", "source")


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def read_adjustments(table: RawTable, indicators: pd.DataFrame, warnings) -> pd.DataFrame:
    """Rows of an adjustments file; an item is an indicator when its code or name is in the
    indicator table, a task otherwise. Unknown codes and repeated items are errors."""
    names = {"".join(str(n).split()): iid for iid, n in indicators["name"].items()}
    rows, seen = [], {}
    for i, r in table.records():
        with guard(warnings):

            def text(col: str, _r=r) -> str:
                value = str(_r.get(col, "") or "").strip()
                return "" if is_missing(value) else value

            code, item = text("indicator_id"), text("item")
            if not item and not code:
                raise PlanevalError(
                    "调整事项为空", table.where(i, "item"), expected="指标或任务名称"
                )
            if code and code not in indicators.index:
                raise PlanevalError(
                    f"指标代码「{code}」不在指标表中",
                    table.where(i, "indicator_id"),
                    expected="指标表中的指标代码；调整任务时此列留空",
                )
            iid = code or names.get("".join(item.split()), "")
            item = str(indicators.loc[iid, "name"]) if iid and not item else item
            for col, what in (("proposed", "建议调整为"), ("reason", "调整原因")):
                if not text(col):
                    raise PlanevalError(
                        f"「{item}」的{what}为空", table.where(i, col), expected=f"{what}的文字"
                    )
            key = iid or item
            if key in seen:
                raise PlanevalError(
                    f"重复的调整事项「{item}」（另见第{seen[key]}行）",
                    table.where(i, "item"),
                    expected="每个指标或任务一行",
                )
            seen[key] = table.where(i).row
            rows.append(
                {
                    "indicator_id": iid,
                    "item": item,
                    "current": text("current"),
                    "proposed": text("proposed"),
                    "reason": text("reason"),
                    "basis": text("basis"),
                    "source": f"{table.path.name}:{table.where(i).row}",
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS)) if rows else empty()
