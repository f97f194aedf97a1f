"""The project folder: where a user's parameters, data and outputs live.

An evaluation firm keeps one folder per client; planeval is installed once and works
on whichever folder it is pointed at:

    <project>/parameters/<plan>.yaml     one file per plan
    <project>/data/raw/<plan>/           inputs as received (never written)
    <project>/data/processed/<plan>/     validated tables
    <project>/outputs/                   reports

The project is `--project DIR` (the CLI sets `PLANEVAL_PROJECT`, so notebook kernels
started under it see the same folder), else the `PLANEVAL_PROJECT` environment
variable, else the nearest folder at or above the current directory that has a
`parameters/` folder, else the current directory. The repository itself is one such
project, with the sample plans.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "PLANEVAL_PROJECT"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def parameters(self) -> Path:
        return self.root / "parameters"

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def parameters_file(self, plan_id: str) -> Path:
        return self.parameters / f"{plan_id}.yaml"

    def plan_ids(self) -> list[str]:
        return sorted(p.stem for p in self.parameters.glob("*.yaml"))


def current_project() -> Project:
    """The project commands work on (see the module docstring)."""
    named = os.environ.get(ENV_VAR)
    if named:
        return Project(Path(named).expanduser().resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "parameters").is_dir():
            return Project(folder)
    return Project(here)


def of_parameters_dir(folder: Path) -> Project:
    """The project a parameters file in `folder` belongs to: the folder above its
    `parameters/`, so a plan's processed data and outputs stay beside its own inputs;
    a parameters file kept anywhere else belongs to the current project."""
    folder = Path(folder).resolve()
    return Project(folder.parent) if folder.name == "parameters" else current_project()


def use(root: str | Path) -> Project:
    """Make `root` the current project for this process and the processes it starts."""
    project = Project(Path(root).expanduser().resolve())
    os.environ[ENV_VAR] = str(project.root)
    return project
