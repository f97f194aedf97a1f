"""Charts: every kind renders with Chinese glyphs, integer year ticks and the right artists.

Rows are built by hand in the shape of `planeval.method.assess.assess_plan` output.
"""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from planeval.errors import PlanevalError
from planeval.report import charts, style

matplotlib.use("Agg")

NAN = math.nan
FORECAST_YEARS = (2023, 2024, 2025)
CJK = re.compile(r"[\u4e00-\u9fff]")


def make_row(kind: str = "cagr", **overrides) -> dict:
    """One assessment row with plausible numbers; override any column."""
    row = {
        "indicator_id": "gdp",
        "order": 1,
        "name": "地区生产总值",
        "group": "经济发展",
        "attribute": "预期性",
        "binding": False,
        "unit": "亿元",
        "direction": "higher",
        "target_text": "6%",
        "target_kind": kind,
        "target_value": 6.0,
        "target_low": NAN,
        "target_high": NAN,
        "real_growth": False,
        "base_year": 2020,
        "base_value": 100.0,
        "latest_year": 2022,
        "latest_value": 110.0,
        "latest_provenance": "estimated",
        "ytd_period": "2023-06",
        "ytd_value": 55.0,
        "ytd_growth": 5.1,
        "actual_cagr": 4.9,
        "required_cagr": 6.0,
        "required_growth": 6.8,
        "target_level": NAN,
        "E": 0.4,
        "P": 0.38,
        "R": 0.95,
        "category": "基本符合预期",
        "secondary": "中等进展",
        "breach_years": "",
        "model": "对数线性趋势",
        "notes": "",
    }
    for k, y in enumerate(FORECAST_YEARS, start=1):
        point = 110.0 * 1.05**k
        row |= {
            f"forecast_{y}": point,
            f"lo80_{y}": point - 3 * k,
            f"hi80_{y}": point + 3 * k,
            f"lo95_{y}": point - 5 * k,
            f"hi95_{y}": point + 5 * k,
        }
    row.update(overrides)
    return row


def make_history(values: dict[int, float], estimated: tuple[int, ...] = (2022,), growth=None):
    years = sorted(values)
    return pd.DataFrame(
        {
            "year": years,
            "value": [values[y] for y in years],
            "provenance": ["estimated" if y in estimated else "official" for y in years],
            "growth": [NAN if growth is None else growth.get(y, NAN) for y in years],
        }
    )


GDP = make_history({2018: 90, 2019: 95, 2020: 100, 2021: 105, 2022: 110})


def no_forecast(row: dict) -> dict:
    for y in FORECAST_YEARS:
        for stat in ("forecast", "lo80", "hi80", "lo95", "hi95"):
            row[f"{stat}_{y}"] = NAN
    return row


