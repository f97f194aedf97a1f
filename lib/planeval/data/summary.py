"""The per-plan summary `planeval validate` prints."""

from __future__ import annotations

from planeval.config import PlanConfig
from planeval.data import tasks as task_rows
from planeval.data.plandata import PlanData
from planeval.data.targets import KIND_LABELS, TargetKind


def validation_summary(config: PlanConfig, data: PlanData, *, verbose: bool = False) -> str:
    ind, annual = data.indicators, data.annual
    latest = annual[annual["year"] == config.last_year]
    pending = latest[latest["provenance"] != "official"]
    superseded = annual["superseded_estimate"].notna().sum()
    kinds = ind["target_kind"].value_counts()
    kind_text = "，".join(
        f"{KIND_LABELS[TargetKind(k)]} {n}" for k, n in kinds.items() if k is not None
    )
    lines = [
        f"{config.region}（{config.plan_id}）：校验通过",
        f"  指标 {len(ind)} 项（预期性 {int((~ind['binding']).sum())}，约束性 "
        f"{int(ind['binding'].sum())}）；目标类型：{kind_text}",
        f"  年度观测值 {len(annual)} 个（{annual['year'].min()}—{annual['year'].max()}），"
        f"月度累计值 {len(data.monthly)} 个",
        f"  {config.last_year}年仍为预计数/初步数、待正式数据替换：{len(pending)} 个"
        + (
            "（" + "、".join(ind.loc[pending["indicator_id"], "name"]) + "）"
            if len(pending)
            else ""
        )
        + f"；已被统计数替换的预计数：{superseded} 个",
        f"  重点任务 {_task_counts(data)}，重大项目 {len(data.projects)} 个，"
        f"调查项目 {len(data.survey)} 项，评估文字 {len(data.texts)} 篇",
        *(
            [
                f"  章节指标 {len(data.chapter_indicators)} 项（"
                f"{data.chapter_indicators['chapter'].nunique()} 个章节）"
            ]
            if len(data.chapter_indicators)
            else []
        ),
        *_catalogue_lines(config, data),
        f"  提示 {len(data.warnings)} 条" + ("：" if data.warnings and verbose else ""),
    ]
    if verbose:
        lines += [f"    - {w}" for w in data.warnings]
    elif data.warnings:
        lines[-1] += "（加 -v 查看）"
    lines.append(f"  已写入 {config.processed}")
    return "\n".join(lines)


def _catalogue_lines(config: PlanConfig, data: PlanData) -> list[str]:
    """The optional 专项规划目录清单 and 标兵城市 files, when the plan has them."""
    from planeval.data.benchmarks import cities

    lines = []
    plans = data.special_plans
    if len(plans):
        lines.append(
            f"  专项规划目录 {len(plans)} 项（已提交评估报告 {int(plans['submitted'].sum())} 项）"
        )
    bench = data.benchmarks
    if len(bench):
        n = len(cities(bench, config.region))
        lines.append(f"  标兵城市对标：{n} 个城市，{bench['indicator_id'].nunique()} 项指标")
    return lines


def _task_counts(data: PlanData) -> str:
    """本级纲要 tasks, and the 专栏 projects, 上级规划 tasks and 四个重大 beside them."""
    t = data.tasks
    text = f"{len(task_rows.plan_tasks(t))} 项"
    extra = [
        (what, len(rows))
        for what, rows in (
            ("专栏项目", task_rows.column_projects(t)),
            ("上级规划任务", task_rows.of_source(t, task_rows.UPPER)),
            ("四个重大", task_rows.of_source(t, task_rows.MAJOR4)),
        )
        if len(rows)
    ]
    return text + ("（另有" + "、".join(f"{w} {n} 项" for w, n in extra) + "）" if extra else "")
