"""Write the illustrative sample inputs in data/raw/<plan>/ (deterministic).

    python scripts/make_sample_data.py            # rewrites the generated files

All figures are illustrative, except the public figures listed in
data/raw/README.md. The 柳南区 indicator table (附件1) and task decomposition
(附件3) are verbatim; the other plans' tables are composed in the style of
Chinese district plans. The evaluator texts (texts/*.md) are hand-written and
not touched by this script.

Cases the assessment method must meet, and the indicator that plays each:

  ahead of target ............ jiangbei fixed_investment (R≈1.5), nankai tech_contract,
                               hebei commodity_sales, baicheng energy_capacity
  behind target .............. liunan gdp (5.5-6.5%, 2022 real −1.2 %), liunan retail_sales
  2025 target already met .... nankai high_value_patents (31.2 ≥ 30),
                               jiangbei water_quality (86.1 ≥ 85)
  binding ceiling breached in exactly one year
                               nankai unemployment (5.6 in 2022 vs 控制在5.5%以内)
  binding floor breached ..... jiangbei air_good_days (88.8 in 2022 vs 稳定在90%以上)
  qualitative, assigned values liunan energy_intensity (assigned.csv; 2022 above the limit),
                               nankai safety_deaths (assigned.csv; within)
  qualitative, manual ........ liunan pollutant_emissions (基本符合预期),
                               jiangbei co2_reduction (滞后于预期), baicheng co2_reduction (快于预期)
  qualitative, no judgement .. nankai fixed_investment_growth (保持在合理区间),
                               hebei energy_intensity (控制在市下达指标内)
  five-year cumulative total . liunan fixed_investment (800), nankai domestic_investment (1000),
                               jiangbei housing (5000 套)
  cumulative reduction ....... nankai energy_reduction / co2_reduction, jiangbei energy_reduction,
                               baicheng energy_reduction (all lagging, as nationally)
  relative to GDP ............ resident_income in nankai, jiangbei (高于GDP增长), hebei, baicheng
  estimate pending (2022 预计数) hebei rd_intensity, baicheng rd_intensity, jiangbei energy_reduction
  estimate superseded ........ nankai gdp 2020: 632 预计数 (annual_发改委.xlsx) vs 631.7 统计数
                               (annual_统计局.csv)
  preliminary (初步核算数) ..... baicheng gdp 2022
  5-point series ............. liunan unemployment (2018–2022)
  zero / negative values ..... nankai childcare (0 in 2016), liunan natural_growth_rate (−0.8‰
                               in 2022), nankai fixed_investment_growth (negative growth years)
  revised base (口径调整) ..... baicheng urbanization (七普), jiangbei forest_cover (国土三调);
                               2011–2020 on the old basis, 2021– on the new
  lagging as nationally ...... energy/CO2 intensity, good-air days (nankai), childcare (all plans)
  half-year figure ........... liunan gdp monthly 2020-06: 269.17 亿元, −19.3 %

Encodings: hebei CSVs are GB18030, jiangbei CSVs UTF-8 with BOM, the others
plain UTF-8; nankai indicators/annual_发改委/projects, jiangbei annual_财政局
and baicheng annual_生态环境局 are .xlsx (Chinese headers).
"""

# ruff: noqa: E501  (tables of verbatim Chinese text; CJK characters count double)
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SEED = 20230630
PLANS = ("liunan", "nankai", "jiangbei", "hebei", "baicheng")
LAST = 2022  # annual data cutoff 2022-12-31


def rng_for(plan: str, kind: str) -> np.random.Generator:
    """One independent, fixed stream per plan and file kind."""
    kinds = ("annual", "tasks", "projects", "survey")
    return np.random.default_rng([SEED, PLANS.index(plan), kinds.index(kind)])


# ----------------------------------------------------------------------------
# Annual series builders
# ----------------------------------------------------------------------------


@dataclass
class Series:
    values: dict[int, float]
    growth: dict[int, float] = field(default_factory=dict)  # reported real growth %
    kinds: dict[int, str] = field(default_factory=dict)  # 数据类型 other than 统计数
    notes: dict[int, str] = field(default_factory=dict)


def _num(v: float, nd: int) -> float | int:
    return round(float(v)) if nd == 0 else round(float(v), nd)


def compound(rng, anchor, recent, hist, sd=1.0, start=2011, nd=2) -> Series:
    """Levels chained from growth rates (%): `recent` {year: g} as given, earlier
    years drawn around `hist`; `anchor` = (year, value) fixes the level."""
    g = {y: recent[y] if y in recent else rng.normal(hist, sd) for y in range(start + 1, LAST + 1)}
    year, value = anchor
    v = {year: value}
    for y in range(year + 1, LAST + 1):
        v[y] = v[y - 1] * (1 + g[y] / 100)
    for y in range(year - 1, start - 1, -1):
        v[y] = v[y + 1] / (1 + g[y + 1] / 100)
    return Series({y: _num(v[y], nd) for y in sorted(v)})


def linear(rng, v2020, recent, step, sd=0.1, start=2011, nd=2) -> Series:
    """Levels from yearly increments: `recent` {year: change}, earlier drawn around `step`."""
    d = {y: recent[y] if y in recent else rng.normal(step, sd) for y in range(start + 1, LAST + 1)}
    v = {2020: v2020}
    for y in range(2021, LAST + 1):
        v[y] = v[y - 1] + d[y]
    for y in range(2019, start - 1, -1):
        v[y] = v[y + 1] - d[y + 1]
    return Series({y: _num(v[y], nd) for y in sorted(v)})


def real(rng, anchor, real_growth, deflator=2.0, sd=0.6, start=2011, nd=2) -> Series:
    """Nominal levels with reported real growth (可比价): nominal = real × price change.
    `real_growth` gives every year start+1..2022; 2020 prices rose little."""
    defl = {
        y: 0.8 if y == 2020 else float(np.clip(rng.normal(deflator, sd), 0.3, 4.0))
        for y in range(start + 1, LAST + 1)
    }
    nominal = {y: ((1 + real_growth[y] / 100) * (1 + defl[y] / 100) - 1) * 100 for y in defl}
    s = compound(rng, anchor, nominal, 0.0, start=start, nd=nd)
    s.growth = {y: round(real_growth[y], 1) for y in real_growth}
    return s


def given(start: int, values: list[float]) -> Series:
    """A series written out year by year from `start`."""
    assert start + len(values) - 1 == LAST, (start, values)
    return Series(dict(zip(range(start, LAST + 1), values, strict=True)))


# ----------------------------------------------------------------------------
# Indicators
# ----------------------------------------------------------------------------

INDICATOR_COLUMNS = [
    "序号", "指标代码", "类别", "指标名称", "单位", "目标总量", "年均增长", "属性", "方向",
    "数据单位", "目标类型", "目标值", "目标下限", "目标上限", "参照指标", "可比价",
    "调整后基期值", "口径说明", "人工判断", "人工判断说明", "备注",
]  # fmt: skip


@dataclass
class Ind:
    code: str
    cat: str
    name: str
    unit: str
    total: str
    growth: str
    attr: str
    s: Series
    dept: str
    cols: dict


def ind(code, cat, name, unit, total="—", growth="—", attr="预期性", *, s, dept="统计局", **cols):
    """One row of the indicator table; extra keyword arguments are optional columns."""
    return Ind(code, cat, name, unit, total, growth, attr, s, dept, cols)


PCT_BASE_NOTE = "年度数据为单位地区生产总值{x}（{u}，按2020年可比价计算）"


def liunan(rng) -> list[Ind]:
    """附件1 of the 柳南区 work plan, verbatim, with data for 2011–2022."""
    econ, life, eco = "经济发展", "人民生活", "生态环境"
    gdp = real(rng, (2017, 701.04), dict(zip(range(2012, 2023), [
        11.8, 10.6, 9.3, 8.5, 8.0, 7.4, 4.8, -2.5, -4.2, 7.5, -1.2], strict=True)))  # fmt: skip
    return [
        ind("gdp", econ, "地区生产总值", "亿元", growth="5.5-6.5%", s=gdp, 可比价="是",
            备注="增速按可比价计算"),
        ind("industrial_output", econ, "工业总产值", "亿元", "2000", "6%",
            s=compound(rng, (2020, 1494.6), {2020: -6.5, 2021: 9.5, 2022: -1.0}, 8.0, 3.0),
            备注="2025年目标2000亿元与2020年基数1494.6亿元、年均增长6%相衔接"),
        ind("fiscal_revenue", econ, "财政收入", "亿元", growth="6%", dept="财政局",
            s=compound(rng, (2020, 38.6), {2020: -4.8, 2021: 9.8, 2022: 2.6}, 7.5, 4.0)),
        ind("fixed_investment", econ, "全社会固定资产投资额", "亿元", "800",
            s=compound(rng, (2020, 147.2), {2020: -8.0, 2021: 12.0, 2022: 5.0}, 9.0, 5.0),
            目标类型="cumulative_total", 目标值=800, 备注="“十四五”时期五年累计完成额"),
        ind("retail_sales", econ, "社会消费品零售总额", "亿元", growth="10%",
            s=compound(rng, (2020, 262.4), {2020: -5.2, 2021: 13.0, 2022: 1.5}, 10.5, 1.5)),
        ind("natural_growth_rate", life, "人口自然增长率", "万人", growth="控制在7‰以下",
            attr="约束性", 数据单位="‰",
            备注="规划文本单位“万人”系印误，人口自然增长率的数据单位为‰",
            s=given(2011, [7.6, 7.9, 7.5, 7.8, 7.4, 8.1, 8.6, 6.9, 5.8, 3.4, 1.2, -0.8])),
        ind("urban_income", life, "城镇居民人均可支配收入", "元", growth="9%以上",
            s=compound(rng, (2020, 41256), {2020: 3.9, 2021: 9.1, 2022: 6.5}, 8.3, 0.6, nd=0)),
        ind("rural_income", life, "农民人均纯收入", "元", growth="10%以上",
            备注="2014年起统计口径为农村居民人均可支配收入",
            s=compound(rng, (2020, 18930), {2020: 7.6, 2021: 11.2, 2022: 8.0}, 10.0, 0.8, nd=0)),
        ind("unemployment", life, "城镇调查失业率", "%", growth="4.5以内", attr="约束性",
            dept="人社局", s=given(2018, [3.2, 3.1, 4.1, 3.8, 4.2]),
            备注="2018年起开展城镇调查失业率统计"),
        ind("energy_intensity", eco, "万元生产总值能耗", "吨标准煤",
            growth="控制在柳州市下达指标内", attr="约束性", 方向="逆向",
            数据单位="吨标准煤/万元", dept="生态环境局",
            s=compound(rng, (2020, 0.550), {2020: -1.0, 2021: 1.1, 2022: -0.9}, -4.0, 1.0,
                       nd=3),
            备注="规划文本单位漏写“/万元”；年度下达值见assigned.csv"),
        ind("pollutant_emissions", eco, "主要污染物排放量", "%",
            growth="控制在柳州市下达指标内", attr="约束性", 方向="正向", dept="生态环境局",
            s=given(2016, [2.8, 3.1, 2.5, 2.2, 3.6, 1.9, 2.1]),
            人工判断="基本符合预期",
            人工判断说明="2021—2022年化学需氧量、氨氮、氮氧化物和挥发性有机物重点工程减排量"
            "均完成柳州市下达的年度任务，但2022年减排幅度较上年收窄",
            备注="年度数据为主要污染物排放总量较上年下降幅度（%）"),
    ]  # fmt: skip