# kind -> (row, history, extra kwargs, gids that must be drawn)
CASES = {
    "cagr": (
        make_row("cagr"),
        GDP,
        {},
        {"actual", "target-path", "target-star", "fan80", "fan95", "required-path"},
    ),
    "cagr_range": (
        make_row("cagr_range", target_text="5.5-6.5%", target_low=5.5, target_high=6.5),
        GDP,
        {},
        {"target-band", "target-star", "fan80", "fan95", "estimated"},
    ),
    "cagr_floor": (
        make_row("cagr_floor", target_text="9%以上", target_value=9.0),
        GDP,
        {},
        {"target-path", "fan80"},
    ),
    "level": (
        make_row("level", name="工业总产值", target_text="2000", target_value=150.0),
        GDP,
        {},
        {"target-path", "target-star", "target-label"},
    ),
    "pp_level": (
        make_row(
            "pp_level",
            name="常住人口城镇化率",
            unit="%",
            target_text="65%",
            target_value=65.0,
            base_value=62.0,
        ),
        make_history({2019: 61.0, 2020: 62.0, 2021: 62.6, 2022: 63.1}),
        {},
        {"target-path", "target-star"},
    ),
    "reduction": (
        make_row(
            "reduction",
            name="单位地区生产总值能耗降低",
            unit="吨标准煤/万元",
            direction="lower",
            target_text="累计下降13.5%",
            target_value=13.5,
            base_value=0.52,
        ),
        make_history({2019: 0.55, 2020: 0.52, 2021: 0.50, 2022: 0.49}),
        {},
        {"target-path", "target-star"},
    ),
    "ceiling": (
        no_forecast(
            make_row(
                "ceiling",
                name="人口自然增长率",
                unit="‰",
                direction="lower",
                target_text="控制在7‰以下",
                target_value=7.0,
                base_value=1.2,
                breach_years="",
            )
        ),
        make_history({2018: 3.1, 2019: 2.0, 2020: 1.2, 2021: 0.1, 2022: -0.8}),
        {},
        {"target-limit"},
    ),
    "floor": (
        make_row(
            "floor",
            name="森林覆盖率",
            unit="%",
            target_text="稳定在66以上",
            target_value=66.0,
            breach_years="2022",
        ),
        make_history({2020: 66.5, 2021: 66.2, 2022: 65.9}),
        {},
        {"target-limit", "breach", "fan80"},
    ),
    "cumulative_total": (
        make_row(
            "cumulative_total", name="全社会固定资产投资额", target_text="800", target_value=800.0
        ),
        make_history({2020: 150, 2021: 160, 2022: 165}),
        {},
        {"cumulative", "target-path", "target-star", "fan80", "fan95"},
    ),
    "relative": (
        make_row(
            "relative", name="城镇居民人均可支配收入", unit="元", target_text="与经济增长基本同步"
        ),
        make_history({2019: 28000, 2020: 30000, 2021: 32000, 2022: 33500}),
        {"reference": GDP, "reference_name": "地区生产总值"},
        {"growth-own", "growth-reference"},
    ),
    "qualitative": (
        make_row(
            "qualitative",
            name="万元地区生产总值能耗降低",
            unit="吨标准煤/万元",
            direction="lower",
            target_text="控制在柳州市下达指标内",
            category="需人工判断",
        ),
        make_history({2020: 0.52, 2021: 0.50, 2022: 0.49}),
        {
            "assigned": pd.DataFrame(
                {"year": [2021, 2022, 2023, 2024, 2025], "value": [0.51, 0.50, 0.49, 0.48, 0.47]}
            )
        },
        {"target-assigned", "actual"},
    ),
}


