"""The report's content as structured blocks, for formats that are not HTML (Word).

Each part of a report `Section` carries, beside its HTML, a list of blocks: plain
JSON the executed notebook stores in the output under `BLOCKS_MIME`, next to
``text/html``. The HTML and PDF exporters ignore that type; the Word exporter
(`planeval.run.docx`) builds the document from it, so the .docx gets real
headings, paragraphs and tables rather than a conversion of web markup.

Blocks come from the report's own sources:

- tables from their objects (`indicator_table_block`, `simple_table_block`): the
  columns the report shows, numeric alignment, category fills, footnotes;
- evaluator and method texts from their Markdown (`markdown_blocks`, mistune's
  syntax tree), raw HTML in them kept as literal text as in the HTML report;
- the report's short template fragments (headings, drafted paragraphs, notes)
  from their markup (`html_blocks`): a small reader for the few tags those
  templates use, also the fallback for notebook outputs that carry no blocks.

Block kinds (dicts): ``title`` (title, lines), ``heading`` (level, runs),
``paragraph`` (runs, role), ``list`` (ordered, items), ``table`` (caption,
subtitle, header, rows, widths, landscape, footnotes). A run is
``{"text": str, "bold": bool}`` (plus ``"role": "placeholder"`` for a 待补充 mark);
a table cell is ``{"text", "align", "fill", "color", "bold", "span"}``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

BLOCKS_MIME = "application/vnd.planeval.blocks+json"
LANDSCAPE_COLUMNS = 8  # a wider 完成情况表 gets a landscape page in Word

Block = dict[str, Any]
Run = dict[str, Any]

# Evaluator Markdown: the same bold markers and heading shift as document.markdown_html.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BOLD_OPEN, _BOLD_CLOSE = "\ue001", "\ue002"
_MD_HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)


def run(text: str, bold: bool = False, role: str = "") -> Run:
    out: Run = {"text": text, "bold": bold}
    if role:
        out["role"] = role
    return out


def paragraph(text: str, role: str = "body", bold: bool = False) -> Block:
    return {"kind": "paragraph", "runs": [run(text, bold)], "role": role}


def block_text(block: Block) -> str:
    """The plain text of a block (tests, public-version checks)."""
    kind = block["kind"]
    if kind == "title":
        return "\n".join([block["title"], *(line["text"] for line in block["lines"])])
    if kind in ("heading", "paragraph"):
        return "".join(r["text"] for r in block["runs"])
    if kind == "list":
        return "\n".join("".join(r["text"] for r in item) for item in block["items"])
    if kind == "table":
        rows = [*block["header"], *block["rows"]]
        cells = "\n".join("\t".join(c["text"] for c in row) for row in rows)
        return "\n".join([block["caption"], block.get("subtitle", ""), cells, *block["footnotes"]])
    return ""


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent runs with the same formatting as one; empty runs dropped."""
    out: list[Run] = []
    for r in runs:
        if not r["text"]:
            continue
        if out and {k: v for k, v in out[-1].items() if k != "text"} == {
            k: v for k, v in r.items() if k != "text"
        }:
            out[-1] = {**out[-1], "text": out[-1]["text"] + r["text"]}
        else:
            out.append(dict(r))
    return out


def _strip(runs: list[Run]) -> list[Run]:
    runs = _merge(runs)
    if runs:
        runs[0] = {**runs[0], "text": runs[0]["text"].lstrip()}
        runs[-1] = {**runs[-1], "text": runs[-1]["text"].rstrip()}
    return [r for r in runs if r["text"]]


# --- tables ------------------------------------------------------------------------


def cell(
    text: str,
    align: str = "left",
    *,
    fill: str | None = None,
    color: str | None = None,
    bold: bool = False,
    span: int = 1,
) -> dict[str, Any]:
    return {"text": text, "align": align, "fill": fill, "color": color, "bold": bold, "span": span}


def _caption(number: int | None, caption: str, word: str = "表") -> str:
    return f"{word}{number}　{caption}" if number else caption


