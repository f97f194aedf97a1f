"""Annual forecasts of plan indicators (2023–2025), with a year-to-date nowcast.

The API follows statsmodels' model/results split: configure a `Forecaster`,
call `Forecaster.fit` on one annual series, get a frozen `Forecast`.

Method, in order (every step that changes the data or the model leaves a
Chinese sentence in `Forecast.notes`):

1. **Cleaning.** Missing or non-finite values are dropped; interior gaps are
   filled by interpolation (on the log scale for positive series).
2. **Shock years** (default 2020). A shock year is replaced by the
   interpolation between its neighbours only when it is a one-off outlier: the
   change into the year and the change out of it both deviate from the median
   of the other years' changes by more than `shock_threshold` (default 2.5)
   robust standard deviations, in opposite directions (a dip and a rebound, or
   a spike and a fall). A level shift or a turn in the trend moves only one of
   the two changes and is left alone. Changes are log differences for positive
   series, plain differences otherwise. Robust SD: the larger of 1.4826 × MAD
   and 1.2533 × mean absolute deviation from the median, floored at 1 % of the
   level (MAD alone is zero for rounded rates). On the 645 yearly M3 series
   placed to end in 2022 the rule fires on 0.6 % (the one-sided rule it
   replaces: 4.8 %, and it made those forecasts worse).
3. **Fallbacks.** < 2 points: no forecast; constant series: flat forecast with
   zero-width intervals; < 6 points (no backtest possible): random walk with
   drift with t-quantile intervals (naive with < 3 points). Series with zero or
   negative values never use the log models (damped growth, log-linear) nor
   multiplicative-error ETS.
4. **Models** (`AUTO_MODELS`): ETS chosen by AICc among A/M error × no/damped
   trend (`ets`), an optimised Theta with a dynamic slope (`theta`), random walk
   with drift and damped growth (the mean log change damped by
   GROWTH_DAMPING a year). All four are closed forms or vectorised grid
   searches (milliseconds per series, no optimiser call); the ETS likelihood is
   the one statsmodels' `ETSModel` maximises (tested against it). Undamped Holt,
   a single damped ETS and the log-linear trend stay available when forced
   (statsmodels); left out of the automatic set because undamped trends
   overshoot on yearly data.
5. **Backtest.** Rolling origins with at least `min_train` (5) points; of
   these, the `backtest_origins` (2) latest that still allow a 3-year horizon
   are used, the same for every model, each forecasting 1–3 years ahead (on M3,
   3 or 4 origins gave worse combinations than the 2 latest ones). The metric is
   MASE by default: mean absolute error over all origins and horizons divided
   by the mean absolute one-year change of the whole series; sMAPE is
   available. A model that raises at an origin is scored there with the random
   walk with drift forecast, what the method would have fallen back to.
6. **Combination.** All candidates (or the `combine` best) with weights ∝ 1 /
   backtest error, the errors floored at WEIGHT_FLOOR of their mean
   (`weighting="equal"` for equal weights). Inverse-error weights move with the
   relative errors only: two lucky origins give a model more weight, never all
   of it, as selection would. A model that fails, or whose final fit does not
   converge, is dropped with a note. `backtest_error` is the error of the
   weighted combination over the same backtest. On M3 yearly the combination
   (sMAPE 15.45 over h1–6) beats each of its components (best: Theta, 16.06)
   and the equal-weight mean (15.73); see bench/bench_m3.py.
7. **Intervals.** The components' 80 %/95 % bounds are averaged with the same
   weights (the bound average of Gaba, Tsetlin & Winkler 2017) and pooled with
   an empirical interval from the combination's backtest errors e (log errors
   for positive series): ±q·s·h around the point, s the root mean of e²/h², q a
   Student-t quantile with half as many degrees of freedom as errors (at least
   MIN_DF). Each half-width is the weighted root mean square of the two, the
   model's counting as MODEL_PRIOR_ERRORS errors (on the log scale for positive
   series). Half-widths are then made non-decreasing in the horizon. On M3
   yearly this covers 81.6 % / 94.8 % for the nominal 80 % / 95 %. A
   probability distribution for each year is read back from the five quantiles
   (see `Forecast.prob_at_least`).
8. **Nowcast.** With the January–June growth g of the current year, the
   nowcast is last year's value × (1 + g/100). It is blended with the model
   forecast by precision weights: the nowcast's standard error is
   `nowcast_sd` (2) percentage points of growth, the typical gap between
   half-year and full-year growth rates; the model's is read from its 95 %
   interval (both on the log scale when the forecast is positive). The
   current year's interval shrinks accordingly; later years are shifted by
   the same relative revision (the same absolute one on the level scale).
   The growth must be on the series' basis (nominal vs real): the caller's
   responsibility.

Every numerical warning is silenced inside `fit`; what matters becomes a note.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import ndtr, ndtri
from statsmodels.regression.linear_model import OLS
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from planeval.method._warnings import quiet
from planeval.method.forecast.ets import auto_ets
from planeval.method.forecast.theta import ThetaFit
from planeval.method.progress import FORECAST_KEYS
from planeval.periods import SHOCK_YEARS

__all__ = [
    "AUTO_MODELS",
    "FALLBACK_MODELS",
    "METRICS",
    "MODELS",
    "Forecast",
    "Forecaster",
    "method_description",
]

MODELS: dict[str, str] = {
    "ets": "ETS自动选型",
    "theta": "优化Theta",
    "rw_drift": "带漂移随机游走",
    "damped_growth": "阻尼增长",
    "ets_damped": "ETS阻尼趋势",
    "holt": "Holt线性趋势",
    "log_linear": "对数线性趋势",
}
# The automatic method combines these; the others (undamped Holt and log-linear
# trends overshoot on yearly data, one fixed damped ETS is a special case of "ets")
# stay available when a user forces a model.
AUTO_MODELS: tuple[str, ...] = ("ets", "theta", "rw_drift", "damped_growth")
FALLBACK_MODELS: dict[str, str] = {
    "naive": "朴素预测（末值持平）",
    "constant": "持平预测",
    "none": "数据不足",
    "actual": "实际值",
}
METRICS = ("MASE", "sMAPE")
WEIGHTINGS = ("inverse", "equal")
METRIC_LABELS = {
    "MASE": "平均绝对标度误差（MASE，预测绝对误差除以历史逐年变动绝对值的均值）",
    "sMAPE": "对称平均绝对百分比误差（sMAPE）",
}

Z80 = float(ndtri(0.90))
Z95 = float(ndtri(0.975))
BACKTEST_HORIZON = 3
MIN_POINTS_BACKTEST = 6  # below this, no backtest: random walk with drift
NAIVE_WIDEN = 1.5  # naive (2-point) intervals: |last change| × √h × this
MIN_OBS = {
    "ets": 5,
    "theta": 4,
    "rw_drift": 3,
    "damped_growth": 3,
    "ets_damped": 6,
    "holt": 6,
    "log_linear": 3,
}
POSITIVE_ONLY = frozenset({"log_linear", "damped_growth"})
GROWTH_DAMPING = 0.9  # damped growth: the average log change, damped by this factor a year
WEIGHT_FLOOR = 0.05  # backtest errors are floored at this share of their mean (weights)
MIN_DF = 2  # smallest degrees of freedom of the empirical interval's t quantile
MODEL_PRIOR_ERRORS = 6  # the models' own intervals weigh as much as this many backtest errors
EMPIRICAL_POWER = 1.0  # empirical error sd grows as h ** this (trend error)
SHOCK_THRESHOLD = 2.5  # robust SDs both changes around a shock year must exceed
NOWCAST_SD = 2.0  # error (points) of half-year growth as a predictor of the year's
SHOCK_FLOOR = 0.01  # robust-SD floor: 1 % (log scale) or 1 % of the mean absolute level


# --------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class _Path:
    """Forecasts for steps 1..H after the last observation; bounds optional."""

    point: np.ndarray
    lo80: np.ndarray | None = None
    hi80: np.ndarray | None = None
    lo95: np.ndarray | None = None
    hi95: np.ndarray | None = None

    @classmethod
    def normal(cls, point: np.ndarray, sd: np.ndarray, q80: float = Z80, q95: float = Z95):
        return cls(point, point - q80 * sd, point + q80 * sd, point - q95 * sd, point + q95 * sd)

    @property
    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.point, self.lo80, self.hi80, self.lo95, self.hi95)

    def map(self, f: Callable[[np.ndarray], np.ndarray]) -> _Path:
        return _Path(*(None if a is None else f(a) for a in self.arrays))


def _mean_path(paths: Sequence[_Path], weights: Sequence[float] | None = None) -> _Path:
    """Weighted mean of points and of each bound (the bound average of Gaba et al.)."""
    w = np.ones(len(paths)) if weights is None else np.asarray(weights, dtype=float)
    w = w / w.sum()
    return _Path(*(np.tensordot(w, [p.arrays[i] for p in paths], axes=1) for i in range(5)))


# -------------------------------------------------------------------------- models
# Each model: (y, h, intervals, maxiter) -> (path, converged). `y` is a plain
# float array of consecutive annual values; `intervals=False` is the cheap
# point-only call used by the backtest.


def _exact_fit(mse: float, y: np.ndarray) -> bool:
    """True when the residual variance is numerically zero (a perfect fit)."""
    scale = float(np.std(y) + abs(np.mean(y)))
    return mse <= (1e-8 * scale) ** 2


def _ets(y: np.ndarray, h: int, intervals: bool, maxiter: int, damped: bool):
    data = pd.Series(y) if intervals else y  # get_prediction needs an index
    res = ETSModel(data, error="add", trend="add", damped_trend=damped).fit(
        disp=False, maxiter=maxiter
    )
    # The likelihood is unbounded on a perfect fit, so the optimizer "fails"
    # there; such a fit is exact, not unreliable.
    converged = bool(res.mle_retvals.get("converged", True)) or _exact_fit(res.mse, y)
    point = np.asarray(res.forecast(h), dtype=float)
    if not intervals:
        return _Path(point), converged
    pred = res.get_prediction(start=len(y), end=len(y) + h - 1)
    sd = np.sqrt(np.asarray(pred.forecast_variance, dtype=float))
    return _Path.normal(point, sd), converged


def _ets_damped(y, h, intervals, maxiter):
    return _ets(y, h, intervals, maxiter, damped=True)


def _holt(y, h, intervals, maxiter):
    return _ets(y, h, intervals, maxiter, damped=False)


def _theta(y, h, intervals, maxiter):
    """Optimised Theta with a dynamic slope (closed form, see `theta`)."""
    res = ThetaFit(y)
    point = res.forecast(h)
    if not intervals:
        return _Path(point), True
    return _Path.normal(point, np.sqrt(res.variance(h))), True


def _ets_auto(y, h, intervals, maxiter):
    """ETS chosen by AICc among ANN, AAdN, MNN, MAdN (closed forms, see `ets`)."""
    res = auto_ets(y)
    point = res.forecast(h)
    if not intervals:
        return _Path(point), True
    return _Path.normal(point, np.sqrt(res.variance(h))), True


def _damped_growth(y, h, intervals, maxiter):
    """The average log change, damped by GROWTH_DAMPING a year (growth that slows).

    Intervals: the random walk's h·σ² on the log scale (σ² the variance of the log
    changes), back-transformed.
    """
    x = np.log(y)
    d = np.diff(x)
    k = np.arange(1, h + 1, dtype=float)
    log_point = x[-1] + d.mean() * np.cumsum(GROWTH_DAMPING**k)
    point = np.exp(log_point)
    if not intervals:
        return _Path(point), True
    sd = d.std(ddof=1) * np.sqrt(k)
    return _Path.normal(log_point, sd).map(np.exp), True


def _rw_drift(y, h, intervals, maxiter, short: bool = False):
    """Random walk with drift; variance h·σ²(1 + h/n) (Hyndman & Athanasopoulos).

    `short=True` (fallback for < 6 points) uses t quantiles with n − 2 degrees
    of freedom instead of normal ones, widening the intervals.
    """
    n = len(y)
    d = np.diff(y)
    k = np.arange(1, h + 1, dtype=float)
    point = y[-1] + d.mean() * k
    if not intervals:
        return _Path(point), True
    sigma = d.std(ddof=1)
    sd = sigma * np.sqrt(k * (1.0 + k / n))
    if short:
        df = n - 2
        return _Path.normal(point, sd, stats.t.ppf(0.90, df), stats.t.ppf(0.975, df)), True
    return _Path.normal(point, sd), True


def _log_linear(y, h, intervals, maxiter):
    """OLS of log value on time; bounds are back-transformed prediction bounds."""
    n = len(y)
    x = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
    xf = np.column_stack([np.ones(h), np.arange(n, n + h, dtype=float)])
    res = OLS(np.log(y), x).fit()
    point = np.exp(xf @ res.params)
    if not intervals:
        return _Path(point), True
    pred = res.get_prediction(xf)
    ci80 = np.exp(np.asarray(pred.conf_int(obs=True, alpha=0.20)))
    ci95 = np.exp(np.asarray(pred.conf_int(obs=True, alpha=0.05)))
    return _Path(point, ci80[:, 0], ci80[:, 1], ci95[:, 0], ci95[:, 1]), True


_MODEL_FUNCS: dict[str, Callable] = {
    "ets": _ets_auto,
    "damped_growth": _damped_growth,
    "ets_damped": _ets_damped,
    "holt": _holt,
    "rw_drift": _rw_drift,
    "log_linear": _log_linear,
    "theta": _theta,
}


def _run(key: str, y: np.ndarray, h: int, intervals: bool, maxiter: int):
    """Fit one model; returns (path, converged) or None if it failed."""
    try:
        path, converged = _MODEL_FUNCS[key](y, h, intervals, maxiter)
    except (ValueError, ArithmeticError, np.linalg.LinAlgError, IndexError):
        return None
    if not all(a is None or np.all(np.isfinite(a)) for a in path.arrays):
        return None
    return path, converged


# ------------------------------------------------------------------------ results


@dataclass(frozen=True, eq=False)
class Forecast:
    """Forecasts of one indicator for the requested years (the results object).

    `point` and the 80 %/95 % bounds are Series indexed by year; years that
    already have data carry the actual value. `model` is the Chinese label for
    the report, `model_key` the English key ("combo:ets_damped+theta+rw_drift",
    "rw_drift", or a fallback: "naive", "constant", "none", "actual").
    `backtest_error` is NaN when no backtest was possible. `nowcast` is the
    current year's level implied by the year-to-date growth and
    `nowcast_weight` its weight in the blend. `notes` are the Chinese
    sentences for the report. `history` is the observed input (missing values
    dropped), `adjusted` the series the models were fitted to (gaps filled,
    shock years in `adjusted_years` replaced). `candidate_errors` holds every
    candidate's backtest error (NaN if not scored); `components` the model
    keys that were combined and `weights` their weights. `positive`: the series
    is strictly positive, so the forecast distribution is taken on the log scale.
    """

    years: tuple[int, ...]
    point: pd.Series
    lo80: pd.Series
    hi80: pd.Series
    lo95: pd.Series
    hi95: pd.Series
    model: str
    model_key: str
    backtest_error: float | None
    backtest_metric: str
    nowcast: float | None
    notes: tuple[str, ...]
    nowcast_weight: float | None = None
    components: tuple[str, ...] = ()
    candidate_errors: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    history: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    adjusted: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    adjusted_years: tuple[int, ...] = ()
    positive: bool = False
    weights: tuple[float, ...] = ()

    def table(self) -> pd.DataFrame:
        """Year × point / lo80 / hi80 / lo95 / hi95."""
        cols = {"point": self.point, "lo80": self.lo80, "hi80": self.hi80}
        cols |= {"lo95": self.lo95, "hi95": self.hi95}
        df = pd.DataFrame(cols)
        df.index.name = "year"
        return df

    def clipped(self, lower: float | None = None, upper: float | None = None) -> Forecast:
        """The same forecast with point and bounds kept inside the indicator's possible
        range (a count is never negative, a share never above 100 %); the clipped
        distribution puts the outside mass on the bound."""
        series = (self.point, self.lo80, self.hi80, self.lo95, self.hi95)
        # On the arrays: pandas' clip of five Series was a tenth of an assessment's time.
        # A value is replaced exactly when pandas' clip replaces it (below `lower`, above
        # `upper`; NaN and -0.0 stay as they are).
        values = [s.to_numpy(dtype=float) for s in series]
        low = [v < lower if lower is not None else np.zeros(len(v), bool) for v in values]
        high = [v > upper if upper is not None else np.zeros(len(v), bool) for v in values]
        if not any(lo.any() or hi.any() for lo, hi in zip(low, high, strict=True)):
            return self
        clipped = []
        for s, v, lo, hi in zip(series, values, low, high, strict=True):
            v = np.where(lo, lower, v) if lo.any() else v
            v = np.where(hi, upper, v) if hi.any() else v
            clipped.append(pd.Series(v, index=s.index, name=s.name, dtype=float))
        parts = [f"不低于{_fmt(lower)}"] if lower is not None else []
        parts += [f"不高于{_fmt(upper)}"] if upper is not None else []
        limits = "、".join(parts)
        note = f"预测值及区间按指标取值范围（{limits}）截断"
        point, lo80, hi80, lo95, hi95 = clipped
        return replace(
            self,
            point=point,
            lo80=lo80,
            hi80=hi80,
            lo95=lo95,
            hi95=hi95,
            notes=(*self.notes, note),
            positive=self.positive and lower != 0,
        )

    # The forecast distribution of a year is the continuous distribution whose
    # 2.5/10/50/90/97.5 % quantiles are exactly the reported bounds: the
    # standard-normal score is interpolated linearly between them (and
    # extrapolated with the outer slopes), on the log scale for positive
    # series. For a zero-width interval it is a point mass.

    def _knots(self, year: int) -> tuple[np.ndarray, bool] | None:
        v = np.array([b[year] for b in (self.lo95, self.lo80, self.point, self.hi80, self.hi95)])
        if not np.all(np.isfinite(v)):
            return None
        log = self.positive and v[0] > 0
        return (np.log(v) if log else v), log

    def prob_at_most(self, year: int, threshold: float) -> float:
        """P(value in `year` ≤ threshold); NaN when no interval exists."""
        knots = self._knots(year)
        if knots is None:
            return math.nan
        x, log = knots
        if log and threshold <= 0:
            return 0.0
        t = math.log(threshold) if log else float(threshold)
        return float(ndtr(_score(t, x)))

    def prob_at_least(self, year: int, threshold: float) -> float:
        """P(value in `year` ≥ threshold); NaN when no interval exists."""
        knots = self._knots(year)
        if knots is None:
            return math.nan
        x, log = knots
        if log and threshold <= 0:
            return 1.0
        t = math.log(threshold) if log else float(threshold)
        return float(ndtr(-_score(t, x, left=True)))

    def quantile(self, year: int, q: float | np.ndarray) -> float | np.ndarray:
        """Inverse of the distribution function of `year`."""
        return self._from_score(year, ndtri(np.asarray(q, dtype=float)))

    def sample(self, year: int, n: int, rng: np.random.Generator | int | None = None):
        """`n` draws from the forecast distribution of `year`."""
        rng = np.random.default_rng(rng)
        return self._from_score(year, rng.standard_normal(n))

    def _from_score(self, year: int, z: np.ndarray) -> np.ndarray:
        knots = self._knots(year)
        if knots is None:
            return np.full(np.shape(z), math.nan)
        x, log = knots
        xs, zs = _strict_knots(x)
        out = np.full(np.shape(z), xs[0]) if len(xs) == 1 else _interp_extrap(z, zs, xs)
        return np.exp(out) if log else out


_ZKNOTS = np.array([-Z95, -Z80, 0.0, Z80, Z95])


def _strict_knots(x: np.ndarray, left: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Collapse repeated knots; keep the upper score (right-continuous CDF)
    or, with `left`, the lower one (the CDF's left limit)."""
    if left:
        keep = np.concatenate([[True], x[1:] != x[:-1]])
    else:
        keep = np.concatenate([x[1:] != x[:-1], [True]])
    return x[keep], _ZKNOTS[keep]


