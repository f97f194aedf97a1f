"""Report exporters: a small report notebook, executed for real, exported to HTML and PDF."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from planeval.errors import PlanevalError
from planeval.run import browser
from planeval.run.export import classify_cells, export_report
from repo import execute_notebook

TITLE = "测试区“十四五”规划实施中期评估报告"
MACHINERY_MARK = "MACHINERY_ONLY_7f3a"
PARAMETER_MARK = "PARAMETER_ONLY_91c2"
STDERR_MARK = "STDERR_NOISE_5d0e"
INPUT_MARK = "INPUT_ONLY_2b8e"

SECTION = """\
## {n}、规划实施总体进展情况

### （一）主要目标指标进展

“十四五”规划纲要实施以来，{region}坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，\
统筹疫情防控和经济社会发展，规划确定的主要目标指标总体进展顺利。地区生产总值2022年达到110.0亿元，\
2021—2022年年均增长6.5%，高于规划目标0.5个百分点；按现有趋势预计2025年达到131.2亿元，\
后三年需年均增长5.8%。

全社会固定资产投资额2021—2022年累计完成325亿元，完成规划目标的40.6%，略低于时序进度；\
城镇调查失业率控制在4.6%，符合规划要求。居民人均可支配收入增长与经济增长基本同步。
"""


def report_notebook(sections: int) -> nbformat.NotebookNode:
    """A report following the cell conventions in planeval.run.export, `sections` sections long."""
    cells = [
        new_code_cell(
            f'region = "示例区"  # {PARAMETER_MARK}\nsections = 1',
            metadata={"tags": ["parameters"]},
        ),
        new_code_cell(
            "import sys\n"
            "import warnings\n"
            "import matplotlib\n"
            "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
            "import matplotlib.pyplot as plt\n"
            "import pandas as pd\n"
            "from IPython.display import HTML, Markdown, display\n"
            "plt.rcParams['font.family'] = ['Noto Sans CJK SC', 'sans-serif']\n"
            f"print('{MACHINERY_MARK}')",
            metadata={"tags": ["machinery"]},
        ),
        new_code_cell(
            f"# {INPUT_MARK}\n"
            "display(HTML('<div class=\"report-title\"><h1>' + region + "
            "'“十四五”规划实施中期评估报告</h1>'\n"
            "             '<p class=\"subtitle\">（征求意见稿）</p>'\n"
            '             \'<p class="org">某某咨询协会</p><p class="date">2023年8月</p></div>\'))'
        ),
        new_code_cell(
            f"print('{STDERR_MARK}', file=sys.stderr)\n"
            "warnings.warn('a warning nobody should read in the report')"
        ),
        new_code_cell(
            "text = '''" + SECTION + "'''\n"
            "numerals = '一二三四五六七八九十'\n"
            "for i in range(sections):\n"
            "    display(Markdown(text.format(n=numerals[i % 10], region=region)))"
        ),
        new_markdown_cell("#### 表1 主要指标完成情况表"),
        new_code_cell(
            "pd.DataFrame(\n"
            "    {'指标名称': ['地区生产总值（亿元）', '全社会固定资产投资额（亿元）',\n"
            "              '城镇调查失业率（%）', '居民人均可支配收入（元）'],\n"
            "     '2020年': [97.0, 150.0, 4.2, '30,000'],\n"
            "     '2021年': [105.0, 160.0, 4.3, '32,000'],\n"
            "     '2022年': [110.0, 165.0, 4.6, '33,500'],\n"
            "     '2023年1—6月': [55.0, 80.1, 4.5, '17,200'],\n"
            "     '2023年预测': [116.2, 171.0, 4.5, '35,100'],\n"
            "     '2024年预测': [123.0, 176.5, 4.4, '36,900'],\n"
            "     '2025年预测': [131.2, 182.0, 4.4, '38,800'],\n"
            "     '规划目标': ['年均增长6%', '800（五年累计）', '4.5以内', '与经济增长基本同步'],\n"
            "     '年均增长': ['6.5%', '4.9%', '—', '5.7%'],\n"
            "     '评估结论': ['快于预期', '滞后于预期', '基本符合预期', '基本符合预期']}\n"
            ").set_index('指标名称')"
        ),
        new_code_cell(
            "fig, ax = plt.subplots(figsize=(6.4, 3.6))\n"
            "ax.plot([2020, 2021, 2022], [97, 105, 110], marker='o', label='实际值')\n"
            "ax.plot([2022, 2025], [110, 131.2], ls=':', label='预测值')\n"
            "ax.set_title('图1 地区生产总值（亿元）')\n"
            "ax.set_xticks([2020, 2021, 2022, 2023, 2024, 2025])\n"
            "ax.legend()\n"
            "plt.show()"
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def _execute(tmp: Path, name: str, sections: int) -> tuple[Path, float]:
    """Run the report notebook with papermill; returns the executed path and seconds."""
    source = tmp / f"{name}_template.ipynb"
    nbformat.write(report_notebook(sections), source)
    executed = tmp / f"{name}.ipynb"
    start = time.perf_counter()
    execute_notebook(
        source,
        executed,
        parameters={"region": "测试区", "sections": sections},
        kernel_name="python3",
        cwd=str(tmp),
        progress_bar=False,
    )
    return executed, time.perf_counter() - start


def _pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext extracts it, without whitespace."""
    out = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


