"""The hostile corpus (tests/hostile_cases.py), run through `planeval validate`.

Every case asserts its outcome and, whatever it is: no traceback, data/raw
untouched, nothing written outside the project's outputs/ and data/processed/,
and no processed data at all when the outcome is an error.
"""

from __future__ import annotations

import collections
import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from hostile_cases import CASES, Case, copy_sample
from planeval.cli import main
from planeval.data.plandata import PlanData


def snapshot(root: Path, skip: tuple[Path, ...]) -> dict[str, str]:
    """Every entry under root (not following links, never opening pipes or devices)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if any(here == s or here.is_relative_to(s) for s in skip):
            dirnames[:] = []
            continue
        for name in filenames + dirnames:
            p = here / name
            if p in skip:
                continue
            st = p.lstat()
            if stat.S_ISREG(st.st_mode):
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                out[str(p)] = "link:" + os.readlink(p)
            else:
                out[str(p)] = f"mode:{stat.S_IFMT(st.st_mode)}"
    return out


def _run(case: Case, tmp_path: Path, capsys) -> tuple[int, str, str, object]:
    project = copy_sample(case.plan, tmp_path / "project")
    case.mutate(project)
    skip = (project.root / "outputs", project.root / "data" / "processed")
    before = snapshot(tmp_path, skip)
    if case.command == "run":
        argv = ["run", str(project.params), "--output-dir", str(project.root / "outputs")]
    else:
        argv = ["validate", "-v", str(project.params)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert snapshot(tmp_path, skip) == before, "something written outside outputs/, processed/"
    assert not Path("/tmp/planeval-hostile-x").exists()
    return code, out, err, project


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path, capsys):
    code, out, err, project = _run(case, tmp_path, capsys)
    meta = project.processed / "meta.json"
    if case.outcome == "error":
        assert code == 2, (out, err)
        assert err.startswith("错误："), err
        assert case.message in err, err
        for fragment in case.where:
            assert fragment in err, (fragment, err)
        assert not meta.exists(), "an error must leave no processed data"
        assert not (project.root / "outputs" / "liunan" / "liunan.html").exists()
        assert len(err) < 9000
        return
    assert code == 0, err
    assert "校验通过" in out
    data = PlanData.load(project.processed)
    if case.outcome == "warning":
        lines = [line for line in out.splitlines() if case.message in line]
        assert lines, out[-3000:]
        assert any(all(f in line for f in case.where) for line in lines), (case.where, lines)
    if case.check:
        assert case.check(data) is not False


def test_corpus_size_and_outcomes():
    counts = collections.Counter(c.outcome for c in CASES)
    assert len(CASES) >= 150, counts
    assert len({c.id for c in CASES}) == len(CASES)
    assert min(counts.values()) >= 20, counts


# --- the problem list goes back to the department -----------------------------------


def test_problem_list_names_every_error(tmp_path, capsys):
    project = copy_sample("liunan", tmp_path / "project")
    project.replace("tasks.csv", "按计划推进,64,", "按计划推进,150,")
    project.replace("annual_统计局.csv", "地区生产总值,2022,800.2,", "地区生产总值,2022,约800,")
    project.replace("survey.csv", "营商环境,412,225,134,53", "营商环境,412,225,134,-53")
    assert main(["validate", str(project.params)]) == 2
    err = capsys.readouterr().err
    assert "发现 3 处错误" in err
    path = project.root / "outputs" / "liunan" / "问题清单.xlsx"
    assert f"问题清单已写入 {path}" in err
    ws = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["序号", "类别", "文件", "工作表", "行", "列", "内容", "问题", "处理建议"]
    errors = {(r[2], r[4], r[5]): r for r in rows[1:] if r[1] == "错误"}
    assert set(errors) == {
        ("annual_统计局.csv", 13, "数值"),
        ("tasks.csv", 2, "完成率"),
        ("survey.csv", 2, "不满意"),
    }
    assert errors[("annual_统计局.csv", 13, "数值")][6] == "约800"
    assert "预计数" in errors[("annual_统计局.csv", 13, "数值")][8]
    assert any(r[1] == "提示" for r in rows[1:])  # the warnings go back too


def test_problem_list_keeps_formulas_as_text(tmp_path, capsys):
    project = copy_sample("liunan", tmp_path / "project")
    project.replace("tasks.csv", "按计划推进,64,", '"=HYPERLINK(""http://x"",""点击"")",64,')
    assert main(["validate", str(project.params)]) == 2
    capsys.readouterr()
    ws = openpyxl.load_workbook(project.root / "outputs" / "liunan" / "问题清单.xlsx").active
    cell = ws.cell(2, 7)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_clean_validate_after_fix_removes_stale_problem_list(tmp_path, capsys):
    project = copy_sample("hebei", tmp_path / "project")
    listing = project.root / "outputs" / "hebei" / "问题清单.xlsx"
    listing.parent.mkdir(parents=True)
    listing.write_bytes(b"stale")
    assert main(["validate", str(project.params)]) == 0
    assert not listing.exists()  # hebei has no warnings at all


# --- no traceback: an unexpected exception ------------------------------------------


def test_unexpected_error_prints_one_line_and_a_log(tmp_path, capsys, monkeypatch):
    import planeval.data.ingest as ingest

    def broken(config):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(ingest, "ingest_plan", broken)
    project = copy_sample("liunan", tmp_path / "project")
    assert main(["validate", str(project.params)]) == 3
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert err.startswith("错误：planeval validate 意外失败（ZeroDivisionError")
    log = Path(err.split("详细信息已写入 ")[1].split("。")[0])
    assert "Traceback" in log.read_text("utf-8") and "broken" in log.read_text("utf-8")
    log.unlink()


def test_message_length_is_capped(tmp_path, capsys):
    from planeval.cli import MAX_MESSAGE

    project = copy_sample("liunan", tmp_path / "project")
    project.append(
        "annual_统计局.csv", "".join(f"指标{'长' * 300}{k},2021,1,,,\n" for k in range(40))
    )
    assert main(["validate", str(project.params)]) == 2
    err = capsys.readouterr().err
    assert len(err) <= MAX_MESSAGE + 200
    assert "字）」" in err and "长" * 300 not in err


# --- a few through a real process -----------------------------------------------------


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        ("fifo", "不是普通文件"),
        ("alias-bomb", "别名（&/*）超过 20 个"),
        ("bad-value", "无法读取数值「约800」"),
    ],
)
def test_real_process_never_hangs_or_shows_a_traceback(tmp_path, mutation, message):
    project = copy_sample("liunan", tmp_path / "project")
    if mutation == "fifo":
        os.mkfifo(project.raw / "annual_pipe.csv")
    elif mutation == "alias-bomb":
        lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
        lines += [
            f"{c}: &{c} [{', '.join(['*' + b] * 9)}]"
            for b, c in zip("abcdefgh", "bcdefghi", strict=True)
        ]
        project.params.write_text(project.params.read_text("utf-8") + "\n".join(lines) + "\n")
    else:
        project.replace("annual_统计局.csv", "2022,800.2,", "2022,约800,")
    run = subprocess.run(
        [sys.executable, "-m", "planeval.cli", "validate", str(project.params)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr


def test_indicator_with_only_its_base_year_is_assessed_and_drawn(tmp_path, capsys):
    """Validate warns; the assessment says 数据不足 and the chart draws (no NaN → int)."""
    from planeval.config import PlanConfig
    from planeval.data.ingest import ingest_plan
    from planeval.method.assess import assess_plan
    from planeval.method.forecast import Forecaster
    from planeval.report import charts

    project = copy_sample("liunan", tmp_path / "project")
    keep = [
        x
        for x in project.text("annual_统计局.csv").splitlines()
        if not (x.startswith("地区生产总值,") and x.split(",")[1] > "2020")
    ]
    project.write("annual_统计局.csv", "\n".join(keep) + "\n")
    monthly = project.text("monthly.csv").splitlines()
    project.write("monthly.csv", "\n".join(x for x in monthly if "地区生产总值" not in x) + "\n")
    config = PlanConfig.load(project.params)
    data = ingest_plan(config)
    assert any("只有 2020 年及以前的数据" in w for w in data.warnings)
    frame = assess_plan(data, config, Forecaster(models=["rw_drift"]))
    row = frame.set_index("indicator_id").loc["gdp"]
    assert row["category"] == "数据不足"
    history = data.annual[data.annual["indicator_id"] == "gdp"]
    fig = charts.indicator_chart(row.to_dict() | {"indicator_id": "gdp"}, history)
    assert fig.axes