def _interp_extrap(t, xs: np.ndarray, ys: np.ndarray):
    """Piecewise-linear interpolation with linear extrapolation at both ends."""
    t = np.asarray(t, dtype=float)
    lo_slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    hi_slope = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
    out = np.interp(t, xs, ys)
    out = np.where(t < xs[0], ys[0] + (t - xs[0]) * lo_slope, out)
    return np.where(t > xs[-1], ys[-1] + (t - xs[-1]) * hi_slope, out)


def _score(t: float, x: np.ndarray, left: bool = False) -> float:
    """Standard-normal score of threshold t given the five quantile knots."""
    xs, zs = _strict_knots(x, left)
    if len(xs) == 1:  # point mass
        return math.inf if (t > xs[0] or (t == xs[0] and not left)) else -math.inf
    return float(_interp_extrap(t, xs, zs))


# -------------------------------------------------------------------------- model


@dataclass
class _Work:
    """Mutable state of one fit: the series as it evolves, plus notes."""

    years: np.ndarray
    values: np.ndarray
    notes: list[str]
    observed: pd.Series
    positive: bool = False
    adjusted_years: tuple[int, ...] = ()


class Forecaster:
    """Configured forecasting method (the model object); `fit` one series at a time.

    Parameters
    ----------
    models : "auto" or list of keys of `MODELS`. "auto" uses all five; a
        single key forces that model (its backtest error is still reported).
    horizon_years : years to forecast.
    combine : number of best models (by backtest error) combined; default all
        candidates.
    weighting : "inverse" (weights proportional to 1 / backtest error, the
        errors floored at WEIGHT_FLOOR of their mean) or "equal".
    shock_years : years tested for a one-off shock (replaced if an outlier).
    metric : "MASE" or "sMAPE".
    backtest_origins : maximum number of rolling origins.
    min_train : smallest training sample at an origin.
    shock_threshold : robust standard deviations for the shock rule.
    nowcast_sd : standard error of a half-year growth rate as a predictor of
        the full-year rate, in percentage points.
    maxiter : iteration limit of the ETS likelihood optimizer.
    """

    def __init__(
        self,
        models: str | Sequence[str] = "auto",
        horizon_years: Iterable[int] = (2023, 2024, 2025),
        combine: int | None = None,
        shock_years: Iterable[int] = SHOCK_YEARS,
        metric: str = "MASE",
        backtest_origins: int = 2,
        min_train: int = 5,
        shock_threshold: float = SHOCK_THRESHOLD,
        nowcast_sd: float = NOWCAST_SD,
        maxiter: int = 500,
        weighting: str = "inverse",
    ) -> None:
        if isinstance(models, str):
            if models != "auto":
                raise ValueError(f"models must be 'auto' or a list of {list(MODELS)}")
            keys = AUTO_MODELS
        else:
            keys = tuple(dict.fromkeys(models))
            unknown = [k for k in keys if k not in MODELS]
            if unknown or not keys:
                raise ValueError(f"unknown model keys {unknown}; choose from {list(MODELS)}")
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}")
        if weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {WEIGHTINGS}")
        combine = len(keys) if combine is None else combine
        if combine < 1 or backtest_origins < 1 or min_train < 3:
            raise ValueError("combine and backtest_origins must be ≥ 1, min_train ≥ 3")
        self.auto = isinstance(models, str)
        self.models = keys
        self.horizon_years = tuple(sorted({int(y) for y in horizon_years}))
        if not self.horizon_years:
            raise ValueError("horizon_years is empty")
        self.combine = min(int(combine), len(keys))
        self.shock_years = tuple(sorted({int(y) for y in shock_years}))
        self.metric = metric
        self.backtest_origins = int(backtest_origins)
        self.min_train = int(min_train)
        self.shock_threshold = float(shock_threshold)
        self.nowcast_sd = float(nowcast_sd)
        self.maxiter = int(maxiter)
        self.weighting = weighting

    @classmethod
    def for_plan(cls, config, **overrides) -> Forecaster:
        """A plan's forecaster: every year from the last data year to the target year and
        the forecast years, the shock rule and nowcast error from its parameters."""
        horizon = set(range(config.last_year + 1, config.target_year + 1))
        options = {
            "horizon_years": tuple(sorted(horizon | set(config.forecast_years))),
            **{k: getattr(config, k) for k in FORECAST_KEYS if hasattr(config, k)},
        }
        return cls(**{**options, **overrides})

    def __repr__(self) -> str:
        models = "auto" if self.auto else list(self.models)
        return (
            f"Forecaster(models={models!r}, horizon_years={self.horizon_years}, "
            f"combine={self.combine}, shock_years={self.shock_years}, metric={self.metric!r})"
        )

    def describe(self) -> str:
        """The method note for reports (Chinese); see `method_description`."""
        return method_description(self)

    # ------------------------------------------------------------------ fitting

    def fit(
        self,
        series: pd.Series,
        ytd_growth: float | None = None,
        ytd_year: int | None = None,
        prev_growth: float | None = None,
    ) -> Forecast:
        """Forecast one annual series.

        Parameters
        ----------
        series : values indexed by year (int-like, datetime or period index).
        ytd_growth : January–June year-to-date growth of `ytd_year`, in %.
        ytd_year : year of `ytd_growth`; defaults to the year after the last
            observation.
        prev_growth : full-year growth (%) of the year before `ytd_year`, used
            only when the series lacks that year's value: the value is then
            bridged as the previous value × (1 + prev_growth/100).
        """
        with quiet():
            return self._fit(series, ytd_growth, ytd_year, prev_growth)

    def _fit(self, series, ytd_growth, ytd_year, prev_growth) -> Forecast:
        w = _clean(series)
        if ytd_growth is not None and prev_growth is not None and len(w.values):
            _bridge(w, ytd_year, prev_growth)
        n = len(w.values)
        w.positive = bool(n and np.all(w.values > 0))
        history = w.observed
        if n >= 3:
            self._adjust_shocks(w)
        adjusted = pd.Series(w.values.copy(), index=w.years.copy(), dtype=float)

        last_year = int(w.years[-1]) if n else None
        steps = max(self.horizon_years) - last_year if n else 0
        y = w.values
        result: dict = {"backtest_error": math.nan, "candidates": {}, "components": ()}
        if n < 2:
            w.notes.append("数据不足，无法预测。")
            key = "none"
            last = float(y[-1]) if n else math.nan
            nan = np.full(max(steps, 0), math.nan)
            path = _Path(np.full(max(steps, 0), last), nan, nan, nan, nan)
        elif steps <= 0:
            key, path = "actual", _Path(*(np.empty(0),) * 5)
        elif np.ptp(y) <= 1e-12 * max(1.0, abs(float(y[0]))):
            w.notes.append("历史数据各年数值相同，按持平预测，预测区间宽度为零。")
            key, path = "constant", _Path(*(np.full(steps, float(y[-1])),) * 5)
        else:
            key, path, result = self._model_path(w, steps)

        nowcast = weight = None
        if ytd_growth is not None and n >= 1 and steps > 0:
            path, nowcast, weight = self._nowcast(w, path, ytd_growth, ytd_year)
        if steps > 0 and key != "none":
            path = _monotone_widths(path, w.positive)
        return self._result(w, key, path, result, nowcast, weight, history, adjusted)

    def _model_path(self, w: _Work, steps: int) -> tuple[str, _Path, dict]:
        """Pick and fit the model(s) for a series with ≥ 2 varying points."""
        y, n = w.values, len(w.values)
        candidates = list(self.models)
        if not w.positive and any(k in POSITIVE_ONLY for k in candidates):
            candidates = [k for k in candidates if k not in POSITIVE_ONLY]
            w.notes.append("序列含零或负值，未采用对数模型，仅使用加法模型。")
            if not candidates:
                w.notes.append("指定模型不适用于含零或负值的序列，改用带漂移随机游走。")
                candidates = ["rw_drift"]
        too_short = [k for k in candidates if n < MIN_OBS[k]]
        if n < 3:
            w.notes.append(f"有效数据仅{n}个点，采用末值持平的朴素预测，预测区间已加宽。")
            d = abs(float(y[-1] - y[-2]))
            k = np.arange(1, steps + 1, dtype=float)
            path = _Path.normal(np.full(steps, float(y[-1])), NAIVE_WIDEN * d * np.sqrt(k))
            return "naive", path, {"backtest_error": math.nan, "candidates": {}, "components": ()}
        if n < MIN_POINTS_BACKTEST and (self.auto or len(too_short) == len(candidates)):
            w.notes.append(
                f"有效数据仅{n}个点（少于{MIN_POINTS_BACKTEST}个），无法回测，"
                "采用带漂移随机游走预测，并按t分布加宽预测区间。"
            )
            path, _ = _rw_drift(y, steps, True, self.maxiter, short=True)
            return (
                "rw_drift",
                path,
                {"backtest_error": math.nan, "candidates": {}, "components": ()},
            )
        if too_short:
            labels = "、".join(MODELS[k] for k in too_short)
            w.notes.append(f"数据点过少，{labels}模型不适用，已从候选模型中剔除。")
            candidates = [k for k in candidates if k not in too_short]

        errors, backtest = self._backtest(y, candidates)
        order = list(MODELS)
        ranked = sorted(
            candidates,
            key=lambda k: (
                not math.isfinite(errors[k]),
                errors[k] if math.isfinite(errors[k]) else 0,
                order.index(k),
            ),
        )
        chosen: list[tuple[str, _Path]] = []
        for k in ranked:
            if len(chosen) == self.combine:
                break
            fitted = _run(k, y, steps, True, self.maxiter)
            if fitted is None:
                w.notes.append(f"{MODELS[k]}模型估计失败，已从候选模型中剔除。")
            elif not fitted[1]:
                w.notes.append(f"{MODELS[k]}模型估计未收敛，已从候选模型中剔除。")
            else:
                chosen.append((k, fitted[0]))
        if not chosen:  # cannot happen for rw_drift, kept as a guard
            w.notes.append("候选模型均估计失败，改用带漂移随机游走。")
            chosen = [("rw_drift", _rw_drift(y, steps, True, self.maxiter)[0])]
            if "rw_drift" not in backtest["forecasts"]:
                backtest["forecasts"]["rw_drift"] = backtest["fallback"]
        keys = tuple(k for k, _ in chosen)
        weights = self._weights([errors.get(k, math.nan) for k in keys])
        path = _mean_path([p for _, p in chosen], weights)
        combo_error, e, h, log_errors = _combined_backtest(backtest, keys, weights, self.metric, y)
        if len(e):
            path = _pool_empirical(path, e, h, log_errors)
        if n < MIN_POINTS_BACKTEST:
            w.notes.append(f"有效数据仅{n}个点，无法进行滚动回测。")
        key = keys[0] if len(keys) == 1 else "combo:" + "+".join(keys)
        info = {
            "backtest_error": combo_error,
            "candidates": {k: errors.get(k, math.nan) for k in self.models},
            "components": keys,
            "weights": tuple(float(x) for x in weights),
        }
        return key, path, info

    def _weights(self, errors: Sequence[float]) -> np.ndarray:
        """Combination weights: ∝ 1 / backtest error (floored), or equal.

        Inverse-error weights move a model's share by its relative error only: with
        2 origins a lucky model gets more weight, never all of it (unlike selection).
        """
        e = np.asarray(errors, dtype=float)
        if self.weighting == "equal" or len(e) == 1 or not np.all(np.isfinite(e)):
            return np.full(len(e), 1.0 / len(e))
        floor = WEIGHT_FLOOR * float(e.mean())
        if floor <= 0:  # every model exact on the backtest
            return np.full(len(e), 1.0 / len(e))
        w = 1.0 / np.maximum(e, floor)
        return w / w.sum()

    # ---------------------------------------------------------------- backtest

    def _origins(self, n: int) -> list[int]:
        """Training sizes for the backtest: latest origins with the longest horizon."""
        sizes = range(self.min_train, n)
        best = sorted(sizes, key=lambda t: (-min(BACKTEST_HORIZON, n - t), -t))
        return sorted(best[: self.backtest_origins])

    def _backtest(self, y: np.ndarray, candidates: Sequence[str]):
        """Rolling-origin errors per model, and the forecasts for the combination.

        A model that fails at an origin is scored there with the random walk
        with drift forecast (what the method would have fallen back to).
        """
        n = len(y)
        origins = self._origins(n)
        actual = [y[t : t + min(BACKTEST_HORIZON, n - t)] for t in origins]
        fallback = [
            _rw_drift(y[:t], len(a), False, 0)[0].point
            for t, a in zip(origins, actual, strict=True)
        ]
        forecasts: dict[str, list[np.ndarray]] = {}
        for k in candidates:
            fc = []
            for t, a, fb in zip(origins, actual, fallback, strict=True):
                fitted = _run(k, y[:t], len(a), False, self.maxiter)
                fc.append(fb if fitted is None else fitted[0].point)
            forecasts[k] = fc
        scale = float(np.mean(np.abs(np.diff(y))))
        errors = {k: _metric(self.metric, actual, fc, scale) for k, fc in forecasts.items()}
        return errors, {
            "actual": actual,
            "forecasts": forecasts,
            "scale": scale,
            "fallback": fallback,
        }

    # ------------------------------------------------------------------ shocks

    def _adjust_shocks(self, w: _Work) -> None:
        years, y = w.years, w.values
        x = np.log(y) if w.positive else y.astype(float)
        floor = SHOCK_FLOOR if w.positive else SHOCK_FLOOR * float(np.mean(np.abs(y)))
        d = np.diff(x)  # d[i] = change into years[i + 1]
        change_years = years[1:]
        adjusted = []
        for s in self.shock_years:
            if s not in years or s + 1 not in years or s - 1 not in years:
                continue
            skip = {s, s + 1} | set(self.shock_years)
            others = d[[yr not in skip for yr in change_years]]
            if len(others) < 3:
                continue
            rsd = max(_robust_sd(others), floor)
            med = float(np.median(others))
            # A one-off shock leaves the path and comes back: the change into the
            # year and the change out of it both deviate, in opposite directions.
            # A level shift or an ordinary large change moves only one of them.
            into = float(d[change_years == s][0]) - med
            out = float(d[change_years == s + 1][0]) - med
            limit = self.shock_threshold * rsd
            if into * out < 0 and min(abs(into), abs(out)) > limit:
                i = int(np.flatnonzero(years == s)[0])
                x[i] = 0.5 * (x[i - 1] + x[i + 1])
                adjusted.append(s)
                why = "受疫情冲击" if s == 2020 else "数值明显偏离趋势"
                w.notes.append(f"{s}年{why}，建模时以{s - 1}—{s + 1}年插值替代。")
        if adjusted:
            w.values = np.exp(x) if w.positive else x
            w.adjusted_years = tuple(adjusted)

    # ----------------------------------------------------------------- nowcast

    def _nowcast(self, w: _Work, path: _Path, g: float, ytd_year: int | None):
        """Blend the nowcast into the path; returns (path, nowcast, weight)."""
        last_year, last = int(w.years[-1]), float(w.values[-1])
        year = last_year + 1 if ytd_year is None else int(ytd_year)
        if year != last_year + 1:
            if year <= last_year:
                w.notes.append(f"已有{year}年全年数据，未使用当年累计增速。")
            else:
                w.notes.append(
                    f"缺少{year - 1}年数据，无法由{year}年累计增速推算全年，未作现时预测。"
                )
            return path, None, None
        if not math.isfinite(g) or last <= 0:
            w.notes.append("上年值非正或累计增速无效，未作现时预测。")
            return path, None, None
        nowcast = last * (1.0 + g / 100.0)
        f, lo, hi = float(path.point[0]), path.lo95, path.hi95
        use_log = (
            nowcast > 0
            and f > 0
            and lo is not None
            and np.isfinite(lo[0])
            and lo[0] > 0
            and hi[0] > 0
        )
        if use_log:
            to, back = np.log, np.exp
            s_now = (self.nowcast_sd / 100.0) / (1.0 + g / 100.0)
        else:
            to, back = (lambda a: a), (lambda a: a)
            s_now = last * self.nowcast_sd / 100.0
        width = (to(hi[0]) - to(lo[0])) / (2 * Z95) if lo is not None else math.nan
        s_model = float(width) if np.isfinite(width) else math.nan
        if not math.isfinite(s_model) or s_model <= 0:
            weight = 1.0
        else:
            weight = s_model**2 / (s_model**2 + s_now**2)
        x_f, x_now = float(to(f)), float(to(nowcast))
        x_b = weight * x_now + (1 - weight) * x_f
        shrink = math.sqrt(s_now**2 / (s_model**2 + s_now**2)) if s_model > 0 else 0.0
        ratio = math.exp(x_b - x_f) if use_log else None

        def revise(a: np.ndarray | None, z: float) -> np.ndarray | None:
            """Shift every year by the revision; rescale the current year's spread."""
            if a is None:
                return None
            out = a * ratio if use_log else a + (x_b - x_f)
            if math.isfinite(s_model):  # NaN bounds stay NaN
                spread = (to(a[0]) - x_f) * shrink if s_model > 0 else z * s_now
                out[0] = back(x_b + spread)
            return out

        z_knots = (0.0, -Z80, Z80, -Z95, Z95)  # point, lo80, hi80, lo95, hi95
        new = _Path(*(revise(a, z) for a, z in zip(path.arrays, z_knots, strict=True)))
        blended = float(new.point[0])
        label = "上调" if blended >= f else "下调"
        if use_log:
            later = f"同比例{label}{_pct(abs(ratio - 1.0) * 100)}%"
        else:
            later = f"同幅{label}{_fmt(abs(blended - f))}"
        w.notes.append(
            f"{year}年1—6月累计增长{_pct(g)}%，按{last_year}年值×(1+累计增速)推算全年为"
            f"{_fmt(nowcast)}，与模型预测{_fmt(f)}按精度加权合成为{_fmt(blended)}"
            f"（现时预测权重{weight:.2f}，其误差按全年增速±{_pct(self.nowcast_sd)}个百分点计）；"
            f"以后年份预测{later}。"
        )
        return new, nowcast, weight

    # ------------------------------------------------------------------ output

    def _result(self, w, key, path, info, nowcast, weight, history, adjusted) -> Forecast:
        n = len(w.values)
        last_year = int(w.years[-1]) if n else None
        cols: dict[str, list[float]] = {c: [] for c in ("point", "lo80", "hi80", "lo95", "hi95")}
        known = []
        for year in self.horizon_years:
            if n and year <= last_year:
                value = float(history.get(year, adjusted.get(year, math.nan)))
                for c in cols:
                    cols[c].append(value)
                known.append(year)
                continue
            h = year - last_year - 1 if n else -1
            for c, a in zip(cols, path.arrays, strict=True):
                cols[c].append(math.nan if h < 0 or a is None else float(a[h]))
        if known and n:
            yrs = "、".join(str(y) for y in known)
            w.notes.append(f"{yrs}年已有实际数据，直接采用实际值。")
        index = _year_index(self.horizon_years)
        series = {
            c: pd.Series(np.array(v, dtype=float), index=index, name=c) for c, v in cols.items()
        }
        if key.startswith("combo:"):
            label = "组合(" + "+".join(MODELS[k] for k in info["components"]) + ")"
        else:
            label = MODELS.get(key) or FALLBACK_MODELS.get(key, key)
        err = info.get("backtest_error", math.nan)
        return Forecast(
            years=self.horizon_years,
            point=series["point"],
            lo80=series["lo80"],
            hi80=series["hi80"],
            lo95=series["lo95"],
            hi95=series["hi95"],
            model=label,
            model_key=key,
            backtest_error=float(err) if err is not None else math.nan,
            backtest_metric=self.metric,
            nowcast=nowcast,
            notes=tuple(w.notes),
            nowcast_weight=weight,
            components=tuple(info.get("components", ())) or (key,),
            weights=tuple(info.get("weights", ())) or (1.0,),
            candidate_errors=_by_model(info.get("candidates", {})),
            history=history,
            adjusted=adjusted,
            adjusted_years=w.adjusted_years,
            positive=w.positive,
        )