def nankai(rng) -> list[Ind]:
    econ, inno, life, eco, safe = "经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"
    gdp = real(rng, (2020, 631.7), dict(zip(range(2012, 2023), [
        11.0, 10.2, 9.0, 8.3, 7.5, 3.2, 3.6, 4.3, 1.5, 8.0, 3.6], strict=True)))  # fmt: skip
    income = real(rng, (2020, 51240), dict(zip(range(2012, 2023), [
        9.1, 8.0, 7.6, 7.0, 6.6, 6.4, 6.3, 6.0, 1.9, 7.1, 3.4], strict=True)), deflator=2.0, nd=0)  # fmt: skip
    return [
        ind("gdp", econ, "地区生产总值", "亿元", growth="6%", s=gdp, 可比价="是"),
        ind("service_share", econ, "服务业增加值占地区生产总值比重", "%", "90%",
            s=linear(rng, 88.6, {2020: 0.9, 2021: 0.2, 2022: 0.35}, 0.8, 0.3)),
        ind("fiscal_revenue", econ, "一般公共预算收入", "亿元", growth="5%", dept="发改委",
            s=compound(rng, (2020, 44.6), {2020: -9.6, 2021: 7.8, 2022: -8.5}, 6.0, 5.0),
            备注="2022年受大规模增值税留抵退税影响"),
        ind("retail_sales", econ, "社会消费品零售总额", "亿元", growth="年均增长6%",
            s=compound(rng, (2020, 478.3), {2020: -12.1, 2021: 9.0, 2022: -6.0}, 7.0, 1.5)),
        ind("fixed_investment_growth", econ, "固定资产投资增长", "%", growth="保持在合理区间",
            方向="正向", s=given(2011, [15.2, 13.8, 12.6, 10.1, 8.4, 6.3, -8.5, -4.2, 3.1,
                                        2.5, 4.8, -9.6])),
        ind("domestic_investment", econ, "引进内资到位额", "亿元", "五年累计1000", dept="发改委",
            目标类型="cumulative_total", 目标值=1000,
            s=compound(rng, (2020, 185.3), {2020: -6.0, 2021: 10.6, 2022: -3.5}, 5.0, 6.0,
                       start=2016)),
        ind("digital_economy_share", inno, "数字经济核心产业增加值占GDP比重", "%", "15%",
            dept="发改委", s=given(2017, [7.5, 8.3, 9.5, 10.2, 11.1, 12.1])),
        ind("rd_intensity", inno, "研究与试验发展经费投入强度", "%", "4.5", dept="发改委",
            s=linear(rng, 4.05, {2020: 0.12, 2021: 0.13, 2022: 0.06}, 0.09, 0.04)),
        ind("high_value_patents", inno, "每万人口高价值发明专利拥有量", "件", "30", dept="发改委",
            s=given(2016, [9.8, 11.5, 13.6, 15.9, 18.5, 24.2, 31.2])),
        ind("high_tech_enterprises", inno, "国家高新技术企业数", "家", "1200", dept="发改委",
            s=compound(rng, (2020, 803), {2020: 18.0, 2021: 9.5, 2022: 9.2}, 15.0, 5.0,
                       start=2016, nd=0)),
        ind("tech_contract", inno, "技术合同成交额", "亿元", growth="10%以上", dept="发改委",
            s=compound(rng, (2020, 86.5), {2020: 12.0, 2021: 18.0, 2022: 12.0}, 12.0, 5.0)),
        ind("resident_income", life, "居民人均可支配收入", "元", growth="与经济增长基本同步",
            s=income, 可比价="是", 备注="增速为扣除价格因素的实际增长"),
        ind("unemployment", life, "城镇调查失业率", "%", growth="控制在5.5%以内", attr="约束性",
            s=given(2017, [4.9, 5.0, 5.1, 5.4, 5.2, 5.6])),
        ind("new_urban_jobs", life, "城镇新增就业人数", "万人", "2.5以上", dept="发改委",
            s=given(2011, [3.12, 3.18, 3.25, 3.16, 3.02, 2.95, 2.84, 2.79, 2.68, 2.62, 2.71,
                           2.58])),
        ind("life_expectancy", life, "人均预期寿命", "岁", "82.5", dept="发改委",
            s=given(2011, [80.6, 80.7, 80.9, 81.0, 81.2, 81.3, 81.5, 81.6, 81.8, 82.0, 82.15,
                           82.21])),
        ind("education_years", life, "劳动年龄人口平均受教育年限", "年", "13.8", dept="发改委",
            s=given(2016, [12.9, 13.0, 13.15, 13.3, 13.5, 13.56, 13.62])),
        ind("doctors", life, "每千人口拥有执业(助理)医师数", "人", "5.2", dept="发改委",
            s=linear(rng, 4.6, {2021: 0.16, 2022: 0.14}, 0.12, 0.04)),
        ind("childcare", life, "每千人口拥有3岁以下婴幼儿托位数", "个", "4.5", dept="发改委",
            s=given(2016, [0.0, 0.3, 0.6, 0.9, 1.4, 1.8, 2.1]),
            备注="2016年辖区尚无备案托育机构"),
        ind("nursing_beds_share", life, "养老机构护理型床位占比", "%", "55%", dept="发改委",
            s=given(2017, [30.5, 33.2, 36.8, 42.0, 45.1, 48.0])),
        ind("pension_coverage", life, "基本养老保险参保率", "%", "稳定在95%以上", dept="发改委",
            s=given(2011, [90.2, 90.9, 91.8, 92.5, 93.1, 93.8, 94.4, 94.9, 95.2, 95.6, 96.1,
                           96.4])),
        ind("energy_reduction", eco, "单位地区生产总值能源消耗降低", "%", "累计下降14.5%",
            attr="约束性", 数据单位="吨标准煤/万元", dept="发改委",
            备注=PCT_BASE_NOTE.format(x="能耗", u="吨标准煤/万元"),
            s=compound(rng, (2020, 0.180), {2020: -3.0, 2021: -2.2, 2022: -1.1}, -5.0, 1.5,
                       nd=4)),
        ind("co2_reduction", eco, "单位地区生产总值二氧化碳排放降低", "%", "累计下降18%",
            attr="约束性", 数据单位="吨/万元", dept="发改委",
            备注=PCT_BASE_NOTE.format(x="二氧化碳排放", u="吨/万元"),
            s=compound(rng, (2020, 0.412), {2020: -3.5, 2021: -3.0, 2022: -2.6}, -4.5, 1.0,
                       start=2016, nd=4)),
        ind("air_good_days", eco, "空气质量优良天数比率", "%", "70%", attr="约束性",
            dept="发改委", s=given(2013, [39.5, 47.4, 60.3, 61.7, 57.8, 61.4, 60.0, 66.4,
                                          71.2, 66.8])),
        ind("pm25", eco, "细颗粒物(PM2.5)平均浓度", "微克/立方米", "控制在42以内",
            attr="约束性", dept="发改委",
            s=given(2013, [96, 83, 70, 69, 62, 52, 51, 48, 39, 37])),
        ind("safety_deaths", safe, "生产安全事故死亡人数", "人", "控制在市下达指标内",
            attr="约束性", 方向="逆向", dept="发改委",
            s=given(2016, [6, 4, 5, 3, 2, 3, 1]), 备注="年度控制指标见assigned.csv"),
        ind("food_safety", safe, "食品安全评价性抽检合格率", "%", "稳定在98%以上",
            attr="约束性", dept="发改委",
            s=given(2016, [97.6, 98.0, 98.3, 98.5, 98.6, 98.9, 99.1])),
    ]  # fmt: skip


