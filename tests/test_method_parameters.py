"""Every method parameter: set in the parameters file, passed to the method, echoed in the note.

Each case is hand-made so that the judgement sits between the default and the configured
value of one parameter; the YAML mapping goes through PlanConfig (the schema's check) and
Thresholds.from_config / Forecaster.for_plan, the way a report run reads it.
"""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest
import yaml

from planeval.config import PlanConfig
from planeval.data.scaffold import parameters_text
from planeval.data.targets import TargetKind, TargetSpec
from planeval.errors import PlanevalError
from planeval.method.assess import (
    IndicatorInput,
    Period,
    Reference,
    Thresholds,
    YearToDate,
    assess_indicator,
)
from planeval.method.forecast import Forecaster
from planeval.method.method_note import method_note, method_parameters
from planeval.method.progress import CONFIG_KEYS, FORECAST_KEYS, METHOD_KEYS
from planeval.params import SCHEMA

MIDTERM = Period(2020, 2025, 2022)  # E = 0.4
FINAL = Period(2020, 2025, 2025, "十四五", "final")


def config(tmp_path: Path, **values) -> PlanConfig:
    base = {"plan_id": "x", "plan_name": "某区规划", "region": "某区", "data_dir": "../data/raw/x"}
    folder = tmp_path / "parameters"
    folder.mkdir(exist_ok=True)
    return PlanConfig.from_mapping({**base, **values}, folder)


def judged(tmp_path, ind, period=MIDTERM, forecaster=None, years=(), **values) -> dict:
    th = Thresholds.from_config(config(tmp_path, **values))
    return assess_indicator(
        ind, period=period, thresholds=th, forecaster=forecaster, forecast_years=years
    )


def growing(rate: float, years: int = 2, start: int = 2020) -> pd.Series:
    return pd.Series({start + i: 100 * (1 + rate / 100) ** i for i in range(years + 1)})


def cagr(rate: float, target: float = 6.0, **kw) -> IndicatorInput:
    return IndicatorInput(TargetSpec(TargetKind.CAGR, target), growing(rate), **kw)


def ceiling(binding: bool) -> IndicatorInput:
    # 4.5以内: 2022 at 4.55 is 0.05 beyond the limit
    values = pd.Series({2020: 4.2, 2021: 4.3, 2022: 4.55})
    spec = TargetSpec(TargetKind.CEILING, 4.5)
    return IndicatorInput(spec, values, unit="%", direction="lower", binding=binding)


# --- each parameter changes the judgement it names ---------------------------------


def test_ahead_threshold(tmp_path):
    # 6.3 % a year against 6 %: R = ln 1.063 / ln 1.06 = 1.0483
    ind = cagr(6.3)
    assert judged(tmp_path, ind)["R"] == pytest.approx(math.log(1.063) / math.log(1.06))
    assert judged(tmp_path, ind)["category"] == "基本符合预期"
    assert judged(tmp_path, ind, ahead_threshold=1.04)["category"] == "快于预期"


def test_on_track_threshold(tmp_path):
    # 5.6 % a year: R = ln 1.056 / ln 1.06 = 0.9352 < 0.95
    ind = cagr(5.6)
    assert judged(tmp_path, ind)["category"] == "滞后于预期"
    assert judged(tmp_path, ind, on_track_threshold=0.93)["category"] == "基本符合预期"


def test_binding_on_track_threshold(tmp_path):
    # binding, 5.9 % a year: R = ln 1.059 / ln 1.06 = 0.9839 < 1 (no band by default)
    ind = cagr(5.9, binding=True)
    assert judged(tmp_path, ind)["category"] == "滞后于预期"
    assert judged(tmp_path, cagr(5.9))["category"] == "基本符合预期"  # expected: 0.95
    assert judged(tmp_path, ind, binding_on_track_threshold=0.98)["category"] == "基本符合预期"


def test_ceiling_tolerance(tmp_path):
    # 0.05 beyond the limit: inside the default 0.1 band, outside a zero band
    assert judged(tmp_path, ceiling(False))["category"] == "基本符合预期"
    row = judged(tmp_path, ceiling(False), ceiling_tolerance=0)
    assert row["category"] == "滞后于预期"
    assert row["breach_years"] == "2022"