# ----------------------------------------------------------------------- helpers


# A plan's forecasts share their few indexes (pandas indexes are immutable): building
# them anew, and a Series from a dict, was a tenth of a fit's time outside the models.
@functools.lru_cache(maxsize=64)
def _year_index(years: tuple[int, ...]) -> pd.Index:
    return pd.Index(years, name="year")


@functools.lru_cache(maxsize=64)
def _model_index(keys: tuple[str, ...]) -> pd.Index:
    return pd.Index(list(keys))


def _by_model(values: dict[str, float]) -> pd.Series:
    """The Series `pd.Series(values, dtype=float)` would give."""
    if not values:
        return pd.Series(dtype=float)
    return pd.Series(list(values.values()), index=_model_index(tuple(values)), dtype=float)


def _clean(series: pd.Series) -> _Work:
    """Years as ints, values as floats; drop missing values, fill interior gaps."""
    s = pd.Series(series)
    idx = s.index
    if isinstance(idx, pd.DatetimeIndex | pd.PeriodIndex):
        years = np.asarray(idx.year, dtype=int)
    else:
        years = np.array([int(float(v)) for v in idx], dtype=int)
    values = pd.to_numeric(pd.Series(s.to_numpy(), dtype=object), errors="coerce")
    values = values.to_numpy(dtype=float)
    if len(set(years.tolist())) != len(years):
        raise ValueError("series has duplicate years")
    order = np.argsort(years, kind="stable")
    years, values = years[order], values[order]
    notes: list[str] = []
    bad = ~np.isfinite(values)
    if bad.any():
        notes.append(f"输入序列中{'、'.join(str(y) for y in years[bad])}年数值缺失，已剔除。")
        years, values = years[~bad], values[~bad]
    observed = pd.Series(values, index=pd.Index(years, name="year"), dtype=float)
    if len(years) >= 2 and years[-1] - years[0] + 1 > len(years):
        full = np.arange(years[0], years[-1] + 1)
        present = set(years.tolist())
        missing = [int(y) for y in full if y not in present]
        positive = bool(np.all(values > 0))
        base = np.log(values) if positive else values
        filled = np.interp(full, years, base)
        values = np.exp(filled) if positive else filled
        years = full
        notes.append(f"{'、'.join(map(str, missing))}年无数据，建模时按相邻年份插值补齐。")
    return _Work(years=years, values=values, notes=notes, observed=observed)


