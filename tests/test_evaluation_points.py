"""Evaluation points (planeval.method.evaluation): the final evaluation's categories.

Final evaluation of a 2020–2025 plan with data to 2025: E = 1, so P is the share of the
planned change achieved. Hand-computed: P = ln(v_2025 / v_2020) / ln(V / v_2020).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from planeval.data.targets import TargetKind, TargetSpec
from planeval.errors import PlanevalError
from planeval.method.assess import IndicatorInput, Period, Thresholds, assess_indicator

FINAL = Period(2020, 2025, 2025, "十四五", "final")


def series(d: dict) -> pd.Series:
    return pd.Series({int(k): float(v) for k, v in d.items()})


def final_row(ind: IndicatorInput, **th) -> dict:
    return assess_indicator(ind, period=FINAL, thresholds=Thresholds(**th), forecast_years=())


def growth(rate: float, years: int = 5) -> pd.Series:
    return series({2020 + i: 100 * (1 + rate / 100) ** i for i in range(years + 1)})


def test_growth_target_met_is_completed_and_no_forecast():
    # 年均增长6%, actual 6.5 % a year: P = 5 ln 1.065 / (5 ln 1.06) = 1.0802 → 已完成
    row = final_row(IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), growth(6.5)))
    assert row["E"] == 1
    assert row["P"] == pytest.approx(math.log(1.065) / math.log(1.06))
    assert row["category"] == "已完成"
    assert row["outlook"] == ""
    assert row["no_forecast_reason"] == ""
    assert "总结评估按目标年实际值评价，不作趋势预测" in row["notes"]
    assert math.isnan(row["prob_meet"])
    assert row["real_growth"] is False  # the identity columns are left as they are


def test_growth_target_close_is_basically_completed_unless_binding():
    # 5.5 % a year against 6 %: P = ln 1.055 / ln 1.06 = 0.9189 ≥ 0.90 → 基本完成;
    # the same as a binding indicator has no band → 未完成
    ind = IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), growth(5.5))
    assert final_row(ind)["P"] == pytest.approx(math.log(1.055) / math.log(1.06))
    assert final_row(ind)["category"] == "基本完成"
    binding = IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), growth(5.5), binding=True)
    assert final_row(binding)["category"] == "未完成"


def test_final_threshold_is_a_parameter():
    # P = 0.9189: 基本完成 at the default 0.90, 未完成 with final_basic 0.95
    ind = IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), growth(5.5))
    assert final_row(ind, final_basic=0.95)["category"] == "未完成"
    with pytest.raises(PlanevalError):
        Thresholds(final_basic=1.5)


def test_far_short_is_not_completed():
    # 4 % a year against 6 %: P = ln 1.04 / ln 1.06 = 0.6731 → 未完成
    row = final_row(IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), growth(4.0)))
    assert row["category"] == "未完成"


def test_ceiling_breached_early_but_kept_in_the_target_year():
    # 4.5以内: 2022 4.8 breached (beyond the 0.1 tolerance), 2025 4.4 kept
    # → expected: 基本完成; binding: 未完成
    values = series({2020: 4.2, 2021: 4.3, 2022: 4.8, 2023: 4.4, 2024: 4.4, 2025: 4.4})
    spec = TargetSpec(TargetKind.CEILING, 4.5)
    ind = IndicatorInput(spec, values, unit="%", direction="lower")
    assert final_row(ind)["category"] == "基本完成"
    bound = IndicatorInput(spec, values, unit="%", direction="lower", binding=True)
    assert final_row(bound)["category"] == "未完成"
    kept = IndicatorInput(spec, values.clip(upper=4.4), unit="%", direction="lower")
    assert final_row(kept)["category"] == "已完成"


def test_ceiling_breached_in_the_target_year_is_not_completed():
    values = series({2020: 4.2, 2021: 4.3, 2022: 4.4, 2023: 4.4, 2024: 4.4, 2025: 4.8})
    ind = IndicatorInput(TargetSpec(TargetKind.CEILING, 4.5), values, unit="%", direction="lower")
    assert final_row(ind)["category"] == "未完成"


def test_midterm_keeps_the_official_vocabulary():
    # 5.9 % a year judged in 2022 (E = 0.4): P = 2 ln 1.059 / (5 ln 1.06) = 0.3936,
    # R = 0.9839 → 基本符合预期 (the mid-term words, not 基本完成)
    values = growth(5.9, years=2)
    row = assess_indicator(
        IndicatorInput(TargetSpec(TargetKind.CAGR, 6.0), values),
        period=Period(2020, 2025, 2022),
        forecast_years=(),
    )
    assert row["category"] == "基本符合预期"


def test_peer_comparison_leaves_out_a_final_evaluation(tmp_path):
    # the final evaluation has no required growth to compare; the mid-term plans are compared
    from planeval.config import parameters_file
    from planeval.run.batch import PEER_ID, make_jobs

    plans = [str(parameters_file(p)) for p in ("liunan_final", "liunan", "nankai")]
    jobs = make_jobs(plans, outputs=tmp_path)
    peer = next(j for j in jobs if j.plan_id == PEER_ID)
    assert [Path(p).stem for p in peer.parameters["plans"]] == ["liunan", "nankai"]
    assert not [j for j in make_jobs(plans[:2], outputs=tmp_path) if j.plan_id == PEER_ID]
