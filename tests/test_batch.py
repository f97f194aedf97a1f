"""Batch runs for real: papermill executes every sample report, nbconvert exports it.

One session-scoped batch over copies of the five sample plans produces the
outputs most tests read; the others rerun parts of it (skip, change, failure,
interruption, Dask LocalCluster) and compare with it.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import openpyxl
import pytest

from planeval.cli import main
from planeval.report.style import PRINT_DPI, SCREEN_DPI
from planeval.run.batch import PEER_ID, make_jobs, run_jobs
from repo import PROJECT_ROOT, plan_headings, top_headings

# One worker runs these in order: they share the session's batch (xdist --dist loadgroup).
pytestmark = pytest.mark.xdist_group("batch")

# jiangbei annexes its two special plans (built first, in the same batch).
PLANS = (
    "liunan",
    "nankai",
    "jiangbei",
    "hebei",
    "baicheng",
    "jiangbei_health",
    "jiangbei_emergency",
)
REGIONS = {
    "liunan": "柳南区",
    "nankai": "南开区",
    "jiangbei": "江北区",
    "hebei": "河北区",
    "baicheng": "白城市",
    "jiangbei_health": "江北区",
    "jiangbei_emergency": "江北区",
}
ANNEXES = {
    "jiangbei_health": "宁波市江北区卫生健康事业发展“十四五”规划实施中期评估报告",
    "jiangbei_emergency": "宁波市江北区应急管理事业发展“十四五”规划实施中期评估报告",
}


def assert_in_order(wanted: list[str], text: str) -> None:
    """Each heading appears in `text`, after the one before it."""
    at = 0
    for heading in wanted:
        found = text.find(heading, at)
        assert found >= 0, (heading, wanted)
        at = found + len(heading)


def copy_plans(root: Path, plans=PLANS) -> dict[str, Path]:
    """Copies of sample plans whose processed data stays under root; returns params paths."""
    params = {}
    for plan in plans:
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / plan, root / "raw" / plan)
        text = (PROJECT_ROOT / "parameters" / f"{plan}.yaml").read_text("utf-8")
        text = text.replace(f"../data/raw/{plan}", f"../raw/{plan}")
        path = root / "parameters" / f"{plan}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + f"processed_dir: ../processed/{plan}\n", "utf-8")
        params[plan] = path
    return params


def batch(params: list[Path], outputs: Path, *extra: str) -> int:
    return main(["batch", *map(str, params), "--output-dir", str(outputs), *extra])


@pytest.fixture(scope="session")
def full_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    params = copy_plans(root)
    outputs = root / "outputs"
    assert batch(list(params.values()), outputs, "--workers", "2") == 0
    return root, params, outputs


def notebook_text(path: Path) -> list[str]:
    """Every output of every cell, as text (what a reader sees), without run metadata."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            out.append(
                o.get("text")
                or data.get("text/html")
                or data.get("text/markdown")
                or data.get("image/png")
                or ""
            )
    return out


