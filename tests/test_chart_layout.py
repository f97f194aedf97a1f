"""Chart layout (charts.layout.FixedLayout): on every chart of bench_charts and on long
names, nothing is drawn outside the figure and the title block, legend, tick labels and
source line do not overlap."""

from __future__ import annotations

import importlib.util
import itertools

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from planeval.report import charts, style
from repo import PROJECT_ROOT
from test_charts import GDP, make_row

matplotlib.use("Agg")


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_charts", PROJECT_ROOT / "bench" / "bench_charts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
FRAME, HISTORIES = BENCH.demo_plan(30)


def bench_chart(i: int) -> Figure:
    """The i-th chart bench_charts draws: 30 indicator charts, then the three overviews."""
    if i < len(FRAME):
        row = FRAME.iloc[i]
        return charts.indicator_chart(
            row,
            HISTORIES[row["indicator_id"]],
            source="资料来源：柳南区统计局",
            reference=HISTORIES["ind0"] if row["target_kind"] == "relative" else None,
            reference_name="地区生产总值",
        )
    make = (charts.progress_chart, charts.growth_dumbbell, charts.category_counts)
    return make[i - len(FRAME)](FRAME)


def drawn(fig: Figure):
    """Draw the figure as saved (200 dpi) and return its renderer."""
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(style.DPI)
    with style.styled():
        canvas.draw()
    return canvas.get_renderer()


def _box(artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer)


def _shown(text) -> bool:
    return text.get_visible() and bool(text.get_text())


def tick_label_boxes(ax, renderer) -> list[Bbox]:
    """The drawn tick labels of both axes (ticks inside the view only)."""
    out = []
    for axis in (ax.xaxis, ax.yaxis):
        if not axis.get_visible():
            continue
        low, high = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks():
            if low - 1e-9 <= tick.get_loc() <= high + 1e-9 and _shown(tick.label1):
                out.append(_box(tick.label1, renderer))
    return out


def blocks(fig: Figure, renderer) -> dict[str, list[Bbox]]:
    """Boxes of the parts that must not overlap one another, by part."""
    main, foot = fig.subfigs
    parts: dict[str, list[Bbox]] = {"title": [], "legend": [], "source": [], "loose": []}
    if main._suptitle is not None and _shown(main._suptitle):
        parts["title"].append(_box(main._suptitle, renderer))
    for text in main.texts:  # the category and outlook badges, with their boxes
        if _shown(text):
            text.update_bbox_position_size(renderer)
            patch = text.get_bbox_patch()
            parts["title"].append(_box(patch, renderer) if patch else _box(text, renderer))
    parts["legend"] = [_box(lg, renderer) for lg in main.legends]
    parts["source"] = [_box(t, renderer) for t in foot.texts if _shown(t)]
    for k, ax in enumerate(main.axes):
        subtitle = [_box(t, renderer) for t in (ax.title, ax._left_title) if _shown(t)]
        parts["title"] += subtitle
        parts[f"ticks{k}"] = tick_label_boxes(ax, renderer)
        parts[f"axis-labels{k}"] = [
            _box(label, renderer) for label in (ax.xaxis.label, ax.yaxis.label) if _shown(label)
        ]
        parts["loose"] += [_box(t, renderer) for t in ax.texts if _shown(t)]
    return parts


def overlaps(a: Bbox, b: Bbox, tol: float = 0.5) -> bool:
    return a.x0 < b.x1 - tol and b.x0 < a.x1 - tol and a.y0 < b.y1 - tol and b.y0 < a.y1 - tol


