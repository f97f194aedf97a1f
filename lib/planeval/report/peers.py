"""Peer comparison (江北区 §三(六) 兄弟区县发展成效比较): shared indicators side by side.

The comparison reads what each plan's report already wrote (outputs/<plan>/
assessment.csv, `read_assessments`): nothing is assessed again. Each plan that declares
`peers` in its parameters is compared with them, and the group is named as the plan
declares it (`peer_group`: 同省区县, 其他样例规划 …); without declared peers the plans of
the run are compared as 本次比较的各规划. Indicators are matched by their indicator code
(指标代码); a code whose name or unit differs between two plans (财政收入 against
一般公共预算收入) is refused, listed with both, never paired. Plans set different
targets, so the fair ranking is by R, progress relative to each plan's own target path;
the actual average growth so far is shown beside it.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from planeval.config import PlanConfig, parameters_file
from planeval.errors import Location, PlanevalError
from planeval.report import style

UNDECLARED_GROUP = "本次比较的各规划"


@dataclass(frozen=True)
class PlanAssessment:
    config: PlanConfig
    frame: pd.DataFrame


@dataclass(frozen=True)
class PeerGroup:
    """One plan (lead) and the peers it declares, named as it declares them."""

    lead: PlanAssessment | None
    members: list[PlanAssessment]
    description: str
    missing: list[str] = field(default_factory=list)  # declared peers without an assessment

    @property
    def title(self) -> str:
        others = "、".join(a.config.region for a in self.members if a is not self.lead)
        if self.lead is None:
            return f"{self.description}：{others}"
        return f"{self.lead.config.region}与{self.description}（{others}）比较"


def _config(plan: str, config_dir: str | Path | None) -> PlanConfig:
    path = Path(plan)
    if path.suffix not in {".yaml", ".yml"}:
        path = Path(config_dir) / f"{plan}.yaml" if config_dir else parameters_file(plan)
    return PlanConfig.load(path)


def read_assessments(
    plans: list[str], outputs: str | Path | None = None, config_dir: str | Path | None = None
) -> list[PlanAssessment]:
    """Each plan's assessment as its report wrote it (outputs/<plan>/assessment.csv)."""
    if len(plans) < 2:
        raise PlanevalError("横向比较至少需要两个规划", expected="两个或以上规划代码")
    out = []
    for plan in plans:
        config = _config(plan, config_dir)
        folder = Path(outputs) / config.plan_id if outputs else config.outputs
        path = folder / "assessment.csv"
        if not path.is_file():
            raise PlanevalError(
                f"找不到规划「{config.region}」的评估结果",
                Location(file=path),
                expected=f"先生成该规划的报告（planeval run {config.plan_id}）",
            )
        out.append(PlanAssessment(config, pd.read_csv(path)))
    return out


def peer_groups(assessments: list[PlanAssessment]) -> list[PeerGroup]:
    """A group per plan that declares peers; one group of all plans if none does."""
    by_id = {a.config.plan_id: a for a in assessments}
    groups = []
    for a in assessments:
        if not a.config.peers:
            continue
        members = [a] + [by_id[p] for p in a.config.peers if p in by_id and p != a.config.plan_id]
        missing = [p for p in a.config.peers if p not in by_id]
        if len(members) >= 2:
            groups.append(PeerGroup(a, members, a.config.peer_group, missing))
    return groups or [PeerGroup(None, list(assessments), UNDECLARED_GROUP)]


def _definition(name, unit) -> tuple[str, str]:
    def norm(s) -> str:
        return "".join(unicodedata.normalize("NFKC", str(s)).split())

    return norm(name), norm(unit)


def refused_pairs(assessments: list[PlanAssessment]) -> list[dict]:
    """Indicators with one code but another name or unit than the first plan having it:
    each refused plan with both definitions (the comparison leaves them out)."""
    first: dict[str, tuple[PlanAssessment, pd.Series]] = {}
    out = []
    for a in assessments:
        for _, r in a.frame.iterrows():
            iid = str(r["indicator_id"])
            if iid not in first:
                first[iid] = (a, r)
                continue
            ref, rr = first[iid]
            if _definition(r["name"], r["unit"]) != _definition(rr["name"], rr["unit"]):
                out.append(
                    {
                        "indicator_id": iid,
                        "region": a.config.region,
                        "name": str(r["name"]),
                        "unit": str(r["unit"]),
                        "ref_region": ref.config.region,
                        "ref_name": str(rr["name"]),
                        "ref_unit": str(rr["unit"]),
                    }
                )
    return out


_NUMERALS = "零一二三四五六七八九十"


def _numeral(n: int) -> str:
    return _NUMERALS[n] if 0 < n <= 10 else str(n)


