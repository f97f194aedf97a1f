"""Tests for planeval.method.forecast: models, fallbacks, shock rule, nowcast, intervals."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planeval.method import forecast as fc
from planeval.method.forecast import (
    AUTO_MODELS,
    MODELS,
    Forecast,
    Forecaster,
    method_description,
)
from planeval.method.forecast.ets import ETSFit, auto_ets
from planeval.method.forecast.theta import ThetaFit

YEARS = list(range(2011, 2023))


@pytest.fixture
def strict():
    """Turn every warning into an error inside the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def series(values, start=2011) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=range(start, start + len(values)))


def noisy_growth(seed=3, rate=0.07, sd=0.02, n=12) -> pd.Series:
    rng = np.random.default_rng(seed)
    return series(100 * np.exp(np.cumsum(rate + sd * rng.standard_normal(n))))


LINEAR = series(100 + 5 * np.arange(12))  # 2011..2022 -> line gives 160, 165, 170
LINE_2023_2025 = np.array([160.0, 165.0, 170.0])
GEOMETRIC = series(100 * 1.07 ** np.arange(12))
GEO_2023_2025 = 100 * 1.07 ** np.arange(12, 15)


def assert_nested(r: Forecast) -> None:
    t = r.table()
    assert (t.lo95 <= t.lo80).all() and (t.lo80 <= t.point).all()
    assert (t.point <= t.hi80).all() and (t.hi80 <= t.hi95).all()


# ------------------------------------------------------------------ trend models


@pytest.mark.parametrize("key", ["holt", "rw_drift"])
def test_exact_line_is_extended_by_linear_models(strict, key):
    r = Forecaster(models=[key]).fit(LINEAR)
    assert r.model_key == key and r.model == MODELS[key]
    np.testing.assert_allclose(r.point.to_numpy(), LINE_2023_2025, rtol=1e-6)


def test_exact_line_damped_trend_stays_close(strict):
    r = Forecaster(models=["ets_damped"]).fit(LINEAR)
    # damping (phi <= 0.98) bends the line slightly below itself
    np.testing.assert_allclose(r.point.to_numpy(), LINE_2023_2025, rtol=0.01)
    assert (r.point.to_numpy() <= LINE_2023_2025 + 1e-6).all()


def test_exact_line_optimised_theta_keeps_the_whole_slope(strict):
    # Classic Theta (θ = 2) would add half the slope (157.5, 160, 162.5); the
    # optimised θ takes the full trend (k = 1 − 1/θ = 1) on an exact line.
    r = Forecaster(models=["theta"]).fit(LINEAR)
    np.testing.assert_allclose(r.point.to_numpy(), LINE_2023_2025, rtol=1e-9)
    fit = ThetaFit(LINEAR.to_numpy())
    assert fit.k == pytest.approx(1.0)  # any α fits a line exactly once k = 1


def test_theta_recovers_a_half_trend():
    # SES level plus half the OLS slope, exactly: the optimised θ finds θ = 2.
    rng = np.random.default_rng(7)
    y = 100 + 2.0 * np.arange(30) + rng.normal(0, 3, 30)
    fit = ThetaFit(y)
    assert 0.0 <= fit.k <= 1.0 and 0.01 <= fit.alpha <= 1.0
    h = np.arange(1, 4)
    expected = fit.level + fit.k * fit.slope * ((1 - (1 - fit.alpha) ** 30) / fit.alpha + h - 1)
    np.testing.assert_allclose(fit.forecast(3), expected)
    assert np.all(np.diff(fit.variance(3)) >= 0)


