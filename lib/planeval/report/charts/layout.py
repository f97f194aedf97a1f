"""Chart layout from the few texts that set the margins, computed once per draw.

matplotlib's constrained layout measured the tight box of every artist of every axes
(every tick, line and label), in two passes, before each save: about a fifth of a
chart's time. planeval's charts all have the same frame — a title block on top, the
axes, the legend below them, the source line in a foot — so the margins follow from
a handful of texts: the title, subtitle and badges, the y tick labels and axis labels,
the legend, and any label that sticks out of the axes (a limit's 上限 label, a value
above the highest point). `FixedLayout` measures only those and places the axes; what
it measures is cached by matplotlib for the draw that follows.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text

PAD = 4.0  # pt: figure edge to any text
TITLE_GAP = 5.0  # pt: title block to the subtitle, legend to the x tick labels
FOOT_PAD = 3.0  # pt: above and below the source line
PANEL_GAP = 18.0  # pt: between two panels, besides the right panel's y tick labels
BADGES = ("category-badge", "outlook-badge")
_SIZES: dict[tuple, tuple[float, float]] = {}  # text_size by string, font, rotation, dpi


class FixedLayout(LayoutEngine):
    """Places the axes of a planeval chart (`base.new_figure`) when the figure is drawn."""

    _adjust_compatible = False
    _colorbar_gridspec = False

    def execute(self, fig: Figure) -> None:
        _Layout(fig, fig._get_renderer()).apply()


class _Layout:
    """Bands in points of the root figure, measured with the renderer that will draw."""

    def __init__(self, fig: Figure, renderer) -> None:
        self.fig, self.renderer = fig, renderer
        self.px = fig.dpi / 72  # display pixels per point
        self.width = fig.bbox.width / self.px
        self.height = fig.bbox.height / self.px
        self.main: Figure | SubFigure = fig.subfigs[0] if fig.subfigs else fig
        self.axes = [ax for ax in self.main.axes if ax.get_visible()]
        self.floor = self.size_foot()  # main part: from the foot's top to the figure top
        self.main_height = self.height - self.floor

    # --- measuring ---------------------------------------------------------------------

    def extent(self, artist) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of an artist's window extent, in points."""
        box = artist.get_window_extent(self.renderer)
        return box.x0 / self.px, box.y0 / self.px, box.x1 / self.px, box.y1 / self.px

    def text_size(self, text: Text, string: str | None = None) -> tuple[float, float]:
        """Width and height in points of `string` (default the text's own) in `text`'s font.

        Cached across figures: every chart measures the same year ticks and labels."""
        string = text.get_text() if string is None else string
        key = (
            string,
            text.get_fontproperties().copy(),
            text.get_rotation(),
            text.get_linespacing(),
            self.fig.dpi,
        )
        if key not in _SIZES:
            probe = Text(0, 0, string, fontproperties=key[1], rotation=key[2], linespacing=key[3])
            probe.set_figure(self.fig)
            x0, y0, x1, y1 = self.extent(probe)
            if len(_SIZES) > 4096:
                _SIZES.clear()
            _SIZES[key] = (x1 - x0, y1 - y0)
        return _SIZES[key]

    def size_foot(self) -> float:
        """Give the foot subfigure (the source line) the height of its text; its height."""
        if len(self.fig.subfigs) < 2:
            return 0.0
        foot = self.fig.subfigs[1]
        texts = [t for t in foot.texts if t.get_visible() and t.get_text()]
        height = max((self.text_size(t)[1] for t in texts), default=0.0)
        height = height + 2 * FOOT_PAD if texts else 0.0
        grid = foot._subplotspec.get_gridspec()
        grid.set_height_ratios([max(self.height - height, 1.0), max(height, 1e-3)])
        for sub in self.fig.subfigs:  # subfigures take their place from the grid only here
            sub._redo_transform_rel_fig()
        return height

    # --- bands -------------------------------------------------------------------------

    def top_band(self) -> float:
        """Points from the figure top to the bottom of the title and badges."""
        top = PAD
        title = getattr(self.main, "_suptitle", None)
        if title is not None and title.get_text() and title.get_visible():
            title.set_y(1 - PAD / self.main_height)
            title.set_va("top")
            top += self.text_size(title)[1] + TITLE_GAP
        return top

    def badge_bottom(self) -> tuple[float, float]:
        """(leftmost x, lowest bottom) in points of the category and outlook badges."""
        left, bottom = self.width, 0.0
        for text in self.main.texts:
            if text.get_gid() in BADGES and text.get_visible():
                x0, y0, _x1, _y1 = self.extent(text)
                pad = 0.3 * text.get_fontsize() + 1
                left, bottom = min(left, x0 - pad), max(bottom, self.height - y0 + pad)
        return left, bottom

    def bottom_band(self) -> float:
        """Points from the main part's bottom to the top of the legend."""
        legends = [lg for lg in self.main.legends if lg.get_visible()]
        if not legends:
            return PAD
        y1 = self.extent(legends[0])[3]
        return y1 - self.floor

    def below(self, ax: Axes) -> float:
        """Points the x axis needs below the axes: ticks, tick labels, axis label."""
        axis = ax.xaxis
        if not axis.get_visible():
            return 0.0
        need = 0.0
        if axis.get_major_locator()() is not None and len(axis.get_majorticklocs()):
            tick = axis.get_major_ticks(1)[0]
            need = tick.get_tick_padding() + tick.get_pad()
            need += self.text_size(tick.label1, "0000")[1]  # a year's digits: their height
        if axis.label.get_text() and axis.label.get_visible():
            need += axis.labelpad + self.text_size(axis.label)[1]
        return need

    def left_of(self, ax: Axes) -> float:
        """Points the y axis needs left of the axes: ticks, tick labels, axis label."""
        axis = ax.yaxis
        if not axis.get_visible():
            return 0.0
        need = 0.0
        labels = self.ytick_labels(ax)
        if labels:
            tick = axis.get_major_ticks(1)[0]
            widths = [self.text_size(tick.label1, s)[0] for s in labels if s]
            need = tick.get_tick_padding() + tick.get_pad() + max(widths, default=0.0)
        if axis.label.get_text() and axis.label.get_visible():
            need += axis.labelpad + self.text_size(axis.label)[0]
        return need

    @staticmethod
    def ytick_labels(ax: Axes) -> list[str]:
        """The y tick labels the axes will draw at their current size."""
        axis = ax.yaxis
        locs = list(axis.get_majorticklocs())
        if not locs:
            return []
        labels = axis.get_major_formatter().format_ticks(locs)
        low, high = sorted(axis.get_view_interval())
        span = (high - low) * 1e-9
        return [s for v, s in zip(locs, labels, strict=True) if low - span <= v <= high + span]

    def title_above(self, ax: Axes) -> float:
        """Points the axes title (the subtitle) rises above the axes."""
        top = ax.get_window_extent(self.renderer).y1 / self.px
        rise = 0.0
        for title in (ax.title, ax._left_title, ax._right_title):
            if title.get_text() and title.get_visible():
                rise = max(rise, self.extent(title)[3] - top)
        return rise

    # --- placing -----------------------------------------------------------------------

    def place(self, boxes: list[tuple[float, float, float, float]]) -> None:
        """Set each axes to (left, bottom, right, top) in points of the root figure."""
        for ax, (x0, y0, x1, y1) in zip(self.axes, boxes, strict=True):
            ax.set_position(
                (
                    x0 / self.width,
                    (y0 - self.floor) / self.main_height,
                    max(x1 - x0, 1.0) / self.width,
                    max(y1 - y0, 1.0) / self.main_height,
                )
            )

    def columns(self, left: float, right: float, lefts: list[float]) -> list[tuple[float, float]]:
        """Equal-width panels from `left` to `right`, each with room for its y axis."""
        n = len(self.axes)
        gaps = sum(lefts[1:]) + PANEL_GAP * (n - 1)
        width = (right - left - lefts[0] - gaps) / n
        out, x = [], left + lefts[0]
        for k in range(n):
            out.append((x, x + width))
            x += width + (PANEL_GAP + lefts[k + 1] if k + 1 < n else 0.0)
        return out

    def apply(self) -> None:
        if not self.axes:
            return
        top = self.height - self.top_band()
        bottom = self.floor + self.bottom_band()
        if len(self.main.legends):
            bottom += TITLE_GAP
        guess = [(40.0, bottom + 20, self.width - PAD, top - 20)] * len(self.axes)
        self.place(guess)
        badge_left, badge_bottom = self.badge_bottom()
        for ax in self.axes:
            right = max(
                (self.extent(t)[2] for t in (ax.title, ax._left_title) if t.get_text()),
                default=0.0,
            )
            if badge_bottom and right > badge_left - PAD:  # subtitle would run under a badge
                top = min(top, self.height - badge_bottom)
        ax_top = top - max(self.title_above(ax) for ax in self.axes)
        ax_bottom = bottom + max(self.below(ax) for ax in self.axes)
        self.place([(40.0, ax_bottom, self.width - PAD, ax_top)] * len(self.axes))
        lefts = [self.left_of(ax) for ax in self.axes]
        boxes = [
            (x0, ax_bottom, x1, ax_top) for x0, x1 in self.columns(PAD, self.width - PAD, lefts)
        ]
        self.place(boxes)
        self.fit_loose_texts(boxes, top, bottom)

    def fit_loose_texts(self, boxes, top: float, bottom: float, rounds: int = 3) -> None:
        """Shrink the axes until the labels drawn on them (values, limits, notes) stay
        inside the figure, below the title block and above the legend. Panels side by side
        keep one top and one bottom."""
        for _ in range(rounds):
            overs = [self.overflow(ax, top, bottom) for ax in self.axes]
            low = max(o[1] for o in overs)
            high = max(o[3] for o in overs)
            if max(max(o) for o in overs) <= 0.5:
                return
            boxes[:] = [
                (x0 + o[0], y0 + low, x1 - o[2], y1 - high)
                for (x0, y0, x1, y1), o in zip(boxes, overs, strict=True)
            ]
            self.place(boxes)

    def overflow(self, ax: Axes, top: float, bottom: float) -> list[float]:
        """Points the axes' own texts stick out (left, bottom, right, top), 0 if none."""
        over = [0.0, 0.0, 0.0, 0.0]
        for text in ax.texts:
            if not (text.get_visible() and text.get_text()):
                continue
            t0, u0, t1, u1 = self.extent(text)
            over[0] = max(over[0], PAD - t0)
            over[1] = max(over[1], bottom - u0)
            over[2] = max(over[2], t1 - (self.width - PAD))
            over[3] = max(over[3], u1 - top)
        return over
