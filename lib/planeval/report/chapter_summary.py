"""The chapter indicators (章节指标) summarised per chapter.

The chapter indicators are assessed like the main ones (`assess_plan` on
`PlanData.chapters()`); here they are counted per chapter and category, and the
lagging ones (滞后于预期, or 未完成 in a final evaluation) are named, in a paragraph
(templates/narrative/chapter_indicators.txt.j2) and one table with a row per chapter.
"""

from __future__ import annotations

import pandas as pd

from planeval.report.narrative import category_counts, label, render_text
from planeval.report.sections import SectionSummary, SimpleTable

LAGGING = ("滞后于预期", "未完成")


def chapter_indicators_summary(frame: pd.DataFrame | None, data) -> SectionSummary:
    """`frame`: the chapter indicators' assessment; `data`: the plan (its chapter table)."""
    if frame is None or frame.empty:
        return SectionSummary("", [])
    chapters = data.chapter_indicators["chapter"]
    f = frame.sort_values("order", kind="stable").assign(
        chapter=frame["indicator_id"].map(chapters)
    )
    counts = category_counts(f)
    present = [c for c, k in counts.items() if k > 0]
    words = label("chapter_indicators")
    rows, per_chapter = [], []
    for chapter, g in f.groupby("chapter", sort=False):
        c = category_counts(g)
        lagging = list(g[g["category"].isin(LAGGING)]["name"])
        rows.append(
            [str(chapter), str(len(g))]
            + [str(c.get(k, 0)) for k in present]
            + ["、".join(lagging) or label("indicator_table")["dash"]]
        )
        per_chapter.append((str(chapter), len(g), lagging))
    table = SimpleTable(
        words["caption"],
        [words["chapter"], words["count"], *present, words["lagging"]],
        rows,
        numeric=set(range(1, 2 + len(present))),
        nowrap={0},
    )
    text = render_text(
        "chapter_indicators.txt.j2",
        n=len(f),
        chapters=per_chapter,
        counts=counts,
    )
    figures = {"n": len(f), "counts": counts, "chapters": len(per_chapter)}
    return SectionSummary(text, [table], figures=figures)
