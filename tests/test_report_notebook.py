"""The district report notebook, executed by papermill for every sample plan.

Each run writes into its own tmp_path (outputs, processed data), so the tests can run
in parallel (pytest -n 2). The kernel's working directory is tmp_path and config_dir
is the project folder the parameters file belongs to.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from planeval.config import PlanConfig, all_plan_ids, parameters_file
from planeval.data.ingest import load_plan
from planeval.report.charts import indicator_chart
from planeval.report.consistency import check_chart, check_report
from planeval.report.indicator_table import build_table
from planeval.run.notebooks import REPORT, notebook
from planeval.run.papermill_params import register
from repo import PROJECT_ROOT, execute_notebook, plan_headings, top_headings

NOTEBOOK = notebook(REPORT)
HIDDEN_TAGS = {"parameters", "injected-parameters", "machinery"}
FINAL_CATEGORIES = {"已完成", "基本完成", "未完成", "需人工判断", "数据不足"}


def execute(plan: str, tmp_path: Path, **overrides) -> tuple[nbformat.NotebookNode, Path]:
    """Run the report notebook the way the batch does: one parameters file (a copy of the
    sample's, with `overrides` and processed data under tmp_path) and an output folder."""
    register()
    values = yaml.safe_load(parameters_file(plan).read_text("utf-8"))
    # Paths must stay inside the project folder (tmp_path): a copy of the plan's data.
    data_dir = tmp_path / "data" / "raw" / plan
    if "data_dir" not in overrides:
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan, data_dir)
    values["data_dir"] = str(data_dir)
    # Annexes are replayed from the special plans' own runs (tested with the batch).
    values.pop("annex_plans", None)
    values.update(processed_dir=str(tmp_path / "processed"), **overrides)
    params = tmp_path / "parameters" / f"{plan}.yaml"
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(yaml.safe_dump(values, allow_unicode=True), "utf-8")
    out_dir = tmp_path / "outputs"
    path = tmp_path / f"{plan}.ipynb"
    execute_notebook(
        NOTEBOOK,
        path,
        parameters={"params": str(params), "output_dir": str(out_dir), "report_date": "2023-08-31"},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    return nbformat.read(path, as_version=4), out_dir


def report_outputs(nb) -> list[dict]:
    return [
        output
        for cell in nb.cells
        if not HIDDEN_TAGS & set(cell.metadata.get("tags", []))
        for output in cell.get("outputs", [])
    ]


def report_html(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for o in report_outputs(nb))


def headings(markup: str, levels: str = "23") -> list[str]:
    pattern = rf"<h[{levels}]>(.*?)</h[{levels}]>"
    return [html.unescape(h) for h in re.findall(pattern, markup)]


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    it = iter(seen)
    return all(any(s == w for s in it) for w in wanted)


@pytest.mark.parametrize("plan", all_plan_ids())
def test_report_executes_for_sample_plan(plan, tmp_path):
    nb, out_dir = execute(plan, tmp_path)

    everything = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert not [o for o in everything if o.output_type == "error"]
    assert not [o for o in everything if o.output_type == "stream" and o.name == "stderr"]

    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    # The run record names the plan once: its parameters file.
    assert f"params = '{tmp_path / 'parameters' / plan}.yaml'" in injected.source
    region = yaml.safe_load(parameters_file(plan).read_text("utf-8"))["region"]

    final = yaml.safe_load(parameters_file(plan).read_text("utf-8")).get("evaluation") == "final"
    outputs = report_outputs(nb)
    assert 'class="report-title' in outputs[0]["data"]["text/html"]
    assert region in outputs[0]["data"]["text/html"]
    markup = report_html(nb)
    found = headings(markup)
    # The plan's framework: its parts exactly, its （一） headings in order.
    assert headings(markup, "2") == top_headings(plan)
    assert is_subsequence(plan_headings(plan), found), found

    frame = pd.read_csv(out_dir / "assessment.csv").sort_values("order", kind="stable")
    table = re.search(r'<table class="pe-table pe-indicators">.*?</table>', markup, re.S)
    assert table, "主要指标完成情况表 missing"
    assert table.group(0).count('class="pe-indicator-row"') == len(frame)
    categories = [
        re.sub(r"<[^>]+>", "", c)
        for c in re.findall(r'<td class="pe-category"[^>]*>(.*?)</td>', table.group(0))
    ]
    assert categories == list(frame["category"])

    config = PlanConfig.load(tmp_path / "parameters" / f"{plan}.yaml")
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    overview = 2 if final else 3  # a final evaluation has no growth-still-required chart
    # one chart per indicator; a 年度监测 draws only the indicators it analyses
    analysed = len(frame)
    if config.evaluation == "monitoring":
        watch = set(config.monitoring_watch)
        analysed = int((frame["category"].isin(watch) | frame["outlook"].isin(watch)).sum())
        assert 0 < analysed < len(frame)
    assert len(images) == overview + analysed
    assert (out_dir / f"{plan}_主要指标完成情况表.xlsx").is_file()
    assert len(list((out_dir / "charts").glob("*.png"))) == overview + analysed

    # The consistency checker over the whole narrative and every indicator chart.
    assert check_report(markup, frame, config.outlook_unlikely) == []
    if final:
        # E = 1, the final words, no forecast and no outlook
        assert set(frame["category"]) <= FINAL_CATEGORIES
        assert (frame["E"].dropna() == 1).all()
        assert frame["outlook"].isna().all()
        assert not [c for c in frame.columns if c.startswith("forecast_")]
        assert "预测" not in table.group(0)
        assert "“十四五”规划实施总结评估报告" in outputs[0]["data"]["text/html"]
    else:
        assert frame["outlook"].notna().all()
    data = load_plan(config)
    table = build_table(frame, data, config)
    drawn = []
    for i, (_, row) in enumerate(frame.iterrows()):
        history = data.annual[data.annual["indicator_id"] == row["indicator_id"]]
        cells = {k: c.text for k, c in table.rows[i].items()}
        drawn += [
            f"{row['name']}: {p}" for p in check_chart(indicator_chart(row, history), row, cells)
        ]
    assert drawn == []
    assert (out_dir / f"{plan}_数据核查.xlsx").is_file()

    assert "待补充" not in markup  # every sample plan's evaluator texts are written


def test_evaluator_text_is_escaped_and_missing_text_marked(tmp_path):
    data_dir = tmp_path / "run" / "raw"
    shutil.copytree(PROJECT_ROOT / "data" / "raw" / "liunan", data_dir)
    problems = data_dir / "texts" / "problems.md"
    problems.write_text(
        problems.read_text("utf-8") + "\n\n风险提示<script>alert(1)</script>\n", "utf-8"
    )
    (data_dir / "texts" / "measures.md").unlink()

    nb, _ = execute("liunan", tmp_path / "run", data_dir=str(data_dir))

    markup = report_html(nb)
    assert "风险提示&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<script>alert(1)" not in markup
    assert "（待补充：请评估单位补充规划中后期主要工作举措）" in markup


@pytest.mark.parametrize("cwd", ["root", "data", "elsewhere"])
def test_plan_id_resolves_in_the_project(cwd, tmp_path, monkeypatch):
    """`plan_id = "liunan"` finds parameters/liunan.yaml of the project from its root, from a
    folder inside it (JupyterLab's kernel cwd) or, with PLANEVAL_PROJECT, from anywhere."""
    from planeval.report.document import notebook_settings

    monkeypatch.delenv("PLANEVAL_PROJECT", raising=False)
    if cwd == "elsewhere":
        monkeypatch.setenv("PLANEVAL_PROJECT", str(PROJECT_ROOT))
    monkeypatch.chdir(
        {"root": PROJECT_ROOT, "data": PROJECT_ROOT / "data", "elsewhere": tmp_path}[cwd]
    )
    config, out_dir, date = notebook_settings({"plan_id": "liunan", "params": ""})
    assert config.data_dir == PROJECT_ROOT / "data" / "raw" / "liunan"
    assert config.processed == PROJECT_ROOT / "data" / "processed" / "liunan"
    assert out_dir == PROJECT_ROOT / "outputs" / "liunan"
    assert date is None


def test_notebook_cannot_mix_plans(tmp_path, monkeypatch):
    """The trap of the old notebook: `-p plan_id nankai` ran 柳南区's defaults. Now the plan
    is named once and everything else comes from its file; a plan_id that disagrees with
    the parameters file is refused, and no plan named means a clear message."""
    from planeval.errors import PlanevalError
    from planeval.report.document import notebook_settings

    monkeypatch.chdir(PROJECT_ROOT)
    config, out_dir, _ = notebook_settings({"plan_id": "nankai"})
    assert (config.plan_id, config.region) == ("nankai", "南开区")
    assert out_dir == PROJECT_ROOT / "outputs" / "nankai"
    liunan = str(PROJECT_ROOT / "parameters" / "liunan.yaml")
    with pytest.raises(PlanevalError, match="不一致"):
        notebook_settings({"plan_id": "nankai", "params": liunan})
    with pytest.raises(PlanevalError, match="plan_id") as err:
        notebook_settings({"plan_id": "", "params": ""})
    assert "nankai" in str(err.value)


def test_papermill_plan_id_runs_that_plan(tmp_path):
    """`papermill district_report.ipynb x.ipynb -p plan_id nankai` in a project: the report
    is 南开区's, with its own indicators, written to outputs/nankai."""
    project = tmp_path / "project"
    (project / "parameters").mkdir(parents=True)
    for plan in ("liunan", "nankai"):
        values = yaml.safe_load(parameters_file(plan).read_text("utf-8"))
        # a copy of the data: parameter paths must stay inside the project folder
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan, project / "data" / "raw" / plan)
        values["data_dir"] = f"../data/raw/{plan}"
        (project / "parameters" / f"{plan}.yaml").write_text(
            yaml.safe_dump(values, allow_unicode=True), "utf-8"
        )
    register()
    out = tmp_path / "x.ipynb"
    execute_notebook(
        NOTEBOOK,
        out,
        parameters={"plan_id": "nankai", "report_date": "2023-08-31"},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(project),
    )
    markup = report_html(nbformat.read(out, as_version=4))
    assert "南开区" in markup and "柳南区" not in markup
    frame = pd.read_csv(project / "outputs" / "nankai" / "assessment.csv")
    assert len(frame) == 26
    assert not (project / "outputs" / "liunan").exists()
