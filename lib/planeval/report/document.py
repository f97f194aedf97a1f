"""The district report: its sections as display objects, in the order of its framework.

`Report(config, data, frame, output_dir)` holds one plan's assessment. The report's
structure (parts, headings, order, which evaluator texts and generated sections go
where) is the plan's framework (`planeval.report.framework`, parameter
``framework``); a notebook shows the title and then every part::

    report.title()            # title block (first output: div.report-title)
    for part in report.parts():
        display(part)         # 摘要, 一、…, 附录: headings, texts and sections

A generated section is any `Report` method returning a `Section` (its body, without
heading: the framework gives the heading), referenced in a framework by its name:
``summary``, ``indicators`` (charts, 表1, one paragraph per indicator), ``tasks``,
``projects``, ``problems`` (drafted problems), ``recommendations`` (drafted
adjustment proposals), ``method_note``, ``data_notes``, ``survey``. A section shows
its sub-headings one level below the framework entry it stands under (`depth`).

Tables and figures are numbered in the framework's order: `parts()` renders every
part once, in order, and numbers are handed out as tables are first shown.

``indicators`` ends with ``chapter_indicators`` (章节指标进展), ``tasks`` with
``upper_tasks`` (上级规划涉及本区的重大任务落实情况) and ``major4`` (“四个重大”推进情况),
``projects`` with ``column_projects`` (专栏项目进展); each is a section of its own too
(an empty Section when the plan has no such rows).
Charts are written to ``<output_dir>/charts/*.png`` and shown inline (so an HTML
export embeds them); the 主要指标完成情况表 is written to
``<output_dir>/<plan>_主要指标完成情况表.xlsx`` (with a 章节指标 sheet when the plan has
chapter indicators), the task records to ``<output_dir>/<plan>_重点任务进展表.xlsx``,
and the assessment to
``<output_dir>/assessment.csv`` (with 评估结果.csv and 数据字典.md for readers).
Evaluator texts (data/raw/<plan>/texts/*.md) are rendered from Markdown with all
raw HTML escaped; a missing text shows a visible 待补充 placeholder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import html
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mistune
import pandas as pd

from planeval.config import PlanConfig
from planeval.data.forms import is_index_unit
from planeval.errors import Location, PlanevalError
from planeval.project import current_project
from planeval.report import (
    adjustments,
    benchmarks,
    blocks,
    narrative,
    sections,
    survey,
    task_sections,
)
from planeval.report import framework as fw
from planeval.report import special_plans as sp
from planeval.report.assessment_files import write_assessment_files
from planeval.report.chapter_summary import chapter_indicators_summary
from planeval.report.data_check import (
    CheckItem,
    data_check_filename,
    data_check_items,
    write_data_check,
)
from planeval.report.indicator_table import (
    build_table,
    chapter_table,
    excel_filename,
    table_sheet,
    write_excel,
)
from planeval.report.narrative import label, render_html
from planeval.report.task_workbook import task_workbook_filename, write_task_workbook

IMAGE_WIDTH = 680  # px: charts are 16 cm at 200 dpi; shown at the report's text width
OVERVIEW_CHARTS = ("category_counts", "progress", "growth")
# Heading level of an evaluator file's top heading (our sections are h2/h3).
TEXT_TOP_HEADING = 4


# --- display objects --------------------------------------------------------------


def _part(markup: str, content: list[blocks.Block]):
    """An HTML display object that also carries its structured blocks (for Word)."""
    from IPython.display import HTML

    class Part(HTML):
        def _repr_mimebundle_(self, include=None, exclude=None):
            return {blocks.BLOCKS_MIME: {"blocks": self.blocks}}

    part = Part(markup)
    part.blocks = content
    return part


@dataclass
class Section:
    """Display objects shown in order; `html()` flattens them for tests and exports.

    Each HTML part carries its content as `blocks` too (see planeval.report.blocks):
    given by the caller where the source has structure (tables, Markdown texts),
    read from the markup of the report's own template fragments otherwise.
    """

    parts: list[Any] = field(default_factory=list)

    def add_html(self, markup: str, content: list[blocks.Block] | None = None) -> Section:
        self.parts.append(_part(markup, blocks.html_blocks(markup) if content is None else content))
        return self

    def content_blocks(self) -> list[blocks.Block]:
        return [b for part in self.parts for b in getattr(part, "blocks", [])]

    def extend(self, other: Section) -> Section:
        self.parts.extend(other.parts)
        return self

    def add_image(self, path: Path, alt: str = "") -> Section:
        from IPython.display import Image

        self.parts.append(Image(filename=str(path), width=IMAGE_WIDTH, alt=alt or None))
        return self

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for part in self.parts:
            display(part)

    def html(self) -> str:
        out = []
        for part in self.parts:
            if hasattr(part, "filename") and getattr(part, "format", None) == "png":
                out.append(f'<img src="{html.escape(str(part.filename))}">')
            else:
                out.append(str(part.data))
        return "\n".join(out)


def paragraphs(text: str) -> str:
    """Plain drafted text as HTML paragraphs (one per line), escaped."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.splitlines() if p.strip())


