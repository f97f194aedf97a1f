# ruff: noqa: E402  (BLAS thread variables must be set before numpy is imported)
"""Benchmark planeval.method.assess on one core.

    python bench/bench_assess.py                 # sample plan + 1,000 synthetic indicators
    python bench/bench_assess.py --n 100         # quick mode
    python bench/bench_assess.py --plan nankai   # another sample plan

1. Time to assess one sample plan (ingested once beforehand; the full model set).
2. Throughput, in indicators (series) per second, of `assess_indicator` on `--n`
   seeded synthetic indicators (12 annual points 2011–2022, every quantified target
   kind, a third on real growth, half with a year-to-date figure) with the full
   model set, and without forecasting (the progress arithmetic alone).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core: no BLAS threads

import argparse
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from planeval.config import PlanConfig

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the repository: a project with the samples
from planeval.data.ingest import load_plan
from planeval.data.targets import TargetKind, TargetSpec
from planeval.method.assess import IndicatorInput, Period, YearToDate, assess_indicator, assess_plan
from planeval.method.forecast import Forecaster

YEARS = list(range(2011, 2023))
SPECS = [
    TargetSpec(TargetKind.CAGR, 6.0),
    TargetSpec(TargetKind.CAGR_FLOOR, 8.0),
    TargetSpec(TargetKind.CAGR_RANGE, low=5.5, high=6.5),
    TargetSpec(TargetKind.LEVEL, 0.0),  # value set per series: 1.4 × base
    TargetSpec(TargetKind.PP_LEVEL, 0.0),  # base + 5
    TargetSpec(TargetKind.REDUCTION, 13.5),
    TargetSpec(TargetKind.CUMULATIVE_TOTAL, 0.0),  # 5.5 × base
    TargetSpec(TargetKind.CEILING, 0.0),  # 1.05 × base
]


def synthetic(n: int, seed: int = 20231) -> list[IndicatorInput]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        spec = SPECS[i % len(SPECS)]
        lower = spec.kind in (TargetKind.REDUCTION, TargetKind.CEILING)
        drift = -0.03 if lower else rng.uniform(0.0, 0.1)
        growth = rng.normal(drift, 0.03, len(YEARS))
        if i % 3 == 0:
            growth[YEARS.index(2020)] -= 0.08  # a 2020 shock
        level = 100 * rng.uniform(0.5, 20) * np.cumprod(1 + growth)
        series = pd.Series(level, index=YEARS)
        base = float(series[2020])
        value = {
            TargetKind.LEVEL: 1.4 * base,
            TargetKind.PP_LEVEL: base + 5,
            TargetKind.CUMULATIVE_TOTAL: 5.5 * base,
            TargetKind.CEILING: 1.05 * base,
        }.get(spec.kind, spec.value)
        spec_i = TargetSpec(spec.kind, value, spec.low, spec.high)
        real = i % 3 == 1 and spec.kind in (TargetKind.CAGR, TargetKind.CAGR_RANGE)
        ytd = YearToDate(2023, 6, growth=float(rng.normal(5, 2))) if i % 2 else None
        out.append(
            IndicatorInput(
                spec_i,
                series,
                growth=pd.Series(growth[1:] * 100 - 1.0, index=YEARS[1:]),
                indicator_id=f"x{i}",
                name=f"指标{i}",
                direction="lower" if lower else "higher",
                real_growth=real,
                ytd=ytd,
            )
        )
    return out


def bench_plan(plan_id: str) -> None:
    params = PROJECT_ROOT / "parameters" / f"{plan_id}.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        # A project folder in tmp (parameter paths must stay inside their project).
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan_id, Path(tmp) / "raw" / plan_id)
        text = params.read_text("utf-8") + "\nprocessed_dir: processed\n"
        path = Path(tmp) / f"{plan_id}.yaml"
        path.write_text(text.replace("../data/raw", "raw"), "utf-8")
        config = PlanConfig.load(path)
        data = load_plan(config)
        start = time.perf_counter()
        frame = assess_plan(data, config)
        elapsed = time.perf_counter() - start
    fits = len(frame) + int(frame["real_growth"].sum())
    print(
        f"{plan_id}: {len(frame)} indicators assessed in {elapsed:.2f} s "
        f"({elapsed / len(frame):.2f} s per indicator, about {fits} forecast fits)"
    )


def bench_synthetic(n: int) -> None:
    inputs = synthetic(n)
    period = Period()
    forecaster = Forecaster(horizon_years=(2023, 2024, 2025))
    for label, fc in (("full model set", forecaster), ("no forecast", None)):
        start = time.perf_counter()
        rows = [assess_indicator(ind, period=period, forecaster=fc) for ind in inputs]
        elapsed = time.perf_counter() - start
        counts = pd.Series([r["category"] for r in rows]).value_counts().to_dict()
        print(
            f"{n} synthetic indicators, {label}: {elapsed:.2f} s, "
            f"{n / elapsed:,.1f} series/s; categories {counts}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="synthetic indicators")
    parser.add_argument("--plan", default="liunan", help="sample plan id")
    args = parser.parse_args()
    warnings.simplefilter("error")
    bench_plan(args.plan)
    bench_synthetic(args.n)


if __name__ == "__main__":
    main()
