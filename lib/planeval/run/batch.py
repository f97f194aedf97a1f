"""Running the report notebook for many plans: papermill, then nbconvert exports.

One plan is one job in its own process (papermill's working-directory handling
is not thread-safe). A job writes into outputs/<plan>/ through temporary names
and records a fingerprint of its inputs last, so an interrupted run never
leaves a finished-looking output and a rerun skips only plans whose inputs,
parameters and code are unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from planeval.config import PlanConfig, parameters_file
from planeval.errors import Location, PlanevalError
from planeval.outputs import write_text
from planeval.project import current_project
from planeval.report import framework as fw
from planeval.run import notebooks
from planeval.run.nbfiles import skip_iri_format_checks
from planeval.run.parallel import WorkerPool, run_parallel

log = logging.getLogger(__name__)

PEER_ID = "peer_comparison"
FORMATS = ("html", "pdf", "xlsx", "docx")
# Formats that print the charts: without them a report's charts are drawn at screen
# resolution (planeval.report.style.SCREEN_DPI), about a tenth less work and smaller.
PRINT_FORMATS = ("pdf", "docx")
FINGERPRINT = ".fingerprint.json"
PUBLIC_SUFFIX = "_公开版"  # the public version's files: <plan>_公开版.html/.pdf/.docx
PUBLIC_FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class Job:
    """One notebook run: its parameters, the input files it depends on, where it writes."""

    plan_id: str
    title: str
    notebook: Path
    parameters: dict
    inputs: tuple[Path, ...]  # parameter files and data folders
    out_dir: Path
    cwd: Path  # the project folder: the kernel's working directory
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    public: bool = False  # also run the notebook as the public version (公开版)
    after: tuple[str, ...] = ()  # plans of the batch to build first (its annexes)


@dataclass
class Result:
    plan_id: str
    status: str  # "ok" | "skipped" | "failed"
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    error: str = ""
    failed_cell: str = ""
    partial_notebook: str = ""
    categories: dict[str, int] = field(default_factory=dict)
    region: str = ""
    kernel_fallback: str = ""  # why the worker's reused kernel was replaced for this plan


def report_job(params_path: Path, outputs: Path, formats=FORMATS, force=False, public=False) -> Job:
    """The district report of one plan: the notebook gets only the parameters file (every
    other value comes from it, so a run cannot pair one plan's name with another's data).
    With `public` (or ``public: true`` in the file) its public version is run too."""
    config = PlanConfig.load(params_path)
    out_dir = outputs / config.plan_id
    values = {"params": str(params_path.resolve()), "output_dir": str(out_dir)}
    if not set(formats) & set(PRINT_FORMATS):
        values["screen_only"] = True
    inputs = (params_path.resolve(), config.data_dir)
    if config.framework and not fw.is_name(config.framework):  # the plan's own framework file
        inputs += (Path(config.framework),)
    for annex in config.annex_plans:  # an annexed special plan's change reruns the 纲要
        annex_params = params_path.resolve().parent / f"{annex}.yaml"
        if not annex_params.is_file():
            raise PlanevalError(
                f"附件专项规划「{annex}」没有参数文件",
                Location(file=params_path),
                expected=f"{annex_params}（annex_plans 中的规划代码）",
            )
        inputs += (annex_params, PlanConfig.load(annex_params).data_dir)
    if config.benchmarks and not config.benchmarks.is_relative_to(config.data_dir):
        inputs += (config.benchmarks,)  # a 标兵城市 file kept beside the data folders
    return Job(
        config.plan_id,
        config.plan_name if config.plan_type == "special" else config.region,
        notebooks.notebook(notebooks.REPORT),
        values,
        inputs,
        out_dir,
        config.project.root,
        tuple(formats),
        force,
        public=bool(public or config.public),
        after=config.annex_plans,
    )


def peer_job(reports: list[Job], outputs: Path, formats=FORMATS, force=False) -> Job:
    """The peer comparison over the plans of a batch. It reads the assessment.csv each
    report writes, so it runs after them (`run_jobs`) and reruns when one changes."""
    params = [Path(j.parameters["params"]) for j in reports]
    out_dir = outputs / PEER_ID
    values = {
        "plans": [str(p) for p in params],
        "config_dir": str(params[0].parent),
        "outputs_dir": str(outputs),
        "output_dir": str(out_dir),
    }
    written = tuple(j.out_dir / "assessment.csv" for j in reports)
    inputs = tuple(p for j in reports for p in j.inputs) + written
    fmts = tuple(f for f in formats if f != "xlsx")
    notebook = notebooks.notebook(notebooks.PEERS)
    return Job(PEER_ID, "横向比较", notebook, values, inputs, out_dir, reports[0].cwd, fmts, force)


def _hash_path(path: Path, h) -> None:
    if not path.exists():  # an input a failed report did not write
        h.update(f"missing:{path.name}".encode())
        return
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if "__pycache__" in f.parts:
            continue
        h.update(str(f.relative_to(path) if path.is_dir() else f.name).encode())
        h.update(f.read_bytes())


def fingerprint(job: Job) -> str:
    """Inputs, parameters and code: a job reruns when any of them changes."""
    h = hashlib.sha256()
    # Where the outputs go is not an input: moving the outputs folder must not rerun.
    params = {k: v for k, v in job.parameters.items() if k != "output_dir"}
    h.update(json.dumps(params, sort_keys=True, ensure_ascii=False).encode())
    h.update(",".join(job.formats).encode())
    h.update(b"public" if job.public else b"")
    for path in (*job.inputs, job.notebook, Path(__file__).resolve().parents[1]):
        _hash_path(Path(path), h)
    return h.hexdigest()


def expected_outputs(job: Job) -> dict[str, Path]:
    kinds = ("ipynb", *job.formats)
    paths = {kind: _output_path(job.out_dir, job.plan_id, kind) for kind in kinds}
    if job.public:
        public = job.out_dir / f"{job.plan_id}{PUBLIC_SUFFIX}"
        paths["public_ipynb"] = public.with_suffix(".ipynb")
        for fmt in (f for f in job.formats if f in PUBLIC_FORMATS):
            paths[f"public_{fmt}"] = public.with_suffix(f".{fmt}")
    return paths


def _output_path(out_dir: Path, plan_id: str, kind: str) -> Path:
    if kind == "xlsx":
        return out_dir / f"{plan_id}_主要指标完成情况表.xlsx"
    return out_dir / f"{plan_id}.{kind}"


def run_plan(job: Job) -> Result:
    """Execute and export one job. Never raises: failures come back in the Result."""
    skip_iri_format_checks()  # before papermill imports nbformat
    from papermill.exceptions import PapermillExecutionError

    from planeval.run.papermill_params import register as register_translator

    result = Result(job.plan_id, "ok", region=job.title)
    try:
        stamp = job.out_dir / FINGERPRINT
        want = fingerprint(job)
        outputs = expected_outputs(job)
        if not job.force and _finished(stamp, want, outputs):
            result.status = "skipped"
            result.outputs = {k: str(p) for k, p in outputs.items()}
            result.categories = json.loads(stamp.read_text("utf-8")).get("categories", {})
            return result
        job.out_dir.mkdir(parents=True, exist_ok=True)
        stamp.unlink(missing_ok=True)
        _remove_leftovers(job.out_dir)
        register_translator()
        partial = job.out_dir / f".{job.plan_id}.{os.getpid()}.running.ipynb"
        t0 = time.perf_counter()
        try:
            _execute(job, job.parameters, partial, result)
        except PapermillExecutionError as exc:
            failed = job.out_dir / f"{job.plan_id}.failed.ipynb"
            partial.replace(failed)
            _remove_outputs(outputs)
            result.status = "failed"
            result.failed_cell = f"第{exc.exec_count}个代码单元" if exc.exec_count else ""
            result.error = f"{exc.ename}: {exc.evalue}"
            result.partial_notebook = str(failed)
            return result
        partial.replace(outputs["ipynb"])
        result.seconds["execute"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        formats = tuple(f for f in job.formats if f in ("html", "pdf", "docx"))
        if formats:
            from planeval.run.export import export_report

            export_report(outputs["ipynb"], job.out_dir, formats=formats)
        result.seconds["export"] = time.perf_counter() - t0
        if job.public and not _run_public(job, outputs, result):
            return result
        missing = [str(p) for p in outputs.values() if not p.is_file()]
        if missing:
            raise PlanevalError("报告运行结束但缺少输出文件：" + "、".join(missing))
        result.outputs = {k: str(p) for k, p in outputs.items()}
        result.categories = _categories(job.out_dir)
        record = {
            "fingerprint": want,
            "region": job.title,
            "categories": result.categories,
            "outputs": {k: _file_hash(p) for k, p in outputs.items()},
        }
        write_text(stamp, json.dumps(record, ensure_ascii=False))
    except PlanevalError as exc:
        result.status, result.error = "failed", str(exc)
    except Exception as exc:  # a bug, not a user mistake: the traceback goes to a log file
        result.status = "failed"
        result.error = f"{type(exc).__name__}: {str(exc)[:300]}"
        with contextlib.suppress(OSError):
            log = job.out_dir / f"{job.plan_id}.error.log"
            job.out_dir.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
            result.error += f"（详细信息见 {log}）"
    if result.status == "failed":
        _remove_outputs(expected_outputs(job))
    return result


def _remove_outputs(outputs: dict[str, Path]) -> None:
    """A failed run leaves no report that looks finished (an older one would mislead)."""
    for p in outputs.values():
        p.unlink(missing_ok=True)


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files of a run that was killed (kill -9 leaves them behind), and the
    failure records of an earlier run (a fixed plan's folder keeps no failed notebook)."""
    stale = (".*.tmp", ".*.running.ipynb", "*.failed.ipynb", "*.error.log")
    for p in (path for pattern in stale for path in out_dir.glob(pattern)):
        p.unlink(missing_ok=True)


