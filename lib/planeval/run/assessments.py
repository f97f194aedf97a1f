"""The assessment of many plans without their reports (a province's every county plan):
each plan validated if its raw data changed, then assessed, in parallel processes or
on Dask; one table with a row per plan and indicator."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planeval.errors import PlanevalError
from planeval.run.parallel import chunk_size, run_parallel


@dataclass
class PlanAssessment:
    params: str  # the parameters file
    plan_id: str = ""
    region: str = ""
    frame: pd.DataFrame | None = None
    error: str = ""


def assess_file(params: str, raise_errors: bool = False) -> PlanAssessment:
    """Ingest (when stale) and assess one plan. A user's mistake comes back in `error`
    (or is raised, for a command on one plan)."""
    from planeval.config import PlanConfig
    from planeval.data.ingest import load_plan
    from planeval.method.assess import assess_plan

    out = PlanAssessment(params)
    try:
        config = PlanConfig.load(Path(params))
        out.plan_id, out.region = config.plan_id, config.region
        out.frame = assess_plan(load_plan(config), config, cache=True)
    except PlanevalError as exc:
        if raise_errors:
            raise
        out.error = str(exc)
    return out


def _crashed(params: str, exc: BaseException) -> PlanAssessment:
    return PlanAssessment(params, error=f"工作进程意外退出：{type(exc).__name__}: {exc}")


def assess_files(
    params: Sequence[str | Path], workers: int = 2, scheduler: str | None = None
) -> Iterator[PlanAssessment]:
    """Assessments as plans finish (in no fixed order); the plans go to the workers in
    chunks (a plan takes well under a second, a task's own cost is not negligible)."""
    items = [str(p) for p in params]
    chunk = chunk_size(len(items), workers)
    yield from run_parallel(assess_file, items, _crashed, workers, scheduler, chunk=chunk)


def combined(assessments: Sequence[PlanAssessment]) -> pd.DataFrame:
    """One table, plans in the order given, with plan_id and region first."""
    frames = [
        a.frame.assign(plan_id=a.plan_id, region=a.region)
        for a in assessments
        if a.frame is not None
    ]
    if not frames:
        return pd.DataFrame(columns=["plan_id", "region"])
    table = pd.concat(frames, ignore_index=True)
    first = ["plan_id", "region"]
    return table[first + [c for c in table.columns if c not in first]]
