"""对标标兵城市 (江北区 §三(六) 兄弟区县发展成效比较分析和创新做法借鉴): the plan's figures
beside its 标兵城市's, by field, with their sources and the evaluator's 经验做法.

`benchmark_summary(data, frame, config)` returns a `SectionSummary`: the drafted
paragraphs (templates/narrative/benchmarks.txt.j2), one table (领域, 指标, the plan's
region, each city) and, in `figures`, the cities, the sources per city and the 经验做法
per city (texts/benchmarks.md by heading, else the file's 经验做法 column). The
comparison group is named as what it is: 标兵城市. Indicators were matched by code,
and a unit or definition mismatch refused, when the file was read (data.benchmarks).
"""

from __future__ import annotations

import pandas as pd

from planeval.data.benchmarks import cities as benchmark_cities
from planeval.data.benchmarks import practices
from planeval.report.narrative import ValueFormat, label, render_text
from planeval.report.sections import SectionSummary, SimpleTable


def _own_value(code: str, year: int, data, frame: pd.DataFrame) -> tuple[float, int] | None:
    """The plan's value of an indicator of its table: the benchmark year's, else the latest."""
    annual = data.annual[data.annual["indicator_id"] == code]
    same = annual[annual["year"] == year]
    if len(same):
        return float(same["value"].iloc[0]), year
    row = frame[frame["indicator_id"] == code]
    if len(row) and pd.notna(row["latest_value"].iloc[0]):
        return float(row["latest_value"].iloc[0]), int(row["latest_year"].iloc[0])
    return None


def benchmark_summary(data, frame: pd.DataFrame, config) -> SectionSummary:
    bench = getattr(data, "benchmarks", None)
    if bench is None or bench.empty:
        return SectionSummary("")
    words = label("benchmarks_table")
    region = config.region
    cities = benchmark_cities(bench, region)
    year = int(bench["year"].mode().iloc[0])
    rows, items = [], []
    for code, g in bench.groupby("indicator_id", sort=False):
        first = g.iloc[0]
        values: dict[str, tuple[float, int]] = {
            str(r["city"]): (float(r["value"]), int(r["year"])) for _, r in g.iterrows()
        }
        if region not in values:
            own = _own_value(str(code), year, data, frame)
            if own is not None:
                values[region] = own
        fmt = ValueFormat.of(str(first["unit"]), [v for v, _ in values.values()])

        def cell(city: str, _v=values, _f=fmt) -> str:
            if city not in _v:
                return words["dash"]
            v, y = _v[city]
            return _f(v) + (words["year_note"].format(year=y) if y != year else "")

        name_unit = f"{first['name']}（{first['unit']}）"
        rows.append([str(first["field"]), name_unit] + [cell(c) for c in (region, *cities)])
        items.append(
            {
                "field": str(first["field"]),
                "name": str(first["name"]),
                "unit": fmt.unit,
                "values": [(c, cell(c)) for c in (region, *cities) if c in values],
            }
        )
    table = SimpleTable(
        words["caption"].format(year=year),
        [words["field"], words["indicator"], region, *cities],
        rows,
        numeric=set(range(2, 3 + len(cities))),
        nowrap={0},
    )
    fields = [f for f in dict.fromkeys(bench["field"]) if f]
    sources = {
        city: "；".join(dict.fromkeys(g["source"])) for city, g in bench.groupby("city", sort=False)
    }
    written = practices(data.texts.get("benchmarks", "")) if data.texts else {}
    practice = {}
    for city in cities:
        column = [p for p in dict.fromkeys(bench[bench["city"] == city]["practice"]) if p]
        practice[city] = written.get(city) or "\n\n".join(column)
    by_field = {f: [it for it in items if it["field"] == f] for f in dict.fromkeys(bench["field"])}
    text = render_text(
        "benchmarks.txt.j2",
        cities=cities,
        fields=fields,
        n=len(rows),
        groups=list(by_field.items()),
        year=year,
    )
    figures = {"cities": cities, "sources": sources, "practice": practice, "year": year}
    return SectionSummary(text, [table], figures=figures)
