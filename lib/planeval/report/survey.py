"""规划实施情况调查 by respondent group and its open answers (江北区 §三(八): 企业、公众).

`survey_detail(data)` returns a `SectionSummary` beside the per-item one of
planeval.report.sections: a table of satisfaction by item and group (调查对象) when the
survey names groups, a table of the open answers counted by the theme the evaluator
coded (主题) and group; in `figures["texts"]` the drafted paragraph above each table,
in `figures["quotes"]` the answers the evaluator chose (选用) — the report quotes those
and no others.
"""

from __future__ import annotations

import pandas as pd

from planeval.report.narrative import fmt_rate, label, render_text
from planeval.report.sections import SectionSummary, SimpleTable

COUNTS = ("satisfied", "fairly_satisfied", "dissatisfied")


def _groups(frame: pd.DataFrame) -> list[str]:
    if frame is None or frame.empty or "group" not in frame.columns:
        return []
    return [g for g in dict.fromkeys(frame["group"].fillna("").astype(str)) if g]


def _rate(rows: pd.DataFrame) -> tuple[float | None, int]:
    answers = float(rows[list(COUNTS)].sum().sum())
    good = float(rows[["satisfied", "fairly_satisfied"]].sum().sum())
    return (good / answers * 100 if answers else None), int(answers)


def group_table(survey: pd.DataFrame, groups: list[str]) -> tuple[SimpleTable, dict]:
    """满意度 (%) by item and group, the last row overall; and each group's overall."""
    words = label("survey_groups_table")
    dash = label("indicator_table")["dash"]
    rows = []
    for item, g in survey.groupby("item", sort=False):
        cells = []
        for group in groups:
            rate, _ = _rate(g[g["group"] == group]) if (g["group"] == group).any() else (None, 0)
            cells.append(fmt_rate(rate) if rate is not None else dash)
        rows.append([str(item), *cells, fmt_rate(_rate(g)[0])])
    overall = {group: _rate(survey[survey["group"] == group]) for group in groups}
    rows.append(
        [words["total"], *(fmt_rate(overall[g][0]) for g in groups), fmt_rate(_rate(survey)[0])]
    )
    columns = [words["item"], *(words["group"].format(group=g) for g in groups), words["all"]]
    table = SimpleTable(
        words["caption"], columns, rows, numeric=set(range(1, len(columns))), total_row=True
    )
    return table, overall


def themes_table(answers: pd.DataFrame, groups: list[str]) -> SimpleTable:
    """Open answers per coded theme (and group), most frequent first."""
    words = label("survey_themes_table")
    counts = answers.groupby("theme", sort=False).size().sort_values(ascending=False, kind="stable")
    rows = []
    for theme, n in counts.items():
        t = answers[answers["theme"] == theme]
        rows.append([str(theme), *(str(int((t["group"] == g).sum())) for g in groups), str(n)])
    rows.append(
        [
            words["total"],
            *(str(int((answers["group"] == g).sum())) for g in groups),
            str(len(answers)),
        ]
    )
    columns = [words["theme"], *groups, words["all"]]
    return SimpleTable(
        words["caption"], columns, rows, numeric=set(range(1, len(columns))), total_row=True
    )


def survey_detail(data) -> SectionSummary:
    survey = getattr(data, "survey", None)
    answers = getattr(data, "answers", None)
    tables, texts, figures = [], [], {"quotes": []}
    groups = _groups(survey)
    if groups and survey is not None and not survey.empty:
        table, overall = group_table(survey, groups)
        tables.append(table)
        groups_context = {"groups": [(g, overall[g][0], overall[g][1]) for g in groups]}
        if len(groups) == 2:  # items a group rates clearly lower than the other
            a, b = groups
            gap = []
            for item, g in survey.groupby("item", sort=False):
                ra, rb = (_rate(g[g["group"] == x])[0] for x in (a, b))
                if (g["group"] == a).any() and (g["group"] == b).any() and ra < rb:
                    gap.append((str(item), rb - ra))
            groups_context["lower"] = (a, b, [i for i, _ in sorted(gap, key=lambda x: -x[1])[:3]])
        texts.append(render_text("survey_groups.txt.j2", **groups_context))
    if answers is not None and not answers.empty:
        answer_groups = _groups(answers)
        table = themes_table(answers, answer_groups)
        tables.append(table)
        texts.append(
            render_text(
                "survey_answers.txt.j2",
                n=len(answers),
                groups=[(g, int((answers["group"] == g).sum())) for g in answer_groups],
                themes=[(r[0], int(r[-1])) for r in table.rows[:-1]][:3],
            )
        )
        chosen = answers[answers["chosen"].astype(bool)]
        figures["quotes"] = [(str(r["text"]), str(r["group"])) for _, r in chosen.iterrows()]
    figures["texts"] = texts
    return SectionSummary("\n".join(texts), tables, figures)
