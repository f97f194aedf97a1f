"""What a worker process keeps for every report it exports (the browser that prints PDF):
made on first use, closed when the process ends.

Entries are keyed by the process id too, so a forked child never uses its parent's
browser thread. multiprocessing's exit hook closes them: it runs in pool
workers (which skip atexit) and, through atexit, in the main process.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Hashable
from typing import Protocol, TypeVar


class Closable(Protocol):
    def close(self) -> None: ...


T = TypeVar("T", bound=Closable)

_KEPT: dict[tuple, Closable] = {}
_LOCK = threading.Lock()


def kept(kind: str, key: Hashable, make: Callable[[], T]) -> T:
    """This process's `kind` object for `key`, made by `make()` the first time."""
    pid = os.getpid()
    with _LOCK:
        if not any(k[0] == pid for k in _KEPT):
            from multiprocessing import util

            util.Finalize(None, close_kept, exitpriority=10)
        full = (pid, kind, key)
        if full not in _KEPT:
            _KEPT[full] = make()
        return _KEPT[full]  # type: ignore[return-value]


def close_kept(kind: str | None = None) -> None:
    """Close this process's kept objects (of one `kind`, or all); the next use makes a
    new one."""
    pid = os.getpid()
    with _LOCK:
        mine = [k for k in _KEPT if k[0] == pid and kind in (None, k[1])]
        objects = [_KEPT.pop(k) for k in mine]
    for obj in objects:
        with contextlib.suppress(Exception):
            obj.close()
