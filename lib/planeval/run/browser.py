"""Find a Chromium-family browser for PDF export (nbconvert's webpdf route).

Search order (first hit wins):

1. the ``PLANEVAL_BROWSER`` environment variable (a path, or a command on PATH);
2. Debian/Ubuntu ``/usr/bin/chromium``, then ``chromium``, ``chromium-browser``,
   ``google-chrome``, ``google-chrome-stable``, ``microsoft-edge`` on PATH;
3. Chrome and Edge in their default Windows install folders;
4. Chrome, Edge and Chromium apps in macOS ``/Applications``;
5. a browser installed by ``playwright install chromium``.

None found raises `PlanevalError` saying how to install one.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import sys
from pathlib import Path

from planeval.errors import PlanevalError

ENV_VAR = "PLANEVAL_BROWSER"

LINUX_COMMANDS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
)

# (environment variable holding a base folder, path below it)
WINDOWS_PATHS = (
    ("PROGRAMFILES", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("PROGRAMFILES", r"Microsoft\Edge\Application\msedge.exe"),
)

MACOS_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)

INSTALL_HINT = (
    "未找到可用于导出 PDF 的 Chromium 内核浏览器。"
    "请安装 Chromium（Debian/Ubuntu：sudo apt-get install chromium），"
    "或安装 Chrome / Edge，或将环境变量 PLANEVAL_BROWSER 设为浏览器可执行文件的路径。"
)
INSTALL_HINT_EN = (
    "No Chromium-family browser found for PDF export. Install one "
    "(Debian/Ubuntu: `sudo apt-get install chromium`; or Chrome/Edge), "
    f"or set {ENV_VAR} to the browser executable."
)


def find_browser() -> Path:
    """The executable of a Chromium-family browser, searched in the order above."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        found = _executable(configured)
        if found is None:
            raise PlanevalError(
                f"环境变量 {ENV_VAR} 指定的浏览器不存在或不可执行：{configured}",
                expected="Chromium、Chrome 或 Edge 可执行文件的完整路径",
                hint=f"{ENV_VAR}={configured!r} is not an executable browser; fix or unset it.",
            )
        return found
    for candidate in _candidates():
        found = _executable(candidate)
        if found is not None:
            return found
    found = _playwright_browser()
    if found is not None:
        return found
    raise PlanevalError(INSTALL_HINT, hint=INSTALL_HINT_EN)


def _candidates() -> list[str]:
    """Platform-specific places to look, most likely first."""
    names = ["/usr/bin/chromium", *LINUX_COMMANDS]
    if sys.platform == "win32":
        for var, tail in WINDOWS_PATHS:
            base = os.environ.get(var)
            if base:
                names.append(str(Path(base) / tail))
    if sys.platform == "darwin":
        names.extend(MACOS_PATHS)
    return names


def _executable(name: str) -> Path | None:
    """`name` as a path when it is an executable file, else looked up on PATH."""
    path = Path(name).expanduser()
    if path.is_file() and os.access(path, os.X_OK):
        return path
    found = shutil.which(name)
    return Path(found) if found else None


def _playwright_browser() -> Path | None:
    """The Chromium that `playwright install chromium` put in its cache, if any."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    def lookup() -> str:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path

    # The sync API refuses to run inside an asyncio loop (e.g. in Jupyter): use a thread.
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            path = Path(pool.submit(lookup).result(timeout=60))
    except Exception:  # no driver, broken install: treat as "not installed"
        return None
    return path if path.is_file() else None
