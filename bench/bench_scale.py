"""Scale benchmark: many synthetic plans of 30 indicators (copies of 江北区 with their
annual values scaled), on this machine's cores.

  (1) assessment only (ingest + assess, no report) of N plans through the process pool
      (`planeval assess --all --workers W -o …`) and on a Dask LocalCluster of W workers;
  (2) full reports (html, pdf, xlsx, docx where available) for a few sizes up to M plans,
      with a linear fit (seconds = fixed + per plan × n) extrapolated to N;
  (3) reports on a Dask cluster started as separate processes (`dask scheduler` and W
      `dask worker` processes), checked equal to the local run's assessment tables.

    python bench/bench_scale.py                      # N = 3000, M = 200
    python bench/bench_scale.py --n 300 --m 20       # quicker
    python bench/bench_scale.py --only assess        # (1) alone
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import children_cpu, make_plans

TEMPLATES = ("jiangbei",)  # 30 indicators


CPU: dict[str, float] = {}  # CPU seconds (user + system, all processes) of the last command


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    t0 = time.perf_counter()
    cpu = children_cpu()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed:\n{done.stderr[-3000:]}")
    CPU["last"] = children_cpu() - cpu
    return time.perf_counter() - t0


def project(root: Path, n: int) -> list[Path]:
    """A project folder with n plans; processed data made once (validation is not timed
    in the report runs)."""
    params = make_plans(root, n, templates=TEMPLATES)
    return params


def assess_only(root: Path, workers: int, scheduler: str | None) -> float:
    shutil.rmtree(root / "processed", ignore_errors=True)  # ingest is part of the work
    cmd = ["planeval", "assess", "--all", "--workers", str(workers), "-o", str(root / "all.csv")]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    return timed(cmd, root)


def reports(root: Path, params: list[Path], out: Path, workers: int, formats: str, extra=()):
    cmd = ["planeval", "batch", *map(str, params), "--output-dir", str(out)]
    cmd += ["--workers", str(workers), "--formats", formats, "--force", *extra]
    return timed(cmd, root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dask_cluster(workers: int, log: Path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen(
            [
                "dask",
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                ":0",
            ],
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
        )
    ]
    time.sleep(3)
    for _ in range(workers):
        procs.append(
            subprocess.Popen(
                ["dask", "worker", address, "--nworkers", "1", "--nthreads", "1"],
                stdout=log.open("a"),
                stderr=subprocess.STDOUT,
            )
        )
    time.sleep(5)
    return address, procs


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {p.parent.name: pd.read_csv(p) for p in sorted(out.glob("*/assessment.csv"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="plans assessed (default 3000)")
    parser.add_argument("--m", type=int, default=200, help="largest full-report run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--formats", default="html,pdf,xlsx,docx")
    parser.add_argument(
        "--only", choices=("assess",), help="only (1): the assessment through pool and Dask"
    )
    args = parser.parse_args()
    from planeval.run.batch import FORMATS

    formats = ",".join(f for f in args.formats.split(",") if f in FORMATS)
    w = args.workers
    result: dict = {"n": args.n, "m": args.m, "workers": w, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="planeval-scale-") as tmp:
        root = Path(tmp)
        params = project(root, args.n)
        print(f"{args.n} plans × 30 indicators, {w} workers, {os.cpu_count()} cores", flush=True)

        pool = assess_only(root, w, None)
        pool_cpu = CPU["last"]
        print(
            f"(1) assessment only: process pool {pool:7.1f} s ({pool / args.n * 1000:.0f} ms/plan,"
            f" {pool_cpu / args.n * 1000:.0f} CPU-ms/plan)",
            flush=True,
        )
        local = assess_only(root, w, "local")
        local_cpu = CPU["last"]
        result |= {"assess_pool_s": pool, "assess_localcluster_s": local, "assess_cpu_s": pool_cpu}
        result["assess_localcluster_cpu_s"] = local_cpu
        print(
            f"    Dask LocalCluster {local:7.1f} s ({local / args.n * 1000:.0f} ms/plan,"
            f" {local_cpu / args.n * 1000:.0f} CPU-ms/plan)",
            flush=True,
        )
        if args.only == "assess":
            print(json.dumps(result, ensure_ascii=False))
            return

        sizes = sorted({max(2, args.m // 4), max(2, args.m // 2), args.m})
        points = []
        for size in sizes:
            seconds = reports(root, params[:size], root / f"out{size}", w, formats)
            points.append((size, seconds))
            result.setdefault("reports_cpu_s", []).append((size, CPU["last"]))
            print(
                f"(2) {size:4d} full reports ({formats}): {seconds:7.1f} s wall,"
                f" {CPU['last'] / size:.2f} worker-s/plan (CPU seconds, user + system)"
            )
        slope, fixed = np.polyfit([p[0] for p in points], [p[1] for p in points], 1)
        result |= {
            "reports": points,
            "fit_fixed_s": fixed,
            "fit_per_plan_s": slope,
            "extrapolated_n_s": fixed + slope * args.n,
        }
        print(
            f"    fit: {fixed:.1f} s + {slope:.2f} s × n  →  {args.n} plans ≈ "
            f"{(fixed + slope * args.n) / 3600:.2f} h"
        )

        k = min(8, args.m)
        address, procs = dask_cluster(w, root / "dask.log")
        try:
            seconds = reports(root, params[:k], root / "dask", w, "html", ("--scheduler", address))
        finally:
            for p in procs:
                p.terminate()
        reports(root, params[:k], root / "here", w, "html")
        same = tables(root / "dask").keys() == tables(root / "here").keys() and all(
            tables(root / "dask")[k_].equals(tables(root / "here")[k_])
            for k_ in tables(root / "here")
        )
        result |= {"dask_processes_s": seconds, "dask_equal": same}
        print(
            f"(3) {k} reports on a separate dask scheduler + {w} workers: {seconds:.1f} s;"
            f" assessment tables equal to the local run: {same}"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
