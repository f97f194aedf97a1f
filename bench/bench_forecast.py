"""Benchmark planeval.method.forecast on synthetic 12-point annual series, one core.

    python bench/bench_forecast.py            # 1,000 series
    python bench/bench_forecast.py --n 200    # quick mode

Series (seeded) mix the shapes seen in plan indicators: compound growth with
noise, linear trends, saturating shares, declining intensities, random walks,
rates hovering around zero (with negatives), a 2020 shock in a third of the
growth series, and a few constant ones. Half get a year-to-date nowcast.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core: no BLAS threads

import argparse  # noqa: E402
import collections  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from planeval.method.forecast import Forecaster  # noqa: E402

YEARS = np.arange(2011, 2023)
SHAPES = ("growth", "growth_shock", "linear", "saturating", "declining", "random_walk", "rate")


def synthetic(i: int, rng: np.random.Generator) -> tuple[str, pd.Series, float | None]:
    """One series of the mix, its shape name, and a nowcast growth (or None)."""
    shape = SHAPES[i % len(SHAPES)] if i % 50 else "constant"
    t = np.arange(len(YEARS), dtype=float)
    if shape in ("growth", "growth_shock"):
        g = rng.uniform(0.02, 0.12)
        y = rng.uniform(50, 5000) * np.exp(np.cumsum(g + rng.normal(0, 0.03, len(t))))
        if shape == "growth_shock":
            y[YEARS == 2020] *= rng.uniform(0.75, 0.92)
    elif shape == "linear":
        y = rng.uniform(20, 200) + rng.uniform(-3, 8) * t + rng.normal(0, 2, len(t))
    elif shape == "saturating":
        y = 95 - 40 * np.exp(-rng.uniform(0.1, 0.4) * t) + rng.normal(0, 0.5, len(t))
    elif shape == "declining":
        y = rng.uniform(0.3, 1.5) * np.exp(-rng.uniform(0.02, 0.06) * t)
        y *= np.exp(rng.normal(0, 0.02, len(t)))
    elif shape == "random_walk":
        y = 100 + np.cumsum(rng.normal(1, 5, len(t)))
    elif shape == "rate":
        y = np.round(rng.normal(1.5, 2.5, len(t)), 1)
    else:
        y = np.full(len(t), 4.5)
    ytd = float(rng.normal(5, 3)) if i % 2 else None
    return shape, pd.Series(y, index=YEARS), ytd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of series")
    parser.add_argument("--seed", type=int, default=20231)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    cases = [synthetic(i, rng) for i in range(args.n)]
    forecaster = Forecaster()
    forecaster.fit(cases[0][1])  # warm-up: imports, first-call caches

    times = []
    cpu_times = []
    models: collections.Counter[str] = collections.Counter()
    by_shape: dict[str, list[float]] = collections.defaultdict(list)
    noted = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for shape, series, ytd in cases:
        t0, c0 = time.perf_counter(), time.process_time()
        result = forecaster.fit(series, ytd_growth=ytd)
        dt = time.perf_counter() - t0
        times.append(dt)
        cpu_times.append(time.process_time() - c0)
        by_shape[shape].append(dt)
        models[result.model_key if not result.model_key.startswith("combo") else "combo"] += 1
        noted += bool(result.notes)
        assert np.isfinite(result.point.to_numpy()).all(), (shape, result)
    total = time.perf_counter() - start
    cpu_total = time.process_time() - cpu_start

    print(f"series: {args.n}  wall: {total:.2f} s  CPU: {cpu_total:.2f} s  (one process, 1 thread)")
    print(
        f"throughput: {args.n / total:.1f} series/s wall-clock, "
        f"{args.n / cpu_total:.1f} series/s per CPU-second"
    )
    print(
        f"per series (CPU): median {1000 * statistics.median(cpu_times):.1f} ms, "
        f"p90 {1000 * float(np.percentile(cpu_times, 90)):.1f} ms"
    )
    print(
        f"per series (wall): median {1000 * statistics.median(times):.1f} ms, "
        f"p90 {1000 * float(np.percentile(times, 90)):.1f} ms, "
        f"max {1000 * max(times):.1f} ms"
    )
    print(
        "median ms by shape: "
        + ", ".join(f"{s} {1000 * statistics.median(v):.1f}" for s, v in sorted(by_shape.items()))
    )
    print("chosen: " + ", ".join(f"{k} {v}" for k, v in models.most_common()))
    print(f"series with notes: {noted}")


if __name__ == "__main__":
    main()
