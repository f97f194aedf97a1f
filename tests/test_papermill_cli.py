"""The plain papermill command writes Chinese parameters literally (entry-point hook)."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import pytest

from planeval.run.notebooks import REPORT, notebook
from repo import PROJECT_ROOT


@pytest.mark.skipif(shutil.which("papermill") is None, reason="papermill CLI not on PATH")
def test_papermill_cli_keeps_chinese_parameters(tmp_path):
    out = tmp_path / "report.ipynb"
    subprocess.run(
        [
            "papermill",
            str(notebook(REPORT)),
            str(out),
            "-f",
            str(PROJECT_ROOT / "parameters" / "liunan.yaml"),
            "--prepare-only",
        ],
        check=True,
        capture_output=True,
    )
    nb = nbformat.read(out, as_version=4)
    (injected,) = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert "region = '柳南区'" in injected.source
    assert "\\u" not in injected.source
