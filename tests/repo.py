"""This repository is itself a planeval project folder, with the sample plans."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def copy_project(root: Path, plans: list[str]) -> Path:
    """A project folder at `root` with copies of sample plans (parameters and raw data),
    so a test writes processed data and outputs below root only."""
    import shutil

    for plan in plans:
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan, root / "data" / "raw" / plan)
        (root / "parameters").mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / "parameters" / f"{plan}.yaml", root / "parameters")
    return root
