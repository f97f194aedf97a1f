"""The `planeval` command line. User mistakes print a Chinese message, no traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planeval.config import PlanConfig, all_plan_ids, parameters_file
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
    from planeval.ingest import ingest_plan
    from planeval.summary import validation_summary

    for plan in _plans(args):
        config = _config(plan)
        data = ingest_plan(config)
        data.save(config.processed)
        print(validation_summary(config, data, verbose=args.verbose))
    return 0


def cmd_template(args) -> int:
    from planeval.template import write_template

    config = _config(args.plan)
    out = write_template(config, Path(args.output))
    print(f"已写出填报模板：{out}")
    return 0


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
