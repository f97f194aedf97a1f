"""One kernel per worker, reused across plans: the second notebook runs in the same
kernel process but sees nothing of the first one's namespace, its execution counts
start at 1 again, and papermill's record (parameters, outputs) is as before."""

from __future__ import annotations

import nbformat
import papermill
import pytest

from planeval.run import kernels
from planeval.run.kept import close_kept


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('name = "default"')]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    spec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["kernelspec"] = spec
    nbformat.write(nb, path)
    return path


def _run(kernel, source, output, **parameters):
    kernel.prepare()
    papermill.execute_notebook(
        str(source),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        engine_name=kernels.ENGINE,
        km=kernel.km,
        cwd=str(kernel.cwd),
    )
    return nbformat.read(output, as_version=4)


def _stdout(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


@pytest.fixture
def kernel(tmp_path):
    k = kernels.worker_kernel(tmp_path)
    yield k
    close_kept("kernel")


def test_kernel_is_reused_with_a_clean_namespace(kernel, tmp_path):
    source = _notebook(
        tmp_path / "nb.ipynb",
        "import os\nprint('pid', os.getpid())",
        "print('leak' in globals(), name)\nleak = name",
    )
    first = _run(kernel, source, tmp_path / "a.ipynb", name="甲")
    second = _run(kernel, source, tmp_path / "b.ipynb", name="乙")
    out1, out2 = _stdout(first), _stdout(second)
    assert "False 甲" in out1
    assert "False 乙" in out2  # the first run's `leak` is gone
    pid = [line for line in out1.splitlines() if line.startswith("pid")]
    assert pid and pid[0] in out2  # the same kernel process
    counts = [c.execution_count for c in second.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert second.metadata.papermill.parameters == {"name": "乙"}
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in second.cells)


def test_a_dead_kernel_is_replaced(kernel, tmp_path):
    source = _notebook(tmp_path / "nb.ipynb", "import os\nprint('pid', os.getpid())")
    first = _stdout(_run(kernel, source, tmp_path / "a.ipynb"))
    kernels._in_thread(kernels._maybe_await(kernel.km.shutdown_kernel(now=True)))
    again = _stdout(_run(kernel, source, tmp_path / "b.ipynb"))
    assert "pid" in again and again != first  # a new kernel process ran it