def group_heading(group: PeerGroup, number: int) -> str:
    """ "## 二、江北区与其他样例规划（南开区、河北区、柳南区）比较" (Markdown, escaped)."""
    return f"## {_numeral(number)}、{html.escape(group.title)}"


REFUSED_HEADING = "**未作比较的指标**"


def refused_text(refused: list[dict]) -> str:
    """The refused pairs as Markdown list items (names escaped by the caller's Markdown)."""
    return "\n".join(
        f"- {html.escape(r['region'])}「{html.escape(r['name'])}」（{html.escape(r['unit'])}）与"
        f"{html.escape(r['ref_region'])}「{html.escape(r['ref_name'])}」"
        f"（{html.escape(r['ref_unit'])}）指标代码相同但名称或单位不同，未作比较。"
        for r in refused
    )


def shared_indicators(assessments: list[PlanAssessment], min_plans: int = 2) -> pd.DataFrame:
    """Long table: one row per plan × indicator present in at least `min_plans` plans,
    with the rank of each plan by R (1 = furthest ahead of its own target path)."""
    refused = {(r["indicator_id"], r["region"]) for r in refused_pairs(assessments)}
    rows = []
    for a in assessments:
        f = a.frame.assign(plan_id=a.config.plan_id, region=a.config.region)
        keep = [(str(i), a.config.region) not in refused for i in f["indicator_id"]]
        rows.append(f[keep])
    long = pd.concat(rows, ignore_index=True)
    counts = long.groupby("indicator_id")["plan_id"].nunique()
    keep = counts[counts >= min_plans].index
    long = long[long["indicator_id"].isin(keep)].copy()
    long["rank"] = (
        long.groupby("indicator_id")["R"].rank(ascending=False, method="min").astype("Int64")
    )
    # One code, one definition (refused_pairs dropped the others): the first plan's name.
    label = long.groupby("indicator_id", sort=False)["name"].first()
    long["label"] = long["indicator_id"].map(label)
    order = {iid: i for i, iid in enumerate(counts.loc[keep].sort_values(ascending=False).index)}
    long["_order"] = long["indicator_id"].map(order)
    cols = [
        "indicator_id",
        "label",
        "name",
        "unit",
        "direction",
        "plan_id",
        "region",
        "base_year",
        "target_text",
        "latest_year",
        "latest_value",
        "latest_provenance",
        "actual_cagr",
        "required_cagr",
        "R",
        "rank",
        "category",
    ]
    return long.sort_values(["_order", "rank", "plan_id"])[cols].reset_index(drop=True)


def comparison_table(long: pd.DataFrame) -> pd.DataFrame:
    """Wide table for the report: one row per indicator × plan, Chinese headers."""

    def value(r) -> str:
        if pd.isna(r["latest_value"]):
            return "—"
        mark = "*" if r["latest_provenance"] not in ("official", None) else ""
        return f"{r['latest_value']:,.2f}{mark}"

    def pct(x) -> str:
        return "—" if pd.isna(x) else f"{x:.1f}%"

    return pd.DataFrame(
        {
            "指标": long["name"] + "（" + long["unit"] + "）",
            "地区": long["region"],
            "规划目标": long["target_text"],
            "最新值": long.apply(value, axis=1),
            "年均增速": long["actual_cagr"].map(pct),
            "规划要求": long["required_cagr"].map(pct),
            "进度比R": long["R"].map(lambda x: "—" if pd.isna(x) else f"{x:.2f}"),
            "排名": long["rank"].map(lambda x: "—" if pd.isna(x) else str(int(x))),
            "评价": long["category"],
        }
    )


def ratio_chart(long: pd.DataFrame) -> Figure:
    """R by indicator and plan: a dot per plan, the on-track line at 1."""
    with style.styled():
        data = long.dropna(subset=["R"])
        names = list(dict.fromkeys(data["label"]))
        regions = list(dict.fromkeys(long["region"]))
        fig = Figure(figsize=(style.FULL_WIDTH, (1.2 + 0.55 * len(names)) * style.CM * 1.6))
        ax = fig.subplots()
        palette = ["#1a3a6b", "#b22222", "#2e7d32", "#e08a00", "#6a3d9a", "#00838f"]
        offsets = np.linspace(-0.25, 0.25, len(regions)) if len(regions) > 1 else [0.0]
        for k, region in enumerate(regions):
            d = data[data["region"] == region]
            y = [names.index(n) + offsets[k] for n in d["label"]]
            ax.scatter(d["R"], y, s=28, color=palette[k % len(palette)], label=region, zorder=3)
        ax.axvline(1.0, color=style.TARGET_COLOR, linestyle="--", linewidth=1)
        ax.annotate(
            "按规划进度",
            (1.0, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, 2),
            textcoords="offset points",
            color=style.TARGET_COLOR,
            fontsize=style.NOTE_SIZE,
            va="bottom",
        )
        ax.set_yticks(range(len(names)), names)
        ax.invert_yaxis()
        ax.set_xlabel("进度比 R（实际进度 ÷ 时间进度）")
        ax.grid(axis="x", color=style.GRID_COLOR)
        ax.legend(loc="lower right", fontsize=style.NOTE_SIZE, frameon=False)
        fig.suptitle("共有指标进度比较", fontsize=style.TITLE_SIZE)
        fig.text(
            0.01,
            0.005,
            "注：R≥1表示快于规划路径；各地规划目标不同，按各自目标计算。",
            fontsize=style.NOTE_SIZE,
            color=style.NOTE_COLOR,
        )
        fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return fig


