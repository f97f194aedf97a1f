"""One task per item, in parallel processes or on a Dask cluster, results as they finish.

The batch of reports and the assessment of many plans share it. A task never raises
for a user's mistake (it returns its failure); a worker that dies is reported through
`crashed(item, exc)` while the other items go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
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
) -> Iterator[Out]:
    """`task(item)` for every item: in this process (one worker or one item), in a pool of
    `workers` processes, or on Dask (`scheduler` "local" or a scheduler address)."""
    if scheduler:
        yield from _on_dask(task, items, crashed, workers, scheduler)
    elif workers <= 1 or len(items) == 1:
        for item in items:
            yield task(item)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(task, item): item for item in items}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool as exc:
                    yield crashed(futures[future], exc)


def _on_dask(task, items, crashed, workers: int, scheduler: str):
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
        futures = client.map(task, items, pure=False)
        owner = {f.key: item for f, item in zip(futures, items, strict=True)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a worker died: report the item, keep going
                yield crashed(owner[future.key], exc)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