# --- evaluator Markdown -----------------------------------------------------------


class _ShiftedHeadings(mistune.HTMLRenderer):
    def __init__(self, shift: int):
        super().__init__(escape=True)
        self.shift = shift

    def heading(self, text: str, level: int, **attrs: Any) -> str:
        return super().heading(text, min(max(level + self.shift, 1), 6), **attrs)


_MD_HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
# **bold** as Chinese writers use it: CommonMark does not close "**一是….**受" (a closing
# run after punctuation must be followed by space or punctuation), so bold spans within
# a line are marked with private-use characters before parsing and restored after.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BOLD_OPEN, _BOLD_CLOSE = "\ue001", "\ue002"


def markdown_html(text: str, top: int = TEXT_TOP_HEADING) -> str:
    """Evaluator Markdown as HTML: raw HTML escaped, harmful links dropped, headings
    shifted so the file's top heading (h`top`) sits below the report's section heading."""
    levels = [len(m.group(1)) for m in _MD_HEADING.finditer(text)]
    shift = top - min(levels) if levels else 0
    md = mistune.create_markdown(
        escape=True, renderer=_ShiftedHeadings(shift), plugins=["table", "strikethrough"]
    )
    marked = _BOLD.sub(lambda m: f"{_BOLD_OPEN}{m.group(1)}{_BOLD_CLOSE}", text)
    return md(marked).replace(_BOLD_OPEN, "<strong>").replace(_BOLD_CLOSE, "</strong>")


def evaluator_text(
    texts: Mapping[str, str], key: str, top: int = TEXT_TOP_HEADING, description: str = ""
) -> str:
    """The evaluator's section text, or the visible 待补充 placeholder."""
    text = (texts or {}).get(key, "")
    if text and text.strip():
        return f'<div class="pe-evaluator-text">{markdown_html(text, top)}</div>'
    words = description or label("text_sections").get(key, key)
    return render_html("placeholder.html.j2", section=words)


class Numbers(dict):
    """Table or figure numbers handed out in the order they are first asked for."""

    def __missing__(self, key):
        self[key] = number = len(self) + 1
        return number


def section_names(cls: type) -> list[str]:
    """The generated sections of a report class: its public methods annotated to
    return a `Section` (``title`` is the notebook's own first cell)."""
    out = []
    for name in dir(cls):
        attr = getattr(cls, name, None)
        if name.startswith("_") or name in ("title", "parts") or not callable(attr):
            continue
        if getattr(attr, "__annotations__", {}).get("return") in ("Section", Section):
            out.append(name)
    return out


def load_framework(config: PlanConfig, cls: type) -> fw.Framework:
    """The plan's checked framework (its sections are `cls`'s section methods)."""
    where = Location(file=config.project.parameters_file(config.plan_id))
    path = fw.resolve(config.framework, config.evaluation, where)
    return fw.load(path, section_names(cls), dict(label("text_sections")))


# --- the report -------------------------------------------------------------------


