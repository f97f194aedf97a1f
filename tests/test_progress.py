"""Hand-computed progress arithmetic for every target kind (planeval.method.progress).

Unless stated otherwise: base year 2020, target year 2025, latest year 2022, so
E = (2022 - 2020) / (2025 - 2020) = 0.4, years elapsed 2, years in the plan 5.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planeval.errors import PlanevalError
from planeval.method.progress import (
    ACHIEVED,
    AHEAD,
    INSUFFICIENT,
    LAGGING,
    MODERATE,
    MOVING_AWAY,
    NO_DATA,
    NOT_APPLICABLE,
    ON_TRACK,
    SIGNIFICANT,
    PathInput,
    Thresholds,
    annuity_sum,
    cagr_percent,
    chained_index,
    elapsed_share,
    growth_for_sum,
    judge_cagr,
    judge_cagr_range,
    judge_cumulative,
    judge_level,
    judge_limits,
    judge_reduction,
    judge_relative,
    official_category,
    path_progress,
    reduction_annual_rate,
    required_growth,
    secondary_category,
)

TH = Thresholds()


def path(base, latest, sign=1, binding=False, year=2022) -> PathInput:
    return PathInput(
        base=base,
        latest=latest,
        elapsed=elapsed_share(2020, 2025, year),
        years_elapsed=year - 2020,
        years_total=5,
        sign=sign,
        binding=binding,
    )


# --- basics -----------------------------------------------------------------------


def test_elapsed_share():
    assert elapsed_share(2020, 2025, 2022) == pytest.approx(0.4)
    assert elapsed_share(2020, 2025, 2023) == pytest.approx(0.6)


def test_cagr_and_required_growth():
    # 100 → 121 in two years: 1.21^(1/2) - 1 = 10 %
    assert cagr_percent(100, 121, 2) == pytest.approx(10.0)
    # to reach 133.1 from 121 in one year: 133.1/121 - 1 = 10 %
    assert required_growth(121, 133.1, 1) == pytest.approx(10.0)
    assert math.isnan(cagr_percent(0, 121, 2))
    assert math.isnan(cagr_percent(100, -1, 2))


def test_reduction_13_5_percent_is_2_86_percent_a_year():
    # (1 - 0.135)^(1/5) - 1 = 0.865^0.2 - 1 = -0.028589 → 2.86 % a year
    assert reduction_annual_rate(13.5, 5) == pytest.approx(-2.8589, abs=1e-4)
    assert round(-reduction_annual_rate(13.5, 5), 2) == 2.86


def test_chained_index():
    # real growth 8 % then 3 %: 1.08 * 1.03 = 1.1124
    assert chained_index([8.0, 3.0]) == pytest.approx(1.1124)


def test_growth_for_sum_round_trip():
    # Σ_{i=1..5} 150 * 1.05^i = 150 * (1.05 + 1.1025 + 1.157625 + 1.21550625 + 1.2762815625)
    assert annuity_sum(150, 5.0, 5) == pytest.approx(150 * 5.8019128125)
    assert growth_for_sum(150, 150 * 5.8019128125, 5) == pytest.approx(5.0, abs=1e-9)
    assert math.isnan(growth_for_sum(150, -1, 5))


def test_path_progress_reduces_to_share_of_planned_change():
    # planned +0.5, actual +0.2, E = 0.4: P = 0.2 / 0.5 = 0.4, R = 1.0
    assert path_progress(0.2, 0.5, 0.4, 1) == pytest.approx((0.4, 1.0))
    # lower is better, planned -0.5, actual -0.1: P = 0.2, R = 0.5
    assert path_progress(-0.1, -0.5, 0.4, -1) == pytest.approx((0.2, 0.5))


def test_path_progress_mirrors_an_allowance():
    # lower is better, the plan allows +0.5 (an allowance): on the path (0.2) R = 1;
    # no change at all: R = 1 + (-1) * (0 - 0.2) / (0.5 * 0.4) = 2
    assert path_progress(0.2, 0.5, 0.4, -1)[1] == pytest.approx(1.0)
    assert path_progress(0.0, 0.5, 0.4, -1)[1] == pytest.approx(2.0)
    assert path_progress(0.4, 0.5, 0.4, -1)[1] == pytest.approx(0.0)


# --- categories -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "binding", "expected"),
    [
        (1.10, False, AHEAD),
        (1.2, True, AHEAD),
        (1.0, False, ON_TRACK),
        (0.95, False, ON_TRACK),
        (0.97, True, LAGGING),  # binding: no tolerance band below 1.0
        (1.0, True, ON_TRACK),
        (0.94, False, LAGGING),
        (math.nan, False, NO_DATA),
    ],
)
def test_official_category(ratio, binding, expected):
    assert official_category(ratio, False, binding, TH) == expected


def test_official_category_met_wins():
    assert official_category(0.2, True, True, TH) == ACHIEVED


@pytest.mark.parametrize(
    ("actual", "required", "sign", "expected"),
    [
        (6.0, 6.0, 1, SIGNIFICANT),
        (5.7, 6.0, 1, SIGNIFICANT),  # 95 %
        (4.0, 6.0, 1, MODERATE),  # 66.7 %
        (3.6, 6.0, 1, MODERATE),  # 60 %
        (3.0, 6.0, 1, INSUFFICIENT),  # 50 %
        (-1.0, 6.0, 1, MOVING_AWAY),
        (-3.5, -2.86, -1, SIGNIFICANT),  # a faster reduction than required
        (1.0, -2.86, -1, MOVING_AWAY),  # rising while it should fall
        (1.0, 2.0, -1, SIGNIFICANT),  # an allowance of +2 %/yr, actual +1 %
        (3.0, 2.0, -1, MOVING_AWAY),
    ],
)
def test_secondary_category(actual, required, sign, expected):
    assert secondary_category(actual, required, sign, TH) == expected


def test_thresholds_validation():
    with pytest.raises(PlanevalError):
        Thresholds(ahead=0.9, on_track=0.95)
    with pytest.raises(PlanevalError):
        Thresholds(ceiling_tolerance=-1)
    assert Thresholds().on_track_for(True) == 1.0


# --- per kind -----------------------------------------------------------------------


def test_cagr_compound_path_not_linear_share_of_level():
    # 年均增长6%: v_T* = 100 * 1.06^5 = 133.8226. On the compound path 2022 = 100 * 1.06^2
    # = 112.36: P = ln(1.1236) / ln(1.338226) = 2/5 = 0.4, R = 1.0 (基本符合预期).
    # The linear share of the level would be (112.36 - 100) / 33.8226 = 0.3654, R = 0.91:
    # wrongly 滞后于预期.
    j = judge_cagr(path(100, 112.36), 6.0, TH)
    assert j.target_level == pytest.approx(133.8225578)
    assert j.progress == pytest.approx(0.4)
    assert j.ratio == pytest.approx(1.0)
    assert j.actual_cagr == pytest.approx(6.0)
    assert j.category == ON_TRACK
    assert j.secondary == SIGNIFICANT
    linear_share = (112.36 - 100) / (j.target_level - 100)
    assert linear_share / 0.4 < TH.on_track


def test_cagr_ahead_and_achieved():
    # 2022 = 120: P = ln(1.2) / (5 ln 1.06) = 0.18232 / 0.29134 = 0.62580, R = 1.5645
    j = judge_cagr(path(100, 120), 6.0, TH)
    assert j.progress == pytest.approx(math.log(1.2) / (5 * math.log(1.06)))
    assert j.ratio == pytest.approx(1.56450, abs=1e-4)
    assert j.category == AHEAD
    # 2022 = 140 ≥ 133.82: the 2025 level is already reached
    assert judge_cagr(path(100, 140), 6.0, TH).category == ACHIEVED


def test_cagr_floor_judged_as_cagr():
    # 9%以上, 2022 = 100 * 1.08^2 = 116.64: P = 2 ln 1.08 / (5 ln 1.09) = 0.35722, R = 0.89305
    j = judge_cagr(path(100, 116.64), 9.0, TH, floor=True)
    assert j.ratio == pytest.approx(2 * math.log(1.08) / (5 * math.log(1.09)) / 0.4)
    assert j.ratio == pytest.approx(0.89305, abs=1e-5)
    assert j.category == LAGGING
    assert any("9%以上" in n for n in j.notes)


def test_cagr_lower_is_better_decline_target():
    # 年均下降3% written as cagr -3, lower is better. On the path 2022 = 100 * 0.97^2 = 94.09:
    # P = ln(0.9409) / (5 ln 0.97) = 0.4, R = 1.0. A smaller decline (95) is behind.
    on_path = judge_cagr(path(100, 94.09, sign=-1), -3.0, TH)
    assert on_path.ratio == pytest.approx(1.0)
    behind = judge_cagr(path(100, 95.0, sign=-1), -3.0, TH)
    # P = ln(0.95) / (5 ln 0.97) = -0.051293 / -0.152296 = 0.33680, R = 0.84200
    assert behind.ratio == pytest.approx(0.84200, abs=1e-5)
    assert behind.category == LAGGING
    assert judge_cagr(path(100, 85.0, sign=-1), -3.0, TH).category == ACHIEVED  # ≤ 85.87


def test_cagr_lower_is_better_growth_allowance():
    # lower is better, "年均增长不超过2%" written as cagr 2: a cap. On the path R = 1;
    # flat (no growth) is better than the path: R = 1 + (0 - 0.4 L) / (0.4 L) ... = 2.
    on_path = judge_cagr(path(100, 100 * 1.02**2, sign=-1), 2.0, TH)
    assert on_path.ratio == pytest.approx(1.0)
    assert judge_cagr(path(100, 100.0, sign=-1), 2.0, TH).ratio == pytest.approx(2.0)
    assert judge_cagr(path(100, 100.0, sign=-1), 2.0, TH).category == AHEAD
    assert any("增长上限" in n for n in on_path.notes)


def test_cagr_range():
    # 5.5-6.5%, actual 5.8 %/yr (2022 = 100 * 1.058^2 = 111.9364).
    # On the midpoint 6 %: P = 2 ln 1.058 / (5 ln 1.06) = 0.38704, R = ln 1.058 / ln 1.06 = 0.96759
    # against 5.5 %: P = 2 ln 1.058 / (5 ln 1.055) = 0.42121; against 6.5 %: 0.35811
    j = judge_cagr_range(path(100, 100 * 1.058**2), 5.5, 6.5, TH)
    assert j.ratio == pytest.approx(0.96759, abs=1e-5)
    assert j.p_low == pytest.approx(0.42121, abs=1e-5)
    assert j.p_high == pytest.approx(0.35811, abs=1e-5)
    assert j.required_cagr == pytest.approx(6.0)
    assert j.category == ON_TRACK  # 5.8 is inside [5.5, 6.5]
    assert judge_cagr_range(path(100, 100 * 1.07**2), 5.5, 6.5, TH).category == AHEAD
    assert judge_cagr_range(path(100, 100 * 1.05**2), 5.5, 6.5, TH).category == LAGGING
    # 2022 above 100 * 1.055^5 = 130.70: the lower bound's 2025 level is already reached
    assert judge_cagr_range(path(100, 131.0), 5.5, 6.5, TH).category == ACHIEVED


def test_level_log_path():
    # 2025 level 2000 from 1000; 2022 = 1250: P = ln 1.25 / ln 2 = 0.32193, R = 0.80482
    j = judge_level(path(1000, 1250), 2000, TH)
    assert j.progress == pytest.approx(0.32193, abs=1e-5)
    assert j.ratio == pytest.approx(0.80482, abs=1e-5)
    assert j.required_cagr == pytest.approx((2**0.2 - 1) * 100)  # 14.87 %
    assert j.category == LAGGING
    assert judge_level(path(1000, 2100), 2000, TH).category == ACHIEVED


def test_pp_level_linear_path():
    # share 60 % → 65 % in 2025; 2022 = 62.5: P = (62.5 - 60) / (65 - 60) = 0.5, R = 1.25
    j = judge_level(path(60, 62.5), 65, TH, linear=True)
    assert j.progress == pytest.approx(0.5)
    assert j.ratio == pytest.approx(1.25)
    assert j.category == AHEAD
    # 65.2 ≥ 65 in 2022 (城镇化率-like): 提前实现
    assert judge_level(path(60, 65.2), 65, TH, linear=True).category == ACHIEVED


def test_level_with_base_already_beyond_target():
    # a revised base 66 above the 2025 target 65 (higher is better) and 2022 = 66.5: met
    j = judge_level(path(66, 66.5), 65, TH, linear=True)
    assert j.category == ACHIEVED
    assert any("基期值已" in n for n in j.notes)


def test_reduction():
    # 累计下降13.5%, binding: v_T* = 1.0 * 0.865. 2022 = 0.95:
    # P = ln 0.95 / ln 0.865 = 0.35368, R = 0.88421 < 1.0 → 滞后于预期
    j = judge_reduction(path(1.0, 0.95, sign=-1, binding=True), 13.5, TH)
    assert j.target_level == pytest.approx(0.865)
    assert j.progress == pytest.approx(0.35368, abs=1e-5)
    assert j.ratio == pytest.approx(0.88421, abs=1e-5)
    assert j.required_cagr == pytest.approx(-2.8589, abs=1e-4)
    assert j.category == LAGGING
    assert any("年均下降2.86%" in n for n in j.notes)
    # 2022 = 0.94: P = ln 0.94 / ln 0.865 = 0.42665, R = 1.0666 → 基本符合预期 even if binding
    assert judge_reduction(path(1.0, 0.94, sign=-1, binding=True), 13.5, TH).category == ON_TRACK


def test_cumulative_total():
    # 800 over five years; 2021 = 150, 2022 = 170: P = 320 / 800 = 0.4, R = 1.0
    j = judge_cumulative(path(150, 170), {2021: 150, 2022: 170}, 800, TH)
    assert j.progress == pytest.approx(0.4)
    assert j.ratio == pytest.approx(1.0)
    assert j.category == ON_TRACK
    # implied constant growth g from the base 150 with Σ 150 (1+g)^i = 800 (i = 1..5)
    assert annuity_sum(150, j.required_cagr, 5) == pytest.approx(800)
    assert j.target_level == pytest.approx(150 * (1 + j.required_cagr / 100) ** 5)
    assert judge_cumulative(path(150, 500), {2021: 350, 2022: 500}, 800, TH).category == ACHIEVED


def test_cumulative_with_a_missing_year_is_not_judged():
    j = judge_cumulative(path(150, 170), {2021: math.nan, 2022: 170}, 800, TH)
    assert math.isnan(j.progress)
    assert j.category == NO_DATA
    assert any("不全" in n for n in j.notes)


def test_ceiling_breached_in_one_year():
    # 4.5以内, binding: 2021 = 4.3 fine, 2022 = 4.6 > 4.5 → breached in 2022
    j = judge_limits({"2021": 4.3, "2022": 4.6}, {"2021": 4.5, "2022": 4.5}, "ceiling", True, TH)
    assert j.breach_years == "2022"
    assert j.category == LAGGING
    assert math.isnan(j.progress) and math.isnan(j.ratio)
    assert j.secondary == NOT_APPLICABLE
    assert any("P、R" in n and "不适用" in n for n in j.notes)


def test_ceiling_tolerance_for_expected_indicators():
    limits = {"2021": 4.5, "2022": 4.5}
    # expected: 4.6 is within 4.5 + 0.1 → not a breach, noted
    j = judge_limits({"2021": 4.3, "2022": 4.6}, limits, "ceiling", False, TH)
    assert j.breach_years == ""
    assert j.category == ON_TRACK
    assert any("容差" in n for n in j.notes)
    # 4.7 > 4.6 → breached
    assert judge_limits({"2022": 4.7}, limits, "ceiling", False, TH).category == LAGGING


def test_floor_and_year_to_date_period():
    limits = {"2021": 95, "2022": 95, "2023年1-6月": 95}
    j = judge_limits({"2021": 96, "2022": 95.5, "2023年1-6月": 94.0}, limits, "floor", True, TH)
    assert j.breach_years == "2023年1-6月"
    assert j.category == LAGGING


def test_relative_in_step():
    # income 8.0, 3.9 vs GDP 7.9, 4.2: 2022 is 0.3 pt below, within the 0.5 pt tolerance.
    # averages: (1.08 * 1.039)^0.5 - 1 = 5.929 %, (1.079 * 1.042)^0.5 - 1 = 6.034 %
    j = judge_relative({"2021": 8.0, "2022": 3.9}, {"2021": 7.9, "2022": 4.2}, "in_step", False, TH)
    assert j.breach_years == ""
    assert j.actual_cagr == pytest.approx(((1.08 * 1.039) ** 0.5 - 1) * 100)
    assert j.required_cagr == pytest.approx(((1.079 * 1.042) ** 0.5 - 1) * 100)
    assert j.category == ON_TRACK
    assert math.isnan(j.progress)


def test_relative_above_and_lagging():
    # 高于GDP增长: 2022 3.9 < 4.2 is a miss; 1 of 2 years met, average 5.93 < 6.03 → 滞后
    j = judge_relative({"2021": 8.0, "2022": 3.9}, {"2021": 7.9, "2022": 4.2}, "above", False, TH)
    assert j.breach_years == "2022"
    assert j.category == LAGGING
    # income 9, 6 vs GDP 7.9, 4.2: every year above, the average 1.6 pt above. A relational
    # target has no level to reach early: on track, never 快于预期 or 提前实现.
    fast = judge_relative(
        {"2021": 9.0, "2022": 6.0}, {"2021": 7.9, "2022": 4.2}, "above", False, TH
    )
    assert fast.category == ON_TRACK
    assert fast.breach_years == ""


def test_relative_missed_year_is_lagging_and_named():
    # in step with 0.5 pt tolerance: 2021 5.0 vs 7.9 misses, 2022 4.5 vs 4.2 meets.
    j = judge_relative({"2021": 5.0, "2022": 4.5}, {"2021": 7.9, "2022": 4.2}, "in_step", False, TH)
    assert j.category == LAGGING
    assert j.breach_years == "2021"
    assert "2021年未达到要求" in "；".join(j.notes)


def test_relative_year_to_date_does_not_decide_the_category():
    # the half-year 2023年1-6月 misses (3.0 < 5.1 − 0.5), the whole years meet.
    j = judge_relative(
        {"2021": 8.0, "2022": 4.5, "2023年1-6月": 3.0},
        {"2021": 7.9, "2022": 4.2, "2023年1-6月": 5.1},
        "in_step",
        False,
        TH,
    )
    assert j.category == ON_TRACK
    assert j.breach_years == ""
    assert any("2023年1-6月未达到要求（非全年数据" in n for n in j.notes)


def test_relative_without_common_years():
    j = judge_relative({"2021": 8.0}, {"2022": 4.2}, "in_step", False, TH)
    assert j.category == NO_DATA


# --- properties ---------------------------------------------------------------------

kinds = st.sampled_from(["cagr", "level", "pp", "reduction"])
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@given(kind=kinds, base=positive, a=positive, b=positive, sign=st.sampled_from([1, -1]))
def test_ratio_is_monotone_in_the_latest_value(kind, base, a, b, sign):
    lo, hi = sorted((a, b))

    def ratio(latest):
        x = path(base, latest, sign=sign)
        if kind == "cagr":
            return judge_cagr(x, 6.0, TH).ratio
        if kind == "level":
            return judge_level(x, base * 1.5, TH).ratio
        if kind == "pp":
            return judge_level(x, base + 5, TH, linear=True).ratio
        return judge_reduction(x, 13.5, TH).ratio

    r_lo, r_hi = ratio(lo), ratio(hi)
    if sign > 0:
        assert r_lo <= r_hi + 1e-9 * max(1, abs(r_hi))
    else:
        assert r_lo >= r_hi - 1e-9 * max(1, abs(r_hi))
