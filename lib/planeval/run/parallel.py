"""One task per item, in parallel processes or on a Dask cluster, results as they finish.

The batch of reports and the assessment of many plans share it. A task never raises
for a user's mistake (it returns its failure); a worker that dies is reported through
`crashed(item, exc)` while the other items go on.

Short tasks (a plan's assessment, well under a second) go in chunks of `chunk` items:
a Dask task costs its scheduler some 30 CPU-ms, a pool task a few (bench/bench_scale.py);
a chunk pays that once. A worker that dies takes its chunk with it: each of its items is
reported crashed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from planeval.errors import PlanevalError

Item = TypeVar("Item")
Out = TypeVar("Out")


def run_parallel(
    task: Callable[[Item], Out],
    items: Sequence[Item],
    crashed: Callable[[Item, BaseException], Out],
    workers: int = 2,
    scheduler: str | None = None,
    pool: WorkerPool | None = None,
    chunk: int = 1,
) -> Iterator[Out]:
    """`task(item)` for every item: in this process (one worker or one item), in a pool of
    `workers` processes, in `pool`'s processes when given (in this one for a pool of one),
    or on Dask (`scheduler` "local" or a scheduler address); the items sent `chunk` at a
    time."""
    size = max(1, chunk)
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    each = functools.partial(_each, task)
    if scheduler:
        yield from _on_dask(each, chunks, crashed, workers, scheduler)
    elif pool is not None and pool.workers > 1:
        yield from _on_pool(pool, each, chunks, crashed)
    elif pool is not None or workers <= 1 or len(items) == 1:
        for item in items:
            yield task(item)
    else:
        with WorkerPool(workers) as own:
            yield from _on_pool(own, each, chunks, crashed)


def chunk_size(items: int, workers: int, most: int = 16) -> int:
    """Items per chunk: at most `most`, and at least four chunks a worker so the workers
    finish together and progress shows."""
    return max(1, min(most, items // (4 * max(1, workers))))


def _each(task, items: list) -> list:
    return [task(item) for item in items]


class WorkerPool:
    """Worker processes kept across several `run_parallel` calls (the waves of a batch),
    so what a worker keeps (its report kernel, its browser) serves every wave. A pool
    broken by a worker that died is replaced for the next call."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def submit(self, task, item) -> Future:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.workers)
        try:
            return self._executor.submit(task, item)
        except BrokenProcessPool:
            self._executor.shutdown(wait=False)
            self._executor = ProcessPoolExecutor(max_workers=self.workers)
            return self._executor.submit(task, item)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _on_pool(pool: WorkerPool, each, chunks, crashed):
    futures = {pool.submit(each, part): part for part in chunks}
    for future in as_completed(futures):
        try:
            results = future.result()
        except BrokenProcessPool as exc:  # a worker died: report its items, keep going
            results = [crashed(item, exc) for item in futures[future]]
        yield from results


def _on_dask(each, chunks, crashed, workers: int, scheduler: str):
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise PlanevalError(
            "--scheduler 需要 Dask，当前环境未安装", expected='pip install "planeval[dask]"'
        ) from None

    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
    else:
        cluster, client = None, Client(scheduler)
    try:
        futures = client.map(each, chunks, pure=False)
        owner = {f.key: part for f, part in zip(futures, chunks, strict=True)}
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception as exc:  # a worker died: report the items, keep going
                results = [crashed(item, exc) for item in owner[future.key]]
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
