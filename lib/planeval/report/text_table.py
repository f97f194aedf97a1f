"""The assessment as a plain-text table for the terminal (`planeval assess --format table`)."""

from __future__ import annotations

import math
import unicodedata

import pandas as pd

from planeval.data.targets import KIND_LABELS, TargetKind
from planeval.method.progress import finite

nan = math.nan

TABLE_HEADERS = (
    "指标",
    "属性",
    "目标",
    "基期值",
    "最新值",
    "年均增速",
    "P",
    "R",
    "评价",
    "{year}预测 [80%区间]",
    "后续需年均增长",
    "调整提示",
)


def _num(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return nan
    return v if math.isfinite(v) else nan


def format_table(frame: pd.DataFrame, *, name_width: int = 16, target_width: int = 14) -> str:
    """A readable fixed-width table of the key columns (CJK counted as two columns)."""
    year = _last_forecast_year(frame)
    lines = []
    headers = tuple(h.format(year=year or "") for h in TABLE_HEADERS)
    rows = [headers]
    for _, r in frame.iterrows():
        rows.append(
            (
                _clip(str(r["name"]), name_width),
                str(r["attribute"]),
                _clip(str(r["target_text"]), target_width),
                _fmt_value(r["base_value"]),
                _fmt_latest(r),
                _fmt_pct(r["actual_cagr"]),
                _fmt_ratio(r["P"]),
                _fmt_ratio(r["R"]),
                str(r["category"]),
                _fmt_forecast(r, year),
                _fmt_pct(r["required_growth"]),
                "需研究调整" if bool(r["adjustment_flag"]) else "",
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(TABLE_HEADERS))]
    numeric = {3, 4, 5, 6, 7, 10}
    for k, row in enumerate(rows):
        cells = [_pad(cell, widths[i], right=i in numeric and k > 0) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _last_forecast_year(frame: pd.DataFrame) -> int | None:
    years = [int(c.split("_")[1]) for c in frame.columns if c.startswith("forecast_")]
    return max(years) if years else None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _fmt_value(v) -> str:
    v = _num(v)
    if not finite(v):
        return "—"
    if abs(v) >= 100:
        return f"{v:,.1f}"
    if abs(v) >= 1 or v == 0:
        return f"{v:.2f}"
    return f"{v:.3g}"


def _fmt_latest(r) -> str:
    text = _fmt_value(r["latest_value"])
    if r["latest_year"] is not None and finite(_num(r["latest_year"])):
        text += f"({int(r['latest_year']) % 100:02d})"
    if r["latest_provenance"] not in (None, "official"):
        text += "*"
    return text


def _fmt_pct(v) -> str:
    v = _num(v)
    return f"{v:.2f}%" if finite(v) else "—"


def _fmt_ratio(v) -> str:
    v = _num(v)
    return f"{v:.2f}" if finite(v) else "—"


def _fmt_forecast(r, year: int | None) -> str:
    if year is None or not finite(_num(r.get(f"forecast_{year}"))):
        return "—"
    point, lo, hi = (_fmt_value(r[f"{s}_{year}"]) for s in ("forecast", "lo80", "hi80"))
    return f"{point} [{lo}, {hi}]"


def kind_label(kind: str | None) -> str:
    """Chinese label of a target kind value (for the report)."""
    return KIND_LABELS.get(TargetKind(kind), kind) if kind else "无目标"
