"""规划调整建议表 (南开区 §五, 河北区, 江北区 §四(一)): 指标/任务, 现目标, 建议调整为,
调整原因, 参考依据 — one list that feeds the report's sentences, its table and the sheet.

`build(frame, data, config, extras)` drafts a proposal for every indicator the
assessment flags (required growth beyond its history's best, `adjustment_flag`): the
reason from the required growth, the history and the forecast, the new target from the
forecast (planeval.method.adjustment, rounded by `adjustment_step`). The evaluator's
file (data/raw/<plan>/adjustments.*) is merged in and wins for every item it names:
its cells replace the drafted ones (an empty cell keeps the draft), its other rows add
indicators or tasks, and 建议调整为 = 不调整 withdraws a drafted item. The indicator
paragraphs, the summary, the table and the Excel sheet all read the same `Proposals`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from planeval.method.adjustment import ProposedTarget, propose
from planeval.report.narrative import (
    indicator_context,
    label,
    render_html,
    render_text,
    trim_zeros,
    value_format,
)
from planeval.report.sections import SimpleTable

# 建议调整为 words by which the evaluator withdraws a drafted proposal.
KEEP_WORDS = ("不调整", "维持原目标", "维持现目标", "不作调整")
_BARE_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*[-—～~]\s*(\d+(?:\.\d+)?)\s*%")


@dataclass(frozen=True)
class Proposal:
    item: str  # 指标/任务
    current: str  # 现目标
    proposed: str  # 建议调整为
    reason: str  # 调整原因
    basis: str  # 参考依据
    indicator_id: str = ""  # "" for a task
    drafted: bool = False  # drafted from the assessment (any cell the evaluator left empty)
    evaluator: bool = False  # named in the evaluator's file

    def cells(self) -> list[str]:
        return [self.item, self.current, self.proposed, self.reason, self.basis]


@dataclass(frozen=True)
class Proposals:
    items: tuple[Proposal, ...] = ()
    step: float = 0.5
    withdrawn: tuple[str, ...] = field(default=())  # drafted items the evaluator kept

    def __len__(self) -> int:
        return len(self.items)

    @property
    def names(self) -> list[str]:
        return [p.item for p in self.items]

    @property
    def indicator_ids(self) -> set[str]:
        return {p.indicator_id for p in self.items if p.indicator_id}

    def table(self) -> SimpleTable:
        words = label("adjustments_table")
        return SimpleTable(
            words["caption"],
            [words[k] for k in ("item", "current", "proposed", "reason", "basis")],
            [p.cells() for p in self.items],
        )


# --- drafting ---------------------------------------------------------------------


def current_target(row: Mapping) -> str:
    """The printed target as a table cell: a bare number gets its unit, a bare rate of a
    growth target its 年均增长 (2000，6% → 2000亿元，年均增长6%)."""
    text = str(row.get("target_text") or "").strip()
    text = _RANGE.sub(r"\1%—\2%", text)  # 5.5-6.5% → 5.5%—6.5%
    growth = row.get("target_kind") in ("cagr", "cagr_range", "cagr_floor")
    parts = []
    for part in re.split(r"[，,]", text):
        part = part.strip()
        if _BARE_NUMBER.fullmatch(part):
            part += str(row.get("unit") or "")
        elif growth and "%" in part and not re.search("增|降|长", part):
            part = "年均增长" + part
        parts.append(part)
    return "，".join(p for p in parts if p) or "—"


def proposed_text(row: Mapping, target: ProposedTarget | None, fmt) -> str:
    if target is None:
        return label("adjustments_table")["no_proposal"]
    value = trim_zeros(f"{target.value:.4f}")
    T = int(row["target_year"])
    if target.kind == "growth":
        suffix = {"cagr_floor": "以上", "cagr_range": "左右"}.get(row.get("target_kind"), "")
        text = f"年均增长{value}%{suffix}"
        if target.level is not None:
            text += f"（{T}年约{fmt(target.level)}{fmt.unit}）"
        return text
    if target.kind == "share":
        return f"{T}年达到{value}{fmt.unit}"
    return f"累计下降{value}%"


def draft(row: pd.Series, extras, config) -> Proposal:
    """The drafted proposal of one flagged indicator."""
    fmt = value_format(row, extras.values.values() if extras else ())
    c = indicator_context(row, extras)
    target = propose(row, config.adjustment_step)
    return Proposal(
        item=str(row["name"]),
        current=current_target(row),
        proposed=proposed_text(row, target, fmt),
        reason=render_text("adjustment_reason.txt.j2", c=c),
        basis=render_text(
            "adjustment_basis.txt.j2", c=c, evaluation=config.evaluation_name, target=target
        ),
        indicator_id=str(row["indicator_id"]),
        drafted=True,
    )


def _from_file(r: Mapping, drafted: Proposal | None, row: Mapping | None) -> Proposal:
    def pick(col: str, default: str) -> str:
        value = str(r.get(col) or "").strip()
        return value or default

    base = drafted or Proposal(
        item=str(row["name"]) if row is not None else str(r["item"]),
        current=current_target(row) if row is not None else "—",
        proposed="",
        reason="",
        basis=label("adjustments_table")["evaluator_basis"],
        indicator_id=str(r.get("indicator_id") or ""),
    )
    return Proposal(
        item=base.item,
        current=pick("current", base.current),
        proposed=pick("proposed", base.proposed),
        reason=pick("reason", base.reason),
        basis=pick("basis", base.basis),
        indicator_id=base.indicator_id,
        drafted=drafted is not None,
        evaluator=True,
    )


def build(frame: pd.DataFrame, data, config, extras: Mapping | None = None) -> Proposals:
    """Drafted proposals merged with the evaluator's file: indicators in plan order, then
    the evaluator's tasks in file order."""
    extras = extras or {}
    rows = {str(r["indicator_id"]): r for _, r in frame.iterrows()}
    flagged = [
        iid
        for iid, r in rows.items()
        if bool(r.get("adjustment_flag")) and r.get("category") not in ("提前实现", "已完成")
    ]
    drafts = {iid: draft(rows[iid], extras.get(iid), config) for iid in flagged}
    given = getattr(data, "adjustments", None)
    given = given if given is not None else pd.DataFrame()
    by_id: dict[str, Proposal] = dict(drafts)
    tasks, withdrawn = [], []
    for r in given.to_dict("records"):
        iid = str(r.get("indicator_id") or "")
        if str(r.get("proposed") or "").strip() in KEEP_WORDS:
            if by_id.pop(iid, None) is not None:
                withdrawn.append(str(rows[iid]["name"]))
            continue
        merged = _from_file(r, drafts.get(iid), rows.get(iid))
        if iid:
            by_id[iid] = merged
        else:
            tasks.append(merged)
    ordered = [by_id[iid] for iid in rows if iid in by_id] + tasks
    return Proposals(tuple(ordered), config.adjustment_step, tuple(withdrawn))


# --- report -----------------------------------------------------------------------


def intro_html(proposals: Proposals, config, number: int | None, h: int = 4) -> str:
    """The heading (an ``<h{h}>``) and the paragraph above the table."""
    return render_html(
        "adjustments.html.j2",
        h=h,
        names=proposals.names,
        number=number,
        evaluation=config.evaluation_name,
        scope=config.region[-1:] if config.region else "区",
    )


def note_html(proposals: Proposals, config) -> str:
    """The note below the table: how the drafted figures were made."""
    return render_html(
        "adjustments_note.html.j2",
        step=trim_zeros(f"{proposals.step:.4f}"),
        target_year=config.target_year,
        drafted=any(p.drafted for p in proposals.items),
        evaluator=any(p.evaluator for p in proposals.items),
    )


# --- Excel ------------------------------------------------------------------------


def add_sheet(wb, proposals: Proposals, title: str) -> None:
    """The 规划调整建议表 as a sheet of a workbook (A4 landscape, header repeated)."""
    from planeval.report.sheets import add_table_sheet

    sheet = label("adjustments_table")["sheet"]
    add_table_sheet(wb, sheet, title, proposals.table(), widths=(18, 20, 24, 48, 32))
