"""The explorer's HTML: numbers panel, explanation, error panel and status table."""

from __future__ import annotations

import html
import io
import math
import traceback
from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from planeval.errors import PlanevalError
from planeval.report import narrative, style

LIMIT_KINDS = {"ceiling", "floor"}
SCREEN_DPI = 150  # charts are 16 cm wide: ~945 px on screen


# --- HTML -----------------------------------------------------------------------------

PANEL_CSS = """
<style>
.pe-panel{font-size:13.5px;line-height:1.55;color:#222;background:#fff}
.pe-panel h3{font-size:17px;margin:0 0 2px 0}
.pe-panel .pe-sub{color:#555;font-size:13px;margin-bottom:8px}
.pe-panel .pe-badge{display:inline-block;color:#fff;border-radius:4px;padding:2px 10px;
  font-weight:bold;font-size:15px;margin:2px 0 8px 0}
.pe-panel table{border-collapse:collapse;width:100%}
.pe-panel td{padding:4px 6px;border-top:1px solid #e4e4e4;vertical-align:top}
.pe-panel td.pe-k{color:#555;white-space:nowrap;width:6.5em}
.pe-panel .pe-est{color:#b25b00;font-weight:bold}
.pe-panel .pe-flag{color:#c8481c;font-weight:bold}
.pe-panel .pe-ok{color:#1b5e20}
.pe-panel .pe-nowrap{white-space:nowrap}
.pe-explain{font-size:13.5px;line-height:1.6;color:#222;max-width:900px;margin-top:6px}
.pe-explain .pe-text{background:#f6f7f9;border-left:3px solid #1a3a6b;padding:6px 10px}
.pe-explain .pe-note{color:#555;font-size:12.5px;margin-top:6px}
.pe-panel.pe-error{border:1px solid #c8481c;border-radius:4px;padding:8px 10px}
.pe-panel.pe-error b{color:#c8481c}
</style>
"""


