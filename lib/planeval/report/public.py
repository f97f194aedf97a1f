"""The public version of a report (公开版): categories and words, no figures.

The 白城市 seed publishes its evaluation with “具体指标值不对外公开”. `PublicReport`
is the `Report` of a plan whose config has ``public: true`` (the batch runs the
notebook a second time for it and names the files ``<plan>_公开版``):

- kept: the structure, headings, each indicator's name, unit, attribute and
  category (表1 shows categories only), the category-count chart, the evaluator's
  texts, the method note;
- withheld: every indicator value, forecast, probability and drafted sentence with
  figures, the indicator charts, the task, project and survey tables (the 章节指标,
  上级规划, 四个重大 and 专栏项目 sections keep their heading only); numbers in
  the evaluator's texts are replaced by ``×`` (years and ordinals stay).

It writes no Excel or CSV: those hold the values.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from planeval.report import blocks
from planeval.report.document import Report, Section
from planeval.report.indicator_table import IndicatorTable
from planeval.report.narrative import environment, label

# A number in running text, unless it is a year (1990–2099, or followed by 年/月/日),
# an ordinal (第3) or a date part.
_NUMBER = re.compile(r"(?<![\d.第])[+\-−]?\d[\d,]*(?:\.\d+)?(?![\d.,]*\s*[年月日号])")
_YEAR = re.compile(r"(19|20)\d\d")
PUBLIC_COLUMNS = ("order", "name_unit", "attribute", "category", "outlook")


@functools.cache
def words() -> Any:
    return environment().get_template("public.j2").module


def redact_numbers(text: str) -> str:
    """Numbers in evaluator text as ``×`` (years and ordinals kept)."""

    def mask(m: re.Match[str]) -> str:
        return m[0] if _YEAR.fullmatch(m[0]) else str(words().withheld)

    return _NUMBER.sub(mask, text)


def public_table(table: IndicatorTable, config) -> IndicatorTable:
    """表1 with categorical columns only (any categorical column added to the table,
    such as an outlook, stays: columns marked ``numeric`` and values are dropped)."""
    keep = [
        c
        for c in table.columns
        if c.html and (c.key in PUBLIC_COLUMNS or (not c.numeric and _categorical(table, c.key)))
    ]
    w = words()
    return IndicatorTable(
        w.table_title.format(region=config.region, period=config.period),
        w.table_subtitle.format(annual=_date(config.annual_cutoff)),
        keep,
        [{**{c.key: r[c.key] for c in keep}, "group": r["group"]} for r in table.rows],
        list(table.categories),
        [],
    )


def _categorical(table: IndicatorTable, key: str) -> bool:
    """A column whose cells hold no digits (words only): safe to publish."""
    if key in ("target", "ytd", "progress", "base") or key.startswith(("y", "f")):
        return False
    return all(not re.search(r"\d", r[key].text) for r in table.rows if key in r)


def _date(d) -> str:
    return label("date").format(y=d.year, m=d.month, d=d.day)


class PublicReport(Report):
    """A `Report` whose sections withhold every figure (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.texts = {k: redact_numbers(v) for k, v in (self.data.texts or {}).items()}
        self.chart_dir = self.output_dir / "charts" / "public"
        self.public_table = public_table(self.table, self.config)

    def write_outputs(self):
        return {}  # the Excel table and the CSV files hold the values

    def title(self) -> Section:
        s = super().title()
        s.add_html(f'<p class="pe-public-notice">{words().edition}{words().notice}</p>')
        return s

    def summary(self) -> Section:
        text = words().summary(
            self.config.region, len(self.frame), _counts(self.frame), self.config.period
        )
        return Section().add_html(_paragraphs(str(text)))

    def indicators(self) -> Section:
        from planeval.report import charts

        s = Section()
        groups = [g for g in dict.fromkeys(self.frame["group"].fillna("").astype(str)) if g]
        binding = int(self.frame["binding"].astype(bool).sum())
        number = self.table_numbers[("indicators", 0)]
        s.add_html(_paragraphs(str(words().intro(len(self.frame), binding, groups, number))))
        self._figure(
            s,
            "category_counts",
            lambda: charts.category_counts(self.frame, title=""),
            label("figure_captions")["category_counts"],
        )
        s.add_html(
            self.public_table.to_html(number),
            [blocks.indicator_table_block(self.public_table, number)],
        )
        ordered = self.indicator_order()
        for n, category in enumerate(dict.fromkeys(ordered["category"]), start=1):
            names = list(ordered[ordered["category"] == category]["name"])
            s.add_html(self._category_heading(n, category, len(names)))
            s.add_html(_paragraphs(str(words().group(names))))
        return s

    def _summary_section(self, key, summary) -> Section:
        return Section()  # the evaluator's text (from the framework) only: no figures

    def _group_section(self, key: str) -> Section:
        """章节指标, 上级规划 tasks, 四个重大, 专栏项目: the heading and no figures."""
        if not self.group_summaries[key].text:
            return Section()
        return Section().add_html(self._group_heading(key) + _paragraphs(words().sections_withheld))

    def problems(self) -> Section:
        s = Section()
        lagging = list(self.frame[self.frame["category"] == "滞后于预期"]["name"])
        if lagging:
            s.add_html(_paragraphs(str(words().lagging(lagging))))
        return s

    def recommendations(self) -> Section:
        return self.adjustment_proposals()

    def adjustment_proposals(self) -> Section:
        s = Section()
        if len(self.proposals):  # names only: the table's reasons carry figures
            s.add_html(_paragraphs(str(words().adjustments(self.proposals.names))))
        return s

    def benchmarks(self) -> Section:
        return Section()  # every figure of the comparison is a value

    def data_notes(self) -> Section:
        return Section().add_html(_paragraphs(str(words().data_note)))

    def survey(self) -> Section:
        return Section()  # the survey's shares are figures

    def annexes(self) -> Section:
        return Section()  # the annexed special plans' reports hold their values


def _counts(frame) -> dict[str, int]:
    from planeval.report.narrative import category_counts

    return category_counts(frame)


def _paragraphs(text: str) -> str:
    from planeval.report.document import paragraphs

    return paragraphs(text)