def jiangbei(rng) -> list[Ind]:
    econ, inno, life, eco, safe = "经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"
    gdp = real(rng, (2022, 860.3), dict(zip(range(2012, 2023), [
        9.5, 8.8, 8.0, 7.6, 7.5, 7.9, 7.2, 6.9, 3.2, 10.1, 4.9], strict=True)))  # fmt: skip
    industry = real(rng, (2020, 168.5), dict(zip(range(2012, 2023), [
        8.5, 9.0, 7.2, 5.1, 6.8, 9.6, 7.5, 5.8, 2.1, 14.6, 3.8], strict=True)), deflator=0.8, sd=1.5)  # fmt: skip
    income = real(rng, (2020, 62850), dict(zip(range(2012, 2023), [
        9.6, 8.7, 8.3, 7.5, 6.9, 6.8, 6.6, 6.4, 2.8, 8.6, 3.1], strict=True)), nd=0)  # fmt: skip
    forest = given(2011, [22.4, 22.6, 22.7, 22.9, 23.0, 23.1, 23.3, 23.4, 23.5, 23.6, 21.9, 22.1])
    forest.notes = {2020: "原森林资源监测口径（规划基期值）", 2021: "国土三调后新口径"}
    energy = compound(rng, (2020, 0.380), {2020: -2.5, 2021: -2.1, 2022: -1.9}, -4.5, 1.2, nd=4)
    energy.kinds = {2022: "预计数"}
    energy.notes = {2022: "2022年能耗数据待省统计局核定"}
    return [
        ind("gdp", econ, "地区生产总值", "亿元", growth="6.5%", s=gdp, 可比价="是"),
        ind("gdp_per_capita", econ, "人均地区生产总值", "万元", "20",
            s=compound(rng, (2020, 15.2), {2020: 2.5, 2021: 8.2, 2022: 3.6}, 6.5, 1.5)),
        ind("fiscal_revenue", econ, "一般公共预算收入", "亿元", growth="7%", dept="财政局",
            s=compound(rng, (2022, 101.9), {2020: 4.2, 2021: 15.5, 2022: -3.8}, 9.0, 4.0),
            备注="2022年受大规模增值税留抵退税影响"),
        ind("retail_sales", econ, "社会消费品零售总额", "亿元", growth="8%",
            s=compound(rng, (2020, 312.5), {2020: -3.2, 2021: 11.2, 2022: 3.0}, 9.0, 1.5)),
        ind("fixed_investment", econ, "固定资产投资", "亿元", growth="年均增长7%",
            s=compound(rng, (2020, 286.4), {2020: 5.6, 2021: 12.1, 2022: 9.5}, 8.0, 6.0)),
        ind("industrial_value_added", econ, "规模以上工业增加值", "亿元", growth="7%",
            s=industry, 可比价="是"),
        ind("trade", econ, "外贸进出口总额", "亿元", growth="5%以上", dept="发改局",
            s=compound(rng, (2020, 735.2), {2020: 4.2, 2021: 22.0, 2022: 8.1}, 6.0, 7.0)),
        ind("digital_economy_share", econ, "数字经济核心产业增加值占GDP比重", "%", "15%",
            dept="发改局", s=given(2017, [7.2, 8.0, 8.9, 9.8, 10.8, 11.6])),
        ind("rd_intensity", inno, "研究与试验发展经费投入强度", "%", "3.6", dept="发改局",
            s=linear(rng, 3.12, {2021: 0.12, 2022: 0.08}, 0.1, 0.05)),
        ind("high_value_patents", inno, "每万人口高价值发明专利拥有量", "件", "25", dept="发改局",
            s=given(2016, [5.1, 6.3, 7.8, 9.6, 12.1, 14.6, 17.5])),
        ind("high_tech_share", inno, "高新技术产业增加值占规上工业增加值比重", "%", "70%",
            dept="发改局", s=linear(rng, 61.5, {2021: 2.1, 2022: 1.7}, 1.2, 0.6)),
        ind("high_tech_enterprises", inno, "国家高新技术企业数", "家", "800", dept="发改局",
            s=compound(rng, (2020, 412), {2021: 16.5, 2022: 16.7}, 17.0, 5.0, start=2016,
                       nd=0)),
        ind("talent", inno, "人才资源总量", "万人", "20", dept="发改局",
            s=compound(rng, (2020, 13.5), {2021: 7.0, 2022: 8.0}, 7.5, 1.0, start=2016,
                       nd=1)),
        ind("resident_income", life, "居民人均可支配收入", "元", growth="高于GDP增长",
            s=income, 可比价="是", 备注="增速为扣除价格因素的实际增长"),
        ind("rural_income", life, "农村居民人均可支配收入", "元", growth="8%以上",
            s=compound(rng, (2020, 40120), {2020: 6.9, 2021: 10.5, 2022: 6.8}, 9.0, 0.6,
                       nd=0)),
        ind("unemployment", life, "城镇调查失业率", "%", growth="控制在5%以内",
            s=given(2017, [3.1, 3.2, 3.0, 3.6, 3.4, 3.9])),
        ind("life_expectancy", life, "人均预期寿命", "岁", "83", dept="发改局",
            s=given(2011, [80.9, 81.1, 81.2, 81.4, 81.5, 81.7, 81.8, 82.0, 82.1, 82.3, 82.45,
                           82.6])),
        ind("education_years", life, "劳动年龄人口平均受教育年限", "年", "12.5", dept="发改局",
            s=given(2016, [11.5, 11.6, 11.7, 11.8, 11.9, 12.03, 12.15])),
        ind("doctors", life, "每千人口拥有执业(助理)医师数", "人", "4.3", dept="发改局",
            s=linear(rng, 3.6, {2021: 0.14, 2022: 0.16}, 0.1, 0.04)),
        ind("childcare", life, "每千人口拥有3岁以下婴幼儿托位数", "个", "4.5", dept="发改局",
            s=given(2017, [0.4, 0.7, 1.1, 1.8, 2.2, 2.5])),
        ind("medical_insurance", life, "城乡居民基本医疗保险参保率", "%", "稳定在99%以上",
            dept="发改局", s=given(2016, [98.6, 98.9, 99.1, 99.2, 99.3, 99.3, 99.4])),
        ind("housing", life, "保障性住房筹集建设", "套", "五年累计5000", dept="发改局",
            目标类型="cumulative_total", 目标值=5000,
            备注="2021年起含保障性租赁住房",
            s=given(2017, [350, 420, 380, 460, 1200, 1500])),
        ind("energy_reduction", eco, "单位地区生产总值能耗降低", "%", "累计下降13.5%",
            attr="约束性", 数据单位="吨标准煤/万元", s=energy,
            备注=PCT_BASE_NOTE.format(x="能耗", u="吨标准煤/万元")),
        ind("co2_reduction", eco, "单位地区生产总值二氧化碳排放降低", "%", "完成市下达任务",
            attr="约束性", 方向="逆向", 数据单位="吨/万元", dept="发改局",
            s=compound(rng, (2020, 0.705), {2021: -1.8, 2022: -1.2}, -4.0, 1.0, start=2016,
                       nd=4),
            人工判断="滞后于预期",
            人工判断说明="2021—2022年单位GDP二氧化碳排放累计下降约3%，低于市下达的"
            "“十四五”降低18%目标的序时进度，石化等重点行业用能增长较快",
            备注=PCT_BASE_NOTE.format(x="二氧化碳排放", u="吨/万元")),
        ind("air_good_days", eco, "空气质量优良天数比率", "%", "稳定在90%以上", attr="约束性",
            dept="发改局", s=given(2015, [78.4, 82.5, 83.8, 86.6, 87.4, 90.4, 91.2, 88.8])),
        ind("pm25", eco, "细颗粒物(PM2.5)平均浓度", "微克/立方米", "控制在28以内",
            attr="约束性", dept="发改局", s=given(2015, [45, 39, 37, 33, 30, 26, 24, 25])),
        ind("forest_cover", eco, "森林覆盖率", "%", "24%", attr="约束性", dept="发改局",
            s=forest, 调整后基期值=21.8,
            口径说明="按第三次全国国土调查成果和新的森林资源监测方法，2020年森林覆盖率由"
            "规划基期值23.6%修订为21.8%，2021年起按新口径统计"),
        ind("water_quality", eco, "地表水市控以上断面达到或好于Ⅲ类水体比例", "%", "85%",
            attr="约束性", dept="发改局",
            s=given(2015, [50.0, 55.6, 61.1, 66.7, 72.2, 75.0, 80.6, 86.1])),
        ind("grain", safe, "粮食综合生产能力", "万吨", "稳定在2.5以上", attr="约束性",
            dept="发改局", s=given(2011, [2.82, 2.79, 2.75, 2.71, 2.69, 2.64, 2.61, 2.6,
                                          2.56, 2.58, 2.63, 2.66])),
        ind("safety_death_rate", safe, "亿元GDP生产安全事故死亡率", "人/亿元", "控制在0.02以内",
            attr="约束性", dept="发改局",
            s=given(2016, [0.031, 0.026, 0.022, 0.019, 0.012, 0.009, 0.007])),
    ]  # fmt: skip


def hebei(rng) -> list[Ind]:
    econ, inno, life, eco, safe = "经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"
    gdp = real(rng, (2020, 536.8), dict(zip(range(2012, 2023), [
        12.5, 11.0, 9.5, 8.8, 8.0, 2.8, 3.1, 4.0, 0.9, 6.9, 1.1], strict=True)))  # fmt: skip
    income = real(rng, (2020, 46830), dict(zip(range(2012, 2023), [
        9.3, 8.1, 7.8, 7.1, 6.7, 6.5, 6.2, 6.0, 1.5, 6.5, 1.6], strict=True)), nd=0)  # fmt: skip
    rd = linear(rng, 2.35, {2021: 0.11, 2022: 0.12}, 0.08, 0.03, start=2013)
    rd.kinds = {2022: "预计数"}
    rd.notes = {2022: "2022年研发经费统计快报尚未发布"}
    return [
        ind("gdp", econ, "地区生产总值", "亿元", growth="5.5%", s=gdp, 可比价="是"),
        ind("fiscal_revenue", econ, "一般公共预算收入", "亿元", growth="5%", dept="发展改革委",
            s=compound(rng, (2020, 31.6), {2020: -12.5, 2021: 6.3, 2022: -9.1}, 7.0, 6.0)),
        ind("retail_sales", econ, "社会消费品零售总额", "亿元", growth="7%",
            s=compound(rng, (2020, 268.9), {2020: -15.4, 2021: 12.8, 2022: -4.5}, 8.0, 1.5)),
        ind("fixed_investment", econ, "固定资产投资", "亿元", growth="5-7%",
            s=compound(rng, (2020, 118.6), {2020: 3.0, 2021: 4.1, 2022: -12.0}, 6.0, 8.0)),
        ind("commodity_sales", econ, "商品销售额", "亿元", growth="8%以上",
            s=compound(rng, (2020, 1520.0), {2020: -6.0, 2021: 18.5, 2022: 6.0}, 9.0, 4.0)),
        ind("rd_intensity", inno, "研究与试验发展经费投入强度", "%", "2.8", dept="发展改革委",
            s=rd),
        ind("tech_smes", inno, "评价入库科技型中小企业数", "家", "600", dept="发展改革委",
            s=given(2017, [96, 142, 210, 320, 398, 455])),
        ind("high_tech_enterprises", inno, "国家高新技术企业数", "家", "500", dept="发展改革委",
            s=given(2016, [121, 148, 183, 224, 268, 315, 356])),
        ind("resident_income", life, "居民人均可支配收入", "元", growth="与经济增长基本同步",
            s=income, 可比价="是", 备注="增速为扣除价格因素的实际增长"),
        ind("unemployment", life, "城镇调查失业率", "%", growth="控制在5.5%以内",
            s=given(2017, [4.6, 4.8, 4.9, 5.3, 5.0, 5.4])),
        ind("doctors", life, "每千人口拥有执业(助理)医师数", "人", "4.8", dept="发展改革委",
            s=linear(rng, 4.2, {2021: 0.12, 2022: 0.1}, 0.11, 0.04)),
        ind("childcare", life, "每千人口拥有3岁以下婴幼儿托位数", "个", "4.5",
            dept="发展改革委", s=given(2017, [0.2, 0.5, 0.8, 1.2, 1.5, 1.9])),
        ind("elderly_beds", life, "每千名老年人拥有养老床位数", "张", "稳定在35以上",
            dept="发展改革委", s=given(2017, [30.5, 32.1, 34.6, 35.8, 36.2, 35.9])),
        ind("energy_intensity", eco, "万元地区生产总值能耗", "吨标准煤/万元",
            "控制在市下达指标内", attr="约束性", 方向="逆向",
            s=compound(rng, (2020, 0.205), {2020: -2.0, 2021: -2.6, 2022: -1.8}, -5.0, 1.5,
                       nd=4)),
        ind("air_good_days", eco, "空气质量优良天数比率", "%", "70%", attr="约束性",
            dept="发展改革委",
            s=given(2013, [38.9, 47.1, 59.2, 60.9, 57.3, 60.8, 59.5, 65.8, 70.1, 67.6])),
        ind("pm25", eco, "细颗粒物(PM2.5)平均浓度", "微克/立方米", "控制在40以内",
            attr="约束性", dept="发展改革委",
            s=given(2013, [98, 85, 71, 70, 63, 53, 52, 49, 39, 38])),
        ind("food_safety", safe, "食品评价性抽检合格率", "%", "稳定在98%以上", attr="约束性",
            dept="发展改革委", s=given(2016, [97.3, 97.9, 98.2, 98.4, 98.7, 98.8, 99.0])),
    ]  # fmt: skip