def _finite(*values) -> bool:
    try:
        return all(math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def _esc(value) -> str:
    return html.escape(str(value))


def _pct(value, signed: bool = False) -> str:
    if not _finite(value):
        return "—"
    text = narrative.fmt_rate(value)
    return ("+" + text if signed and float(value) > 0 else text) + "%"


def _value_format(row: Mapping) -> narrative.ValueFormat:
    return narrative.value_format(row)


def _forecast_year(row: Mapping) -> int | None:
    keys = row.index if isinstance(row, pd.Series) else list(row)
    years = [int(k.split("_")[1]) for k in keys if str(k).startswith("forecast_")]
    return max(years) if years else None


def _target_year(row: Mapping) -> int | None:
    """The plan's target year (target_year column), else the last forecast year."""
    if _finite(row.get("target_year")):
        return int(row["target_year"])
    return _forecast_year(row)


def _years_left(row: Mapping) -> int | None:
    if not _finite(row.get("latest_year")):
        return None
    target = _target_year(row)
    if target is None:
        return None
    return target - int(row["latest_year"])


def category_badge(category: str | None) -> str:
    text = str(category or "—")
    color = style.category_color(category)
    return f'<span class="pe-badge" style="background:{color}">{_esc(text)}</span>'


def outlook_badge(outlook: str | None) -> str:
    """如期实现前景 beside the category badge, in the outlook palette."""
    if not outlook or (isinstance(outlook, float) and math.isnan(outlook)):
        return ""
    color = style.outlook_color(outlook)
    return (
        f'<span class="pe-badge pe-outlook" style="background:{color}">'
        f"如期实现前景：{_esc(outlook)}</span>"
    )


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _latest_text(row: Mapping) -> str:
    fmt = _value_format(row)
    if not _finite(row.get("latest_value")):
        return "—"
    text = f"{int(row['latest_year'])}年 {fmt(row['latest_value'])} {_esc(fmt.unit)}"
    provenance = row.get("latest_provenance")
    if provenance not in (None, "", "official"):
        word = narrative.label("provenance").get(str(provenance), str(provenance))
        text += f' <span class="pe-est">（{_esc(word)}）</span>'
    ytd = row.get("ytd_period")
    if ytd and _finite(row.get("ytd_growth")):
        year, month = str(ytd).split("-")
        text += f"<br>{year}年1-{int(month)}月累计增长{_pct(row['ytd_growth'])}"
    return text


def _growth_text(row: Mapping) -> str:
    actual, required = row.get("actual_cagr"), row.get("required_cagr")
    if not _finite(actual):
        return "—"
    text = f"已实现 {_pct(actual)}"
    if _finite(required):
        gap = float(actual) - float(required)
        word = "高于" if gap >= 0 else "低于"
        text += f"，规划要求 {_pct(required)}，{word}要求 {narrative.fmt_rate(abs(gap))} 个百分点"
    return text


def _limit_text(row: Mapping) -> str:
    """Ceilings, floors and limits assigned from above: the years that broke the limit."""
    if row.get("target_kind") not in LIMIT_KINDS and not row.get("breach_years"):
        return ""
    years = str(row.get("breach_years") or "").strip()
    if years:
        return f'<span class="pe-flag">{_esc(years)} 未达到限值要求</span>'
    return '<span class="pe-ok">各年均在限值以内</span>'


def _progress_text(row: Mapping) -> str:
    P, E, R = row.get("P"), row.get("E"), row.get("R")
    if not _finite(P, E):
        return "—"
    done, elapsed = narrative.fmt_rate(float(P) * 100), narrative.fmt_rate(float(E) * 100)
    text = f"任务进度 {done}%，时间进度 {elapsed}%"
    if _finite(R):
        text += f'<span class="pe-nowrap">（R = {float(R):.2f}）</span>'
    return text


def _forecast_text(row: Mapping) -> str:
    reason = _text(row.get("no_forecast_reason"))
    if reason:
        return f"预测不适用（{_esc(reason)}）"
    year = _forecast_year(row)
    if year is None or not _finite(row.get(f"forecast_{year}")):
        return "—"
    fmt = _value_format(row)
    text = f"{year}年 {fmt(row[f'forecast_{year}'])} {_esc(fmt.unit)}"
    if _finite(row.get(f"lo80_{year}"), row.get(f"hi80_{year}")):
        text += f"<br>80%区间 [{fmt(row[f'lo80_{year}'])}, {fmt(row[f'hi80_{year}'])}]"
    return text


def _model_text(row: Mapping) -> str:
    model = row.get("model") or "—"
    text = _esc(model)
    if _finite(row.get("backtest_error")):
        text += (
            f"（回测{_esc(row.get('backtest_metric') or '')} {float(row['backtest_error']):.2f}）"
        )
    return text


def _required_text(row: Mapping) -> str:
    req = row.get("required_growth")
    if not _finite(req):
        return "—"
    left = _years_left(row)
    word = "增长" if float(req) >= 0 else "下降"
    head = f"后{left}年" if left else "后续"
    return f"{head}需年均{word} {narrative.fmt_rate(abs(float(req)))}%"


def _prob_text(row: Mapping) -> str:
    """As the report words it: 约45%, 不足1%, 超过99%."""
    p = row.get("prob_meet")
    if not _finite(p):
        return "—"
    macros = narrative.environment().get_template("_macros.j2").module
    return str(macros.prob(round(float(p) * 100)))


def _outlook_text(row: Mapping) -> str:
    outlook = _text(row.get("outlook"))
    if not outlook:
        return "—"
    years = _text(row.get("outlook_years"))
    why = f"（预测{_esc(years)}年突破限值）" if years else ""
    return f'<b style="color:{style.outlook_color(outlook)}">{_esc(outlook)}</b>{why}'


def _adjustment_text(row: Mapping) -> str:
    if bool(row.get("adjustment_flag")):
        best = row.get("history_best_growth")
        why = f"：所需增速超过历史最好水平 {_pct(best)}" if _finite(best) else ""
        return f'<span class="pe-flag">建议研究规划调整{why}</span>'
    return '<span class="pe-ok">否</span>'


def _target_line(row: Mapping, attrs: Mapping) -> str:
    override = attrs.get("override")
    target = _esc(row.get("target_text") or "—")
    if override:
        return f"试算目标：<b>{target}</b>（规划目标：{_esc(attrs.get('plan_target') or '—')}）"
    return f"规划目标：{target}"


def numbers_panel(row: pd.Series) -> str:
    """The key numbers of an assessment row as an HTML card (Chinese)."""
    attrs = getattr(row, "attrs", {}) or {}
    cutoff = attrs.get("cutoff_year")
    sub = [_esc(row.get("attribute") or ""), _target_line(row, attrs)]
    if cutoff:
        sub.append(f"评估时点：{cutoff}年底")
    items = [
        ("最新值", _latest_text(row)),
        ("年均增速", _growth_text(row)),
        ("进度", _progress_text(row)),
        ("逐年限值", _limit_text(row)),
        (f"{_forecast_year(row) or ''}年预测", _forecast_text(row)),
        ("预测模型", _model_text(row)),
        ("后续所需增速", _required_text(row)),
        ("达标概率", _prob_text(row)),
        ("如期实现前景", _outlook_text(row)),
        ("规划调整", _adjustment_text(row)),
    ]
    body = "".join(f'<tr><td class="pe-k">{k}</td><td>{v}</td></tr>' for k, v in items if v)
    parts = [
        PANEL_CSS,
        '<div class="pe-panel">',
        f"<h3>{_esc(row.get('name'))}</h3>",
        f'<div class="pe-sub">{"　".join(s for s in sub if s)}</div>',
        category_badge(row.get("category")),
        " ",
        outlook_badge(row.get("outlook")),
        f"<table>{body}</table>",
        "</div>",
    ]
    return "".join(parts)


def explanation(row: Mapping, paragraph: str = "") -> str:
    """The report's drafted sentence and the row's notes (why a figure is missing …)."""
    parts = [PANEL_CSS, '<div class="pe-explain">']
    if paragraph:
        parts.append(f'<div class="pe-text"><b>报告表述（草稿）：</b>{_esc(paragraph)}</div>')
    notes = str(row.get("notes") or "")
    if notes:
        parts.append(f'<div class="pe-note">说明：{_esc(notes)}。</div>')
    parts.append("</div>")
    return "".join(parts)


def error_panel(exc: BaseException, context: str = "") -> str:
    """A user mistake (PlanevalError) in Chinese; anything else as an internal error."""
    if isinstance(exc, PlanevalError):
        lines = [f"<b>{_esc(exc.message)}</b>"]
        if exc.expected:
            lines.append(f"应为：{_esc(exc.expected)}")
    else:
        lines = [
            "<b>内部错误，请将以下信息反馈给开发人员。</b>",
            f"<pre>{_esc(''.join(traceback.format_exception(exc)))}</pre>",
        ]
    if context:
        lines.append(_esc(context))
    return PANEL_CSS + '<div class="pe-panel pe-error">' + "<br>".join(lines) + "</div>"


def figure_png(fig: Figure, dpi: int = SCREEN_DPI) -> bytes:
    """PNG bytes of a figure, drawn under the planeval style."""
    buffer = io.BytesIO()
    with style.styled():
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# --- status table ---------------------------------------------------------------------

SORT_CHOICES: tuple[tuple[str, str], ...] = (
    ("规划顺序", "order"),
    ("评价类别", "category"),
    ("如期实现前景", "outlook"),
    ("进度比 R", "R"),
    ("达标概率", "prob_meet"),
    ("后续所需增速", "required_growth"),
    ("指标名称", "name"),
)
STATUS_HEADERS = (
    "序号",
    "指标",
    "属性",
    "规划目标",
    "最新值",
    "年均增速",
    "R",
    "评价",
    "如期实现前景",
    "{year}年预测 [80%区间]",
    "后续所需增速",
    "达标概率",
    "调整提示",
)
TABLE_CSS = """
<style>
.pe-table{border-collapse:collapse;font-size:13px;color:#222;background:#fff}
.pe-table th{background:#1a3a6b;color:#fff;padding:5px 7px;text-align:left;white-space:nowrap}
.pe-table td{padding:4px 7px;border-bottom:1px solid #e4e4e4;white-space:nowrap}
.pe-table td.pe-num{text-align:right;font-variant-numeric:tabular-nums}
.pe-table tr:nth-child(even) td{background:#f7f8fa}
.pe-table .pe-cat{color:#fff;border-radius:3px;padding:1px 6px}
</style>
"""


def sort_frame(frame: pd.DataFrame, by: str = "order", ascending: bool = True) -> pd.DataFrame:
    """Rows sorted by a column of SORT_CHOICES; missing values last, plan order on ties."""
    if by == "category":
        rank = {c: i for i, c in enumerate(style.CATEGORY_ORDER)}
        key = frame["category"].map(lambda c: rank.get(c, len(rank)))
    elif by == "outlook":
        rank = {c: i for i, c in enumerate(style.OUTLOOK_COLORS)}
        key = frame["outlook"].map(lambda c: rank.get(c, len(rank)))
    else:
        key = frame[by]
    ordered = frame.assign(_key=key)
    ordered = ordered.sort_values("order", kind="stable")
    ordered = ordered.sort_values("_key", ascending=ascending, kind="stable", na_position="last")
    return ordered.drop(columns="_key")


def status_table(frame: pd.DataFrame, by: str = "order", ascending: bool = True) -> str:
    """All indicators of a plan as an HTML table, sorted (see `sort_frame`)."""
    rows = []
    for _, r in sort_frame(frame, by, ascending).iterrows():
        fmt = _value_format(r)
        year = _forecast_year(r)
        forecast = "预测不适用" if _text(r.get("no_forecast_reason")) else "—"
        if year is not None and _finite(r.get(f"forecast_{year}")):
            forecast = (
                f"{fmt(r[f'forecast_{year}'])} [{fmt(r[f'lo80_{year}'])}, {fmt(r[f'hi80_{year}'])}]"
            )
        latest = fmt(r["latest_value"]) or "—"
        if r.get("latest_provenance") not in (None, "official"):
            latest += "*"
        cells = [
            (str(int(r["order"])), True),
            (_esc(r["name"]) + (f"（{_esc(fmt.unit)}）" if fmt.unit else ""), False),
            (_esc(r["attribute"]), False),
            (_esc(r["target_text"]), False),
            (latest, True),
            (_pct(r["actual_cagr"]), True),
            (f"{float(r['R']):.2f}" if _finite(r["R"]) else "—", True),
            (
                f'<span class="pe-cat" style="background:{style.category_color(r["category"])}">'
                f"{_esc(r['category'])}</span>",
                False,
            ),
            (
                f'<span class="pe-cat" style="background:{style.outlook_color(r.get("outlook"))}">'
                f"{_esc(_text(r.get('outlook')) or '—')}</span>",
                False,
            ),
            (forecast, True),
            (_required_text(r).replace("需年均", "").replace(" ", ""), True),
            (_prob_text(r), True),
            ("需研究调整" if bool(r["adjustment_flag"]) else "", False),
        ]
        tds = "".join(
            f'<td class="pe-num">{c}</td>' if num else f"<td>{c}</td>" for c, num in cells
        )
        rows.append(f"<tr>{tds}</tr>")
    last = max((y for _, r in frame.iterrows() if (y := _forecast_year(r))), default="")
    head = "".join(f"<th>{h.format(year=last)}</th>" for h in STATUS_HEADERS)
    note = '<div style="font-size:12px;color:#555;margin-top:4px">* 预计数或初步核算数。</div>'
    return f'{TABLE_CSS}<table class="pe-table"><tr>{head}</tr>{"".join(rows)}</table>{note}'


# --- widgets --------------------------------------------------------------------------
