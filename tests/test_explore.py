"""The interactive explorer: its callbacks as plain functions, and the notebook headless."""

from __future__ import annotations

import shutil

import nbformat
import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text

from planeval import explore
from planeval.cli import build_parser
from planeval.config import PlanConfig
from planeval.data.ingest import load_plan
from planeval.data.targets import TargetKind
from planeval.errors import PlanevalError
from planeval.explore import ExploreApp, Explorer, parse_override
from planeval.method.assess import assess_plan
from planeval.method.forecast import MODELS
from planeval.run import lab
from planeval.run.notebooks import EXPLORE, notebook
from repo import PROJECT_ROOT, copy_project, execute_notebook

NOTEBOOK = notebook(EXPLORE)
LAGGING = "retail_sales"  # liunan 社会消费品零售总额: target 10 %, 7.1 % a year so far


def _copy(plan_id: str, root) -> Explorer:
    """A sample plan copied below `root`, so nothing is written below data/."""
    shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan_id, root / "raw")
    text = (PROJECT_ROOT / "parameters" / f"{plan_id}.yaml").read_text("utf-8")
    params = root / f"{plan_id}.yaml"
    params.write_text(
        text.replace(f"../data/raw/{plan_id}", "raw") + "\nprocessed_dir: processed\n", "utf-8"
    )
    config = PlanConfig.load(params)
    return Explorer(config, load_plan(config))


@pytest.fixture(scope="module")
def liunan(tmp_path_factory) -> Explorer:
    return _copy("liunan", tmp_path_factory.mktemp("liunan"))


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _actual_line(fig) -> tuple[list, list]:
    (line,) = [ln for ln in fig.findobj(Line2D) if ln.get_gid() == "actual"]
    return list(line.get_xdata()), list(line.get_ydata())


# --- indicator, target, model, cutoff --------------------------------------------------


def test_indicators_in_plan_order(liunan):
    choices = liunan.indicators()
    assert choices[0] == ("1. 地区生产总值（亿元）", "gdp")
    assert ("5. 社会消费品零售总额（亿元）", LAGGING) in choices
    assert liunan.cutoff_years() == [2022, 2021]


def test_changing_the_indicator_changes_the_chart(liunan):
    first = liunan.chart(liunan.assess("industrial_output"))
    second = liunan.chart(liunan.assess(LAGGING))
    assert "工业总产值" in _texts(first) and "社会消费品零售总额" in _texts(second)
    assert _actual_line(first)[1] != _actual_line(second)[1]
    assert len(explore.figure_png(second)) > 10_000


def test_target_override_changes_category_and_required_growth(liunan):
    plan = liunan.assess(LAGGING)
    tried = liunan.assess(LAGGING, target_override="年均增长6%")
    assert (plan["category"], tried["category"]) == ("滞后于预期", "快于预期")
    assert plan["required_growth"] > 11 and tried["required_growth"] < 6
    assert tried["target_text"] == "年均增长6%" and plan["target_text"] == "10%"
    panel = liunan.numbers_panel(tried)
    assert "试算目标：<b>年均增长6%</b>（规划目标：10%）" in panel
    assert "快于预期" in panel
    chart_text = " ".join(_texts(liunan.chart(tried)))
    assert "规划目标：年均增长6%" in chart_text and "试算值" in chart_text


def test_invalid_override_is_a_chinese_message(liunan):
    with pytest.raises(PlanevalError, match="无法识别的规划目标写法"):
        liunan.assess(LAGGING, target_override="大概七个点")
    try:
        liunan.assess(LAGGING, target_override="大概七个点")
    except PlanevalError as exc:
        html = explore.error_panel(exc)
    assert "无法识别的规划目标写法：「大概七个点」" in html and "应为" in html
    assert "Traceback" not in html and "unreadable" not in html


def test_model_choice_changes_the_model(liunan):
    auto = liunan.assess(LAGGING)
    holt = liunan.assess(LAGGING, model="holt")
    assert auto["model"] != holt["model"] == MODELS["holt"] == "Holt线性趋势"
    assert "Holt线性趋势" in liunan.numbers_panel(holt)
    with pytest.raises(PlanevalError, match="未知的预测模型"):
        liunan.assess(LAGGING, model="arima")


