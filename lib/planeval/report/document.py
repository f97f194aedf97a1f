"""The district report: its sections as display objects, in the order of 附件2.

`Report(config, data, frame, output_dir)` holds one plan's assessment. Each
section method returns a `Section` (a list of IPython display objects: HTML
blocks and PNG images) that a notebook cell shows by evaluating it::

    report.title()            # title block (first output: div.report-title)
    report.summary()          # 摘要
    report.indicators()       # 一、（一）主要目标指标进展: charts, 表1, one paragraph per indicator
                              #   (then chapter_indicators())
    report.tasks()            # （二）重大战略任务推进 (then upper_tasks(), major4())
    report.projects()         # （三）重大工程项目进展 (then column_projects())
    report.environment()      # 二、（一）外部环境变化情况
    report.problems()         # （二）主要问题和挑战
    report.measures()         # 三、规划中后期主要工作举措
    report.recommendations()  # 四、进一步推进规划实施的对策建议
    report.appendix()         # 附录: 评估方法说明, 数据来源与口径说明, 满意度调查

Sections a plan's framework may place elsewhere, by key (each an empty Section when
the plan has no such rows): ``chapter_indicators`` (章节指标进展), ``upper_tasks``
(上级规划涉及本区的重大任务落实情况), ``major4`` (“四个重大”推进情况) and
``column_projects`` (专栏项目进展).

Tables and figures are numbered in that order whatever order the cells run in.
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
from planeval.errors import Location, PlanevalError
from planeval.project import current_project
from planeval.report import blocks, narrative, sections, task_sections
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
    write_excel,
)
from planeval.report.narrative import label, labels, render_html
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

    def add_text(self, key_html: str, texts: Mapping[str, str], key: str) -> Section:
        """A heading (markup) followed by the evaluator's text for `key`."""
        self.add_html(key_html)
        text = (texts or {}).get(key, "")
        body = evaluator_text(texts, key)
        return self.add_html(body, blocks.markdown_blocks(text) if text.strip() else None)

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


def heading(level: int, key: str, evaluation: str = "midterm") -> str:
    """A section heading; an evaluation point's own wording (headings_final) wins."""
    words = {**label("headings"), **labels().get(f"headings_{evaluation}", {})}
    return f"<h{level}>{html.escape(words[key])}</h{level}>"


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


def markdown_html(text: str) -> str:
    """Evaluator Markdown as HTML: raw HTML escaped, harmful links dropped, headings
    shifted so the file's top heading sits below the report's section heading."""
    levels = [len(m.group(1)) for m in _MD_HEADING.finditer(text)]
    shift = TEXT_TOP_HEADING - min(levels) if levels else 0
    md = mistune.create_markdown(
        escape=True, renderer=_ShiftedHeadings(shift), plugins=["table", "strikethrough"]
    )
    marked = _BOLD.sub(lambda m: f"{_BOLD_OPEN}{m.group(1)}{_BOLD_CLOSE}", text)
    return md(marked).replace(_BOLD_OPEN, "<strong>").replace(_BOLD_CLOSE, "</strong>")