def indicator_table_block(table, number: int | None = None) -> Block:
    """The 主要指标完成情况表 as shown in the report: its report columns (whatever
    `IndicatorTable.columns` holds), category group rows, coloured category cells."""
    from planeval.report.style import CATEGORY_COLORS, OUTLOOK_COLORS, UNKNOWN_CATEGORY_COLOR

    columns = [c for c in table.columns if c.html]
    header = [[cell(c.header, "center", bold=True) for c in columns]]
    rows, previous = [], None
    for row, category in zip(table.rows, table.categories, strict=True):
        group = row["group"].text if "group" in row else ""
        if group and group != previous:
            group_row = cell(group, bold=True, fill="#EEF1F5", span=len(columns))
            rows.append([{**group_row, "keep_with_next": True}])
        previous = group
        cells = []
        for c in columns:
            src = row[c.key]
            if c.key in ("category", "outlook"):  # coloured as in the HTML and Excel tables
                if c.key == "category":
                    fill = CATEGORY_COLORS.get(category, UNKNOWN_CATEGORY_COLOR)
                else:
                    fill = OUTLOOK_COLORS.get(src.text, UNKNOWN_CATEGORY_COLOR)
                cells.append(cell(src.text, "center", fill=fill, color="#FFFFFF", bold=True))
            elif c.key == "ytd" and "（" in src.text:  # value, then its growth below
                value, growth = src.text.split("（", 1)
                cells.append(cell(f"{value}\n（{growth}", "right"))
            elif c.numeric:
                cells.append(cell(src.text, "right"))
            elif "pe-center" in src.css or "pe-nowrap" in src.css:
                cells.append(cell(src.text, "center"))
            else:
                cells.append(cell(src.text))
        rows.append(cells)
    return {
        "kind": "table",
        "caption": _caption(number, table.title),
        "subtitle": table.subtitle,
        "header": header,
        "rows": rows,
        "widths": [_width(c) for c in columns],
        "landscape": len(columns) > LANDSCAPE_COLUMNS,
        "footnotes": list(table.footnotes),
        "size": "small",
    }


def _width(column) -> float:
    """Relative width of a report column: the name column gets the most room."""
    widths = {
        "order": 4.5,
        "name_unit": 22.0,
        "attribute": 8.0,
        "target": 13.0,
        "category": 9.0,
        "outlook": 9.0,
    }
    return widths.get(column.key, float(column.width))


def simple_table_block(table, number: int | None = None) -> Block:
    """A section's compact table (sections.SimpleTable)."""
    header = [[cell(h, "center", bold=True) for h in table.columns]]
    rows = []
    for k, row in enumerate(table.rows):
        total = table.total_row and k == len(table.rows) - 1
        rows.append(
            [
                cell(
                    str(v),
                    "right" if j in table.numeric else "center" if j in table.nowrap else "left",
                    bold=total,
                )
                for j, v in enumerate(row)
            ]
        )
    return {
        "kind": "table",
        "caption": _caption(number, table.caption),
        "subtitle": "",
        "header": header,
        "rows": rows,
        "widths": getattr(table, "widths", None),
        "landscape": False,
        "footnotes": [],
        "size": "normal",
    }


# --- Markdown (evaluator texts, the method note) -------------------------------------


def markdown_blocks(text: str, top_level: int | None = 4) -> list[Block]:
    """Markdown as blocks, its top heading moved to `top_level` (as markdown_html does
    for evaluator texts); ``None`` keeps the levels as written (notebook cells)."""
    import mistune

    levels = [len(m.group(1)) for m in _MD_HEADING.finditer(text)]
    shift = top_level - min(levels) if levels and top_level else 0
    parse = mistune.create_markdown(renderer="ast", plugins=["table", "strikethrough"])
    marked = _BOLD.sub(lambda m: f"{_BOLD_OPEN}{m.group(1)}{_BOLD_CLOSE}", text)
    out: list[Block] = []
    for node in parse(marked):
        out += _md_block(node, shift)
    return out