def xlsx_values(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


@pytest.mark.parametrize("plan", PLANS)
def test_every_plan_has_all_outputs(full_batch, plan):
    _, params, outputs = full_batch
    folder = outputs / plan
    for name in (f"{plan}.ipynb", f"{plan}.html", f"{plan}.pdf", f"{plan}_主要指标完成情况表.xlsx"):
        assert (folder / name).stat().st_size > 1000, name
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(folder / f"{plan}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert REGIONS[plan] in pdf_text
    # The plan's framework, in order (the title page comes first).
    assert_in_order(plan_headings(plan), re.sub(r"\s+", "", pdf_text))
    assert "待补充" not in pdf_text
    html = (folder / f"{plan}.html").read_text("utf-8")
    assert "\\u" not in html
    assert "from planeval" not in html and "load_plan(" not in html  # no code input
    assert REGIONS[plan] in html
    injected = next(
        c
        for c in nbformat.read(folder / f"{plan}.ipynb", as_version=4).cells
        if "injected-parameters" in c.metadata.get("tags", [])
    )
    # The run record names the plan by its parameters file, the only plan parameter.
    assert f"params = '{params[plan]}'" in injected.source


def test_no_sample_report_prints_placeholder(full_batch):
    """Every sample's evaluator texts are written: no 待补充 in any HTML, PDF or Word
    report, the public versions (公开版) included."""
    import docx

    _, _, outputs = full_batch
    seen = []
    for plan in PLANS:
        for path in sorted((outputs / plan).glob(f"{plan}*.*")):
            if path.suffix == ".html":
                text = path.read_text("utf-8")
            elif path.suffix == ".pdf":
                text = subprocess.run(
                    ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
                ).stdout
            elif path.suffix == ".docx":
                document = docx.Document(str(path))
                cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
                text = "\n".join([p.text for p in document.paragraphs] + cells)
            else:
                continue
            seen.append(path.name)
            assert "待补充" not in re.sub(r"\s+", "", text), path.name
    # HTML, PDF and Word for each plan, and the public version of baicheng
    assert len(seen) >= 3 * len(PLANS) + 3, seen


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def test_annexes_follow_the_report_in_pdf_and_word(full_batch):
    """jiangbei's two special plans are its 附件1 and 附件2: after its 附录, each behind
    its cover with its own framework's headings, in PDF and Word alike."""
    import docx

    _, _, outputs = full_batch
    folder = outputs / "jiangbei"
    pdf = _pdf_text(folder / "jiangbei.pdf")
    wanted = [*plan_headings("jiangbei")]
    for n, (plan, title) in enumerate(ANNEXES.items(), start=1):
        wanted += [f"附件{n}", title, *plan_headings(plan)[1:]]
    assert_in_order(wanted, pdf)
    assert pdf.count("附件1") >= 1 and "附件3" not in pdf
    document = docx.Document(str(folder / "jiangbei.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert_in_order(wanted, "\n".join(paragraphs))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles[1:] == list(ANNEXES.values())
    label = next(p for p in document.paragraphs if p.text == "附件2")
    previous = label._p.getprevious()
    assert previous is not None and 'w:type="page"' in previous.xml  # a new page
    # the annex replays the special plan's own report: its table, its figures
    own = _pdf_text(outputs / "jiangbei_health" / "jiangbei_health.pdf")
    table = re.search(r"表1(.{0,40}主要指标完成情况表)", own)
    assert table and table.group(1) in pdf


def test_overview_lists_the_catalogue(full_batch):
    _, _, outputs = full_batch
    index = (outputs / "index.html").read_text("utf-8")
    section = index[index.index("江北区重点专项规划评估情况") :]
    table = section[: section.index("</table>")]
    assert table.count("<tr>") == 17 + 2  # header, 17 plans, total
    assert 'href="jiangbei_health/jiangbei_health.html"' in table
    assert "合计（17项）" in table


def test_overview_and_peer_comparison(full_batch):
    _, _, outputs = full_batch
    index = (outputs / "index.html").read_text("utf-8")
    for plan in PLANS:
        assert REGIONS[plan] in index
        assert f'href="{plan}/{plan}.pdf"' in index
    assert f'href="{PEER_ID}/{PEER_ID}.html"' in index
    peer_pdf = subprocess.run(
        ["pdftotext", str(outputs / PEER_ID / f"{PEER_ID}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "横向比较" in peer_pdf and "地区生产总值" in peer_pdf
    assert "同类城区" not in peer_pdf and "江北区与其他样例规划" in peer_pdf.replace("\n", "")
    assert "一般公共预算收入" in peer_pdf and "未作比较" in peer_pdf


def test_rerun_skips_and_a_changed_plan_reruns_alone(full_batch):
    root, params, outputs = full_batch
    jobs = make_jobs(list(params.values()), outputs=outputs)
    assert {r.status for r in run_jobs(jobs, workers=2)} == {"skipped"}

    annual = root / "raw" / "hebei" / "survey.csv"
    annual.write_bytes(annual.read_bytes() + b"\r\n")  # any change to the raw files
    jobs = make_jobs(list(params.values()), outputs=outputs)
    status = {r.plan_id: r.status for r in run_jobs(jobs, workers=2)}
    assert status.pop("hebei") == "ok"
    assert status.pop(PEER_ID) == "ok"  # the comparison reads every plan
    assert set(status.values()) == {"skipped"}


def test_damaged_output_is_rebuilt_and_a_subset_keeps_the_overview(full_batch):
    """The fingerprint covers the outputs too; a batch of one plan merges into index.html."""
    _, params, outputs = full_batch
    page = outputs / "nankai" / "nankai.html"
    page.write_text("<html>不是本规划的报告</html>", "utf-8")
    assert batch([params["nankai"]], outputs) == 0
    assert "南开区" in page.read_text("utf-8")
    index = (outputs / "index.html").read_text("utf-8")
    for plan in PLANS:
        assert REGIONS[plan] in index, plan
    assert "peer_comparison/peer_comparison.html" in index


def test_failing_plan_is_reported_while_others_finish(tmp_path, capsys):
    params = copy_plans(tmp_path, ("liunan", "hebei"))
    bad = tmp_path / "raw" / "hebei" / "indicators.csv"
    text = bad.read_text("gb18030").replace("预期性", "强制性", 1)
    bad.write_text(text, "gb18030")
    outputs = tmp_path / "outputs"
    code = batch([params["liunan"], params["hebei"]], outputs, "--formats", "html")
    assert code == 1
    err = capsys.readouterr().err
    assert "失败：hebei" in err and "未知的指标属性「强制性」" in err
    assert (outputs / "hebei" / "hebei.failed.ipynb").is_file()
    assert not (outputs / "hebei" / "hebei.html").exists()
    assert (outputs / "liunan" / "liunan.html").is_file()
    index = (outputs / "index.html").read_text("utf-8")
    assert "失败" in index and "强制性" in index
    # nothing is printed: the charts are drawn at screen resolution
    assert chart_dpis(outputs / "liunan") == {SCREEN_DPI}
    # the data fixed, the rerun leaves no failure record beside the report
    bad.write_text(text.replace("强制性", "预期性", 1), "gb18030")
    assert batch([params["hebei"]], outputs, "--formats", "html") == 0
    assert (outputs / "hebei" / "hebei.html").is_file()
    assert not list((outputs / "hebei").glob("*.failed.ipynb"))


def chart_dpis(out_dir: Path) -> set[int]:
    from PIL import Image

    dpis = set()
    for path in (out_dir / "charts").glob("*.png"):
        with Image.open(path) as img:
            dpis.add(round(img.info["dpi"][0]))
    assert dpis, f"no charts in {out_dir}"
    return dpis


def test_a_run_that_prints_draws_the_charts_at_print_resolution(full_batch):
    _, _, outputs = full_batch
    assert chart_dpis(outputs / "nankai") == {PRINT_DPI}


def test_every_chart_of_the_html_has_its_caption_as_alternative_text(full_batch):
    _, _, outputs = full_batch
    page = (outputs / "nankai" / "nankai.html").read_text("utf-8")
    alts = [html_lib.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)]
    assert (
        len(alts) == page.count("<img ") == len(list((outputs / "nankai" / "charts").glob("*.png")))
    )
    assert "No description has been provided for this image" not in page
    assert "主要指标评价结果分布" in alts
    assert all(re.search(r"[\u4e00-\u9fff]", a) for a in alts), alts


# A format that prints, so the charts are drawn as in the full batch they are compared with.
FORMATS_PRINTED = "html,xlsx,docx"


def test_interrupted_batch_reruns_to_the_same_outputs(full_batch, tmp_path):
    params = copy_plans(tmp_path, ("liunan", "nankai"))
    outputs = tmp_path / "outputs"
    cmd = [
        sys.executable,
        "-m",
        "planeval.cli",
        "batch",
        *map(str, params.values()),
        "--output-dir",
        str(outputs),
        "--formats",
        FORMATS_PRINTED,
    ]
    proc = subprocess.Popen(
        cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # Kill while the notebooks run: their output folders exist, no report is finished yet.
    deadline = time.time() + 120
    while len(list(outputs.glob("*/"))) < len(params) and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(2.0)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch, its workers and their kernels
    proc.wait()
    assert not any((outputs / p / ".fingerprint.json").exists() for p in params)

    assert batch(list(params.values()), outputs, "--formats", FORMATS_PRINTED) == 0
    _, _, clean = full_batch
    for plan in params:
        assert notebook_text(outputs / plan / f"{plan}.ipynb") == notebook_text(
            clean / plan / f"{plan}.ipynb"
        )
        assert xlsx_values(outputs / plan / f"{plan}_主要指标完成情况表.xlsx") == xlsx_values(
            clean / plan / f"{plan}_主要指标完成情况表.xlsx"
        )
    assert not list(outputs.glob("*/.*.running.ipynb"))


def test_local_cluster_gives_the_same_outputs(full_batch, tmp_path):
    params = copy_plans(tmp_path, ("liunan",))
    outputs = tmp_path / "outputs"
    code = batch(
        [params["liunan"]],
        outputs,
        "--formats",
        FORMATS_PRINTED,
        "--scheduler",
        "local",
        "--workers",
        "1",
    )
    assert code == 0
    _, _, clean = full_batch
    assert notebook_text(outputs / "liunan" / "liunan.ipynb") == notebook_text(
        clean / "liunan" / "liunan.ipynb"
    )
    stamp = json.loads((outputs / "liunan" / ".fingerprint.json").read_text("utf-8"))
    assert sum(stamp["categories"].values()) == 11


# --- Word report (GB/T 9704) ---------------------------------------------------------

WORD_PLANS = ("liunan", "jiangbei")


@pytest.fixture(scope="module")
def word_pdfs(full_batch, tmp_path_factory):
    """The Word reports of two plans converted to PDF by LibreOffice, once."""
    from planeval.run.docx import libreoffice_convert

    _, _, outputs = full_batch
    out = tmp_path_factory.mktemp("word_pdf")
    return {p: libreoffice_convert(outputs / p / f"{p}.docx", out / p) for p in WORD_PLANS}


def _east_asian_font(style) -> str:
    from docx.oxml.ns import qn

    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.mark.parametrize("plan", WORD_PLANS)
def test_word_report_has_official_layout(full_batch, plan):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    _, _, outputs = full_batch
    doc = docx.Document(outputs / plan / f"{plan}.docx")
    first = doc.sections[0]

    def mm(*lengths):  # Word stores twips: compare to a tenth of a millimetre
        return tuple(round(x.mm, 1) for x in lengths)

    assert mm(first.page_width, first.page_height) == (210, 297)
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert mm(*margins) == (37, 35, 28, 26)
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections)  # 完成情况表

    styles = doc.styles
    assert _east_asian_font(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16)  # 三号
    assert _east_asian_font(styles["Title"]) == "方正小标宋简体"
    assert styles["Title"].font.size == Pt(22)  # 二号
    assert _east_asian_font(styles["Heading 1"]) == "黑体"
    assert _east_asian_font(styles["Heading 2"]) == "楷体_GB2312"
    assert styles["Heading 3"].font.bold

    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    top = top_headings(plan)
    assert headings[: len(top)] == top  # the annexes (附件) follow with their own parts
    outline = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert_in_order(plan_headings(plan), "\n".join(outline))
    assert "待补充" not in "".join(p.text for p in doc.paragraphs)
    assert any(p.text.startswith("（一）") for p in doc.paragraphs if p.style.name == "Heading 2")
    # Evaluator texts are editable paragraphs (the first sentence of 主要工作举措).
    text = (full_batch[0] / "raw" / plan / "texts" / "measures.md").read_text("utf-8")
    first_line = text.strip().splitlines()[0].replace("**", "")[:30]
    assert any(first_line in p.text for p in doc.paragraphs)

    # Tables are Word tables whose header row repeats on every page.
    assert len(doc.tables) >= 2
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert "主要指标完成情况表" in "".join(p.text for p in doc.paragraphs)
    notebook = nbformat.read(outputs / plan / f"{plan}.ipynb", as_version=4)
    pngs = sum(
        "image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", [])
    )
    assert len(doc.inline_shapes) == pngs > 10
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("图1") and any(c.startswith("表1") for c in captions)

    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = first.footer.paragraphs[0], first.even_page_footer.paragraphs[0]
    assert "PAGE" in odd._p.xml and "PAGE" in even._p.xml
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="no LibreOffice (apt-get install libreoffice-writer)"
)
@pytest.mark.parametrize("plan", WORD_PLANS)
def test_word_report_converts_with_libreoffice(word_pdfs, plan):
    pdf, messages = word_pdfs[plan]
    assert messages == []
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    assert REGIONS[plan] in flat
    assert_in_order(plan_headings(plan), flat)
    assert "表1" in flat and "图1" in flat
    assert "—1—" in flat and "—2—" in flat  # page numbers
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts  # Chinese text is set in a CJK face, not boxes


# --- public version (公开版) -----------------------------------------------------------

VALUE_COLUMNS = re.compile(
    r"(base_value|latest_value|ytd_value|ytd_growth|actual_cagr|required_cagr|target_level"
    r"|required_growth|history_best_growth|(real_)?(forecast|lo80|hi80|lo95|hi95)_\d{4})"
)


def _renderings(value: float) -> set[str]:
    """The ways a report may print a value; only those with three digits or more (a
    shorter run such as "5" or "1.2" is no evidence of a leak)."""
    out = set()
    for d in (0, 1, 2, 3):
        out |= {f"{value:.{d}f}", f"{value:,.{d}f}"}
    return {s for s in out if len(re.sub(r"\D", "", s)) >= 3 and not re.fullmatch(r"20\d\d", s)}


def assessment_digit_runs(csv_path: Path, fixed_text: str) -> set[str]:
    """Digit runs of every value, forecast and probability of the assessment, minus those
    the method note prints anyway (thresholds and formulas are not indicator values)."""
    import pandas as pd

    frame = pd.read_csv(csv_path)
    runs: set[str] = set()
    for column in frame.columns:
        scale = 100 if column in ("P", "prob_meet") else 1
        if VALUE_COLUMNS.fullmatch(column) or column in ("P", "R", "prob_meet"):
            for v in frame[column].dropna():
                runs |= _renderings(float(v) * scale)
    return {r for r in runs if r not in fixed_text}


def _docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(path)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_public_version_withholds_every_value(full_batch):
    from planeval.config import PlanConfig
    from planeval.method.method_note import method_note

    _, params, outputs = full_batch
    folder = outputs / "baicheng"  # public: true in its parameters (the seed's wish)
    method = method_note(PlanConfig.load(params["baicheng"]))
    runs = assessment_digit_runs(folder / "assessment.csv", method)
    assert len(runs) > 200
    html = (folder / "baicheng_公开版.html").read_text("utf-8")
    html = re.sub(r"<style\b.*?</style>", "", html, flags=re.S)  # the stylesheet
    texts = {
        "html": html_lib.unescape(re.sub(r"<[^>]+>", " ", html)),  # what a reader sees
        "pdf": subprocess.run(
            ["pdftotext", str(folder / "baicheng_公开版.pdf"), "-"], capture_output=True, text=True
        ).stdout,
        "docx": _docx_text(folder / "baicheng_公开版.docx"),
    }
    full = _docx_text(folder / "baicheng.docx")
    assert len([r for r in runs if r in full]) > 50  # the full report does print them
    for kind, text in texts.items():
        assert sorted(r for r in runs if r in text) == [], kind
        assert "公开版" in text and "具体指标值不对外公开" in text.replace("\n", "")
        assert "滞后于预期" in text and "地区生产总值" in text  # categories and names stay
    # Qualitative text stays (numbers in it masked); the Excel and CSV files are not redone.
    assert "黑土粮仓" in texts["docx"]
    for other in ("liunan", "nankai"):
        assert not list((outputs / other).glob("*公开版*"))


def test_public_flag_adds_the_public_run(full_batch):
    _, params, outputs = full_batch
    (job, *_) = make_jobs([params["liunan"]], outputs=outputs, public=True)
    assert job.public and not job.parameters.get("public")  # the full run stays full
    from planeval.run.batch import expected_outputs

    paths = expected_outputs(job)
    assert paths["public_docx"].name == "liunan_公开版.docx"
    assert {"public_html", "public_pdf", "public_ipynb"} <= set(paths)
    assert "xlsx" in paths and "public_xlsx" not in paths


STRUCTURED = {
    "hebei": [
        "规划确定的107项重点任务",
        "重点任务推进情况（按章节）",
        "进展滞后、未启动或预期存在风险的任务",
        "上级规划涉及本区的重大任务落实情况",
        "专栏项目进展",
        "规划纲要7个专栏项目中",
        "专栏项目实现进度、预期展望及相关说明",
    ],
    "jiangbei": [
        "“四个重大”推进情况",
        "“四个重大”推进情况（按类别）",
        "上级规划涉及本区的重大任务",
    ],
    "nankai": ["章节指标进展", "章节指标评价结果（按章节）", "上级规划涉及本区的重大任务落实情况"],
    "liunan": ["上级规划涉及本区的重大任务落实情况"],
}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("plan", sorted(STRUCTURED))
def test_structured_task_sections_in_pdf_docx_and_workbooks(full_batch, plan):
    from planeval.config import PlanConfig
    from planeval.data.ingest import load_plan

    _, params, outputs = full_batch
    folder = outputs / plan
    pdf = subprocess.run(
        ["pdftotext", str(folder / f"{plan}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    docx = _docx_text(folder / f"{plan}.docx")
    for phrase in STRUCTURED[plan]:
        assert phrase in _squeezed(pdf), phrase
        assert phrase in _squeezed(docx), phrase
    data = load_plan(PlanConfig.load(params[plan]))
    rows = list(openpyxl.load_workbook(folder / f"{plan}_重点任务进展表.xlsx").active.values)
    assert rows[1][:5] == ("序号", "来源", "篇", "章节", "任务")
    assert len(rows) - 2 == len(data.tasks)
    sources = {r[1] for r in rows[2:]}
    assert sources == set(data.tasks["source"])
    if plan == "hebei":  # every 专栏 project carries its 预期展望
        column = rows[1].index("专栏")
        assert sum(1 for r in rows[2:] if r[column]) == 7
        assert all(r[rows[1].index("预期展望")] for r in rows[2:] if r[column])


def test_chapter_indicators_sheet_agrees_with_the_report(full_batch):
    _, _, outputs = full_batch
    folder = outputs / "nankai"
    wb = openpyxl.load_workbook(folder / "nankai_主要指标完成情况表.xlsx")
    assert wb.sheetnames[:2] == ["主要指标完成情况表", "章节指标完成情况表"]
    sheet = list(wb["章节指标完成情况表"].values)
    header = sheet[2]
    rows = [r for r in sheet[3:] if isinstance(r[0], int)]
    assert len(rows) == 24 and header[1] == "章节"
    main = [r for r in wb["主要指标完成情况表"].values if isinstance(r[0], int)]
    assert len(main) == 26  # the main table keeps its 26 indicators only
    categories = [r[header.index("评价")] for r in rows]
    pdf = _squeezed(
        subprocess.run(
            ["pdftotext", str(folder / "nankai.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert f"章节指标{len(rows)}项" in pdf
    for category in set(categories):
        assert f"{category}{categories.count(category)}项" in pdf, category
    chapters = {r[1] for r in rows}
    assert f"规划纲要{len(chapters)}个章节" in pdf


def test_adjustment_table_in_pdf_and_excel_agrees_with_the_report(full_batch):
    """liunan: the evaluator's file adds 地区生产总值 and 工业总产值 (its recommendations.md
    names them) to the drafted 城镇居民人均可支配收入; report, PDF and sheet say the same."""
    import pandas as pd

    from planeval.report.consistency import adjustment_rows, check_adjustments
    from planeval.report.sheets import sheet_rows

    _, _, outputs = full_batch
    folder = outputs / "liunan"
    markup = "\n".join(
        o.get("data", {}).get("text/html", "")
        for c in nbformat.read(folder / "liunan.ipynb", as_version=4).cells
        for o in c.get("outputs", [])
    )
    rows = adjustment_rows(markup)
    items = ["地区生产总值", "工业总产值", "城镇居民人均可支配收入"]
    assert [r[0] for r in rows] == items
    ws = openpyxl.load_workbook(folder / "liunan_主要指标完成情况表.xlsx")["规划调整建议表"]
    assert [c.value for c in ws[2]] == ["指标/任务", "现目标", "建议调整为", "调整原因", "参考依据"]
    frame = pd.read_csv(folder / "assessment.csv")
    assert check_adjustments(markup, frame, sheet_rows(ws)) == []
    pdf = (
        subprocess.run(
            ["pdftotext", str(folder / "liunan.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.replace("\n", "")
        .replace(" ", "")
    )
    # Table cells wrap in the PDF (its text runs column by column): the caption, the
    # paragraph naming the items, and each item's name.
    assert "规划调整建议表" in pdf
    assert "研究论证以下3项调整：" + "、".join(items) in pdf
    assert all(item in pdf for item in items)
