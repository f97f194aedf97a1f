"""Charts of the mid-term evaluation: one per indicator, and overviews of the whole plan.

Every function returns a `matplotlib.figure.Figure` (no pyplot state) built under the
planeval style; write it with `planeval.style.save(fig, path)`.

`indicator_chart` reads one row of the assessment frame (`planeval.assess.assess_plan`)
and the indicator's annual history (columns year, value, provenance and optionally
growth). The overview charts read the whole frame.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, PercentFormatter

from planeval import style
from planeval.style import (
    ACTUAL_COLOR,
    CM,
    FORECAST_COLOR,
    FULL_WIDTH,
    NOTE_COLOR,
    NOTE_SIZE,
    REFERENCE_COLOR,
    TARGET_COLOR,
    TEXT_COLOR,
    TICK_SIZE,
    category_color,
)

__all__ = ["category_counts", "growth_dumbbell", "indicator_chart", "progress_chart"]

TARGET_YEAR = 2025
HISTORY_YEARS = 5  # years before the base year shown: the previous plan period
DEFAULT_SOURCE = "资料来源：各部门报送数据"

COMPOUND_KINDS = {"cagr", "cagr_floor", "level", "reduction"}
GROWTH_KINDS = {"cagr", "cagr_floor", "cagr_range"}
LIMIT_KINDS = {"ceiling", "floor"}
HOLLOW_PROVENANCE = {"estimated": "预计数", "preliminary": "初步核算数"}
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


def _num(value) -> float:
    """A float, or NaN for None, text and other non-numbers."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return nan
    return out


def _finite(*values) -> bool:
    return all(math.isfinite(_num(v)) for v in values)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _get(row: Mapping, key: str, default=None):
    try:
        value = row.get(key, default)
    except AttributeError:
        return default
    return default if value is None else value


def _fmt(value: float, decimals: int | None = None) -> str:
    """A number as a report writes it: 2000, 110.4, 4.5, 0.35, -0.8."""
    v = _num(value)
    if not math.isfinite(v):
        return "—"
    if decimals is None:
        decimals = _decimals(abs(v))
    text = f"{v:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _decimals(magnitude: float) -> int:
    """Decimals for numbers of this size: 542, 62.0, 4.5, 0.52."""
    return 0 if magnitude >= 100 else 1 if magnitude >= 2 else 2


def _fmt_target(value: float) -> str:
    """A number the plan wrote, without added zeros: 2000, 7, 4.5, 13.5."""
    v = _num(value)
    return f"{v:.6g}" if math.isfinite(v) else "—"


def _pct(value: float) -> str:
    """A target rate as written: 6%, 5.5%."""
    return f"{_fmt_target(value)}%"


def _rate(value: float) -> str:
    """A measured growth rate, always one decimal: 5.0, -0.8 (never -0.0)."""
    return _fmt(value, 1)


def _visual(text: str) -> float:
    """Width in CJK characters: Latin letters, digits and ASCII punctuation count half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _wrap(text: str, width: int, max_lines: int = 2) -> str:
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


def _label_name(row: Mapping, width: int = 11) -> str:
    """The indicator's name for an axis label: order number, wrapped to two lines."""
    name = _text(_get(row, "name")) or _text(_get(row, "indicator_id")) or "未命名指标"
    order = _num(_get(row, "order"))
    prefix = f"{int(order)}. " if math.isfinite(order) else ""
    return prefix + _wrap(name, width)


def _forecast_years(row: Mapping) -> list[int]:
    keys = row.keys() if hasattr(row, "keys") else []
    years = {int(m.group(1)) for k in keys if (m := re.fullmatch(r"forecast_(\d{4})", str(k)))}
    return sorted(years)


def _target_year(row: Mapping) -> int:
    years = _forecast_years(row)
    return max([TARGET_YEAR, *years])


def _category(row: Mapping) -> str:
    return _text(_get(row, "category")) or "需人工判断"


def _breach_years(row: Mapping) -> set[int]:
    value = _get(row, "breach_years", "")
    if isinstance(value, str):
        return {int(y) for y in re.findall(r"\d{4}", value)}
    if isinstance(value, Sequence | np.ndarray | set):
        return {int(y) for y in value if _finite(y)}
    return set()


def _ytd_text(row: Mapping) -> str:
    """'2023年上半年累计增长5.1%' from ytd_period and ytd_growth, or ''."""
    period = _text(_get(row, "ytd_period"))
    growth = _num(_get(row, "ytd_growth"))
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", period)
    if not m or not math.isfinite(growth):
        return ""
    year, month = int(m.group(1)), int(m.group(2))
    span = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}.get(month, f"1—{month}月")
    verb = "增长" if growth >= 0 else "下降"
    return f"{year}年{span}累计{verb}{_rate(abs(growth))}%"


# --- figure scaffolding -------------------------------------------------------------


_GRIDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # figure -> main/foot grid


def _figure(height_cm: float, ncols: int = 1) -> tuple[Figure, list[Axes]]:
    """A full-width figure: a main part (title, panels, legend) and a foot for the source.

    The foot is a separate subfigure so the source line never collides with a legend
    below the plot; `_source_line` sizes it.
    """
    fig = Figure(figsize=(FULL_WIDTH, height_cm * CM), layout="constrained")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=3 / 72, wspace=0.06)
    grid = fig.add_gridspec(2, 1, height_ratios=[1, 1e-3])
    _GRIDS[fig] = grid
    main = fig.add_subfigure(grid[0])
    fig.add_subfigure(grid[1])
    axes = main.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def _main(fig: Figure):
    return fig.subfigs[0]


