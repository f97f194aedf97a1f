"""The `planeval` command line. User mistakes print a Chinese message, no traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planeval.config import PROJECT_ROOT, PlanConfig, all_plan_ids, parameters_file
from planeval.errors import PlanevalError


def _plans(args) -> list[str]:
    plans = all_plan_ids() if getattr(args, "all", False) or not args.plans else args.plans
    if not plans:
        raise PlanevalError("parameters/ 中没有任何规划参数文件", expected="parameters/<plan>.yaml")
    return plans


def _config(plan: str) -> PlanConfig:
    """A plan id (parameters/<id>.yaml) or a path to any parameters file."""
    path = Path(plan)
    return PlanConfig.load(path if path.suffix in {".yaml", ".yml"} else parameters_file(plan))


def cmd_validate(args) -> int:
    from planeval.data.ingest import ingest_plan
    from planeval.data.summary import validation_summary

    for plan in _plans(args):
        config = _config(plan)
        data = ingest_plan(config)
        data.save(config.processed)
        print(validation_summary(config, data, verbose=args.verbose))
    return 0


def cmd_template(args) -> int:
    from planeval.data.template import write_template

    config = _config(args.plan)
    out = write_template(config, Path(args.output))
    print(f"已写出填报模板：{out}")
    return 0


def cmd_assess(args) -> int:
    from planeval.data.ingest import load_plan
    from planeval.method.assess import assess_plan
    from planeval.report.text_table import format_table

    config = _config(args.plan)
    frame = assess_plan(load_plan(config), config)
    if args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        print(format_table(frame))
    return 0


def cmd_lab(args) -> int:
    from planeval.run.lab import run_lab

    return run_lab(args.port, open_browser=not args.no_browser, app=args.app)


def cmd_batch(args) -> int:
    from tqdm import tqdm

    from planeval.run.batch import FORMATS, make_jobs, run_jobs
    from planeval.run.overview import write_overview

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise PlanevalError(f"未知的输出格式：{', '.join(unknown)}", expected=",".join(FORMATS))
    plans = [args.plan] if args.command == "run" else _plans(args)
    outputs = Path(args.output_dir).resolve()
    jobs = make_jobs(plans, formats=formats, force=args.force, outputs=outputs)
    results = []
    bar = tqdm(total=len(jobs), desc="规划报告", unit="个", disable=None)
    for result in run_jobs(jobs, workers=args.workers, scheduler=args.scheduler):
        results.append(result)
        bar.set_postfix_str(f"{result.plan_id} {_STATUS[result.status]}")
        bar.update()
    bar.close()
    # The overview covers a batch; a single `run` leaves the last batch's overview alone.
    index = write_overview(results, outputs) if args.command == "batch" else None
    failed = [r for r in results if r.status == "failed"]
    done = len(results) - len(failed)
    skipped = sum(r.status == "skipped" for r in results)
    where = (
        f"总览：{index}"
        if index
        else "输出："
        + "、".join(
            r.outputs.get("pdf") or r.outputs.get("html") or r.outputs.get("ipynb", "")
            for r in results
            if r.status != "failed"
        )
    )
    print(f"完成 {done} 个（其中未变化跳过 {skipped} 个），失败 {len(failed)} 个。{where}")
    for r in failed:
        print(f"\n失败：{r.plan_id} {r.failed_cell}\n  {r.error.strip()}", file=sys.stderr)
        if r.partial_notebook:
            print(f"  已执行部分的笔记本：{r.partial_notebook}", file=sys.stderr)
    return 1 if failed else 0


OUTPUTS = PROJECT_ROOT / "outputs"
_STATUS = {"ok": "完成", "skipped": "跳过", "failed": "失败"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planeval", description="十四五规划中期评估 — mid-term plan evaluation"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="ingest and validate data/raw/<plan> → data/processed")
    p.add_argument("plans", nargs="*", metavar="PLAN", help="plan ids or parameters files")
    p.add_argument("--all", action="store_true", help="every plan in parameters/")
    p.add_argument("-v", "--verbose", action="store_true", help="list every warning")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("template", help="write the Excel intake workbook for a plan")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("assess", help="assess every indicator of a plan and print the table")
    p.add_argument("plan", metavar="PARAMS.yaml", help="parameters file or plan id")
    p.add_argument("--format", choices=("csv", "json", "table"), default="table")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("lab", help="start JupyterLab with the explorer notebook open")
    p.add_argument("--port", type=int, help="port (default: the first free one from 8888)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--app", action="store_true", help="open the Voilà app view (code hidden)")
    p.set_defaults(func=cmd_lab)

    for name in ("run", "batch"):
        if name == "run":
            p = sub.add_parser("run", help="execute and export the report of one plan")
            p.add_argument("plan", metavar="PLAN")
        else:
            p = sub.add_parser("batch", help="execute and export the reports of many plans")
            p.add_argument("plans", nargs="*", metavar="PLAN")
            p.add_argument("--all", action="store_true", help="every plan in parameters/")
        p.add_argument("--workers", type=int, default=2, help="parallel processes (default 2)")
        p.add_argument("--formats", default="html,pdf,xlsx", help="comma-separated: html,pdf,xlsx")
        p.add_argument("--force", action="store_true", help="rerun plans that are up to date")
        p.add_argument("--output-dir", default=str(OUTPUTS), metavar="DIR", help="default outputs/")
        p.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="run on a Dask cluster: 'local' starts a LocalCluster, else a scheduler address",
        )
        p.set_defaults(func=cmd_batch)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PlanevalError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