def _md_block(node: dict, shift: int) -> list[Block]:
    kind = node["type"]
    if kind == "heading":
        level = min(max(node["attrs"]["level"] + shift, 1), 6)
        return [{"kind": "heading", "level": level, "runs": _md_runs(node["children"])}]
    if kind in ("paragraph", "block_text"):
        runs = _md_runs(node["children"])
        return [{"kind": "paragraph", "runs": runs, "role": "body"}] if runs else []
    if kind == "list":
        items = []
        for item in node["children"]:
            runs: list[Run] = []
            for child in item.get("children", []):
                if child["type"] in ("paragraph", "block_text"):
                    runs += _md_runs(child["children"])
                elif child["type"] == "list":  # a nested list continues the item
                    for sub in _md_block(child, shift):
                        for sub_item in sub["items"]:
                            runs += [run("；"), *sub_item]
            items.append(_merge(runs))
        return [{"kind": "list", "ordered": bool(node["attrs"].get("ordered")), "items": items}]
    if kind == "block_quote":
        return [b for child in node["children"] for b in _md_block(child, shift)]
    if kind in ("block_code", "block_html"):
        text = node.get("raw", "").strip()
        return [paragraph(text)] if text else []
    if kind == "table":
        return [_md_table(node)]
    return []  # blank lines, thematic breaks


def _md_runs(children: list[dict]) -> list[Run]:
    runs: list[Run] = []

    def walk(nodes, bold=False):
        for n in nodes:
            t = n["type"]
            if t in ("text", "codespan", "inline_html"):
                runs.append(run(n.get("raw", ""), bold))
            elif t == "strong":
                walk(n["children"], True)
            elif t in ("emphasis", "link", "strikethrough"):
                walk(n.get("children", []), bold)
            elif t == "linebreak":
                runs.append(run("\n", bold))
            elif t == "softbreak":
                continue  # Chinese text: a line break inside a paragraph is no space
            elif "children" in n:
                walk(n["children"], bold)

    walk(children)
    # Private-use bold markers (see markdown_html) toggle bold across runs.
    out: list[Run] = []
    bold_on = False
    for r in runs:
        parts = re.split(f"([{_BOLD_OPEN}{_BOLD_CLOSE}])", r["text"])
        for part in parts:
            if part == _BOLD_OPEN:
                bold_on = True
            elif part == _BOLD_CLOSE:
                bold_on = False
            elif part:
                out.append(run(part, r["bold"] or bold_on))
    return _strip(out)


def _md_table(node: dict) -> Block:
    header, rows = [], []
    for part in node["children"]:
        part_rows = [part["children"]] if part["type"] == "table_head" else part["children"]
        for row in part_rows:
            cells_ = row if part["type"] == "table_head" else row["children"]
            line = [
                cell(
                    "".join(r["text"] for r in _md_runs(c["children"])),
                    {"center": "center", "right": "right"}.get(c["attrs"].get("align"), "left"),
                    bold=part["type"] == "table_head",
                )
                for c in cells_
            ]
            (header if part["type"] == "table_head" else rows).append(line)
    return {
        "kind": "table",
        "caption": "",
        "subtitle": "",
        "header": header,
        "rows": rows,
        "widths": None,
        "landscape": False,
        "footnotes": [],
        "size": "normal",
    }


# --- the report's own HTML fragments -------------------------------------------------

_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[%‰]?|[—－–-]{1,2}")
_ROLES = {
    "pe-placeholder": "placeholder",
    "pe-caption": "caption",
    "pe-footnote": "footnote",
    "subtitle": "subtitle",
    "org": "org",
    "meta": "meta",
    "date": "date",
}
_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre"}
_SKIP_TAGS = {"style", "script"}


