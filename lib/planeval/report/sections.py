"""Summaries of the tasks, projects and survey tables: figures, a paragraph, compact tables.

Each `*_summary(data, config)` returns a `SectionSummary`: the drafted paragraph
(templates/narrative/{tasks,projects,survey}.txt.j2) and `SimpleTable`s the report
renders below it. Progress of tasks and projects is compared with the time elapsed
at the task cutoff (月度截止时点, 2023-06-30: 50 %), the date the seeds fix for
"任务进展情况"; "due" starts and completions are those planned up to the last full
year (2022), so a project planned for 2023 is not counted late in June 2023.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from planeval.data import tasks as task_rows
from planeval.report.narrative import (
    fmt_number,
    fmt_rate,
    label,
    render_html,
    render_text,
    timing_context,
)

# Separators between departments in one 负责部门 cell: 、，,；;/ and spaces.
DEPARTMENT_SPLIT = re.compile(r"[、，,；;/\s]+")
MONEY_DECIMALS = 2  # 亿元
# Items named as lowest/highest in the survey paragraph.
SURVEY_NAMED = 2


@dataclass
class SimpleTable:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # right-aligned column indexes
    nowrap: set[int] = field(default_factory=set)  # short text columns kept on one line
    total_row: bool = False  # the last row is a 合计 row
    widths: list[float] | None = None  # relative column widths in Word (None: by content)

    def to_html(self, number: int | None = None) -> str:
        return render_html("table.html.j2", table=self, number=number)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class SectionSummary:
    text: str
    tables: list[SimpleTable] = field(default_factory=list)
    figures: dict = field(default_factory=dict)


def _money(value) -> str:
    return fmt_number(value, MONEY_DECIMALS)


def _share(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


# --- tasks ------------------------------------------------------------------------


def split_departments(text: str) -> list[str]:
    return [d for d in DEPARTMENT_SPLIT.split(str(text or "")) if d]


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["status"].fillna("").astype(str).value_counts()
    order = list(label("task_status"))
    out = {s: int(counts.get(s, 0)) for s in order}
    out.update({str(s): int(n) for s, n in counts.items() if s and s not in out})
    return out


def mean_completion(series: pd.Series) -> float | None:
    s = pd.to_numeric(series, errors="coerce").dropna()
    return float(s.mean()) if len(s) else None


def task_table_by(frame: pd.DataFrame, key: str, caption: str, first: str) -> SimpleTable:
    words = label("tasks_table")
    statuses = list(label("task_status"))
    rows = []
    for name, g in frame.groupby(key, sort=False):
        counts = status_counts(g)
        mean = mean_completion(g["completion"])
        rows.append(
            [str(name), str(len(g))]
            + [str(counts.get(s, 0)) for s in statuses]
            + [fmt_rate(mean) if mean is not None else label("indicator_table")["dash"]]
        )
    columns = [first, words["total"], *statuses, words["rate"]]
    return SimpleTable(caption, columns, rows, numeric=set(range(1, len(columns))), nowrap={0})


def tasks_summary(data, config) -> SectionSummary:
    """The plan's own 重点任务 (本级纲要 rows outside a 专栏): by 篇, by 章节 when tasks are
    named below it, departments needing attention, and the lagging and at-risk tasks."""
    tasks = task_rows.plan_tasks(data.tasks) if data.tasks is not None else None
    t = timing_context(config)
    words = label("tasks_table")
    if tasks is None or tasks.empty:
        return SectionSummary(render_text("tasks.txt.j2", n=0, t=t))
    lagging_status = list(label("task_lagging"))
    counts = status_counts(tasks)
    by_part = task_table_by(tasks, "part", words["by_part_caption"], words["part"])
    # Tasks named below their 章节 (河北区's 107): a row per 章节 too.
    named = tasks["name"].fillna("").astype(str).str.len().gt(0).any()
    by_chapter = (
        task_table_by(tasks, "chapter", words["by_chapter_caption"], words["chapter"])
        if named and tasks["chapter"].nunique() < len(tasks)
        else None
    )
    per_department = tasks.assign(department=tasks["department"].map(split_departments)).explode(
        "department"
    )
    by_department = task_table_by(
        per_department, "department", words["by_department_caption"], words["department"]
    )
    # Departments needing attention: a task lagging or not started, or a mean completion
    # below the time elapsed; the others are counted in the paragraph.
    statuses = list(label("task_status"))
    lag_columns = [2 + statuses.index(st) for st in lagging_status if st in statuses]
    all_departments = len(by_department.rows)
    by_department.rows = [
        r
        for r in by_department.rows
        if any(r[i] != "0" for i in lag_columns) or _sort_rate(r[-1]) < t["E_monthly"]
    ]
    by_department.rows.sort(key=lambda r: _sort_rate(r[-1]))
    by_department.caption = words["by_department_caption_attention"]
    lagging = tasks[tasks["status"].isin(lagging_status)]
    at_risk = tasks[
        ~tasks["status"].isin(lagging_status) & tasks["outlook_category"].isin(task_rows.AT_RISK)
    ]
    listed = tasks[tasks.index.isin(lagging.index) | tasks.index.isin(at_risk.index)]
    lagging_table = _lagging_table(listed, named, words)
    part_rates = [
        (str(name), mean_completion(g["completion"]))
        for name, g in tasks.groupby("part", sort=False)
    ]
    part_rates = [(n, r) for n, r in part_rates if r is not None]
    part_rates.sort(key=lambda x: x[1])
    lagging_departments = list(
        dict.fromkeys(d for text in lagging["department"] for d in split_departments(text))
    )
    text = render_text(
        "tasks.txt.j2",
        n=len(tasks),
        counts=counts,
        mean=mean_completion(tasks["completion"]),
        t=t,
        slowest=part_rates[0] if len(part_rates) > 1 else None,
        fastest=part_rates[-1] if len(part_rates) > 1 else None,
        lagging_departments=lagging_departments,
        lagging_n=len(lagging),
        at_risk_n=len(at_risk),
        named=[task_rows.task_label(r) for _, r in listed.iterrows()] if named else [],
        chapters_n=len(by_chapter) if by_chapter else 0,
        chapters_lagging=sum(
            any(r[i] != "0" for i in lag_columns) for r in (by_chapter.rows if by_chapter else [])
        ),
        departments=all_departments,
        attention=len(by_department.rows),
    )
    tables = [by_part] + ([by_chapter] if by_chapter else [])
    tables += [by_department] if len(by_department) else []
    tables += [lagging_table] if len(listed) else []
    figures = {"n": len(tasks), "counts": counts, "mean": mean_completion(tasks["completion"])}
    return SectionSummary(text, tables, figures=figures)


def _lagging_table(listed: pd.DataFrame, named: bool, words) -> SimpleTable:
    """The lagging (and at-risk) tasks: by name under their 章节 when tasks are named,
    else by 篇 and 章节."""
    if named:
        caption = words["lagging_caption_outlook"]
        return item_table(listed, caption, "chapter", words["chapter"], words["name"])
    rows = [
        [
            str(r["part"]),
            str(r["chapter"]),
            str(r["department"]),
            str(r["status"]),
            str(r["note"]) if pd.notna(r["note"]) else "",
        ]
        for _, r in listed.iterrows()
    ]
    columns = [words["part"], words["chapter"], words["department"], words["status"]]
    return SimpleTable(words["lagging_caption"], [*columns, words["note"]], rows, nowrap={0, 3})


def item_table(
    frame: pd.DataFrame, caption: str, group: str | None, group_header: str, item: str
) -> SimpleTable:
    """Task rows by name: [group,] name, department, 进展（完成率）, 预期展望及相关说明
    (河北区's seed asks each task's 实现进度、预期展望及相关说明)."""
    words = label("task_sections")
    columns = [*([group_header] if group else []), item, words["department"]]
    columns += [words["progress"], words["outlook_note"]]
    rows = []
    for _, r in frame.iterrows():
        progress = str(r["status"])
        if pd.notna(r["completion"]):
            progress += f"（{fmt_rate(r['completion'])}%）"
        said = [str(r.get(c) or "").strip() for c in ("outlook", "note")]
        first = [str(r[group] or "")] if group else []
        rows.append(
            [
                *first,
                task_rows.task_label(r),
                str(r["department"]),
                progress,
                "；".join(t for t in said if t),
            ]
        )
    return SimpleTable(caption, columns, rows, nowrap={len(columns) - 2})


def _sort_rate(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")


# --- projects ---------------------------------------------------------------------


def project_figures(projects: pd.DataFrame, config) -> dict:
    """Counts, rates and sums of the project table (None where undefined)."""
    due_year = config.last_year
    p = projects
    due_start = p[pd.to_numeric(p["planned_start"], errors="coerce") <= due_year]
    due_end = p[pd.to_numeric(p["planned_completion"], errors="coerce") <= due_year]
    planned = float(p["planned_investment"].sum())
    completed = float(p["completed_investment"].sum())
    funds = float(p["funds_in_place"].sum()) if "funds_in_place" in p else 0.0
    return {
        "n": len(p),
        "due_year": due_year,
        "total": float(p["total_investment"].sum()),
        "planned": planned,
        "completed": completed,
        "funds": funds,
        "completed_share": _share(completed, planned),
        "funds_share": _share(funds, completed),
        "started": int(p["started"].sum()),
        "finished": int(p["completed"].sum()),
        "due_start": len(due_start),
        "due_started": int(due_start["started"].sum()),
        "start_rate": _share(int(due_start["started"].sum()), len(due_start)),
        "due_end": len(due_end),
        "due_finished": int(due_end["completed"].sum()),
        "end_rate": _share(int(due_end["completed"].sum()), len(due_end)),
    }


def projects_summary(data, config) -> SectionSummary:
    projects = data.projects
    t = timing_context(config)
    if projects is None or projects.empty:
        return SectionSummary(render_text("projects.txt.j2", f=None, t=t))
    f = project_figures(projects, config)
    words = label("projects_table")
    rows = []
    fields = projects.assign(field=projects["field"].fillna("").astype(str))
    for name, g in fields.groupby("field", sort=False):
        rows.append(_project_row(str(name), g))
    rows.sort(key=lambda r: -float(r[2] or 0))
    rows.append(_project_row(words["total_row"], projects))
    by_field = SimpleTable(
        words["caption"],
        [
            words["field"],
            words["count"],
            words["planned"].format(period=config.period),
            words["completed"],
            words["share"],
            words["funds"],
            words["started"],
            words["finished"],
        ],
        rows,
        numeric=set(range(1, 8)),
        nowrap={0},
        total_row=True,
    )
    p = projects
    overdue = p[
        (pd.to_numeric(p["planned_start"], errors="coerce") <= f["due_year"])
        & ~p["started"].astype(bool)
    ]
    overdue_table = SimpleTable(
        words["lagging_caption"],
        [
            words["name"],
            words["field"],
            words["department"],
            words["planned_start"],
            words["preparation"],
        ],
        [
            [
                str(r["name"]),
                str(r["field"]),
                str(r["department"]),
                str(r["planned_start"]),
                str(r["preparation"]) if pd.notna(r["preparation"]) else "",
            ]
            for _, r in overdue.iterrows()
        ],
        nowrap={1, 3},
    )
    field_shares = [(row[0], _float(row[4])) for row in rows[:-1] if _float(row[4]) is not None]
    field_shares.sort(key=lambda x: x[1])
    text = render_text(
        "projects.txt.j2",
        f=f,
        t=t,
        money=_money,
        slowest=field_shares[0] if len(field_shares) > 1 else None,
        fastest=field_shares[-1] if len(field_shares) > 1 else None,
        overdue=len(overdue),
    )
    tables = [by_field] + ([overdue_table] if len(overdue) else [])
    return SectionSummary(text, tables, figures=f)


def _project_row(name: str, g: pd.DataFrame) -> list[str]:
    planned = float(g["planned_investment"].sum())
    completed = float(g["completed_investment"].sum())
    share = _share(completed, planned)
    return [
        name,
        str(len(g)),
        _money(planned),
        _money(completed),
        fmt_rate(share) if share is not None else label("indicator_table")["dash"],
        _money(g["funds_in_place"].sum()),
        str(int(g["started"].sum())),
        str(int(g["completed"].sum())),
    ]


def _float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


# --- survey -----------------------------------------------------------------------


def survey_shares(survey: pd.DataFrame) -> pd.DataFrame:
    """Shares (%) of each answer per item, and 满意度 = 满意 + 基本满意, sorted high to low.

    The denominator is the number of answers (满意 + 基本满意 + 不满意), which is the
    sample when every respondent answered; a larger stated sample is kept for display.
    Rows of one item from several respondent groups are added up first.
    """
    counts = ["sample", "satisfied", "fairly_satisfied", "dissatisfied"]
    # One row per item: a survey of several respondent groups (调查对象) is summed.
    s = survey.groupby("item", sort=False)[counts].sum().reset_index()
    answers = s["satisfied"] + s["fairly_satisfied"] + s["dissatisfied"]
    s["answers"] = answers
    for col in ("satisfied", "fairly_satisfied", "dissatisfied"):
        s[f"{col}_pct"] = s[col] / answers * 100
    s["rate"] = (s["satisfied"] + s["fairly_satisfied"]) / answers * 100
    return s.sort_values("rate", ascending=False, kind="stable").reset_index(drop=True)


def survey_summary(data, config) -> SectionSummary:
    survey = data.survey
    if survey is None or survey.empty:
        return SectionSummary(render_text("survey.txt.j2", n=0))
    s = survey_shares(survey)
    words = label("survey_table")
    table = SimpleTable(
        words["caption"],
        [
            words["item"],
            words["sample"],
            words["satisfied"],
            words["fairly"],
            words["dissatisfied"],
            words["rate"],
        ],
        [
            [
                str(r["item"]),
                fmt_number(r["sample"], 0),
                fmt_rate(r["satisfied_pct"]),
                fmt_rate(r["fairly_satisfied_pct"]),
                fmt_rate(r["dissatisfied_pct"]),
                fmt_rate(r["rate"]),
            ]
            for _, r in s.iterrows()
        ],
        numeric={1, 2, 3, 4, 5},
        nowrap={0},
    )
    total = float(s["answers"].sum())
    overall = float((s["satisfied"] + s["fairly_satisfied"]).sum()) / total * 100
    named = min(SURVEY_NAMED, max(len(s) // 2, 1))
    items = [(str(r["item"]), float(r["rate"])) for _, r in s.iterrows()]
    text = render_text(
        "survey.txt.j2",
        n=len(s),
        answers=int(total),
        overall=overall,
        top=items[:named],
        bottom=list(reversed(items[-named:])) if len(items) > named else [],
    )
    figures = {"overall": overall, "bottom": items[-named:][::-1] if len(items) > named else []}
    return SectionSummary(text, [table], figures=figures)
