"""A Word document in the layout of official documents (GB/T 9704-2012), from report blocks.

`build_docx(items, title)` turns the report's content (blocks from
`planeval.report.blocks`, and PNG figures) into .docx bytes with python-docx:

- **Page**: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a
  document grid of 22 lines of 28 characters (三号 body text).
- **Fonts** (East Asian font of each run, Times New Roman for Latin letters and
  digits): title 方正小标宋简体 二号; body 仿宋_GB2312 三号; 一、 headings 黑体 三号;
  （一） 楷体_GB2312 三号; 1． 仿宋_GB2312 bold. The font table names an alternative for
  each (仿宋, 楷体, 华文中宋 …) so Word and WPS substitute a close face where the
  official one is not installed.
- **Page numbers**: 4号 半角宋体 "— 1 —", odd pages right and even pages left, one
  character in from the edge of the text block.
- **Tables**: Word tables with a repeated header row and rows that do not split; the
  主要指标完成情况表 (``landscape`` blocks) gets a landscape section of its own.
- **Figures**: the report's PNG charts (200 dpi) at text width, with their numbered
  captions kept on the same page.

Headings use Word's built-in 标题 1–3 styles (so the navigation pane and a table
of contents work) restyled as above; everything is editable text.
"""

from __future__ import annotations

import copy
import functools
import io
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from planeval.errors import Location, PlanevalError

# --- GB/T 9704-2012 -----------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
FOOTER_DISTANCE = Mm(24)  # page number line about 7 mm below the text block

# 字号 in points
ERHAO, SANHAO, SIHAO, XIAOSI, WUHAO, XIAOWU = 22, 16, 14, 12, 10.5, 9

LATIN_FONT = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# The font table's alternative name of each official face (what Word/WPS use when the
# face is missing), and its family class.
FONT_ALTERNATIVES = {
    TITLE_FONT: ("华文中宋", "roman"),
    BODY_FONT: ("仿宋", "modern"),
    HEADING2_FONT: ("楷体", "script"),
    HEADING1_FONT: ("SimHei", "modern"),
    PAGE_NUMBER_FONT: ("SimSun", "auto"),
    "仿宋": ("FangSong", "modern"),
    "楷体": ("KaiTi", "script"),
}
PLACEHOLDER_COLOR = RGBColor(0xC0, 0x00, 0x00)
FIGURE_WIDTH = Mm(150)
HEADER_FILL = "#E7EBF0"

# Heading levels of the report's HTML (h2 一、, h3 （一）, h4 1．) → Word heading styles.
HEADING_STYLES = {2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _line_pitch() -> float:
    """Points per line: the text block's height over 22 lines."""
    height = Emu(PAGE_HEIGHT - MARGINS["top"] - MARGINS["bottom"])
    return height.pt / LINES_PER_PAGE


# --- low-level formatting ------------------------------------------------------------

# Elements that must follow the one inserted (WordprocessingML fixes child order; Word
# rejects a file whose order is wrong even where LibreOffice does not).
_AFTER = {
    "w:snapToGrid": (
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:spacing": (
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ),
    "w:shd": (
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
        "w:headers",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
        "w:tcPrChange",
    ),
    "w:docGrid": ("w:printerSettings", "w:sectPrChange"),
}


def _put(parent, tag: str, **attrs: str):
    """Add (or replace) child `tag` of `parent` in schema order; returns it."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    parent.insert_element_before(child, *_AFTER[tag])
    return child


def set_fonts(rpr_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a run or style: East Asian face, Latin face, no theme fonts."""
    rpr = rpr_owner.get_or_add_rPr() if hasattr(rpr_owner, "get_or_add_rPr") else rpr_owner
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_font(style, east_asian: str, size: float, bold: bool = False, latin=LATIN_FONT):
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), east_asian, latin)


def _first_line_chars(paragraph_format_owner, chars: int = 2, size: float = SANHAO) -> None:
    """First-line indent of `chars` characters (w:firstLineChars, with a point fallback)."""
    ind = paragraph_format_owner.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size * 20)))


