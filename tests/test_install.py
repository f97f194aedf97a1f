"""planeval installed from its wheel (not editable) works on a project folder anywhere.

The wheel is built from this checkout and installed with pip into a fresh virtual
environment; that environment borrows the already installed dependencies through a
.pth file and JUPYTER_PATH (the point is the package and its data, not downloading
pandas again).
Then, in a project folder outside the repository, as a new user would: `planeval new`,
fill the generated indicator table, send annual data, `validate`, `assess`, `run`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from repo import PROJECT_ROOT

pytestmark = pytest.mark.xdist_group("install")

INDICATORS = [
    # 序号, 指标代码, 类别, 指标名称, 单位, 目标总量, 年均增长, 属性, 可比价
    (1, "gdp", "经济发展", "地区生产总值", "亿元", "—", "6%", "预期性", "是"),
    (2, "unemployment", "民生福祉", "城镇调查失业率", "%", "—", "控制在5.5%以内", "约束性", ""),
    (3, "retail", "经济发展", "社会消费品零售总额", "亿元", "—", "8%以上", "预期性", ""),
]
ANNUAL = """\
指标名称,年份,数值,增速
地区生产总值,2017,380,7.1
地区生产总值,2018,405,6.8
地区生产总值,2019,428,6.2
地区生产总值,2020,440,2.5
地区生产总值,2021,472,7.2
地区生产总值,2022,490,3.6
城镇调查失业率,2018,4.6,
城镇调查失业率,2019,4.5,
城镇调查失业率,2020,5.1,
城镇调查失业率,2021,4.9,
城镇调查失业率,2022,5.0,
社会消费品零售总额,2017,150,
社会消费品零售总额,2018,161,
社会消费品零售总额,2019,172,
社会消费品零售总额,2020,165,
社会消费品零售总额,2021,180,
社会消费品零售总额,2022,186,
"""


def _run(cmd: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv with the planeval wheel installed."""
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    shutil.copytree(
        PROJECT_ROOT / "lib",
        src / "lib",
        ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, src / name)
    pip = [sys.executable, "-m", "pip"]
    built = _run([*pip, "wheel", "--no-deps", "-q", "-w", str(tmp), "."], src, os.environ.copy())
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp.glob("planeval-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "planeval/notebooks/district_report.ipynb" in names
    assert "planeval/templates/narrative/labels.j2" in names

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = _run(
        [*pip, "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        tmp,
        os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "_planeval_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def test_wheel_runs_a_new_plan_outside_the_checkout(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PLANEVAL_PROJECT", "PYTHONPATH")}
    env["PATH"] = f"{installed}{os.pathsep}{env['PATH']}"
    # The borrowed dependencies' data files (nbconvert's templates) stay in their prefix.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    planeval = [str(installed / "planeval")]
    project = tmp_path / "某某咨询" / "某某区评估"
    project.mkdir(parents=True)

    where = _run(
        [str(installed / "python"), "-c", "import planeval; print(planeval.__file__)"], project, env
    )
    assert str(installed.parent) in where.stdout  # the wheel, not this checkout
    version = _run([*planeval, "--version"], project, env)
    assert version.stdout.startswith("planeval ")

    new = _run([*planeval, "new", "moumou", "--name", "某某区", "--parent", "某某市"], project, env)
    assert new.returncode == 0, new.stderr
    assert "下一步" in new.stdout
    params = project / "parameters" / "moumou.yaml"
    assert "plan_id: moumou" in params.read_text("utf-8")
    raw = project / "data" / "raw" / "moumou"

    book = openpyxl.load_workbook(raw / "indicators.xlsx")
    assert book.sheetnames == ["主要指标", "填表说明"]
    sheet = book["主要指标"]
    header = [c.value for c in sheet[2]]
    for i, (order, code, group, name, unit, total, growth, attr, real) in enumerate(INDICATORS):
        values = {
            "序号": order,
            "指标代码": code,
            "类别": group,
            "指标名称": name,
            "单位": unit,
            "目标总量": total,
            "年均增长": growth,
            "属性": attr,
            "可比价": real or None,
        }
        for col, value in values.items():
            sheet.cell(row=3 + i, column=header.index(col) + 1, value=value)
    book.save(raw / "indicators.xlsx")
    (raw / "annual_统计局.csv").write_text(ANNUAL, "utf-8")

    validate = _run([*planeval, "validate", "moumou"], project, env)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert (project / "data" / "processed" / "moumou").is_dir()

    assess = _run([*planeval, "assess", "moumou", "--format", "csv"], project, env)
    assert assess.returncode == 0, assess.stderr
    frame = pd.read_csv(pd.io.common.StringIO(assess.stdout))
    assert list(frame["indicator_id"]) == ["gdp", "unemployment", "retail"]

    template = _run([*planeval, "template", "moumou", "-o", "完成情况表.xlsx"], project, env)
    assert template.returncode == 0, template.stderr

    run = _run([*planeval, "run", "moumou", "--formats", "html,xlsx"], project, env)
    assert run.returncode == 0, run.stdout + run.stderr
    out = project / "outputs" / "moumou"
    page = (out / "moumou.html").read_text("utf-8")
    assert "某某区" in page and "地区生产总值" in page and "城镇调查失业率" in page
    assert (out / "moumou_主要指标完成情况表.xlsx").is_file()
    # Nothing was written into the installed package or the checkout.
    assert not list(installed.parent.rglob("processed"))
    assert not (PROJECT_ROOT / "data" / "processed" / "moumou").exists()
    assert not (PROJECT_ROOT / "outputs" / "moumou").exists()
