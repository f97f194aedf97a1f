"""Faults: two runs into one outputs folder, a failing plan's old outputs, moved outputs.

(The kill -9 and rerun case is `test_batch.py::test_interrupted_batch_reruns_to_the_same_outputs`.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from planeval.cli import main
from planeval.errors import PlanevalError
from planeval.run.batch import LOCK, Job, fingerprint, outputs_lock, run_plan

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from planeval.run.batch import outputs_lock
    with outputs_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(120)
    """
)


@pytest.fixture
def lock_holder(tmp_path):
    outputs = tmp_path / "outputs"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(outputs)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    yield outputs, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_second_run_into_the_same_outputs_stops_with_a_clear_message(lock_holder, capsys):
    outputs, proc = lock_holder
    params = Path(__file__).parents[1] / "parameters" / "liunan.yaml"
    code = main(["run", str(params), "--output-dir", str(outputs), "--formats", "html"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"另一个 planeval 运行正在写入这个输出文件夹（进程 {proc.pid}）" in err
    assert "--output-dir" in err and "Traceback" not in err
    assert sorted(p.name for p in outputs.iterdir()) == [LOCK]  # nothing else was written


def test_lock_of_a_killed_run_is_released(lock_holder):
    outputs, proc = lock_holder
    with pytest.raises(PlanevalError, match="另一个 planeval 运行"), outputs_lock(outputs):
        pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with outputs_lock(outputs):  # the OS dropped the dead process's lock
        assert (outputs / LOCK).read_text() == str(os.getpid())


def _failing_job(tmp_path: Path) -> Job:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise ValueError('数据有误')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook = tmp_path / "bad.ipynb"
    nbformat.write(nb, notebook)
    params = tmp_path / "p.yaml"
    params.write_text("x: 1\n", "utf-8")
    out_dir = tmp_path / "outputs" / "bad"
    return Job("bad", "坏区", notebook, {"x": 2}, (params,), out_dir, tmp_path, ("html",))


def test_failing_plan_leaves_no_output_that_looks_finished(tmp_path):
    job = _failing_job(tmp_path)
    job.out_dir.mkdir(parents=True)
    # A previous successful run's outputs, and a killed run's temporary files.
    for name in (
        "bad.ipynb",
        "bad.html",
        ".fingerprint.json",
        ".bad.123.running.ipynb",
        ".x.9.tmp",
    ):
        (job.out_dir / name).write_text("old", "utf-8")
    result = run_plan(job)
    assert result.status == "failed"
    assert (
        "数据有误" in result.error and result.failed_cell == "第3个代码单元"
    )  # after the injected cell
    assert sorted(p.name for p in job.out_dir.iterdir()) == ["bad.failed.ipynb"]


def test_fingerprint_does_not_depend_on_the_outputs_folder(tmp_path):
    job = _failing_job(tmp_path)
    moved = Job(**{**job.__dict__, "out_dir": tmp_path / "elsewhere" / "bad"})
    moved.parameters["output_dir"] = str(moved.out_dir)
    job.parameters["output_dir"] = str(job.out_dir)
    assert fingerprint(job) == fingerprint(moved)
    changed = Job(**{**job.__dict__, "parameters": {**job.parameters, "x": 3}})
    assert fingerprint(changed) != fingerprint(job)


def test_temporary_names_are_unique_per_process(tmp_path, monkeypatch):
    from planeval.data.plandata import _atomic
    from planeval.outputs import write_text  # the one helper every output goes through

    temp_names = []
    real_replace = os.replace

    def replace(src, dst):
        temp_names.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    write_text(tmp_path / "stamp.json", json.dumps({}))
    _atomic(tmp_path / "meta.json", lambda p: p.write_text("{}", "utf-8"))
    assert temp_names[0].startswith(f".stamp.json.{os.getpid()}.")
    assert temp_names[0].endswith(".tmp")
    assert (tmp_path / "meta.json").read_text("utf-8") == "{}"
    assert not list(tmp_path.glob(".*"))  # every temporary file renamed into place
