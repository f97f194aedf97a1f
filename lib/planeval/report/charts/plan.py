"""Charts over the whole plan: progress bars, growth dumbbell, category counts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from planeval.periods import DEFAULT_BASE_YEAR
from planeval.report import style
from planeval.report.charts.base import (
    HALO,
    KIND_NAMES,
    PLAN_YEARS,
    as_float,
    as_text,
    fmt_rate,
    label_name,
    main_axes,
    nan,
    new_figure,
    row_category,
    source_line,
)
from planeval.report.style import (
    ACTUAL_COLOR,
    NOTE_COLOR,
    NOTE_SIZE,
    REFERENCE_COLOR,
    TARGET_COLOR,
    TEXT_COLOR,
    TICK_SIZE,
    category_color,
)

# --- overview charts ----------------------------------------------------------------


def _elapsed(frame: pd.DataFrame, E: float | None) -> float:
    """Time elapsed as a fraction (accepts 0.4 or 40)."""
    if E is None and "E" in frame:
        values = pd.to_numeric(frame["E"], errors="coerce").dropna()
        E = float(values.iloc[0]) if len(values) else None
    e = as_float(E)
    if not math.isfinite(e):
        return 0.4
    return e / 100 if e > 1.5 else e


def _rows_height(n: int, per_row_cm: float = 0.66, extra_cm: float = 3.4) -> float:
    return min(extra_cm + per_row_cm * max(n, 1), 24.0)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return pd.to_numeric(frame[name], errors="coerce")
    return pd.Series(nan, index=frame.index)


def progress_chart(
    frame: pd.DataFrame,
    E: float | None = None,
    *,
    title: str = "主要指标任务进度",
    source: str = "",
) -> Figure:
    """Task progress P of each indicator against time elapsed E, sorted by R = P / E.

    Bars show P (coloured by category) over a grey bar for the whole target (100 %);
    a line marks E. Indicators without P (yearly limits, relative and qualitative
    targets) are listed below with their target type and category.
    """
    with style.styled():
        return _progress_chart(frame, _elapsed(frame, E), title, source)


def _progress_chart(frame: pd.DataFrame, e: float, title: str, source: str) -> Figure:
    f = frame.copy()
    f["_P"] = _column(f, "P") * 100
    f["_R"] = _column(f, "R")
    f["_order"] = _column(f, "order")
    with_p = f[np.isfinite(f["_P"])].sort_values(["_R", "_order"], ascending=[False, True])
    without = f[~np.isfinite(f["_P"])].sort_values("_order")
    n = len(with_p) + len(without)
    fig, (ax,) = new_figure(_rows_height(n))
    ys = np.arange(n)[::-1]
    lo_clip, hi_clip = -50.0, 150.0
    _progress_bars(ax, ys[: len(with_p)], with_p, lo_clip, hi_clip)
    for y, (_, r) in zip(ys[len(with_p) :], without.iterrows(), strict=True):
        _progress_text(ax, y, r)
    if len(with_p) and len(without):
        ax.axhline(ys[len(with_p)] + 0.5, color="#999999", lw=0.6, ls=(0, (2, 2)))
    names = [label_name(r) for _, r in pd.concat([with_p, without]).iterrows()]
    ax.set_yticks(ys, labels=names)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.7, n - 0.3)
    lo = min(0.0, max(lo_clip, float(with_p["_P"].min()) if len(with_p) else 0.0)) - 5
    hi = max(100.0, min(hi_clip, float(with_p["_P"].max()) if len(with_p) else 0.0)) + 18
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("任务进度（规划目标完成程度）")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    if len(with_p):
        _elapsed_line(ax, e, bottom=ys[len(with_p) - 1] - 0.5, top=n - 0.3)
    if title:
        main_axes(fig).suptitle(title, x=0.01, ha="left")
    ax.set_title(
        "按任务进度与时间进度之比（R）由高到低排列；灰色底条为规划目标（100%）",
        loc="left",
        color=NOTE_COLOR,
        fontsize=TICK_SIZE,
        pad=16,
        y=1.0,
    )
    _category_legend(fig, f)
    if source:
        source_line(fig, source)
    return fig


def _elapsed_line(ax: Axes, e: float, bottom: float, top: float) -> None:
    """The time-elapsed line over the rows that have a progress bar, labelled on top."""
    ax.vlines(e * 100, bottom, top, color=TEXT_COLOR, lw=1.1, ls="--", gid="elapsed", zorder=4)
    ax.annotate(
        f"时间进度{e * 100:.0f}%",
        (e * 100, 1),
        xycoords=("data", "axes fraction"),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=TICK_SIZE,
        fontweight="bold",
    )


def _progress_bars(ax: Axes, ys, rows: pd.DataFrame, lo: float, hi: float) -> None:
    """Each row's progress on a grey bar of the target (100 %), labelled; the bars of
    all rows in two calls (a call per bar cost a tenth of the chart's time)."""
    if not len(rows):
        return
    p = rows["_P"].to_numpy(dtype=float)
    shown = np.clip(p, lo, hi)
    colors = [category_color(row_category(r)) for _, r in rows.iterrows()]
    ax.barh(ys, 100, height=0.62, color="#ececec", zorder=1)
    ax.barh(ys, shown, height=0.62 * 0.6, color=colors, zorder=2, gid="progress-bar")
    for y, value, x in zip(ys, p, shown, strict=True):
        ax.text(
            max(x, 0) + 1.5,
            y,
            f"{value:.0f}%" + ("▶" if value > hi else ""),
            va="center",
            ha="left",
            fontsize=NOTE_SIZE + 0.5,
            color=TEXT_COLOR,
            zorder=5,
            path_effects=HALO,
        )


def _progress_text(ax: Axes, y: float, r: pd.Series) -> None:
    category = row_category(r)
    kind = KIND_NAMES.get(as_text(r.get("target_kind")), "目标")
    ax.plot([1.5], [y], "s", color=category_color(category), ms=6, zorder=3)
    ax.text(
        5,
        y,
        f"{kind}：{category}",
        va="center",
        ha="left",
        fontsize=TICK_SIZE,
        color=category_color(category),
        zorder=3,
        gid="no-progress",
    )


def _category_legend(fig: Figure, frame: pd.DataFrame) -> None:
    present = set(frame["category"].astype(str)) if "category" in frame else set()
    ordered = [c for c in style.CATEGORY_ORDER if c in present]
    ordered += sorted(present - set(ordered) - {"nan", "None", ""})
    handles = [Patch(color=category_color(c), label=c) for c in ordered]
    if handles:
        main_axes(fig).legend(
            handles=handles, loc="outside lower center", ncols=min(len(handles), 5)
        )


def growth_dumbbell(
    frame: pd.DataFrame, *, title: str = "已实现年均增速与剩余年份需年均增速", source: str = ""
) -> Figure:
    """Actual average growth so far vs the average growth required in the remaining years.

    Reads actual_cagr and required_growth (后三年需年均增长), with the plan's own rate
    (required_cagr) as a grey tick. Only indicators with both rates are shown, sorted by
    the acceleration needed.
    """
    with style.styled():
        return _growth_dumbbell(frame, title, source)


def _growth_dumbbell(frame: pd.DataFrame, title: str, source: str) -> Figure:
    f = frame.copy()
    f["_a"], f["_r"] = _column(f, "actual_cagr"), _column(f, "required_growth")
    f["_plan"] = _column(f, "required_cagr")  # the plan's own average rate, for reference
    f = f[np.isfinite(f["_a"]) & np.isfinite(f["_r"])]
    # Acceleration needed, in the good direction: hardest at the top.
    sign = np.where(f.get("direction", pd.Series("", index=f.index)) == "lower", -1.0, 1.0)
    f = f.assign(_gap=sign * (f["_r"] - f["_a"])).sort_values("_gap", ascending=True)
    fig, (ax,) = new_figure(_rows_height(len(f), 0.7, 3.8))
    ys = np.arange(len(f))
    for y, (_, r) in zip(ys, f.iterrows(), strict=True):
        color = SPEED_UP_COLOR if r["_gap"] > 0 else SLACK_COLOR
        ax.plot([r["_a"], r["_r"]], [y, y], color=color, lw=2.6, zorder=1, gid="dumbbell")
    if len(f):  # the markers of all rows in one line each
        ax.plot(f["_a"], ys, "o", color=ACTUAL_COLOR, ms=6.5, zorder=3)
        ax.plot(f["_r"], ys, "D", mfc="white", mec=TARGET_COLOR, mew=1.4, ms=6, zorder=3)
        rate = np.isfinite(f["_plan"].to_numpy(dtype=float))
        if rate.any():
            ax.plot(
                f["_plan"][rate],
                ys[rate],
                "|",
                color=REFERENCE_COLOR,
                ms=13,
                mew=1.6,
                zorder=2,
                gid="plan-rate",
            )
    for y, (_, r) in zip(ys, f.iterrows(), strict=True):
        _rate_labels(ax, y, float(r["_a"]), float(r["_r"]))
    if len(f):
        ax.set_yticks(ys, labels=[label_name(r) for _, r in f.iterrows()])
        values = pd.concat([f["_a"], f["_r"], f["_plan"].dropna()])
        lo, hi = min(values.min(), 0), max(values.max(), 0)
        pad = max((hi - lo) * 0.12, 1.0)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-0.7, len(f) - 0.3)
    else:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            "没有同时具备已实现增速和需年均增速的指标",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=NOTE_COLOR,
        )
    _rate_axes(ax)
    if title:
        main_axes(fig).suptitle(title, x=0.01, ha="left")
    ax.set_title(_dumbbell_subtitle(frame), loc="left", color=NOTE_COLOR, fontsize=TICK_SIZE, y=1.0)
    main_axes(fig).legend(handles=_dumbbell_handles(), loc="outside lower center", ncols=3)
    if source:
        source_line(fig, source)
    return fig