def baicheng(rng) -> list[Ind]:
    econ, inno, life, eco, safe = "经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"
    gdp = real(rng, (2020, 556.6), dict(zip(range(2012, 2023), [
        12.0, 8.5, 6.0, 6.3, 6.5, 4.8, 2.5, 3.2, 2.4, 7.9, -1.2], strict=True)))  # fmt: skip
    gdp.kinds = {2022: "初步核算数"}
    income = real(rng, (2020, 24150), dict(zip(range(2012, 2023), [
        10.5, 8.9, 7.6, 6.8, 6.5, 6.3, 6.1, 6.4, 2.6, 8.1, 2.9], strict=True)), nd=0)  # fmt: skip
    urban = given(2011, [41.2, 41.9, 42.5, 43.2, 44.0, 44.8, 45.6, 46.3, 47.1, 47.8, 52.3, 52.9])
    urban.notes = {2020: "七普前口径（规划基期值）", 2021: "第七次全国人口普查后新口径"}
    rd = given(2013, [0.38, 0.40, 0.41, 0.43, 0.45, 0.47, 0.49, 0.52, 0.58, 0.66])
    rd.kinds = {2022: "预计数"}
    rd.notes = {2022: "待省统计局发布2022年研发经费统计公报"}
    return [
        ind("gdp", econ, "地区生产总值", "亿元", growth="年均增长6%", s=gdp, 可比价="是"),
        ind("urbanization", econ, "常住人口城镇化率", "%", "55%", s=urban, 调整后基期值=51.6,
            口径说明="根据第七次全国人口普查结果，2020年常住人口城镇化率由规划基期值47.8%"
            "修订为51.6%，2021年起按新口径统计"),
        ind("rd_intensity", inno, "研究与试验发展经费投入强度", "%", "1.0", dept="发展改革委",
            s=rd),
        ind("high_tech_enterprises", inno, "高新技术企业数", "家", "200", dept="发展改革委",
            s=given(2016, [21, 28, 39, 52, 68, 86, 106])),
        ind("resident_income", life, "居民人均可支配收入", "元", growth="与经济增长同步",
            s=income, 可比价="是", 备注="增速为扣除价格因素的实际增长"),
        ind("unemployment", life, "城镇调查失业率", "%", growth="控制在5.5%以内",
            s=given(2017, [4.1, 4.3, 4.4, 5.1, 4.8, 5.2])),
        ind("life_expectancy", life, "人均预期寿命", "岁", "78.5", dept="发展改革委",
            s=given(2011, [75.8, 76.0, 76.2, 76.4, 76.6, 76.8, 77.0, 77.2, 77.4, 77.6, 77.8,
                           77.9])),
        ind("education_years", life, "劳动年龄人口平均受教育年限", "年", "11.2", attr="约束性",
            dept="发展改革委", s=given(2016, [10.3, 10.4, 10.5, 10.6, 10.7, 10.82, 10.93])),
        ind("childcare", life, "每千人口拥有3岁以下婴幼儿托位数", "个", "4.5",
            dept="发展改革委", s=given(2017, [0.1, 0.3, 0.5, 0.9, 1.3, 1.6])),
        ind("pension_coverage", life, "基本养老保险参保率", "%", "95%",
            s=linear(rng, 89.5, {2021: 1.1, 2022: 1.2}, 0.9, 0.3)),
        ind("energy_reduction", eco, "单位地区生产总值能源消耗降低", "%", "累计下降13.5%",
            attr="约束性", 数据单位="吨标准煤/万元", dept="发展改革委",
            备注=PCT_BASE_NOTE.format(x="能耗", u="吨标准煤/万元"),
            s=compound(rng, (2020, 0.860), {2020: -2.4, 2021: -1.2, 2022: -1.1}, -4.0, 1.5,
                       nd=3)),
        ind("co2_reduction", eco, "单位地区生产总值二氧化碳排放降低", "%", "完成省下达任务",
            attr="约束性", 方向="逆向", 数据单位="吨/万元", dept="生态环境局",
            s=compound(rng, (2020, 1.92), {2021: -6.5, 2022: -5.8}, -3.5, 1.5, start=2016,
                       nd=3),
            人工判断="快于预期",
            人工判断说明="新能源装机规模快速扩大，2021—2022年单位GDP二氧化碳排放累计下降约12%，"
            "超过省下达“十四五”目标的序时进度",
            备注=PCT_BASE_NOTE.format(x="二氧化碳排放", u="吨/万元")),
        ind("air_good_days", eco, "空气质量优良天数比率", "%", "稳定在90%以上", attr="约束性",
            dept="生态环境局",
            s=given(2015, [84.2, 86.5, 88.3, 89.9, 91.2, 92.6, 92.9, 93.4])),
        ind("forest_cover", eco, "森林覆盖率", "%", "13.5%", attr="约束性", dept="生态环境局",
            s=linear(rng, 12.1, {2021: 0.3, 2022: 0.3}, 0.2, 0.08)),
        ind("grassland_cover", eco, "草原综合植被盖度", "%", "72%", attr="约束性",
            dept="生态环境局", s=given(2016, [66.0, 67.1, 68.3, 69.5, 70.2, 70.6, 71.1])),
        ind("grain", safe, "粮食综合生产能力", "万吨", "稳定在270以上", attr="约束性",
            dept="发展改革委",
            s=given(2011, [228.5, 236.1, 241.7, 239.2, 246.8, 252.3, 258.6, 262.4, 268.9,
                           272.5, 301.6, 305.2])),
        ind("energy_capacity", safe, "能源综合生产能力", "万吨标准煤", "1200", attr="约束性",
            dept="发展改革委", s=given(2016, [280, 310, 352, 410, 520, 640, 780])),
    ]  # fmt: skip


# ----------------------------------------------------------------------------
# Where each plan's departments send their files, and in which encoding
# ----------------------------------------------------------------------------

LAYOUT = {
    "liunan": dict(
        encoding="utf-8",
        indicators="indicators.csv",
        annual={"统计局": "annual_统计局.csv", "人社局": "annual_统计局.csv",
                "财政局": "annual_财政局.csv", "生态环境局": "annual_生态环境局.csv"},
        projects="projects.csv",
    ),
    "nankai": dict(
        encoding="utf-8",
        indicators="indicators.xlsx",
        annual={"统计局": "annual_统计局.csv", "发改委": "annual_发改委.xlsx"},
        projects="projects.xlsx",
    ),
    "jiangbei": dict(
        encoding="utf-8-sig",
        indicators="indicators.csv",
        annual={"统计局": "annual_统计局.csv", "财政局": "annual_财政局.xlsx",
                "发改局": "annual_发改局.csv"},
        projects="projects.csv",
    ),
    "hebei": dict(
        encoding="gb18030",
        indicators="indicators.csv",
        annual={"统计局": "annual_统计局.csv", "发展改革委": "annual_发展改革委.csv"},
        projects="projects.csv",
    ),
    "baicheng": dict(
        encoding="utf-8",
        indicators="indicators.csv",
        annual={"统计局": "annual_统计局.csv", "发展改革委": "annual_发展改革委.csv",
                "生态环境局": "annual_生态环境局.xlsx"},
        projects="projects.csv",
    ),
}  # fmt: skip

BUILDERS = {"liunan": liunan, "nankai": nankai, "jiangbei": jiangbei, "hebei": hebei,
            "baicheng": baicheng}  # fmt: skip


# ----------------------------------------------------------------------------
# Writers
# ----------------------------------------------------------------------------

FIXED_TIME = (2023, 7, 10, 9, 0, 0)


def write_xlsx(path: Path, df: pd.DataFrame, sheet: str) -> None:
    """An .xlsx as a department would send it, byte-for-byte reproducible."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        df.to_excel(xw, sheet_name=sheet, index=False)
        xw.sheets[sheet].freeze_panes = "A2"
    out = io.BytesIO()
    stamp = "2023-07-10T09:00:00Z"
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", rf"\g<1>{stamp}",
                              data.decode("utf-8"))  # fmt: skip
                data = text.encode("utf-8")
            zout.writestr(zipfile.ZipInfo(item.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def write_table(rows: list[dict], columns: list[str], path: Path, encoding: str,
                sheet: str = "Sheet1") -> None:  # fmt: skip
    df = pd.DataFrame(rows, columns=columns, dtype=object)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        write_xlsx(path, df, sheet)
    else:
        # Windows tools that save GB18030 also write CRLF line ends.
        ends = "\r\n" if encoding == "gb18030" else "\n"
        df.to_csv(path, index=False, encoding=encoding, lineterminator=ends)


def write_indicators(plan: str, inds: list[Ind]) -> None:
    rows = []
    for i, x in enumerate(inds, start=1):
        row = {"序号": i, "指标代码": x.code, "类别": x.cat, "指标名称": x.name, "单位": x.unit,
               "目标总量": x.total, "年均增长": x.growth, "属性": x.attr}  # fmt: skip
        unknown = set(x.cols) - set(INDICATOR_COLUMNS)
        assert not unknown, (plan, x.code, unknown)
        row.update(x.cols)
        rows.append(row)
    lay = LAYOUT[plan]
    write_table(rows, INDICATOR_COLUMNS, RAW / plan / lay["indicators"], lay["encoding"],
                sheet="主要指标")  # fmt: skip


ANNUAL_COLUMNS = ["指标名称", "年份", "数值", "增速", "数据类型", "备注"]


def write_annual(plan: str, inds: list[Ind], extra: dict[str, list[dict]]) -> None:
    """One long-format file per department; `extra` adds rows to a department's file."""
    lay = LAYOUT[plan]
    files: dict[str, list[dict]] = {}
    for x in inds:
        name = lay["annual"][x.dept]
        for year, value in x.s.values.items():
            files.setdefault(name, []).append({
                "指标名称": x.name, "年份": year, "数值": value,
                "增速": x.s.growth.get(year), "数据类型": x.s.kinds.get(year, "统计数"),
                "备注": x.s.notes.get(year),
            })  # fmt: skip
    for dept, rows in extra.items():
        files[lay["annual"][dept]].extend(rows)
    for name, rows in files.items():
        write_table(rows, ANNUAL_COLUMNS, RAW / plan / name, lay["encoding"], sheet="年度数据")