def test_cutoff_2021_assesses_as_of_then(liunan):
    now = liunan.assess(LAGGING)
    then = liunan.assess(LAGGING, cutoff_year=2021)
    assert (now["latest_year"], then["latest_year"]) == (2022, 2021)
    assert then["E"] == pytest.approx(0.2)
    assert "forecast_2022" in then.index and "forecast_2022" not in now.index
    years = _actual_line(liunan.chart(then))[0]
    assert max(years) == 2021
    assert "评估时点：2021年底" in liunan.numbers_panel(then)
    with pytest.raises(PlanevalError, match="评估时点"):
        liunan.assess(LAGGING, cutoff_year=2020)


def test_numbers_panel_has_the_key_figures(liunan):
    row = liunan.assess(LAGGING)
    panel = liunan.numbers_panel(row)
    for text in (
        "社会消费品零售总额",
        "2022年 300.96 亿元",
        "已实现 7.1%，规划要求 10.0%，低于要求 2.9 个百分点",
        "任务进度",
        "2025年 ",
        "80%区间 [",
        "后3年需年均增长 12.0%",
        "达标概率",
        "约10%",  # worded as the report words it
        "#c8481c",  # 滞后于预期 in its official colour
    ):
        assert text in panel, text
    text = liunan.explanation(row)
    assert "报告表述（草稿）：</b>社会消费品零售总额2022年达到300.96亿元" in text
    assert "说明：" in text


def test_estimate_is_marked(mini_plan):
    mini = Explorer(mini_plan, load_plan(mini_plan))
    row = mini.assess("gdp")  # the test plan's 2022 GDP is a 预计数
    assert row["latest_provenance"] == "estimated"
    assert '2022年 110.00 亿元 <span class="pe-est">（预计数）</span>' in mini.numbers_panel(row)
    assert "110.00*" in explore.status_table(mini.assess_all())


# --- overrides ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "kind", "value"),
    [
        ("年均增长7%", "亿元", TargetKind.CAGR, 7),
        ("7%", "亿元", TargetKind.CAGR, 7),
        ("2200", "亿元", TargetKind.LEVEL, 2200),
        ("65", "%", TargetKind.PP_LEVEL, 65),
        ("9%以上", "元", TargetKind.CAGR_FLOOR, 9),
        ("95以上", "%", TargetKind.PP_LEVEL, 95),  # a target-year level (data/raw/README.md)
        ("稳定在95以上", "%", TargetKind.FLOOR, 95),
        ("4.5以内", "%", TargetKind.CEILING, 4.5),
        ("累计下降13.5%", "吨标准煤/万元", TargetKind.REDUCTION, 13.5),
    ],
)
def test_parse_override(text, unit, kind, value):
    spec = parse_override(text, unit)
    assert spec.kind is kind and spec.value == pytest.approx(value)


def test_override_direction_follows_a_lower_is_better_target(liunan):
    row = liunan.assess("industrial_output", target_override="控制在1500以内")
    assert row["direction"] == "lower" and row["target_kind"] == "ceiling"


# --- whole plan -------------------------------------------------------------------------


def test_assess_all_is_assess_plan(mini_plan):
    data = load_plan(mini_plan)
    ours = Explorer(mini_plan, data).assess_all()
    theirs = assess_plan(data, mini_plan)
    cols = ["indicator_id", "category", "latest_year", "actual_cagr", "R", "model"]
    cols += ["required_growth", "prob_meet", "forecast_2025", "adjustment_flag", "notes"]
    pd.testing.assert_frame_equal(ours[cols], theirs[cols], check_dtype=False)


def test_status_table_sorts(liunan):
    frame = liunan.assess_all()
    order = explore.sort_frame(frame, "category")
    categories = list(order["category"])
    assert categories[0] in ("提前实现", "快于预期", "基本符合预期")
    assert categories[-1] in ("滞后于预期", "需人工判断")
    by_r = explore.sort_frame(frame, "R", ascending=False)["R"].dropna().tolist()
    assert by_r == sorted(by_r, reverse=True)
    html = explore.status_table(frame, "R", ascending=False)
    assert html.count("<tr>") == len(frame) + 1
    names = list(explore.sort_frame(frame, "R", ascending=False)["name"])
    positions = [html.index(f"<td>{n}（") for n in names]
    assert positions == sorted(positions)