def _run_public(job: Job, outputs: dict[str, Path], result: Result) -> bool:
    """Execute the notebook again as the public version and export it; False (and the
    failure in `result`) if a cell fails."""
    from papermill.exceptions import PapermillExecutionError

    from planeval.run.export import export_report

    t0 = time.perf_counter()
    partial = job.out_dir / f".{job.plan_id}{PUBLIC_SUFFIX}.running.ipynb"
    try:
        _execute(job, {**job.parameters, "public": True}, partial, result)
    except PapermillExecutionError as exc:
        failed = job.out_dir / f"{job.plan_id}{PUBLIC_SUFFIX}.failed.ipynb"
        partial.replace(failed)
        result.status = "failed"
        result.failed_cell = f"公开版第{exc.exec_count}个代码单元" if exc.exec_count else "公开版"
        result.error = f"{exc.ename}: {exc.evalue}"
        result.partial_notebook = str(failed)
        return False
    partial.replace(outputs["public_ipynb"])
    formats = tuple(f for f in job.formats if f in PUBLIC_FORMATS)
    if formats:
        export_report(outputs["public_ipynb"], job.out_dir, formats=formats)
    result.seconds["public"] = time.perf_counter() - t0
    return True


IOPUB_TIMEOUT = 120  # seconds
REUSE_KERNEL = True  # a kernel per worker process, reused across plans (run.kernels)