def gids(fig: Figure) -> set[str]:
    return {a.get_gid() for a in fig.findobj() if a.get_gid()}


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def render(fig: Figure, path: Path) -> Path:
    """Draw (for tick labels), check the year ticks, then save as PNG with warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.draw_without_rendering()
        return style.save(fig, path)


def year_ticks(fig: Figure) -> list[list[str]]:
    return [[t.get_text() for t in ax.get_xticklabels()] for ax in fig.axes]


def check_png(path: Path) -> None:
    assert path.is_file()
    assert path.stat().st_size > 15_000
    with Image.open(path) as img:
        width, _height = img.size
        dpi = img.info.get("dpi", (0, 0))[0]
    assert round(dpi) == style.DPI
    assert abs(width / style.DPI * 2.54 - 16) < 0.1  # 16 cm wide as placed on the page
    assert not list(path.parent.glob(".*.tmp"))  # atomic write left no temp file


# --- style ----------------------------------------------------------------------------


def test_cjk_font_is_the_simplified_chinese_face():
    family = style.find_cjk_font()
    assert family in style.CJK_FAMILIES
    path = font_manager.findfont(
        font_manager.FontProperties(family=style.rc_params()["font.family"])
    )
    font = font_manager.get_font(path)
    assert font.family_name == family
    if str(path).endswith(".ttc") and "Noto Sans CJK" in family:
        # 骨 has different JP and SC forms: the face used must map it to the SC glyph.
        jp = matplotlib.ft2font.FT2Font(str(path), face_index=0)
        assert jp.family_name.endswith("JP")
        assert font.get_char_index(ord("骨")) != jp.get_char_index(ord("骨"))


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(style, "CJK_FAMILIES", ("No Such Font SC",))
    style.find_cjk_font.cache_clear()
    try:
        with pytest.raises(PlanevalError, match="fonts-noto-cjk"):
            style.find_cjk_font()
    finally:
        style.find_cjk_font.cache_clear()


def test_category_colours_cover_the_official_order():
    assert set(style.CATEGORY_ORDER) <= set(style.CATEGORY_COLORS)
    assert len({style.CATEGORY_COLORS[c] for c in style.CATEGORY_ORDER}) == 5


def test_style_does_not_leak_into_global_rcparams():
    before = matplotlib.rcParams["font.family"]
    charts.indicator_chart(make_row(), GDP)
    assert matplotlib.rcParams["font.family"] == before


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_save_is_atomic_and_leaves_nothing_on_failure(tmp_path, monkeypatch, suffix):
    fig = Figure()
    fig.add_subplot().plot([1, 2])

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    if suffix == ".png":  # PNG is encoded by planeval itself, other formats by savefig
        monkeypatch.setattr(style, "png_bytes", boom)
    else:
        monkeypatch.setattr(fig, "savefig", boom)
    with pytest.raises(RuntimeError):
        style.save(fig, tmp_path / f"x{suffix}")
    assert list(tmp_path.iterdir()) == []


def test_png_is_a_palette_close_to_the_pixels_savefig_draws(tmp_path):
    """The PNG writer keeps 256 colours (the charts are flat colours and their edges):
    every pixel stays close to matplotlib's own, most are exact (the white background
    among them), the dpi is stored, and the file is less than half the size."""
    import io

    import numpy as np
    from PIL import Image

    def chart():
        fig = Figure(figsize=(4, 3))
        ax = fig.add_subplot()
        ax.plot([2019, 2020, 2021], [1.0, 3.5, 2.0], marker="o", label="实际值")
        ax.set_title("地区生产总值（亿元）")
        ax.legend()
        return fig

    with style.styled():  # charts are built under the style, as the report builds them
        reference = io.BytesIO()
        chart().savefig(reference, format="png", dpi=style.DPI)
        path = style.save(chart(), tmp_path / "x.png")
    with Image.open(path) as img:
        assert img.mode == "P"  # a palette PNG
        assert len(img.getpalette()) // 3 <= style.PNG_COLOURS
        assert round(img.info["dpi"][0]) == style.DPI
        ours = np.asarray(img.convert("RGB"), dtype=int)
    theirs = np.asarray(Image.open(io.BytesIO(reference.getvalue())).convert("RGB"), dtype=int)
    assert ours.shape == theirs.shape
    # the palette keeps every pixel close to matplotlib's own rendering, and most exact
    difference = np.abs(ours - theirs).max(axis=2)
    assert difference.max() <= 24 and difference.mean() < 1.5
    assert (difference == 0).mean() > 0.75
    assert (ours[theirs.sum(axis=2) == 3 * 255] == 255).all()  # white stays white
    assert path.stat().st_size < len(reference.getvalue()) / 2


# --- indicator charts -------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(CASES))
def test_indicator_chart_renders_every_kind(kind, tmp_path):
    row, history, kwargs, expected = CASES[kind]
    fig = charts.indicator_chart(row, history, source="资料来源：柳南区统计局", **kwargs)
    drawn = gids(fig)
    words = texts(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.draw_without_rendering()  # tick labels exist only after a draw
    assert expected <= drawn, expected - drawn
    for labels in year_ticks(fig):
        assert labels and all(re.fullmatch(r"(19|20)\d\d", t) for t in labels), labels
    assert row["name"] in words
    assert any(t.startswith("资料来源：柳南区统计局") for t in words)
    assert any(CJK.search(t) for t in words if t != row["name"])
    check_png(render(fig, tmp_path / f"{kind}.png"))


def test_a_recycled_figure_draws_the_same_pixels_as_a_new_one(tmp_path):
    """Every kind of indicator chart, drawn one after another on figures handed back
    with `charts.recycle` (in two orders, so each frame is reused by other kinds), is
    byte for byte the chart drawn on a new figure."""
    from planeval.report.charts import pool

    def draw(kind: str, recycle: bool) -> bytes:
        row, history, kwargs, _expected = CASES[kind]
        fig = charts.indicator_chart(row, history, source="资料来源：柳南区统计局", **kwargs)
        path = style.save(fig, tmp_path / f"{kind}.png")
        if recycle:
            charts.recycle(fig)
        return path.read_bytes()

    kinds = sorted(CASES)
    pool.clear_pool()
    new = {kind: draw(kind, recycle=False) for kind in kinds}
    for order in (kinds, kinds[::-1]):
        pool.clear_pool()
        reused = {kind: draw(kind, recycle=True) for kind in order}
        assert pool._FREE, "figures were handed back"
        assert [k for k in kinds if reused[k] != new[k]] == []
    pool.clear_pool()


def test_a_figure_not_handed_back_is_never_reused():
    from planeval.report.charts import pool

    pool.clear_pool()
    row, history, kwargs, _expected = CASES["cagr"]
    first = charts.indicator_chart(row, history, **kwargs)
    second = charts.indicator_chart(row, history, **kwargs)
    assert first is not second
    charts.recycle(first)
    assert charts.indicator_chart(row, history, **kwargs) is first
    charts.recycle(charts.progress_chart(pd.DataFrame([make_row()]), 0.4))  # not a kept kind
    assert all(fig is first or fig is second for free in pool._FREE.values() for fig in free)
    pool.clear_pool()


def test_estimates_and_forecasts_are_named_in_the_source_line():
    fig = charts.indicator_chart(make_row(), GDP, source="资料来源：柳南区统计局")
    source = next(t for t in texts(fig) if t.startswith("资料来源"))
    assert "2022年为预计数" in source.replace("\n", "")
    assert "预测为按现有趋势的模型估计" in source.replace("\n", "")
    assert "组合" not in source and "combo" not in source  # no model names or keys
    legend = [t.get_text() for leg in fig.findobj(matplotlib.legend.Legend) for t in leg.texts]
    assert "预计数" in legend and "80%预测区间" in legend and "95%预测区间" in legend


def test_target_star_label_and_ytd_note():
    row = make_row("level", target_text="2000", target_value=2000.0, base_value=1400.0)
    hist = make_history({2020: 1400, 2021: 1500, 2022: 1600})
    words = texts(charts.indicator_chart(row, hist))
    assert "2025年目标 2000" in words
    assert "2023年上半年累计增长5.1%" in words


def test_year_to_date_estimate_is_a_hollow_point_and_forecasts_start_before_it():
    """年度监测 before the year's first annual figure: the year's estimate from the 1-6月
    growth is drawn (hollow, named) at 2023; the forecast starts at the last annual value,
    so its 2023 point is the table's forecast, not the estimate."""
    row = make_row("cagr", latest_year=2023, latest_value=115.6, latest_provenance="ytd")
    row["forecast_2023"] = 115.0
    fig = charts.indicator_chart(row, GDP, source="资料来源：示例")
    hollow = next(a for a in fig.findobj() if a.get_gid() == "estimated")
    assert list(hollow.get_xdata()) == [2022, 2023] and hollow.get_ydata()[-1] == 115.6
    forecast = next(a for a in fig.findobj() if a.get_gid() == "forecast")
    assert list(forecast.get_xdata()[:2]) == [2022, 2023]
    assert forecast.get_ydata()[1] == pytest.approx(115.0)
    legend = [t.get_text() for leg in fig.findobj(matplotlib.legend.Legend) for t in leg.texts]
    assert "预计数、按年内累计数推算" in legend
    source = next(t for t in texts(fig) if t.startswith("资料来源")).replace("\n", "")
    assert "2023年为按年内累计数推算" in source


