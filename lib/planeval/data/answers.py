"""Open answers of the implementation survey (江北区 §三(八)): data/raw/<plan>/answers.*.

One row per answer: 调查对象 (企业 / 公众 …, optional), 主题 (the theme the evaluator
coded it with), 意见 (the answer as given) and 选用 (是: a quote the evaluator chose for
the report). The report counts answers per theme and group and quotes the chosen ones
(planeval.report.survey); it never picks quotes itself.
"""

from __future__ import annotations

import pandas as pd

from planeval.data.cells import is_missing, parse_choice
from planeval.data.problems import guard
from planeval.data.readers import RawTable
from planeval.errors import PlanevalError

ALIASES = {
    "group": ("调查对象", "对象", "群体", "group"),
    "theme": ("主题", "主题编码", "意见主题", "theme"),
    "text": ("意见", "回答", "意见建议", "开放式回答", "text"),
    "chosen": ("选用", "是否选用", "chosen"),
}
REQUIRED = ("theme", "text")
COLUMNS = ("group", "theme", "text", "chosen")
CHOSEN = {"是": True, "否": False, "": False, "yes": True, "no": False, "√": True}


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def read_answers(table: RawTable, warnings) -> pd.DataFrame:
    rows = []
    for i, r in table.records():
        with guard(warnings):

            def text(col: str, _r=r) -> str:
                value = str(_r.get(col, "") or "").strip()
                return "" if is_missing(value) else value

            if not text("text"):
                raise PlanevalError("意见为空", table.where(i, "text"), expected="受访者的回答")
            if not text("theme"):
                raise PlanevalError(
                    "意见未编码主题", table.where(i, "theme"), expected="主题，如 交通出行"
                )
            chosen = parse_choice(text("chosen"), table.where(i, "chosen"), CHOSEN, "选用标记")
            rows.append(
                {
                    "group": text("group"),
                    "theme": text("theme"),
                    "text": text("text"),
                    "chosen": bool(chosen),
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS)) if rows else empty()