# Year-to-date Jan–Jun 2023: (indicator code, 累计增速 %, H1 share of the annual level).
MONTHLY = {
    "liunan": [("gdp", 3.8, 0.46), ("industrial_output", 5.1, 0.47),
               ("fiscal_revenue", 4.5, 0.56), ("fixed_investment", 2.1, 0.44),
               ("retail_sales", 6.8, 0.48), ("urban_income", 4.6, 0.52),
               ("rural_income", 6.9, 0.50)],
    "nankai": [("gdp", 4.3, 0.48), ("fiscal_revenue", 9.8, 0.55), ("retail_sales", 7.5, 0.49),
               ("resident_income", 5.0, 0.52)],
    "jiangbei": [("gdp", 6.1, 0.47), ("industrial_value_added", 7.5, 0.48),
                 ("fiscal_revenue", 8.2, 0.57), ("retail_sales", 8.3, 0.48),
                 ("fixed_investment", 6.5, 0.46), ("trade", 3.2, 0.49),
                 ("resident_income", 5.6, 0.53), ("rural_income", 7.1, 0.51)],
    "hebei": [("gdp", 3.9, 0.48), ("fiscal_revenue", 12.1, 0.56), ("retail_sales", 9.6, 0.48),
              ("fixed_investment", -5.2, 0.45), ("commodity_sales", 6.8, 0.49),
              ("resident_income", 4.8, 0.52)],
    "baicheng": [("gdp", 6.8, 0.42), ("resident_income", 6.0, 0.51)],
}  # fmt: skip


def write_monthly(plan: str, inds: list[Ind]) -> None:
    by_code = {x.code: x for x in inds}
    # 河北区 writes the period the way its statistics bulletin does.
    period = "2023年1-6月" if plan == "hebei" else "2023-06"
    rows = []
    if plan == "liunan":  # the public half-year figure of 2020
        rows.append({"指标名称": "地区生产总值", "期间": "2020-06", "累计值": 269.17,
                     "累计增速": -19.3, "数据类型": "统计数"})  # fmt: skip
    for code, growth, share in MONTHLY[plan]:
        x = by_code[code]
        price = 1.0 if x.s.growth else 0.0  # real growth reported; levels are nominal
        value = x.s.values[LAST] * share * (1 + (growth + price) / 100)
        nd = 0 if x.unit == "元" else 2
        rows.append({"指标名称": x.name, "期间": period, "累计值": _num(value, nd),
                     "累计增速": growth, "数据类型": "统计数"})  # fmt: skip
    lay = LAYOUT[plan]
    write_table(rows, ["指标名称", "期间", "累计值", "累计增速", "数据类型"],
                RAW / plan / "monthly.csv", lay["encoding"])  # fmt: skip


ASSIGNED = {
    "liunan": [("万元生产总值能耗", 2021, 0.565), ("万元生产总值能耗", 2022, 0.545)],
    "nankai": [("生产安全事故死亡人数", 2021, 5), ("生产安全事故死亡人数", 2022, 4)],
}


def write_assigned(plan: str) -> None:
    if plan not in ASSIGNED:
        return
    rows = [{"指标名称": n, "年份": y, "下达值": v} for n, y, v in ASSIGNED[plan]]
    write_table(rows, ["指标名称", "年份", "下达值"], RAW / plan / "assigned.csv",
                LAYOUT[plan]["encoding"])  # fmt: skip


# ----------------------------------------------------------------------------
# Tasks (中期评估内容分解表)
# ----------------------------------------------------------------------------

# 附件3 of the 柳南区 work plan, verbatim ([bookmark…] removed, line breaks inside a cell
# joined with a space).
LIUNAN_TASKS = [
    ("第一篇", "第三章 第三节 发展战略", "发展改革局"),
    ("第一篇", "第三章 第四节 发展目标", "财政局、统计局"),
    ("第一篇", "第四章 第一节 城镇空间发展格局", "发展改革局、自然资源局；太阳村镇、洛满镇、流山镇"),
    ("第一篇", "第四章第二节 产业发展布局 （一）构建“一核两园”工业产业布局", "工业和信息化局、园区管委会"),
    ("第一篇", "第四章第二节 产业发展布局 （二）构建“一港一圈多区”现代服务业布局", "商务局"),
    ("第一篇", "第四章第二节 产业发展布局 （三）构建“一园两区五基地”现代农业产业布局", "农业农村局"),
    ("第二篇", "第一章 建设智能制造业创新发展基地", "工业和信息化局、园区管委会"),
    ("第二篇", "第二章 建设现代服务业创新发展示范区", "商务局"),
    ("第二篇", "第三章 建设现代特色优势农业发展示范区", "农业农村局、乡村振兴局"),
    ("第三篇", "第一章 第一节 拓展城区发展空间", "住房和城乡建设局"),
    ("第三篇", "第一章 第二节 加快“新基建”建设", "发展改革局"),
    ("第三篇", "第一章 第三节 完善市政基础设施体系", "发展改革局、住房和城乡建设局、交通运输局、城管执法局、应急局"),
    ("第三篇", "第二章 第一节  深入实施乡村振兴战略 实施产业兴旺工程", "农业农村局"),
    ("第三篇", "第二章 第一节  深入实施乡村振兴战略 实施环境优化工程", "柳南生态环境局"),
    ("第三篇", "第二章 第一节  深入实施乡村振兴战略 实施文化兴盛工程", "文体广旅局"),
    ("第三篇", "第二章 第一节  深入实施乡村振兴战略实施治理提升工程", "政管办"),
    ("第三篇", "第二章 第一节  深入实施乡村振兴战略实施惠民富民工程", "教育局、卫生健康局、人力资源社会保障局、医保局"),
    ("第三篇", "第二章 第一节  深入实施乡村振兴战略实施体制改革工程", "政管办"),
    ("第三篇", "第二章 第二节  建设“美丽柳南”特色乡村", "住房和城乡建设局"),
    ("第三篇", "第二章 第三节  发挥示范带动作用助推乡村振兴战略", "农业农村局、乡村振兴局"),
    ("第三篇", "第二章 第四节  加强中心集镇建设", "住房和城乡建设局、太阳村镇、洛满镇、流山镇"),
    ("第三篇", "第二章 第五节  巩固拓展脱贫攻坚成果同乡村振兴有效衔接", "乡村振兴局"),
    ("第三篇", "第三章  绿色发展——建设生态宜居新城区", "柳南生态环境局、住房和城乡建设局、城管执法局"),
    ("第四篇", "第一章  深入实施“双创”行动计划", "科技局"),
    ("第四篇", "第二章  大力实施“人才兴区”行动计划", "人力资源社会保障局"),
    ("第四篇", "第三章  全面实施“智慧柳南”行动计划", "工业和信息化局、政管办、市公安局柳南分局、司法局、教育局、民政局、乡村振兴局"),
    ("第五篇", "第一章 第一节 促进各类市场主体协同发展", "发展改革局、市场监管局"),
    ("第五篇", "第一章 第二节  深化要素市场改革 推进土地要素市场化配置。", "自然资源局"),
    ("第五篇", "第一章 第二节  深化要素市场改革 引导劳动力要素合理畅通有序流动。", "人力资源社会保障局"),
    ("第五篇", "第一章 第二节  深化要素市场改革 推进资本要素市场化配置。", "发展改革局"),
    ("第五篇", "第一章 第二节  深化要素市场改革 加快发展技术要素市场。", "科技局"),
    ("第五篇", "第一章 第二节  深化要素市场改革 加快培育数据要素市场。", "发展改革局"),
    ("第五篇", "第一章 第三节  深化财税和投融资体制改革", "财政局"),
    ("第五篇", "第一章 第四节  加快转变政府职能 打造一流营商环境。", "政管办"),
    ("第五篇", "第一章 第四节  加快转变政府职能 构建适应高质量发展要求的社会信用体系和监管机制。", "市场监管局"),
    ("第五篇", "第一章 第四节  加快转变政府职能 促进行业协会商会规范健康发展。", "民政局"),
    ("第五篇", "第一章 第四节  加快转变政府职能  继续推动社会治理和服务重心向基层下移。", "城管执法局"),
    ("第五篇", "第二章  第一节  加强产业对外联动合作", "发展改革局"),
    ("第五篇", "第二章  第二节  积极拓展对外合作新路径", "商务局"),
    ("第六篇", "第一章  第一节  持续促进高质量就业", "人力资源社会保障局"),
    ("第六篇", "第一章  第二节 促进教育优质均衡发展", "教育局"),
    ("第六篇", "第一章  第三节  完善养老服务体系", "民政局"),
    ("第六篇", "第一章  第四节  全面推进”健康柳南”建设", "卫生健康局"),
    ("第六篇", "第一章  第五节  繁荣文化体育事业", "文体广旅局"),
    ("第六篇", "第一章 第六节  提升社会保障水平 完善城乡社会保障体系。", "人力资源社会保障局"),
    ("第六篇", "第一章 第六节  提升社会保障水平 完善医疗保险制度。", "医保局"),
    ("第六篇", "第一章 第六节  提升社会保障水平 提升住房保障水平", "住房和城乡建设局"),
    ("第六篇", "第一章 第六节  提升社会保障水平 促进军民共建、共同发展。", "退役军人事务局"),
    ("第六篇", "第二章  第一节  加强社会治安综合治理", "区委政法委、市公安局柳南分局、城管执法局"),
    ("第六篇", "第二章  第二节  建设食品药品安全城区", "市场监管局"),
    ("第六篇", "第二章  第三节  提升公共安全治理能力", "应急局"),
    ("第六篇", "第三章  第一节  全面推进法治政府建设", "区委政法委"),
    ("第六篇", "第三章  第二节 全力推进建设法治社会", "司法局"),
    ("第七篇", "完善保障机制  确保规划有效实施", "发展改革局"),
]  # fmt: skip


def _tasks(groups: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, str, str]]:
    return [(pian, chapter, dept) for pian, items in groups for chapter, dept in items]


