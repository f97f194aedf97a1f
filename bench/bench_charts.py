"""Time to render the charts of a 30-indicator plan (mean ms per chart).

    python bench/bench_charts.py            # time only
    python bench/bench_charts.py --out /tmp/charts   # also keep the PNGs to look at

The assessment rows are synthetic but shaped like `planeval.method.assess.assess_plan` output:
every target kind, estimates, a year-to-date figure, NaN forecasts, negative values.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from planeval.report import charts, style

FORECAST_YEARS = (2023, 2024, 2025)

# name, unit, kind, attribute, base value, yearly growth %, target args, category
SPECS = [
    (
        "地区生产总值",
        "亿元",
        "cagr_range",
        "预期性",
        500.0,
        5.6,
        {"low": 5.5, "high": 6.5},
        "基本符合预期",
    ),
    ("工业总产值", "亿元", "level", "预期性", 1400.0, 8.0, {"value": 2000.0}, "快于预期"),
    ("财政收入", "亿元", "cagr", "预期性", 30.0, 3.0, {"value": 6.0}, "滞后于预期"),
    (
        "全社会固定资产投资额",
        "亿元",
        "cumulative_total",
        "预期性",
        150.0,
        4.0,
        {"value": 800.0},
        "基本符合预期",
    ),
    (
        "社会消费品零售总额",
        "亿元",
        "cagr_floor",
        "预期性",
        200.0,
        11.5,
        {"value": 10.0},
        "快于预期",
    ),
    ("人口自然增长率", "‰", "ceiling", "约束性", 1.2, None, {"value": 7.0}, "基本符合预期"),
    ("城镇居民人均可支配收入", "元", "relative", "预期性", 40000.0, 6.0, {}, "基本符合预期"),
    ("城镇调查失业率", "%", "ceiling", "约束性", 4.2, None, {"value": 4.5}, "滞后于预期"),
    (
        "万元地区生产总值能耗降低",
        "吨标准煤/万元",
        "qualitative",
        "约束性",
        0.52,
        -3.0,
        {},
        "需人工判断",
    ),
    ("常住人口城镇化率", "%", "pp_level", "预期性", 62.0, None, {"value": 65.0}, "提前实现"),
    (
        "单位地区生产总值二氧化碳排放降低",
        "吨/万元",
        "reduction",
        "约束性",
        1.1,
        -4.0,
        {"value": 18.0},
        "滞后于预期",
    ),
    ("森林覆盖率", "%", "floor", "约束性", 66.5, None, {"value": 66.0}, "基本符合预期"),
]

TARGET_TEXTS = {
    "地区生产总值": "5.5-6.5%",
    "工业总产值": "2000",
    "财政收入": "6%",
    "全社会固定资产投资额": "800",
    "社会消费品零售总额": "10%以上",
    "人口自然增长率": "控制在7‰以下",
    "城镇居民人均可支配收入": "与经济增长基本同步",
    "城镇调查失业率": "4.5以内",
    "万元地区生产总值能耗降低": "控制在柳州市下达指标内",
    "常住人口城镇化率": "65%",
    "单位地区生产总值二氧化碳排放降低": "累计下降18%",
    "森林覆盖率": "稳定在66以上",
}


def _history(base: float, growth: float | None, seed: int, kind: str) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = np.arange(2013, 2023)
    if kind == "ceiling" and base < 2:  # natural growth rate: falling, then negative
        values = np.linspace(5.5, -0.8, len(years)) + rng.normal(0, 0.3, len(years))
    elif growth is None:
        values = base + np.cumsum(rng.normal(0.15, 0.25, len(years))) - 1.2
    else:
        steps = 1 + (growth + rng.normal(0, 1.5, len(years))) / 100
        values = base * np.cumprod(steps) / np.prod(steps[: list(years).index(2020) + 1])
    prov = ["official"] * len(years)
    prov[-1] = "estimated"
    growth_col = [nan_if(growth, g) for g in (np.r_[math.nan, values[1:] / values[:-1] - 1] * 100)]
    return pd.DataFrame({"year": years, "value": values, "provenance": prov, "growth": growth_col})


def nan_if(growth, g):
    return math.nan if growth is None else g


def _row(i: int, spec, hist: pd.DataFrame) -> dict:
    name, unit, kind, attribute, _base, _g, target, category = spec
    base = float(hist.loc[hist["year"] == 2020, "value"].iloc[0])
    latest = float(hist["value"].iloc[-1])
    trend = latest / hist["value"].iloc[-2] if latest > 0 and hist["value"].iloc[-2] > 0 else 1.0
    row = {
        "indicator_id": f"ind{i}",
        "order": i + 1,
        "name": name,
        "group": "经济发展",
        "attribute": attribute,
        "binding": attribute == "约束性",
        "unit": unit,
        "direction": "lower" if kind in {"ceiling", "reduction", "qualitative"} else "higher",
        "target_text": TARGET_TEXTS[name],
        "target_kind": kind,
        "target_value": target.get("value", math.nan),
        "target_low": target.get("low", math.nan),
        "target_high": target.get("high", math.nan),
        "base_year": 2020,
        "base_value": base,
        "latest_year": 2022,
        "latest_value": latest,
        "latest_provenance": "estimated",
        "ytd_period": "2023-06" if i % 3 == 0 else None,
        "ytd_value": math.nan,
        "ytd_growth": 5.1 if i % 3 == 0 else math.nan,
        "actual_cagr": ((latest / base) ** 0.5 - 1) * 100 if base > 0 and latest > 0 else math.nan,
        "required_cagr": target.get("value", 6.0) if kind.startswith("cagr") else math.nan,
        "required_growth": 7.2 - i % 5,
        "target_level": math.nan,
        "E": 0.4,
        "P": [
            0.38,
            0.52,
            0.21,
            0.41,
            0.48,
            math.nan,
            math.nan,
            math.nan,
            math.nan,
            1.1,
            0.18,
            math.nan,
        ][i % 12],
        "category": category,
        "secondary": "中等进展" if kind in {"cagr", "cagr_range", "level"} else "不适用",
        "breach_years": "2022" if i == 7 else "",
        "model": "ETS（阻尼趋势）与对数线性趋势组合",
        "notes": "",
    }
    row["R"] = row["P"] / 0.4
    for k, y in enumerate(FORECAST_YEARS, start=1):
        point = latest * trend**k if kind != "ceiling" else latest + 0.1 * k
        spread = abs(point) * 0.03 * math.sqrt(k) + 0.05
        row |= {
            f"forecast_{y}": point,
            f"lo80_{y}": point - spread,
            f"hi80_{y}": point + spread,
            f"lo95_{y}": point - 1.5 * spread,
            f"hi95_{y}": point + 1.5 * spread,
        }
    if i == 4:  # a model that failed: no forecast at all
        row |= {
            f"{s}_{y}": math.nan
            for y in FORECAST_YEARS
            for s in ("forecast", "lo80", "hi80", "lo95", "hi95")
        }
    return row


def demo_plan(n: int = 30) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """n assessment rows (kinds cycle through SPECS) and their histories by indicator_id."""
    rows, histories = [], {}
    for i in range(n):
        spec = SPECS[i % len(SPECS)]
        hist = _history(spec[4], spec[5], i, spec[2])
        row = _row(i, spec, hist)
        rows.append(row)
        histories[row["indicator_id"]] = hist
    return pd.DataFrame(rows), histories


def render_all(
    frame: pd.DataFrame,
    histories: dict,
    out: Path,
    dpi: int = style.PRINT_DPI,
    recycle: bool = True,
) -> list[float]:
    """Render every chart to out/; returns the seconds each chart took."""
    times = []
    gdp = histories[frame.iloc[0]["indicator_id"]]
    assigned = pd.DataFrame({"year": range(2021, 2026), "value": [0.50, 0.49, 0.48, 0.47, 0.46]})
    for _, row in frame.iterrows():
        start = time.perf_counter()
        fig = charts.indicator_chart(
            row,
            histories[row["indicator_id"]],
            source="资料来源：柳南区统计局",
            reference=gdp if row["target_kind"] == "relative" else None,
            reference_name="地区生产总值",
            assigned=assigned if row["target_kind"] == "qualitative" else None,
        )
        style.save(fig, out / f"{int(row['order']):02d}_{row['target_kind']}.png", dpi)
        if recycle:  # as a report does: the next chart of this frame is drawn on it
            charts.recycle(fig)
        times.append(time.perf_counter() - start)
    for name, make in (
        ("progress", lambda: charts.progress_chart(frame, 0.4)),
        ("dumbbell", lambda: charts.growth_dumbbell(frame)),
        ("categories", lambda: charts.category_counts(frame)),
    ):
        start = time.perf_counter()
        style.save(make(), out / f"overview_{name}.png", dpi)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the PNGs in this folder")
    parser.add_argument("-n", type=int, default=30, help="number of indicators")
    parser.add_argument(
        "--dpi", type=int, default=style.PRINT_DPI, help="PNG resolution (reports: 200)"
    )
    parser.add_argument(
        "--new-figures",
        action="store_true",
        help="a new figure for every chart (no figure handed back for the next one)",
    )
    args = parser.parse_args()
    frame, histories = demo_plan(args.n)
    charts.indicator_chart(frame.iloc[0], histories["ind0"])  # warm-up: font cache, imports
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        wall, cpu = time.perf_counter(), time.process_time()
        times = render_all(frame, histories, out, args.dpi, recycle=not args.new_figures)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per = np.array(times) * 1000
    n = len(times)
    print(f"{n} charts ({args.n} indicator + 3 overview), rendered and saved as {args.dpi} dpi PNG")
    print(
        f"wall {wall:.2f} s: mean {per.mean():.0f} ms/chart, median {np.median(per):.0f} ms, "
        f"max {per.max():.0f} ms"
    )
    print(
        f"cpu  {cpu:.2f} s: mean {cpu / n * 1000:.0f} ms/chart (less sensitive to a busy machine)"
    )
    print(
        f"indicator charts mean {per[:-3].mean():.0f} ms; overview charts (progress, dumbbell, "
        "categories) " + ", ".join(f"{t:.0f}" for t in per[-3:]) + " ms"
    )


if __name__ == "__main__":
    main()
