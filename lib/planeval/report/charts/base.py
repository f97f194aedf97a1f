"""What every planeval chart shares: number formats, Chinese line wrapping, figure
scaffolding (titles, legend, source line, notes) and the constants of the method."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import matplotlib.patheffects as pe
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from planeval.periods import DEFAULT_TARGET_YEAR, PLAN_YEARS, ytd_span
from planeval.report.charts import pool
from planeval.report.charts.layout import FixedLayout
from planeval.report.style import (
    CM,
    FULL_WIDTH,
    NOTE_COLOR,
    NOTE_SIZE,
    TEXT_COLOR,
    TICK_SIZE,
    category_color,
    outlook_color,
)

HISTORY_YEARS = 5  # years before the base year shown: the previous plan period
DEFAULT_SOURCE = "资料来源：各部门报送数据"

COMPOUND_KINDS = {"cagr", "cagr_floor", "level", "reduction"}
GROWTH_KINDS = {"cagr", "cagr_floor", "cagr_range"}
LIMIT_KINDS = {"ceiling", "floor"}
HOLLOW_PROVENANCE = {
    "estimated": "预计数",
    "preliminary": "初步核算数",
    "ytd": "按年内累计数推算",  # 年度监测 before the year's first annual figure
}
KIND_NAMES = {  # progress chart: how a target without P is described
    "ceiling": "逐年上限",
    "floor": "逐年下限",
    "relative": "相对目标",
    "qualitative": "定性目标",
    "cumulative_total": "五年累计",
}

nan = math.nan
HALO = [pe.withStroke(linewidth=2.6, foreground="white")]  # keeps labels legible over lines
# Legend order: what happened, what is expected, what the plan asks.
LEGEND_ORDER = ("实际值", "预计数", "初步核算数", "预测值", "80%预测区间", "95%预测区间")


# --- small helpers ------------------------------------------------------------------


def as_float(value) -> float:
    """A float, or NaN for None, text and other non-numbers."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return nan
    return out


def all_finite(*values) -> bool:
    return all(math.isfinite(as_float(v)) for v in values)


def as_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def row_value(row: Mapping, key: str, default=None):
    try:
        value = row.get(key, default)
    except AttributeError:
        return default
    return default if value is None else value


def fmt_number(value: float, decimals: int | None = None) -> str:
    """A number as a report writes it: 2000, 110.4, 4.5, 0.35, -0.8."""
    v = as_float(value)
    if not math.isfinite(v):
        return "—"
    if decimals is None:
        decimals = decimals_for(abs(v))
    text = f"{v:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text


def decimals_for(magnitude: float) -> int:
    """Decimals for numbers of this size: 542, 62.0, 4.5, 0.52."""
    return 0 if magnitude >= 100 else 1 if magnitude >= 2 else 2


def fmt_target(value: float) -> str:
    """A number the plan wrote, without added zeros: 2000, 7, 4.5, 13.5."""
    v = as_float(value)
    return f"{v:.6g}" if math.isfinite(v) else "—"


def fmt_pct(value: float) -> str:
    """A target rate as written: 6%, 5.5%."""
    return f"{fmt_target(value)}%"


def fmt_rate(value: float) -> str:
    """A measured growth rate, always one decimal: 5.0, -0.8 (never -0.0)."""
    return fmt_number(value, 1)


def _visual(text: str) -> float:
    """Width in CJK characters: Latin letters, digits and ASCII punctuation count half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def wrap_name(text: str, width: int, max_lines: int = 2) -> str:
    """Break a name into balanced lines of at most `width` CJK characters.

    "全社会固定资产投资额" at width 9 gives 5 + 5, not 9 + 1; a Latin run such as
    "PM2.5" is never split. Text longer than `max_lines` lines is shortened with "…".
    """
    text = text.strip()
    if _visual(text) <= width:
        return text
    while _visual(text) > width * max_lines:
        text = text[:-2] + "…"
    lines = math.ceil(_visual(text) / width)
    share = _visual(text) / lines
    out, line = [], ""
    for i, c in enumerate(text):
        if len(out) < lines - 1 and _visual(line) >= share - 0.25 and _can_break(line, c):
            out.append(line)
            line = ""
        line += c
        if i == len(text) - 1:
            out.append(line)
    return "\n".join(out)


def _can_break(before: str, c: str) -> bool:
    """A line may end after `before` and start with `c`: not inside a Latin run such as
    "PM2.5", not before a closing mark, not after an opening one."""
    if not before:
        return False
    prev = before[-1]
    latin = ".-+/%"
    inside_latin = (prev.isascii() and (prev.isalnum() or prev in latin)) and (
        c.isascii() and (c.isalnum() or c in latin)
    )
    return not inside_latin and c not in ")）、，。：；" and prev not in "(（"


def _wrap_parts(text: str, width: int, sep: str = "　") -> str:
    """Wrap a line of `sep`-separated parts at part boundaries, `width` characters a line."""
    lines: list[str] = []
    for part in text.split(sep):
        if lines and len(lines[-1]) + len(sep) + len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return "\n".join(lines)


def _wrap_lines(text: str, width: int, slack: int = 14) -> str:
    """Wrap a long note at most `width` characters a line, after punctuation where close."""
    lines = []
    while len(text) > width:
        head = text[:width]
        cut = max(head.rfind(p) for p in "。；，）")
        cut = cut + 1 if cut >= width - slack else width
        lines.append(text[:cut])
        text = text[cut:]
    return "\n".join([*lines, text])


def label_name(row: Mapping, width: int = 11) -> str:
    """The indicator's name for an axis label: order number, wrapped to two lines."""
    name = (
        as_text(row_value(row, "name")) or as_text(row_value(row, "indicator_id")) or "未命名指标"
    )
    order = as_float(row_value(row, "order"))
    prefix = f"{int(order)}. " if math.isfinite(order) else ""
    return prefix + wrap_name(name, width)


