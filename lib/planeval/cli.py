"""The `planeval` command line. User mistakes print a Chinese message, no traceback.

Every command works on a project folder (see `planeval.project`): the current one, or
`--project DIR`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from planeval import __version__
from planeval.config import PlanConfig, all_plan_ids, parameters_file
from planeval.errors import PlanevalError
from planeval.periods import DEFAULT_PERIOD, PERIODS
from planeval.project import current_project, use


def _plans(args) -> list[str]:
    plans = all_plan_ids() if getattr(args, "all", False) or not args.plans else args.plans
    if not plans:
        raise PlanevalError("parameters/ 中没有任何规划参数文件", expected="parameters/<plan>.yaml")
    return plans


def _config_path(plan: str) -> Path:
    """A plan id (parameters/<id>.yaml) or a path to any parameters file."""
    path = Path(plan)
    return path if path.suffix in {".yaml", ".yml"} else parameters_file(plan)


def _config(plan: str) -> PlanConfig:
    return PlanConfig.load(_config_path(plan))


def cmd_validate(args) -> int:
    from planeval.data.ingest import ingest_plan
    from planeval.data.problems import PlanevalErrors, write_problem_list
    from planeval.data.summary import validation_summary

    failed = 0
    for plan in _plans(args):
        try:
            config = _config(plan)
        except PlanevalError as exc:
            print(_capped(f"错误：{exc}"), file=sys.stderr)
            failed += 1
            continue
        listing = _problem_list_path(plan, config)
        try:
            data = ingest_plan(config)
        except PlanevalErrors as exc:
            entries = exc.problems.all_entries() if exc.problems else []
            path = write_problem_list(entries or _entries(exc), listing)
            print(_capped(f"错误：{config.region}（{config.plan_id}）：{exc}"), file=sys.stderr)
            print(f"问题清单已写入 {path}", file=sys.stderr)
            failed += 1
            continue
        except PlanevalError as exc:
            path = write_problem_list(_entries(PlanevalErrors([exc])), listing)
            print(_capped(f"错误：{config.region}（{config.plan_id}）：{exc}"), file=sys.stderr)
            print(f"问题清单已写入 {path}", file=sys.stderr)
            failed += 1
            continue
        data.save(config.processed)
        print(validation_summary(config, data, verbose=args.verbose))
        if data.problems:
            print(f"  问题清单：{write_problem_list(data.problems.all_entries(), listing)}")
        else:
            listing.unlink(missing_ok=True)
    return 2 if failed else 0


def _problem_list_path(plan: str, config: PlanConfig) -> Path:
    """outputs/<plan>/问题清单.xlsx in the plan's project folder (beside parameters/)."""
    from planeval.params import project_dir

    path = Path(plan)
    params = path if path.suffix in {".yaml", ".yml"} else parameters_file(plan)
    return project_dir(params.resolve().parent) / "outputs" / config.plan_id / "问题清单.xlsx"


def _entries(exc):
    from planeval.data.problems import Problems

    problems = Problems()
    problems.errors.extend(exc.errors)
    return problems.all_entries()


def cmd_new(args) -> int:
    from planeval.data.scaffold import new_plan

    plan = new_plan(
        current_project(),
        args.plan_id,
        args.name,
        parent=args.parent,
        period=args.period,
        evaluation=args.evaluation,
    )
    print(f"已新建规划「{args.name}」（{args.plan_id}）：")
    for path in (plan.parameters, plan.indicators, plan.texts):
        print(f"  {path}")
    print("下一步：")
    print("\n".join("  " + step for step in plan.next_steps(args.plan_id)))
    return 0


def cmd_template(args) -> int:
    from planeval.data.template import write_template

    config = _config(args.plan)
    out = write_template(config, Path(args.output))
    print(f"已写出填报模板：{out}")
    return 0