def test_approximate_target_is_named_as_written():
    fig = charts.indicator_chart(make_row("cagr", target_approx=True), GDP)
    legend = [t.get_text() for leg in fig.findobj(matplotlib.legend.Legend) for t in leg.texts]
    assert "目标路径（年均增长6%左右）" in legend


def test_required_pace_of_the_remaining_years_is_drawn():
    fig = charts.indicator_chart(make_row("cagr"), GDP)
    legend = [t.get_text() for leg in fig.findobj(matplotlib.legend.Legend) for t in leg.texts]
    assert "2023—2025年需年均增长6.8%" in legend
    path = next(a for a in fig.findobj() if a.get_gid() == "required-path")
    assert path.get_xdata()[0] == 2022 and path.get_ydata()[0] == pytest.approx(110)


def test_ceiling_is_labelled_with_its_limit():
    row, hist, _, _ = CASES["ceiling"]
    words = texts(charts.indicator_chart(row, hist))
    assert "上限\n7" in words


def test_nan_forecast_draws_no_fan(tmp_path):
    fig = charts.indicator_chart(no_forecast(make_row()), GDP)
    drawn = gids(fig)
    assert not {"fan80", "fan95", "forecast"} & drawn
    assert "target-path" in drawn
    check_png(render(fig, tmp_path / "nan.png"))