class _FragmentReader(HTMLParser):
    """Blocks from markup made by the report's templates (and pandas tables)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.lists: list[Block] = []
        self.table: Block | None = None
        self.row: list[dict] | None = None
        self.in_head = False
        self.cell_attrs: dict[str, str] = {}
        self.title: Block | None = None
        self.skip = 0

    # state helpers
    def _classes(self) -> set[str]:
        return {c for _, classes in self.stack for c in classes}

    def _bold(self) -> bool:
        return any(t in ("strong", "b", "th") for t, _ in self.stack)

    def _flush(self, tag: str | None = None, classes: set[str] | None = None) -> None:
        runs = _strip(self.runs)
        self.runs = []
        if not runs:
            return
        classes = classes or set()
        if self.title is not None and tag != "h1":
            role = next((_ROLES[c] for c in classes if c in _ROLES), "meta")
            self.title["lines"].append({"text": "".join(r["text"] for r in runs), "role": role})
            return
        if tag == "h1" and self.title is not None:
            self.title["title"] = "".join(r["text"] for r in runs)
        elif tag and tag[0] == "h" and tag[1:].isdigit():
            self.blocks.append({"kind": "heading", "level": int(tag[1]), "runs": runs})
        elif tag == "li" and self.lists:
            self.lists[-1]["items"].append(runs)
        else:
            role = next((_ROLES[c] for c in classes if c in _ROLES), "body")
            self.blocks.append({"kind": "paragraph", "runs": runs, "role": role})

    def handle_starttag(self, tag, attrs):
        attrs_d = {k: v or "" for k, v in attrs}
        classes = set(attrs_d.get("class", "").split())
        if tag in ("br", "wbr", "img", "meta", "hr"):
            if tag == "br":
                self.runs.append(run("\n", self._bold()))
            return
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag == "div" and "report-title" in classes:
            self.title = {"kind": "title", "title": "", "lines": []}
        if (tag in _BLOCK_TAGS or tag in ("ul", "ol", "table")) and self.table is None:
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append({"kind": "list", "ordered": tag == "ol", "items": []})
        elif tag == "table":
            self.table = {
                "kind": "table",
                "caption": "",
                "subtitle": "",
                "header": [],
                "rows": [],
                "widths": None,
                "landscape": False,
                "footnotes": [],
                "size": "normal",
            }
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.runs = []
            self.cell_attrs = attrs_d
        self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        if tag in ("br", "wbr", "img", "meta", "hr"):
            return
        # Close up to the matching tag (template markup is well formed; be lenient).
        names = [t for t, _ in self.stack]
        if tag not in names:
            return
        while self.stack:
            t, classes = self.stack.pop()
            self._close(t, classes | self._classes())
            if t == tag:
                break

    def _close(self, tag: str, classes: set[str]) -> None:
        if tag in _SKIP_TAGS:
            self.skip -= 1
        elif tag in ("td", "th") and self.table is not None and self.row is not None:
            text = "".join(r["text"] for r in _strip(self.runs)).strip()
            self.runs = []
            cell_classes = set(self.cell_attrs.get("class", "").split())
            numeric = "num" in cell_classes or bool(_NUMBER.fullmatch(text))
            align = "center" if tag == "th" else "right" if numeric and text else "left"
            self.row.append(
                cell(
                    text,
                    align,
                    bold=tag == "th" or self._bold(),
                    span=int(self.cell_attrs.get("colspan", "1") or 1),
                )
            )
        elif tag == "tr" and self.table is not None and self.row is not None:
            if self.row:
                head = self.in_head or all(c["bold"] and c["align"] == "center" for c in self.row)
                (self.table["header"] if head else self.table["rows"]).append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "caption" and self.table is not None:
            self.table["caption"] = "".join(r["text"] for r in _strip(self.runs))
            self.runs = []
        elif tag == "table" and self.table is not None:
            self.blocks.append(_fold_index_header(self.table))
            self.table = None
        elif tag in ("ul", "ol") and self.lists:
            self._flush("li")
            lst = self.lists.pop()
            if lst["items"]:
                self.blocks.append(lst)
        elif tag == "div" and "report-title" in classes and self.title is not None:
            self._flush()
            title, self.title = self.title, None
            self.blocks.append(title)
        elif tag in _BLOCK_TAGS and self.table is None:
            self._flush(tag, classes)

    def handle_data(self, data):
        if self.skip:
            return
        role = "placeholder" if "pe-placeholder" in self._classes() else ""
        text = re.sub(r"\s*\n\s*", "", data) if not data.strip() else data.replace("\n", "")
        self.runs.append(run(text, self._bold(), role))

    def close(self):
        super().close()
        while self.stack:
            t, classes = self.stack.pop()
            self._close(t, classes)
        self._flush()


def _fold_index_header(table: Block) -> Block:
    """pandas writes a named index as a second header row holding only that name;
    one header row reads better (and repeats better on each page)."""
    header = table["header"]
    if len(header) == 2 and len(header[0]) == len(header[1]):
        top, names = header
        if not top[0]["text"] and names[0]["text"] and not any(c["text"] for c in names[1:]):
            table["header"] = [[names[0], *top[1:]]]
    return table


def html_blocks(markup: str) -> list[Block]:
    """Blocks from a fragment of report markup (see the module docstring)."""
    reader = _FragmentReader()
    reader.feed(markup)
    reader.close()
    return reader.blocks
