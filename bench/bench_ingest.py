"""Benchmark ingestion (`planeval validate`) on a very large annual file.

    python bench/bench_ingest.py              # 100,000 extra annual rows
    python bench/bench_ingest.py --rows 1000000

A copy of the liunan sample gets one extra annual file of repeated rows (each an
exact duplicate of a real value, so every row is read, checked and merged with
a warning). Reports the time, rows per second, peak memory, and how many
warnings reach the processed data (they must stay a short list and a count).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from planeval.config import PlanConfig  # noqa: E402
from planeval.data.ingest import ingest_plan  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the repository: a project with the samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw" / "liunan"
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / "liunan", raw)
        lines = (raw / "annual_统计局.csv").read_text("utf-8").splitlines()
        header, body = lines[0], lines[1:]
        big = raw / "annual_big.csv"
        with big.open("w", encoding="utf-8") as fh:
            fh.write(header + "\n")
            for k in range(args.rows):
                fh.write(body[k % len(body)] + "\n")
        text = (PROJECT_ROOT / "parameters" / "liunan.yaml").read_text("utf-8")
        params = root / "liunan.yaml"
        params.write_text(
            text.replace("../data/raw/liunan", "raw/liunan") + "processed_dir: processed\n",
            "utf-8",
        )
        config = PlanConfig.load(params)
        start = time.perf_counter()
        data = ingest_plan(config)
        data.save(config.processed)
        seconds = time.perf_counter() - start
        meta = (config.processed / "meta.json").stat().st_size
        warnings = json.loads((config.processed / "meta.json").read_text("utf-8"))["warnings"]
        size = big.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.rows:,} extra annual rows ({size / 1e6:.1f} MB): "
        f"{seconds:.1f} s, {args.rows / seconds:,.0f} rows/s, peak {peak:.0f} MB; "
        f"{len(warnings)} warnings kept ({warnings[-1][:40]}…), meta.json {meta / 1024:.0f} KB"
    )


if __name__ == "__main__":
    main()
