"""Non-seasonal ETS (Hyndman et al. 2008) chosen by AICc: A/M error × none/damped trend.

statsmodels' `ETSModel` fits one model with a numerical optimiser (5–10 ms per
fit); choosing among four variants at every backtest origin would take most of
the time budget. This module fits the same models with two closed forms:

- for fixed smoothing parameters (α, β, φ) the one-step errors of the linear
  recursions are affine in the initial states (ℓ_0, b_0), so the initial states
  come from a least-squares solve (weighted by 1/μ² for multiplicative errors,
  one reweighting step);
- the smoothing parameters are searched on a grid evaluated for all values at
  once (α ∈ [0.02, 1], β = α·β*, φ ∈ [0.80, 0.98] — the damped trends of
  statsmodels' and R's defaults).

Multiplicative-error models use the same recursions for the mean (ℓ and b move
by α·e and β·e in both cases; only the likelihood differs), so they are fitted
only on positive series. Variants: ANN, AAdN, MNN, MAdN. The undamped trend
(AAN) is left out on purpose: on yearly data it overshoots.

Forecast variance: additive errors σ²(1 + Σ_{j<h}(α + βφ_j)²), φ_j = φ + … + φ^j;
multiplicative errors the same with σ the relative error times the point
forecast (the usual first-order approximation).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

ALPHAS = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
BETA_SHARES = np.array([0.01, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0])
PHIS = np.array([0.8, 0.85, 0.9, 0.94, 0.98])
VARIANTS = ("ANN", "AAdN", "MNN", "MAdN")
LABELS = {
    "ANN": "ETS(A,N,N)",
    "AAdN": "ETS(A,Ad,N)",
    "MNN": "ETS(M,N,N)",
    "MAdN": "ETS(M,Ad,N)",
}


def _grid(trend: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not trend:
        return ALPHAS.copy(), np.zeros(len(ALPHAS)), np.ones(len(ALPHAS))
    a, s, p = np.meshgrid(ALPHAS, BETA_SHARES, PHIS, indexing="ij")
    return a.ravel(), (a * s).ravel(), p.ravel()


_GRIDS = {False: _grid(False), True: _grid(True)}


def _responses(y: np.ndarray, alpha, beta, phi, trend: bool):
    """One-step errors with zero initial states (r) and their response to ℓ_0, b_0.

    e = r − ℓ_0·u − b_0·v; also returns the final states of the three runs (data; unit
    ℓ_0; unit b_0), one row each. Only the data run depends on y: the unit runs and their
    sums come from `_unit_runs`, once per length.
    """
    n, m = len(y), len(alpha)
    unit = _unit_runs(n, trend)
    lvl = np.zeros(m)
    b = np.zeros(m)
    r = np.empty((m, n))
    for t in range(n):
        mu = lvl + phi * b if trend else lvl
        e = y[t] - mu
        r[:, t] = e
        lvl = mu + alpha * e
        if trend:
            b = phi * b + beta * e
    return r, unit.u, unit.v, np.vstack([lvl, unit.lvl]), np.vstack([b, unit.b])


@dataclass(frozen=True)
class _UnitRuns:
    """The recursions started from ℓ_0 = 1 (and b_0 = 1) on zero data: `u`, `v` (grid ×
    length), their final states (one row per run) and the sums uu, vv, uv of `_lstsq`."""

    u: np.ndarray
    v: np.ndarray | None
    lvl: np.ndarray
    b: np.ndarray
    sums: tuple


@functools.lru_cache(maxsize=64)
def _unit_runs(n: int, trend: bool) -> _UnitRuns:
    alpha, beta, phi = _GRIDS[trend]
    k = 2 if trend else 1  # runs: unit ℓ_0; unit b_0
    m = len(alpha)
    lvl = np.zeros((k, m))
    lvl[0] = 1.0
    b = np.zeros((k, m))
    if trend:
        b[1] = 1.0
    out = np.empty((k, m, n))
    for t in range(n):
        mu = lvl + phi * b if trend else lvl
        e = 0.0 - mu
        out[:, :, t] = e
        lvl = mu + alpha * e
        if trend:
            b = phi * b + beta * e
    u = -out[0]
    v = -out[1] if trend else None
    runs = _UnitRuns(u, v, lvl, b, _sums(u, v))
    for a in (runs.u, runs.v, runs.lvl, runs.b, *runs.sums):
        if a is not None:
            a.setflags(write=False)  # shared by every later fit of this length
    return runs


def _sums(u, v, wu=None, wv=None):
    """uu, vv and uv of the normal equations (vv, uv None without a trend); `wu`, `wv`
    are weight × u and weight × v for a weighted fit."""
    wu = u if wu is None else wu
    uu = (wu * u).sum(1)
    if v is None:
        return uu, None, None
    wv = v if wv is None else wv
    return uu, (wv * v).sum(1), (wu * v).sum(1)


def _lstsq(r, u, v, weight=None, sums=None):
    """Initial states minimising the (weighted) squared errors, per grid row; `sums` are
    `_sums(u, v)` when known (unweighted: cached with the unit runs)."""
    # weight × u once for its three products (the same values as (w * u) * x each time)
    wu = u if weight is None else weight * u
    wv = None if v is None else v if weight is None else weight * v
    uu, vv, uv = sums or _sums(u, v, wu, wv)
    ur = (wu * r).sum(1)
    if v is None:
        l0 = ur / uu
        return l0, np.zeros_like(l0)
    vr = (wv * r).sum(1)
    det = uu * vv - uv * uv
    ok = np.abs(det) > 1e-12 * np.maximum(uu * vv, 1e-300)
    safe = np.where(ok, det, 1.0)
    l0 = np.where(ok, (vv * ur - uv * vr) / safe, ur / uu)
    b0 = np.where(ok, (uu * vr - uv * ur) / safe, 0.0)
    return l0, b0


def _additive(y: np.ndarray, trend: bool) -> tuple:
    """The grid's responses, unweighted initial states and one-step errors: the additive
    fit, and the start of the multiplicative one (both share the recursions)."""
    alpha, beta, phi = _GRIDS[trend]
    r, u, v, lvl, b = _responses(y, alpha, beta, phi, trend)
    l0, b0 = _lstsq(r, u, v, sums=_unit_runs(len(y), trend).sums)
    e = r - l0[:, None] * u - (b0[:, None] * v if trend else 0.0)
    return r, u, v, lvl, b, l0, b0, e


class ETSFit:
    """One fitted variant: parameters, final states, σ², log-likelihood and AICc.

    `shared` is `_additive(y, trend)` when the caller already has it (`auto_ets` fits the
    A and M variant of a trend from one set of recursions)."""

    def __init__(self, y: np.ndarray, variant: str, shared: tuple | None = None):
        y = np.asarray(y, dtype=float)
        n = len(y)
        mult, trend = variant[0] == "M", "Ad" in variant
        alpha, beta, phi = _GRIDS[trend]
        r, u, v, lvl, b, l0, b0, e = shared or _additive(y, trend)
        if mult:
            mu = y[None, :] - e
            mu = np.where(mu > 0, mu, np.nan)
            l0, b0 = _lstsq(r, u, v, weight=1.0 / mu**2)
            e = r - l0[:, None] * u - (b0[:, None] * v if trend else 0.0)
            mu = y[None, :] - e
            with np.errstate(invalid="ignore", divide="ignore"):
                rel = e / mu
                loglik = -0.5 * n * (np.log(2 * np.pi * np.mean(rel**2, axis=1)) + 1.0)
                loglik -= np.sum(np.log(np.abs(mu)), axis=1)
            loglik = np.where(np.all(mu > 0, axis=1), loglik, -np.inf)
        else:
            sse = np.sum(e**2, axis=1)
            with np.errstate(divide="ignore"):
                loglik = -0.5 * n * (np.log(2 * np.pi * sse / n) + 1.0)
        loglik = np.where(np.isfinite(loglik), loglik, -np.inf)
        i = int(np.argmax(loglik))
        self.variant = variant
        self.alpha, self.beta, self.phi = float(alpha[i]), float(beta[i]), float(phi[i])
        self.level = float(lvl[0, i] + l0[i] * lvl[1, i] + (b0[i] * lvl[2, i] if trend else 0))
        self.trend = float(b[0, i] + l0[i] * b[1, i] + b0[i] * b[2, i]) if trend else 0.0
        self.damped = trend
        self.multiplicative = mult
        ei = e[i]
        self.sigma2 = float(np.mean((ei / (y - ei)) ** 2) if mult else np.mean(ei**2))
        self.loglik = float(loglik[i])
        k = 6 if trend else 3  # smoothing parameters + initial states + σ
        self.aicc = (
            -2 * self.loglik + 2 * k + 2 * k * (k + 1) / (n - k - 1)
            if n - k - 1 > 0 and math.isfinite(self.loglik)
            else math.inf
        )

    def forecast(self, h: int) -> np.ndarray:
        steps = np.arange(1, h + 1)
        if not self.damped:
            return np.full(h, self.level)
        cum = np.cumsum(self.phi**steps)  # φ + φ² + … + φ^h
        return self.level + cum * self.trend

    def variance(self, h: int) -> np.ndarray:
        j = np.arange(1, h)
        phi_j = np.cumsum(self.phi**j) if self.damped else np.zeros(h - 1)
        c = self.alpha + self.beta * phi_j  # β = 0 without a trend
        factor = 1.0 + np.concatenate([[0.0], np.cumsum(c**2)])
        if self.multiplicative:
            return self.sigma2 * factor * self.forecast(h) ** 2
        return self.sigma2 * factor


def auto_ets(y: np.ndarray, variants: tuple[str, ...] = VARIANTS) -> ETSFit:
    """The variant with the lowest AICc (multiplicative ones only for positive y)."""
    y = np.asarray(y, dtype=float)
    positive = bool(np.all(y > 0))
    shared: dict[bool, tuple] = {}
    fits = []
    for v in variants:
        if positive or v[0] == "A":
            trend = "Ad" in v
            if trend not in shared:
                shared[trend] = _additive(y, trend)
            fits.append(ETSFit(y, v, shared[trend]))
    return min(fits, key=lambda f: (f.aicc, VARIANTS.index(f.variant)))
