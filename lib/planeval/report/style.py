"""One chart style for every planeval figure: CJK font, A4 sizes, the official palette.

Output format. Charts are written as PNG at 200 dpi with the dpi stored in the file
(pHYs chunk), so a full-width chart is 16 cm × ~9 cm (1260 px wide) wherever it is
placed. PNG, not SVG, because the same file goes into the self-contained HTML export,
the PDF printed from it by Chromium, the Excel workbook (openpyxl embeds PNG, not SVG)
and pasted Word drafts: an SVG either needs the reader's machine to have a CJK font
(``svg.fonttype: none``) or turns every glyph into a path (large files, text no longer
text). 200 dpi keeps thin lines and 7-pt source notes sharp on paper at a tenth of the
size of a 300 dpi file. That one PNG serves every format of a report (the HTML shows it
at text width, Chromium prints that HTML to PDF, the Word file embeds the same bytes),
so reports keep `PRINT_DPI`; `SCREEN_DPI` is for charts only ever seen on a screen
(`save(fig, path, dpi=SCREEN_DPI)`): a batch asked for HTML (and Excel) only, with
nothing to print, draws its reports' charts so (the notebook parameter `screen_only`).

Fonts are resolved by family name. ``font.family`` is set to the concrete family list
(not the generic "sans-serif") so a figure built under the style still renders Chinese
when it is drawn outside it (e.g. by a notebook's inline backend).
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure

from planeval.errors import Location, PlanevalError
from planeval.outputs import atomic_path
from planeval.vocabulary import FINAL_CATEGORIES, MANUAL, OFFICIAL_CATEGORIES

# Preferred CJK families, in order: Linux (Debian fonts-noto-cjk), Adobe's name for the
# same design, Windows, Windows (older), macOS, older Linux.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "WenQuanYi Zen Hei",
)
# Latin fallback for any symbol a CJK font lacks (matplotlib falls back per glyph).
FALLBACK_FAMILY = "DejaVu Sans"

CM = 1 / 2.54  # inches per centimetre
FULL_WIDTH = 16 * CM  # usable width of a portrait A4 page with 2.5 cm margins
PRINT_DPI = 200  # report charts: one PNG for HTML, PDF and Word (see above)
SCREEN_DPI = 130  # a 16 cm chart ~820 px wide: sharp on screen, not on paper
DPI = PRINT_DPI

# Official categories, in the order of the national mid-term report, then the rest.
CATEGORY_ORDER = (*OFFICIAL_CATEGORIES, *FINAL_CATEGORIES, MANUAL)
CATEGORY_COLORS = {
    "提前实现": "#1b5e20",  # dark green
    "快于预期": "#4c9a2a",  # green
    "基本符合预期": "#1f5fa8",  # blue
    "滞后于预期": "#c8481c",  # red-orange
    # 总结评估 (final evaluation): the same greens, blue and red for its three words
    "已完成": "#1b5e20",
    "基本完成": "#1f5fa8",
    "未完成": "#c8481c",
    "需人工判断": "#8a8a8a",  # grey
    "数据不足": "#bdbdbd",  # light grey: no judgement possible yet
}
UNKNOWN_CATEGORY_COLOR = "#bdbdbd"
# The words of a final evaluation (总结评估); charts of one use these instead of the mid-term's.
FINAL_CATEGORY_ORDER = (*FINAL_CATEGORIES, MANUAL)


def category_order(categories) -> tuple[str, ...]:
    """The category words a chart lists: the final evaluation's when the plan uses them."""
    final = set(FINAL_CATEGORY_ORDER[:3])
    if final & set(categories):
        return FINAL_CATEGORY_ORDER
    return tuple(c for c in CATEGORY_ORDER if c not in final)


# 如期实现前景 (outlook): traffic-light colours, apart from the category palette beside it.
OUTLOOK_COLORS = {
    "有望实现": "#2e7d32",  # green
    "存在风险": "#e08a00",  # amber
    "难以实现": "#c62828",  # red
    "预测不适用": "#8c8c8c",
    "需人工判断": "#8c8c8c",
    "数据不足": "#bdbdbd",
}

# Series colours of the indicator charts.
ACTUAL_COLOR = "#1a3a6b"  # navy: what happened
TARGET_COLOR = "#b22222"  # firebrick: what the plan asks
FORECAST_COLOR = "#4a78b5"  # lighter blue: model outlook
REFERENCE_COLOR = "#7f7f7f"  # grey: a comparison series
TEXT_COLOR = "#222222"
NOTE_COLOR = "#555555"
GRID_COLOR = "#dddddd"

# Font sizes in points, for a chart printed at 16 cm (report body text is ~10.5 pt).
TITLE_SIZE = 10.5
LABEL_SIZE = 8.5
TICK_SIZE = 8
NOTE_SIZE = 7


def outlook_color(outlook: str | None) -> str:
    """The colour of an outlook (light grey for anything else)."""
    return OUTLOOK_COLORS.get(str(outlook), UNKNOWN_CATEGORY_COLOR)


def category_color(category: str | None) -> str:
    """The colour of an official category (light grey for anything else)."""
    return CATEGORY_COLORS.get(str(category), UNKNOWN_CATEGORY_COLOR)