def test_point_forecast_without_intervals_draws_line_only():
    row = make_row()
    for y in FORECAST_YEARS:
        row[f"lo95_{y}"] = NAN
    drawn = gids(charts.indicator_chart(row, GDP))
    assert "forecast" in drawn and "fan80" in drawn and "fan95" not in drawn


@pytest.mark.parametrize(
    "history",
    [
        make_history({2022: 110.0}),  # a single point
        make_history({}),  # nothing at all
        make_history({2020: 5.0, 2021: 5.0, 2022: 5.0}, estimated=()),  # flat
        make_history({2020: -0.8, 2021: -1.2, 2022: -1.5}),  # negative
        make_history({2020: 0.0, 2021: 0.0, 2022: 0.0}),  # zero
    ],
    ids=["single", "empty", "flat", "negative", "zero"],
)
@pytest.mark.parametrize("kind", ["cagr", "level", "ceiling", "cumulative_total"])
def test_awkward_series_render(history, kind):
    base = history.loc[history["year"] == 2020, "value"]
    row = make_row(
        kind,
        base_value=float(base.iloc[0]) if len(base) else NAN,
        target_value=7.0 if kind != "cumulative_total" else 800.0,
    )
    fig = charts.indicator_chart(row, history)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.draw_without_rendering()  # measures every glyph: a missing one warns here too
    for labels in year_ticks(fig):
        assert all(re.fullmatch(r"\d{4}", t) for t in labels)


def test_negative_base_gets_a_linear_path_not_nan():
    row = make_row("level", base_value=-0.8, target_value=-0.2, target_text="-0.2")
    hist = make_history({2020: -0.8, 2021: -0.6, 2022: -0.5})
    fig = charts.indicator_chart(row, hist)
    path = next(a for a in fig.findobj() if a.get_gid() == "target-path")
    ys = path.get_ydata()
    assert np.isfinite(ys).all() and ys[0] == pytest.approx(-0.8) and ys[-1] == pytest.approx(-0.2)


def test_real_growth_target_is_drawn_at_base_year_prices():
    hist = make_history(
        {2019: 95, 2020: 100, 2021: 110, 2022: 118}, growth={2020: 2.0, 2021: 6.0, 2022: 3.0}
    )
    row = make_row("cagr", real_growth=True)
    fig = charts.indicator_chart(row, hist)
    line = next(a for a in fig.findobj() if a.get_gid() == "actual")
    assert line.get_ydata()[-1] == pytest.approx(100 * 1.06 * 1.03)  # chained real growth
    assert "fan80" not in gids(fig)  # nominal forecasts are not mixed into a real chart
    joined = " ".join(texts(fig))
    assert "2020年价格" in joined and "可比价" in joined


def test_relative_without_reference_shows_level_and_says_so():
    row, hist, _, _ = CASES["relative"]
    fig = charts.indicator_chart(row, hist)
    assert "actual" in gids(fig)
    assert any("未提供参照指标数据" in t for t in texts(fig))


def test_qualitative_without_assigned_values_needs_manual_judgement():
    row, hist, _, _ = CASES["qualitative"]
    fig = charts.indicator_chart(row, hist)
    assert "target-assigned" not in gids(fig)
    assert any("需人工判断" in t for t in texts(fig))