def _bridge(w: _Work, ytd_year: int | None, prev_growth: float) -> None:
    """Append last year's value from its growth rate when the series lacks it."""
    last_year = int(w.years[-1])
    if ytd_year is None or int(ytd_year) != last_year + 2 or not math.isfinite(prev_growth):
        return
    value = float(w.values[-1]) * (1.0 + prev_growth / 100.0)
    w.years = np.append(w.years, last_year + 1)
    w.values = np.append(w.values, value)
    w.notes.append(
        f"缺少{last_year + 1}年数据，按当年增长{_pct(prev_growth)}%推算为{_fmt(value)}。"
    )


def _metric(metric: str, actual, forecasts, scale: float) -> float:
    if not actual:
        return math.nan
    a = np.concatenate(actual)
    f = np.concatenate(forecasts)
    if metric == "MASE":
        return float(np.mean(np.abs(a - f)) / scale) if scale > 0 else math.nan
    denom = np.abs(a) + np.abs(f)
    terms = np.where(denom > 0, 200.0 * np.abs(a - f) / np.where(denom > 0, denom, 1.0), 0.0)
    return float(np.mean(terms))


def _combined_backtest(
    backtest: dict, keys: Sequence[str], weights: np.ndarray, metric: str, y: np.ndarray
):
    """Backtest error of the weighted combination, and its errors.

    Returns (error, e, h, log_errors): the out-of-sample errors `e` of the
    combination (log errors when `log_errors`) with their horizons `h`.
    """
    actual = backtest["actual"]
    if not actual:
        return math.nan, np.empty(0), np.empty(0), False
    combo = [
        np.tensordot(weights, [backtest["forecasts"][k][i] for k in keys], axes=1)
        for i in range(len(actual))
    ]
    error = _metric(metric, actual, combo, backtest["scale"])
    a, f = np.concatenate(actual), np.concatenate(combo)
    h = np.concatenate([np.arange(1, len(x) + 1) for x in actual]).astype(float)
    log_errors = bool(np.all(y > 0) and np.all(f > 0))
    e = np.log(a / f) if log_errors else a - f
    return error, e, h, log_errors