class Report:
    """One plan's report sections, built from its data and assessment frame.

    For a config with ``public: true`` the object is a `planeval.report.public.PublicReport`
    (the 公开版: same sections, every figure withheld), so the notebook stays the same.
    """

    def __new__(cls, config: PlanConfig, *args: Any, **kwargs: Any):
        if cls is Report and getattr(config, "public", False):
            from planeval.report.public import PublicReport

            cls = PublicReport
        return super().__new__(cls)

    def __init__(
        self,
        config: PlanConfig,
        data,
        frame: pd.DataFrame,
        output_dir: str | Path,
        *,
        forecaster=None,
        thresholds=None,
        report_date: dt.date | None = None,
        run_warnings: Iterable[str] = (),
        chapter_frame: pd.DataFrame | None = None,
        screen_only: bool = False,
    ):
        from planeval.report import style

        self.config = config
        self.data = data
        self.frame = frame.sort_values("order", kind="stable").reset_index(drop=True)
        self.output_dir = Path(output_dir)
        self.chart_dir = self.output_dir / "charts"
        # Charts at print resolution unless the run makes no print format (PDF, Word).
        self.chart_dpi = style.SCREEN_DPI if screen_only else style.PRINT_DPI
        self.forecaster = forecaster
        self.thresholds = thresholds
        self.report_date = report_date or config.report_date or dt.date.today()
        self.run_warnings = list(run_warnings)
        self.texts = data.texts  # evaluator texts by section key
        ids = list(self.frame["indicator_id"])
        extras = {iid: narrative.extras_for(data, config, iid) for iid in ids}
        # One list of adjustment proposals feeds the paragraphs, the summary, the table
        # and the Excel sheet, so they cannot disagree.
        self.proposals = adjustments.build(self.frame, data, config, extras)
        adjust = self.proposals.indicator_ids
        self.extras = {
            iid: dataclasses.replace(e, adjust=iid in adjust) for iid, e in extras.items()
        }
        self.table = build_table(self.frame, data, config)
        self.task_summary = sections.tasks_summary(data, config)
        self.project_summary = sections.projects_summary(data, config)
        self.survey_summary = sections.survey_summary(data, config)
        self.group_summaries = {
            "upper_tasks": task_sections.upper_tasks_summary(data, config),
            "major4": task_sections.major4_summary(data, config),
            "column_projects": task_sections.column_projects_summary(data, config),
        }
        self.chapter_frame = self._chapter_frame(chapter_frame)
        self.group_summaries["chapter_indicators"] = chapter_indicators_summary(
            self.chapter_frame, data
        )
        self.benchmark_summary = benchmarks.benchmark_summary(data, self.frame, config)
        self.survey_detail = survey.survey_detail(data)
        self.special_plan_summary = sp.catalogue_summary(data, config)
        self.framework = load_framework(config, type(self))
        # Framework level of the entry a section is rendered under (2 = （一）).
        self.depth = 2
        self.table_numbers: dict = Numbers()
        self.figure_numbers: dict = Numbers()
        self._parts: list[Section] | None = None

    def _chapter_frame(self, given: pd.DataFrame | None) -> pd.DataFrame | None:
        """The chapter indicators' assessment: given by the notebook, else made here by
        the same engine as the main table's."""
        chapters = getattr(self.data, "chapter_indicators", None)
        if given is not None or chapters is None or chapters.empty:
            return given
        from planeval.method.assess import assess_plan

        return assess_plan(self.data.chapters(), self.config, self.forecaster, self.thresholds)

    # the framework ----------------------------------------------------------------

    def parts(self) -> list[Section]:
        """Every top-level part of the framework, rendered once and in order (so
        tables and figures are numbered in reading order)."""
        if self._parts is None:
            self._parts = []
            number = 0
            for node in self.framework.parts:
                body = self._render(node)
                if body is not None:
                    number += node.numbered
                    self._parts.append(self._with_heading(node, number, body))
        return self._parts

    def _render(self, node: fw.Node) -> Section | None:
        """A framework entry's texts, sections and children (headings numbered among
        the kept siblings); None when it has nothing to show."""
        s = Section()
        top = node.level + 2  # an evaluator text's own headings sit one level below
        texts = [k for k in node.texts if self._text_shown(k)]
        for key in texts:
            text = (self.texts or {}).get(key, "")
            desc = self.framework.texts.get(key, "")
            s.add_html(
                evaluator_text(self.texts, key, top, desc),
                blocks.markdown_blocks(text, top) if text.strip() else None,
            )
        shown = bool(texts)
        for key in node.sections:
            self.depth = node.level
            body = getattr(self, key)()
            shown |= bool(body.parts)
            s.parts += body.parts
        number = 0
        for child in node.children:
            body = self._render(child)
            if body is not None:
                number += child.numbered
                s.parts += self._with_heading(child, number, body).parts
                shown = True
        return s if shown else None

    def _text_shown(self, key: str) -> bool:
        """An evaluator text is shown, or its 待补充 placeholder, unless the framework
        leaves unwritten texts out."""
        written = bool(((self.texts or {}).get(key) or "").strip())
        return written or not self.framework.texts_optional

    @staticmethod
    def _with_heading(node: fw.Node, number: int, body: Section) -> Section:
        title = (fw.numbering(node.level, number) if node.numbered else "") + node.title
        level = node.level + 1
        s = Section().add_html(f"<h{level}>{html.escape(title)}</h{level}>") if title else Section()
        s.parts += body.parts
        return s

    def _sub_heading(self, number: int | None = None) -> dict[str, Any]:
        """Tag and number of a heading one level below the current framework entry
        (1． under （一）): the `h` and `number` of a heading template."""
        level = self.depth + 1
        return {"h": level + 1, "number": fw.numbering(level, number) if number else ""}

    @property
    def overview_charts(self) -> tuple[str, ...]:
        """The plan-wide charts; a final evaluation has no growth still required."""
        if self.config.evaluation == "final":
            return tuple(k for k in OVERVIEW_CHARTS if k != "growth")
        return OVERVIEW_CHARTS

    def indicator_order(self) -> pd.DataFrame:
        """Indicators grouped by category (official order), plan order within."""
        order = {c: i for i, c in enumerate(label("category_order"))}
        f = self.frame.assign(_c=self.frame["category"].map(lambda c: order.get(c, len(order))))
        return f.sort_values(["_c", "order"], kind="stable").drop(columns="_c")

    # outputs --------------------------------------------------------------------

    def write_outputs(self) -> dict[str, Path]:
        """The Excel table, the assessment CSV (read by the batch overview), the
        reader's 评估结果.csv and the 数据字典 of both."""
        self.output_dir.mkdir(parents=True, exist_ok=True)
        sheets = self._survey_sheets()
        if self.chapter_frame is not None and len(self.chapter_frame):
            chapters = chapter_table(self.chapter_frame, self.data.chapters(), self.config)
            sheet = label("chapter_indicators")["sheet"]
            sheets.insert(0, table_sheet(sheet, chapters, self.config))
        if len(self.proposals):
            title = f"{self.config.region}“{self.config.period}”规划调整建议表"
            sheets.append(lambda wb: adjustments.add_sheet(wb, self.proposals, title))
        xlsx = write_excel(
            self.table, self.config, self.output_dir / excel_filename(self.config), sheets
        )
        tasks = {}
        if len(self.data.tasks):
            path = self.output_dir / task_workbook_filename(self.config)
            tasks["tasks_xlsx"] = write_task_workbook(self.data.tasks, self.config, path)
        check = write_data_check(
            self.check_items(),
            f"{self.config.region}“{self.config.period}”规划{self.config.evaluation_name}数据核查表",
            self.output_dir / data_check_filename(self.config),
        )
        written = {
            "xlsx": xlsx,
            **tasks,
            **write_assessment_files(self.frame, self.output_dir),
            "data_check": check,
        }
        if len(self.data.special_plans):
            path = self.output_dir / sp.CATALOGUE_FILE
            written["special_plans"] = sp.write_catalogue(self.data.special_plans, path)
        return written

    def _survey_sheets(self) -> list:
        """The survey's tables as sheets of the 完成情况表 workbook."""
        from planeval.report.sheets import add_table_sheet

        tables = list(self.survey_summary.tables) + list(self.survey_detail.tables)
        quotes = self.survey_detail.figures.get("quotes") or []
        if quotes:
            words = label("survey_themes_table")
            tables.append(
                sections.SimpleTable(
                    words["quotes_sheet"],
                    [words["quote"], words["group"]],
                    [list(q) for q in quotes],
                )
            )
        quote = label("survey_themes_table")["quote"]
        sheets = []
        for t in tables:
            widths = (60, 12) if t.columns[:1] == [quote] else ()
            sheets.append(
                lambda wb, t=t, w=widths: add_table_sheet(
                    wb, t.caption[:31], f"{self.config.region}{t.caption}", t, w
                )
            )
        return sheets

    def check_items(self) -> list[CheckItem]:
        """Data check items (数据核查): estimates, revisions, corrections, warnings."""
        facts = data_note_facts(self)
        names = self.data.indicators["name"].to_dict()
        annual = self.data.annual
        sources = {
            (names.get(r.indicator_id, r.indicator_id), int(r.year)): str(r.source)
            for r in annual.itertuples()
            if "source" in annual.columns
        }
        items = data_check_items(facts, list(self.data.warnings), sources)
        items += [CheckItem("计算提示", "", "", w) for w in facts["run_warnings"]]
        return items

    def _chart(self, key: str, make) -> Path:
        from planeval.report import charts, style

        path = self.chart_dir / f"{key}.png"
        self.chart_dir.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = make()
            style.save(fig, path, dpi=self.chart_dpi)
            charts.recycle(fig)  # the report keeps the file, not the figure
        self.run_warnings += [str(w.message) for w in caught]
        return path

    def _figure(self, section: Section, key: str, make, caption: str) -> None:
        section.add_image(self._chart(key, make), alt=caption)
        section.add_html(
            render_html("caption.html.j2", number=self.figure_numbers[key], caption=caption)
        )

    # sections -------------------------------------------------------------------

    def title(self) -> Section:
        c = self.config
        return Section().add_html(
            render_html(
                "title.html.j2",
                region=c.region,
                period=c.period,
                evaluation=c.report_kind,
                plan_name=c.plan_name,
                special=c.plan_type == "special",
                parent=c.parent,
                evaluator=c.evaluator,
                annual=c.annual_cutoff,
                monthly=c.monthly_cutoff,
                date=self.report_date,
            )
        )

    def summary(self) -> Section:
        extra = []
        t = narrative.timing_context(self.config)
        if len(self.data.tasks):
            extra.append(
                narrative.render_text("summary_tasks.txt.j2", f=self.task_summary.figures, t=t)
            )
        if len(self.data.projects):
            extra.append(
                narrative.render_text(
                    "summary_projects.txt.j2", f=self.project_summary.figures, t=t
                )
            )
        if self.special_plan_summary.figures:
            extra.append(
                narrative.render_text(
                    "summary_special_plans.txt.j2", f=self.special_plan_summary.figures, t=t
                )
            )
        if len(self.data.survey):
            extra.append(
                narrative.render_text("summary_survey.txt.j2", **self.survey_summary.figures)
            )
        text = narrative.summary_text(self.frame, self.config, extra, self.proposals.names)
        return Section().add_html(paragraphs(text))

    def indicators(self) -> Section:
        from planeval.report import charts

        number = self.table_numbers[("indicators", 0)]
        ordered = self.indicator_order()
        watch = self.watch_list(ordered)
        intro = narrative.indicators_intro_text(self.frame, self.config, number, watch)
        s = Section().add_html(paragraphs(intro))
        captions = label("figure_captions")
        E = _first_finite(self.frame["E"])
        # Overview charts without their own title: the numbered caption below names them.
        self._figure(
            s,
            "category_counts",
            lambda: charts.category_counts(self.frame, title=""),
            captions["category_counts"],
        )
        self._figure(
            s,
            "progress",
            lambda: charts.progress_chart(self.frame, E, title=""),
            captions["progress"],
        )
        if "growth" in self.overview_charts:
            self._figure(
                s,
                "growth",
                lambda: charts.growth_dumbbell(self.frame, title=""),
                captions["growth"],
            )
        s.add_html(self.table.to_html(number), [blocks.indicator_table_block(self.table, number)])
        if watch is not None:
            ordered = watch
        groups = list(dict.fromkeys(ordered["category"]))
        for n, category in enumerate(groups, start=1):
            rows = ordered[ordered["category"] == category]
            s.add_html(self._category_heading(n, category, len(rows)))
            for _, row in rows.iterrows():
                self._indicator(s, row)
        return s.extend(self.chapter_indicators())

    def watch_list(self, ordered: pd.DataFrame) -> pd.DataFrame | None:
        """年度监测: the indicators analysed one by one (category or outlook among
        `monitoring_watch`); None for the other evaluation points (every indicator)."""
        if self.config.evaluation != "monitoring":
            return None
        words = set(self.config.monitoring_watch)
        return ordered[ordered["category"].isin(words) | ordered["outlook"].isin(words)]

    def _indicator(self, s: Section, row: pd.Series) -> None:
        from planeval.report import charts

        iid = row["indicator_id"]
        extras = self.extras[iid]
        text = narrative.indicator_text(row, extras)
        s.add_html(render_html("indicator_paragraph.html.j2", name=str(row["name"]), text=text))
        history = self.data.annual[self.data.annual["indicator_id"] == iid]
        kwargs: dict[str, Any] = {"source": label("chart_source").format(region=self.config.region)}
        ref = self._reference_id(iid)
        if ref:
            kwargs["reference"] = self.data.annual[self.data.annual["indicator_id"] == ref]
            kwargs["reference_name"] = extras.reference_name
        assigned = self.data.assigned[self.data.assigned["indicator_id"] == iid]
        if len(assigned):
            kwargs["assigned"] = assigned[["year", "value"]]
        key = "indicator_final" if self.config.evaluation == "final" else "indicator"
        caption = label("figure_captions")[key].format(name=row["name"])
        self._figure(s, iid, lambda: charts.indicator_chart(row, history, **kwargs), caption)

    def _reference_id(self, iid: str) -> str | None:
        ind = self.data.indicators
        if "target_reference" not in ind.columns or iid not in ind.index:
            return None
        ref = ind.loc[iid, "target_reference"]
        return ref if isinstance(ref, str) and ref in ind.index else None

    def _category_heading(self, number: int, category: str, count: int) -> str:
        title = label("category_headings").get(category, category)
        return render_html(
            "category_heading.html.j2", **self._sub_heading(number), title=title, count=count
        )

    def _summary_section(self, key: str, summary: sections.SectionSummary) -> Section:
        s = Section().add_html(paragraphs(summary.text))
        for i, table in enumerate(summary.tables):
            number = self.table_numbers[(key, i)]
            s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        return s

    def tasks(self) -> Section:
        s = self._summary_section("tasks", self.task_summary)
        return s.extend(self.upper_tasks()).extend(self.major4())

    def projects(self) -> Section:
        s = self._summary_section("projects", self.project_summary)
        return s.extend(self.column_projects())

    def _group_section(self, key: str) -> Section:
        """A generated section of its own (see the module docstring): heading, drafted
        paragraph, tables; nothing when the plan has no rows for it."""
        summary = self.group_summaries[key]
        if not summary.text:
            return Section()
        s = Section().add_html(self._group_heading(key))
        s.add_html(paragraphs(summary.text))
        for i, table in enumerate(summary.tables):
            number = self.table_numbers[(key, i)]
            s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        return s

    def _group_heading(self, key: str) -> str:
        words = label("chapter_indicators" if key == "chapter_indicators" else "task_sections")
        title = (words if key == "chapter_indicators" else words[key])["heading"]
        title = title.format(scope=narrative.scope_word(self.config.region))
        h = self._sub_heading()["h"]  # one level below the framework entry
        return f"<h{h}>{html.escape(title)}</h{h}>"

    def chapter_indicators(self) -> Section:
        """章节指标进展: counts per chapter and category, lagging ones named."""
        return self._group_section("chapter_indicators")

    def upper_tasks(self) -> Section:
        """上级规划涉及本区的重大任务落实情况."""
        return self._group_section("upper_tasks")

    def major4(self) -> Section:
        """“四个重大”推进情况."""
        return self._group_section("major4")

    def column_projects(self) -> Section:
        """专栏项目进展: each 专栏 project's progress, outlook and note."""
        return self._group_section("column_projects")

    def benchmarks(self) -> Section:
        """对标标兵城市分析 (江北区 §三(六)): the table by field, its sources, and each
        标兵城市's 经验做法 from the evaluator; empty without a benchmark file."""
        summary = self.benchmark_summary
        if not summary.tables:
            return Section()
        s = Section().add_html(paragraphs(summary.text))
        number = self.table_numbers[("benchmarks", 0)]
        table = summary.tables[0]
        s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        words = label("benchmarks_table")
        sources = "；".join(f"{c}：{t}" for c, t in summary.figures["sources"].items())
        s.add_html(paragraphs(words["sources"] + sources + "。"))
        h = self._sub_heading()["h"]
        s.add_html(f"<h{h}>{html.escape(words['practices'])}</h{h}>")
        for city, text in summary.figures["practice"].items():
            s.add_html(f"<p><strong>{html.escape(city)}</strong></p>")
            if text.strip():
                body = f'<div class="pe-evaluator-text">{markdown_html(text)}</div>'
                s.add_html(body, blocks.markdown_blocks(text))
            else:
                what = words["practice_missing"].format(city=city)
                s.add_html(render_html("placeholder.html.j2", section=what))
        return s

    def problems(self) -> Section:
        """Problems drafted from the assessment (lagging indicators, low satisfaction)."""
        auto = narrative.problems_text(self.frame, self.extras)
        bottom = _survey_bottom(self.data.survey) if len(self.data.survey) else []
        if bottom:
            auto += "\n" + narrative.render_text("problems_survey.txt.j2", bottom=bottom)
        return Section().add_html(paragraphs(auto))

    def recommendations(self) -> Section:
        """The drafted and the evaluator's proposals on adjusting targets."""
        return self.adjustment_proposals()

    def adjustment_proposals(self) -> Section:
        """关于规划目标调整的建议: a paragraph naming the items and the 规划调整建议表."""
        s = Section()
        if not len(self.proposals):
            return s
        number = self.table_numbers[("adjustments", 0)]
        h = self._sub_heading()["h"]
        s.add_html(adjustments.intro_html(self.proposals, self.config, number, h))
        table = self.proposals.table()
        s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        return s.add_html(adjustments.note_html(self.proposals, self.config))

    def _survey_detail(self, s: Section) -> None:
        """By respondent group, the open answers by theme, and the evaluator's quotes."""
        detail = self.survey_detail
        if not detail.tables:
            return
        for i, (text, table) in enumerate(zip(detail.figures["texts"], detail.tables, strict=True)):
            number = self.table_numbers[("survey_detail", i)]
            s.add_html(paragraphs(text))
            s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        if detail.figures["quotes"]:
            s.add_html(render_html("survey_quotes.html.j2", quotes=detail.figures["quotes"]))

    def method_note(self) -> Section:
        from planeval.method.method_note import method_note

        note = self._renumber_headings(
            _drop_first_heading(method_note(self.config, self.forecaster, self.thresholds))
        )
        top = self.depth + 2
        method = f'<div class="pe-method">{markdown_html(note, top)}</div>'
        return Section().add_html(method, blocks.markdown_blocks(note, top))

    def _renumber_headings(self, markdown: str) -> str:
        """Headings "## 一、…" of a generated text are numbered one level below the
        framework entry (1．… under （一）): the report's own numbering stays unambiguous."""
        numerals = label("cn_numerals")
        pattern = re.compile(rf"^(#+\s*)([{numerals[1:]}])、", re.MULTILINE)
        level = self.depth + 1
        return pattern.sub(
            lambda m: f"{m.group(1)}{fw.numbering(level, numerals.index(m.group(2)))}", markdown
        )

    def data_notes(self) -> Section:
        return Section().add_html(self.data_notes_html())

    def data_notes_html(self) -> str:
        return render_html("data_notes.html.j2", **data_note_facts(self))

    def special_plans(self) -> Section:
        """The 专项规划目录清单 overview: evaluated, submitted, filed, adjustment chapter
        (empty without a catalogue)."""
        summary = self.special_plan_summary
        if not summary.tables:
            return Section()
        return self._summary_section("special_plans", summary)

    def annexes(self) -> Section:
        """The reports of the special plans in ``annex_plans``, each behind its 附件N
        cover, replayed from their executed notebooks (empty without annexes)."""
        s = Section()
        for n, plan_id in enumerate(self.config.annex_plans, start=1):
            s.parts += sp.annex_outputs(plan_id, n, self.output_dir)
        return s

    def survey(self) -> Section:
        """The satisfaction survey's paragraph and table (empty without a survey)."""
        if not len(self.data.survey):
            return Section()
        s = Section().add_html(paragraphs(self.survey_summary.text))
        number = self.table_numbers[("survey", 0)]
        table = self.survey_summary.tables[0]
        s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        self._survey_detail(s)
        return s