def test_binding_ceiling_tolerance(tmp_path):
    assert judged(tmp_path, ceiling(True))["category"] == "滞后于预期"
    row = judged(tmp_path, ceiling(True), binding_ceiling_tolerance=0.1)
    assert row["category"] == "基本符合预期"
    assert "容差0.1以内" in row["notes"]


def test_in_step_tolerance(tmp_path):
    # growth 0.3 and 0.2 points below the reference's: in step within 0.5, not within 0.25
    gdp = Reference(
        "地区生产总值",
        pd.Series({2020: 100.0, 2021: 108.0, 2022: 114.48}),
        growth=pd.Series({2021: 8.0, 2022: 6.0}),
    )
    ind = IndicatorInput(
        TargetSpec(TargetKind.RELATIVE, reference="gdp", relation="in_step"),
        pd.Series({2020: 100.0, 2021: 107.7, 2022: 113.95}),
        growth=pd.Series({2021: 7.7, 2022: 5.8}),
        reference=gdp,
    )
    assert judged(tmp_path, ind)["category"] == "基本符合预期"
    row = judged(tmp_path, ind, in_step_tolerance=0.25)
    assert row["category"] == "滞后于预期"
    assert row["breach_years"] == "2021"


def test_sdg_thresholds(tmp_path):
    # actual 5.4 % against 6 % required: ratio 0.90
    ind = cagr(5.4)
    assert judged(tmp_path, ind)["actual_cagr"] == pytest.approx(5.4)
    assert judged(tmp_path, ind)["secondary"] == "中等进展"
    assert judged(tmp_path, ind, sdg_significant=0.85)["secondary"] == "显著进展"
    assert judged(tmp_path, ind, sdg_moderate=0.92)["secondary"] == "进展不足"


def test_outlook_thresholds(tmp_path):
    # The probability of the default run, then cut-offs just either side of it.
    ind = IndicatorInput(
        TargetSpec(TargetKind.CAGR, 6.0),
        pd.Series({2016 + i: v for i, v in enumerate([80, 85, 90, 95, 100, 106.5, 113])}),
    )
    fc = Forecaster(models=["rw_drift"], horizon_years=(2023, 2024, 2025))
    base = judged(tmp_path, ind, forecaster=fc)
    p = base["prob_meet"]
    assert 0.05 < p < 0.9 and not base["adjustment_flag"]

    def outlook(**values) -> str:
        return judged(tmp_path, ind, forecaster=fc, **values)["outlook"]

    assert outlook(outlook_likely=p - 0.01, outlook_unlikely=p - 0.02) == "有望实现"
    assert outlook(outlook_likely=p + 0.01, outlook_unlikely=p - 0.01) == "存在风险"
    assert outlook(outlook_likely=p + 0.02, outlook_unlikely=p + 0.01) == "难以实现"


def test_final_basic_threshold(tmp_path):
    # final, 5.5 % a year against 6 %: P = ln 1.055 / ln 1.06 = 0.9189
    ind = IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), growing(5.5, years=5))
    row = judged(tmp_path, ind, period=FINAL, evaluation="final")
    assert row["P"] == pytest.approx(math.log(1.055) / math.log(1.06))
    assert row["category"] == "基本完成"
    row = judged(tmp_path, ind, period=FINAL, evaluation="final", final_basic_threshold=0.95)
    assert row["category"] == "未完成"


def test_adjustment_margin(tmp_path):
    # history: 5 % a year at best; 7 % still needed a year (target 7 % a year from 2020 on a
    # level that grew 5 % a year to 2022): (1.07^5 / 1.05^2)^(1/3) - 1 = 8.36 %
    values = growing(5.0, years=7, start=2015)
    ind = IndicatorInput(TargetSpec(TargetKind.LEVEL, 100 * 1.05**5 * 1.07**5), values)
    fc = Forecaster(models=["rw_drift"], horizon_years=(2023, 2024, 2025))
    row = judged(tmp_path, ind, forecaster=fc)
    need = ((1.07**5 / 1.05**2) ** (1 / 3) - 1) * 100
    assert row["required_growth"] == pytest.approx(need)
    assert row["history_best_growth"] == pytest.approx(5.0)
    assert row["adjustment_flag"] and row["outlook"] == "难以实现"
    assert judged(tmp_path, ind, forecaster=fc, adjustment_margin=3.0)["adjustment_flag"]
    relaxed = judged(tmp_path, ind, forecaster=fc, adjustment_margin=3.5)
    assert not relaxed["adjustment_flag"]
    assert "建议研究规划调整" not in relaxed["notes"]


