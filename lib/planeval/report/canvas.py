"""The Agg canvas planeval's charts are drawn on: text metrics looked up once per run.

matplotlib (3.11) lays out a text by finding its font file and reading the font's
OS/2 (or hhea) table anew, every time; a chart lays out each of its ~60 texts about
three times (an axis measures its tick labels twice before drawing them). A backend
may answer that question itself — `_get_font_height_metrics`, the hook matplotlib's
PDF and PS backends use — and this renderer answers it from a cache keyed by font
properties and dpi, with matplotlib's own formula, so the pixels are the same. Where
matplotlib does not ask (older versions), nothing changes.

A text's extent (width, height, descent) is cached the same way. matplotlib caches it
per renderer, and every chart has a renderer of its own, so the tick years, legend
entries and source notes that recur in each of a report's 30 charts were shaped by
FreeType anew for each; here they are shaped once per process. Drawing a text shapes
it once more (the glyphs and their offsets, HarfBuzz through libraqm): that shaping is
cached too, and the glyphs are rendered at their places by matplotlib's own code.
"""

from __future__ import annotations

import functools
import threading

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

# Tables matplotlib reads the line metrics from, in its order of preference.
_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


# matplotlib ≥ 3.11 draws a text as shaped glyphs; before, as one bitmap (nothing cached)
_GLYPHS_API = hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")


class ChartRenderer(RendererAgg):
    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        plain = mtext is None or not (mtext.get_fontfeatures() or mtext.get_language())
        if ismath or not plain or not _GLYPHS_API:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        size = prop.get_size_in_points()
        glyphs = _shaped(s, prop.copy(), self.dpi, get_hinting_flag(), threading.get_ident())
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((font, size, i, 0, 1, dx, dy) for font, i, dx, dy in glyphs), []
        )

    def _get_font_height_metrics(self, prop):
        return _height_metrics(prop.copy(), self.dpi)  # a copy: the cache keeps it

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:  # mathtext and TeX: matplotlib's own path
            return super().get_text_width_height_descent(s, prop, ismath)
        hinting = mpl.rcParams["text.hinting"], mpl.rcParams["text.hinting_factor"]
        return _text_extent(s, prop.copy(), self.dpi, hinting)


@functools.lru_cache(maxsize=4096)
def _text_extent(s: str, prop: font_manager.FontProperties, dpi: float, hinting):
    """RendererAgg's (width, height, descent) of `s` in pixels; `hinting` is in the key
    because the layout depends on it."""
    with _METRICS_LOCK:  # one measuring renderer: its dpi is set per call
        return _METRICS.get_text_width_height_descent(s, prop, False, dpi)


@functools.lru_cache(maxsize=4096)
def _shaped(s: str, prop: font_manager.FontProperties, dpi: float, flags, thread: int):
    """(font, glyph index, x, y) of each glyph of `s`, as RendererAgg.draw_text shapes
    them. The thread is in the key: matplotlib keeps a font object per thread."""
    with _METRICS_LOCK:
        _METRICS.dpi = dpi
        items = _METRICS._prepare_font(prop)._layout(s, flags=flags)
        return tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in items)


class _MetricsRenderer(RendererAgg):
    """A 1-pixel RendererAgg measuring text at any dpi (the extent does not depend on
    the canvas size)."""

    def __init__(self):
        super().__init__(1, 1, 72)

    def get_text_width_height_descent(self, s, prop, ismath, dpi=72):
        self.dpi = dpi
        return super().get_text_width_height_descent(s, prop, ismath)


@functools.lru_cache(maxsize=256)
def _height_metrics(prop: font_manager.FontProperties, dpi: float):
    """(ascent, descent, line gap) in pixels of the first font `prop` resolves to."""
    font = font_manager.get_font(font_manager.findfont(prop))
    scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
    for table_name, gap, ascent, descent in _TABLES:
        table = font.get_sfnt_table(table_name)
        if table is not None:
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


_METRICS = _MetricsRenderer()
_METRICS_LOCK = threading.Lock()


class ChartCanvas(FigureCanvasAgg):
    """FigureCanvasAgg drawing with a `ChartRenderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = ChartRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
