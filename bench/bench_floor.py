"""The least a report costs on this stack, whatever planeval does (CPU seconds).

    python bench/bench_floor.py                       # charts and notebook only
    python bench/bench_floor.py --html outputs/nankai/nankai.html   # and Chromium's print

A report keeps its form: a chart per indicator drawn by matplotlib, the notebook run by
papermill and exported by nbconvert, the PDF printed by Chromium. This measures the
cheapest version of each part, with none of planeval's code in the way:

- chart: the pixels of the simplest indicator chart (one axes, an 11-year line with
  markers, a Chinese title, tick labels; no legend, band, target, badge or note), drawn
  by Agg on one figure of which each chart changes only the data, title and limits, not
  encoded as PNG; the mean over 33 charts;
- notebook: papermill running a two-cell notebook (parameters, one print) on a kernel
  kept across runs as the batch does, then nbconvert's HTML export of it;
- print: Chromium, kept across prints as the batch does, printing a report's HTML to A4
  PDF, with its images and without them, less the cost of printing an empty page.

Compared with the targets for a 30-indicator plan (33 charts), the sum is a floor: what
the report spends above it is planeval's own work.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import tempfile
import time
from pathlib import Path

import psutil

CHARTS = 33  # a 30-indicator report: one per indicator and three overviews
YEARS = list(range(2015, 2026))
TARGETS = {"html": 1.5, "full": 5.0}  # worker-seconds per 30-indicator plan (issue)


def chart_ms(dpi: int, n: int = CHARTS) -> float:
    """Mean CPU ms to draw the simplest indicator chart's pixels: one figure made once,
    of which each chart changes only the line's data, the title and the y limits, drawn
    by Agg and not even encoded as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = ["Noto Sans CJK SC", "sans-serif"]
    fig, ax = plt.subplots(figsize=(16 / 2.54, 8.5 / 2.54), dpi=dpi, layout="none")
    fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.1)
    (line,) = ax.plot(YEARS, YEARS, marker="o", color="#1f3a68")
    title = ax.set_title("", loc="left")
    ax.set_xticks(YEARS)

    def one(i: int) -> None:
        values = [100 * 1.05**k + i for k in range(len(YEARS))]
        line.set_data(YEARS, values)
        title.set_text(f"指标{i}：地区生产总值（亿元）")
        ax.set_ylim(min(values) * 0.95, max(values) * 1.05)
        fig.canvas.draw()

    one(0)  # warm-up: font cache
    start = time.process_time()
    for i in range(n):
        one(i)
    plt.close(fig)
    return (time.process_time() - start) / n * 1000


def _tree_times() -> float:
    """User + system CPU seconds of this process and its live children."""
    me = psutil.Process()
    total = 0.0
    for p in (me, *me.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def notebook_seconds(runs: int = 10) -> tuple[float, float]:
    """(papermill run on a kept kernel, nbconvert HTML export): CPU seconds each."""
    import nbformat
    import papermill
    from nbformat.v4 import new_code_cell, new_notebook

    from planeval.run.export import ReportHTMLExporter
    from planeval.run.kernels import ENGINE, worker_kernel

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "floor.ipynb"
        parameters = new_code_cell("plan = ''", metadata={"tags": ["parameters"]})
        nb = new_notebook(cells=[parameters, new_code_cell("print(plan)")])
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nb.metadata["language_info"] = {"name": "python"}
        nbformat.write(nb, source)
        kernel = worker_kernel(tmp)

        def run(i: int) -> Path:
            kernel.prepare()
            out = tmp / f"run{i}.ipynb"
            papermill.execute_notebook(
                str(source),
                str(out),
                parameters={"plan": f"p{i}"},
                engine_name=ENGINE,
                km=kernel.km,
                kernel_name="python3",
                progress_bar=False,
                request_save_on_cell_execute=False,
                cwd=str(tmp),
            )
            return out

        exporter = ReportHTMLExporter()
        exporter.from_filename(str(run(0)))  # warm-up: kernel start, templates
        start = _tree_times()
        executed = [run(i) for i in range(1, runs + 1)]
        ran = (_tree_times() - start) / runs
        start = time.process_time()
        for path in executed:
            exporter.from_filename(str(path))
        exported = (time.process_time() - start) / runs
        kernel.close()
    return ran, exported


def print_seconds(html: Path, prints: int = 3) -> dict[str, float]:
    """Chromium's CPU seconds per print of `html`, as is and without its images, less an
    empty page's; each in a process of its own whose every process is counted."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_batch import tree_cpu

    cost = {}
    for variant in ("empty", "text", "report"):
        cmd = [sys.executable, __file__, "--print-child", variant, str(html), str(prints)]
        cost[variant] = tree_cpu(cmd) / prints
    return {"report": cost["report"] - cost["empty"], "text": cost["text"] - cost["empty"]}


def _print_child(variant: str, html: Path, prints: int) -> None:
    """Print `prints` times through one kept browser (planeval's printer)."""
    from planeval.run.export import ReportPDFExporter

    markup = html.read_text("utf-8")
    if variant == "text":
        markup = re.sub(r'(<img[^>]*? src=")data:image/png;base64,[^"]*"', r'\1"', markup)
    elif variant == "empty":
        markup = "<!doctype html><html><body><p>空</p></body></html>"
    exporter = ReportPDFExporter()
    exporter.run_playwright("<!doctype html><p>预热</p>")  # browser start, not counted apart
    for _ in range(prints):
        exporter.run_playwright(markup)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="a report's HTML, to time Chromium's print")
    parser.add_argument("--print-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.print_child:
        variant, html, prints = args.print_child
        _print_child(variant, Path(html), int(prints))
        return

    screen, printed = chart_ms(130), chart_ms(200)
    ran, exported = notebook_seconds()
    print(f"simplest chart, drawn only: {screen:.0f} CPU-ms (130 dpi), {printed:.0f} (200)")
    print(f"papermill on a kept kernel: {ran:.2f} CPU-s a run; nbconvert HTML: {exported:.2f}")
    html_floor = CHARTS * screen / 1000 + ran + exported
    print(
        f"HTML-only floor: {CHARTS} charts {CHARTS * screen / 1000:.2f} + notebook {ran:.2f} "
        f"+ export {exported:.2f} = {html_floor:.2f} worker-s (target {TARGETS['html']})"
    )
    if args.html:
        chromium = print_seconds(args.html)
        print(
            f"Chromium print of {args.html.name}: {chromium['report']:.2f} CPU-s "
            f"({chromium['text']:.2f} without its images)"
        )
        full_floor = CHARTS * printed / 1000 + ran + exported + chromium["report"]
        print(
            f"full-report floor (no Word, no workbooks): {full_floor:.2f} worker-s "
            f"(target {TARGETS['full']})"
        )


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