def _has_browser() -> bool:
    try:
        browser.find_browser()
    except PlanevalError:
        return False
    return True


HAS_BROWSER = _has_browser()
needs_browser = pytest.mark.skipif(
    not HAS_BROWSER, reason="no Chromium-family browser (sudo apt-get install chromium)"
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """One executed, multi-page report exported to HTML and PDF, with timings."""
    tmp = tmp_path_factory.mktemp("export")
    executed, execute_seconds = _execute(tmp, "report", sections=6)
    start = time.perf_counter()
    html_only = export_report(executed, tmp / "html_only", formats=("html",))
    html_seconds = time.perf_counter() - start
    start = time.perf_counter()
    both = export_report(
        executed, tmp / "out", formats=("html", "pdf") if HAS_BROWSER else ("html",)
    )
    both_seconds = time.perf_counter() - start
    print(
        f"\nexecute (kernel start + run) {execute_seconds:.2f}s, "
        f"export html {html_seconds:.2f}s, html+pdf {both_seconds:.2f}s"
    )
    return {"notebook": executed, "html_only": html_only, "paths": both}


def test_html_is_the_narrative_only(exported):
    html = exported["html_only"]["html"].read_text("utf-8")
    assert TITLE in html
    assert f"<title>{TITLE}</title>" in html
    assert "（一）主要目标指标进展" in html
    for hidden in (INPUT_MARK, MACHINERY_MARK, PARAMETER_MARK, STDERR_MARK, "warnings.warn"):
        assert hidden not in html, hidden
    assert "display(HTML" not in html  # no code input at all
    assert "In&nbsp;[" not in html and "Out[" not in html
    assert 'class="jp-InputPrompt' not in html and 'class="jp-OutputPrompt' not in html


def test_html_is_self_contained(exported):
    html = exported["html_only"]["html"].read_text("utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}', html)
    remote = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert remote == []
    assert "@import" not in html and "url(http" not in html
    assert "require.js" not in html.lower() and "mathjax" not in html.lower()


def test_html_tables_mark_numbers(exported):
    html = exported["html_only"]["html"].read_text("utf-8")
    assert '<td class="num">110.0</td>' in html
    assert '<td class="num">6.5%</td>' in html
    assert '<td class="short">快于预期</td>' in html
    assert "<td>基本符合预期</td>" in html


def test_export_writes_only_finished_files(exported):
    paths = exported["paths"]
    assert set(paths) == ({"html", "pdf"} if HAS_BROWSER else {"html"})
    assert [p.name for p in paths.values()] == ["report.html", "report.pdf"][: len(paths)]
    leftovers = [p.name for p in paths["html"].parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@needs_browser
def test_pdf_is_paginated_a4_with_chinese_text(exported):
    pdf = exported["paths"]["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pages > 1
    assert f"Title:           {TITLE}" in info
    text = _pdf_text(pdf)
    assert TITLE in text
    assert "（一）主要目标指标进展" in text
    assert "第1页/共" in text  # pdftotext drops the spaces between CJK characters
    assert f"第{pages}页/共{pages}页" in text
    for hidden in (MACHINERY_MARK, PARAMETER_MARK, STDERR_MARK, INPUT_MARK):
        assert hidden not in text


def _nbconvert(to: str, notebook: Path, out: Path) -> None:
    """`jupyter nbconvert --to <our exporter>`: proves the entry point is registered."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            to,
            "--output-dir",
            str(out),
            str(notebook),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_nbconvert_entry_point(exported, tmp_path):
    _nbconvert("planeval_html", exported["notebook"], tmp_path)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert TITLE in html and MACHINERY_MARK not in html and "In&nbsp;[" not in html


@needs_browser
def test_nbconvert_pdf_entry_point(exported, tmp_path):
    _nbconvert("planeval_pdf", exported["notebook"], tmp_path)
    assert TITLE in _pdf_text(tmp_path / "report.pdf")


def test_nbconvert_docx_entry_point(exported, tmp_path):
    """Outputs without report blocks (Markdown, a pandas table, a matplotlib figure)
    become Word headings, paragraphs, a table and a picture; hidden cells stay out."""
    import docx

    _nbconvert("planeval_docx", exported["notebook"], tmp_path)
    doc = docx.Document(tmp_path / "report.docx")
    assert doc.core_properties.title == TITLE
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Title", TITLE) in paragraphs
    assert ("Heading 2", "（一）主要目标指标进展") in paragraphs
    assert any(text.startswith("“十四五”规划纲要实施以来，测试区") for _, text in paragraphs)
    (table,) = doc.tables
    assert table.rows[0].cells[0].text == "指标名称"
    assert table.rows[1].cells[0].text == "地区生产总值（亿元）"
    assert len(doc.inline_shapes) == 1
    everything = "\n".join(t for _, t in paragraphs) + doc.tables[0]._tbl.xml
    for hidden in (MACHINERY_MARK, PARAMETER_MARK, STDERR_MARK, INPUT_MARK):
        assert hidden not in everything


def test_export_refuses_unknown_format(exported, tmp_path):
    with pytest.raises(ValueError, match="odt"):
        export_report(exported["notebook"], tmp_path, formats=("odt",))


def test_missing_notebook_is_a_user_error(tmp_path):
    with pytest.raises(PlanevalError, match="找不到"):
        export_report(tmp_path / "nope.ipynb", tmp_path)


def test_classify_cells():
    cells = (
        "<td>1,234.5</td><td>-3.2</td><td>−0.4%</td><td>2025</td><td class='x'>7</td>"
        '<td class="num">8</td><td>—</td><td>滞后</td><td>基本符合预期</td><td><b>9</b></td>'
    )
    assert classify_cells(cells) == (
        '<td class="num">1,234.5</td><td class="num">-3.2</td><td class="num">−0.4%</td>'
        '<td class="num">2025</td><td class=\'x\'>7</td><td class="num">8</td>'
        '<td class="num">—</td><td class="short">滞后</td><td>基本符合预期</td><td><b>9</b></td>'
    )


def test_browser_from_environment(monkeypatch, tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(browser.ENV_VAR, str(fake))
    assert browser.find_browser() == fake
    monkeypatch.setenv(browser.ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(PlanevalError, match=browser.ENV_VAR):
        browser.find_browser()


def test_no_browser_says_how_to_install(monkeypatch):
    monkeypatch.delenv(browser.ENV_VAR, raising=False)
    monkeypatch.setattr(browser, "_candidates", lambda: [])
    monkeypatch.setattr(browser, "_playwright_browser", lambda: None)
    with pytest.raises(PlanevalError) as err:
        browser.find_browser()
    assert "sudo apt-get install chromium" in str(err.value)
    assert "PLANEVAL_BROWSER" in str(err.value)
