"""The notebooks planeval runs. They ship inside the package (package data), so an
installed planeval runs them on any project folder; `planeval lab` copies the explorer
into the project, where the evaluator can keep their own edits."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from planeval.project import Project

REPORT = "district_report"
PEERS = "peer_comparison"
EXPLORE = "explore"


def notebook(name: str) -> Path:
    """The packaged notebook `name` (district_report, peer_comparison, explore)."""
    return Path(str(files("planeval") / "notebooks" / f"{name}.ipynb"))


def project_copy(name: str, project: Project) -> Path:
    """<project>/notebooks/<name>.ipynb, copied from the package when it is missing."""
    path = project.notebooks / f"{name}.ipynb"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook(name), path)
    return path
