"""Batch benchmark: a naive papermill + nbconvert loop against `planeval batch`.

Builds N synthetic plans (copies of the 26- and 30-indicator sample plans with
their annual values scaled, so no two plans are alike), then times, on this
machine and in one run:

  (a) naive: per plan `papermill` then `jupyter nbconvert --to planeval_html`
      and `--to planeval_pdf`, one process each, one plan after another;
  (b) `planeval batch --workers W` over the same plans.

First it measures the CPU seconds per plan (user + system of every process: workers,
kernels, browser) of `planeval batch` for the full report (html, pdf, xlsx, docx) and
for HTML only: the worker-seconds a plan costs, independent of what else the machine
runs. It also breaks one plan's time down (kernel start, imports and data, assessment,
charts and sections, HTML, PDF) from papermill's per-cell durations.

    python bench/bench_batch.py            # N = 20
    python bench/bench_batch.py --n 4      # quick
    python bench/bench_batch.py --n 6 --cpu-only   # worker-seconds per plan only
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from planeval.data.readers import decode_csv
from planeval.run.notebooks import REPORT, notebook

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the repository: a project with the samples

TEMPLATES = ("nankai", "jiangbei")  # 26 and 30 indicators
NOTEBOOK = notebook(REPORT)


def make_plans(root: Path, n: int, seed: int = 7, templates=TEMPLATES) -> list[Path]:
    rng = np.random.default_rng(seed)
    params = []
    for i in range(n):
        template = templates[i % len(templates)]
        plan_id = f"synth{i + 1:04d}"
        raw = root / "raw" / plan_id
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / template, raw)
        factor = float(rng.uniform(0.6, 1.6))
        shares = _share_indicators(raw)  # scaled, a share could pass 100 %
        for path in raw.glob("annual*.csv"):
            text, encoding = decode_csv(path)
            frame = pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False)
            values = pd.to_numeric(frame["数值"], errors="coerce")
            scaled = values.notna() & ~frame["指标名称"].isin(shares)
            frame["数值"] = frame["数值"].where(~scaled, (values * factor).round(2).astype(str))
            frame.to_csv(path, index=False, encoding=encoding.replace("-sig", ""))
        text = (PROJECT_ROOT / "parameters" / f"{template}.yaml").read_text("utf-8")
        text = text.replace(f"plan_id: {template}", f"plan_id: {plan_id}")
        text = text.replace(f"../data/raw/{template}", f"../raw/{plan_id}")
        text = "\n".join(
            f"region: 合成区{i + 1:04d}" if line.startswith("region:") else line
            for line in text.splitlines()
            # no peers, no annexed special plans: one district report per plan
            if not line.startswith(("peers:", "annex_plans:"))
        )
        path = root / "parameters" / f"{plan_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + f"\nprocessed_dir: ../processed/{plan_id}\n", "utf-8")
        params.append(path)
    return params


def _share_indicators(raw: Path) -> set[str]:
    """Names of indicators whose unit is a share (%, ‰), in the main and the chapter
    indicator tables: their values are not scaled (a scaled share could pass 100 %)."""
    names: set[str] = set()
    for path in (*raw.glob("indicators.*"), *raw.glob("chapter_indicators.*")):
        if path.suffix == ".csv":
            encoding = decode_csv(path)[1]
            table = pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False)
        else:
            table = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        unit = table["单位"]
        if "数据单位" in table:  # the unit the values are given in, where it differs
            unit = table["数据单位"].where(table["数据单位"] != "", unit)
        names |= set(table.loc[unit.str.strip().isin(["%", "‰", "％"]), "指标名称"])
    return names


def run(cmd: list[str], cwd: Path | None = None) -> None:
    subprocess.run(cmd, check=True, cwd=cwd, capture_output=True)


def naive(params: list[Path], out: Path) -> float:
    t0 = time.perf_counter()
    for path in params:
        folder = out / path.stem
        folder.mkdir(parents=True)
        nb = folder / f"{path.stem}.ipynb"
        run(
            [
                "papermill",
                str(NOTEBOOK),
                str(nb),
                "-p",
                "params",
                str(path),
                "--cwd",
                str(path.parent.parent),
                "-p",
                "output_dir",
                str(folder),
                "--no-progress-bar",
            ]
        )
        for fmt in ("planeval_html", "planeval_pdf"):
            run(["jupyter", "nbconvert", "--to", fmt, str(nb)])
    return time.perf_counter() - t0


def children_cpu() -> float:
    """User + system CPU seconds of every finished child process (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def batched(params: list[Path], out: Path, workers: int, formats: str = "") -> float:
    t0 = time.perf_counter()
    cmd = ["planeval", "batch", *map(str, params), "--output-dir", str(out)]
    cmd += ["--workers", str(workers), "--force"]
    run([*cmd, "--formats", formats] if formats else cmd)
    return time.perf_counter() - t0


def tree_cpu(cmd: list[str], poll: float = 0.1) -> float:
    """User + system CPU seconds of a command and every process it starts, read from each
    process while it runs (psutil). `children_cpu` misses what is not reaped up the tree:
    Chromium's renderer and PDF processes (on a 4-plan batch it counted 69 of the 91 CPU
    seconds the whole machine spent); a process ending between two polls loses at most
    its last `poll` seconds."""
    import psutil

    # stderr to a file: a pipe would fill with progress bars and block the batch
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        root = psutil.Process(proc.pid)
        seen: dict[tuple[int, float], float] = {}
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                for p in (root, *root.children(recursive=True)):
                    with contextlib.suppress(psutil.Error):
                        t = p.cpu_times()
                        seen[(p.pid, p.create_time())] = t.user + t.system
            time.sleep(poll)
        if proc.returncode != 0:
            errors.seek(0)
            raise subprocess.CalledProcessError(proc.returncode, cmd, stderr=errors.read())
    return sum(seen.values())


def worker_seconds(params: list[Path], out: Path, workers: int, formats: str) -> float:
    """CPU seconds (user + system, the browser, kernels and workers included) per plan of
    `planeval batch`: what one worker spends on a plan, whatever else the machine runs."""
    cmd = ["planeval", "batch", *map(str, params), "--output-dir", str(out)]
    cmd += ["--workers", str(workers), "--force", "--formats", formats]
    return tree_cpu(cmd) / len(params)


def breakdown(params: Path, out: Path) -> dict[str, float]:
    """Where one plan's time goes, from a fresh run of the report."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    kernel = time.perf_counter() - t0
    kc.stop_channels()
    km.shutdown_kernel(now=True)

    out.mkdir(parents=True)
    nb_path = out / "one.ipynb"
    run(
        [
            "papermill",
            str(NOTEBOOK),
            str(nb_path),
            "-p",
            "params",
            str(params),
            "--cwd",
            str(params.parent.parent),
            "-p",
            "output_dir",
            str(out),
            "--no-progress-bar",
        ]
    )
    nb = nbformat.read(nb_path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    seconds = {"kernel start": kernel}
    for cell in cells:
        duration = cell.metadata.get("papermill", {}).get("duration") or 0.0
        tags = cell.metadata.get("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            continue
        if "machinery" in tags:
            key = "imports, data, assessment (setup cell)"
        elif "indicators" in cell.source:
            key = "indicator charts and narrative"
        else:
            key = "other sections"
        seconds[key] = seconds.get(key, 0.0) + duration
    from planeval.run.export import export_report

    for fmt in ("html", "pdf"):
        t0 = time.perf_counter()
        export_report(nb_path, out, formats=(fmt,))
        seconds[fmt.upper()] = time.perf_counter() - t0
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="synthetic plans (default 20)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cpu-only",
        action="store_true",
        help="only the worker-seconds per plan of planeval batch (full report, HTML only)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planeval-bench-") as tmp:
        root = Path(tmp)
        params = make_plans(root, args.n)
        cpu = {
            f"worker_s_{name}": worker_seconds(params, root / name, args.workers, formats)
            for name, formats in (("full", "html,pdf,xlsx,docx"), ("html", "html"))
        }
        print(
            f"{args.n} plans: {cpu['worker_s_full']:.2f} worker-s per plan for the full report"
            f" (html, pdf, xlsx, docx), {cpu['worker_s_html']:.2f} for HTML only"
            " (CPU seconds, user + system, of every process)"
        )
        if args.cpu_only:
            print(json.dumps({"n": args.n, **cpu}))
            return
        t_naive = naive(params, root / "naive")
        t_batch = batched(params, root / "batch", args.workers)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        parts = breakdown(params[0], root / "one")
    n = args.n
    print(f"{n} synthetic plans, {args.workers} workers, {os.cpu_count()} cores")
    print(f"(a) naive papermill + nbconvert loop: {t_naive:7.1f} s  ({t_naive / n:5.1f} s/plan)")
    print(f"(b) planeval batch:                   {t_batch:7.1f} s  ({t_batch / n:5.1f} s/plan)")
    print(f"speed-up (a)/(b): {t_naive / t_batch:.2f}×;  peak RSS of a child: {peak_mb:.0f} MB")
    print("one plan's time:")
    for key, value in parts.items():
        print(f"  {key:<42} {value:6.2f} s")
    print(
        json.dumps(
            {
                "n": n,
                "naive_s": t_naive,
                "batch_s": t_batch,
                "peak_mb": peak_mb,
                **cpu,
                "breakdown_s": parts,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