def _year_axis(ax: Axes, first: int, last: int) -> None:
    """Integer year ticks from `first` to `last`, every year or every other year."""
    first = min(first, last)
    step = 1 if last - first <= 11 else 2
    ticks = [y for y in range(first, last + 1) if (last - y) % step == 0]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{round(x)}"))
    ax.set_xlim(first - 0.5, last + 0.5)


def _titles(fig: Figure, axes: list[Axes], title: str, subtitle: str, badge: str = "") -> None:
    """Bold title top left, the category as a coloured label top right, a grey subtitle."""
    main = _main(fig)
    main.suptitle(_wrap(title, 30), x=0.01, ha="left")
    axes[0].set_title(
        _wrap_parts(subtitle, 52),
        loc="left",
        color=NOTE_COLOR,
        fontsize=TICK_SIZE,
        linespacing=1.4,
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


def _source_line(fig: Figure, text: str) -> None:
    """The source note at the bottom left, below the legend."""
    text = _wrap_lines(text, 66)
    foot = fig.subfigs[1]
    lines = text.count("\n") + 1
    foot_in = (lines * NOTE_SIZE * 1.3 + 2) / 72
    total = fig.get_figheight()
    _GRIDS[fig].set_height_ratios([total - foot_in, foot_in])
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


def _legend(fig: Figure, axes: list[Axes]) -> None:
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
    _main(fig).legend(
        [seen[lb] for lb in labels],
        labels,
        loc="outside lower center",
        ncols=ncols,
        columnspacing=1.6,
        handlelength=2.2,
    )


def _note(ax: Axes, text: str, corner: str) -> None:
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


def _free_corner(xs: Sequence[float], ys: Sequence[float], xlim, ylim) -> str:
    """The axes corner (of the four) with the fewest data points near it."""
    pts = [(x, y) for x, y in zip(xs, ys, strict=True) if _finite(x, y)]
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


# --- indicator chart: data ------------------------------------------------------------


@dataclass
class _Actual:
    """The actual series as plotted (nominal levels, or real levels at base-year prices)."""

    years: np.ndarray
    values: np.ndarray
    provenance: np.ndarray
    real: bool = False

    @property
    def empty(self) -> bool:
        return len(self.years) == 0

    @property
    def last(self) -> tuple[int, float]:
        return int(self.years[-1]), float(self.values[-1])

    def at(self, year: int) -> float:
        hit = self.values[self.years == year]
        return float(hit[0]) if len(hit) else nan


@dataclass
class _Chart:
    """What the drawing functions of one indicator chart share."""

    row: Mapping
    kind: str
    base_year: int
    target_year: int
    base_value: float
    actual: _Actual
    unit: str
    notes: list[str] = field(default_factory=list)  # for the source line
    points: list[tuple[float, float]] = field(default_factory=list)  # drawn data, for notes
    labels: list = field(default_factory=list)  # target labels placed after drawing
    decimals: int = 1  # one precision for every value label of the chart

    def fmt(self, value: float) -> str:
        return _fmt(value, self.decimals)


def _clean_history(history: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["year", "value", "provenance", "growth"]
    if history is None or len(history) == 0:
        return pd.DataFrame(columns=cols)
    h = history.copy()
    if "provenance" not in h:
        h["provenance"] = "official"
    if "growth" not in h:
        h["growth"] = nan
    h["year"] = pd.to_numeric(h["year"], errors="coerce")
    h["value"] = pd.to_numeric(h["value"], errors="coerce")
    h["growth"] = pd.to_numeric(h["growth"], errors="coerce")
    h = h.dropna(subset=["year"])
    h["year"] = h["year"].astype(int)
    h = h.sort_values("year").drop_duplicates("year", keep="last")
    return h[cols].reset_index(drop=True)


def _actual(row: Mapping, kind: str, hist: pd.DataFrame, base_year: int) -> _Actual:
    """Nominal levels, or real levels (base-year prices) for a 可比价 growth target."""
    levels = hist.dropna(subset=["value"])
    nominal = _Actual(
        levels["year"].to_numpy(int),
        levels["value"].to_numpy(float),
        levels["provenance"].astype(str).to_numpy(),
    )
    if not (bool(_get(row, "real_growth", False)) and kind in GROWTH_KINDS):
        return nominal
    real = _real_levels(hist, base_year, _num(_get(row, "base_value")))
    if real is None:
        return nominal
    prov = dict(zip(hist["year"], hist["provenance"].astype(str), strict=True))
    years = np.array(sorted(real), dtype=int)
    return _Actual(
        years,
        np.array([real[y] for y in years], dtype=float),
        np.array([prov.get(y, "official") for y in years]),
        real=True,
    )


def _real_levels(hist: pd.DataFrame, base_year: int, base_value: float) -> dict | None:
    """Levels at base-year prices chained from the base by reported real growth rates."""
    growth = dict(zip(hist["year"], hist["growth"], strict=True))
    values = dict(zip(hist["year"], hist["value"], strict=True))
    base = base_value if math.isfinite(base_value) else _num(values.get(base_year))
    last = int(hist["year"].max()) if len(hist) else base_year
    after = range(base_year + 1, last + 1)
    if (
        not math.isfinite(base)
        or last <= base_year
        or not all(_finite(growth.get(y)) for y in after)
    ):
        return None
    levels = {base_year: base}
    for y in after:
        levels[y] = levels[y - 1] * (1 + growth[y] / 100)
    y = base_year
    while _finite(growth.get(y)) and (y - 1) in values:
        levels[y - 1] = levels[y] / (1 + growth[y] / 100)
        y -= 1
    return levels


def _target_2025(chart: _Chart) -> float:
    """The 2025 level the plan implies (the row's target_2025, else derived).

    For a range this is the bound that counts as meeting it, as in the assessment.
    """
    row, v0, n = chart.row, chart.base_value, chart.target_year - chart.base_year
    given = _num(_get(row, "target_2025"))
    if math.isfinite(given):
        return given
    value = _num(_get(row, "target_value"))
    if chart.kind in {"cagr", "cagr_floor"}:
        return v0 * (1 + value / 100) ** n
    if chart.kind == "reduction":
        return v0 * (1 - value / 100)
    if chart.kind in {"level", "pp_level"}:
        return value
    if chart.kind == "cagr_range":  # the bound that counts as meeting the target
        lower = _text(_get(row, "direction")) == "lower"
        bound = _num(_get(row, "target_high" if lower else "target_low"))
        return v0 * (1 + bound / 100) ** n
    return nan


def _path(v0: float, v1: float, t0: int, t1: int, log: bool) -> tuple[np.ndarray, np.ndarray]:
    """The planned path from (t0, v0) to (t1, v1): compound when possible, else linear."""
    xs = np.linspace(t0, t1, 6 * (t1 - t0) + 1)
    share = (xs - t0) / (t1 - t0)
    if log and v0 > 0 and v1 > 0:
        return xs, v0 * (v1 / v0) ** share
    return xs, v0 + (v1 - v0) * share


# --- indicator chart: drawing -------------------------------------------------------


def _draw_actual(ax: Axes, chart: _Chart, label: str = "实际值") -> None:
    a = chart.actual
    if a.empty:
        return
    ax.plot(a.years, a.values, color=ACTUAL_COLOR, lw=1.8, zorder=4, gid="actual")
    hollow = np.isin(a.provenance, list(HOLLOW_PROVENANCE))
    ax.plot(
        a.years[~hollow], a.values[~hollow], "o", color=ACTUAL_COLOR, ms=4.5, zorder=5, label=label
    )
    if hollow.any():
        kinds = [HOLLOW_PROVENANCE[p] for p in dict.fromkeys(a.provenance[hollow])]
        ax.plot(
            a.years[hollow],
            a.values[hollow],
            "o",
            mfc="white",
            mec=ACTUAL_COLOR,
            mew=1.4,
            ms=5,
            zorder=5,
            label="、".join(kinds),
            gid="estimated",
        )
        for p in dict.fromkeys(a.provenance[hollow]):
            years = "、".join(str(y) for y in a.years[a.provenance == p])
            chart.notes.append(f"{years}年为{HOLLOW_PROVENANCE[p]}")
    chart.points += list(zip(a.years, a.values, strict=True))
    _label_point(ax, chart, *a.last, color=ACTUAL_COLOR, above=True)
    base = a.at(chart.base_year)
    if math.isfinite(base) and a.last[0] != chart.base_year:
        _label_point(ax, chart, chart.base_year, base, color=ACTUAL_COLOR, above=True)


def _label_point(
    ax: Axes,
    chart: _Chart,
    x: float,
    y: float,
    *,
    color: str,
    above: bool = True,
    text: str | None = None,
    ha: str = "center",
) -> None:
    ax.annotate(
        text or chart.fmt(y),
        (x, y),
        xytext=(0, 6 if above else -6),
        textcoords="offset points",
        ha=ha,
        va="bottom" if above else "top",
        fontsize=NOTE_SIZE + 0.5,
        color=color,
        zorder=6,
        path_effects=HALO,
    )


def _label_right(ax: Axes, chart: _Chart, x: float, y: float, color: str) -> None:
    """A value label right of the last point (the x axis leaves room for it)."""
    ax.annotate(
        chart.fmt(y),
        (x, y),
        xytext=(6, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=NOTE_SIZE + 0.5,
        color=color,
        zorder=6,
        path_effects=HALO,
    )


def _draw_forecast(ax: Axes, chart: _Chart) -> None:
    """Dotted point forecast from the last actual value with 80 % and 95 % fans."""
    a, row = chart.actual, chart.row
    if a.empty:
        return
    # A constant-price chart shows the forecast at base-year prices (real_* columns).
    p = "real_" if a.real else ""
    x0, v0 = a.last
    years = [y for y in _forecast_years(row) if y > x0 and _finite(_get(row, f"{p}forecast_{y}"))]
    if not years:
        if a.real and any(_finite(_get(row, f"forecast_{y}")) for y in _forecast_years(row)):
            chart.notes.append("预测为现价口径，未在可比价图中显示")
        return
    xs = [x0, *years]
    point = [v0, *(_num(row[f"{p}forecast_{y}"]) for y in years)]
    for level, alpha in ((95, 0.13), (80, 0.26)):
        lo = [_num(_get(row, f"{p}lo{level}_{y}")) for y in years]
        hi = [_num(_get(row, f"{p}hi{level}_{y}")) for y in years]
        if all(map(math.isfinite, lo + hi)):
            ax.fill_between(
                xs,
                [v0, *lo],
                [v0, *hi],
                color=FORECAST_COLOR,
                alpha=alpha,
                lw=0,
                label=f"{level}%预测区间",
                gid=f"fan{level}",
                zorder=1,
            )
            chart.points += list(zip(years, lo, strict=True)) + list(zip(years, hi, strict=True))
    ax.plot(
        xs,
        point,
        ":",
        color=FORECAST_COLOR,
        lw=2,
        marker="o",
        ms=3.5,
        mfc=FORECAST_COLOR,
        markevery=list(range(1, len(xs))),
        label="预测值",
        gid="forecast",
        zorder=3,
    )
    chart.points += list(zip(years, point[1:], strict=True))
    _label_right(ax, chart, xs[-1], point[-1], FORECAST_COLOR)
    model = _text(_get(row, "model"))
    chart.notes.append(f"预测为模型估计（{model}）" if model else "预测为模型估计")


def _target_label(chart: _Chart, v_t: float) -> str:
    value = _num(_get(chart.row, "target_value"))
    if chart.kind == "cagr":
        return f"目标路径（年均增长{_pct(value)}）"
    if chart.kind == "cagr_floor":
        return f"目标路径（年均增长{_pct(value)}以上）"
    if chart.kind == "reduction":
        return f"目标路径（累计下降{_pct(value)}）"
    return f"目标路径（{chart.target_year}年达到{_target_number(chart, v_t)}）"


def _cagr(start: float, end: float, years: int) -> float:
    """Average annual growth in % from start to end, NaN unless both are positive."""
    if not (start > 0 and end > 0 and years > 0):
        return nan
    return ((end / start) ** (1 / years) - 1) * 100


def _draw_required(ax: Axes, chart: _Chart) -> None:
    """From the latest value to the 2025 target: the pace the remaining years need."""
    row, a = chart.row, chart.actual
    target = _target_2025(chart)
    if a.empty or not math.isfinite(target):
        return
    t, v_t = a.last
    left = chart.target_year - t
    if left <= 0 or t != int(_num(_get(row, "latest_year", t))):
        return
    span = f"{t + 1}—{chart.target_year}年" if left > 1 else f"{chart.target_year}年"
    if chart.kind == "pp_level":
        pace = (target - v_t) / left
        verb = "提高" if pace >= 0 else "降低"
        label = f"{span}需年均{verb}{_rate(abs(pace))}个百分点"
    else:
        pace = _num(_get(row, "required_growth"))
        if not math.isfinite(pace):
            pace = _cagr(v_t, target, left)
        if not math.isfinite(pace):
            return
        verb = "增长" if pace >= 0 else "下降"
        label = f"{span}需年均{verb}{_rate(abs(pace))}%"
    xs, ys = _path(v_t, target, t, chart.target_year, log=chart.kind != "pp_level")
    ax.plot(
        xs,
        ys,
        "-.",
        color=TARGET_COLOR,
        lw=1.0,
        alpha=0.85,
        label=label,
        gid="required-path",
        zorder=2,
    )


def _draw_path_target(ax: Axes, chart: _Chart) -> None:
    """cagr, cagr_floor, level, reduction (compound) and pp_level (linear) paths."""
    v0, v_t = chart.base_value, _target_2025(chart)
    if not _finite(v0, v_t):
        chart.notes.append("缺少基期值或目标值，未绘制目标路径")
        return
    log = chart.kind in COMPOUND_KINDS
    xs, ys = _path(v0, v_t, chart.base_year, chart.target_year, log)
    ax.plot(
        xs,
        ys,
        "--",
        color=TARGET_COLOR,
        lw=1.3,
        label=_target_label(chart, v_t),
        gid="target-path",
        zorder=2,
    )
    _target_star(ax, chart, v_t, f"{chart.target_year}年目标 {_target_number(chart, v_t)}")


def _target_number(chart: _Chart, value: float) -> str:
    """A level the plan wrote (2000, 65) as written; a derived one at the chart's precision."""
    written = _num(_get(chart.row, "target_value"))
    if chart.kind in {"level", "pp_level"} and math.isclose(written, value, rel_tol=1e-9):
        return _fmt_target(value)
    return chart.fmt(value)


def _target_star(
    ax: Axes, chart: _Chart, value: float, text: str, span: tuple[float, float] | None = None
) -> None:
    """A star at the 2025 target; its label is placed once the panel is drawn.

    `span` is the (low, high) of a target range: the label goes beside the whole range.
    """
    ax.plot(
        [chart.target_year], [value], "*", color=TARGET_COLOR, ms=11, zorder=6, gid="target-star"
    )
    chart.labels.append((ax, chart.target_year, span or (value, value), text))
    chart.points.append((chart.target_year, value))


# Label positions around a point, in order of preference: (dx, dy) in points, ha, va.
_LABEL_SPOTS = (
    ((-9, 0), "right", "center"),
    ((-5, 8), "right", "bottom"),
    ((-5, -8), "right", "top"),
    ((0, 11), "center", "bottom"),
    ((0, -11), "center", "top"),
)


def _place_labels(chart: _Chart) -> None:
    """Put each pending target label where it crosses the fewest drawn lines."""
    for ax, x, (low, high), text in chart.labels:
        ax.get_xlim(), ax.get_ylim()  # settle autoscaling before measuring
        obstacles = _line_samples(ax)
        best = min(
            _LABEL_SPOTS,
            key=lambda spot: _label_hits(ax, obstacles, x, low, high, text, spot),
        )
        (dx, dy), ha, va = best
        anchor = high if dy > 0 else low if dy < 0 else (low + high) / 2
        ax.annotate(
            text,
            (x, anchor),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=NOTE_SIZE + 0.5,
            color=TARGET_COLOR,
            zorder=7,
            path_effects=HALO,
            gid="target-label",
        )
    chart.labels.clear()


def _line_samples(ax: Axes) -> np.ndarray:
    """Points (display coordinates) densely sampled along every line and band edge."""
    paths = [line.get_xydata() for line in ax.lines]
    for coll in ax.collections:
        paths += [p.vertices for p in coll.get_paths()]
    samples = []
    for xy in paths:
        xy = np.asarray(xy, dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) == 0:
            continue
        t = np.linspace(0, len(xy) - 1, 12 * len(xy))
        dense = np.column_stack(
            [np.interp(t, np.arange(len(xy)), xy[:, 0]), np.interp(t, np.arange(len(xy)), xy[:, 1])]
        )
        samples.append(ax.transData.transform(dense))
    return np.vstack(samples) if samples else np.empty((0, 2))


def _label_hits(ax, obstacles, x, low, high, text, spot) -> float:
    """How many sampled line points a label at `spot` would cover (+ a penalty off the axes)."""
    (dx, dy), ha, va = spot
    anchor = high if dy > 0 else low if dy < 0 else (low + high) / 2
    px = ax.figure.dpi / 72
    width = sum(1.0 if ord(c) > 0x2E80 else 0.58 for c in text) * (NOTE_SIZE + 0.5) * px
    height = (NOTE_SIZE + 0.5) * 1.25 * px
    ax0, ay0 = ax.transData.transform((x, anchor))
    x0 = ax0 + dx * px - {"right": width, "center": width / 2, "left": 0}[ha]
    y0 = ay0 + dy * px - {"top": height, "center": height / 2, "bottom": 0}[va]
    inside = (
        (obstacles[:, 0] > x0 - 2)
        & (obstacles[:, 0] < x0 + width + 2)
        & (obstacles[:, 1] > y0 - 2)
        & (obstacles[:, 1] < y0 + height + 2)
    )
    box = ax.get_window_extent()
    off = y0 < box.y0 or y0 + height > box.y1 or x0 < box.x0
    return float(inside.sum()) + (1000.0 if off else 0.0)


def _draw_range_target(ax: Axes, chart: _Chart) -> None:
    row, v0, n = chart.row, chart.base_value, chart.target_year - chart.base_year
    low, high = _num(_get(row, "target_low")), _num(_get(row, "target_high"))
    if not _finite(v0, low, high):
        chart.notes.append("缺少基期值或目标区间，未绘制目标区间")
        return
    xs = np.linspace(chart.base_year, chart.target_year, 6 * n + 1)
    lo_path = v0 * (1 + low / 100) ** (xs - chart.base_year)
    hi_path = v0 * (1 + high / 100) ** (xs - chart.base_year)
    label = f"目标区间（年均增长{_pct(low)}—{_pct(high)}）"
    ax.fill_between(
        xs,
        lo_path,
        hi_path,
        color=TARGET_COLOR,
        alpha=0.12,
        lw=0,
        label=label,
        gid="target-band",
        zorder=1,
    )
    for ys in (lo_path, hi_path):
        ax.plot(xs, ys, "--", color=TARGET_COLOR, lw=0.9, zorder=2, gid="target-path")
    text = f"{chart.target_year}年目标 {chart.fmt(lo_path[-1])}—{chart.fmt(hi_path[-1])}"
    ends = sorted((lo_path[-1], hi_path[-1]))
    _target_star(ax, chart, sum(ends) / 2, text, span=(ends[0], ends[1]))


def _draw_limit(ax: Axes, chart: _Chart) -> None:
    value = _num(_get(chart.row, "target_value"))
    if not math.isfinite(value):
        chart.notes.append("缺少限值，未绘制")
        return
    word = "上限" if chart.kind == "ceiling" else "下限"
    ax.axhline(
        value,
        ls="--",
        color=TARGET_COLOR,
        lw=1.3,
        label=f"逐年{word}",
        gid="target-limit",
        zorder=2,
    )
    ax.annotate(  # right of the plot area, where no data can be under it
        f"{word}\n{_fmt_target(value)}",
        (1, value),
        xycoords=("axes fraction", "data"),
        xytext=(3, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=NOTE_SIZE + 0.5,
        color=TARGET_COLOR,
        linespacing=1.1,
        annotation_clip=False,
        gid="limit-label",
    )
    chart.points.append((chart.target_year, value))
    _mark_breaches(ax, chart, word)


def _mark_breaches(ax: Axes, chart: _Chart, word: str) -> None:
    a = chart.actual
    years = sorted(_breach_years(chart.row) & set(a.years.tolist()))
    if years:
        ax.plot(
            years,
            [a.at(y) for y in years],
            "o",
            ms=10,
            mfc="none",
            mec=TARGET_COLOR,
            mew=1.2,
            zorder=6,
            label=f"突破{word}年份",
            gid="breach",
        )


def _draw_assigned(ax: Axes, chart: _Chart, assigned: pd.DataFrame | None) -> None:
    """Qualitative targets: a step line of the yearly values assigned from above."""
    if assigned is None or len(assigned) == 0:
        chart.notes.append("定性目标，需人工判断")
        return
    a = assigned.dropna(subset=["value"]).astype({"year": int}).set_index("year")["value"]
    if a.empty:
        chart.notes.append("定性目标，需人工判断")
        return
    years = np.arange(a.index.min(), a.index.max() + 1)
    values = a.reindex(years).to_numpy(float)  # NaN leaves a gap for a missing year
    word = "上限" if _text(_get(chart.row, "direction")) == "lower" else "下限"
    edges = np.append(years - 0.5, years[-1] + 0.5)
    ax.stairs(
        values,
        edges,
        baseline=None,
        ls="--",
        color=TARGET_COLOR,
        lw=1.3,
        label=f"上级下达指标（逐年{word}）",
        gid="target-assigned",
        zorder=2,
    )
    chart.points += [(y, v) for y, v in zip(years, values, strict=True) if math.isfinite(v)]
    _mark_breaches(ax, chart, word)


def _ytd_note(ax: Axes, chart: _Chart) -> None:
    text = _ytd_text(chart.row)
    if text:
        corner = (
            _free_corner(*zip(*chart.points, strict=True), ax.get_xlim(), ax.get_ylim())
            if chart.points
            else "upper left"
        )
        _note(ax, text, corner)


def _level_panel(ax: Axes, chart: _Chart, assigned: pd.DataFrame | None) -> None:
    """Actual, target and forecast levels on one axes."""
    _draw_actual(ax, chart)
    if chart.kind in COMPOUND_KINDS or chart.kind == "pp_level":
        _draw_path_target(ax, chart)
    elif chart.kind == "cagr_range":
        _draw_range_target(ax, chart)
    if chart.kind in COMPOUND_KINDS | {"pp_level", "cagr_range"}:
        _draw_required(ax, chart)
    elif chart.kind in LIMIT_KINDS:
        _draw_limit(ax, chart)
    elif chart.kind == "qualitative":
        _draw_assigned(ax, chart, assigned)
    _draw_forecast(ax, chart)
    if chart.actual.empty:
        ax.text(
            0.5, 0.5, "暂无数据", transform=ax.transAxes, ha="center", va="center", color=NOTE_COLOR
        )
        if not chart.points:
            ax.set_yticks([])  # an empty axis has no meaningful scale
    _level_axes(ax, chart)


def _level_axes(ax: Axes, chart: _Chart, first: int | None = None) -> None:
    """Year axis from the first year shown to 2025, with room right for the last label."""
    if first is None:
        first = int(chart.actual.years[0]) if not chart.actual.empty else chart.base_year
    _year_axis(ax, min(first, chart.base_year), chart.target_year)
    left, right = ax.get_xlim()
    ax.set_xlim(left, right + 0.4)
    ax.margins(y=0.12)


def _unit_text(chart: _Chart) -> str:
    unit = chart.unit or "—"
    if chart.actual.real:
        return f"单位：{unit}（{chart.base_year}年价格）"
    return f"单位：{unit}"


def _cumulative_panels(axes: list[Axes], chart: _Chart) -> None:
    """cumulative_total: yearly values (left) and the running sum vs the plan (right)."""
    left, right = axes
    total = _num(_get(chart.row, "target_value"))
    n = chart.target_year - chart.base_year
    a = chart.actual
    since = a.years >= chart.base_year
    chart.actual = _Actual(a.years[since], a.values[since], a.provenance[since], a.real)
    _draw_actual(left, chart)
    _draw_forecast(left, chart)
    if math.isfinite(total):
        left.axhline(
            total / n,
            ls="--",
            color=TARGET_COLOR,
            lw=1.1,
            gid="target-limit",
            label=f"按目标年均 {chart.fmt(total / n)}",
        )
    _level_axes(left, chart, first=chart.base_year)
    left.set_ylabel("逐年完成额")
    _cumulative_right(right, chart, total)


def _cumulative_right(ax: Axes, chart: _Chart, total: float) -> None:
    t0, t1 = chart.base_year, chart.target_year
    a = chart.actual
    years = [y for y in a.years if t0 < y <= t1]
    done = np.cumsum([a.at(y) for y in years]) if years else np.array([])
    if len(years):
        ax.plot(
            [t0, *years],
            [0, *done],
            "-o",
            color=ACTUAL_COLOR,
            lw=1.8,
            ms=4.5,
            markevery=list(range(1, len(years) + 1)),
            gid="cumulative",
            label="实际值",
        )
        _label_point(ax, chart, years[-1], done[-1], color=ACTUAL_COLOR, above=True)
        _cumulative_forecast(ax, chart, years[-1], float(done[-1]))
    if math.isfinite(total):
        xs = np.arange(t0, t1 + 1)
        ax.plot(
            xs,
            total * (xs - t0) / (t1 - t0),
            "--",
            color=TARGET_COLOR,
            lw=1.3,
            label=f"目标路径（五年累计{_fmt_target(total)}）",
            gid="target-path",
        )
        ax.plot([t1], [total], "*", color=TARGET_COLOR, ms=11, gid="target-star", zorder=6)
        chart.labels.append((ax, t1, (total, total), f"五年累计目标 {_fmt_target(total)}"))
    _level_axes(ax, chart, first=t0)
    ax.set_ylabel("累计完成额")


def _cumulative_forecast(ax: Axes, chart: _Chart, last: int, done: float) -> None:
    """Running sum of the forecasts; fans as sums of yearly quantiles (comonotone errors)."""
    row = chart.row
    years = [y for y in _forecast_years(row) if y > last and _finite(_get(row, f"forecast_{y}"))]
    if not years:
        return
    xs = [last, *years]
    for level, alpha in ((95, 0.13), (80, 0.26)):
        lo = [_num(_get(row, f"lo{level}_{y}")) for y in years]
        hi = [_num(_get(row, f"hi{level}_{y}")) for y in years]
        if all(map(math.isfinite, lo + hi)):
            ax.fill_between(
                xs,
                [done, *(done + np.cumsum(lo))],
                [done, *(done + np.cumsum(hi))],
                color=FORECAST_COLOR,
                alpha=alpha,
                lw=0,
                gid=f"fan{level}",
                label=f"{level}%预测区间",
                zorder=1,
            )
    cum = done + np.cumsum([_num(row[f"forecast_{y}"]) for y in years])
    ax.plot(xs, [done, *cum], ":", color=FORECAST_COLOR, lw=2, label="预测值", gid="forecast")
    _label_right(ax, chart, xs[-1], cum[-1], FORECAST_COLOR)


def _growth_rates(hist: pd.DataFrame) -> pd.Series:
    """Yearly growth in %: the reported (real) rate where given, else from levels."""
    if len(hist) == 0:
        return pd.Series(dtype=float)
    s = hist.set_index("year")
    prev = s["value"].shift(1)
    consecutive = s.index.to_series().diff() == 1
    from_levels = (s["value"] / prev - 1) * 100
    from_levels[~consecutive | ~(prev > 0)] = nan
    return s["growth"].where(s["growth"].notna(), from_levels).dropna()


def _relative_panel(
    ax: Axes, chart: _Chart, hist: pd.DataFrame, reference: pd.DataFrame, reference_name: str
) -> None:
    """Year-by-year growth of the indicator beside its reference's."""
    own, ref = _growth_rates(hist), _growth_rates(_clean_history(reference))
    years = sorted(set(own.index) & set(ref.index))
    years = [y for y in years if y >= chart.base_year - 2]
    width = 0.36
    for series, dx, color, label, gid in (
        (own, -width / 2, ACTUAL_COLOR, _text(_get(chart.row, "name")) or "本指标", "growth-own"),
        (ref, width / 2, REFERENCE_COLOR, reference_name, "growth-reference"),
    ):
        values = [float(series[y]) for y in years]
        bars = ax.bar(
            [y + dx for y in years],
            values,
            width,
            color=color,
            label=f"{label}增速",
            gid=gid,
            zorder=3,
        )
        ax.bar_label(
            bars, labels=[_rate(v) for v in values], fontsize=NOTE_SIZE, padding=2, color=color
        )
    ax.axhline(0, color="#888888", lw=0.6)
    if years and min(years) <= chart.base_year:
        ax.axvline(chart.base_year + 0.5, color="#aaaaaa", lw=0.8, ls=":")
        ax.annotate(
            "“十四五”时期",
            (chart.base_year + 0.5, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -2),
            textcoords="offset points",
            va="top",
            fontsize=NOTE_SIZE,
            color=NOTE_COLOR,
        )
    if years:
        _year_axis(ax, min(years), max(years))
    ax.margins(y=0.15)
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.12 * (high - low))  # headroom for the period label
    chart.points += [(y, float(own[y])) for y in years]
    if not years:
        ax.text(
            0.5,
            0.5,
            "暂无可比较的增速数据",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=NOTE_COLOR,
        )


def _subtitle(chart: _Chart, *extra: str) -> str:
    """Unit, attribute, the target as written and the secondary scale, on one line."""
    row = chart.row
    attribute = _text(_get(row, "attribute"))
    target = _text(_get(row, "target_text"))
    secondary = _text(_get(row, "secondary"))
    parts = [
        _unit_text(chart),
        f"{attribute}指标" if attribute else "",
        f"规划目标：{target}" if target else "",
        f"按增速评价：{secondary}" if secondary and secondary != "不适用" else "",
        *extra,
    ]
    return "　".join(p for p in parts if p)


def _base_note(chart: _Chart) -> None:
    printed, revised = _num(_get(chart.row, "base_printed")), _num(_get(chart.row, "base_revised"))
    if _finite(printed, revised) and abs(printed - revised) > 1e-9:
        chart.notes.append(
            f"{chart.base_year}年基数按调整后口径{_fmt_target(revised)}"
            f"（规划文本为{_fmt_target(printed)}）"
        )


def _source_text(source: str, notes: list[str]) -> str:
    head = source.strip().rstrip("。；;")
    notes = list(dict.fromkeys(n for n in notes if n))
    return head + ("；" + "。".join(notes) if notes else "") + "。"


def indicator_chart(
    row: Mapping,
    history: pd.DataFrame | None,
    *,
    source: str = DEFAULT_SOURCE,
    reference: pd.DataFrame | None = None,
    reference_name: str = "参照指标",
    assigned: pd.DataFrame | None = None,
) -> Figure:
    """The chart of one indicator: actual, target path, forecast fan, 2025 target.

    row: one row of the assessment frame. history: the indicator's annual values
    (year, value, provenance[, growth]). reference: the reference indicator's history,
    for relative targets (growth rates are compared year by year). assigned: values
    assigned from above (year, value), for qualitative targets. source: the source
    sentence; notes on estimates, price basis and forecasts are appended to it.
    """
    with style.styled():
        return _indicator_chart(row, history, source, reference, reference_name, assigned)


def _indicator_chart(row, history, source, reference, reference_name, assigned) -> Figure:
    kind = _text(_get(row, "target_kind")).lower()
    hist = _clean_history(history)
    base_year = int(_num(_get(row, "base_year"))) if _finite(_get(row, "base_year")) else 2020
    chart = _chart_data(row, kind, hist, base_year)
    has_reference = reference is not None and len(reference) > 0
    ytd = _ytd_text(row)
    if kind == "cumulative_total":
        fig, axes = _figure(8.0, ncols=2)
        _cumulative_panels(axes, chart)
        subtitle = _subtitle(chart)
    elif kind == "relative" and has_reference:
        fig, axes = _figure(8.0)
        chart.unit = "%"
        _relative_panel(axes[0], chart, hist, reference, reference_name)
        subtitle = _subtitle(chart, f"参照：{reference_name}", ytd)
        ytd = ""
    else:
        fig, axes = _figure(8.5)
        _level_panel(axes[0], chart, assigned)
        note = "未提供参照指标数据，仅显示本指标水平" if kind == "relative" else ""
        subtitle = _subtitle(chart, note)
    _place_labels(chart)
    if ytd:
        _ytd_note(axes[-1], chart)
    _titles(fig, axes, _text(_get(row, "name")) or "未命名指标", subtitle, _category(row))
    _legend(fig, axes)
    _source_line(fig, _source_text(source, chart.notes))
    return fig


def _chart_data(row: Mapping, kind: str, hist: pd.DataFrame, base_year: int) -> _Chart:
    """The series as plotted: levels from the previous plan period on, and the base value."""
    actual = _actual(row, kind, hist, base_year)
    base_value = _num(_get(row, "base_value"))
    if actual.real or not math.isfinite(base_value):
        base_value = actual.at(base_year)
    shown = actual.years >= base_year - HISTORY_YEARS
    actual = _Actual(
        actual.years[shown], actual.values[shown], actual.provenance[shown], actual.real
    )
    chart = _Chart(
        row, kind, base_year, _target_year(row), base_value, actual, _text(_get(row, "unit"))
    )
    typical = np.nanmedian(np.abs(actual.values)) if not actual.empty else nan
    chart.decimals = _decimals(typical) if math.isfinite(typical) else 1
    if actual.real:
        chart.notes.append(f"按{base_year}年价格（可比价）计算")
    _base_note(chart)
    return chart


# --- overview charts ----------------------------------------------------------------


def _elapsed(frame: pd.DataFrame, E: float | None) -> float:
    """Time elapsed as a fraction (accepts 0.4 or 40)."""
    if E is None and "E" in frame:
        values = pd.to_numeric(frame["E"], errors="coerce").dropna()
        E = float(values.iloc[0]) if len(values) else None
    e = _num(E)
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
    fig, (ax,) = _figure(_rows_height(n))
    ys = np.arange(n)[::-1]
    lo_clip, hi_clip = -50.0, 150.0
    for y, (_, r) in zip(ys, with_p.iterrows(), strict=False):
        _progress_bar(ax, y, float(r["_P"]), _category(r), lo_clip, hi_clip)
    for y, (_, r) in zip(ys[len(with_p) :], without.iterrows(), strict=True):
        _progress_text(ax, y, r)
    if len(with_p) and len(without):
        ax.axhline(ys[len(with_p)] + 0.5, color="#999999", lw=0.6, ls=(0, (2, 2)))
    names = [_label_name(r) for _, r in pd.concat([with_p, without]).iterrows()]
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
        _main(fig).suptitle(title, x=0.01, ha="left")
    ax.set_title(
        "按任务进度与时间进度之比（R）由高到低排列；灰色底条为规划目标（100%）",
        loc="left",
        color=NOTE_COLOR,
        fontsize=TICK_SIZE,
        pad=16,
    )
    _category_legend(fig, f)
    if source:
        _source_line(fig, source)
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


def _progress_bar(ax: Axes, y: float, p: float, category: str, lo: float, hi: float) -> None:
    ax.barh(y, 100, height=0.62, color="#ececec", zorder=1)
    shown = min(max(p, lo), hi)
    ax.barh(
        y, shown, height=0.62 * 0.6, color=category_color(category), zorder=2, gid="progress-bar"
    )
    label = f"{p:.0f}%" + ("▶" if p > hi else "")
    x = max(shown, 0)
    ax.text(
        x + 1.5,
        y,
        label,
        va="center",
        ha="left",
        fontsize=NOTE_SIZE + 0.5,
        color=TEXT_COLOR,
        zorder=5,
        path_effects=HALO,
    )


def _progress_text(ax: Axes, y: float, r: pd.Series) -> None:
    category = _category(r)
    kind = KIND_NAMES.get(_text(r.get("target_kind")), "目标")
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
        _main(fig).legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5))


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
    fig, (ax,) = _figure(_rows_height(len(f), 0.7, 3.8))
    ys = np.arange(len(f))
    for y, (_, r) in zip(ys, f.iterrows(), strict=True):
        _dumbbell(ax, y, float(r["_a"]), float(r["_r"]), speed_up=r["_gap"] > 0)
        if math.isfinite(r["_plan"]):
            ax.plot(
                [r["_plan"]],
                [y],
                "|",
                color=REFERENCE_COLOR,
                ms=13,
                mew=1.6,
                zorder=2,
                gid="plan-rate",
            )
    if len(f):
        ax.set_yticks(ys, labels=[_label_name(r) for _, r in f.iterrows()])
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
        _main(fig).suptitle(title, x=0.01, ha="left")
    ax.set_title(_dumbbell_subtitle(frame), loc="left", color=NOTE_COLOR, fontsize=TICK_SIZE)
    _main(fig).legend(handles=_dumbbell_handles(), loc="outside lower center", ncols=3)
    if source:
        _source_line(fig, source)
    return fig


def _rate_axes(ax: Axes) -> None:
    ax.tick_params(axis="y", length=0)
    ax.axvline(0, color="#888888", lw=0.7)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("年均增速")


def _dumbbell_subtitle(frame: pd.DataFrame) -> str:
    latest = _column(frame, "latest_year").dropna()
    base = _column(frame, "base_year").dropna()
    t = int(latest.max()) if len(latest) else 2022
    t0 = int(base.min()) if len(base) else 2020
    return (
        f"已实现：{t0 + 1}—{t}年年均；需年均：{t + 1}—{TARGET_YEAR}年达到目标所需；"
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


def _dumbbell(ax: Axes, y: float, actual: float, required: float, speed_up: bool) -> None:
    color = SPEED_UP_COLOR if speed_up else SLACK_COLOR
    ax.plot([actual, required], [y, y], color=color, lw=2.6, zorder=1, gid="dumbbell")
    ax.plot([actual], [y], "o", color=ACTUAL_COLOR, ms=6.5, zorder=3)
    ax.plot([required], [y], "D", mfc="white", mec=TARGET_COLOR, mew=1.4, ms=6, zorder=3)
    left_is_actual = actual <= required
    for x, color, on_left in (
        (actual, ACTUAL_COLOR, left_is_actual),
        (required, TARGET_COLOR, not left_is_actual),
    ):
        ax.annotate(
            f"{_rate(x)}%",
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
    order = list(style.CATEGORY_ORDER)
    order += sorted(set(cats) - set(order) - {"nan", "None", ""})
    counts = [int((cats == c).sum()) for c in order]
    bound = [int(((cats == c) & binding).sum()) for c in order]
    fig, (ax,) = _figure(2.6 + 0.62 * len(order))
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
        _main(fig).suptitle(title, x=0.01, ha="left")
    ax.set_title(f"共{len(frame)}项指标", loc="left", color=NOTE_COLOR, fontsize=TICK_SIZE)
    if source:
        _source_line(fig, source)
    return fig
