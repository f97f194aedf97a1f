"""Consistency checker: does every drafted sentence agree with the assessment it reports?

`check_report(markup, frame)` reads a generated report (its HTML body) the way a
reviewer would and returns the problems it finds, as Chinese-free English messages
naming the indicator:

- numbers next to an indicator's name (latest value, average growth, forecast,
  probability, growth still needed) must equal the assessment row at the precision
  they are printed with;
- every stated difference ("高x个百分点", "比2020年提高x岁") must add up from the operands
  printed beside it;
- progress and outlook that point different ways must be joined in one clause
  ("进度快于预期，但按现有趋势难以如期实现"), and a printed probability below the
  outlook's lower cut-off never stands beside a good category without that 但;
- a degenerate forecast (zero-width interval, all zeros) is never printed as a finding;
- "较上年收窄/扩大" agrees with the indicator's last two values;
- no internals (folder ids, file paths, model keys, column names) and no truncated
  clauses ("…即（", "0/3期");
- the 规划调整建议表 and the words about it agree (`check_adjustments`): the items the
  paragraph above it names, the summary's list and the indicator paragraphs that
  recommend adjusting are exactly the table's items, the figures in its reasons equal
  the assessment, and its Excel sheet (when given) holds the same rows.

`check_chart(fig, row, cells)` compares one indicator chart's drawn data with the
主要指标完成情况表 cells of the same indicator. The checker knows nothing of how the
sentences are built: it parses the printed text, so it also catches template mistakes.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_PARAGRAPH = re.compile(r'<p class="pe-indicator"><strong>(.*?)</strong>(.*?)</p>', re.S)
# Internals a report body must never show.
INTERNALS = (
    re.compile(r"data/(?:raw|processed)/"),
    re.compile(r"数据文件夹"),
    re.compile(r"\b(?:combo:|rw_drift|ets_damped|log_linear|model_key)\b"),
    re.compile(
        r"\b(?:target_kind|base_value|latest_value|prob_meet|required_growth|indicator_id)\b"
    ),
    re.compile(r"\.(?:csv|xlsx|parquet)，第\d+行"),
)
TRUNCATED = (
    re.compile(r"即[（(；。，]"),
    re.compile(r"\d+/\d+期"),
    re.compile(r"个单位（百分点）"),
)
GOOD = ("提前实现", "快于预期", "基本符合预期")
BAD_OUTLOOKS = ("存在风险", "难以实现")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _rounded(value: float, decimals: int) -> float:
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return float(q)


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def same_at_printed(printed: str, value) -> bool:
    """The printed number equals `value` rounded (half up) to the printed decimals."""
    if not _finite(value):
        return False
    d = _decimals(printed)
    return math.isclose(_number(printed), _rounded(float(value), d), abs_tol=10 ** -(d + 3))


def paragraphs(markup: str) -> dict[str, str]:
    """Indicator name → its drafted paragraph (plain text)."""
    out = {}
    for name, rest in _PARAGRAPH.findall(markup):
        text = re.sub(r"<[^>]+>", "", html.unescape(name + rest))
        out[html.unescape(re.sub(r"<[^>]+>", "", name))] = text
    return out


def check_report(markup: str, frame: pd.DataFrame, outlook_unlikely: float = 0.1) -> list[str]:
    """All problems found in a report body against its assessment frame."""
    problems = [f"internal detail in report: {m.group(0)!r}" for m in _all(INTERNALS, markup)]
    problems += [f"truncated clause: {m.group(0)!r}" for m in _all(TRUNCATED, markup)]
    found = paragraphs(markup)
    for _, row in frame.iterrows():
        name = str(row["name"])
        text = found.get(name)
        if text is None:
            continue
        problems += [f"{name}: {p}" for p in check_paragraph(text, row, outlook_unlikely)]
    return problems + check_adjustments(markup, frame)


_ADJ_TABLE = re.compile(
    r"<table[^>]*>\s*<caption>(?:表\d+　)?规划调整建议表</caption>.*?<tbody>(.*?)</tbody>", re.S
)
_ADJ_INTRO = re.compile(r"研究论证以下(\d+)项调整：(.*?)，调整内容、原因和参考依据见")
_ADJ_SUMMARY = (
    re.compile(r"按现有趋势，([^。]*?)所需增速超出历史最好水平，建议研究调整规划目标。"),
    re.compile(r"建议研究调整([^。]*?)的规划目标（见规划调整建议表）"),
)
_ADVICE = re.compile(r"建议研究调整目标")


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def adjustment_rows(markup: str) -> list[list[str]]:
    """The rows of the report's 规划调整建议表 as plain cell texts ([] without one)."""
    m = _ADJ_TABLE.search(markup)
    if not m:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1), re.S)
    return [[_plain(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def check_adjustments(markup: str, frame: pd.DataFrame, sheet_rows=None) -> list[str]:
    """The 规划调整建议表 against the words about it, the assessment and its Excel sheet."""
    rows = adjustment_rows(markup)
    items = [r[0] for r in rows]
    out = []
    intro = _ADJ_INTRO.search(_plain(markup))
    if rows and not intro:
        out.append("adjustment table without the paragraph that introduces it")
    if intro and (intro.group(2).split("、") != items or int(intro.group(1)) != len(items)):
        out.append(f"adjustment paragraph names {intro.group(2)!r}, table has {items}")
    said = set(items)
    for pattern in _ADJ_SUMMARY:
        for m in pattern.finditer(_plain(markup)):
            if set(m.group(1).split("、")) != said:
                out.append(f"summary recommends adjusting {m.group(1)!r}, table has {items}")
    by_name = {str(r["name"]): r for _, r in frame.iterrows()}
    for name, text in paragraphs(markup).items():
        if name in by_name and bool(_ADVICE.search(text)) != (name in said):
            out.append(f"{name}: paragraph and adjustment table disagree")
    for r in rows:
        if r[0] in by_name and len(r) > 3:
            out += [f"{r[0]} (adjustment reason): {p}" for p in _check_values(r[3], by_name[r[0]])]
    if sheet_rows is not None and [list(map(str, s)) for s in sheet_rows] != rows:
        out.append("Excel 规划调整建议表 differs from the report's table")
    return out


def _all(patterns, text: str):
    for p in patterns:
        yield from p.finditer(text)


def check_paragraph(text: str, row: Mapping, outlook_unlikely: float = 0.1) -> list[str]:
    """Problems of one indicator paragraph against its assessment row."""
    out: list[str] = []
    out += _check_values(text, row)
    out += _check_differences(text, row)
    out += _check_pairing(text, row, outlook_unlikely)
    out += _check_degenerate(text, row)
    return out


def _target_year(row: Mapping) -> int:
    """The row's target year, else its last forecast year (rows written before the column)."""
    if _finite(row.get("target_year")):
        return int(row["target_year"])
    years = [int(k.split("_")[1]) for k in row if re.fullmatch(r"forecast_\d{4}", str(k))]
    return max(years, default=0)


def _check_values(text: str, row: Mapping) -> list[str]:
    out = []
    year = row.get("latest_year")
    if _finite(year):
        m = re.match(rf"^{re.escape(str(row['name']))}{int(year)}年(?:达到|为)({NUMBER})", text)
        if m and not same_at_printed(m.group(1), row.get("latest_value")):
            out.append(f"latest {m.group(1)} != {row.get('latest_value')}")
    m = re.search(rf"\d{{4}}—\d{{4}}年(?:按可比价计算)?年均(增长|下降)({NUMBER})%", text)
    if m and row.get("target_kind") != "relative":
        value = _number(m.group(2)) * (1 if m.group(1) == "增长" else -1)
        if not same_at_printed(f"{value:.{_decimals(m.group(2))}f}", row.get("actual_cagr")):
            out.append(f"average growth {value} != {row.get('actual_cagr')}")
    T = _target_year(row)
    m = re.search(rf"预计{T}年(?:达到|为)({NUMBER})", text)
    if m and not same_at_printed(m.group(1), row.get(f"forecast_{T}")):
        out.append(f"forecast {m.group(1)} != {row.get(f'forecast_{T}')}")
    m = re.search(rf"按\d{{4}}年价格计算为({NUMBER})[^，。；（]*（80%区间", text)
    if m and not same_at_printed(m.group(1), row.get(f"real_forecast_{T}")):
        out.append(f"constant-price forecast {m.group(1)} != {row.get(f'real_forecast_{T}')}")
    m = re.search(r"概率约(\d+)%", text)
    if m:
        p = row.get("prob_meet")
        if not _finite(p) or round(float(p) * 100) != int(m.group(1)):
            out.append(f"probability {m.group(1)}% != {p}")
    m = re.search(r"后[一两三四五]年需年均(增长|下降)(" + NUMBER + ")%", text)
    if m:
        value = _number(m.group(2)) * (1 if m.group(1) == "增长" else -1)
        if not same_at_printed(f"{value:.{_decimals(m.group(2))}f}", row.get("required_growth")):
            out.append(f"required growth {value} != {row.get('required_growth')}")
    return out


# "年均增长7.5%，比规划目标（年均增长6.5%）高1.0个百分点" and the like.
_DIFF = re.compile(
    rf"年均(?P<sa>增长|下降)(?P<a>{NUMBER})%，比[^，。；]*?(?P<b>{NUMBER})%[）)]?"
    rf"(?P<dir>高|低)(?P<c>{NUMBER})个百分点"
)
_CHANGE = re.compile(
    rf"(?:达到|为)(?P<l>{NUMBER})[^，。；\d]*，比(?P<y>\d{{4}})年(?P<w>提高|增加|下降|减少)"
    rf"(?P<c>{NUMBER})"
)


def _check_differences(text: str, row: Mapping) -> list[str]:
    out = []
    for m in _DIFF.finditer(text):
        a = _number(m.group("a")) * (1 if m.group("sa") == "增长" else -1)
        b, c = _number(m.group("b")), _number(m.group("c"))
        d = max(_decimals(m.group("a")), _decimals(m.group("b")))
        gap = round(a - b, d)
        if not math.isclose(abs(gap), c, abs_tol=10 ** -(d + 3)) or (gap > 0) != (
            m.group("dir") == "高"
        ):
            out.append(f"difference {m.group(0)!r}: {a} − {b} = {gap}")
    for m in _CHANGE.finditer(text):
        latest, change = _number(m.group("l")), _number(m.group("c"))
        base = row.get("base_value")
        if not _finite(base):
            continue
        d = _decimals(m.group("l"))
        diff = round(latest - _rounded(float(base), d), d)
        sign = 1 if m.group("w") in ("提高", "增加") else -1
        if not math.isclose(diff, sign * change, abs_tol=10 ** -(d + 3)):
            out.append(f"change {m.group(0)!r}: {latest} − base {base} = {diff}")
    for m in re.finditer(r"较上年(收窄|扩大)", text):
        values = [float(v) for v in re.findall(rf"分别为({NUMBER})", text)]
        pair = re.search(rf"分别为({NUMBER})%?和({NUMBER})", text)
        if pair:
            values = [_number(pair.group(1)), _number(pair.group(2))]
        if len(values) == 2 and (values[1] > values[0]) != (m.group(1) == "扩大"):
            out.append(f"direction word {m.group(0)!r} against values {values}")
    return out


def _check_pairing(text: str, row: Mapping, unlikely: float) -> list[str]:
    category, outlook = str(row.get("category") or ""), str(row.get("outlook") or "")
    out = []
    good = category in GOOD
    p = re.search(r"概率(?:约(\d+)%|不足1%)", text)
    low = p is not None and (p.group(1) is None or int(p.group(1)) < unlikely * 100)
    joined = re.search(r"(?:进度(?:快于预期|基本符合预期|滞后于预期)|已提前实现规划目标)，但", text)
    if good and low and not joined:
        out.append(f"{category} beside a probability of {p.group(0)} without 但")
    if outlook in BAD_OUTLOOKS and good and not joined:
        out.append(f"category {category} and outlook {outlook} not joined by 但")
    if outlook == "有望实现" and category == "滞后于预期" and "仍有望如期实现" not in text:
        out.append("lagging with a likely outlook not joined")
    words = {"有望实现": "有望如期实现", "存在风险": "如期实现存在", "难以实现": "难以如期实现"}
    stated = category in ("快于预期", "基本符合预期", "滞后于预期")
    if outlook in words and stated and words[outlook] not in text:
        out.append(f"outlook {outlook} not stated")
    return out


def _check_degenerate(text: str, row: Mapping) -> list[str]:
    out = []
    m = re.search(rf"80%区间({NUMBER})[—至]({NUMBER})", text)
    if m and _number(m.group(1)) == _number(m.group(2)):
        out.append(f"zero-width interval printed as a finding: {m.group(0)!r}")
    zero = re.search(r"预计\d{4}年(?:达到|为)0(?:\.0+)?[^.\d]", text)
    if zero and (m is None or _number(m.group(2)) == 0):
        out.append("an all-zero forecast printed as a finding")
    if row.get("outlook") == "预测不适用" and ("预测不适用" not in text or "概率" in text):
        out.append("degenerate forecast not marked 预测不适用 or its probability printed")
    return out


def _points(line) -> dict[int, float]:
    return {int(x): float(y) for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)}


def check_chart(fig, row: Mapping, cells: Mapping[str, str]) -> list[str]:
    """The chart's drawn base, latest, 2025 target and forecast against the table cells.

    `cells`: the table's texts for this indicator by column key (base, y<year>, f<year>),
    marks (*, †) allowed. A chart drawn at base-year prices must say so in its subtitle
    (the table is nominal) and is compared only for its base.
    """
    out = []
    axes = fig.subfigs[0].axes
    lines: dict = {}  # the first panel's line of each kind (a running-sum panel comes second)
    for line in (line for ax in axes for line in ax.lines if line.get_gid()):
        lines.setdefault(line.get_gid(), line)
    texts = " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))
    real = "年价格" in texts
    actual = lines.get("actual")
    base_year, latest_year = int(row["base_year"]), row.get("latest_year")
    if actual is not None:
        points = _points(actual)
        wanted = [("base", base_year)]
        if not real and _finite(latest_year):
            wanted.append((f"y{int(latest_year)}", int(latest_year)))
        for key, year in wanted:
            text = re.sub(r"[*†,]", "", cells.get(key, ""))
            shown = year in points and re.fullmatch(NUMBER, text or "x")
            if shown and not same_at_printed(text, points[year]):
                out.append(f"chart {year} = {points[year]} but table {key} = {text}")
    forecast = lines.get("forecast")
    if forecast is not None and not real:
        points = _points(forecast)
        for key, text in cells.items():
            if key.startswith("f") and key[1:].isdigit() and int(key[1:]) in points:
                text = re.sub(r"[*†,]", "", text)
                if re.fullmatch(NUMBER, text) and not same_at_printed(text, points[int(key[1:])]):
                    out.append(f"chart forecast {key} = {points[int(key[1:])]} but table {text}")
    star = lines.get("target-star")
    target = row.get("target_level")
    point_target = row.get("target_kind") not in ("cumulative_total", "cagr_range")
    drawn = star is not None and not real and _finite(target) and point_target
    if drawn and not math.isclose(float(star.get_ydata()[0]), float(target), rel_tol=1e-9):
        out.append(f"chart target {star.get_ydata()[0]} != {target}")
    return out
