"""The Agg canvas planeval's charts are drawn on: font height metrics looked up once.

matplotlib (3.11) lays out a text by finding its font file and reading the font's
OS/2 (or hhea) table anew, every time; a chart lays out each of its ~60 texts about
three times (an axis measures its tick labels twice before drawing them). A backend
may answer that question itself — `_get_font_height_metrics`, the hook matplotlib's
PDF and PS backends use — and this renderer answers it from a cache keyed by font
properties and dpi, with matplotlib's own formula, so the pixels are the same. Where
matplotlib does not ask (older versions), nothing changes.
"""

from __future__ import annotations

import functools

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

# Tables matplotlib reads the line metrics from, in its order of preference.
_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


class ChartRenderer(RendererAgg):
    def _get_font_height_metrics(self, prop):
        return _height_metrics(prop.copy(), self.dpi)  # a copy: the cache keeps it


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


class ChartCanvas(FigureCanvasAgg):
    """FigureCanvasAgg drawing with a `ChartRenderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = ChartRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