def test_long_name_and_missing_columns_do_not_break():
    row = {
        "name": "每千人口拥有3岁以下婴幼儿托位数（含普惠性托位）",
        "target_kind": "level",
        "target_value": 4.5,
        "unit": "个",
    }
    hist = make_history({2020: 1.8, 2021: 2.4, 2022: 3.0})
    fig = charts.indicator_chart(row, hist)
    assert "target-path" in gids(fig)


# --- overview charts --------------------------------------------------------------------


def overview_frame() -> pd.DataFrame:
    rows = [
        make_row(name="地区生产总值", order=1, P=0.38, R=0.95, category="基本符合预期"),
        make_row(name="工业总产值", order=2, P=0.55, R=1.375, category="快于预期"),
        make_row(name="常住人口城镇化率", order=3, P=1.2, R=3.0, category="提前实现"),
        make_row(
            name="单位地区生产总值二氧化碳排放降低",
            order=4,
            P=-0.1,
            R=-0.25,
            category="滞后于预期",
            binding=True,
            direction="lower",
            actual_cagr=1.0,
            required_cagr=-3.0,
            required_growth=-6.0,
        ),
        make_row(
            "ceiling",
            name="城镇调查失业率",
            order=5,
            P=NAN,
            R=NAN,
            category="基本符合预期",
            actual_cagr=NAN,
            required_cagr=NAN,
            required_growth=NAN,
        ),
        make_row(
            "qualitative",
            name="主要污染物排放量",
            order=6,
            P=NAN,
            R=NAN,
            category="需人工判断",
            binding=True,
            actual_cagr=NAN,
            required_cagr=NAN,
            required_growth=NAN,
        ),
        make_row(
            "relative",
            name="城镇居民人均可支配收入",
            order=7,
            P=NAN,
            R=NAN,
            category="基本符合预期",
            actual_cagr=6.2,
            required_cagr=NAN,
            required_growth=NAN,
        ),
    ]
    return pd.DataFrame(rows)


def test_progress_chart_lists_indicators_without_progress(tmp_path):
    frame = overview_frame()
    fig = charts.progress_chart(frame, 0.4)
    words = texts(fig)
    assert "时间进度40%" in words
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(frame)  # nobody silently dropped
    assert labels[0].startswith("3.")  # highest R on top
    listed = [a for a in fig.findobj(Text) if a.get_gid() == "no-progress"]
    assert [t.get_text() for t in listed] == [
        "逐年上限：基本符合预期",
        "定性目标：需人工判断",
        "相对目标：基本符合预期",
    ]
    assert sum(a.get_gid() == "progress-bar" for a in fig.findobj()) == 4
    check_png(render(fig, tmp_path / "progress.png"))


def test_progress_chart_accepts_percent_and_frame_elapsed():
    frame = overview_frame()
    assert "时间进度40%" in texts(charts.progress_chart(frame, 40))
    assert "时间进度40%" in texts(charts.progress_chart(frame))  # from the E column


def test_growth_dumbbell_only_rows_with_both_rates(tmp_path):
    frame = overview_frame()
    fig = charts.growth_dumbbell(frame)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 4
    assert not any("失业率" in lb or "收入" in lb for lb in labels)
    assert sum(a.get_gid() == "dumbbell" for a in fig.findobj()) == 4
    assert "-6.0%" in texts(fig)  # the remaining years' rate, not the plan's own -3.0%
    check_png(render(fig, tmp_path / "dumbbell.png"))


@pytest.mark.parametrize("spread", [1.5, 6.0, 16.0, 40.0])
def test_rate_ticks_are_labelled_with_their_own_values(spread):
    """Every percent tick of the growth chart reads its position: no 2.5 % step shown
    as "2%" (found on a chart spanning −4.8 % to 11.5 %)."""
    frame = overview_frame()
    rates = frame["actual_cagr"].notna()
    frame.loc[rates, "actual_cagr"] = np.linspace(-spread / 3, spread, rates.sum())
    fig = charts.growth_dumbbell(frame)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    shown = [
        (loc, label.get_text())
        for loc, label in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
        if lo <= loc <= hi
    ]
    assert len(shown) >= 3
    for loc, text in shown:
        assert float(text.replace("−", "-").rstrip("%")) == pytest.approx(loc), shown