def _rate_axes(ax: Axes) -> None:
    ax.tick_params(axis="y", length=0)
    ax.axvline(0, color="#888888", lw=0.7)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    # Whole percents only: a tick at 2.5 would be labelled "2%" by the formatter.
    ax.xaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("年均增速")


def _dumbbell_subtitle(frame: pd.DataFrame) -> str:
    latest = _column(frame, "latest_year").dropna()
    base = _column(frame, "base_year").dropna()
    target = _column(frame, "target_year").dropna()
    if len(target):
        t_end = int(target.max())
        t0 = int(base.min()) if len(base) else t_end - PLAN_YEARS
    else:
        t0 = int(base.min()) if len(base) else DEFAULT_BASE_YEAR
        t_end = t0 + PLAN_YEARS
    t = int(latest.max()) if len(latest) else t0
    return (
        f"已实现：{t0 + 1}—{t}年年均；需年均：{t + 1}—{t_end}年达到目标所需；"
        "按需提速幅度由大到小排列"
    )


def _dumbbell_handles() -> list[Line2D]:
    return [
        Line2D([], [], marker="o", ls="none", color=ACTUAL_COLOR, label="已实现年均增速"),
        Line2D(
            [],
            [],
            marker="D",
            ls="none",
            mfc="white",
            mec=TARGET_COLOR,
            mew=1.4,
            label="剩余年份需年均增速",
        ),
        Line2D(
            [],
            [],
            marker="|",
            ls="none",
            color=REFERENCE_COLOR,
            ms=10,
            mew=1.6,
            label="规划目标年均增速",
        ),
        Line2D([], [], color=SPEED_UP_COLOR, lw=2.6, label="需加快"),
        Line2D([], [], color=SLACK_COLOR, lw=2.6, label="保持现有速度即可"),
    ]