def check_layout(fig: Figure) -> None:
    renderer = drawn(fig)
    parts = blocks(fig, renderer)
    frame = fig.bbox
    for name, boxes in parts.items():
        for box in boxes:  # nothing clipped at the figure edge
            assert frame.x0 - 0.5 <= box.x0 and box.x1 <= frame.x1 + 0.5, (name, box, frame)
            assert frame.y0 - 0.5 <= box.y0 and box.y1 <= frame.y1 + 0.5, (name, box, frame)
    # The title block, legend, source line, tick labels and axis labels of different
    # parts never overlap; labels inside the axes stay clear of titles, legend and source.
    for (name_a, boxes_a), (name_b, boxes_b) in itertools.combinations(parts.items(), 2):
        pair = {name_a, name_b}
        if "loose" in pair and not pair & {"legend", "source", "title"}:
            continue  # a value label may sit near a tick label, as before
        for a, b in itertools.product(boxes_a, boxes_b):
            assert not overlaps(a, b), (name_a, a, name_b, b)
    for name in (n for n in parts if n.startswith("ticks")):  # tick labels stay apart
        for a, b in itertools.combinations(parts[name], 2):
            assert not overlaps(a, b), (name, a, b)
    for legend in parts["legend"]:  # legend below every axes, source below the legend
        assert all(legend.y1 <= ax.get_window_extent(renderer).y0 for ax in fig.axes)
        assert all(src.y1 <= legend.y0 + 0.5 for src in parts["source"])


@pytest.mark.parametrize("i", range(len(FRAME) + 3))
def test_bench_chart_layout_has_no_clipping_or_overlap(i):
    check_layout(bench_chart(i))


LONG_NAME = "每千人口拥有3岁以下婴幼儿托位数（含普惠性托位）及社区嵌入式托育服务覆盖率"


@pytest.mark.parametrize("kind", ["cagr", "ceiling", "cumulative_total"])
def test_long_name_subtitle_and_outlook_badge_do_not_overlap(kind):
    row = make_row(
        kind,
        name=LONG_NAME,
        unit="个/千人",
        target_text="到2025年达到4.5个以上，其中普惠性托位占比不低于60%",
        target_value=4.5 if kind != "cumulative_total" else 800.0,
        outlook="存在风险",
        category="滞后于预期",
    )
    fig = charts.indicator_chart(row, GDP, source="资料来源：区卫生健康局、区统计局" * 4)
    check_layout(fig)
    title = fig.subfigs[0]._suptitle.get_text()
    assert "\n" in title  # the existing wrapping rule still applies


def test_layout_is_the_same_on_every_draw():
    fig = bench_chart(3)  # two panels
    drawn(fig)
    first = [ax.get_position().bounds for ax in fig.axes]
    drawn(fig)
    assert [ax.get_position().bounds for ax in fig.axes] == first


def test_limit_label_outside_the_axes_stays_in_the_figure():
    fig = charts.indicator_chart(
        make_row("ceiling", target_value=123456.0, target_text="控制在123456以内"), GDP
    )
    renderer = drawn(fig)
    (label,) = [t for t in fig.axes[0].texts if t.get_gid() == "limit-label"]
    box = label.get_window_extent(renderer)
    assert box.x0 > fig.axes[0].get_window_extent(renderer).x1  # right of the plot area
    assert box.x1 <= fig.bbox.x1


def test_panels_side_by_side_share_top_and_bottom():
    row = make_row(
        "cumulative_total", target_value=80000.0, target_text="五年累计80000", outlook="有望实现"
    )
    fig = charts.indicator_chart(row, GDP)
    drawn(fig)
    left, right = (ax.get_position() for ax in fig.axes)
    assert (left.y0, left.y1) == pytest.approx((right.y0, right.y1))
    assert left.x1 < right.x0


def test_chart_canvas_draws_the_same_pixels_as_agg():
    """The cached font height metrics change the time, not the picture."""
    import inspect

    import numpy as np
    from matplotlib.text import Text

    from planeval.report import canvas

    def pixels(canvas_class, fig):
        c = canvas_class(fig)
        fig.set_dpi(style.DPI)
        with style.styled():
            c.draw()
        return np.asarray(c.buffer_rgba()).copy()

    canvas._height_metrics.cache_clear()
    for i in (0, 3, len(FRAME)):  # a level chart, two panels, the progress overview
        plain = pixels(FigureCanvasAgg, bench_chart(i))
        cached = pixels(canvas.ChartCanvas, bench_chart(i))
        assert plain.shape == cached.shape
        assert (plain == cached).all()
    if "_get_font_height_metrics" in inspect.getsource(Text._get_layout):
        assert canvas._height_metrics.cache_info().hits > 100