def _execute(job: Job, parameters: dict, output: Path, result: Result) -> None:
    """Run the job's notebook with papermill into `output` (raises on a failing cell): on
    this worker's reused kernel, or on a fresh kernel when that kernel fails (it died, did
    not reset, timed out); the fallback is logged and kept in `result.kernel_fallback`."""
    if REUSE_KERNEL:
        from papermill.exceptions import PapermillExecutionError

        from planeval.run.kernels import worker_kernel

        kernel = worker_kernel(job.cwd)
        try:
            _execute_reused(job, parameters, output, kernel)
            return
        except PapermillExecutionError:
            raise  # a cell of the notebook failed: the plan's error, not the kernel's
        except Exception as exc:
            reason = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
            log.warning("%s：复用的内核出错（%s），改用新内核重新运行", job.plan_id, reason)
            result.kernel_fallback = reason
            kernel.restart()
    _execute_fresh(job, parameters, output)


def _papermill_options(job: Job, parameters: dict) -> dict:
    return {
        "parameters": parameters,
        "kernel_name": "python3",
        "progress_bar": False,
        "request_save_on_cell_execute": False,  # one save at the end, not per cell
        # nbclient waits 4 s for a cell's last output after its reply; a report's parts
        # cell sends megabytes of charts, which on a busy machine takes longer.
        "iopub_timeout": IOPUB_TIMEOUT,
        "cwd": str(job.cwd),
    }