def cmd_assess(args) -> int:
    from planeval.report.text_table import format_table

    plans = _plans(args)
    if len(plans) == 1 and not args.output and args.workers <= 1 and not args.scheduler:
        from planeval.run.assessments import assess_file

        assessments = [assess_file(str(_config_path(plans[0])), raise_errors=True)]
    else:
        from tqdm import tqdm

        from planeval.run.assessments import assess_files

        paths = [_config_path(p) for p in plans]
        bar = tqdm(total=len(paths), desc="评估", unit="个", disable=None, file=sys.stderr)
        done = {}
        for a in assess_files(paths, workers=args.workers, scheduler=args.scheduler):
            done[a.params] = a
            bar.update()
        bar.close()
        assessments = [done[str(p)] for p in paths]
    from planeval.run.assessments import combined

    failed = [a for a in assessments if a.error]
    if len(assessments) == 1 and not failed and not args.output:
        frame = assessments[0].frame
    else:
        frame = combined(assessments)
    if args.output:
        out = Path(args.output)
        from planeval.outputs import write_frame_xlsx, write_text

        if out.suffix.lower() == ".xlsx":
            write_frame_xlsx(frame, out, sheet="评估结果")
        else:
            write_text(out, frame.to_csv(index=False), encoding="utf-8-sig")
        ok = len(assessments) - len(failed)
        print(f"已评估 {ok} 个规划、{len(frame)} 项指标：{out}")
    elif args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        for a in assessments:
            if a.frame is not None:
                if len(assessments) > 1:
                    print(f"\n{a.region}（{a.plan_id}）")
                print(format_table(a.frame))
    for a in failed:
        print(f"失败：{a.plan_id or a.params}\n  {a.error}", file=sys.stderr)
    return 1 if failed else 0


def cmd_lab(args) -> int:
    from planeval.run.lab import run_lab

    return run_lab(args.port, open_browser=not args.no_browser, app=args.app)


def cmd_batch(args) -> int:
    from planeval.run.batch import FORMATS, make_jobs, outputs_lock

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise PlanevalError(f"未知的输出格式：{', '.join(unknown)}", expected=",".join(FORMATS))
    plans = [args.plan] if args.command == "run" else _plans(args)
    outputs = Path(args.output_dir).resolve() if args.output_dir else current_project().outputs
    jobs = make_jobs(plans, formats=formats, force=args.force, outputs=outputs, public=args.public)
    with outputs_lock(outputs):
        return _run_batch(args, jobs, outputs)


def _run_batch(args, jobs, outputs: Path) -> int:
    from tqdm import tqdm

    from planeval.run.batch import run_jobs
    from planeval.run.overview import write_overview

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
        print(_capped(f"\n失败：{r.plan_id} {r.failed_cell}\n  {r.error.strip()}"), file=sys.stderr)
        if r.partial_notebook:
            print(f"  已执行部分的笔记本：{r.partial_notebook}", file=sys.stderr)
    return 1 if failed else 0