def _pool_empirical(path: _Path, e: np.ndarray, h: np.ndarray, log_scale: bool) -> _Path:
    """Pool the models' bounds with the empirical interval of the backtest errors.

    The empirical interval is ±q·s·h^EMPIRICAL_POWER around the point, where s
    is the root mean of e²/h^(2·EMPIRICAL_POWER) over the backtest errors and q
    a Student-t quantile with half as many degrees of freedom as errors (the
    errors of one origin share its trend error, so they are not independent),
    at least MIN_DF (fewer make the 95 % bound explode on short series).

    Each half-width is then the weighted root mean square of the model's and the
    empirical one, the model's counting as MODEL_PRIOR_ERRORS backtest errors:
    the models' own variances ignore parameter and model uncertainty, a few
    backtest errors alone are too few (a lucky backtest would give a zero-width
    interval, a single bad one a huge interval).
    """
    s = float(np.sqrt(np.mean(e**2 / h ** (2 * EMPIRICAL_POWER))))
    if not (math.isfinite(s) and s > 0):
        return path
    df = max(MIN_DF, len(e) // 2)
    q80, q95 = _t_ppf(0.90, df), _t_ppf(0.975, df)
    p = path.point
    k = np.arange(1, len(p) + 1, dtype=float) ** EMPIRICAL_POWER
    if log_scale and np.all(p > 0):
        lo80, hi80 = p * np.exp(-q80 * s * k), p * np.exp(q80 * s * k)
        lo95, hi95 = p * np.exp(-q95 * s * k), p * np.exp(q95 * s * k)
    else:
        # relative errors applied to the level when the point is not positive
        sd = s * k * (np.abs(p) if log_scale else 1.0)
        lo80, hi80, lo95, hi95 = p - q80 * sd, p + q80 * sd, p - q95 * sd, p + q95 * sd

    w_emp = len(e) / (len(e) + MODEL_PRIOR_ERRORS)
    model = (path.lo80, path.hi80, path.lo95, path.hi95)
    empirical = (lo80, hi80, lo95, hi95)
    # Positive series are pooled on the log scale, where their distribution is read.
    log = log_scale and all(np.all(b > 0) for b in (p, *model, *empirical))
    to, back = (np.log, np.exp) if log else ((lambda a: a), (lambda a: a))
    x = to(p)

    def pooled(m: np.ndarray, emp: np.ndarray) -> np.ndarray:
        var = (1 - w_emp) * (to(m) - x) ** 2 + w_emp * (to(emp) - x) ** 2
        return back(x + np.sign(emp - p) * np.sqrt(var))

    return _Path(p, *(pooled(m, emp) for m, emp in zip(model, empirical, strict=True)))


@functools.cache
def _t_ppf(q: float, df: int) -> float:
    return float(stats.t.ppf(q, df))


def _monotone_widths(path: _Path, positive: bool) -> _Path:
    """Make half-widths non-decreasing in the horizon and the bounds nested.

    Works on the log scale for positive series with positive bounds (relative
    widths), on the level scale otherwise.
    """
    if path.lo95 is None or not np.all(np.isfinite(path.lo95)):
        return path
    log = positive and np.all(path.lo95 > 0) and np.all(path.point > 0)
    to, back = (np.log, np.exp) if log else ((lambda a: a), (lambda a: a))
    p = to(path.point)
    lo80 = back(p - np.maximum.accumulate(p - to(path.lo80)))
    hi80 = back(p + np.maximum.accumulate(to(path.hi80) - p))
    lo95 = back(p - np.maximum.accumulate(p - to(path.lo95)))
    hi95 = back(p + np.maximum.accumulate(to(path.hi95) - p))
    point = path.point
    lo80 = np.minimum(lo80, point)
    hi80 = np.maximum(hi80, point)
    return _Path(point, lo80, hi80, np.minimum(lo95, lo80), np.maximum(hi95, hi80))


def _robust_sd(x: np.ndarray) -> float:
    """Robust standard deviation: the larger of 1.4826·MAD and 1.2533·mean
    absolute deviation from the median (MAD alone is zero when over half the
    values coincide, as with rounded rates)."""
    dev = np.abs(x - np.median(x))
    return max(1.4826 * float(np.median(dev)), 1.2533 * float(np.mean(dev)))


def _pct(x: float) -> str:
    """A percentage with at most two decimals."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmt(x: float) -> str:
    """At least four significant digits, no exponent, no trailing zeros."""
    if not math.isfinite(x):
        return "—"
    if x == 0:
        return "0"
    digits = max(0, 3 - math.floor(math.log10(abs(x))))
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ------------------------------------------------------------- method description


MODEL_DETAILS: dict[str, str] = {
    "ets": "在加法/乘法误差、无趋势/阻尼趋势四种形式中按AICc选择",
    "theta": "θ、平滑系数和初始水平按样本内一步预测误差选择，趋势斜率逐年更新",
    "damped_growth": f"历年平均对数增速逐年按{GROWTH_DAMPING:g}衰减，仅用于各年数值均为正的序列",
    "log_linear": "仅用于各年数值均为正的序列",
}
CLOSED_FORM = frozenset({"ets", "theta", "rw_drift", "damped_growth"})


def _model_list(keys: Sequence[str]) -> str:
    def one(k: str) -> str:
        if k not in MODEL_DETAILS:
            return MODELS[k]
        return f"{MODELS[k]}（{MODEL_DETAILS[k]}）"

    return "、".join(one(k) for k in keys)


def _engine(keys: Sequence[str]) -> str:
    fast = [k for k in keys if k in CLOSED_FORM and k != "rw_drift"]
    text = []
    if fast:
        text.append(
            "、".join(MODELS[k] for k in fast)
            + "以闭式解加网格搜索估计（ETS的似然与statsmodels的ETSModel一致）"
        )
    sm = [k for k in keys if k not in CLOSED_FORM]
    if sm:
        text.append("、".join(MODELS[k] for k in sm) + "以statsmodels估计")
    return "；".join(text)


def method_description(forecaster: Forecaster) -> str:
    """Chinese paragraph describing the configured method, for the report's method note."""
    f = forecaster
    labels = [MODELS[k] for k in f.models]
    parts = []
    if f.auto or len(f.models) > 1:
        engine = _engine(f.models)
        parts.append(
            f"预测以各指标历年数据为基础，候选模型为{_model_list(f.models)}"
            + (f"；{engine}。" if engine else "。")
        )
        parts.append(
            f"组合权重由滚动起点回测确定：训练样本不少于{f.min_train}年，取最近的至多"
            f"{f.backtest_origins}个预测起点，各向后预测1—{BACKTEST_HORIZON}年，"
            f"以{METRIC_LABELS[f.metric]}衡量误差"
        )
        if f.combine > 1:
            chosen = (
                "全部候选模型"
                if f.combine >= len(f.models)
                else (f"回测误差最小的{f.combine}个模型")
            )
            if f.weighting == "inverse":
                weights = (
                    "按回测误差的倒数加权（误差下限为各模型平均误差的"
                    f"{_pct(WEIGHT_FLOOR * 100)}%），"
                    "回测较准的模型权重较大，但不因少数预测起点的偶然结果而独占"
                )
            else:
                weights = "等权平均"
            parts[-1] += f"；{chosen}{weights}，作为组合预测，并报告组合的回测误差。"
        else:
            parts[-1] += "；取回测误差最小的模型，并报告其回测误差。"
    else:
        engine = "闭式解" if f.models[0] in CLOSED_FORM else "statsmodels"
        parts.append(
            f"预测采用指定的{labels[0]}模型（{engine}估计），并以滚动起点回测"
            f"（训练样本不少于{f.min_train}年，至多{f.backtest_origins}个起点，预测1—"
            f"{BACKTEST_HORIZON}年）报告其{METRIC_LABELS[f.metric]}。"
        )
    if f.shock_years:
        years = "、".join(str(y) for y in f.shock_years)
        parts.append(
            f"为避免个别年份左右趋势，{years}年若为一次性异常（进入该年和离开该年的变动方向相反，"
            f"且均偏离其他年份变动中位数超过{_fmt(f.shock_threshold)}倍稳健标准差；"
            "趋势转折或水平移动不算），建模时以前后两年的插值替代，报告中注明。"
        )
    parts.append(
        "如有当年1—6月累计增速，以上年值×(1+累计增速)作为当年现时预测，与模型预测按精度加权合成"
        f"（累计增速相对全年增速的误差按{_fmt(f.nowcast_sd)}个百分点计），以后年份按同一比例修正。"
    )
    interval = "预测区间给出80%和95%两档"
    source = "入选模型区间的加权平均" if (f.auto or len(f.models) > 1) else "模型自身区间"
    interval += (
        f"，由{source}与按回测误差推算的经验区间（t分布，自由度取回测误差个数的一半、"
        f"至少{MIN_DF}）按方差加权合成，模型区间的权重相当于{MODEL_PRIOR_ERRORS}个回测误差"
    )
    parts.append(interval + "；达成目标的概率由该预测分布计算。")
    parts.append(
        f"数据不足{MIN_POINTS_BACKTEST}个点时采用带漂移随机游走并按t分布加宽区间，"
        "不足3个点时采用末值持平预测，各年数值相同的序列按持平预测，含零或负值的序列不用对数模型，"
        "均在报告中注明。"
    )
    return "".join(parts)
