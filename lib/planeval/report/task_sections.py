"""Summaries of the structured task records: 上级规划 tasks, the 四个重大, 专栏 projects.

Each `*_summary(data, config)` returns a `sections.SectionSummary` (a drafted
paragraph from templates/narrative/<key>.txt.j2 and compact tables), or an empty one
when the plan has no such rows. A group table counts the rows by status (by part of
the higher-level plan, by 四个重大 category, by 专栏); the item table lists every row
when there are at most `task_list_limit` of them (a parameter), else only the
lagging and at-risk ones
(滞后 / 未启动, or a 预期展望 opening with 存在风险 / 难以完成), by name, so that a
plan with a hundred tasks still reads in a page.
"""

from __future__ import annotations

import pandas as pd

from planeval.data import tasks as task_table
from planeval.report.narrative import label, render_text, scope_word, timing_context
from planeval.report.sections import (
    SectionSummary,
    item_table,
    mean_completion,
    split_departments,
    status_counts,
    task_table_by,
)


def _summary(
    frame: pd.DataFrame, config, key: str, group: str, group_header: str, by_group_name=False
):
    """The paragraph and tables of one kind of task rows, grouped by `group`; with one row
    per group there is no group table, and `by_group_name` names the rows by their group
    (a 专栏 by its title)."""
    if frame.empty:
        return SectionSummary("", [])
    scope = scope_word(config.region)
    words = {k: v.format(scope=scope) for k, v in label("task_sections")[key].items()}
    t = timing_context(config)
    lagging = frame[frame.apply(task_table.is_lagging, axis=1)]
    by_group = task_table_by(frame, group, words["by_group_caption"], group_header)
    by_group.columns[1] = words["count"]
    every = len(frame) <= config.task_list_limit
    listed = frame if every else lagging
    caption = words["items_caption"] if every else words["lagging_caption"]
    groups = [
        (str(name), len(g), mean_completion(g["completion"]))
        for name, g in frame.groupby(group, sort=False)
    ]
    single = len(groups) == len(frame)
    text = render_text(
        f"{key}.txt.j2",
        n=len(frame),
        counts=status_counts(frame),
        mean=mean_completion(frame["completion"]),
        t=t,
        scope=scope,
        groups=groups,
        lagging=[
            (
                str(r[group]) if single and by_group_name else task_table.task_label(r),
                str(r["status"]),
                str(r.get("outlook_category") or ""),
            )
            for _, r in lagging.iterrows()
        ],
        lagging_departments=list(
            dict.fromkeys(d for text in lagging["department"] for d in split_departments(text))
        ),
        listed_all=every,
        single=single,
    )
    # One row per group (河北区's 7 专栏): no group table.
    tables = [] if single else [by_group]
    if len(listed):
        item = item_table(
            listed, caption, group, group_header, words["item_single" if single else "item"]
        )
        tables.append(item)
    figures = {"n": len(frame), "lagging": len(lagging), "counts": status_counts(frame)}
    return SectionSummary(text, tables, figures=figures)


def upper_tasks_summary(data, config) -> SectionSummary:
    """上级规划涉及本区的重大任务落实情况: grouped by the part of the higher-level plan (篇)."""
    frame = task_table.of_source(data.tasks, task_table.UPPER)
    words = label("task_sections")["upper_tasks"]
    return _summary(frame, config, "upper_tasks", "part", words["group"])


def major4_summary(data, config) -> SectionSummary:
    """“四个重大”推进情况: by category, 重大平台 / 项目 / 政策 / 改革 in that order."""
    frame = task_table.of_source(data.tasks, task_table.MAJOR4)
    order = {k: i for i, k in enumerate(task_table.MAJOR4_KINDS)}
    frame = frame.assign(
        major4=frame["major4"].map(lambda k: label("task_sections")["major4_names"].get(k, k)),
        _o=frame["major4"].map(lambda k: order.get(k, len(order))),
    )
    frame = frame.sort_values("_o", kind="stable").drop(columns="_o")
    words = label("task_sections")["major4"]
    return _summary(frame, config, "major4", "major4", words["group"])


def column_projects_summary(data, config) -> SectionSummary:
    """专栏项目进展: grouped by 专栏."""
    frame = task_table.column_projects(data.tasks)
    words = label("task_sections")["column_projects"]
    return _summary(frame, config, "column_projects", "column", words["group"], True)
