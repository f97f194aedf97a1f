"""outputs/index.html: one page over the plans in the outputs folder, with links and
failures. A batch of a few plans merges into it: the others keep their earlier entries."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from planeval.outputs import write_text
from planeval.run.batch import PEER_ID, Result, finished_results

CATEGORIES = ("提前实现", "快于预期", "基本符合预期", "滞后于预期", "需人工判断")
OUTLOOKS = ("有望实现", "存在风险", "难以实现")
FORMAT_LABELS = {
    "html": "网页版",
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "指标表(Excel)",
    "ipynb": "笔记本",
}
LINK_ORDER = ("html", "pdf", "docx", "xlsx", "ipynb")  # what evaluators attach first


def _relative(path: str, outputs: Path) -> str:
    return Path(os.path.relpath(path, outputs)).as_posix()


def _links(result: Result, outputs: Path, formats=LINK_ORDER) -> list[tuple[str, str]]:
    """(label, relative href) for each output the result has, in `formats` order."""
    return [
        (FORMAT_LABELS[fmt], _relative(result.outputs[fmt], outputs))
        for fmt in formats
        if fmt in result.outputs
    ]


def _outlook_counts(result: Result) -> list[int]:
    """Indicators per outlook, from the assessment.csv the report wrote beside its outputs."""
    import pandas as pd

    for path in result.outputs.values():
        csv = Path(path).parent / "assessment.csv"
        if csv.is_file():
            frame = pd.read_csv(csv)
            if "outlook" not in frame.columns:
                break
            counts = frame["outlook"].value_counts()
            return [int(counts.get(o, 0)) for o in OUTLOOKS]
    return [0 for _ in OUTLOOKS]


def _period(result: Result) -> str:
    """The plan period's name, from the assessment.csv the report wrote (period column)."""
    import pandas as pd

    for path in result.outputs.values():
        csv = Path(path).parent / "assessment.csv"
        if csv.is_file():
            frame = pd.read_csv(csv, usecols=lambda c: c == "period")
            names = frame["period"].dropna().astype(str) if "period" in frame else []
            return str(names.iloc[0]) if len(names) else ""
    return ""


SPECIAL_COLUMNS = ("to_congress", "evaluated", "submitted", "filed", "adjustment_chapter")


def _catalogue(result: Result, outputs: Path, links: dict[str, str]) -> dict | None:
    """A 纲要's 专项规划目录 status (the CSV its report wrote): counts and every plan,
    linked to its report where it was evaluated in this outputs folder."""
    import pandas as pd

    from planeval.report.special_plans import CATALOGUE_FILE

    for path in result.outputs.values():
        csv = Path(path).parent / CATALOGUE_FILE
        if csv.is_file():
            frame = pd.read_csv(csv, keep_default_na=False)
            rows = [
                {
                    "name": r["name"],
                    "department": r["department"],
                    "flags": [str(r[c]) == "True" for c in SPECIAL_COLUMNS],
                    "href": links.get(str(r["plan_id"]), ""),
                }
                for _, r in frame.iterrows()
            ]
            counts = [sum(row["flags"][i] for row in rows) for i in range(len(SPECIAL_COLUMNS))]
            return {"region": result.region, "rows": rows, "counts": counts}
    return None


def write_overview(results: list[Result], outputs: Path) -> Path:
    env = Environment(
        loader=PackageLoader("planeval", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    plans = []
    latest = {r.plan_id: r for r in finished_results(outputs)} | {r.plan_id: r for r in results}
    peer = latest.get(PEER_ID)
    for r in sorted((r for r in latest.values() if r.plan_id != PEER_ID), key=lambda r: r.plan_id):
        links = _links(r, outputs)
        total = sum(r.categories.values())
        plans.append(
            {
                "id": r.plan_id,
                "region": r.region or r.plan_id,
                "period": _period(r),
                "status": r.status,
                "counts": [r.categories.get(c, 0) for c in CATEGORIES],
                "outlooks": _outlook_counts(r),
                "total": total,
                "links": links,
                "error": r.error,
                "failed_cell": r.failed_cell,
                "partial": _relative(r.partial_notebook, outputs) if r.partial_notebook else "",
            }
        )
    peer_links = _links(peer, outputs, formats=("html", "pdf", "docx")) if peer else []
    first_link = {p["id"]: p["links"][0][1] for p in plans if p["links"]}
    catalogues = [
        c
        for r in sorted(latest.values(), key=lambda r: r.plan_id)
        if r.plan_id != PEER_ID and (c := _catalogue(r, outputs, first_link))
    ]
    periods = {p["period"] for p in plans if p["period"]}
    html = env.get_template("overview.html.j2").render(
        plans=plans,
        period=periods.pop() if len(periods) == 1 else "",
        categories=CATEGORIES,
        outlooks=OUTLOOKS,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        peer=peer,
        peer_links=peer_links,
        catalogues=catalogues,
        special_columns=["报人大审议", "已评估", "已提交评估报告", "已备案", "设调整专章"],
    )
    return write_text(outputs / "index.html", html)