# --- helpers ----------------------------------------------------------------------


def _first_finite(values) -> float | None:
    for v in values:
        if narrative.finite(v):
            return float(v)
    return None


def _drop_first_heading(markdown: str) -> str:
    lines = markdown.lstrip().splitlines()
    return "\n".join(lines[1:]) if lines and lines[0].startswith("#") else markdown


@contextlib.contextmanager
def collected_warnings():
    """Collect Python warnings (e.g. from model fitting) instead of printing them to
    stderr; the report lists them in 数据来源与口径说明."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        messages: list[str] = []
        yield messages
        messages += [str(w.message) for w in caught]


def _survey_bottom(survey: pd.DataFrame, n: int = sections.SURVEY_NAMED) -> list:
    s = sections.survey_shares(survey)
    if len(s) <= n:
        return []
    return [(str(r["item"]), float(r["rate"])) for _, r in s.tail(n).iloc[::-1].iterrows()]


def data_note_facts(report: Report) -> dict[str, Any]:
    """What the 数据来源与口径说明 lists: estimates, superseded estimates, revised bases,
    unit corrections, ingestion and run warnings, and per-indicator calculation notes."""
    config, data, frame = report.config, report.data, report.frame
    names = data.indicators["name"].to_dict()
    annual = data.annual
    in_period = annual[(annual["year"] > config.base_year) & (annual["year"] <= config.last_year)]
    estimates = [
        (
            names.get(r["indicator_id"], r["indicator_id"]),
            int(r["year"]),
            label("provenance").get(r["provenance"], r["provenance"]),
        )
        for _, r in in_period[in_period["provenance"] != "official"].iterrows()
    ]
    superseded = []
    if "superseded_estimate" in annual.columns:
        for _, r in annual[annual["superseded_estimate"].notna()].iterrows():
            fmt = narrative.value_format(
                {"unit": data.indicators.loc[r["indicator_id"], "unit"]},
                [r["value"], r["superseded_estimate"]],
            )
            superseded.append(
                (
                    names.get(r["indicator_id"]),
                    int(r["year"]),
                    fmt(r["superseded_estimate"]),
                    fmt(r["value"]),
                    fmt.unit,
                )
            )
    revised = []
    for _, r in frame[frame["base_source"] == "revised"].iterrows():
        fmt = narrative.value_format(r, [r["base_printed"], r["base_revised"]])
        note = data.indicators.loc[r["indicator_id"]].get("base_note")
        revised.append(
            (
                r["name"],
                fmt(r["base_printed"]),
                fmt(r["base_revised"]),
                fmt.unit,
                note if isinstance(note, str) else "",
            )
        )
    breaks = []  # 口径调整 within the series (data.forms.link_breaks)
    if "old_basis" in data.annual:
        for _, b in data.annual[data.annual["old_basis"].notna()].iterrows():
            r = data.indicators.loc[b["indicator_id"]]
            fmt = narrative.value_format(r, [b["old_basis"], b["as_sent"]])
            side = "此前" if int(b["year"]) <= config.base_year else "此后"
            breaks.append(
                (r["name"], int(b["year"]), fmt(b["old_basis"]), fmt(b["as_sent"]), fmt.unit, side)
            )
    units = []
    ind = data.indicators
    for _, r in ind.iterrows():
        printed, used = str(r.get("unit_printed") or ""), str(r.get("unit") or "")
        if is_index_unit(used):
            continue  # a 增速 / 降低率 series judged as an index: not a unit correction
        if printed and used and printed != used:
            units.append((r["name"], printed, used, str(r.get("target_text") or "")))
    notes = [(r["name"], str(r["notes"])) for _, r in frame.iterrows() if r.get("notes")]
    facts = {"estimates": estimates, "superseded": superseded, "revised": revised, "units": units}
    checks = [i for i in data_check_items(facts, list(data.warnings)) if i.kind == "校验提示"]
    return {
        "config": config,
        "estimates": estimates,
        "superseded": superseded,
        "revised": revised,
        "breaks": breaks,
        "units": units,
        "checks": [(i.indicator, i.department, i.text) for i in checks],
        "run_warnings": list(dict.fromkeys(report.run_warnings)),
        "check_file": data_check_filename(config),
        "notes": notes,
    }


# --- notebook parameters ----------------------------------------------------------


def notebook_settings(namespace: Mapping[str, Any]) -> tuple[PlanConfig, Path, dt.date | None]:
    """(config, output_dir, report_date) from a report notebook's parameter variables.

    The plan is named once: `params` (a parameters file) or `plan_id` (parameters/
    <plan_id>.yaml of the current project); every other setting comes from that file,
    so no edit of the parameters cell can pair one plan's name with another's data.
    Relative paths are resolved against the project folder. `public` (True/False)
    selects the public version (公开版, see planeval.report.public).
    """
    project = current_project()
    plan_id = str(namespace.get("plan_id") or "").strip()
    params = str(namespace.get("params") or "").strip()
    if params:
        path = _resolve(params, project.root)
    elif plan_id:
        path = project.parameters_file(plan_id)
    else:
        ids = project.plan_ids()
        if len(ids) != 1:
            raise PlanevalError(
                "请在参数单元格中设置 plan_id（规划编号）或 params（参数文件路径）",
                Location(file=project.parameters),
                expected="、".join(ids) or "parameters/<plan>.yaml",
            )
        path = project.parameters_file(ids[0])
    config = PlanConfig.load(path)
    if plan_id and config.plan_id != plan_id:
        raise PlanevalError(
            f"参数 plan_id「{plan_id}」与参数文件中的 plan_id「{config.plan_id}」不一致",
            Location(file=path),
            expected="只设置 params，或设置与参数文件一致的 plan_id",
        )
    # The file's ``public: true`` asks for a public version beside the full report; the
    # notebook's own `public` parameter says which of the two this run renders.
    config = dataclasses.replace(config, public=bool(namespace.get("public", False)))
    out = namespace.get("output_dir")
    out_dir = _resolve(out, project.root) if out else config.outputs
    date = namespace.get("report_date")
    if date and not isinstance(date, dt.date):
        date = dt.date.fromisoformat(str(date))
    return config, out_dir, date or None


def _resolve(path: str | Path, root: Path) -> Path:
    p = Path(path).expanduser()
    return (p if p.is_absolute() else root / p).resolve()
