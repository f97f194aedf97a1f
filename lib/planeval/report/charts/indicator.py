"""One indicator's chart: actual series, target path or limits, forecast with its fan."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planeval.report import style
from planeval.report.charts.base import (
    COMPOUND_KINDS,
    DEFAULT_SOURCE,
    GROWTH_KINDS,
    HALO,
    HISTORY_YEARS,
    HOLLOW_PROVENANCE,
    LIMIT_KINDS,
    all_finite,
    as_float,
    as_text,
    corner_note,
    decimals_for,
    draw_legend,
    draw_titles,
    fmt_number,
    fmt_pct,
    fmt_rate,
    fmt_target,
    free_corner,
    nan,
    new_figure,
    row_base_year,
    row_breach_years,
    row_category,
    row_forecast_years,
    row_period,
    row_target_year,
    row_value,
    source_line,
    year_axis,
    ytd_text,
)
from planeval.report.style import (
    ACTUAL_COLOR,
    FORECAST_COLOR,
    NOTE_COLOR,
    NOTE_SIZE,
    REFERENCE_COLOR,
    TARGET_COLOR,
)

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

    @property
    def last_annual(self) -> tuple[int, float]:
        """The last annual figure: forecasts start there, not at a year-to-date estimate
        (the forecast of that year is the model's, with the nowcast in it)."""
        annual = self.provenance != "ytd"
        if not annual.any():
            return self.last
        return int(self.years[annual][-1]), float(self.values[annual][-1])

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
    # A revised base (口径调整): the years up to the base year on the old basis, drawn apart.
    old_basis: tuple[np.ndarray, np.ndarray] | None = None

    def fmt(self, value: float) -> str:
        return fmt_number(value, self.decimals)


# Targets on a linear path from the base (percentage points, 提高N岁).
LINEAR_KINDS = {"pp_level", "increase"}


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
    """Nominal levels, or real levels (base-year prices) for a 可比价 growth target; with
    the year's estimate from year-to-date figures (a hollow point) when the assessment
    rests on it."""
    a = _annual_actual(row, kind, hist, base_year)
    year, value = row_value(row, "latest_year"), as_float(row_value(row, "latest_value"))
    if row_value(row, "latest_provenance") != "ytd" or not all_finite(year, value):
        return a
    if int(year) in a.years or (len(a.years) and int(year) < a.years[-1]):
        return a
    return _Actual(
        np.append(a.years, int(year)),
        np.append(a.values, value),
        np.append(a.provenance, "ytd"),
        a.real,
    )


def _annual_actual(row: Mapping, kind: str, hist: pd.DataFrame, base_year: int) -> _Actual:
    levels = hist.dropna(subset=["value"])
    nominal = _Actual(
        levels["year"].to_numpy(int),
        levels["value"].to_numpy(float),
        levels["provenance"].astype(str).to_numpy(),
    )
    if not (bool(row_value(row, "real_growth", False)) and kind in GROWTH_KINDS):
        return nominal
    real = _real_levels(hist, base_year, as_float(row_value(row, "base_value")))
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
    base = base_value if math.isfinite(base_value) else as_float(values.get(base_year))
    last = int(hist["year"].max()) if len(hist) else base_year
    after = range(base_year + 1, last + 1)
    if (
        not math.isfinite(base)
        or last <= base_year
        or not all(all_finite(growth.get(y)) for y in after)
    ):
        return None
    levels = {base_year: base}
    for y in after:
        levels[y] = levels[y - 1] * (1 + growth[y] / 100)
    y = base_year
    while all_finite(growth.get(y)) and (y - 1) in values:
        levels[y - 1] = levels[y] / (1 + growth[y] / 100)
        y -= 1
    return levels


def _target_level(chart: _Chart) -> float:
    """The target-year level the plan implies (the row's target_level, else derived).

    For a range this is the bound that counts as meeting it, as in the assessment.
    """
    row, v0, n = chart.row, chart.base_value, chart.target_year - chart.base_year
    given = as_float(row_value(row, "target_level"))
    if math.isfinite(given):
        return given
    value = as_float(row_value(row, "target_value"))
    if chart.kind in {"cagr", "cagr_floor"}:
        return v0 * (1 + value / 100) ** n
    if chart.kind == "reduction":
        return v0 * (1 - value / 100)
    if chart.kind in {"level", "pp_level"}:
        return value
    if chart.kind == "increase":
        return v0 + value
    if chart.kind == "cagr_range":  # the bound that counts as meeting the target
        lower = as_text(row_value(row, "direction")) == "lower"
        bound = as_float(row_value(row, "target_high" if lower else "target_low"))
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


def _draw_old_basis(ax: Axes, chart: _Chart) -> None:
    """The old-basis history up to the base year, grey, and a break marker at the base."""
    years, values = chart.old_basis
    ax.plot(years, values, "-o", color=NOTE_COLOR, lw=1.2, ms=3.5, zorder=3, gid="old-basis")
    ax.plot([], [], "-o", color=NOTE_COLOR, lw=1.2, ms=3.5, label="原统计口径")
    ax.axvline(chart.base_year, color=NOTE_COLOR, lw=0.9, ls=(0, (2, 2)), zorder=1, gid="break")
    ax.annotate(
        "口径调整",
        (chart.base_year, 1),
        xycoords=("data", "axes fraction"),
        xytext=(3, -3),
        textcoords="offset points",
        va="top",
        fontsize=NOTE_SIZE,
        color=NOTE_COLOR,
    )
    chart.points += list(zip(years, values, strict=True))


def _draw_actual(ax: Axes, chart: _Chart, label: str = "实际值") -> None:
    a = chart.actual
    if a.empty:
        return
    if chart.old_basis is not None:
        _draw_old_basis(ax, chart)
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
    x0, v0 = a.last_annual
    years = [
        y
        for y in row_forecast_years(row)
        if y > x0 and all_finite(row_value(row, f"{p}forecast_{y}"))
    ]
    if not years:
        if a.real and any(
            all_finite(row_value(row, f"forecast_{y}")) for y in row_forecast_years(row)
        ):
            chart.notes.append("预测为现价口径，未在可比价图中显示")
        return
    xs = [x0, *years]
    point = [v0, *(as_float(row[f"{p}forecast_{y}"]) for y in years)]
    for level, alpha in ((95, 0.13), (80, 0.26)):
        lo = [as_float(row_value(row, f"{p}lo{level}_{y}")) for y in years]
        hi = [as_float(row_value(row, f"{p}hi{level}_{y}")) for y in years]
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
    chart.notes.append("预测为按现有趋势的模型估计（方法见附录）")


def _target_label(chart: _Chart, v_t: float) -> str:
    value = as_float(row_value(chart.row, "target_value"))
    # a 左右 target is drawn at its value and named as written
    flag = row_value(chart.row, "target_approx", False)
    approx = "左右" if isinstance(flag, bool | np.bool_) and flag else ""
    if chart.kind == "cagr":
        return f"目标路径（年均增长{fmt_pct(value)}{approx}）"
    if chart.kind == "cagr_floor":
        return f"目标路径（年均增长{fmt_pct(value)}以上）"
    if chart.kind == "reduction":
        return f"目标路径（累计下降{fmt_pct(value)}{approx}）"
    return f"目标路径（{chart.target_year}年达到{_target_number(chart, v_t)}{approx}）"


def _cagr(start: float, end: float, years: int) -> float:
    """Average annual growth in % from start to end, NaN unless both are positive."""
    if not (start > 0 and end > 0 and years > 0):
        return nan
    return ((end / start) ** (1 / years) - 1) * 100


def _draw_required(ax: Axes, chart: _Chart) -> None:
    """From the latest value to the target-year target: the pace the remaining years need."""
    row, a = chart.row, chart.actual
    target = _target_level(chart)
    if a.empty or not math.isfinite(target):
        return
    t, v_t = a.last
    left = chart.target_year - t
    latest = as_float(row_value(row, "latest_year", t))
    # No assessed latest year (only base-year data): no required pace to draw.
    if left <= 0 or not math.isfinite(latest) or t != int(latest):
        return
    span = f"{t + 1}—{chart.target_year}年" if left > 1 else f"{chart.target_year}年"
    if chart.kind in LINEAR_KINDS:
        pace = (target - v_t) / left
        verb = "提高" if pace >= 0 else "降低"
        points = chart.kind == "pp_level" or chart.unit.strip() in {"%", "％"}
        label = f"{span}需年均{verb}{fmt_rate(abs(pace))}{'个百分点' if points else chart.unit}"
    else:
        pace = as_float(row_value(row, "required_growth"))
        if not math.isfinite(pace):
            pace = _cagr(v_t, target, left)
        if not math.isfinite(pace):
            return
        verb = "增长" if pace >= 0 else "下降"
        label = f"{span}需年均{verb}{fmt_rate(abs(pace))}%"
    xs, ys = _path(v_t, target, t, chart.target_year, log=chart.kind not in LINEAR_KINDS)
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
    v0, v_t = chart.base_value, _target_level(chart)
    if not all_finite(v0, v_t):
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
    written = as_float(row_value(chart.row, "target_value"))
    if chart.kind in {"level", "pp_level"} and math.isclose(written, value, rel_tol=1e-9):
        return fmt_target(value)
    return chart.fmt(value)


def _target_star(
    ax: Axes, chart: _Chart, value: float, text: str, span: tuple[float, float] | None = None
) -> None:
    """A star at the target-year target; its label is placed once the panel is drawn.

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
    low, high = as_float(row_value(row, "target_low")), as_float(row_value(row, "target_high"))
    if not all_finite(v0, low, high):
        chart.notes.append("缺少基期值或目标区间，未绘制目标区间")
        return
    xs = np.linspace(chart.base_year, chart.target_year, 6 * n + 1)
    lo_path = v0 * (1 + low / 100) ** (xs - chart.base_year)
    hi_path = v0 * (1 + high / 100) ** (xs - chart.base_year)
    label = f"目标区间（年均增长{fmt_pct(low)}—{fmt_pct(high)}）"
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
    value = as_float(row_value(chart.row, "target_value"))
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
        f"{word}\n{fmt_target(value)}",
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
    years = sorted(row_breach_years(chart.row) & set(a.years.tolist()))
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
    word = "上限" if as_text(row_value(chart.row, "direction")) == "lower" else "下限"
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
    text = ytd_text(chart.row)
    if text:
        corner = (
            free_corner(*zip(*chart.points, strict=True), ax.get_xlim(), ax.get_ylim())
            if chart.points
            else "upper left"
        )
        corner_note(ax, text, corner)


def _level_panel(ax: Axes, chart: _Chart, assigned: pd.DataFrame | None) -> None:
    """Actual, target and forecast levels on one axes."""
    _draw_actual(ax, chart)
    if chart.kind in COMPOUND_KINDS | LINEAR_KINDS:
        _draw_path_target(ax, chart)
    elif chart.kind == "cagr_range":
        _draw_range_target(ax, chart)
    if chart.kind in COMPOUND_KINDS | LINEAR_KINDS | {"cagr_range"}:
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
    """Year axis from the first year shown to the target year, room right for the last label."""
    if first is None:
        first = int(chart.actual.years[0]) if not chart.actual.empty else chart.base_year
    year_axis(ax, min(first, chart.base_year), chart.target_year)
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
    total = as_float(row_value(chart.row, "target_value"))
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
            label=f"目标路径（五年累计{fmt_target(total)}）",
            gid="target-path",
        )
        ax.plot([t1], [total], "*", color=TARGET_COLOR, ms=11, gid="target-star", zorder=6)
        chart.labels.append((ax, t1, (total, total), f"五年累计目标 {fmt_target(total)}"))
    _level_axes(ax, chart, first=t0)
    ax.set_ylabel("累计完成额")


def _cumulative_forecast(ax: Axes, chart: _Chart, last: int, done: float) -> None:
    """Running sum of the forecasts; fans as sums of yearly quantiles (comonotone errors)."""
    row = chart.row
    years = [
        y
        for y in row_forecast_years(row)
        if y > last and all_finite(row_value(row, f"forecast_{y}"))
    ]
    if not years:
        return
    xs = [last, *years]
    for level, alpha in ((95, 0.13), (80, 0.26)):
        lo = [as_float(row_value(row, f"lo{level}_{y}")) for y in years]
        hi = [as_float(row_value(row, f"hi{level}_{y}")) for y in years]
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
    cum = done + np.cumsum([as_float(row[f"forecast_{y}"]) for y in years])
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
        (
            own,
            -width / 2,
            ACTUAL_COLOR,
            as_text(row_value(chart.row, "name")) or "本指标",
            "growth-own",
        ),
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
            bars, labels=[fmt_rate(v) for v in values], fontsize=NOTE_SIZE, padding=2, color=color
        )
    ax.axhline(0, color="#888888", lw=0.6)
    if years and min(years) <= chart.base_year:
        ax.axvline(chart.base_year + 0.5, color="#aaaaaa", lw=0.8, ls=":")
        ax.annotate(
            f"{row_period(chart.row)}时期",
            (chart.base_year + 0.5, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -2),
            textcoords="offset points",
            va="top",
            fontsize=NOTE_SIZE,
            color=NOTE_COLOR,
        )
    if years:
        year_axis(ax, min(years), max(years))
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
    attribute = as_text(row_value(row, "attribute"))
    target = as_text(row_value(row, "target_text"))
    secondary = as_text(row_value(row, "secondary"))
    parts = [
        _unit_text(chart),
        f"{attribute}指标" if attribute else "",
        f"规划目标：{target}" if target else "",
        f"按增速评价：{secondary}" if secondary and secondary != "不适用" else "",
        *extra,
    ]
    return "　".join(p for p in parts if p)


def _draw_break(ax: Axes, chart: _Chart, history: pd.DataFrame | None) -> None:
    """口径调整 (data.forms.link_breaks): a dotted line between the years on either basis."""
    if history is None or "break_year" not in history or history["break_year"].isna().all():
        return
    year = int(history["break_year"].dropna().iloc[0])
    ax.axvline(year - 0.5, color="#888888", ls=":", lw=1.2, zorder=1, gid="basis-break")
    ax.annotate(
        f"{year}年口径调整",
        xy=(year - 0.5, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -3),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color="#555555",
    )
    side = "起" if year > chart.base_year else "以前"
    basis = "旧" if year > chart.base_year else "新"
    chart.notes.append(f"{year}年口径调整，{year}年{side}数据按{basis}口径换算衔接")


def _base_note(chart: _Chart) -> None:
    printed, revised = (
        as_float(row_value(chart.row, "base_printed")),
        as_float(row_value(chart.row, "base_revised")),
    )
    if all_finite(printed, revised) and abs(printed - revised) > 1e-9:
        chart.notes.append(
            f"{chart.base_year}年基数按调整后口径{fmt_target(revised)}"
            f"（规划文本为{fmt_target(printed)}）"
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
    """The chart of one indicator: actual, target path, forecast fan, target-year target.

    row: one row of the assessment frame. history: the indicator's annual values
    (year, value, provenance[, growth]). reference: the reference indicator's history,
    for relative targets (growth rates are compared year by year). assigned: values
    assigned from above (year, value), for qualitative targets. source: the source
    sentence; notes on estimates, price basis and forecasts are appended to it.
    """
    with style.styled():
        return _indicator_chart(row, history, source, reference, reference_name, assigned)


def _indicator_chart(row, history, source, reference, reference_name, assigned) -> Figure:
    kind = as_text(row_value(row, "target_kind")).lower()
    hist = _clean_history(history)
    base_year = row_base_year(row)
    chart = _chart_data(row, kind, hist, base_year)
    has_reference = reference is not None and len(reference) > 0
    ytd = ytd_text(row)
    if kind == "cumulative_total":
        fig, axes = new_figure(8.0, ncols=2, reuse=True)
        _cumulative_panels(axes, chart)
        subtitle = _subtitle(chart)
    elif kind == "relative" and has_reference:
        fig, axes = new_figure(8.0, reuse=True)
        chart.unit = "%"
        _relative_panel(axes[0], chart, hist, reference, reference_name)
        subtitle = _subtitle(chart, f"参照：{reference_name}", ytd)
        ytd = ""
    else:
        fig, axes = new_figure(8.5, reuse=True)
        _level_panel(axes[0], chart, assigned)
        _draw_break(axes[0], chart, history)
        note = "未提供参照指标数据，仅显示本指标水平" if kind == "relative" else ""
        subtitle = _subtitle(chart, note)
    _place_labels(chart)
    if ytd:
        _ytd_note(axes[-1], chart)
    draw_titles(
        fig,
        axes,
        as_text(row_value(row, "name")) or "未命名指标",
        subtitle,
        row_category(row),
        as_text(row_value(row, "outlook")),
    )
    draw_legend(fig, axes)
    source_line(fig, _source_text(source, chart.notes))
    return fig


def _labelled_values(chart: _Chart) -> list[float]:
    """The values the chart labels: base, latest, target-year target and target-year forecast."""
    row, a = chart.row, chart.actual
    prefix = "real_" if a.real else ""
    values = [chart.base_value, _target_level(chart)]
    values += [as_float(row_value(row, f"{prefix}forecast_{chart.target_year}"))]
    if not a.empty:
        values.append(a.last[1])
    return [v for v in values if math.isfinite(v)]


def _distinguishing_decimals(decimals: int, values: list[float], most: int = 4) -> int:
    """At least `decimals`, and enough that different values get different labels."""
    distinct = {round(v, 9) for v in values}
    while decimals < most and len({round(v, decimals) for v in distinct}) < len(distinct):
        decimals += 1
    return decimals


def _chart_data(row: Mapping, kind: str, hist: pd.DataFrame, base_year: int) -> _Chart:
    """The series as plotted: levels from the previous plan period on, and the base value."""
    actual = _actual(row, kind, hist, base_year)
    base_value = as_float(row_value(row, "base_value"))
    if actual.real or not math.isfinite(base_value):
        base_value = actual.at(base_year)
    shown = actual.years >= base_year - HISTORY_YEARS
    actual = _Actual(
        actual.years[shown], actual.values[shown], actual.provenance[shown], actual.real
    )
    chart = _Chart(
        row,
        kind,
        base_year,
        row_target_year(row),
        base_value,
        actual,
        as_text(row_value(row, "unit")),
    )
    if (
        as_text(row_value(row, "base_source")) == "revised"
        and not actual.real
        and math.isfinite(base_value)
        and base_year in actual.years
    ):
        old = actual.years <= base_year
        chart.old_basis = (actual.years[old], actual.values[old])
        new = actual.years > base_year
        chart.actual = _Actual(
            np.concatenate([[base_year], actual.years[new]]),
            np.concatenate([[base_value], actual.values[new]]),
            np.concatenate([["official"], actual.provenance[new]]),
            actual.real,
        )
    typical = np.nanmedian(np.abs(actual.values)) if not actual.empty else nan
    chart.decimals = _distinguishing_decimals(
        decimals_for(typical) if math.isfinite(typical) else 1, _labelled_values(chart)
    )
    reason = as_text(row_value(row, "no_forecast_reason"))
    if reason:
        chart.notes.append(f"趋势预测不适用（{reason}）")
    if actual.real:
        chart.notes.append(f"按{base_year}年价格（可比价）计算")
    _base_note(chart)
    return chart