@functools.lru_cache(maxsize=64)
def _cell_format(align: str | None, keep: bool):
    """The paragraph properties (w:pPr) of a table cell, built on a scratch paragraph
    (callers copy it)."""
    p = Paragraph(OxmlElement("w:p"), None)
    p.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(1)
    fmt.keep_with_next = keep
    _no_grid(p)
    return p._p.pPr


@functools.lru_cache(maxsize=64)
def _run_format(size: float, header: bool, bold: bool, color: str | None):
    """The run properties (w:rPr) of a table cell's text (callers copy it)."""
    run = Paragraph(OxmlElement("w:p"), None).add_run("")
    run.font.size = Pt(size)
    if header:
        set_fonts(run._r, HEADING1_FONT)
    elif bold:
        run.bold = True
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    return run._r.get_or_add_rPr()


def _no_grid(paragraph) -> None:
    """Leave the document grid: table cells and figures keep their own spacing."""
    _put(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val="0")


def _line_exact(fmt, points: float) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)


def _doc_grid(section) -> None:
    """A line grid of 22 lines a page. The 28 characters a line come from the body
    style's character spacing (`CHAR_SPACING`), not from a character grid: with a
    character grid of 15.8 pt, LibreOffice gives each 16 pt character two cells."""
    _put(section._sectPr, "w:docGrid", type="lines", linePitch=str(round(_line_pitch() * 20)))


def _char_spacing() -> float:
    """Points to take from each 三号 character so that 28 fit the text width."""
    width = Emu(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]).pt
    pitch = width / CHARS_PER_LINE
    return -(math.ceil((SANHAO - pitch) * 20) / 20)  # in 1/20 pt, rounded to fit


def _font_table(doc) -> None:
    """Name an alternative for each official face in word/fontTable.xml."""
    from lxml import etree

    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, (alt, family) in FONT_ALTERNATIVES.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": family})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- page set-up ---------------------------------------------------------------------