def _since(long: pd.DataFrame) -> str:
    """The first year of the plan period (base year + 1), as 'since' in labels."""
    if "base_year" not in long.columns:
        return "基期"
    base = pd.to_numeric(long["base_year"], errors="coerce").dropna()
    return str(int(base.min()) + 1) if len(base) else "基期"


def growth_chart(long: pd.DataFrame, indicator_id: str) -> Figure:
    """Actual vs required average growth of one indicator across plans (grouped bars)."""
    with style.styled():
        d = long[long["indicator_id"] == indicator_id].dropna(subset=["actual_cagr"])
        fig = Figure(figsize=(style.FULL_WIDTH, 7 * style.CM))
        ax = fig.subplots()
        x = np.arange(len(d))
        ax.bar(
            x - 0.18,
            d["actual_cagr"],
            0.36,
            color=style.ACTUAL_COLOR,
            label=f"{_since(d)}年以来年均增速",
        )
        ax.bar(
            x + 0.18,
            d["required_cagr"],
            0.36,
            color=style.TARGET_COLOR,
            alpha=0.75,
            label="规划要求年均增速",
        )
        ax.set_xticks(x, d["region"])
        ax.set_ylabel("%")
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.legend(fontsize=style.NOTE_SIZE, frameon=False)
        name = d["label"].iloc[0] if len(d) else indicator_id
        fig.suptitle(f"{name}：实际与规划要求年均增速", fontsize=style.TITLE_SIZE)
        fig.tight_layout()
    return fig


def key_indicators(long: pd.DataFrame, min_plans: int = 3) -> list[str]:
    """Indicators with a growth figure in at least `min_plans` plans, most shared first."""
    have = long.dropna(subset=["actual_cagr", "required_cagr"])
    counts = have.groupby("indicator_id", sort=False)["plan_id"].nunique()
    return list(counts[counts >= min_plans].index)


def title_html(assessments: list[PlanAssessment], groups: list[PeerGroup] | None = None) -> str:
    """The comparison's title block, region names escaped; the subtitle names the group
    as declared (其他样例规划 …), never as a kind of district it may not be."""
    groups = groups or [PeerGroup(None, list(assessments), UNDECLARED_GROUP)]
    regions = "；".join(g.title for g in groups)
    # the plans' own period and evaluation point (named when they share one)
    points = {(a.config.period, a.config.evaluation_name) for a in assessments}
    period, point = points.pop() if len(points) == 1 else ("", "评估")
    named = f"“{html.escape(period)}”" if period else ""
    return (
        f'<div class="report-title"><h1>{named}规划实施{html.escape(point)}</h1>'
        f'<p class="subtitle">横向比较：{html.escape(regions)}</p></div>'
    )


def narrative(long: pd.DataFrame, indicator_ids: list[str]) -> str:
    """One drafted paragraph per key indicator (Markdown), from templates/peers.md.j2."""
    from jinja2 import Environment, PackageLoader

    # Autoescaped although the output is Markdown: a region or indicator name is data, and
    # Markdown passes raw HTML through (an entity such as &lt; shows as the character).
    env = Environment(
        loader=PackageLoader("planeval", "templates"),
        keep_trailing_newline=True,
        autoescape=True,
    )
    on_track = ("提前实现", "快于预期", "基本符合预期")
    items = []
    for iid in indicator_ids:
        d = long[long["indicator_id"] == iid].dropna(subset=["actual_cagr"])
        lower = (d["direction"] == "lower").all()
        # Best first: the fastest growth, or for lower-is-better the steepest decline.
        d = d.sort_values("actual_cagr", ascending=bool(lower))
        items.append(
            {
                "label": d["label"].iloc[0],
                "since": _since(d),
                "lower": lower,
                "plans": [
                    {"region": r.region, "change": -r.actual_cagr if lower else r.actual_cagr}
                    for r in d.itertuples()
                ],
                "on_track": [r.region for r in d.itertuples() if r.category in on_track],
                "lagging": [r.region for r in d.itertuples() if r.category == "滞后于预期"],
            }
        )
    return env.get_template("peers.md.j2").render(items=items)
