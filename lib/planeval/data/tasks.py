"""The task decomposition table (中期评估内容分解表): one row per task, validated.

Besides 篇/章节/负责部门/进展/完成率/说明, a task may say where it comes from
(来源: 本级纲要, the district's own plan; 上级规划, a task of the higher-level plan
falling on the district; 四个重大, one of the plan's 重大平台/项目/政策/改革), its
四个重大类别, its 预期展望 (free text, optionally opening with one of the outlook
words, 提前完成 / 如期完成 / 存在风险 / 难以完成) and the 专栏 (column of the plan)
it belongs to. Columns are described in data/raw/README.md.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from planeval.data import plausibility
from planeval.data.cells import is_missing, parse_choice, parse_number
from planeval.data.problems import guard, warn
from planeval.data.readers import RawTable
from planeval.errors import PlanevalError

ALIASES = {
    "part": ("篇", "part"),
    "chapter": ("章节", "chapter"),
    "name": ("任务", "任务名称", "重点任务", "name"),
    "department": ("负责部门", "department"),
    "status": ("进展", "status"),
    "completion": ("完成率", "完成率(%)", "completion"),
    "source": ("来源", "任务来源", "source"),
    "major4": ("四个重大类别", "四个重大", "major4"),
    "column": ("专栏", "所属专栏", "column"),
    "outlook": ("预期展望", "outlook"),
    "note": ("说明", "备注", "相关说明", "note"),
}
REQUIRED = ("part", "chapter", "department", "status")
COLUMNS = [
    "part",
    "chapter",
    "name",
    "department",
    "status",
    "completion",
    "source",
    "major4",
    "column",
    "outlook",
    "outlook_category",
    "note",
]

STATUS = {"已完成": "已完成", "按计划推进": "按计划推进", "滞后": "滞后", "未启动": "未启动"}
LOCAL, UPPER, MAJOR4 = "本级纲要", "上级规划", "四个重大"
SOURCES = {
    LOCAL: LOCAL,
    "本级规划": LOCAL,
    UPPER: UPPER,
    "上级纲要": UPPER,
    MAJOR4: MAJOR4,
    "“四个重大”": MAJOR4,
    '"四个重大"': MAJOR4,
}
MAJOR4_KINDS = ("平台", "项目", "政策", "改革")
MAJOR4_ALIASES = {k: k for k in MAJOR4_KINDS} | {f"重大{k}": k for k in MAJOR4_KINDS}
# Outlook words a 预期展望 may open with; the last two mark a task at risk.
OUTLOOK_WORDS = ("提前完成", "如期完成", "存在风险", "难以完成")
AT_RISK = ("存在风险", "难以完成")
_OUTLOOK = re.compile(rf"^({'|'.join(OUTLOOK_WORDS)})(?=$|[：:，,；;。\s（(])")


def outlook_category(text: str) -> str:
    """The outlook word a 预期展望 opens with, or "" (free text only)."""
    m = _OUTLOOK.match(unicodedata.normalize("NFKC", text or "").strip())
    return m.group(1) if m else ""


def read_tasks(table: RawTable, warnings: list[str]) -> pd.DataFrame:
    rows = []
    for i, r in table.records():
        with guard(warnings):
            rows.append(_task(table, i, r, warnings))
    return pd.DataFrame(rows, columns=COLUMNS) if rows else empty()


def _task(table: RawTable, i, r: dict, warnings) -> dict:
    def text(col: str) -> str:
        return str(r.get(col, "") or "").strip()

    status = parse_choice(text("status"), table.where(i, "status"), STATUS, "进展")
    completion = (
        np.nan
        if is_missing(text("completion"))
        else parse_number(
            text("completion"), table.where(i, "completion"), warnings, percent_ok=True
        )
    )
    plausibility.check_task(status, completion, table.where(i, "completion"), warnings)
    major4 = (
        parse_choice(text("major4"), table.where(i, "major4"), MAJOR4_ALIASES, "四个重大类别")
        if text("major4")
        else ""
    )
    if text("source"):
        source = parse_choice(text("source"), table.where(i, "source"), SOURCES, "任务来源")
    else:
        source = MAJOR4 if major4 else LOCAL  # a 类别 alone says the row is one of the 四个重大
    if source == MAJOR4 and not major4:
        raise PlanevalError(
            "来源为“四个重大”的任务缺少四个重大类别",
            table.where(i, "major4"),
            expected="、".join(MAJOR4_KINDS),
        )
    if major4 and source != MAJOR4:
        raise PlanevalError(
            f"来源为「{source}」的任务不应填写四个重大类别「{major4}」",
            table.where(i, "major4"),
            expected=f"来源填“{MAJOR4}”，或清空四个重大类别",
        )
    outlook = text("outlook")
    category = outlook_category(outlook)
    if status == "已完成" and category in AT_RISK:
        warn(
            warnings,
            table.where(i, "outlook"),
            f"进展为已完成，但预期展望为「{category}」",
            outlook,
            "核对进展或预期展望",
        )
    return {
        "part": text("part"),
        "chapter": text("chapter"),
        "name": text("name"),
        "department": text("department"),
        "status": status,
        "completion": completion,
        "source": source,
        "major4": major4,
        "column": text("column"),
        "outlook": outlook,
        "outlook_category": category,
        "note": text("note"),
    }


def empty() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c == "completion" else "object") for c in COLUMNS}
    )


def with_defaults(tasks: pd.DataFrame) -> pd.DataFrame:
    """A task table written before the structured columns (processed data of an older
    version) read as all 本级纲要 tasks, with no 专栏 or outlook."""
    out = tasks.copy()
    for col in COLUMNS:
        if col not in out.columns:
            out[col] = LOCAL if col == "source" else ""
    return out[COLUMNS + [c for c in out.columns if c not in COLUMNS]]


def task_label(row) -> str:
    """How a task is named in the report: its own name, else its 章节."""
    name = str(row.get("name") or "").strip()
    return name or str(row.get("chapter") or "")


def is_lagging(row) -> bool:
    """滞后 or 未启动, or an outlook word saying the task is at risk."""
    return row["status"] in ("滞后", "未启动") or row.get("outlook_category") in AT_RISK


def of_source(tasks: pd.DataFrame, source: str) -> pd.DataFrame:
    t = with_defaults(tasks)
    return t[t["source"] == source]


def plan_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The plan's own 重点任务: 本级纲要 rows that are not a 专栏 project."""
    t = with_defaults(tasks)
    return t[(t["source"] == LOCAL) & (t["column"].fillna("") == "")]


def column_projects(tasks: pd.DataFrame) -> pd.DataFrame:
    t = with_defaults(tasks)
    return t[t["column"].fillna("") != ""]
