"""专项规划 in a 纲要's report: the catalogue overview and the annexed special plans.

- `catalogue_summary`: the 专项规划目录清单 (data/raw/<plan>/special_plans.csv) as a
  paragraph and a table — which plans were evaluated (a plan of the project), which
  submitted their evaluation report, which are filed (备案), which have the chapter
  on adjustments the seeds require, and which go to the 人大.
- `annex_outputs`: the report of each special plan named in ``annex_plans``, replayed
  from its executed notebook (``<outputs>/<plan>/<plan>.ipynb``, so the batch builds
  it first) behind a 附件N cover, for HTML, PDF and Word alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from planeval.errors import Location, PlanevalError
from planeval.report import blocks
from planeval.report.narrative import label, render_text
from planeval.report.sections import SectionSummary, SimpleTable

CATALOGUE_FILE = "专项规划目录.csv"  # written beside the report, read by outputs/index.html
HIDDEN_TAGS = {"parameters", "injected-parameters", "machinery"}
_COVER = '<div class="report-title cover">'


def catalogue_status(catalogue: pd.DataFrame) -> pd.DataFrame:
    """One row per special plan: name, department, form and the status flags
    (evaluated = it is evaluated as a plan of the project)."""
    c = catalogue.copy()
    c["evaluated"] = c["plan_id"].fillna("").astype(str).str.len() > 0
    return c


# Always in the table; 报人大 and 已评估 only where some plan has them (河北区's catalogue
# sends none to the 人大 and evaluates none as a plan of the project).
STATUS_COLUMNS = ("submitted", "filed", "adjustment_chapter")
OPTIONAL_COLUMNS = ("to_congress", "evaluated")


def catalogue_summary(data, config) -> SectionSummary:
    catalogue = getattr(data, "special_plans", None)
    if catalogue is None or catalogue.empty:
        return SectionSummary("")
    c = catalogue_status(catalogue)
    words = label("special_plans_table")
    yes_no = label("yes_no")
    flag = {True: yes_no["yes"], False: yes_no["no"]}
    columns = [k for k in OPTIONAL_COLUMNS if c[k].any()] + list(STATUS_COLUMNS)
    texts = ["name", "department"] + (["form"] if c["form"].astype(str).str.strip().any() else [])
    table = SimpleTable(
        words["caption"],
        [words["order"]] + [words[k] for k in texts] + [words[k] for k in columns],
        [
            [str(i)] + [str(r[k]) for k in texts] + [flag[bool(r[k])] for k in columns]
            for i, (_, r) in enumerate(c.iterrows(), start=1)
        ],
        nowrap={0, *range(1 + len(texts), 1 + len(texts) + len(columns))},
        widths=[4, 24, 13, *([13] if "form" in texts else []), *([6] * len(columns))],
    )
    counts = {k: int(c[k].sum()) for k in (*OPTIONAL_COLUMNS, *STATUS_COLUMNS)}
    annexed = set(config.annex_plans)
    text = render_text(
        "special_plans.txt.j2",
        region=config.region,
        period=config.period,
        evaluation_name=config.evaluation_name,
        n=len(c),
        counts=counts,
        annexed=[str(r["name"]) for _, r in c.iterrows() if r["plan_id"] in annexed],
        missing=[str(r["name"]) for _, r in c.iterrows() if not r["submitted"]],
    )
    return SectionSummary(text, [table], figures={"n": len(c), **counts})


def write_catalogue(catalogue: pd.DataFrame, path: Path) -> Path:
    from planeval.outputs import write_text

    c = catalogue_status(catalogue)
    return write_text(path, c.to_csv(index=False))


class StoredOutput:
    """A display object replaying one output of an executed report notebook."""

    def __init__(self, data: dict[str, Any], metadata: dict | None = None, content=None):
        self.bundle = {k: "".join(v) if isinstance(v, list) else v for k, v in data.items()}
        self.metadata = dict(metadata or {})
        if content is not None:  # the Word exporter reads the blocks from the bundle
            self.bundle[blocks.BLOCKS_MIME] = {"blocks": content}
        self.blocks = _blocks_of(self.bundle)
        self.data = self.bundle.get("text/html") or (
            '<img alt="">' if "image/png" in self.bundle else ""
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle, self.metadata


def _blocks_of(bundle: dict) -> list:
    stored = bundle.get(blocks.BLOCKS_MIME)
    return list(stored.get("blocks", [])) if isinstance(stored, dict) else []


def annex_notebook(output_dir: Path, plan_id: str) -> Path:
    """Where the batch writes a plan's executed notebook: beside this report's folder."""
    return Path(output_dir).parent / plan_id / f"{plan_id}.ipynb"


def annex_outputs(plan_id: str, number: int, output_dir: Path) -> list[StoredOutput]:
    """The outputs of one annexed special plan's report, its title block as a 附件N
    cover (a new page in PDF and Word)."""
    path = annex_notebook(output_dir, plan_id)
    if not path.is_file():
        raise PlanevalError(
            f"附件专项规划「{plan_id}」的评估报告尚未生成",
            Location(file=path),
            expected=f"先运行 planeval run {plan_id}（planeval batch 会先生成附件规划的报告）",
        )
    from planeval.run.nbfiles import nbformat  # only a plan with annexes reads one

    nb = nbformat().read(path, as_version=4)
    outputs = [
        o
        for cell in nb.cells
        if cell.cell_type == "code" and not HIDDEN_TAGS & set(cell.metadata.get("tags", []))
        for o in cell.get("outputs", [])
        if o.get("output_type") in ("display_data", "execute_result") and o.get("data")
    ]
    if not outputs or _COVER not in "".join(outputs[0]["data"].get("text/html", "")):
        raise PlanevalError(
            f"附件专项规划「{plan_id}」的报告笔记本不完整（没有标题）",
            Location(file=path),
            expected=f"重新运行 planeval run {plan_id}",
        )
    mark = label("annex").format(n=number)
    title = StoredOutput(outputs[0]["data"], outputs[0].get("metadata"))
    cover = title.bundle["text/html"].replace(
        _COVER,
        f'<div class="report-title cover pe-annex"><p class="pe-annex-label">{mark}</p>',
        1,
    )
    head = [{"kind": "page_break"}, blocks.paragraph(mark, bold=True)]
    title_blocks = [b for b in title.blocks if b["kind"] == "title"]
    replay = [
        StoredOutput({**title.bundle, "text/html": cover}, title.metadata, head + title_blocks)
    ]
    replay += [StoredOutput(o["data"], o.get("metadata")) for o in outputs[1:]]
    return replay
