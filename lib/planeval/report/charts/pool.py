"""Figures kept for the next chart of the same frame: a report draws 30 charts alike.

Making a figure (its subfigures, axes, spines) and the ticks of its axes is about a
sixth of a chart's time, and every indicator chart of a report has one of three frames
(8.0 cm, 8.5 cm, two 8.0 cm panels). A figure the report has saved is handed back with
`recycle`: its content is removed (lines, patches, texts, legends, titles, labels,
limits, locators) and it waits, with its axes and their tick objects, for the next
chart of its frame, whose pixels are the same as on a new figure (tested on every kind
of chart, one drawn after another). Only figures made by `base.new_figure` are kept,
and only those the caller recycles: a figure someone still holds is never reused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import AutoLocator, NullFormatter, NullLocator, ScalarFormatter
from matplotlib.transforms import Bbox

KEEP = 2  # figures kept per frame
_FREE: dict[tuple, list[Figure]] = {}
_LOCK = threading.Lock()


def figure(frame: tuple, make: Callable[[], Figure]) -> Figure:
    """A clean figure of `frame` (height, panels): a recycled one, or `make()`."""
    key = _key(frame)
    with _LOCK:
        free = _FREE.get(key)
        fig = free.pop() if free else None
    if fig is None:
        fig = make()
        fig._planeval_frame = key
        fig._planeval_dpi = fig.dpi
        fig._planeval_ratios = _grid(fig).get_height_ratios()
        for ax in fig.axes:  # where the layout found them: label placement reads it
            ax._planeval_position = ax.get_position(original=True).frozen()
    return fig


def recycle(fig: Figure) -> None:
    """Hand a saved figure back for the next chart of its frame (others are left alone)."""
    key = getattr(fig, "_planeval_frame", None)
    if key is None:
        return
    _clear(fig)
    with _LOCK:
        free = _FREE.setdefault(key, [])
        if len(free) < KEEP and fig not in free:
            free.append(fig)


def clear_pool() -> None:
    with _LOCK:
        _FREE.clear()


def _key(frame: tuple) -> tuple:
    # Ticks and spines take their style when they are made: a figure is reused only
    # under the style it was made under (and by the thread that made it).
    style = tuple(
        str(mpl.rcParams[k])
        for k in ("font.family", "font.size", "xtick.labelsize", "ytick.labelsize")
    )
    return (*frame, style, threading.get_ident())


def _grid(fig: Figure):
    return fig.subfigs[0]._subplotspec.get_gridspec()


def _clear(fig: Figure) -> None:
    """Everything a chart adds, removed; what `new_figure` made, as it made it."""
    fig.set_dpi(fig._planeval_dpi)
    _grid(fig).set_height_ratios(fig._planeval_ratios)  # the layout sized the foot
    for sub in fig.subfigs:
        sub._redo_transform_rel_fig()
        for artist in [
            *sub.texts,
            *sub.legends,
            *sub.patches,
            *sub.lines,
            *sub.images,
            *sub.artists,
        ]:
            artist.remove()
        sub._suptitle = None
        for ax in sub.axes:
            _clear_axes(ax)


def _clear_axes(ax) -> None:
    for artist in list(ax._children):
        artist.remove()
    ax.containers.clear()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for title in (ax.title, ax._left_title, ax._right_title):
        title.set_text("")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_label_text("")
        axis.set_major_locator(AutoLocator())
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_locator(NullLocator())
        axis.set_minor_formatter(NullFormatter())
        axis.set_visible(True)
    ax.set_position(ax._planeval_position, which="both")
    ax.dataLim.set(Bbox.null())
    ax.ignore_existing_data_limits = True
    ax.set_xlim(0, 1)  # a new axes' unit view
    ax.set_ylim(0, 1)
    ax.margins(x=mpl.rcParams["axes.xmargin"], y=mpl.rcParams["axes.ymargin"])
    ax.set_autoscale_on(True)