_STATUS = {"ok": "完成", "skipped": "跳过", "failed": "失败"}


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def _chinese(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """argparse's own words in Chinese: the help option and the group titles."""
    parser.add_argument("-h", "--help", action="help", help="显示本帮助")
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    return parser


def _command(sub, name: str, help: str) -> argparse.ArgumentParser:
    return _chinese(sub.add_parser(name, help=help, add_help=False, formatter_class=_ChineseHelp))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planeval",
        description="规划实施评估：数据校验、指标评估、预测和评估报告（中期评估、总结评估、年度监测）",
        epilog="PLAN 为规划编号（parameters/<编号>.yaml）或参数文件路径。",
        formatter_class=_ChineseHelp,
        add_help=False,
    )
    _chinese(parser)
    parser.add_argument(
        "--version", action="version", version=f"planeval {__version__}", help="显示版本号"
    )
    parser.add_argument(
        "--project",
        metavar="DIR",
        help="项目文件夹（含 parameters/、data/、outputs/）；"
        "默认为当前文件夹或环境变量 PLANEVAL_PROJECT",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = _command(sub, "new", "新建一个规划：参数文件、指标表和评估文字文件")
    p.add_argument("plan_id", metavar="ID", help="规划编号：小写英文字母、数字和下划线")
    p.add_argument("--name", required=True, help="地区名称，如 某某区")
    p.add_argument("--parent", default="", help="上级地区，如 某某市")
    p.add_argument(
        "--period",
        default=DEFAULT_PERIOD,
        help=f"规划期：{'、'.join(PERIODS)}（默认{DEFAULT_PERIOD}）",
    )
    p.add_argument(
        "--evaluation",
        default="midterm",
        choices=("monitoring", "midterm", "final"),
        help="评估类型：monitoring 年度监测、midterm 中期评估（默认）、final 总结评估",
    )
    p.set_defaults(func=cmd_new)

    p = _command(sub, "validate", "读取并校验 data/raw/<规划> → data/processed")
    p.add_argument("plans", nargs="*", metavar="PLAN", help="规划编号或参数文件")
    p.add_argument("--all", action="store_true", help="parameters/ 中的全部规划")
    p.add_argument("-v", "--verbose", action="store_true", help="列出每一条提示")
    p.set_defaults(func=cmd_validate)

    p = _command(sub, "template", "生成各部门填报的 Excel 完成情况表")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
    p.set_defaults(func=cmd_template)

    p = _command(sub, "assess", "评估全部指标并输出评估表")
    p.add_argument("plans", nargs="*", metavar="PLAN", help="规划编号或参数文件")
    p.add_argument("--all", action="store_true", help="parameters/ 中的全部规划")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="写入 CSV（带 BOM，Excel 可直接打开）或 .xlsx"
    )
    p.add_argument("--workers", type=int, default=1, help="并行进程数（默认 1）")
    p.add_argument("--scheduler", metavar="ADDRESS", help="在 Dask 集群上评估：local 或调度器地址")
    p.add_argument(
        "--format", choices=("csv", "json", "table"), default="table", help="输出格式（默认 table）"
    )
    p.set_defaults(func=cmd_assess)

    p = _command(sub, "lab", "启动 JupyterLab 并打开交互分析笔记本")
    p.add_argument("--port", type=int, help="端口（默认从 8888 起第一个空闲端口）")
    p.add_argument("--no-browser", action="store_true", help="不打开浏览器，只显示地址")
    p.add_argument("--app", action="store_true", help="打开不显示代码的应用界面（Voilà）")
    p.set_defaults(func=cmd_lab)

    for name in ("run", "batch"):
        if name == "run":
            p = _command(sub, "run", "运行并导出一个规划的评估报告")
            p.add_argument("plan", metavar="PLAN")
        else:
            p = _command(sub, "batch", "运行并导出多个规划的评估报告、横向比较和总览")
            p.add_argument("plans", nargs="*", metavar="PLAN")
            p.add_argument("--all", action="store_true", help="parameters/ 中的全部规划")
        p.add_argument("--workers", type=int, default=2, help="并行进程数（默认 2）")
        p.add_argument(
            "--formats", default="html,pdf,xlsx,docx", help="输出格式，逗号分隔：html,pdf,xlsx,docx"
        )
        p.add_argument(
            "--public",
            action="store_true",
            help="另外生成公开版 <plan>_公开版（不含具体指标值）；也可在参数文件中设 public: true",
        )
        p.add_argument("--force", action="store_true", help="未变化的规划也重新运行")
        p.add_argument("--output-dir", metavar="DIR", help="输出文件夹（默认 outputs/）")
        p.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="在 Dask 集群上运行：local 启动本机集群，或集群调度器地址",
        )
        p.set_defaults(func=cmd_batch)
    return parser


MAX_MESSAGE = 6000  # characters: a message that quotes a 100,000-character cell is cut


def _capped(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…（消息过长，已截断）"


def _crash_log(command: str) -> Path:
    """Write the traceback of an unexpected error to a log file; return its path."""
    import datetime as dt
    import tempfile
    import traceback

    folder = Path(tempfile.gettempdir()) / "planeval-logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"planeval-{command}-{stamp}-{os.getpid()}.log"
    path.write_text(f"planeval {command}\n{traceback.format_exc()}", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.project:
            if not Path(args.project).is_dir():
                raise PlanevalError("找不到项目文件夹", expected=str(Path(args.project).resolve()))
            use(args.project)
        return args.func(args)
    except PlanevalError as exc:
        print(_capped(f"错误：{exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one Chinese line, the traceback in a log file
        try:
            log = f"，详细信息已写入 {_crash_log(args.command)}"
        except OSError:
            log = ""
        what = _capped(f"{type(exc).__name__}: {exc}")[:300]
        print(
            f"错误：planeval {args.command} 意外失败（{what}）{log}。请将该文件发给维护人员。",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