def evaluator_text(texts: Mapping[str, str], key: str) -> str:
    """The evaluator's section text, or the visible 待补充 placeholder."""
    text = (texts or {}).get(key, "")
    if text and text.strip():
        return f'<div class="pe-evaluator-text">{markdown_html(text)}</div>'
    return render_html("placeholder.html.j2", section=label("text_sections")[key])


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
    ):
        self.config = config
        self.data = data
        self.frame = frame.sort_values("order", kind="stable").reset_index(drop=True)
        self.output_dir = Path(output_dir)
        self.chart_dir = self.output_dir / "charts"
        self.forecaster = forecaster
        self.thresholds = thresholds
        self.report_date = report_date or config.report_date or dt.date.today()
        self.run_warnings = list(run_warnings)
        self.texts = data.texts  # evaluator texts by section key
        ids = list(self.frame["indicator_id"])
        self.extras = {iid: narrative.extras_for(data, config, iid) for iid in ids}
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
        self._number_tables_and_figures()

    def _chapter_frame(self, given: pd.DataFrame | None) -> pd.DataFrame | None:
        """The chapter indicators' assessment: given by the notebook, else made here by
        the same engine as the main table's."""
        chapters = getattr(self.data, "chapter_indicators", None)
        if given is not None or chapters is None or chapters.empty:
            return given
        from planeval.method.assess import assess_plan

        return assess_plan(self.data.chapters(), self.config, self.forecaster, self.thresholds)

    # numbering ------------------------------------------------------------------

    def _number_tables_and_figures(self) -> None:
        """Fixed numbers for every table and figure, in reading order."""
        g = self.group_summaries
        tables = [("indicators", 0)]
        tables += [("chapter_indicators", i) for i in range(len(g["chapter_indicators"].tables))]
        tables += [("tasks", i) for i in range(len(self.task_summary.tables))]
        for key in ("upper_tasks", "major4"):
            tables += [(key, i) for i in range(len(g[key].tables))]
        tables += [("projects", i) for i in range(len(self.project_summary.tables))]
        tables += [("column_projects", i) for i in range(len(g["column_projects"].tables))]
        tables += [("survey", i) for i in range(len(self.survey_summary.tables))]
        self.table_numbers = {key: n for n, key in enumerate(tables, start=1)}
        figures = list(self.overview_charts) + list(self.indicator_order()["indicator_id"])
        self.figure_numbers = {key: n for n, key in enumerate(figures, start=1)}

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
        extra = ()
        if self.chapter_frame is not None and len(self.chapter_frame):
            sheet = label("chapter_indicators")["sheet"]
            extra = ((sheet, chapter_table(self.chapter_frame, self.data.chapters(), self.config)),)
        xlsx = write_excel(
            self.table, self.config, self.output_dir / excel_filename(self.config), extra
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
        return {
            "xlsx": xlsx,
            **tasks,
            **write_assessment_files(self.frame, self.output_dir),
            "data_check": check,
        }

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
        from planeval.report import style

        path = self.chart_dir / f"{key}.png"
        self.chart_dir.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            style.save(make(), path)
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
                evaluation=c.evaluation_name,
                plan_name=c.plan_name,
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
        if len(self.data.survey):
            extra.append(
                narrative.render_text("summary_survey.txt.j2", **self.survey_summary.figures)
            )
        text = narrative.summary_text(self.frame, self.config, extra)
        return Section().add_html(self._heading(2, "summary") + paragraphs(text))

    def indicators(self) -> Section:
        from planeval.report import charts

        s = Section().add_html(self._heading(2, "part1") + self._heading(3, "indicators"))
        s.add_html(paragraphs(narrative.indicators_intro_text(self.frame, self.config)))
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
        number = self.table_numbers[("indicators", 0)]
        s.add_html(self.table.to_html(number), [blocks.indicator_table_block(self.table, number)])
        ordered = self.indicator_order()
        groups = list(dict.fromkeys(ordered["category"]))
        for n, category in enumerate(groups, start=1):
            rows = ordered[ordered["category"] == category]
            s.add_html(
                render_html(
                    "category_heading.html.j2",
                    number=n,
                    category=category,
                    title=label("category_headings").get(category, category),
                    count=len(rows),
                )
            )
            for _, row in rows.iterrows():
                self._indicator(s, row)
        return s.extend(self.chapter_indicators())

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

    def _summary_section(self, key: str, summary: sections.SectionSummary) -> Section:
        s = Section().add_text(self._heading(3, key), self.texts, key)
        s.add_html(paragraphs(summary.text))
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
        return f"<h4>{html.escape(title)}</h4>"

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

    def _heading(self, level: int, key: str) -> str:
        return heading(level, key, self.config.evaluation)

    @property
    def final(self) -> bool:
        """总结评估: its own parts (问题, 经验启示, 对下一个五年规划的建议), no outlook."""
        return self.config.evaluation == "final"

    def environment(self) -> Section:
        if self.final:
            return Section()  # a final evaluation looks back: no 外部环境变化 section
        return Section().add_text(
            self._heading(2, "part2") + self._heading(3, "environment"), self.texts, "environment"
        )

    def problems(self) -> Section:
        top = self._heading(2, "part2") if self.final else self._heading(3, "problems")
        s = Section().add_text(top, self.texts, "problems")
        auto = narrative.problems_text(self.frame, self.extras)
        bottom = _survey_bottom(self.data.survey) if len(self.data.survey) else []
        if bottom:
            auto += "\n" + narrative.render_text("problems_survey.txt.j2", bottom=bottom)
        s.add_html(paragraphs(auto))
        return s

    def measures(self) -> Section:
        key = "lessons" if self.final else "measures"
        return Section().add_text(self._heading(2, "part3"), self.texts, key)

    def recommendations(self) -> Section:
        s = Section().add_text(self._heading(2, "part4"), self.texts, "recommendations")
        flagged = self.frame[self.frame["adjustment_flag"].fillna(False).astype(bool)]
        if len(flagged):
            items = [
                narrative.adjustment_text(
                    r, self.extras[r["indicator_id"]], narrative.scope_word(self.config.region)
                )
                for _, r in flagged.iterrows()
            ]
            s.add_html(
                render_html(
                    "adjustments.html.j2", items=items, evaluation=self.config.evaluation_name
                )
            )
        return s

    def appendix(self) -> Section:
        s = Section().add_html(self._heading(2, "appendix") + self._heading(3, "method"))
        self._add_method_note(s)
        s.add_html(self._heading(3, "data_notes") + self.data_notes())
        if len(self.data.survey):
            s.add_html(self._heading(3, "survey"))
            s.add_html(paragraphs(self.survey_summary.text))
            number = self.table_numbers[("survey", 0)]
            table = self.survey_summary.tables[0]
            s.add_html(table.to_html(number), [blocks.simple_table_block(table, number)])
        return s

    def _add_method_note(self, s: Section) -> None:
        from planeval.method.method_note import method_note

        note = _renumber_headings(
            _drop_first_heading(method_note(self.config, self.forecaster, self.thresholds))
        )
        method = f'<div class="pe-method">{markdown_html(note)}</div>'
        s.add_html(method, blocks.markdown_blocks(note))

    def data_notes(self) -> str:
        return render_html("data_notes.html.j2", **data_note_facts(self))


# --- helpers ----------------------------------------------------------------------


def _first_finite(values) -> float | None:
    for v in values:
        if narrative.finite(v):
            return float(v)
    return None


def _drop_first_heading(markdown: str) -> str:
    lines = markdown.lstrip().splitlines()
    return "\n".join(lines[1:]) if lines and lines[0].startswith("#") else markdown


def _renumber_headings(markdown: str) -> str:
    """Headings "## 一、…"  of an appendix text become "1．…": inside 附录 the report's own
    一、二、 numbering must stay unambiguous."""
    numerals = label("cn_numerals")
    pattern = re.compile(rf"^(#+\s*)([{numerals[1:]}])、", re.MULTILINE)
    return pattern.sub(lambda m: f"{m.group(1)}{numerals.index(m.group(2))}．", markdown)


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
    units = []
    ind = data.indicators
    for _, r in ind.iterrows():
        printed, used = str(r.get("unit_printed") or ""), str(r.get("unit") or "")
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
