"""Optimised Theta with a dynamic slope (in the spirit of DOTM, Fiorucci et al. 2016).

The Theta forecast is simple exponential smoothing plus a share of the linear
trend (Hyndman & Billah 2003): with level ℓ_t, smoothing weight α and the OLS
slope B_t of y_1..y_t,

    ŷ_{t+h|t} = ℓ_t + k · B_t · ((1 − (1 − α)^t) / α + h − 1),   k = 1 − 1/θ ∈ [0, 1].

The classic method fixes θ = 2 (k = ½). Here θ, α and the initial level ℓ_0 are
chosen by in-sample one-step squared error (from the third year on, once a slope
exists), with the slope updated every year (the "dynamic" part). For fixed α
the one-step errors are linear in ℓ_0 and k, so those two come from a 2 × 2
least-squares solve; only α is searched, on a grid evaluated for all values at
once, then refined on a finer grid around the best. No optimiser call: a few
hundred microseconds per series.

Intervals: ŷ ± z·σ·√(1 + (h − 1)α²), the SES variance (σ² the in-sample mean
squared one-step error).
"""

from __future__ import annotations

import numpy as np

ALPHA_GRID = np.linspace(0.05, 1.0, 20)
ALPHA_MIN = 0.01


def dynamic_slopes(y: np.ndarray) -> np.ndarray:
    """B_t: OLS slope of y_1..y_t on time, t = 1..n (0 for t = 1)."""
    n = len(y)
    t = np.arange(1, n + 1, dtype=float)
    s1, sy = np.cumsum(t), np.cumsum(y)
    s2, sty = np.cumsum(t * t), np.cumsum(t * y)
    den = t * s2 - s1 * s1
    with np.errstate(invalid="ignore", divide="ignore"):
        b = np.where(den > 0, (t * sty - s1 * sy) / np.where(den > 0, den, 1.0), 0.0)
    return b


def _errors(y: np.ndarray, alphas: np.ndarray, slopes: np.ndarray):
    """Regressors of the one-step errors for every α: e = r − ℓ_0·w − k·c.

    Returns r, w, c (each alphas × n) and the zero-start level L_n (alphas,).
    """
    n = len(y)
    a = alphas[:, None]
    decay = (1.0 - a) ** np.arange(n)[None, :]  # (1 − α)^(t−1), t = 1..n
    # zero-start SES level before each observation: L_{t−1} = Σ_{j<t} α(1−α)^{t−1−j} y_j
    lev = np.zeros((len(alphas), n))
    level = np.zeros(len(alphas))
    for t in range(n):
        lev[:, t] = level
        level = alphas * y[t] + (1.0 - alphas) * level
    prev_slope = np.concatenate([[0.0], slopes[:-1]])[None, :]  # B_{t−1}
    c = prev_slope * (1.0 - decay) / a
    r = y[None, :] - lev
    # The first two one-step errors come before any slope exists (B_0 = B_1 = 0);
    # scoring them would penalise the trend the method is meant to find.
    start = min(2, n - 2)
    return r[:, start:], decay[:, start:], c[:, start:], level


def _solve(r: np.ndarray, w: np.ndarray, c: np.ndarray):
    """Least-squares (ℓ_0, k) per row with k kept in [0, 1]; returns l0, k, sse."""
    ww, cc, wc = (w * w).sum(1), (c * c).sum(1), (w * c).sum(1)
    wr, cr = (w * r).sum(1), (c * r).sum(1)
    det = ww * cc - wc * wc
    ok = det > 1e-12 * np.maximum(ww * cc, 1e-300)
    only_c = cc > 1e-300  # ℓ_0 without weight: k from c alone
    k_c = np.where(only_c, cr / np.where(only_c, cc, 1.0), 0.0)
    k = np.where(ok, (ww * cr - wc * wr) / np.where(ok, det, 1.0), k_c)
    k = np.clip(k, 0.0, 1.0)
    # with α = 1 the initial level has no weight left: any value fits, take 0
    has_w = ww > 1e-300
    l0 = np.where(has_w, (wr - k * wc) / np.where(has_w, ww, 1.0), 0.0)
    e = r - l0[:, None] * w - k[:, None] * c
    return l0, k, (e * e).sum(1)


class ThetaFit:
    """Fitted optimised Theta: parameters, forecasts and forecast variances."""

    def __init__(self, y: np.ndarray):
        y = np.asarray(y, dtype=float)
        n = len(y)
        slopes = dynamic_slopes(y)
        best = None
        grid = ALPHA_GRID
        for _ in range(2):  # coarse grid, then a finer one around the best value
            r, w, c, level = _errors(y, grid, slopes)
            l0, k, sse = _solve(r, w, c)
            i = int(np.argmin(sse))
            if best is None or sse[i] < best[0]:
                decay_n = (1.0 - grid[i]) ** n
                best = (sse[i], grid[i], l0[i], k[i], level[i] + decay_n * l0[i])
            step = grid[1] - grid[0]
            grid = np.clip(np.linspace(best[1] - step, best[1] + step, 11), ALPHA_MIN, 1.0)
        sse, self.alpha, self.l0, self.k, self.level = best
        scored = n - min(2, n - 2)
        self.slope = float(slopes[-1])
        self.n = n
        self.sigma2 = float(sse / scored)
        self.theta = 1.0 / (1.0 - self.k) if self.k < 1 else float("inf")

    def forecast(self, h: int) -> np.ndarray:
        a, n = self.alpha, self.n
        steps = np.arange(1, h + 1, dtype=float)
        return self.level + self.k * self.slope * ((1.0 - (1.0 - a) ** n) / a + steps - 1.0)

    def variance(self, h: int) -> np.ndarray:
        steps = np.arange(1, h + 1, dtype=float)
        return self.sigma2 * (1.0 + (steps - 1.0) * self.alpha**2)
