"""A real browser drives the explorer notebook: in JupyterLab (Run All Cells) and as the
Voilà app view, both served by the server `planeval lab` starts.

The server runs on 127.0.0.1 on a free port with a token, in a temporary project folder
(two sample plans) holding a copy of notebooks/explore.ipynb; its runtime, settings,
workspace and IPython files go there too, so nothing is left behind. Screenshots:
outputs/explore_screenshot.png
(JupyterLab), outputs/explore_app_screenshot.png and explore_table_screenshot.png (Voilà),
copies in /tmp.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from planeval.run.lab import LabServer, free_port
from planeval.run.notebooks import EXPLORE, notebook
from repo import PROJECT_ROOT, copy_project

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NOTEBOOK = notebook(EXPLORE)
OUTPUTS = PROJECT_ROOT / "outputs"
VIEWPORT = {"width": 1600, "height": 1000}
SECOND = "5. 社会消费品零售总额（亿元）"
TIMEOUT_MS = 60_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="system Chromium (/usr/bin/chromium) is not installed"
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wait_until_up(server: LabServer, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"{server.base}/api/status?token={server.token}", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """JupyterLab (with Voilà's server extension) on a temp copy of the notebook."""
    before = _digest(NOTEBOOK)
    root = copy_project(tmp_path_factory.mktemp("lab"), ["liunan", "nankai"])
    (root / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, root / "notebooks" / NOTEBOOK.name)
    state = root / ".state"
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        IPYTHONDIR=str(state / "ipython"),
    )
    # A random start: parallel test workers must not pick the same free port.
    port = free_port(random.randrange(20000, 40000))
    lab = LabServer(root=root, port=port, token=os.urandom(16).hex())
    cmd = [
        *lab.command(open_browser=False),
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
    ]
    log = state / "server.log"
    state.mkdir()
    with log.open("w") as handle:
        process = subprocess.Popen(cmd, cwd=root, env=env, stdout=handle, stderr=handle)
    try:
        _wait_until_up(lab, process, log)
        yield lab
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert _digest(NOTEBOOK) == before, "the repository's notebook was modified"
    assert not (NOTEBOOK.parent / ".ipynb_checkpoints").exists()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; on a failure its screenshot is kept in outputs/ for diagnosis."""
    failed_before = request.session.testsfailed
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    if request.session.testsfailed > failed_before:
        OUTPUTS.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUTS / f"{request.node.name}_failure.png"))
    page.close()


# --- helpers -------------------------------------------------------------------------


def _panel(page) -> dict[str, str]:
    """The numbers panel: its heading and its 最新值 line."""
    text = page.locator(".pe-panel").first.inner_text()
    latest = re.search(r"最新值\s+(.+)", text)
    return {
        "name": page.locator(".pe-panel h3").first.inner_text(),
        "latest": latest.group(1) if latest else "",
        "text": text,
    }


def _indicator_select(page):
    label = page.locator("label", has_text=re.compile("^指标$"))
    return page.locator(".widget-dropdown", has=label).locator("select")


def _change_indicator(page, before: dict[str, str]) -> dict[str, str]:
    _indicator_select(page).select_option(label=SECOND)
    page.wait_for_function(
        "name => document.querySelector('.pe-panel h3')?.textContent.includes(name)",
        arg="社会消费品零售总额",
    )
    after = _panel(page)
    assert after["name"] != before["name"]
    assert after["latest"] and after["latest"] != before["latest"]
    assert "2025年预测" in after["text"] and "达标概率" in after["text"]
    return after


def _try_target(page, text: str, expected: str) -> None:
    """Type a 试算目标 and press Enter; the panel must show `expected`."""
    box = page.get_by_placeholder(re.compile("回车后计算"))
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        "text => document.querySelector('.pe-panel')?.textContent.includes(text)", arg=expected
    )


def _screenshot(page, name: str) -> Path:
    """Scroll the explorer to the top of the view and save the screenshot twice."""
    page.locator(".pe-panel").first.evaluate(
        "el => el.closest('.pe-app')?.scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(300)
    OUTPUTS.mkdir(exist_ok=True)
    path = OUTPUTS / name
    page.screenshot(path=str(path))
    shutil.copy(path, Path("/tmp") / name)
    return path


def _kernel_ready(page) -> None:
    page.wait_for_function(
        "() => { const t = document.querySelector('.jp-StatusBar-Widget')?.textContent || '';"
        " return t.includes('Idle') && !t.includes('No Kernel'); }"
    )


def _dismiss_news(page) -> None:
    no = page.get_by_role("button", name="No", exact=True)
    if no.count():
        no.first.click()


def _run_all_cells(page) -> None:
    """Run → Run All Cells; retried if the kernel was not yet listening."""
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
        try:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-InputPrompt')]"
                ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))",
                timeout=10_000,
            )
            return
        except Exception:
            _kernel_ready(page)
    pytest.fail("Run All Cells did not start the notebook")


# --- tests ---------------------------------------------------------------------------


def test_jupyterlab_run_all_and_change_indicator(server, page):
    started = time.monotonic()
    page.goto(server.lab_url)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    _kernel_ready(page)
    _dismiss_news(page)
    _run_all_cells(page)
    page.wait_for_selector(".pe-panel h3")
    page.wait_for_selector(".jp-OutputArea img")
    first = _panel(page)
    assert first["name"] == "地区生产总值" and "亿元" in first["latest"]
    _change_indicator(page, first)
    path = _screenshot(page, "explore_screenshot.png")
    assert path.stat().st_size > 50_000
    assert time.monotonic() - started < 90


def test_voila_app_runs_itself(server, page):
    started = time.monotonic()
    page.goto(server.app_url)
    page.wait_for_selector(".pe-panel h3")
    assert page.locator("text=explore.build_ui").count() == 0  # code is hidden
    first = _panel(page)
    _change_indicator(page, first)
    _screenshot(page, "explore_app_screenshot.png")
    _try_target(page, "年均增长6%", "快于预期")
    _try_target(page, "大约七个点", "无法识别的规划目标写法")
    _screenshot(page, "explore_error_screenshot.png")
    page.get_by_role("tab", name="全部指标评价表").click()
    page.wait_for_selector(".pe-table")
    assert page.locator(".pe-table tr").count() == 12  # header + liunan's 11 indicators
    page.locator(".pe-table").screenshot(path=str(OUTPUTS / "explore_table_screenshot.png"))
    shutil.copy(OUTPUTS / "explore_table_screenshot.png", "/tmp/explore_table_screenshot.png")
    assert time.monotonic() - started < 90
