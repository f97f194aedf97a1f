"""主要指标完成情况表: the table model, its HTML and the formatted Excel workbook."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from planeval.config import PlanConfig
from planeval.data.plandata import PlanData
from planeval.report.indicator_table import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    build_table,
    excel_columns,
    excel_filename,
    write_excel,
)
from planeval.report.style import CATEGORY_COLORS, OUTLOOK_COLORS

nan = math.nan


@pytest.fixture
def config(tmp_path):
    return PlanConfig(
        "demo",
        "某某区规划纲要",
        "某某区",
        data_dir=tmp_path,
        parent="某某市",
        annual_cutoff=dt.date(2022, 12, 31),
        monthly_cutoff=dt.date(2023, 6, 30),
    )


def _annual(rows):
    return pd.DataFrame(
        [
            {
                "indicator_id": i,
                "year": y,
                "value": v,
                "growth": nan,
                "provenance": p,
                "superseded_estimate": nan,
                "source": "annual.csv:2",
            }
            for i, y, v, p in rows
        ]
    )


@pytest.fixture
def data():
    indicators = pd.DataFrame(
        {
            "order": [1, 2, 3],
            "category": ["经济发展", "人民生活", "人民生活"],
            "name": ["地区生产总值", "城镇居民人均可支配收入", "城镇调查失业率"],
            "unit": ["亿元", "元", "%"],
            "unit_printed": ["亿元", "元", "%"],
        },
        index=pd.Index(["gdp", "income", "unemployment"], name="indicator_id"),
    )
    annual = _annual(
        [
            ("gdp", 2020, 700.0, "official"),
            ("gdp", 2021, 740.25, "official"),
            ("gdp", 2022, 760.5, "estimated"),
            ("income", 2020, 41256.0, "official"),
            ("income", 2021, 45010.0, "official"),
            ("income", 2022, 47936.0, "official"),
            ("unemployment", 2020, 4.1, "official"),
            ("unemployment", 2021, 3.8, "official"),
            ("unemployment", 2022, 4.2, "official"),
        ]
    )
    empty = pd.DataFrame()
    return PlanData(
        "demo",
        indicators,
        annual,
        empty,
        pd.DataFrame(columns=["indicator_id", "year", "value"]),
        empty,
        empty,
        empty,
    )


def _row(
    iid,
    order,
    group,
    name,
    unit,
    attribute,
    kind,
    target,
    base,
    latest,
    category,
    P=nan,
    base_source="annual",
    ytd=(None, nan, nan),
    forecasts=(nan, nan, nan),
    outlook="",
):
    row = {
        "indicator_id": iid,
        "order": order,
        "name": name,
        "group": group,
        "attribute": attribute,
        "binding": attribute == "约束性",
        "unit": unit,
        "direction": "higher",
        "target_text": target,
        "target_kind": kind,
        "base_year": 2020,
        "base_value": base,
        "base_source": base_source,
        "latest_year": 2022,
        "latest_value": latest,
        "E": 0.4,
        "P": P,
        "category": category,
        "outlook": outlook,
        "ytd_period": ytd[0],
        "ytd_value": ytd[1],
        "ytd_growth": ytd[2],
    }
    for y, f in zip((2023, 2024, 2025), forecasts, strict=True):
        row[f"forecast_{y}"] = f
    return row


@pytest.fixture
def frame():
    return pd.DataFrame(
        [
            _row(
                "gdp",
                1,
                "经济发展",
                "地区生产总值",
                "亿元",
                "预期性",
                "cagr_range",
                "5.5-6.5%",
                690.0,
                760.5,
                "滞后于预期",
                P=0.2068,
                base_source="revised",
                ytd=("2023-06", 385.76, 3.8),
                forecasts=(790.1, 820.456, 865.757),
                outlook="存在风险",
            ),
            _row(
                "income",
                2,
                "人民生活",
                "城镇居民人均可支配收入",
                "元",
                "预期性",
                "cagr_floor",
                "9%以上",
                41256.0,
                47936.0,
                "基本符合预期",
                P=0.3483,
                forecasts=(50919.2, 53975.0, 57118.5),
                outlook="难以实现",
            ),
            _row(
                "unemployment",
                3,
                "人民生活",
                "城镇调查失业率",
                "%",
                "约束性",
                "ceiling",
                "4.5以内",
                4.1,
                4.2,
                "需人工判断",
                forecasts=(4.5, 4.7, 4.95),
                outlook="需人工判断",
            ),
        ]
    )


def test_table_rows_and_marks(frame, data, config):
    table = build_table(frame, data, config)
    text = table.to_frame()
    assert len(table) == 3
    gdp = text.iloc[0]
    assert gdp["2020年基期"] == "690.00†"  # revised base
    assert gdp["2022年"] == "760.50*"  # estimate
    assert gdp["2021年"] == "740.25"
    assert gdp["2023年1-6月"] == "385.76（3.8%）"
    assert gdp["2025年预测"] == "865.76"
    assert gdp["进度（时间进度40%）"] == "20.7%"
    assert text.iloc[1]["2025年预测"] == "57,119"
    assert text.iloc[2]["进度（时间进度40%）"] == "—"
    assert list(text["评价"]) == ["滞后于预期", "基本符合预期", "需人工判断"]
    assert any("预计数" in n for n in table.footnotes)
    assert any("†" in n for n in table.footnotes)


def test_html_has_one_row_per_indicator_and_coloured_categories(frame, data, config):
    html = build_table(frame, data, config).to_html(number=1)
    assert html.count('class="pe-indicator-row"') == 3
    assert html.count('class="pe-group"') == 2  # 经济发展, 人民生活
    assert f"background:{CATEGORY_COLORS['滞后于预期']}" in html
    assert '<th class="pe-col-outlook">如期实现前景</th>' in html
    assert f"background:{OUTLOOK_COLORS['难以实现']}" in html
    assert "表1　某某区“十四五”规划主要指标完成情况表" in html


def test_excel_workbook(frame, data, config, tmp_path):
    table = build_table(frame, data, config)
    path = write_excel(table, config, tmp_path / excel_filename(config))
    assert path.name == "demo_主要指标完成情况表.xlsx"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # atomic
    ws = load_workbook(path).active
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers == [c.header for c in excel_columns(table, config)]
    assert headers[:5] == ["序号", "类别", "指标", "单位", "属性"]
    assert "2023年1-6月累计增速（%）" in headers
    assert ws.cell(1, 1).value == "某某区“十四五”规划主要指标完成情况表"
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + 2, values_only=True))
    assert [r[2] for r in rows] == ["地区生产总值", "城镇居民人均可支配收入", "城镇调查失业率"]
    assert ws.cell(FIRST_DATA_ROW + 3, 1).value is None  # a blank row, then footnotes
    col = {h: i + 1 for i, h in enumerate(headers)}
    gdp_2022 = ws.cell(FIRST_DATA_ROW, col["2022年"])
    assert gdp_2022.value == pytest.approx(760.5)
    assert gdp_2022.number_format == '0.00"*"'
    assert ws.cell(FIRST_DATA_ROW, col["2020年基期"]).number_format == '0.00"†"'
    assert ws.cell(FIRST_DATA_ROW + 1, col["2025年预测"]).number_format == "#,##0"
    assert ws.cell(FIRST_DATA_ROW + 2, col["2022年"]).number_format == "0.0"
    assert ws.cell(FIRST_DATA_ROW, col["2023年1-6月累计增速（%）"]).value == pytest.approx(3.8)
    progress = ws.cell(FIRST_DATA_ROW, col["进度（时间进度40%）"])
    assert progress.value == pytest.approx(0.2068) and progress.number_format == "0.0%"
    for i, category in enumerate(["滞后于预期", "基本符合预期", "需人工判断"]):
        cell = ws.cell(FIRST_DATA_ROW + i, col["评价"])
        assert cell.value == category
        assert cell.fill.fgColor.rgb.endswith(CATEGORY_COLORS[category].lstrip("#").upper())
    # 如期实现前景 beside the category, coloured with the outlook palette
    assert headers[-1] == "如期实现前景"
    for i, outlook in enumerate(["存在风险", "难以实现", "需人工判断"]):
        cell = ws.cell(FIRST_DATA_ROW + i, col["如期实现前景"])
        assert cell.value == outlook
        assert cell.fill.fgColor.rgb.endswith(OUTLOOK_COLORS[outlook].lstrip("#").upper())
    assert ws.freeze_panes == f"D{FIRST_DATA_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9": A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["C"].width == 22
