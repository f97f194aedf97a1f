"""The district report notebook, executed by papermill for every sample plan.

Each run writes into its own tmp_path (outputs, processed data), so the tests can run
in parallel (pytest -n 2). The kernel's working directory is tmp_path and config_dir
is left at its default: the notebook must resolve its paths against notebooks/.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
import yaml

from planeval.config import PROJECT_ROOT, all_plan_ids, parameters_file
from planeval.run.papermill_params import register

NOTEBOOK = PROJECT_ROOT / "notebooks" / "district_report.ipynb"
HIDDEN_TAGS = {"parameters", "injected-parameters", "machinery"}
HEADINGS = [
    "摘要",
    "一、规划实施总体进展情况",
    "（一）主要目标指标进展",
    "（二）重大战略任务推进",
    "（三）重大工程项目进展",
    "二、规划实施面临的主要问题和风险挑战",
    "（一）外部环境变化情况",
    "（二）主要问题和挑战",
    "三、规划中后期主要工作举措",
    "四、进一步推进规划实施的对策建议",
    "附录",
    "（一）评估方法说明",
    "（二）数据来源与口径说明",
]
TEXT_KEYS = {
    "tasks": "重大战略任务推进情况",
    "projects": "重大工程项目进展情况",
    "environment": "外部环境变化情况",
    "problems": "主要问题和挑战",
    "measures": "规划中后期主要工作举措",
    "recommendations": "进一步推进规划实施的对策建议",
}


def execute(plan: str, tmp_path: Path, **overrides) -> tuple[nbformat.NotebookNode, Path]:
    register()
    params = yaml.safe_load(parameters_file(plan).read_text("utf-8"))
    out_dir = tmp_path / "outputs"
    params.update(
        output_dir=str(out_dir),
        processed_dir=str(tmp_path / "processed"),
        report_date="2023-08-31",
        **overrides,
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{plan}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(path),
        parameters=params,
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


def headings(markup: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r"<h[23]>(.*?)</h[23]>", markup)]


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
    region = yaml.safe_load(parameters_file(plan).read_text("utf-8"))["region"]
    assert f"region = '{region}'" in injected.source
    assert "\\u" not in injected.source

    outputs = report_outputs(nb)
    assert 'class="report-title' in outputs[0]["data"]["text/html"]
    markup = report_html(nb)
    found = headings(markup)
    assert is_subsequence(HEADINGS, found), found
    assert found.index("附录") > found.index("四、进一步推进规划实施的对策建议")

    frame = pd.read_csv(out_dir / "assessment.csv").sort_values("order", kind="stable")
    table = re.search(r'<table class="pe-table pe-indicators">.*?</table>', markup, re.S)
    assert table, "主要指标完成情况表 missing"
    assert table.group(0).count('class="pe-indicator-row"') == len(frame)
    categories = [
        re.sub(r"<[^>]+>", "", c)
        for c in re.findall(r'<td class="pe-category"[^>]*>(.*?)</td>', table.group(0))
    ]
    assert categories == list(frame["category"])

    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 3 + len(frame)  # overview charts + one per indicator
    assert (out_dir / f"{plan}_主要指标完成情况表.xlsx").is_file()
    assert len(list((out_dir / "charts").glob("*.png"))) == 3 + len(frame)

    texts = PROJECT_ROOT / "data" / "raw" / plan / "texts"
    for key, words in TEXT_KEYS.items():
        placeholder = f"（待补充：请评估单位补充{words}）"
        assert (placeholder in markup) == (not (texts / f"{key}.md").is_file()), key


def test_evaluator_text_is_escaped_and_missing_text_marked(tmp_path):
    data_dir = tmp_path / "raw"
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


@pytest.mark.parametrize("cwd", ["root", "notebooks", "elsewhere"])
def test_parameters_resolve_against_notebooks_folder(cwd, tmp_path, monkeypatch):
    """`papermill … -f parameters/liunan.yaml` from the repository root, from notebooks/
    (JupyterLab) or anywhere else gives the same paths."""
    from planeval.report.document import notebook_settings

    monkeypatch.chdir(
        {"root": PROJECT_ROOT, "notebooks": NOTEBOOK.parent, "elsewhere": tmp_path}[cwd]
    )
    namespace = yaml.safe_load(parameters_file("liunan").read_text("utf-8"))
    namespace.update(config_dir="../parameters", output_dir=None, report_date=None)
    config, out_dir, date = notebook_settings(namespace)
    assert config.data_dir == PROJECT_ROOT / "data" / "raw" / "liunan"
    assert out_dir == PROJECT_ROOT / "outputs" / "liunan"
    assert date is None