@functools.cache
def find_cjk_font() -> str:
    """The first installed family of `CJK_FAMILIES` whose resolved face is Simplified Chinese.

    Raises PlanevalError when none is installed.
    """
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed and _resolves_to(family):
            return family
    raise PlanevalError(
        "未找到中文字体，图表中的中文将无法显示。请安装 fonts-noto-cjk"
        "（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk），"
        "Windows 请确认已安装微软雅黑或黑体，然后删除 matplotlib 字体缓存后重试",
        Location(),
        expected="已安装以下字体之一：" + "、".join(CJK_FAMILIES),
        hint="no CJK font found; install fonts-noto-cjk",
    )


def _resolves_to(family: str) -> bool:
    """Whether matplotlib resolves `family` to a face of that name with Chinese glyphs.

    For a .ttc collection (Noto Sans CJK holds JP, KR, SC, TC, HK faces) this checks
    that the face matplotlib opens is the one named, i.e. the SC face, not face 0 (JP).
    """
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
        font = font_manager.get_font(path)
    except (ValueError, RuntimeError, OSError):
        return False
    return font.family_name == family and all(font.get_char_index(ord(c)) for c in "中文")


def rc_params() -> dict:
    """The rcParams of the planeval style."""
    family = find_cjk_font()
    return {
        "font.family": [family, FALLBACK_FAMILY],
        "font.sans-serif": [family, FALLBACK_FAMILY],
        "font.size": LABEL_SIZE,
        "axes.unicode_minus": False,  # ASCII hyphen-minus for negative ticks
        "axes.titlesize": LABEL_SIZE,
        "axes.labelsize": LABEL_SIZE,
        "axes.labelcolor": TEXT_COLOR,
        "axes.edgecolor": "#888888",
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": GRID_COLOR,
        "grid.linewidth": 0.5,
        "xtick.labelsize": TICK_SIZE,
        "ytick.labelsize": TICK_SIZE,
        "xtick.color": TEXT_COLOR,
        "ytick.color": TEXT_COLOR,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "legend.fontsize": TICK_SIZE,
        "legend.frameon": False,
        "figure.titlesize": TITLE_SIZE,
        "figure.titleweight": "bold",
        "figure.dpi": 100,
        "figure.facecolor": "white",
        "savefig.dpi": DPI,
        "savefig.facecolor": "white",
        "lines.linewidth": 1.6,
        "lines.markersize": 5,
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
    }


def apply_style() -> None:
    """Set the planeval style globally (for notebooks: call once at the top)."""
    mpl.rcParams.update(rc_params())


@contextlib.contextmanager
def styled() -> Iterator[None]:
    """The planeval style for the duration of a block; global rcParams are restored."""
    with mpl.rc_context(rc_params()):
        yield


def save(fig: Figure, path: str | Path, dpi: int = PRINT_DPI) -> Path:
    """Write `fig` as PNG at `dpi` (or as the format the suffix names), atomically.

    The file is first written under a temporary name in the same folder, then renamed,
    so an interrupted run never leaves a half file. The figure is closed afterwards.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = path.suffix.lstrip(".").lower() or "png"
    try:
        with atomic_path(path) as tmp, tmp.open("wb") as handle, styled():
            if fmt == "png":
                handle.write(png_bytes(fig, dpi))
            else:
                fig.savefig(handle, format=fmt, dpi=dpi)
    finally:
        _close(fig)
    return path


PNG_COMPRESS_LEVEL = 3  # zlib level: on these charts faster and smaller than the default 6
PNG_COLOURS = 256  # a palette PNG: see png_bytes


def png_bytes(fig: Figure, dpi: int = DPI) -> bytes:
    """The figure as a palette PNG of `PNG_COLOURS` colours with its dpi stored.

    A chart is a few flat colours and their anti-aliased edges: about 2,000 distinct
    colours in a 1260-px indicator chart. Reduced to a 256-colour palette (PIL's fast
    octree, no dithering, white kept white) no pixel of the 33 charts of
    bench/bench_charts.py moves by more than 15 of 255 in any channel, 76–90 % are
    exact, and the edges of text look the same at 2× zoom, while the file is a third of
    the size (36 instead of 101 kB at 200 dpi) and encodes in half the time (21 instead
    of 40 ms): an HTML report embeds every chart, so a smaller file also means less
    for the notebook, nbconvert and the PDF printer to carry."""
    import io

    from PIL import Image

    from planeval.report.canvas import ChartCanvas

    canvas = ChartCanvas(fig)  # FigureCanvasAgg with text metrics cached
    fig.set_dpi(dpi)
    fig.patch.set_facecolor(mpl.rcParams["savefig.facecolor"])
    canvas.draw()
    size = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    palette = rgba.convert("RGB").quantize(
        PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    palette.putpalette(_white_kept(palette.getpalette()))
    out = io.BytesIO()
    palette.save(
        out, format="png", compress_level=PNG_COMPRESS_LEVEL, dpi=(dpi, dpi), optimize=False
    )
    return out.getvalue()


def _white_kept(palette: list[int]) -> list[int]:
    """The octree averages each bucket, so the page white came out 254: entries this
    close to white are white again (the background, most of a chart's pixels, exact)."""
    out = []
    for i in range(0, len(palette), 3):
        rgb = palette[i : i + 3]
        out += [255, 255, 255] if min(rgb) >= 250 else rgb
    return out


def _close(fig: Figure) -> None:
    """Release a figure from pyplot's registry if pyplot made it. The figure is not
    cleared: garbage collection frees it, and clearing took ~5 % of a chart's time."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