OTHER_TASKS = {
    "nankai": _tasks([
        ("第二篇 服务融入新发展格局", [
            ("第四章 第一节 深入推进京津冀协同发展", "区发展改革委、区合作交流办"),
            ("第四章 第二节 高质量承接北京非首都功能疏解", "区合作交流办"),
            ("第五章 第一节 促进消费提质扩容", "区商务局"),
            ("第五章 第二节 扩大有效投资", "区发展改革委")]),
        ("第三篇 做实科教立区", [
            ("第六章 第一节 打造环天南大知识创新集聚区", "区科技局"),
            ("第六章 第二节 强化企业创新主体地位", "区科技局、区工业和信息化局"),
            ("第六章 第三节 集聚高层次创新创业人才", "区委人才办、区人社局"),
            ("第七章 第一节 做强数字经济核心产业", "区工业和信息化局")]),
        ("第四篇 做实商贸兴区", [
            ("第八章 第一节 建设国际消费中心城市核心承载区", "区商务局"),
            ("第八章 第二节 发展楼宇经济和总部经济", "区商务局、区合作交流办"),
            ("第八章 第三节 壮大现代金融和专业服务业", "区金融局")]),
        ("第五篇 做实文化强区", [
            ("第九章 第一节 推进古文化街、鼓楼等历史文化街区保护利用", "区文化和旅游局"),
            ("第九章 第二节 繁荣发展文化事业和文化产业", "区委宣传部、区文化和旅游局")]),
        ("第六篇 深化改革开放", [
            ("第十章 第一节 持续优化营商环境", "区政务服务办"),
            ("第十章 第二节 深化国资国企改革", "区国资委"),
            ("第十章 第三节 推进高水平对外开放", "区商务局")]),
        ("第七篇 增进民生福祉", [
            ("第十一章 第一节 实施就业优先战略", "区人社局"),
            ("第十一章 第二节 建设高质量教育体系", "区教育局"),
            ("第十一章 第三节 全面推进健康南开建设", "区卫生健康委"),
            ("第十一章 第四节 完善养老和托育服务体系", "区民政局、区卫生健康委"),
            ("第十二章 第一节 推进老旧小区改造和城市更新", "区住房建设委")]),
        ("第八篇 推动绿色发展", [
            ("第十三章 第一节 有序推进碳达峰碳中和", "区发展改革委、区生态环境局"),
            ("第十三章 第二节 深入打好污染防治攻坚战", "区生态环境局")]),
        ("第九篇 统筹发展和安全", [
            ("第十四章 第一节 防范化解重大风险", "区金融局、区应急局"),
            ("第十四章 第二节 加强基层社会治理", "区委政法委、区民政局")]),
        ("第十篇 规划实施保障", [("第十五章 健全规划实施机制", "区发展改革委")]),
    ]),
    "jiangbei": _tasks([
        ("第三章 打造创新驱动新引擎", [
            ("第一节 建设甬江科创区江北片区", "区科技局"),
            ("第二节 培育壮大创新主体", "区科技局、区经信局"),
            ("第三节 打造人才集聚高地", "区委人才办、区人力社保局"),
            ("第四节 纵深推进数字化改革", "区发改局（区数改办）")]),
        ("第四章 构建拥江发展新格局", [
            ("第一节 推进三江口北岸和姚江两岸开发", "区住建局"),
            ("第二节 建设前洋新城", "区住建局、前洋新城建设指挥部"),
            ("第三节 推进慈城古县城保护开发", "慈城镇人民政府、区文广旅体局")]),
        ("第五章 构筑都市经济新体系", [
            ("第一节 做强高端装备和新材料产业", "区经信局"),
            ("第二节 壮大现代服务业", "区商务局、区发改局"),
            ("第三节 发展数字经济", "区经信局"),
            ("第四节 发展总部经济和楼宇经济", "区商务局")]),
        ("第六章 壮大内外联动新动能", [
            ("第一节 扩大有效投资", "区发改局"),
            ("第二节 促进外贸稳量提质", "区商务局"),
            ("第三节 深度融入长三角一体化", "区发改局")]),
        ("第七章 扮靓全域美丽新形象", [
            ("第一节 推动绿色低碳发展", "区发改局、市生态环境局江北分局"),
            ("第二节 深入打好污染防治攻坚战", "市生态环境局江北分局"),
            ("第三节 推进乡村振兴和城乡融合", "区农业农村局、慈城镇人民政府")]),
        ("第八章 塑造人文魅力新品牌", [
            ("第一节 加强文化遗产保护利用", "区文广旅体局"),
            ("第二节 推进文旅融合发展", "区文广旅体局")]),
        ("第九章 增加优质资源新供给", [
            ("第一节 推进教育优质均衡发展", "区教育局"),
            ("第二节 建设健康江北", "区卫生健康局"),
            ("第三节 完善“一老一小”服务体系", "区民政局、区卫生健康局"),
            ("第四节 促进高质量就业和共同富裕", "区人力社保局")]),
        ("第十章 提升精密治理新能力", [
            ("第一节 深化“最多跑一次”改革 优化营商环境", "区政务服务办"),
            ("第二节 建设更高水平平安江北", "区委政法委、区公安分局"),
            ("第三节 加强应急管理和安全生产", "区应急管理局")]),
        ("第十一章 加强党的全面领导", [("第一节 健全规划实施保障机制", "区发改局")]),
    ]),
    "hebei": _tasks([
        ("第二篇 建设活力新河北", [
            ("第三章 第一节 推进大意风区产业发展", "意风区管委会"),
            ("第三章 第二节 建设新开河沿线科创产业带", "区科技局"),
            ("第三章 第三节 打造中山路沿线文旅融合发展带", "区文化和旅游局"),
            ("第三章 第四节 提升大悲院商圈能级", "区商务局"),
            ("第四章 第一节 高质量招商引资", "区合作交流办"),
            ("第四章 第二节 提升产业载体功能和质量", "区合作交流办"),
            ("第四章 第三节 发展数字经济和现代服务业", "区科技局、区商务局")]),
        ("第三篇 彰显海河人文地", [
            ("第五章 第一节 加强历史文化遗产保护", "区文化和旅游局"),
            ("第五章 第二节 推进精神文明建设", "区委宣传部")]),
        ("第四篇 推进城市更新", [
            ("第六章 第一节 实施城市更新行动", "区住房建设委"),
            ("第六章 第二节 完善城市基础设施", "区住房建设委、区城市管理委"),
            ("第六章 第三节 推进重点区域近期建设", "市规划资源局河北分局")]),
        ("第五篇 建设生态宜居之城", [
            ("第七章 第一节 加强生态环境治理能力", "区生态环境局"),
            ("第七章 第二节 推动绿色低碳转型", "区发展改革委")]),
        ("第六篇 增进民生福祉", [
            ("第八章 第一节 发展优质均衡教育", "区教育局"),
            ("第八章 第二节 建设健康河北", "区卫生健康委"),
            ("第八章 第三节 稳就业和完善社会保障", "区人社局"),
            ("第八章 第四节 发展民政事业和养老服务", "区民政局")]),
        ("第七篇 建设平安河北", [
            ("第九章 第一节 建设更高水平平安河北", "区委政法委"),
            ("第九章 第二节 强化安全保障和应急管理", "区应急局")]),
        ("第八篇 深化改革和规划实施", [
            ("第十章 深化改革 优化营商环境", "区政务服务办"),
            ("第十一章 强化规划实施保障", "区发展改革委")]),
    ]),
    "baicheng": _tasks([
        ("第二篇 建设生态经济先导区", [
            ("第四章 第一节 实施“黑土粮仓”科技会战", "市农业农村局、市科技局"),
            ("第四章 第二节 推广盐碱地治理“大安模式”", "市农业农村局、大安市人民政府"),
            ("第四章 第三节 推进农畜产品全产业链发展", "市农业农村局、市畜牧业管理局"),
            ("第五章 第一节 建设国家级清洁能源基地", "市能源局"),
            ("第五章 第二节 布局“绿电+绿氢+绿氨+绿醇”产业链", "市能源局、市工业和信息化局"),
            ("第五章 第三节 壮大新能源装备制造和医药产业", "市工业和信息化局"),
            ("第六章 第一节 实施重大文旅项目", "市文化广播电视和旅游局"),
            ("第六章 第二节 发展现代物流、电商和大数据产业", "市商务局、市政务服务和数字化建设管理局")]),
        ("第三篇 建设生态文明示范区", [
            ("第七章 第一节 统筹推进四大生态工程", "市林业和草原局、市水利局"),
            ("第七章 第二节 实施吉林西部绿色生态屏障建设工程", "市林业和草原局"),
            ("第七章 第三节 打好污染防治攻坚战", "市生态环境局"),
            ("第七章 第四节 完善生态文明体制机制", "市生态环境局")]),
        ("第四篇 建设乡村振兴创新区", [
            ("第八章 第一节 深入实施乡村振兴“五大行动”", "市农业农村局"),
            ("第八章 第二节 巩固拓展脱贫攻坚成果", "市乡村振兴局"),
            ("第八章 第三节 开展农村人居环境“五化”攻坚行动", "市农业农村局")]),
        ("第五篇 建设区域中心城市", [
            ("第九章 第一节 构建“一城三区”城市发展格局", "市发展和改革委员会、市自然资源局"),
            ("第九章 第二节 深化城市更新行动", "市住房和城乡建设局"),
            ("第九章 第三节 完善基础设施体系", "市发展和改革委员会、市交通运输局")]),
        ("第六篇 全面深化改革开放", [
            ("第十章 第一节 深化“放管服”改革 优化营商环境", "市政务服务和数字化建设管理局"),
            ("第十章 第二节 建设国家普惠金融发展示范区", "市金融办"),
            ("第十章 第三节 推进老工业基地调整改造和产业转型升级", "市发展和改革委员会")]),
        ("第七篇 增强科技创新能力", [
            ("第十一章 第一节 强化企业创新主体地位", "市科技局"),
            ("第十一章 第二节 深化科技特派员制度", "市科技局")]),
        ("第八篇 保障和改善民生", [
            ("第十二章 第一节 促进创业带动就业", "市人力资源和社会保障局"),
            ("第十二章 第二节 推进教育现代化", "市教育局"),
            ("第十二章 第三节 深化医药卫生体制改革", "市卫生健康委员会")]),
        ("第九篇 推进社会治理现代化", [
            ("第十三章 第一节 健全完善应急体系", "市应急管理局"),
            ("第十三章 第二节 织牢五级基层治理网络", "市委政法委")]),
    ]),
}  # fmt: skip

# Tasks not listed in TASK_OVERRIDES are 按计划推进, with a drawn 完成率 and note.
ON_TRACK_NOTES = ["各项工作按年度计划有序推进", "已完成年度目标任务，阶段性成效明显",
                  "重点事项正在推进，总体符合时序进度", "实施方案已出台，配套政策逐步落地"]  # fmt: skip