SPEED_UP_COLOR = "#e8b4a6"  # connector: the remaining years must grow faster than so far
SLACK_COLOR = "#b9d3b0"  # connector: growing as fast as so far is enough


def _rate_labels(ax: Axes, y: float, actual: float, required: float) -> None:
    """The two rates of a row, each on the outer side of its marker."""
    left_is_actual = actual <= required
    for x, color, on_left in (
        (actual, ACTUAL_COLOR, left_is_actual),
        (required, TARGET_COLOR, not left_is_actual),
    ):
        ax.annotate(
            f"{fmt_rate(x)}%",
            (x, y),
            xytext=(-7 if on_left else 7, 0),
            textcoords="offset points",
            ha="right" if on_left else "left",
            va="center",
            fontsize=NOTE_SIZE + 0.5,
            color=color,
            path_effects=HALO,
        )


def category_counts(
    frame: pd.DataFrame, *, title: str = "主要指标评估结论", source: str = ""
) -> Figure:
    """Number of indicators per official category, in the official order."""
    with style.styled():
        return _category_counts(frame, title, source)


def _category_counts(frame: pd.DataFrame, title: str, source: str) -> Figure:
    cats = frame["category"].astype(str) if "category" in frame else pd.Series(dtype=str)
    binding = (
        frame["binding"].fillna(False).astype(bool)
        if "binding" in frame
        else pd.Series(False, index=frame.index)
    )
    order = list(style.category_order(set(cats)))
    order += sorted(set(cats) - set(order) - {"nan", "None", ""})
    counts = [int((cats == c).sum()) for c in order]
    bound = [int(((cats == c) & binding).sum()) for c in order]
    fig, (ax,) = new_figure(2.6 + 0.62 * len(order))
    ys = np.arange(len(order))[::-1]
    bars = ax.barh(
        ys, counts, height=0.6, color=[category_color(c) for c in order], gid="category-bars"
    )
    labels = [
        f"{c}项" + (f"（其中约束性{b}项）" if b else "") for c, b in zip(counts, bound, strict=True)
    ]
    ax.bar_label(bars, labels=labels, padding=4, fontsize=TICK_SIZE, color=TEXT_COLOR)
    ax.set_yticks(ys, labels=order)
    for tick, c in zip(ax.get_yticklabels(), order, strict=True):
        tick.set_color(category_color(c))
        tick.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, max([*counts, 1]) * 1.6 + 0.5)
    ax.xaxis.set_visible(False)  # the bar labels give the counts
    ax.spines["bottom"].set_visible(False)
    ax.grid(visible=False)
    if title:
        main_axes(fig).suptitle(title, x=0.01, ha="left")
    ax.set_title(f"共{len(frame)}项指标", loc="left", color=NOTE_COLOR, fontsize=TICK_SIZE, y=1.0)
    if source:
        source_line(fig, source)
    return fig