def test_ets_core_matches_statsmodels(strict):
    """The closed-form ETS(A,Ad,N) reaches statsmodels' likelihood and forecasts."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = noisy_growth(seed=8, n=20).to_numpy()
    mine = ETSFit(y, "AAdN")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    assert mine.loglik >= ref.llf - 0.5  # a grid, but no worse than the optimiser
    np.testing.assert_allclose(mine.forecast(3), ref.forecast(3), rtol=0.03)


def test_auto_ets_picks_by_aicc(strict):
    rng = np.random.default_rng(2)
    level = 50 + np.cumsum(rng.normal(0, 1, 25))  # random walk: no trend
    assert auto_ets(level).variant in ("ANN", "MNN")
    trended = 50 + 3 * np.arange(25) + rng.normal(0, 0.3, 25)
    assert auto_ets(trended).variant in ("AAdN", "MAdN")
    fits = [ETSFit(trended, v) for v in ("ANN", "AAdN", "MNN", "MAdN")]
    assert auto_ets(trended).aicc == min(f.aicc for f in fits)
    assert auto_ets(trended - 200).variant[0] == "A"  # negative: additive errors only


def test_exact_line_auto_combination(strict):
    r = Forecaster().fit(LINEAR)
    assert r.model_key.startswith("combo:")
    assert r.model.startswith("组合(") and r.model.endswith(")")
    assert set(r.components) == set(AUTO_MODELS)
    assert sum(r.weights) == pytest.approx(1.0)
    np.testing.assert_allclose(r.point.to_numpy(), LINE_2023_2025, rtol=0.01)
    assert r.backtest_metric == "MASE" and r.backtest_error < 0.1


def test_geometric_series_log_linear_exact(strict):
    r = Forecaster(models=["log_linear"]).fit(GEOMETRIC)
    np.testing.assert_allclose(r.point.to_numpy(), GEO_2023_2025, rtol=1e-9)
    assert r.backtest_error == pytest.approx(0, abs=1e-9)
    auto = Forecaster().fit(GEOMETRIC)
    # damped and linear trends: somewhat below the compound path, never above it
    np.testing.assert_allclose(auto.point.to_numpy(), GEO_2023_2025, rtol=0.06)
    assert (auto.point.to_numpy() <= GEO_2023_2025).all()
    with_log = Forecaster(models=["log_linear", "rw_drift"], combine=1).fit(GEOMETRIC)
    np.testing.assert_allclose(with_log.point.to_numpy(), GEO_2023_2025, rtol=1e-9)


def test_inverse_error_weights(strict):
    r = Forecaster().fit(noisy_growth(seed=6))
    errors = r.candidate_errors[list(r.components)].to_numpy()
    w = np.asarray(r.weights)
    assert w.sum() == pytest.approx(1.0) and (w > 0).all()
    np.testing.assert_allclose(w * errors, (w * errors)[0])  # w ∝ 1 / error
    equal = Forecaster(weighting="equal").fit(noisy_growth(seed=6))
    np.testing.assert_allclose(equal.weights, 1 / len(equal.components))


@pytest.mark.parametrize("key", list(MODELS))
def test_forcing_a_single_model(strict, key):
    r = Forecaster(models=[key]).fit(noisy_growth())
    assert r.model_key == key
    assert r.components == (key,)
    assert r.model == MODELS[key]
    assert math.isfinite(r.backtest_error)
    assert list(r.candidate_errors.index) == [key]
    assert np.isfinite(r.table().to_numpy()).all()
    assert_nested(r)


def test_smape_metric(strict):
    r = Forecaster(metric="sMAPE").fit(noisy_growth())
    assert r.backtest_metric == "sMAPE"
    assert 0 <= r.backtest_error < 200


def test_combine_one_picks_best_backtest(strict):
    r = Forecaster(combine=1).fit(noisy_growth())
    errors = r.candidate_errors
    assert r.model_key == errors.idxmin()
    assert r.backtest_error == pytest.approx(errors.min())


# --------------------------------------------------------------------- fallbacks


def test_constant_series(strict):
    r = Forecaster().fit(series([4.5] * 12))
    assert r.model_key == "constant"
    assert (r.point == 4.5).all()
    t = r.table()
    assert (t.lo95 == t.hi95).all()
    assert any("数值相同" in n for n in r.notes)
    assert r.prob_at_least(2025, 4.5) == 1.0
    assert r.prob_at_least(2025, 4.6) == 0.0
    assert r.prob_at_most(2025, 4.4) == 0.0


@pytest.mark.parametrize(
    "values",
    [
        [0, 1, 2, 3, 3, 4, 6, 7, 8, 8, 9, 11],  # contains zero
        [-5, -3, -4, -2, -1, 0.5, 1, 2, 1, 3, 4, 5],  # negatives
        [-2.0, -2.5, -3.1, -3.0, -3.8, -4.1, -4.0, -4.9, -5.2, -5.0, -5.9, -6.3],
    ],
)
def test_zero_or_negative_values_skip_log_models(strict, values):
    r = Forecaster().fit(series(values))
    assert "damped_growth" not in r.components
    assert math.isnan(r.candidate_errors["damped_growth"])
    assert any("含零或负值" in n for n in r.notes)
    assert np.isfinite(r.table().to_numpy()).all()
    assert_nested(r)


def test_forced_log_model_on_negative_series_falls_back(strict):
    r = Forecaster(models=["log_linear"]).fit(series([-1, 2, 3, 5, 4, 6, 7, 9]))
    assert r.model_key == "rw_drift"
    assert any("改用带漂移随机游走" in n for n in r.notes)


def test_five_points_random_walk_with_widened_intervals(strict):
    s = series([10, 12, 13, 15, 16], start=2018)
    r = Forecaster().fit(s)
    assert r.model_key == "rw_drift"
    assert any("少于6个" in n for n in r.notes)
    assert math.isnan(r.backtest_error)
    np.testing.assert_allclose(r.point.to_numpy(), 16 + 1.5 * np.arange(1, 4))
    # t quantiles (3 df) instead of normal ones
    d = np.diff(s.to_numpy())
    sd1 = d.std(ddof=1) * math.sqrt(1 + 1 / 5)
    assert r.hi95[2023] - r.point[2023] > 1.96 * sd1 * 1.5


def test_two_points_naive(strict):
    r = Forecaster().fit(series([10, 12], start=2021))
    assert r.model_key == "naive"
    assert (r.point == 12).all()
    assert any("2个点" in n for n in r.notes)
    assert_nested(r)


@pytest.mark.parametrize("values", [[7.0], [np.nan, 7.0]])
def test_one_point_no_forecast(strict, values):
    r = Forecaster().fit(series(values, start=2021))
    assert r.model_key == "none"
    assert (r.point == 7.0).all()
    assert r.lo80.isna().all() and r.hi95.isna().all()
    assert "数据不足，无法预测。" in r.notes
    assert math.isnan(r.prob_at_least(2025, 7.0))


def test_all_missing_no_exception(strict):
    r = Forecaster().fit(series([np.nan, np.nan]))
    assert r.point.isna().all()
    assert "数据不足，无法预测。" in r.notes


def test_missing_values_dropped_and_gaps_filled(strict):
    values = 100 * 1.06 ** np.arange(12)
    values[[2, 7]] = np.nan
    r = Forecaster(models=["log_linear"]).fit(series(values))
    assert any("2013、2018年数值缺失" in n for n in r.notes)
    assert any("插值补齐" in n for n in r.notes)
    assert 2013 not in r.history.index and 2013 in r.adjusted.index
    np.testing.assert_allclose(r.point.to_numpy(), 100 * 1.06 ** np.arange(12, 15), rtol=0.04)


def test_non_numeric_values_treated_as_missing(strict):
    s = pd.Series([1.0, 2.0, "—", 4.0, 5.0, 6.0, 7.0], index=[str(y) for y in range(2016, 2023)])
    r = Forecaster().fit(s)
    assert any("2018年数值缺失" in n for n in r.notes)
    assert np.isfinite(r.point.to_numpy()).all()


def test_years_already_observed_use_actual_values(strict):
    s = series(100 + 3 * np.arange(13))  # 2011..2023
    r = Forecaster().fit(s)
    assert r.point[2023] == s[2023] and r.lo95[2023] == s[2023]
    assert any("2023年已有实际数据" in n for n in r.notes)
    assert r.point[2024] > s[2023]


def test_non_converged_model_is_dropped(strict, monkeypatch):
    real = fc._MODEL_FUNCS["ets_damped"]

    def not_converged(y, h, intervals, maxiter):
        path, _ = real(y, h, intervals, maxiter)
        return path, False

    monkeypatch.setitem(fc._MODEL_FUNCS, "ets_damped", not_converged)
    r = Forecaster(models=["ets_damped", "rw_drift"]).fit(noisy_growth())
    assert r.components == ("rw_drift",)
    assert "ETS阻尼趋势模型估计未收敛，已从候选模型中剔除。" in r.notes


def test_failing_model_is_dropped(strict, monkeypatch):
    def broken(y, h, intervals, maxiter):
        raise np.linalg.LinAlgError("singular")

    monkeypatch.setitem(fc._MODEL_FUNCS, "holt", broken)
    r = Forecaster(models=["holt", "rw_drift"]).fit(noisy_growth())
    assert r.components == ("rw_drift",)
    assert any("Holt线性趋势模型估计失败" in n for n in r.notes)


# ------------------------------------------------------------------------- shock


def test_2020_shock_does_not_drag_the_trend(strict):
    base = noisy_growth(seed=11, rate=0.08, sd=0.01)
    shocked = base.copy()
    shocked[2020] *= 0.85
    clean = Forecaster().fit(base)
    hit = Forecaster().fit(shocked)
    assert hit.adjusted_years == (2020,)
    assert "2020年受疫情冲击，建模时以2019—2021年插值替代。" in hit.notes
    assert hit.point[2025] == pytest.approx(clean.point[2025], rel=0.03)
    assert hit.history[2020] == shocked[2020]  # the reported history is untouched
    # without the rule the shock distorts the 2025 forecast more
    unhandled = Forecaster(shock_years=()).fit(shocked)
    gap = abs(unhandled.point[2025] / clean.point[2025] - 1)
    assert gap > abs(hit.point[2025] / clean.point[2025] - 1)


def test_ordinary_2020_is_left_alone(strict):
    r = Forecaster().fit(noisy_growth(seed=5, sd=0.03))
    assert r.adjusted_years == ()
    assert not any("疫情" in n for n in r.notes)


def test_no_shock_no_adjustment(strict):
    """Series without a shock: a level shift, a trend break, plain noise."""
    base = 100 * 1.05 ** np.arange(12)
    shift = base.copy()
    shift[YEARS.index(2020) :] *= 1.3  # a permanent step up, not a one-off
    kink = base.copy()
    kink[YEARS.index(2020) :] *= 0.9 ** np.arange(1, 4)  # growth turns to decline
    for values in (shift, kink):
        r = Forecaster().fit(series(values))
        assert r.adjusted_years == () and not any("插值替代" in n for n in r.notes)
    rng = np.random.default_rng(0)
    fired = sum(
        bool(
            Forecaster(models=["rw_drift"])
            .fit(series(50 + np.cumsum(rng.standard_t(3, 12))))
            .adjusted_years
        )
        for _ in range(200)
    )
    assert fired <= 4  # heavy-tailed random walks: at most 2 % flagged


def test_shock_rule_on_level_scale_with_rounded_rates(strict):
    # Mostly identical changes (MAD = 0) must not make every 2020 an outlier.
    r = Forecaster().fit(series([-5, -3, -4, -2, -1, 0, 1, 2, 1, 3, 4, 5]))
    assert r.adjusted_years == ()
    jump = series([5.0, 5.1, 5.0, 5.2, 5.1, 5.0, 5.2, 5.1, 5.0, 9.0, 5.1, 5.2])
    assert Forecaster().fit(jump).adjusted_years == (2020,)


# ----------------------------------------------------------------------- nowcast


def test_nowcast_moves_current_year_toward_ytd_growth(strict):
    s = noisy_growth(seed=4)
    plain = Forecaster().fit(s)
    g = 1.0  # far below the trend (about 7 %)
    r = Forecaster().fit(s, ytd_growth=g)
    target = s[2022] * (1 + g / 100)
    assert r.nowcast == pytest.approx(target)
    assert 0 < r.nowcast_weight < 1
    assert target < r.point[2023] < plain.point[2023]
    assert r.point[2023] == pytest.approx(
        r.nowcast_weight * target + (1 - r.nowcast_weight) * plain.point[2023], rel=0.01
    )
    # later years shifted by the same relative revision
    ratio = r.point[2023] / plain.point[2023]
    assert r.point[2024] / plain.point[2024] == pytest.approx(ratio)
    assert r.point[2025] / plain.point[2025] == pytest.approx(ratio)
    # the current year is now better known than before
    assert r.hi95[2023] - r.lo95[2023] < plain.hi95[2023] - plain.lo95[2023]
    assert any("2023年1—6月累计增长1%" in n and "精度加权" in n for n in r.notes)
    assert_nested(r)


def test_nowcast_weight_follows_configured_error(strict):
    s = noisy_growth(seed=4)
    loose = Forecaster(nowcast_sd=10).fit(s, ytd_growth=1.0)
    tight = Forecaster(nowcast_sd=0.5).fit(s, ytd_growth=1.0)
    assert tight.nowcast_weight > loose.nowcast_weight


def test_nowcast_needs_last_years_value(strict):
    s = noisy_growth().loc[:2021]
    r = Forecaster().fit(s, ytd_growth=5.0, ytd_year=2023)
    assert r.nowcast is None
    assert any("缺少2022年数据" in n for n in r.notes)
    bridged = Forecaster().fit(s, ytd_growth=5.0, ytd_year=2023, prev_growth=4.0)
    assert bridged.adjusted[2022] == pytest.approx(s[2021] * 1.04)
    assert bridged.nowcast == pytest.approx(s[2021] * 1.04 * 1.05)
    assert any("按当年增长4%推算" in n for n in bridged.notes)


def test_nowcast_on_constant_series(strict):
    r = Forecaster().fit(series([100.0] * 8), ytd_growth=3.0)
    assert r.point[2023] == pytest.approx(103.0)
    assert r.point[2025] == pytest.approx(103.0)
    assert_nested(r)


# --------------------------------------------------------------------- intervals


@pytest.mark.parametrize(
    "s",
    [
        noisy_growth(seed=1),
        noisy_growth(seed=2, rate=0.02, sd=0.05),
        series(50 + 2 * np.arange(12) + np.random.default_rng(0).normal(0, 3, 12)),
        series([-5, -3, -4, -2, -1, 0, 1, 2, 1, 3, 4, 5]),
    ],
)
def test_intervals_nested_and_widening(strict, s):
    r = Forecaster().fit(s, ytd_growth=5.0 if (s > 0).all() else None)
    assert_nested(r)
    t = r.table()
    for lo, hi in (("lo80", "hi80"), ("lo95", "hi95")):
        if r.positive and (t.lo95 > 0).all():
            width = np.log(t[hi]) - np.log(t[lo])  # relative width
        else:
            width = t[hi] - t[lo]
        assert (np.diff(width.to_numpy()) >= -1e-12).all()
        assert width.iloc[-1] > width.iloc[0]


def test_probability_functions(strict):
    r = Forecaster().fit(noisy_growth())
    year = 2025
    grid = np.linspace(r.lo95[year] * 0.8, r.hi95[year] * 1.2, 60)
    at_least = [r.prob_at_least(year, x) for x in grid]
    at_most = [r.prob_at_most(year, x) for x in grid]
    assert all(np.diff(at_least) <= 0) and all(np.diff(at_most) >= 0)
    assert at_least[0] > 0.97 and at_least[-1] < 0.03
    assert r.prob_at_least(year, r.point[year]) == pytest.approx(0.5)
    assert r.prob_at_most(year, r.hi80[year]) == pytest.approx(0.9)
    assert r.prob_at_least(year, r.hi95[year]) == pytest.approx(0.025)
    assert r.prob_at_least(year, -1.0) == 1.0
    np.testing.assert_allclose(
        r.quantile(year, [0.025, 0.1, 0.5]), r.table().loc[year].iloc[[3, 1, 0]]
    )
    draws = r.sample(year, 4000, rng=1)
    assert np.mean(draws >= r.point[year]) == pytest.approx(0.5, abs=0.03)
    np.testing.assert_array_equal(draws, r.sample(year, 4000, rng=1))


def test_determinism(strict):
    s = noisy_growth(seed=9)
    a = Forecaster().fit(s, ytd_growth=6.0)
    b = Forecaster().fit(s.copy(), ytd_growth=6.0)
    pd.testing.assert_frame_equal(a.table(), b.table())
    assert (a.model_key, a.notes, a.backtest_error) == (b.model_key, b.notes, b.backtest_error)
    pd.testing.assert_series_equal(a.candidate_errors, b.candidate_errors)


def test_table_and_years():
    r = Forecaster(horizon_years=(2025, 2023)).fit(noisy_growth())
    assert r.years == (2023, 2025)
    t = r.table()
    assert list(t.columns) == ["point", "lo80", "hi80", "lo95", "hi95"]
    assert list(t.index) == [2023, 2025] and t.index.name == "year"


# ---------------------------------------------------------------- configuration


def test_options_are_validated():
    with pytest.raises(ValueError):
        Forecaster(models=["arima"])
    with pytest.raises(ValueError):
        Forecaster(metric="RMSE")
    with pytest.raises(ValueError):
        Forecaster(models="best")


def test_method_description_follows_options():
    default = method_description(Forecaster())
    for key in AUTO_MODELS:
        assert MODELS[key] in default
    assert "Holt" not in default and "对数线性" not in default
    assert "MASE" in default and "全部候选模型按回测误差的倒数加权" in default
    assert "AICc" in default and "2020年" in default and "方向相反" in default
    other = method_description(
        Forecaster(metric="sMAPE", combine=2, shock_years=(), nowcast_sd=1.5, weighting="equal")
    )
    assert "sMAPE" in other and "MASE" not in other
    assert "回测误差最小的2个模型等权平均" in other and "2020年" not in other
    assert "1.5个百分点" in other
    single = Forecaster(models=["holt"]).describe()
    assert "指定的Holt线性趋势模型（statsmodels估计）" in single and "Theta" not in single


# --------------------------------------------------------------------- property


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    st.lists(
        st.floats(min_value=1e-3, max_value=1e7, allow_nan=False, allow_infinity=False),
        min_size=2,
        max_size=14,
    ),
    st.one_of(st.none(), st.floats(min_value=-30, max_value=40)),
)
def test_any_positive_series_gives_finite_forecasts(values, ytd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = Forecaster().fit(series(values, start=2023 - len(values)), ytd_growth=ytd)
    assert np.isfinite(r.point.to_numpy()).all()
    if len(values) >= 2:
        assert_nested(r)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(st.floats(min_value=-1e6, max_value=1e6), st.just(math.nan)),
        min_size=0,
        max_size=14,
    )
)
def test_any_series_gives_a_defined_result(values):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = Forecaster().fit(series(values, start=2023 - len(values)))
    finite = int(np.isfinite(values).sum())
    if finite >= 1:
        assert np.isfinite(r.point.to_numpy()).all()
    if finite >= 2:
        assert np.isfinite(r.table().to_numpy()).all()
        assert_nested(r)
    else:
        assert "数据不足，无法预测。" in r.notes
