"""`ExploreApp` / `build_ui`: ipywidgets controls wired to an `Explorer`."""

from __future__ import annotations

import base64
from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from planeval.config import PlanConfig, all_plan_ids, parameters_file
from planeval.errors import PlanevalError
from planeval.explore.explorer import AUTO, MODEL_CHOICES, Explorer
from planeval.explore.panels import SORT_CHOICES, error_panel, figure_png, status_table


def _png_output(png: bytes) -> dict:
    """A display_data message for an Output widget: the chart at screen size."""
    return {
        "output_type": "display_data",
        "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": "图表"},
        "metadata": {"image/png": {"width": 900}},
    }


class ExploreApp:
    """The explorer's widgets: controls, chart, numbers panel, and the status table tab."""

    def __init__(
        self,
        default_plan: str | None = None,
        plans: list[str] | None = None,
        loader: Callable[[str], Explorer] = Explorer.load,
    ):
        self.plans = plans or all_plan_ids()
        self._loader = loader
        if not self.plans:
            raise PlanevalError(
                "parameters/ 中没有任何规划参数文件", expected="parameters/<plan>.yaml"
            )
        self._explorers: dict[str, Explorer] = {}
        self._table_key: tuple | None = None
        self._table_frame: pd.DataFrame | None = None
        self._updating = False
        wide = {"description_width": "5em"}
        self.plan = w.Dropdown(
            options=[(self._plan_label(p), p) for p in self.plans],
            description="规划",
            style=wide,
            layout=w.Layout(width="320px"),
        )
        self.indicator = w.Dropdown(description="指标", style=wide, layout=w.Layout(width="420px"))
        self.model = w.Dropdown(
            options=MODEL_CHOICES,
            value=AUTO,
            description="预测模型",
            style=wide,
            layout=w.Layout(width="320px"),
        )
        self.cutoff = w.Dropdown(description="评估时点", style=wide, layout=w.Layout(width="250px"))
        self.target = w.Text(
            description="试算目标",
            placeholder="如 年均增长7%、2200，回车后计算",
            continuous_update=False,
            style=wide,
            layout=w.Layout(width="360px"),
        )
        self.status = w.HTML()
        self.chart_out = w.Output()
        self.panel = w.HTML(
            layout=w.Layout(flex="1 1 400px", max_width="520px", margin="0 0 0 14px")
        )
        self.explain = w.HTML()
        self.sort_by = w.Dropdown(
            options=SORT_CHOICES,
            value="order",
            description="排序",
            style=wide,
            layout=w.Layout(width="260px"),
        )
        self.ascending = w.ToggleButtons(options=[("升序", True), ("降序", False)], value=True)
        self.ascending.style.button_width = "60px"
        self.table_progress = w.IntProgress(min=0, max=1, value=0, layout=w.Layout(width="320px"))
        self.table_status = w.HTML()
        self.table = w.HTML()
        self.widget = self._layout()
        self._load_plan(default_plan if default_plan in self.plans else self.plans[0])
        self._observe()

    # layout -------------------------------------------------------------------------

    def _layout(self) -> w.Widget:
        controls = w.VBox(
            [
                w.HBox([self.plan, self.indicator]),
                w.HBox([self.model, self.cutoff, self.target]),
                self.status,
            ]
        )
        # Chart and explanation on the left, the numbers panel on the right; wraps when narrow.
        left = w.VBox(
            [self.chart_out, self.explain],
            layout=w.Layout(flex="1 1 620px", min_width="480px", max_width="920px"),
        )
        view = w.HBox(
            [left, self.panel], layout=w.Layout(flex_flow="row wrap", align_items="flex-start")
        )
        table_view = w.VBox(
            [
                w.HBox([self.sort_by, self.ascending]),
                w.HBox([self.table_progress, self.table_status]),
                self.table,
            ]
        )
        self.tabs = w.Tab(children=[view, table_view], titles=("单项指标", "全部指标评价表"))
        root = w.VBox([controls, self.tabs])
        root.add_class("pe-app")
        return root

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    @staticmethod
    def _plan_label(plan_id: str) -> str:
        config = PlanConfig.load(parameters_file(plan_id))
        return f"{config.region}（{plan_id}）"

    # state ----------------------------------------------------------------------------

    @property
    def explorer(self) -> Explorer:
        plan = self.plan.value
        if plan not in self._explorers:
            self._explorers[plan] = self._loader(plan)
        return self._explorers[plan]

    def selection(self) -> dict:
        return {
            "indicator_id": self.indicator.value,
            "model": self.model.value,
            "target_override": self.target.value,
            "cutoff_year": self.cutoff.value,
        }

    def _load_plan(self, plan: str) -> None:
        """Fill the indicator and cutoff choices of a plan, then draw its first indicator."""
        self._updating = True
        try:
            self.plan.value = plan
            ex = self.explorer
            self.indicator.options = ex.indicators()
            self.indicator.value = ex.indicators()[0][1]
            last = ex.config.last_year
            self.cutoff.options = [
                (f"{y}年底" + ("（本次评估）" if y == last else ""), y) for y in ex.cutoff_years()
            ]
            self.cutoff.value = last
            self.target.value = ""
        finally:
            self._updating = False
        self._refresh_all()

    def _observe(self) -> None:
        self.plan.observe(self._guarded(lambda c: self._load_plan(c["new"])), "value")
        for control in (self.indicator, self.target):
            control.observe(self._guarded(lambda c: self.refresh()), "value")
        for control in (self.model, self.cutoff):
            control.observe(self._guarded(lambda c: self._refresh_all()), "value")
        self.tabs.observe(self._guarded(lambda c: self._show_table()), "selected_index")
        for control in (self.sort_by, self.ascending):
            control.observe(self._guarded(lambda c: self._draw_table()), "value")

    def _guarded(self, callback: Callable[[dict], None]) -> Callable[[dict], None]:
        """A callback that skips programmatic updates and shows errors in the panel."""

        def run(change: dict) -> None:
            if self._updating:
                return
            try:
                callback(change)
            except Exception as exc:  # shown to the evaluator instead of a hidden log
                self.status.value = ""
                self.panel.value = error_panel(exc)

        return run

    # drawing ------------------------------------------------------------------------

    def _refresh_all(self) -> None:
        self.refresh()
        self._show_table()

    def refresh(self) -> None:
        """Assess the selected indicator and redraw the chart and the numbers panel."""
        ex, sel = self.explorer, self.selection()
        self.status.value = '<span style="color:#555">正在计算……</span>'
        try:
            row = ex.assess(**sel)
        except PlanevalError as exc:
            plain = ex.assess(sel["indicator_id"], sel["model"], None, sel["cutoff_year"])
            self._draw(ex, plain, error_panel(exc, "图表仍按规划原目标显示。"), "")
            return
        self._draw(ex, row, ex.numbers_panel(row), ex.explanation(row))

    def _draw(self, ex: Explorer, row: pd.Series, panel: str, explain: str) -> None:
        png = figure_png(ex.chart(row))
        self.chart_out.outputs = (_png_output(png),)
        self.panel.value = panel
        self.explain.value = explain
        self.status.value = ""

    def _show_table(self) -> None:
        if self.tabs.selected_index != 1:
            return
        key = (self.plan.value, self.model.value, self.cutoff.value)
        if key != self._table_key:
            ex = self.explorer
            self.table.value = ""
            self.table_status.value = "正在评价全部指标……"

            def progress(done: int, total: int) -> None:
                self.table_progress.max = total
                self.table_progress.value = done

            self._table_frame = ex.assess_all(self.model.value, self.cutoff.value, progress)
            self._table_key = key
            self.table_status.value = f"{ex.config.region}：共{len(self._table_frame)}项指标"
        self._draw_table()

    def _draw_table(self) -> None:
        if self._table_frame is not None:
            self.table.value = status_table(
                self._table_frame, self.sort_by.value, self.ascending.value
            )


def build_ui(default_plan: str | None = "liunan", plans: list[str] | None = None) -> ExploreApp:
    """The explorer for a notebook cell (every plan in parameters/): evaluate it to display."""
    return ExploreApp(default_plan=default_plan, plans=plans)
