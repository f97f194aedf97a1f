"""A kernel per worker, reused across plans (`planeval.run.kernels`, `batch._execute`).

The second notebook runs in the same kernel process but sees nothing of the first one's
namespace, its execution counts start at 1 again and papermill's record (parameters,
injected cell) is as before; two sample reports run in a row on one kernel equal their
runs on fresh kernels; a reused kernel that dies gives way to a fresh kernel for that
plan, and the plan still finishes.
"""

from __future__ import annotations

import nbformat
import pytest

from planeval.run import batch, kernels
from repo import PROJECT_ROOT
from test_batch import copy_plans, notebook_text


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('name = "default"')]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    spec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["kernelspec"] = spec
    nbformat.write(nb, path)
    return path


def _job(source, out_dir, cwd, **parameters) -> batch.Job:
    """A batch job running `source` (no exports), as `planeval batch` runs a report."""
    return batch.Job(
        "demo", "示例", source, parameters, (source,), out_dir, cwd, formats=(), force=True
    )


def _stdout(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def _run(job: batch.Job) -> tuple[batch.Result, nbformat.NotebookNode]:
    result = batch.run_plan(job)
    assert result.status == "ok", result.error
    return result, nbformat.read(result.outputs["ipynb"], as_version=4)


@pytest.fixture(autouse=True)
def _own_kernels():
    yield
    kernels.close_worker_kernels()


def test_kernel_is_reused_with_a_clean_namespace(tmp_path):
    source = _notebook(
        tmp_path / "nb.ipynb",
        "import os\nprint('pid', os.getpid(), os.getcwd())",
        "print('leak' in globals(), name)\nleak = name\nos.chdir('/')",
        # a library's warning: Python shows it once per location by default
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\nimport warner\nwarner.warn()",
    )
    (tmp_path / "warner.py").write_text(
        "import warnings\n\ndef warn():\n    warnings.warn('同一警告')\n", "utf-8"
    )
    _, first = _run(_job(source, tmp_path / "a", tmp_path, name="甲"))
    _, second = _run(_job(source, tmp_path / "b", tmp_path, name="乙"))
    out1, out2 = _stdout(first), _stdout(second)
    assert "False 甲" in out1
    assert "False 乙" in out2  # the first run's `leak` is gone
    pid = [line for line in out1.splitlines() if line.startswith("pid")]
    assert pid == [f"pid {pid[0].split()[1]} {tmp_path}"]
    assert pid[0] in out2  # the same kernel process, back in the project folder
    assert "同一警告" in out1 and "同一警告" in out2  # stderr: the warning again
    counts = [c.execution_count for c in second.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert second.metadata.papermill.parameters == {"name": "乙"}
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in second.cells)


def test_a_kernel_that_dies_falls_back_to_a_fresh_one(tmp_path, caplog):
    # The second run in the same kernel process kills it mid-cell; a fresh kernel has
    # never run the notebook, so the plan finishes there.
    source = _notebook(
        tmp_path / "nb.ipynb",
        "import os, sys\n"
        "if getattr(sys, '_ran_before', False):\n"
        "    os._exit(1)\n"
        "sys._ran_before = True\n"
        "print('pid', os.getpid(), name)",
    )
    first, nb1 = _run(_job(source, tmp_path / "a", tmp_path, name="甲"))
    second, nb2 = _run(_job(source, tmp_path / "b", tmp_path, name="乙"))
    assert first.kernel_fallback == ""
    assert "DeadKernelError" in second.kernel_fallback
    assert "demo：复用的内核出错（DeadKernelError" in caplog.text  # said in the log
    assert _stdout(nb2).endswith(" 乙\n") and _stdout(nb1).split()[1] != _stdout(nb2).split()[1]
    third, _ = _run(_job(source, tmp_path / "c", tmp_path, name="丙"))
    assert third.kernel_fallback == ""  # the worker's kernel was replaced, not given up


def test_a_failing_cell_is_the_plans_error_and_the_kernel_goes_on(tmp_path):
    source = _notebook(tmp_path / "nb.ipynb", "assert name != '坏', '参数错误'\nprint(name)")
    failed = batch.run_plan(_job(source, tmp_path / "a", tmp_path, name="坏"))
    assert failed.status == "failed" and "参数错误" in failed.error
    assert failed.kernel_fallback == ""  # not retried on another kernel
    result, nb = _run(_job(source, tmp_path / "b", tmp_path, name="好"))
    assert result.kernel_fallback == "" and "好" in _stdout(nb)


def _report(params, outputs) -> list[str]:
    job = batch.report_job(params, outputs, formats=(), force=True)
    result = batch.run_plan(job)
    assert result.status == "ok" and not result.kernel_fallback, result.error
    csv = (job.out_dir / "assessment.csv").read_text("utf-8")
    return [*notebook_text(job.out_dir / f"{job.plan_id}.ipynb"), csv]


def test_two_reports_on_one_kernel_equal_their_fresh_runs(tmp_path, monkeypatch):
    """liunan then hebei on one reused kernel; each again on a kernel of its own."""
    params = copy_plans(tmp_path, ("liunan", "hebei"))
    assert (PROJECT_ROOT / "parameters" / "hebei.yaml").is_file()
    reused = [_report(params[p], tmp_path / "reused") for p in ("liunan", "hebei")]
    monkeypatch.setattr(batch, "REUSE_KERNEL", False)
    fresh = [_report(params[p], tmp_path / "fresh") for p in ("liunan", "hebei")]
    for plan, r, f in zip(("liunan", "hebei"), reused, fresh, strict=True):
        assert len(r) == len(f) > 3, plan
        differ = [i for i, (a, b) in enumerate(zip(r, f, strict=True)) if a != b]
        assert not differ, (plan, differ, [r[i][:300] for i in differ])