# --- widgets -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(liunan) -> ExploreApp:
    return ExploreApp(default_plan="liunan", plans=["liunan"], loader=lambda plan: liunan)


def test_app_draws_default_selection(app):
    assert app.indicator.value == "gdp"
    assert "地区生产总值" in app.panel.value
    (output,) = app.chart_out.outputs
    assert output["data"]["image/png"]


def test_app_callbacks_update_in_place(app):
    app.indicator.value = LAGGING
    assert "<h3>社会消费品零售总额</h3>" in app.panel.value
    app.target.value = "不知道"
    assert "无法识别的规划目标写法" in app.panel.value
    assert "图表仍按规划原目标显示" in app.panel.value
    app.target.value = "年均增长6%"
    assert "快于预期" in app.panel.value
    app.target.value = ""
    app.model.value = "holt"
    assert "Holt线性趋势" in app.panel.value
    app.model.value = explore.AUTO
    app.cutoff.value = 2021
    assert "2021年 " in app.panel.value
    app.cutoff.value = 2022


def test_app_status_tab(app):
    app.tabs.selected_index = 1
    assert app.table.value.count("<tr>") == len(app.explorer.indicators()) + 1
    app.sort_by.value = "category"
    first = app.table.value.index("提前实现") if "提前实现" in app.table.value else 0
    assert first <= app.table.value.index("滞后于预期")
    app.tabs.selected_index = 0


def test_app_plan_change_updates_indicators(liunan, tmp_path):
    explorers = {"liunan": liunan}

    def loader(plan: str) -> Explorer:
        return explorers.get(plan) or explorers.setdefault(plan, _copy(plan, tmp_path))

    app = ExploreApp(default_plan="liunan", plans=["liunan", "nankai"], loader=loader)
    assert [label for label, _ in app.plan.options] == ["柳南区（liunan）", "南开区（nankai）"]
    app.target.value = "年均增长6%"
    app.tabs.selected_index = 1
    app.plan.value = "nankai"
    assert app.table.value.count("<tr>") == len(explorers["nankai"].indicators()) + 1
    nankai = explorers["nankai"]
    assert list(app.indicator.options) == nankai.indicators()
    assert app.indicator.value == nankai.indicators()[0][1]
    assert app.target.value == ""  # an override belongs to one indicator of one plan
    assert f"<h3>{nankai.indicator_name(app.indicator.value)}</h3>" in app.panel.value


# --- notebook and lab ------------------------------------------------------------------


def test_notebook_runs_headless(tmp_path):
    project = copy_project(tmp_path / "project", ["liunan", "nankai"])
    out = tmp_path / "explore.ipynb"
    execute_notebook(
        NOTEBOOK,
        out,
        parameters={"default_plan": "liunan"},
        cwd=str(project / "data"),  # the project is found from a folder inside it
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) == 1


def test_lab_command(tmp_path):
    (tmp_path / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "notebooks")
    server = lab.LabServer(root=tmp_path, port=18999, token="t0k")
    cmd = server.command(open_browser=False)
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and "--ServerApp.port=18999" in cmd
    assert "--IdentityProvider.token=t0k" in cmd and "--no-browser" in cmd
    assert "--LabApp.default_url=/lab/tree/notebooks/explore.ipynb" in cmd
    assert server.lab_url == "http://127.0.0.1:18999/lab/tree/notebooks/explore.ipynb?token=t0k"
    assert "/voila/render/notebooks/explore.ipynb" in server.app_url
    assert "--LabApp.default_url=/voila/render/notebooks/explore.ipynb" in server.command(app=True)
    assert lab.lab_server(root=tmp_path).port >= lab.DEFAULT_PORT
    # A project without the explorer gets the packaged one; an edited copy is kept.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    lab.lab_server(root=fresh)
    copied = fresh / "notebooks" / "explore.ipynb"
    assert copied.read_bytes() == NOTEBOOK.read_bytes()
    copied.write_text("{}", "utf-8")
    lab.lab_server(root=fresh)
    assert copied.read_text("utf-8") == "{}"
    with pytest.raises(PlanevalError, match="找不到项目文件夹"):
        lab.lab_server(root=tmp_path / "nowhere")
    args = build_parser().parse_args(["lab", "--port", "9000", "--no-browser"])
    assert (args.port, args.no_browser, args.app) == (9000, True, False)