# Hand-picked statuses: substring of 章节 -> (进展, 完成率, 说明).
TASK_OVERRIDES = {
    "liunan": {
        "城镇空间发展格局": ("已完成", 100, "柳南区国土空间总体规划编制完成，“三区三线”划定成果获批"),
        "推进土地要素市场化配置": ("已完成", 100, "工业用地“标准地”出让和弹性年期供地制度已全面实施"),
        "加快培育数据要素市场": ("未启动", 0, "待自治区、柳州市出台数据要素市场化配置相关政策后启动"),
        "构建“一核两园”工业产业布局": ("滞后", 32, "受整车产销下滑影响，园区新增产能释放慢于预期"),
        "构建“一港一圈多区”现代服务业布局": ("滞后", 30, "物流枢纽和商圈提升项目推进慢于预期"),
        "建设智能制造业创新发展基地": ("按计划推进", 52, "新能源汽车零部件配套项目加快集聚，2022年受整车产销下滑影响产值回落"),
        "加强中心集镇建设": ("滞后", 28, "太阳村镇、洛满镇、流山镇中心集镇市政配套资金缺口较大，部分项目尚未开工"),
        "积极拓展对外合作新路径": ("滞后", 31, "受疫情影响境外招商和经贸交流活动大幅减少"),
        "完善养老服务体系": ("滞后", 35, "养老机构护理型床位和社区居家养老服务设施覆盖不足"),
    },
    "nankai": {
        "深化国资国企改革": ("已完成", 100, "区属国有企业改革三年行动任务全面完成"),
        "建设国际消费中心城市核心承载区": ("滞后", 33, "受疫情影响，社会消费品零售总额2020年、2022年两度下降"),
        "发展楼宇经济和总部经济": ("滞后", 30, "写字楼市场供大于求，楼宇空置率上升，税收亿元楼宇数量增长慢于预期"),
        "完善养老和托育服务体系": ("滞后", 36, "普惠性托位建设进度慢于预期，每千人口托位数距目标差距较大"),
        "有序推进碳达峰碳中和": ("滞后", 26, "区碳达峰实施方案已印发，能耗强度下降进度慢于序时要求"),
    },
    "jiangbei": {
        "深化“最多跑一次”改革": ("已完成", 100, "“最多跑一次”改革事项实现全覆盖，政务服务“一网通办”达到规划目标"),
        "推动绿色低碳发展": ("滞后", 30, "单位GDP能耗和二氧化碳排放强度下降进度慢于序时要求"),
        "完善“一老一小”服务体系": ("滞后", 33, "普惠性婴幼儿托位建设进度慢于预期"),
    },
    "hebei": {
        "推进大意风区产业发展": ("滞后", 34, "受疫情影响文旅消费恢复偏慢，部分业态招商不及预期"),
        "提升大悲院商圈能级": ("滞后", 29, "商圈客流恢复偏慢，部分商业载体招商不及预期"),
        "推进重点区域近期建设": ("滞后", 22, "部分地块征收和规划调整尚未完成"),
    },
    "baicheng": {
        "建设国家普惠金融发展示范区": ("已完成", 100, "已成功申创国家普惠金融发展示范区"),
        "布局“绿电+绿氢+绿氨+绿醇”产业链": ("按计划推进", 62, "在全省率先步入“绿电+绿氢+绿氨+绿醇”新赛道，一批绿氢项目开工建设"),
        "推进老工业基地调整改造": ("按计划推进", 65, "产业转型升级成效明显，获国家通报表扬"),
        "发展现代物流、电商和大数据产业": ("滞后", 34, "大数据产业初具规模，龙头企业引进不足"),
        "完善基础设施体系": ("滞后", 30, "部分交通、水利项目前期手续办理周期长，开工慢于预期"),
    },
}  # fmt: skip


def write_tasks(plan: str) -> None:
    rng = rng_for(plan, "tasks")
    tasks = LIUNAN_TASKS if plan == "liunan" else OTHER_TASKS[plan]
    overrides = TASK_OVERRIDES.get(plan, {})
    rows = []
    for pian, chapter, dept in tasks:
        status, rate, note = (
            "按计划推进",
            int(rng.integers(40, 66)),
            str(rng.choice(ON_TRACK_NOTES)),
        )
        hit = [v for k, v in overrides.items() if k in chapter]
        if hit:
            status, rate, note = hit[0]
        rows.append({"篇": pian, "章节": chapter, "负责部门": dept, "进展": status,
                     "完成率": rate, "说明": note})  # fmt: skip
    write_table(rows, ["篇", "章节", "负责部门", "进展", "完成率", "说明"],
                RAW / plan / "tasks.csv", LAYOUT[plan]["encoding"])  # fmt: skip


# ----------------------------------------------------------------------------
# Projects (重大工程项目)
# ----------------------------------------------------------------------------


@dataclass
class Domain:
    field: str  # 领域
    depts: list[str]
    places: list[str]
    items: list[str]
    n: int  # how many projects of this domain
    scale: float  # median total investment, 亿元
    template: str = "{place}{item}项目"


# A social project goes to the department its name points at (学校 -> 教育局 …).
DEPT_KEYWORDS = [("学|幼儿园|实训", "教育"), ("医|卫生|疾控|妇幼|托育", "卫生"), ("养老|社区", "民政"),
                 ("健身|体育|文化|书房", "文"), ("住房", "住房")]  # fmt: skip


def project_dept(rng, d: Domain, item: str) -> str:
    for pattern, key in DEPT_KEYWORDS:
        matches = [x for x in d.depts if key in x]
        if re.search(pattern, item) and matches:
            return matches[0]
    return str(rng.choice(d.depts))


LIUNAN_TOWNS = ["太阳村镇", "洛满镇", "流山镇"]
PROJECT_DOMAINS = {
    "liunan": [
        Domain("先进制造", ["工业和信息化局", "园区管委会"],
               ["柳南区河西工业园", "柳南区洛维工业集中区", "柳南区智能制造产业园",
                "柳南区新能源汽车零部件产业园", "柳南区太阳村工业园"],
               ["标准厂房", "新能源汽车零部件", "汽车内外饰件", "智能网联汽车电子",
                "动力电池结构件", "汽车模具", "电驱动系统", "精密铸锻件", "轻量化车身部件",
                "工程机械配套件", "智能装备制造", "数字化车间改造", "汽车线束",
                "热管理系统", "新型建材", "绿色食品加工"], 60, 3.0),
        Domain("现代服务业", ["商务局"],
               ["柳南区", "柳南商圈", "航生路片区", "潭中西路片区", "西鹅片区",
                "柳州火车站片区", "河西片区"],
               ["商贸综合体", "冷链物流中心", "城市配送中心", "电子商务产业园",
                "夜间经济街区", "汽车后市场服务中心", "农产品批发市场升级改造",
                "文旅街区提升改造", "螺蛳粉产业展示中心"], 30, 2.5),
        Domain("基础设施", ["住房和城乡建设局", "交通运输局", "发展改革局"],
               ["柳南区航岭路", "柳南区西环路", "柳南区柳太路", "柳南区洛维大道",
                "柳南区河西路", "柳南区帽合路", "柳南区竹鹅溪路", "柳南区南环路"],
               ["道路新建工程", "道路提升改造工程", "雨污分流改造工程", "综合管廊工程",
                "停车场建设工程", "桥梁新建工程"], 40, 1.6, "{place}{item}"),
        Domain("新型基础设施", ["发展改革局", "工业和信息化局"],
               ["柳南区", "柳南区河西工业园", "柳南区洛维工业集中区"],
               ["5G基站建设", "新能源汽车充电基础设施", "数据中心", "工业互联网平台",
                "智慧城管平台", "城市物联网感知平台"], 15, 0.8),
        Domain("社会民生", ["教育局", "卫生健康局", "民政局", "文体广旅局"],
               ["柳南区", *LIUNAN_TOWNS],
               ["中学新建", "小学扩建", "公办幼儿园新建", "卫生院改扩建", "养老服务中心",
                "全民健身中心", "社区综合服务设施", "托育服务中心", "文化活动中心"], 35, 0.6),
        Domain("乡村振兴", ["农业农村局", "乡村振兴局"], LIUNAN_TOWNS,
               ["高标准农田建设", "螺蛳粉原材料种植基地", "特色水果种植基地",
                "农村人居环境整治", "现代农业产业园", "乡村旅游示范点",
                "农村饮水安全巩固提升", "农产品冷链仓储设施", "村级集体经济发展"], 25, 0.5),
        Domain("生态环保", ["柳南生态环境局", "城管执法局"],
               ["柳南区", "竹鹅溪", *LIUNAN_TOWNS],
               ["污水处理厂提标改造", "黑臭水体治理", "生态修复", "垃圾转运设施",
                "河道综合整治"], 12, 0.9),
        Domain("城市更新", ["住房和城乡建设局"],
               ["柳南区", "河西片区", "鹅山片区", "南站片区"],
               ["老旧小区改造", "城中村改造", "棚户区改造"], 10, 2.2),
    ],
    "nankai": [
        Domain("科技创新", ["区科技局"],
               ["环天南大知识创新集聚区", "南开科技园", "南开区"],
               ["科技成果转化中心", "大学科技园提升", "人工智能创新中心", "信创产业园",
                "孵化器建设"], 10, 2.0),
        Domain("商贸消费", ["区商务局"], ["古文化街", "鼓楼商圈", "大悦城商圈", "水上公园周边"],
               ["商业街区提升改造", "品质消费示范街", "夜间经济集聚区", "智慧商圈建设"],
               10, 1.5),
        Domain("城市更新", ["区住房建设委"],
               ["学府街", "万兴街", "嘉陵道街", "长虹街", "鼓楼街", "兴南街", "广开街",
                "王顶堤街", "水上公园街", "向阳路街"],
               ["老旧小区改造提升", "二次供水改造", "雨污分流改造"], 12, 0.8),
        Domain("社会民生", ["区教育局", "区卫生健康委", "区民政局", "区文化和旅游局"], ["南开区"],
               ["中学改扩建", "小学新建", "社区卫生服务中心提升", "养老服务综合体",
                "托育综合服务中心", "全民健身中心", "公办幼儿园新建", "区医院门诊楼改造"],
               8, 1.2),
    ],
    "jiangbei": [
        Domain("先进制造", ["区经信局"],
               ["江北高新区", "前洋26创新园", "慈城工业园", "洪塘工业区", "江北投资创业园区"],
               ["智能装备", "新材料", "汽车零部件", "工业互联网平台", "标准厂房",
                "数字经济产业园"], 18, 4.0),
        Domain("城市建设", ["区住建局"],
               ["姚江两岸", "三江口北岸", "前洋新城", "湾头片区", "庄桥片区", "孔浦片区"],
               ["城市有机更新", "路网建设", "滨江绿道建设", "安置房建设", "地下综合管廊"],
               18, 3.0),
        Domain("文化旅游", ["区文广旅体局", "慈城镇人民政府"],
               ["慈城古县城", "达人村", "荪湖", "英雄水库"],
               ["保护开发", "文旅综合体", "乡村旅游提升"], 8, 2.0),
        Domain("社会民生", ["区教育局", "区卫生健康局", "区民政局", "区文广旅体局"], ["江北区"],
               ["中学新建", "小学新建", "幼儿园新建", "人民医院扩建", "中医医院迁建",
                "养老服务中心", "托育综合服务中心", "体育中心改造", "社区卫生服务中心新建",
                "文化馆新馆"], 10, 1.5),
        Domain("生态环保", ["市生态环境局江北分局", "区农业农村局"],
               ["江北区", "慈城镇", "姚江"],
               ["污水管网提升", "河道综合整治", "生态修复", "美丽河湖建设"], 6, 1.0),
    ],
    "hebei": [
        Domain("商贸文旅", ["区商务局", "区文化和旅游局", "意风区管委会"],
               ["意式风情区", "中山路沿线", "大悲院商圈", "金狮桥周边", "海河东路沿线"],
               ["商业街区提升改造", "文旅融合示范街", "夜间经济集聚区", "历史建筑活化利用"],
               12, 1.5),
        Domain("科技创新", ["区科技局", "区合作交流办"], ["新开河沿线", "河北区"],
               ["科创产业园", "楼宇载体提升", "众创空间", "数字经济产业园"], 7, 2.0),
        Domain("城市更新", ["区住房建设委"],
               ["光复道街", "望海楼街", "鸿顺里街", "新开河街", "铁东路街", "建昌道街",
                "宁园街", "王串场街", "江都路街", "月牙河街"],
               ["老旧小区改造", "片区城市更新", "二次供水改造"], 10, 1.0),
        Domain("社会民生", ["区教育局", "区卫生健康委", "区民政局"], ["河北区"],
               ["中学新建", "小学改扩建", "幼儿园新建", "社区卫生服务中心提升",
                "养老服务综合体", "托育服务中心"], 6, 0.9),
    ],
    "baicheng": [
        Domain("新能源", ["市能源局"], ["洮北区", "洮南市", "大安市", "镇赉县", "通榆县"],
               ["风电", "光伏发电", "风光储一体化", "绿氢合成氨", "源网荷储一体化"], 24, 18.0),
        Domain("现代农业", ["市农业农村局", "市畜牧业管理局"],
               ["洮北区", "洮南市", "大安市", "镇赉县", "通榆县"],
               ["高标准农田建设", "盐碱地改良", "肉牛养殖基地", "杂粮杂豆加工", "大米加工"],
               18, 1.5),
        Domain("基础设施", ["市交通运输局", "市水利局", "市住房和城乡建设局"],
               ["白城市", "洮南市", "大安市", "镇赉县", "通榆县"],
               ["公路改扩建工程", "供水工程", "污水处理厂建设工程", "供热管网改造工程"],
               16, 3.0, "{place}{item}"),
        Domain("生态保护", ["市林业和草原局", "市生态环境局"],
               ["洮北区", "洮南市", "大安市", "镇赉县", "通榆县"],
               ["防护林建设", "草原生态修复", "湿地保护修复"], 10, 0.8),
        Domain("社会民生", ["市教育局", "市卫生健康委员会", "市民政局", "市文化广播电视和旅游局",
                           "市住房和城乡建设局"], ["白城市"],
               ["中心医院新院区", "职业教育实训基地", "中学新建", "养老服务中心",
                "疾控中心业务楼", "全民健身中心", "托育服务中心", "妇幼保健院扩建",
                "公共租赁住房", "城市书房", "中医院改扩建", "特殊教育学校"], 12, 1.2),
    ],
}  # fmt: skip

