"""One Jupyter kernel per worker process, reused across the plans it runs.

A new kernel per plan pays its start and every import and first-call warm-up again
(pandas, matplotlib and its CJK font, scipy and statsmodels, the templates): about
5 CPU-s a plan. Papermill still runs each notebook, injects its parameters and writes
the executed notebook (the run record); before each run the kernel's namespace is
cleared, its execution count restarted (``InteractiveShell.reset(new_session=True)``),
its figures closed and its working directory set back, so a plan sees nothing of the
one before it but the modules already imported. A kernel that died, or one that has
run `RUNS_PER_KERNEL` notebooks, is replaced; `planeval.run.batch` falls back to a
fresh kernel of its own for a plan whose reused kernel fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

ENGINE = "planeval_worker_kernel"
RUNS_PER_KERNEL = 50  # a fresh kernel now and then bounds what a long batch accumulates
RESET_TIMEOUT = 120  # seconds; as batch.IOPUB_TIMEOUT, for a busy machine
# Namespace, history and execution count cleared; open figures closed (memory, and no
# figure of one plan shown by the next); warnings shown once shown again (leaving
# catch_warnings drops every module's record of the warnings it has shown); the
# working directory back to the project's.
RESET = """\
get_ipython().reset(new_session=True)
import os as _os, sys as _sys, warnings as _warnings
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
with _warnings.catch_warnings():
    pass
_os.chdir({cwd!r})
del _os, _sys, _warnings
"""


class KernelResetError(RuntimeError):
    """The reused kernel did not come back clean: the plan needs a fresh kernel."""


class ReusedKernelEngine(NBClientEngine):
    """Papermill's nbclient engine on a kernel manager it is given (``km``): the kernel
    is left running, only this run's client is closed."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man, kernel_name, log_output=False, start_timeout=60, **kwargs
    ):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(
            nb_man,
            **merge_kwargs(
                kwargs,
                timeout=kwargs.get("execution_timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log_output=log_output,
            ),
        )
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register(ENGINE, ReusedKernelEngine)


class WorkerKernel:
    """A kernel manager for one working directory, talking over IPC sockets where the
    OS has them (no TCP ports per plan, no "running over TCP" warning)."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        self.runs = 0
        self.sockets = Path(tempfile.mkdtemp(prefix="planeval-kernel-"))
        self.km = kernel_manager_class(self.sockets)(kernel_name="python3")

    def prepare(self) -> None:
        """Before a run: a clean namespace in a live kernel (papermill starts one when
        the manager has none). Raises `KernelResetError` when the kernel cannot be
        cleaned."""
        if self.runs and (self.runs >= RUNS_PER_KERNEL or not self.alive()):
            self.restart()
        if self.km.has_kernel:
            try:
                _in_thread(self._reset())
            except Exception as exc:
                raise KernelResetError(f"{type(exc).__name__}: {exc}") from exc
        self.runs += 1

    def alive(self) -> bool:
        return self.km.has_kernel and bool(_in_thread(_maybe_await(self.km.is_alive())))

    async def _reset(self) -> None:
        kc = self.km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=RESET_TIMEOUT)
            reply = await kc.execute_interactive(
                RESET.format(cwd=str(self.cwd)),
                timeout=RESET_TIMEOUT,
                output_hook=lambda msg: None,
            )
            if reply["content"].get("status") != "ok":
                raise RuntimeError(f"reset failed: {reply['content'].get('evalue', '')}")
        finally:
            kc.stop_channels()

    def restart(self) -> None:
        """Shut this kernel down; the next run starts a new one."""
        self.close()
        self.__init__(self.cwd)

    def close(self) -> None:
        if self.km.has_kernel:
            with contextlib.suppress(Exception):
                _in_thread(_maybe_await(self.km.shutdown_kernel(now=True)))
        shutil.rmtree(self.sockets, ignore_errors=True)


async def _maybe_await(value):
    return await value if asyncio.iscoroutine(value) else value


def _in_thread(coro):
    """Run a coroutine to completion whether or not this thread has a running loop."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised below, in the caller
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def worker_kernel(cwd: Path) -> WorkerKernel:
    """This process's kernel for `cwd` (made on first use, shut down at exit)."""
    from planeval.run.kept import kept

    return kept("kernel", str(cwd), lambda: WorkerKernel(cwd))


def close_worker_kernels() -> None:
    """Shut down this process's kernels (a later run starts new ones)."""
    from planeval.run.kept import close_kept

    close_kept("kernel")


def kernel_manager_class(sockets: Path):
    """AsyncKernelManager over IPC sockets in `sockets` (POSIX), else over TCP."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    if os.name != "posix":
        return AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):
            return str(sockets / "kernel")

    return IPCKernelManager