def _execute_reused(job: Job, parameters: dict, output: Path, kernel) -> None:
    import papermill

    from planeval.run.kernels import ENGINE

    kernel.prepare()
    papermill.execute_notebook(
        str(job.notebook),
        str(output),
        engine_name=ENGINE,
        km=kernel.km,
        **_papermill_options(job, parameters),
    )


def _execute_fresh(job: Job, parameters: dict, output: Path) -> None:
    """A kernel of its own for this run, over local IPC sockets where the OS has them
    (no TCP ports to allocate, no "running over TCP without encryption" warning)."""
    import papermill

    from planeval.run.kernels import kernel_manager_class

    with tempfile.TemporaryDirectory(prefix="planeval-kernel-") as sockets:
        papermill.execute_notebook(
            str(job.notebook),
            str(output),
            kernel_manager_class=kernel_manager_class(Path(sockets)),  # TCP where no IPC
            **_papermill_options(job, parameters),
        )


def _finished(stamp: Path, want: str, outputs: dict[str, Path]) -> bool:
    """Up to date: same inputs and code, and every output still the file this run wrote
    (a damaged, deleted or foreign output is rebuilt)."""
    if not stamp.is_file() or not all(p.is_file() for p in outputs.values()):
        return False
    try:
        record = json.loads(stamp.read_text("utf-8"))
    except (json.JSONDecodeError, OSError):
        return False
    written = record.get("outputs", {})
    return record.get("fingerprint") == want and all(
        written.get(k) == _file_hash(p) for k, p in outputs.items()
    )


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def finished_results(outputs: Path) -> list[Result]:
    """Results of plans finished earlier in `outputs` (their fingerprint records), so an
    overview of a partial batch still lists every plan."""
    found = []
    for stamp in sorted(outputs.glob(f"*/{FINGERPRINT}")):
        try:
            record = json.loads(stamp.read_text("utf-8"))
        except (json.JSONDecodeError, OSError):
            continue
        plan_id = stamp.parent.name
        files = {}
        for kind in record.get("outputs", {}):
            path = _output_path(stamp.parent, plan_id, kind)
            if path.is_file():
                files[kind] = str(path)
        found.append(
            Result(
                plan_id,
                "ok",
                outputs=files,
                categories=record.get("categories", {}),
                region=record.get("region", ""),
            )
        )
    return found


def _categories(out_dir: Path) -> dict[str, int]:
    """Category counts from the assessment the notebook saved beside its outputs."""
    import pandas as pd

    path = out_dir / "assessment.csv"
    if not path.is_file():
        return {}
    counts = pd.read_csv(path)["category"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}


LOCK = ".planeval.lock"