PREP_NOTES = {
    "not_started": ["已完成项目建议书批复，正在开展可行性研究", "已取得用地预审和选址意见书，正在办理规划许可",
                    "正在开展征地拆迁工作", "投资主体尚未落实，正在招商对接", "正在编制初步设计及概算"],
    "started": ["主体工程施工中", "已完成基础工程，正在进行主体结构施工", "设备安装调试中",
                "一期已建成，二期施工中", "受征地拆迁影响，施工进度滞后"],
    "done": ["已竣工验收并投入使用", "已建成投产", "已完工，正在办理竣工决算"],
}  # fmt: skip

PROJECT_COLUMNS = [
    "项目名称", "领域", "负责部门", "总投资", "十四五计划投资", "累计完成投资", "资金到位",
    "计划开工年份", "是否开工", "计划竣工年份", "是否竣工", "前期工作",
]  # fmt: skip


def write_projects(plan: str) -> None:
    """Starts and completions plausible for mid-2023 (half the plan period elapsed)."""
    rng = rng_for(plan, "projects")
    rows = []
    for d in PROJECT_DOMAINS[plan]:
        names = [d.template.format(place=p, item=i) for p in d.places for i in d.items]
        assert len(names) >= d.n, (plan, d.field)
        items = [i for _ in d.places for i in d.items]
        for k in rng.permutation(len(names))[: d.n]:
            total = round(float(d.scale * rng.lognormal(0, 0.7)), 2)
            plan5 = round(total * float(rng.uniform(0.6, 1.0)), 2)
            start = int(rng.choice([2021, 2022, 2023, 2024, 2025], p=[0.3, 0.25, 0.2, 0.15, 0.1]))
            finish = start + int(rng.integers(1, 4))
            p_start = 0.92 if start <= 2022 else 0.45 if start == 2023 else 0.04
            started = rng.random() < p_start
            p_done = 0.75 if finish <= 2022 else 0.3 if finish == 2023 else 0.0
            done = started and rng.random() < p_done
            # share of the construction period elapsed by mid-2023
            elapsed = min(max((2023.5 - start) / (finish + 1 - start), 0.1), 0.95)
            if done:
                spent, note = plan5 * rng.uniform(0.92, 1.0), "done"
            elif started:
                spent, note = plan5 * elapsed * rng.uniform(0.6, 1.1), "started"
            else:
                spent, note = plan5 * rng.uniform(0.0, 0.03), "not_started"
            rows.append({
                "项目名称": names[k], "领域": d.field, "负责部门": project_dept(rng, d, items[k]),
                "总投资": total, "十四五计划投资": plan5, "累计完成投资": round(float(spent), 2),
                "资金到位": round(float(spent * rng.uniform(0.8, 1.02)), 2),
                "计划开工年份": start, "是否开工": "是" if started else "否",
                "计划竣工年份": finish, "是否竣工": "是" if done else "否",
                "前期工作": str(rng.choice(PREP_NOTES[note])),
            })  # fmt: skip
    write_table(rows, PROJECT_COLUMNS, RAW / plan / LAYOUT[plan]["projects"],
                LAYOUT[plan]["encoding"], sheet="重大项目")  # fmt: skip


# ----------------------------------------------------------------------------
# Survey (规划实施情况调查)
# ----------------------------------------------------------------------------

# item -> (share 满意, share 基本满意) before the plan's own shift
SURVEY_BASE = {
    "营商环境": (0.58, 0.33), "交通出行": (0.42, 0.40), "教育": (0.50, 0.36),
    "医疗卫生": (0.45, 0.39), "养老服务": (0.38, 0.42), "生态环境": (0.60, 0.32),
    "就业创业": (0.44, 0.41), "社会治安": (0.68, 0.27), "住房保障": (0.40, 0.40),
    "文化体育": (0.55, 0.35), "政务服务": (0.63, 0.30), "托育服务": (0.30, 0.40),
    "乡村振兴": (0.52, 0.36), "城市更新": (0.47, 0.38), "商贸消费": (0.51, 0.37),
}  # fmt: skip
SURVEY_PLAN = {  # items, sample size of the resident survey, shift of 满意 share
    "liunan": (["营商环境", "交通出行", "教育", "医疗卫生", "养老服务", "生态环境", "就业创业",
                "社会治安", "乡村振兴", "托育服务"], 1200, -0.02),
    "nankai": (["营商环境", "交通出行", "教育", "医疗卫生", "养老服务", "生态环境", "社会治安",
                "城市更新", "商贸消费", "政务服务", "托育服务"], 1500, 0.0),
    "jiangbei": (["营商环境", "交通出行", "教育", "医疗卫生", "养老服务", "生态环境",
                  "就业创业", "社会治安", "住房保障", "文化体育", "政务服务", "托育服务"],
                 2100, 0.05),
    "hebei": (["营商环境", "交通出行", "教育", "医疗卫生", "养老服务", "生态环境", "城市更新",
               "社会治安"], 900, -0.01),
    "baicheng": (["营商环境", "交通出行", "教育", "医疗卫生", "养老服务", "生态环境",
                  "就业创业", "社会治安", "乡村振兴"], 1800, 0.01),
}  # fmt: skip


# 江北区 §三(八) asks enterprises and the public: these items are asked of enterprises too
# (营商环境 of enterprises only), with an enterprise sample of this size.
SURVEY_GROUPS = {"jiangbei": (["营商环境", "政务服务", "就业创业", "交通出行"], 420)}


def write_survey(plan: str) -> None:
    rng = rng_for(plan, "survey")
    items, size, shift = SURVEY_PLAN[plan]
    if plan in SURVEY_GROUPS:
        return write_group_survey(plan, rng, items, size, shift)
    rows = []
    for item in items:
        sat, basic = SURVEY_BASE[item]
        sat = float(np.clip(sat + shift + rng.normal(0, 0.02), 0.1, 0.97 - basic))
        # 营商环境 is asked of enterprises only.
        n = int(rng.integers(260, 420)) if item == "营商环境" else size - int(rng.integers(0, 60))
        counts = rng.multinomial(n, [sat, basic, 1 - sat - basic])
        rows.append({"调查项目": item, "样本数": n, "满意": int(counts[0]),
                     "基本满意": int(counts[1]), "不满意": int(counts[2])})  # fmt: skip
    write_table(rows, ["调查项目", "样本数", "满意", "基本满意", "不满意"],
                RAW / plan / "survey.csv", LAYOUT[plan]["encoding"])  # fmt: skip


def write_group_survey(plan: str, rng, items: list[str], size: int, shift: float) -> None:
    """One row per respondent group (调查对象) × item; enterprises rate business items
    lower than the public does, as such surveys usually find."""
    firm_items, firm_size = SURVEY_GROUPS[plan]
    rows = []
    for group, group_items, n0, bias in (("企业", firm_items, firm_size, -0.06),
                                         ("公众", [i for i in items if i != "营商环境"], size, 0.0)):  # fmt: skip
        for item in group_items:
            sat, basic = SURVEY_BASE[item]
            sat = float(np.clip(sat + shift + bias + rng.normal(0, 0.02), 0.1, 0.97 - basic))
            n = n0 - int(rng.integers(0, 40))
            counts = rng.multinomial(n, [sat, basic, 1 - sat - basic])
            rows.append({"调查对象": group, "调查项目": item, "样本数": n, "满意": int(counts[0]),
                         "基本满意": int(counts[1]), "不满意": int(counts[2])})  # fmt: skip
    write_table(rows, ["调查对象", "调查项目", "样本数", "满意", "基本满意", "不满意"],
                RAW / plan / "survey.csv", LAYOUT[plan]["encoding"])  # fmt: skip


# ----------------------------------------------------------------------------


def nankai_estimates() -> dict[str, list[dict]]:
    """南开区 2020 GDP as estimated in early 2021; the 统计局 file has the official 631.7."""
    return {"发改委": [{"指标名称": "地区生产总值", "年份": 2020, "数值": 632, "增速": 1.6,
                        "数据类型": "预计数", "备注": "2021年1月区政府工作报告预计数"}]}  # fmt: skip


# The evaluator's own files (like texts/): hand-written, never rewritten here.
HAND_WRITTEN = ("adjustments", "answers", "benchmarks")


def main() -> None:
    for plan in PLANS:
        folder = RAW / plan
        folder.mkdir(parents=True, exist_ok=True)
        for old in [*folder.glob("*.csv"), *folder.glob("*.xlsx")]:
            if not old.name.startswith(HAND_WRITTEN):
                old.unlink()  # generated files only; texts/ is hand-written
        inds = BUILDERS[plan](rng_for(plan, "annual"))
        write_indicators(plan, inds)
        write_annual(plan, inds, nankai_estimates() if plan == "nankai" else {})
        write_monthly(plan, inds)
        write_assigned(plan)
        write_tasks(plan)
        write_projects(plan)
        write_survey(plan)
        print(f"{plan}: {len(inds)} indicators -> {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
