"""`planeval lab`: start JupyterLab in the project with the explorer notebook open.

One Jupyter server serves two views of notebooks/explore.ipynb:

- JupyterLab (`/lab/tree/notebooks/explore.ipynb`): the evaluator's workspace, with
  the report notebooks, data and outputs in the file browser;
- Voilà (`/voila/render/notebooks/explore.ipynb`): the same notebook as an app, code
  hidden and run on opening, for evaluators who do not code.

The token is generated here, so both URLs can be printed before the server starts.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from planeval.errors import PlanevalError
from planeval.project import Project, current_project
from planeval.run import notebooks

NOTEBOOK = "notebooks/explore.ipynb"
DEFAULT_PORT = 8888
HOST = "127.0.0.1"


@dataclass(frozen=True)
class LabServer:
    """How to start the server and where its two views are."""

    root: Path
    port: int
    token: str
    notebook: str = NOTEBOOK
    host: str = HOST

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def lab_url(self) -> str:
        return f"{self.base}/lab/tree/{self.notebook}?token={self.token}"

    @property
    def app_url(self) -> str:
        return f"{self.base}/voila/render/{self.notebook}?token={self.token}"

    def command(self, *, open_browser: bool = True, app: bool = False) -> list[str]:
        """The `jupyter lab` command line (run with this Python)."""
        start = f"/voila/render/{self.notebook}" if app else f"/lab/tree/{self.notebook}"
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--ServerApp.root_dir={self.root}",
            f"--ServerApp.ip={self.host}",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--LabApp.default_url={start}",
        ]
        if not open_browser:
            cmd.append("--no-browser")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # containers often run as root; Jupyter refuses else
        return cmd


def free_port(start: int = DEFAULT_PORT, host: str = HOST, tries: int = 50) -> int:
    """The first port from `start` on that nothing listens on."""
    for port in range(start, start + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise PlanevalError(
        f"端口 {start}—{start + tries - 1} 均被占用", expected="用 --port 指定一个空闲端口"
    )


def lab_server(port: int | None = None, root: Path | None = None) -> LabServer:
    """The server for a project (default: the current one); the explorer notebook is
    copied into its notebooks/ folder the first time."""
    project = Project(Path(root).resolve()) if root else current_project()
    if not project.root.is_dir():
        raise PlanevalError("找不到项目文件夹", expected=str(project.root))
    notebooks.project_copy(notebooks.EXPLORE, project)
    return LabServer(root=project.root, port=port or free_port(), token=secrets.token_hex(24))


def run_lab(port: int | None = None, *, open_browser: bool = True, app: bool = False) -> int:
    """Start the server in the foreground; Ctrl+C stops it."""
    server = lab_server(port)
    print("正在启动 JupyterLab（按 Ctrl+C 停止）……")
    print(f"  交互分析（JupyterLab）：{server.lab_url}")
    print(f"  应用界面（Voilà，不显示代码）：{server.app_url}")
    cmd = server.command(open_browser=open_browser, app=app)
    sys.stdout.flush()
    if os.name == "posix":  # become the server: Ctrl+C and kill reach Jupyter directly
        os.chdir(server.root)
        os.execv(cmd[0], cmd)
    process = subprocess.Popen(cmd, cwd=server.root)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue  # Jupyter handles Ctrl+C itself: it asks to confirm, twice stops