# growth 3, 7, 3, 7 %, then -5 % into 2020 and +15 % out of it, then 3 %
SHOCKED = pd.Series(
    {2015 + i: v for i, v in enumerate([100, 103, 110.2, 113.5, 121.5, 115.4, 132.7, 136.7])}
)


def test_shock_years_and_threshold(tmp_path):
    # both changes around 2020 are 4–5 robust SDs off the others': replaced by default
    def adjusted(**values) -> tuple[int, ...]:
        fc = Forecaster.for_plan(config(tmp_path, **values), models=["rw_drift"])
        return fc.fit(SHOCKED).adjusted_years

    assert adjusted() == (2020,)
    assert adjusted(shock_years=[]) == ()
    assert adjusted(shock_years=[2019]) == ()
    assert adjusted(shock_threshold=4.0) == (2020,)
    assert adjusted(shock_threshold=5.0) == ()
    fc = Forecaster.for_plan(config(tmp_path), models=["rw_drift"])
    none = Forecaster.for_plan(config(tmp_path, shock_years=[]), models=["rw_drift"])
    # the shock left in, the random walk's interval is wider
    kept, replaced = none.fit(SHOCKED), fc.fit(SHOCKED)
    width = {f: f.hi80[2025] - f.lo80[2025] for f in (kept, replaced)}
    assert width[kept] > width[replaced] * 1.2


def test_nowcast_sd(tmp_path):
    # 2023 half-year growth of 15 % against a 4.6 % trend: the smaller the nowcast's error,
    # the closer the 2023 forecast to the nowcast 136.7 × 1.15
    def first_year(**values) -> float:
        fc = Forecaster.for_plan(config(tmp_path, **values), models=["rw_drift"])
        return float(fc.fit(SHOCKED, ytd_growth=15.0, ytd_year=2023).point[2023])

    nowcast = 136.7 * 1.15
    tight, loose = first_year(nowcast_sd=0.5), first_year(nowcast_sd=8.0)
    assert abs(tight - nowcast) < abs(first_year() - nowcast) < abs(loose - nowcast)


def test_nowcast_sd_reaches_the_assessment(tmp_path):
    # the same path as a report: assess_indicator with Forecaster.for_plan(config)
    ind = IndicatorInput(
        TargetSpec(TargetKind.CAGR, 6.0), SHOCKED, ytd=YearToDate(2023, 6, growth=15.0)
    )

    def forecast_2023(**values) -> float:
        cfg = config(tmp_path, **values)
        row = assess_indicator(
            ind,
            period=MIDTERM,
            thresholds=Thresholds.from_config(cfg),
            forecaster=Forecaster.for_plan(cfg, models=["rw_drift"]),
            forecast_years=(2023,),
        )
        return row["forecast_2023"]

    direct = Forecaster(models=["rw_drift"], nowcast_sd=0.5).fit(SHOCKED, 15.0, 2023)
    assert forecast_2023(nowcast_sd=0.5) == pytest.approx(direct.point[2023])
    assert forecast_2023(nowcast_sd=0.5) > forecast_2023() + 1


# --- the parameters file, the method note, the scaffold --------------------------


NON_DEFAULT = {
    "ahead_threshold": 1.2,
    "on_track_threshold": 0.9,
    "binding_on_track_threshold": 0.97,
    "ceiling_tolerance": 0.25,
    "binding_ceiling_tolerance": 0.05,
    "in_step_tolerance": 0.3,
    "sdg_significant": 0.9,
    "sdg_moderate": 0.5,
    "outlook_likely": 0.6,
    "outlook_unlikely": 0.2,
    "final_basic_threshold": 0.85,
    "adjustment_margin": 1.5,
    "shock_years": [2019, 2020],
    "shock_threshold": 3.5,
    "nowcast_sd": 1.5,
    "approx_tolerance": 0.8,
}