def _page(section, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
        # The portrait margins turned with the page: binding edge stays on the left.
        section.top_margin, section.bottom_margin = MARGINS["left"], MARGINS["right"]
        section.left_margin, section.right_margin = MARGINS["top"], MARGINS["bottom"]
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = FOOTER_DISTANCE if not landscape else Mm(15)
    section.header_distance = Mm(15)
    _doc_grid(section)


def _page_number(paragraph, align, indent_side: str) -> None:
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    one_char = Pt(SIHAO)
    if indent_side == "right":
        fmt.right_indent = one_char
    else:
        fmt.left_indent = one_char
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)

    def text(t: str):
        r = paragraph.add_run(t)
        r.font.size = Pt(SIHAO)
        set_fonts(r._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        return r

    text("— ")
    for kind, body in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        r = text("")
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = body
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        if kind == "separate":
            text("1")
    text(" —")


def _footers(doc, section) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    _page_number(odd, WD_ALIGN_PARAGRAPH.RIGHT, "right")
    even = section.even_page_footer.paragraphs[0]
    _page_number(even, WD_ALIGN_PARAGRAPH.LEFT, "left")


# --- styles --------------------------------------------------------------------------


def _styles(doc) -> None:
    styles = doc.styles
    # Document defaults: no theme fonts, Chinese language (line breaking, punctuation).
    rpr_default = (
        styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    set_fonts(rpr_default, BODY_FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _style_font(normal, BODY_FONT, SANHAO)
    _put(normal.element.get_or_add_rPr(), "w:spacing", val=str(round(_char_spacing() * 20)))
    fmt = normal.paragraph_format
    _line_exact(fmt, _line_pitch())
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = True

    for level, (font, bold) in {
        "Heading 1": (HEADING1_FONT, False),
        "Heading 2": (HEADING2_FONT, False),
        "Heading 3": (BODY_FONT, True),
    }.items():
        style = styles[level]
        _style_font(style, font, SANHAO, bold)
        f = style.paragraph_format
        _line_exact(f, _line_pitch())
        f.space_before = f.space_after = Pt(0)
        f.keep_with_next = True
        f.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _first_line_chars(style.element)

    title = styles["Title"]
    _style_font(title, TITLE_FONT, ERHAO)
    # The Title style of the default template has a bottom border and spacing: drop them.
    ppr = title.element.get_or_add_pPr()
    for child in list(ppr):
        if child.tag in (qn("w:pBdr"), qn("w:spacing"), qn("w:contextualSpacing")):
            ppr.remove(child)
    tf = title.paragraph_format
    tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line_exact(tf, 2 * _line_pitch() * 0.6)
    tf.space_before, tf.space_after = Pt(0), Pt(_line_pitch())
    rpr = title.element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag in (qn("w:spacing"), qn("w:kern")):
            rpr.remove(child)

    caption = styles["Caption"]
    _style_font(caption, BODY_FONT, SIHAO, bold=True)
    cf = caption.paragraph_format
    cf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cf.space_before, cf.space_after = Pt(3), Pt(6)


# --- content -------------------------------------------------------------------------


class DocxBuilder:
    """Adds blocks and figures to a python-docx Document in the GB/T 9704 layout."""

    def __init__(self, title: str = ""):
        self.doc = Document()
        self.doc.core_properties.title = title
        self.doc.core_properties.language = "zh-CN"
        self.doc.core_properties.author = "planeval"
        _styles(self.doc)
        _font_table(self.doc)
        section = self.doc.sections[0]
        _page(section)
        _footers(self.doc, section)
        self._first = True
        # Style ids looked up once: python-docx looks a style up by name, and the default
        # style too, for every styled paragraph (a sixth of the export's time).
        names = ("Title", "Caption", "Table Grid", *HEADING_STYLES.values())
        self._style_ids = {name: self.doc.styles[name].style_id for name in names}

    def _paragraph(self, style: str, text: str = ""):
        """`doc.add_paragraph(text, style=style)` with the style id looked up once."""
        p = self.doc.add_paragraph(text)
        p._p.style = self._style_ids[style]
        return p

    # paragraphs
    def _runs(self, paragraph, runs: Iterable[dict], size: float | None = None, bold=None):
        for r in runs:
            for k, piece in enumerate(r["text"].split("\n")):
                if k:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                if not piece:
                    continue
                run = paragraph.add_run(piece)
                if r.get("bold") or bold:
                    run.bold = True
                if size:
                    run.font.size = Pt(size)
                if r.get("role") == "placeholder":
                    run.bold = True
                    run.font.color.rgb = PLACEHOLDER_COLOR

    def title(self, block: dict) -> None:
        self._paragraph("Title", block["title"])
        for line in block["lines"]:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line["text"])
            if line["role"] == "subtitle":
                set_fonts(run._r, HEADING2_FONT)
            elif line["role"] == "meta":
                run.font.size = Pt(SIHAO)
        self.doc.add_paragraph()

    def heading(self, block: dict) -> None:
        style = HEADING_STYLES.get(block["level"])
        if block["level"] == 1:
            self.title({"title": "".join(r["text"] for r in block["runs"]), "lines": []})
            return
        p = self._paragraph(style) if style else self.doc.add_paragraph()
        if style is None:  # deeper levels: a bold run-in line in body text
            _first_line_chars(p._p)
            p.paragraph_format.keep_with_next = True
        self._runs(p, block["runs"], bold=style is None)

    def paragraph(self, block: dict) -> None:
        role = block.get("role", "body")
        if role == "caption":
            p = self._paragraph("Caption")
            self._runs(p, block["runs"])
            return
        p = self.doc.add_paragraph()
        if role in ("footnote",):
            self._small(p)
            self._runs(p, block["runs"], size=WUHAO)
            return
        _first_line_chars(p._p)
        self._runs(p, block["runs"])

    def _small(self, p) -> None:
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_after = Pt(2)
        _no_grid(p)

    def list(self, block: dict) -> None:
        for k, runs in enumerate(block["items"], start=1):
            p = self.doc.add_paragraph()
            _first_line_chars(p._p)
            mark = f"（{k}）" if block["ordered"] else "——"
            self._runs(p, [{"text": mark, "bold": False}, *runs])

    def figure(self, png: bytes) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.keep_with_next = True  # the caption follows on the same page
        fmt.space_before = Pt(6)
        _no_grid(p)
        p.add_run().add_picture(io.BytesIO(png), width=FIGURE_WIDTH)

    # tables
    def table(self, block: dict) -> None:
        landscape = block.get("landscape", False)
        if landscape:
            self._section(landscape=True)
        size = XIAOWU if block.get("size") == "small" else WUHAO
        if block["caption"]:
            cap = self._paragraph("Caption")
            cap.add_run(block["caption"])
            cap.paragraph_format.keep_with_next = True
        if block.get("subtitle"):
            sub = self.doc.add_paragraph()
            sub.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self._small(sub)
            sub.paragraph_format.keep_with_next = True
            sub.add_run(block["subtitle"]).font.size = Pt(size)
        rows = [*block["header"], *block["rows"]]
        n_cols = max((sum(c.get("span", 1) for c in row) for row in rows), default=1)
        table = self.doc.add_table(rows=len(rows), cols=n_cols)
        table._tbl.tblStyle_val = self._style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = self._widths(block.get("widths") or _content_weights(rows, n_cols), n_cols)
        for i, row in enumerate(rows):
            tr = table.rows[i]
            trpr = tr._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            if i < len(block["header"]):
                trpr.append(OxmlElement("w:tblHeader"))  # repeated on every page
            # The row's cells, looked up once (python-docx walks the row for each lookup);
            # a merge leaves the cells after it in their grid places.
            cells = tr.cells
            j = 0
            for src in row:
                span = src.get("span", 1)
                target = cells[j]
                if span > 1:
                    target = target.merge(cells[j + span - 1])
                self._cell(target, src, size, header=i < len(block["header"]))
                j += span
            for k, c in enumerate(tr.cells):
                c.width = widths[k]
        for k, column in enumerate(table.columns):
            column.width = widths[k]  # the grid LibreOffice reads
        for note in block.get("footnotes", []):
            p = self.doc.add_paragraph()
            self._small(p)
            p.add_run(note).font.size = Pt(size)
        if not block.get("footnotes"):
            spacer = self.doc.add_paragraph()
            self._small(spacer)
        if landscape:
            self._section(landscape=False)

    def _widths(self, weights, n: int) -> list[int]:
        width = _text_width(self.doc.sections[-1])
        weights = list(weights) if weights and len(weights) == n else [1.0] * n
        total = sum(weights)
        return [int(width * w / total) for w in weights]

    def _cell(self, target, src: dict, size: float, header: bool) -> None:
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = target.paragraphs[0]
        # A report's tables have ~1,400 cells in a few formats: each format's paragraph
        # and run properties are built once with python-docx and copied into the cells
        # (setting them cell by cell was two thirds of the Word export).
        keep = bool(src.get("keep_with_next"))  # a group row stays with its rows
        if p._p.pPr is not None:
            p._p.remove(p._p.pPr)
        p._p.insert(0, copy.deepcopy(_cell_format(src.get("align"), keep)))
        bold, color = not header and bool(src.get("bold")), src.get("color")
        rpr = _run_format(size, header, bold, color)
        for k, line in enumerate(src["text"].split("\n")):
            if k:
                p.add_run().add_break(WD_BREAK.LINE)
            run = p.add_run(line)
            run._r.insert(0, copy.deepcopy(rpr))
        fill = src.get("fill") or (HEADER_FILL if header else None)
        if fill:
            tcpr = target._tc.get_or_add_tcPr()
            _put(tcpr, "w:shd", val="clear", color="auto", fill=fill.lstrip("#").upper())

    def _section(self, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=landscape)

    def add(self, item: dict[str, Any]) -> None:
        kind = item["kind"]
        if kind == "image":
            self.figure(item["png"])
        elif kind == "title":
            self.title(item)
        elif kind == "heading":
            self.heading(item)
        elif kind == "paragraph":
            self.paragraph(item)
        elif kind == "list":
            self.list(item)
        elif kind == "table":
            self.table(item)
        elif kind == "page_break":  # an annex (附件) starts on a new page
            self.doc.add_page_break()

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _content_weights(rows: list[list[dict]], n_cols: int) -> list[float]:
    """Column weights for tables that bring no widths (pandas, Markdown, section
    tables): the longest body text of each column (CJK counts double), within limits;
    headers may wrap, so they count only up to a few characters."""
    weights = [4.0] * n_cols
    for row in rows:
        if len(row) != n_cols:
            continue  # rows with spans say nothing about single columns
        for k, c in enumerate(row):
            longest = max((_display_width(line) for line in c["text"].split("\n")), default=0)
            if c.get("bold") and c.get("align") == "center":  # a header cell
                longest = min(longest, 8)
            weights[k] = max(weights[k], min(float(longest), 30.0))
    return weights


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def build_docx(items: Iterable[dict[str, Any]], title: str = "") -> bytes:
    """The .docx bytes of a report's blocks and figures (``{"kind": "image", "png": …}``)."""
    builder = DocxBuilder(title)
    for item in items:
        builder.add(item)
    return builder.to_bytes()


# --- checking with LibreOffice ---------------------------------------------------------

# Where the official faces are missing (Linux), fontconfig is told which installed
# CJK face stands in for each: Song/Fang Song/Kai families → Noto Serif CJK SC,
# Hei → Noto Sans CJK SC.
_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""
SERIF_FACES = ("方正小标宋简体", "华文中宋", "仿宋_GB2312", "仿宋", "楷体_GB2312", "楷体", "宋体")
SANS_FACES = ("黑体",)


def _fontconfig(folder: Path) -> Path:
    def alias(name: str, to: str) -> str:
        return (
            f'  <alias binding="same"><family>{name}</family>'
            f"<prefer><family>{to}</family></prefer></alias>"
        )

    lines = [alias(n, "Noto Serif CJK SC") for n in SERIF_FACES]
    lines += [alias(n, "Noto Sans CJK SC") for n in SANS_FACES]
    path = folder / "fonts.conf"
    path.write_text(_FONTCONFIG.format(aliases="\n".join(lines)), "utf-8")
    return path


def find_soffice() -> Path:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise PlanevalError(
        "找不到 LibreOffice（soffice），无法把 Word/Excel 文件转换为 PDF",
        expected="已安装 LibreOffice",
        hint="sudo apt-get install libreoffice-writer libreoffice-calc",
    )


# LibreOffice's own start-up notice on machines without Java: not about the document.
_SOFFICE_NOISE = ("failed to launch javaldx",)


def libreoffice_pdf(path: Path | str, out_dir: Path | str, timeout: float = 180) -> Path:
    """Convert a .docx or .xlsx to PDF with LibreOffice; returns the PDF path."""
    return libreoffice_convert(path, out_dir, timeout)[0]


def libreoffice_convert(
    path: Path | str, out_dir: Path | str, timeout: float = 180
) -> tuple[Path, list[str]]:
    """Convert a .docx or .xlsx to PDF with LibreOffice (headless, a fresh profile,
    the CJK stand-in fonts above); returns the PDF and LibreOffice's warnings. Used
    to check what a printed copy looks like."""
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="planeval-soffice-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(Path(profile))))
        proc = subprocess.run(
            [
                str(soffice),
                f"-env:UserInstallation=file://{profile}/user",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    pdf = out_dir / f"{path.stem}.pdf"
    messages = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and not any(n in line for n in _SOFFICE_NOISE)
    ]
    if proc.returncode != 0 or not pdf.is_file():
        raise PlanevalError(
            "LibreOffice 转换 PDF 失败",
            location=Location(file=path),
            hint="; ".join(messages) or proc.stdout.strip(),
        )
    return pdf, messages
