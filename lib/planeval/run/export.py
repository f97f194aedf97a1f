"""Export an executed report notebook to self-contained HTML, A4 PDF and Word.

Three nbconvert exporters share one preparation (`ReportPreparation`: the tagged
cells below removed, code and prompts never shown). HTML and PDF share one
template (``planeval/templates/report``, extending nbconvert's "lab" template)
and one stylesheet (``report.css``):

- `ReportHTMLExporter`: a single HTML file with images inlined as base64 and
  no external request (no require.js, MathJax, Mermaid, web fonts or CDN).
- `ReportPDFExporter`: the same HTML printed to A4 by a system Chromium,
  Chrome or Edge (found by `planeval.run.browser.find_browser`) through
  nbconvert's webpdf route (Playwright), with real text (copyable, searchable)
  and a "第 N 页 / 共 M 页" footer.
- `ReportDocxExporter`: a Word document in the official-document layout
  (GB/T 9704, `planeval.run.docx`), built from the structured blocks each report
  output carries (`planeval.report.blocks`) and its PNG figures; outputs without
  blocks (markdown cells, pandas tables) are read from their Markdown or HTML.

Cell conventions for report notebooks
-------------------------------------
- Code inputs are never exported; neither are the In/Out prompts.
- Cells tagged ``parameters``, ``injected-parameters`` (papermill's) or
  ``machinery`` (imports, setup, data loading, anything a reader should not
  see) are removed entirely, outputs included.
- Outputs are the report: markdown display outputs (``IPython.display.Markdown``),
  HTML (tables from pandas, the title block), PNG images (matplotlib). Markdown
  cells are kept too.
- stderr streams (warnings, logging) are dropped; stdout (``print``) is kept
  as preformatted text, so do not print debugging output in a report.
- The first output should be the title block,
  ``<div class="report-title"><h1>标题</h1><p class="subtitle">…</p>
  <p class="org">评估单位</p><p class="date">2023年8月</p></div>``; its ``h1``
  also becomes the document (and PDF) title. Add class ``cover`` to the div to
  put the title block on a page of its own.
- Headings keep the numbering written in the text (``## 一、…``, ``### （一）…``);
  nothing is numbered automatically. Body paragraphs are justified and
  indented two characters.
- Table cells whose whole text is a number (``1,234.5``, ``-3.2``, ``6.5%``) or
  a dash (``—``, no figure) are right-aligned; other cells are left-aligned,
  headers centred; labels of up to 4 characters are not wrapped. Cells that
  carry their own class attribute are left as styled. Give tables a named index
  (or ``index=False``) and a ``<caption>`` (``Styler.set_caption``) for a
  centred table title that stays with the table.
- No widgets or JavaScript outputs: they cannot render without a network.

Exporting by hand
-----------------
After ``pip install -e .`` the exporters are registered with nbconvert::

    jupyter nbconvert --to planeval_html outputs/liunan/liunan.ipynb
    jupyter nbconvert --to planeval_pdf outputs/liunan/liunan.ipynb
    jupyter nbconvert --to planeval_docx outputs/liunan/liunan.ipynb

(both write next to the notebook; ``--output-dir DIR`` to write elsewhere).
For PDF a Chromium-family browser is needed: ``sudo apt-get install chromium``
on Debian/Ubuntu, Chrome or Edge on Windows/macOS, or set ``PLANEVAL_BROWSER``
to the executable. From Python, `export_report` writes all three at once.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import html as html_lib
import logging
import os
import re
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import Exporter, HTMLExporter
from nbconvert.exporters.webpdf import WebPDFExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Bool, Int, Unicode, default

from planeval.errors import Location, PlanevalError
from planeval.outputs import write_bytes
from planeval.run.browser import find_browser

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "report"

REMOVED_CELL_TAGS = frozenset({"parameters", "injected-parameters", "machinery"})

# Chromium flags for an offline, headless, possibly root run (a container).
BROWSER_ARGS = (
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

PAGE_MARGIN = {"top": "2.5cm", "bottom": "2.5cm", "left": "2cm", "right": "2cm"}
FOOTER_TEMPLATE = (
    '<div style="width:100%; text-align:center; font-size:9pt; color:#333;'
    " font-family:'Noto Serif CJK SC','Source Han Serif SC','SimSun',serif;\">"
    '第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页'
    "</div>"
)
HEADER_TEMPLATE = "<span></span>"  # Chromium's default header (date, title) is not wanted

# ---- template filters ----------------------------------------------------------

_TD = re.compile(r"<td(?P<attrs>\s[^>]*)?>(?P<text>[^<]*)</td>")
_CLASS = re.compile(r"""\bclass=(["'])(?P<names>.*?)\1""")
# A number, or a dash standing for "no figure" (aligned with the numbers around it).
_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[%‰]?|[—－–-]{1,2}")
SHORT_CELL = 4  # characters
_REPORT_TITLE = re.compile(r"""class=["'][^"']*\breport-title\b""")
_H1 = re.compile(r"<h1\b[^>]*>(?P<text>.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def classify_cells(html: str) -> str:
    """Add a class to each bare plain-text ``<td>``: "num" for a number (or a lone
    dash), "short" for a label of at most 4 characters (kept on one line by
    report.css, so "第一篇" or "滞后" is not stacked a character a line in a crowded
    table). Cells that already have a class are left as their author styled them."""

    def mark(match: re.Match[str]) -> str:
        attrs = match["attrs"] or ""
        if _CLASS.search(attrs):
            return match[0]
        text = html_lib.unescape(match["text"]).strip()
        if _NUMBER.fullmatch(text):
            name = "num"
        elif 0 < len(text) <= SHORT_CELL and " " not in text:
            name = "short"
        else:
            return match[0]
        return f'<td{attrs} class="{name}">{match["text"]}</td>'

    return _TD.sub(mark, html)


def report_title(nb: nbformat.NotebookNode, fallback: str = "") -> str:
    """The text of the ``h1`` in the first ``report-title`` output, else `fallback`."""
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            body = output.get("data", {}).get("text/html", "")
            if isinstance(body, list):
                body = "".join(body)
            if _REPORT_TITLE.search(body) and (h1 := _H1.search(body)):
                return html_lib.unescape(_TAG.sub("", h1["text"])).strip() or fallback
    return fallback


# ---- exporters -----------------------------------------------------------------


class ReportPreparation:
    """What every report exporter does first: remove the convention's tagged cells
    (parameters, papermill's injected parameters, machinery), on top of any
    configured tags. Mixed into the HTML, PDF and Word exporters."""

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        for preprocessor in self._preprocessors:
            if isinstance(preprocessor, TagRemovePreprocessor):
                preprocessor.enabled = True
                preprocessor.remove_cell_tags = set(preprocessor.remove_cell_tags) | set(
                    REMOVED_CELL_TAGS
                )


class ReportHTMLExporter(ReportPreparation, HTMLExporter):
    """A report notebook as one self-contained HTML file (code hidden, A4-ready CSS)."""

    export_from_notebook = "评估报告 HTML (planeval)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        # Only the package's templates: a "report" folder in the working directory
        # must not replace them.
        return [str(TEMPLATES_DIR)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self) -> bool:
        return True

    @default("embed_images")
    def _embed_images_default(self) -> bool:
        return True  # images referenced by markdown cells are inlined too

    @default("language_code")
    def _language_code_default(self) -> str:
        return "zh"  # lang="zh" makes browsers pick Simplified Chinese glyphs

    def default_filters(self) -> Iterable[tuple[str, Any]]:
        yield from super().default_filters()
        yield ("classify_cells", classify_cells)
        yield ("report_title", report_title)

    def from_notebook_node(self, nb, resources=None, **kw):
        """HTMLExporter's export without its second pass, which parses the whole page
        again with BeautifulSoup to give images without one an English alternative text
        and notebook cells a tabindex: the template gives every chart its caption as
        alternative text, and a report has no cells to move between. That pass was half
        the export's time (0.28 of 0.57 CPU-s on a 30-indicator report)."""
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class ReportPDFExporter(ReportHTMLExporter, WebPDFExporter):
    """The report HTML printed to paginated A4 PDF by a system Chromium-family browser.

    nbconvert's `WebPDFExporter` launches Playwright's own Chromium and prints one
    page; this one launches `find_browser()` (or `browser_path`) with flags for
    offline and container use, lets the CSS ``@page`` rules paginate on A4, adds a
    page-number footer and blocks every network request. The inherited traits
    ``disable_sandbox``, ``browser_args`` and ``page_render_timeout`` apply;
    ``paginate`` and ``allow_chromium_download`` do not (always A4 pages, never a
    download: the machine may be offline).
    """

    export_from_notebook = "评估报告 PDF (planeval)"

    browser_path = Unicode(
        "",
        help="Browser executable; empty: planeval.run.browser.find_browser() "
        "(PLANEVAL_BROWSER, then system Chromium/Chrome/Edge).",
    ).tag(config=True)

    launch_timeout = Int(60_000, help="Milliseconds to wait for the browser to start.").tag(
        config=True
    )

    page_numbers = Bool(True, help="Print '第 N 页 / 共 M 页' in the page footer.").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        """The report's HTML (ReportHTMLExporter) printed to PDF, as WebPDFExporter does."""
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return self.run_playwright(html), resources

    def run_playwright(self, html: str) -> bytes:
        """Print `html` to PDF bytes (the hook nbconvert's WebPDFExporter calls)."""
        executable = Path(self.browser_path) if self.browser_path else find_browser()
        options = {
            "format": "A4",
            "prefer_css_page_size": True,
            "margin": PAGE_MARGIN,
            "print_background": True,
            "display_header_footer": self.page_numbers,
            "header_template": HEADER_TEMPLATE,
            "footer_template": FOOTER_TEMPLATE,
            "outline": True,
            "tagged": True,
        }
        printer = shared_printer(executable, tuple(self._launch_args()), self.launch_timeout)
        return printer.print(html, options, self.page_render_timeout)

    def _launch_args(self) -> list[str]:
        args = [*BROWSER_ARGS, *self.browser_args]
        running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        if self.disable_sandbox or running_as_root:
            args.append("--no-sandbox")  # Chromium refuses to start as root otherwise
        return args


class Printer:
    """One browser (and its Playwright driver) kept for the life of the process, so a
    worker that prints many reports starts Chromium once; every report gets a fresh
    context and page. It runs on its own event-loop thread: callers may have a running
    loop (Jupyter) or none. A browser that died is launched again on the next print."""

    def __init__(self, executable: Path, args: tuple[str, ...], launch_timeout: int):
        self.executable, self.args, self.launch_timeout = executable, args, launch_timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._playwright = self._browser = None

    def print(self, html: str, options: dict, render_ms: int) -> bytes:
        with self._lock:
            return self._call(self._print(html, options, render_ms))

    def close(self) -> None:
        with self._lock:
            if self._loop.is_closed():
                return
            with contextlib.suppress(Exception):
                self._call(self._stop(), timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                self._loop.close()

    def _call(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _start(self):
        from playwright.async_api import async_playwright

        if self._browser is not None and self._browser.is_connected():
            return self._browser
        await self._stop()
        self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(
                executable_path=str(self.executable),
                args=list(self.args),
                timeout=self.launch_timeout,
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
            )
        except Exception as exc:
            await self._stop()
            raise PlanevalError(
                f"无法启动浏览器导出 PDF：{self.executable}",
                location=Location(file=self.executable),
                expected="可运行的 Chromium / Chrome / Edge（可用 PLANEVAL_BROWSER 指定）",
                hint=f"Browser failed to start: {exc}".splitlines()[0],
            ) from exc
        return self._browser

    async def _stop(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        if browser is not None:
            with contextlib.suppress(Exception):
                await browser.close()
        if playwright is not None:
            with contextlib.suppress(Exception):
                await playwright.stop()

    async def _print(self, html: str, options: dict, render_ms: int) -> bytes:
        browser = await self._start()
        context = await browser.new_context()
        try:
            page = await context.new_page()
            # The report is self-contained: anything remote is a mistake, and
            # on an offline machine it would only stall the print.
            await page.route(_is_remote, lambda route: route.abort())
            await page.emulate_media(media="print")
            await page.set_content(html, wait_until="load")
            await page.evaluate("document.fonts.ready")
            await page.wait_for_timeout(render_ms)
            return await page.pdf(**options)
        finally:
            await context.close()


def shared_printer(executable: Path, args: tuple[str, ...], launch_timeout: int) -> Printer:
    """The process's printer for this browser and these flags (made on first use)."""
    from planeval.run.kept import kept

    return kept(
        "printer", (str(executable), args), lambda: Printer(executable, args, launch_timeout)
    )


def close_printers() -> None:
    """Close this process's browsers (a new print launches one again)."""
    from planeval.run.kept import close_kept

    close_kept("printer")


def _is_remote(url: str) -> bool:
    return not url.startswith(("data:", "about:", "blob:"))


class ReportDocxExporter(ReportPreparation, Exporter):
    """The report as a Word document in the official-document layout (GB/T 9704).

    Content comes from the outputs in reading order: a report output's structured
    blocks (``application/vnd.planeval.blocks+json``), PNG figures, and, for outputs
    without blocks, their Markdown or HTML; stdout is kept as text, stderr dropped.
    """

    export_from_notebook = "评估报告 Word (planeval)"
    output_mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".docx"

    def from_notebook_node(self, nb, resources=None, **kw):
        from planeval.run.docx import build_docx

        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        title = report_title(nb_copy, resources.get("metadata", {}).get("name", ""))
        return build_docx(notebook_items(nb_copy), title=title), resources


def notebook_items(nb: nbformat.NotebookNode) -> list[dict]:
    """The blocks and figures of a (prepared) report notebook, in reading order."""
    from planeval.report.blocks import BLOCKS_MIME, html_blocks, markdown_blocks, paragraph

    items: list[dict] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            items += markdown_blocks(cell.source, top_level=None)
            continue
        for output in cell.get("outputs", ()):
            if output.get("output_type") == "stream":
                if output.get("name") == "stdout" and output.get("text", "").strip():
                    items += [paragraph(line) for line in output["text"].splitlines() if line]
                continue
            data = output.get("data", {})
            if BLOCKS_MIME in data:
                items += data[BLOCKS_MIME].get("blocks", [])
            elif "image/png" in data:
                png = data["image/png"]
                items.append({"kind": "image", "png": base64.b64decode("".join(png))})
            elif "text/html" in data:
                items += html_blocks("".join(data["text/html"]))
            elif "text/markdown" in data:
                items += markdown_blocks("".join(data["text/markdown"]), top_level=None)
            elif "text/plain" in data:
                items += [paragraph(line) for line in "".join(data["text/plain"]).splitlines()]
    return items


# ---- batch API -----------------------------------------------------------------

FORMATS = ("html", "pdf", "docx")
_EXPORTERS_LOCK = threading.RLock()


@functools.cache
def _exporter(cls: type[Exporter]) -> Exporter:
    """One exporter of each kind per process, as nbconvert's own command keeps one for
    every notebook it converts: its Jinja environment and compiled templates (about
    0.5 CPU-s for the report template) are made once, not for every report."""
    return cls()


def export_report(
    notebook_path: Path | str,
    out_dir: Path | str,
    formats: Iterable[str] = FORMATS,
) -> dict[str, Path]:
    """Export an executed report notebook; returns ``{"html": path, "pdf": path, …}``.

    The notebook is read and rendered to HTML once; the PDF is printed from that
    same HTML with one browser launch; the Word document is built from the same
    notebook. Files are named after the notebook (``<stem>.html``, ``<stem>.pdf``,
    ``<stem>.docx``) and written atomically (`planeval.outputs`), so an interrupted
    export never leaves a half file.
    """
    notebook_path = Path(notebook_path)
    out_dir = Path(out_dir)
    wanted = tuple(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; choose from {FORMATS}")
    if not notebook_path.is_file():
        raise PlanevalError(
            "找不到要导出的报告 notebook",
            location=Location(file=notebook_path),
            hint="run the report with papermill first",
        )
    out_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    nb = nbformat.read(notebook_path, as_version=4)
    resources = {
        "metadata": {
            "name": notebook_path.stem,
            "path": str(notebook_path.parent),
            "modified_date": datetime.fromtimestamp(notebook_path.stat().st_mtime).strftime(
                "%Y-%m-%d"
            ),
        }
    }
    with _EXPORTERS_LOCK:  # an exporter keeps per-call state while it converts
        html, _ = _exporter(ReportHTMLExporter).from_notebook_node(nb, resources=resources)
    rendered = time.perf_counter()

    written: dict[str, Path] = {}
    if "html" in wanted:
        written["html"] = write_bytes(out_dir / f"{notebook_path.stem}.html", html.encode())
    if "pdf" in wanted:
        pdf = _exporter(ReportPDFExporter).run_playwright(html)
        written["pdf"] = write_bytes(out_dir / f"{notebook_path.stem}.pdf", pdf)
    printed = time.perf_counter()
    if "docx" in wanted:
        with _EXPORTERS_LOCK:
            docx, _ = _exporter(ReportDocxExporter).from_notebook_node(nb, resources=resources)
        written["docx"] = write_bytes(out_dir / f"{notebook_path.stem}.docx", docx)
    log.info(
        "exported %s: html %.2fs, pdf %.2fs, docx %.2fs",
        notebook_path.name,
        rendered - started,
        printed - rendered,
        time.perf_counter() - printed,
    )
    return written