@contextlib.contextmanager
def outputs_lock(outputs: Path):
    """Serialise runs into one outputs folder: a second run stops with a clear message
    instead of interleaving its writes with the first one's. The OS releases the lock
    when the process dies, so kill -9 never leaves a stale lock."""
    outputs.mkdir(parents=True, exist_ok=True)
    fh = open(outputs / LOCK, "a+")  # noqa: SIM115 (held for the whole run)
    try:
        try:
            _lock_file(fh)
        except OSError:
            fh.seek(0)
            owner = fh.read().strip()
            raise PlanevalError(
                "另一个 planeval 运行正在写入这个输出文件夹"
                + (f"（进程 {owner}）" if owner else ""),
                Location(outputs),
                expected="等它结束后再运行，或用 --output-dir 指定另一个文件夹",
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


def _lock_file(fh) -> None:
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        # A POSIX record lock belongs to this process only: forked workers do not
        # inherit it, so it goes away the moment this process dies (kill -9 included).
        fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def make_jobs(
    plans: Iterable[str],
    formats=FORMATS,
    force=False,
    outputs: Path | None = None,
    peers=True,
    public=False,
) -> list[Job]:
    """A report job per plan (id or parameters file), and the peer comparison of them."""
    jobs = []
    outputs = outputs or current_project().outputs
    for plan in plans:
        path = Path(plan)
        params = path if path.suffix in {".yaml", ".yml"} else parameters_file(plan)
        if not params.is_file():
            raise PlanevalError(f"找不到规划「{plan}」的参数文件", expected=str(params))
        jobs.append(report_job(params.resolve(), outputs.resolve(), formats, force, public))
    comparable = _comparable(jobs) if peers else []
    if len(comparable) >= 2:
        jobs.append(peer_job(comparable, outputs.resolve(), formats, force))
    return jobs


def _comparable(jobs: list[Job]) -> list[Job]:
    """The plans the peer comparison can set side by side: the largest group of one period
    and one forward-looking evaluation point (a final evaluation has no required growth)."""
    from planeval.config import PlanConfig
    from planeval.method.evaluation import evaluation_point

    groups: dict[tuple[str, str], list[Job]] = {}
    for job in jobs:
        try:
            config = PlanConfig.load(job.parameters["params"])
        except PlanevalError:
            groups.setdefault(("", ""), []).append(job)  # its own run reports the error
            continue
        if config.plan_type == "special":
            continue  # a 专项规划 is not a district beside the others
        if evaluation_point(config.evaluation).forecasts:
            groups.setdefault((config.period, config.evaluation), []).append(job)
    return max(groups.values(), key=len, default=[])


def run_jobs(jobs: list[Job], workers: int = 2, scheduler: str | None = None) -> Iterator[Result]:
    """Results as plans finish, in parallel processes or on a Dask cluster; a 纲要 that
    annexes special plans of the batch runs after them (in a later wave), and the peer
    comparison after every report, whose assessment.csv it reads."""
    reports = [j for j in jobs if j.plan_id != PEER_ID]
    later = [j for j in jobs if j.plan_id == PEER_ID]
    try:
        # One pool for every wave: its workers' kernels and browsers serve them all.
        with WorkerPool(workers if len(jobs) > 1 else 1) as pool:
            for wave in waves(reports) + ([later] if later else []):
                yield from run_parallel(run_plan, wave, _crashed, workers, scheduler, pool)
    finally:
        # Plans run in this process (one worker) leave a kernel here: a later batch in
        # the same session gets a new one, which has read nothing of this one's files.
        from planeval.run.kernels import close_worker_kernels

        close_worker_kernels()


def waves(jobs: list[Job]) -> list[list[Job]]:
    """Jobs in order of their `after` plans: each wave needs only earlier waves."""
    ids = {j.plan_id for j in jobs}
    done: set[str] = set()
    remaining, out = list(jobs), []
    while remaining:
        ready = [j for j in remaining if not (set(j.after) & ids) - done] or remaining
        out.append(ready)
        done |= {j.plan_id for j in ready}
        remaining = [j for j in remaining if j not in ready]
    return out


def _crashed(job: Job, exc: BaseException) -> Result:
    return Result(job.plan_id, "failed", error=f"工作进程意外退出：{type(exc).__name__}: {exc}")