def row_forecast_years(row: Mapping) -> list[int]:
    keys = row.keys() if hasattr(row, "keys") else []
    years = {int(m.group(1)) for k in keys if (m := re.fullmatch(r"forecast_(\d{4})", str(k)))}
    return sorted(years)


def row_target_year(row: Mapping) -> int:
    """The plan's target year (the row's target_year; else its last forecast year)."""
    given = as_float(row_value(row, "target_year"))
    if math.isfinite(given):
        return int(given)
    years = row_forecast_years(row)
    if years:
        return max(years)
    base = as_float(row_value(row, "base_year"))
    return int(base) + PLAN_YEARS if math.isfinite(base) else DEFAULT_TARGET_YEAR


def row_base_year(row: Mapping) -> int:
    """The plan's base year (the row's base_year; else five years before the target)."""
    given = as_float(row_value(row, "base_year"))
    return int(given) if math.isfinite(given) else row_target_year(row) - PLAN_YEARS


def row_period(row: Mapping) -> str:
    """The plan period's name as reports quote it (e.g. “十四五”), or 规划 when the row has none."""
    name = as_text(row_value(row, "period"))
    return f"“{name}”" if name else "规划"


def row_category(row: Mapping) -> str:
    return as_text(row_value(row, "category")) or "需人工判断"


def row_breach_years(row: Mapping) -> set[int]:
    value = row_value(row, "breach_years", "")
    if isinstance(value, str):
        return {int(y) for y in re.findall(r"\d{4}", value)}
    if isinstance(value, Sequence | np.ndarray | set):
        return {int(y) for y in value if all_finite(y)}
    return set()


def ytd_text(row: Mapping) -> str:
    """'2023年上半年累计增长5.1%' from ytd_period and ytd_growth, or ''."""
    period = as_text(row_value(row, "ytd_period"))
    growth = as_float(row_value(row, "ytd_growth"))
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", period)
    if not m or not math.isfinite(growth):
        return ""
    year, month = int(m.group(1)), int(m.group(2))
    span = ytd_span(month)
    verb = "增长" if growth >= 0 else "下降"
    return f"{year}年{span}累计{verb}{fmt_rate(abs(growth))}%"


# --- figure scaffolding -------------------------------------------------------------


def new_figure(height_cm: float, ncols: int = 1, reuse: bool = False) -> tuple[Figure, list[Axes]]:
    """A full-width figure: a main part (title, panels, legend) and a foot for the source.

    The foot is a separate subfigure so the source line never collides with a legend
    below the plot; `source_line` sizes it. `FixedLayout` places the axes when the
    figure is drawn. reuse: a figure of this frame handed back by `pool.recycle` may
    be returned, cleared (the indicator charts, of which a report draws many alike).
    """

    def make() -> Figure:
        fig = Figure(figsize=(FULL_WIDTH, height_cm * CM), layout=FixedLayout())
        grid = fig.add_gridspec(
            2, 1, height_ratios=[1, 1e-3], left=0, right=1, bottom=0, top=1, hspace=0
        )
        main = fig.add_subfigure(grid[0])
        fig.add_subfigure(grid[1])
        main.subplots(1, ncols, squeeze=False)
        return fig

    fig = pool.figure((height_cm, ncols), make) if reuse else make()
    return fig, list(fig.subfigs[0].axes)