def test_growth_dumbbell_with_no_rows_renders_a_note(tmp_path):
    frame = overview_frame().assign(required_growth=NAN)
    fig = charts.growth_dumbbell(frame)
    assert any("没有同时具备" in t for t in texts(fig))
    render(fig, tmp_path / "empty.png")


def test_category_counts_of_a_final_evaluation_use_its_words():
    frame = overview_frame()
    frame = frame.assign(
        category=[("已完成", "未完成", "基本完成")[i % 3] for i in range(len(frame))]
    )
    fig = charts.category_counts(frame)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["已完成", "基本完成", "未完成", "需人工判断"]


def test_category_counts_in_official_order(tmp_path):
    frame = overview_frame()
    fig = charts.category_counts(frame)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == list(style.category_order(set()))  # the mid-term words
    words = texts(fig)
    assert "3项" in words and "1项（其中约束性1项）" in words
    bars = [a for a in fig.axes[0].patches if a.get_gid() == "category-bars"]
    assert [round(p.get_width()) for p in bars] == [1, 1, 3, 1, 1]
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in bars]
    assert colours == [style.CATEGORY_COLORS[c] for c in style.category_order(set())]
    check_png(render(fig, tmp_path / "categories.png"))


def test_wrap_balances_long_names():
    assert charts.base.wrap_name("全社会固定资产投资额", 9) == "全社会固定\n资产投资额"
    assert (
        charts.base.label_name({"order": 4, "name": "全社会固定资产投资额"})
        == "4. 全社会固定资产投资额"
    )
    assert charts.base.wrap_name("地区生产总值", 9) == "地区生产总值"
    assert charts.base.wrap_name("细颗粒物(PM2.5)平均浓度", 9) == "细颗粒物(PM2.5)\n平均浓度"
    long = charts.base.wrap_name("每千人口拥有3岁以下婴幼儿托位数含普惠性托位数量", 9)
    assert long.count("\n") == 1 and long.endswith("…")


@pytest.mark.parametrize(
    "make", [charts.category_counts, charts.progress_chart, charts.growth_dumbbell]
)
def test_overview_without_title_for_a_numbered_caption(make):
    fig = make(overview_frame(), title="")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.draw_without_rendering()
    assert not any(t in texts(fig) for t in ("主要指标评估结论", "主要指标任务进度"))


def test_revised_base_is_drawn_with_a_break_and_labels_tell_values_apart():
    # 森林覆盖率: history 23.4, 23.6 (old basis) then revised base 21.8, 2021 21.9, 2022 22.1.
    row = make_row(
        "pp_level",
        name="森林覆盖率",
        unit="%",
        target_value=24.0,
        target_text="24%",
        real_growth=False,
        base_value=21.8,
        base_source="revised",
        base_printed=23.6,
        base_revised=21.8,
        latest_value=22.1,
        target_level=24.0,
    )
    history = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "value": [23.4, 23.6, 21.9, 22.1]})
    fig = charts.indicator_chart(row, history)
    ax = fig.subfigs[0].axes[0]
    actual = next(line for line in ax.lines if line.get_gid() == "actual")
    assert list(actual.get_xdata()) == [2020, 2021, 2022]
    assert actual.get_ydata()[0] == pytest.approx(21.8)  # the revised base, not 23.6
    old = next(line for line in ax.lines if line.get_gid() == "old-basis")
    assert list(old.get_xdata()) == [2019, 2020]
    assert any(line.get_gid() == "break" for line in ax.lines)
    assert "21.8" in texts(fig) and "23.6" not in texts(fig)


def test_close_values_get_enough_decimals():
    from planeval.report.charts.indicator import _distinguishing_decimals

    assert _distinguishing_decimals(2, [0.012, 0.007]) == 3
    assert _distinguishing_decimals(2, [0.329, 0.332, 0.33]) == 3
    assert _distinguishing_decimals(1, [4.5, 5.0]) == 1