def test_every_method_parameter_has_a_schema_line_a_field_and_a_case():
    assert set(NON_DEFAULT) == set(METHOD_KEYS)
    names = {f.name for f in fields(PlanConfig)}
    for key in METHOD_KEYS:
        assert key in SCHEMA and key in names, key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in SCHEMA[key].label), key


def test_config_defaults_are_the_methods_defaults():
    cfg = {f.name: f.default for f in fields(PlanConfig)}
    th = Thresholds()
    for key, attr in CONFIG_KEYS.items():
        assert cfg[key] == getattr(th, attr), key
    fc = Forecaster()
    for key in FORECAST_KEYS:
        assert cfg[key] == getattr(fc, key), key


def test_method_note_prints_every_configured_value(tmp_path):
    cfg = config(tmp_path, **NON_DEFAULT)
    th = Thresholds.from_config(cfg)
    for key, attr in CONFIG_KEYS.items():
        assert getattr(th, attr) == NON_DEFAULT[key], key
    note = method_note(cfg)
    table = {key: value for _, key, value in method_parameters(th, Forecaster.for_plan(cfg))}
    assert set(table) == set(METHOD_KEYS) - {"final_basic_threshold"}
    for key in table:
        value = NON_DEFAULT[key]
        shown = "、".join(map(str, value)) if isinstance(value, list) else f"{value:g}"
        assert f"| {SCHEMA[key].label} | {key} | {shown} |" in note, key
    # and in the sentences that state each rule
    assert "快于预期**：R ≥ 1.20" in note and "R ≥ 0.90" in note and "须 R ≥ 0.97" in note
    assert "允许超出限值0.25个计量单位" in note and "约束性指标允许超出限值0.05个计量单位" in note
    assert "减0.3个百分点" in note and "不低于90%为显著进展" in note and "50%～90%" in note
    assert "不低于60%" in note and "低于20%" in note and "超出1.5个百分点以上" in note
    assert "2019、2020年若为一次性异常" in note and "超过3.5倍稳健标准差" in note
    assert "误差按1.5个百分点计" in note
    final = method_note(config(tmp_path, evaluation="final", forecast_years=[], **NON_DEFAULT))
    assert "| 总结评估“基本完成”阈值 | final_basic_threshold | 0.85 |" in final
    assert "P ≥ 85%" in final and "ahead_threshold" not in final and "shock_years" not in final


def test_unknown_and_invalid_parameters_are_refused_by_name(tmp_path):
    with pytest.raises(PlanevalError) as err:
        config(tmp_path, ceiling_tolerence=0.2)
    assert "未知参数：ceiling_tolerence；是否应为 ceiling_tolerance？" in str(err.value)
    cases = [
        ({"ceiling_tolerance": -1}, "预期性指标逐年限值容差（ceiling_tolerance） 的值 -1 无效"),
        ({"sdg_moderate": 0.97}, "应不大于 辅助评价“显著进展”阈值（sdg_significant） 0.95"),
        ({"binding_on_track_threshold": 1.3}, "应不大于 “快于预期”阈值（ahead_threshold）"),
        ({"shock_years": 2020}, "预测异常年份（shock_years）"),
        ({"shock_threshold": 0}, "异常年份判定倍数（稳健标准差）（shock_threshold）"),
        ({"adjustment_margin": "many"}, "规划调整提示余量（百分点）（adjustment_margin）"),
    ]
    for values, message in cases:
        with pytest.raises(PlanevalError) as err:
            config(tmp_path, **values)
        assert message in str(err.value), values


def test_new_parameters_file_lists_every_method_parameter_commented(tmp_path):
    text = parameters_text("x", "某区", "某市", "十五五", "monitoring")
    for key in METHOD_KEYS:
        assert f"\n# {key}: " in text, key
    values = yaml.safe_load(text)
    assert values["evaluation"] == "monitoring" and not set(values) & set(METHOD_KEYS)
    # uncommented, the lines give the defaults
    method = yaml.safe_load(
        "\n".join(line[2:] for line in text.splitlines() if line[2:].split(":")[0] in METHOD_KEYS)
    )
    cfg = config(tmp_path, **method)
    defaults = {f.name: f.default for f in fields(PlanConfig)}
    assert set(method) == set(METHOD_KEYS)
    assert all(getattr(cfg, k) == defaults[k] for k in METHOD_KEYS)