def main_axes(fig: Figure):
    return fig.subfigs[0]


def year_axis(ax: Axes, first: int, last: int) -> None:
    """Integer year ticks from `first` to `last`, every year or every other year."""
    first = min(first, last)
    step = 1 if last - first <= 11 else 2
    ticks = [y for y in range(first, last + 1) if (last - y) % step == 0]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{round(x)}"))
    ax.set_xlim(first - 0.5, last + 0.5)


def draw_titles(
    fig: Figure, axes: list[Axes], title: str, subtitle: str, badge: str = "", outlook: str = ""
) -> None:
    """Bold title top left, the category as a coloured label top right (the outlook,
    如期实现前景, in its own colour below it), a grey subtitle."""
    main = main_axes(fig)
    main.suptitle(wrap_name(title, 30), x=0.01, ha="left")
    axes[0].set_title(
        _wrap_parts(subtitle, 52),
        loc="left",
        color=NOTE_COLOR,
        fontsize=TICK_SIZE,
        linespacing=1.4,
        y=1.0,  # a fixed position: matplotlib need not search for room above the axes
    )
    if badge:
        main.text(
            0.995,
            1 - 3 / 72 / main.get_figure(root=True).get_figheight(),
            badge,
            transform=main.transSubfigure,
            ha="right",
            va="top",
            color="white",
            fontweight="bold",
            fontsize=TICK_SIZE,
            bbox={"boxstyle": "round,pad=0.3", "fc": category_color(badge), "ec": "none"},
            gid="category-badge",
        )
    if outlook:
        height = main.get_figure(root=True).get_figheight()
        main.text(
            0.995,
            1 - (3 + TICK_SIZE * 2.1) / 72 / height,
            f"前景：{outlook}",
            transform=main.transSubfigure,
            ha="right",
            va="top",
            color="white",
            fontweight="bold",
            fontsize=TICK_SIZE - 0.5,
            bbox={"boxstyle": "round,pad=0.3", "fc": outlook_color(outlook), "ec": "none"},
            gid="outlook-badge",
        )


def source_line(fig: Figure, text: str) -> None:
    """The source note at the bottom left, below the legend."""
    text = _wrap_lines(text, 66)
    foot = fig.subfigs[1]  # FixedLayout gives it the height of the text
    foot.text(
        0.01,
        0.5,
        text,
        ha="left",
        va="center",
        fontsize=NOTE_SIZE,
        color=NOTE_COLOR,
        linespacing=1.3,
        gid="source",
    )


def draw_legend(fig: Figure, axes: list[Axes]) -> None:
    """One legend for all panels, below the plot, without duplicate labels."""
    seen: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if not label.startswith("_") and label not in seen:
                seen[label] = handle
    if not seen:
        return
    rank = {label: i for i, label in enumerate(LEGEND_ORDER)}
    labels = sorted(seen, key=lambda lb: rank.get(lb, len(rank)))
    ncols = min(len(labels), 4 if max(map(len, labels)) < 14 else 3)
    main_axes(fig).legend(
        [seen[lb] for lb in labels],
        labels,
        loc="outside lower center",
        ncols=ncols,
        columnspacing=1.6,
        handlelength=2.2,
    )


def corner_note(ax: Axes, text: str, corner: str) -> None:
    """A short note inside the axes, in a corner the data leaves free."""
    x, ha = (0.02, "left") if "left" in corner else (0.98, "right")
    y, va = (0.96, "top") if "upper" in corner else (0.04, "bottom")
    ax.text(
        x,
        y,
        text,
        transform=ax.transAxes,
        ha=ha,
        va=va,
        fontsize=TICK_SIZE,
        color=TEXT_COLOR,
        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#cccccc", "lw": 0.5},
    )


def free_corner(xs: Sequence[float], ys: Sequence[float], xlim, ylim) -> str:
    """The axes corner (of the four) with the fewest data points near it."""
    pts = [(x, y) for x, y in zip(xs, ys, strict=True) if all_finite(x, y)]
    if not pts:
        return "upper left"
    x0, x1 = xlim
    y0, y1 = ylim
    xspan, yspan = (x1 - x0) or 1, (y1 - y0) or 1
    scores = {}
    for corner in ("upper left", "upper right", "lower left", "lower right"):
        cx = 0.0 if "left" in corner else 1.0
        cy = 1.0 if "upper" in corner else 0.0
        scores[corner] = sum(
            1
            for x, y in pts
            if abs((x - x0) / xspan - cx) < 0.45 and abs((y - y0) / yspan - cy) < 0.35
        )
    order = ("upper left", "lower right", "upper right", "lower left")
    return min(order, key=lambda c: scores[c])
