"""A worker pool kept across `run_parallel` calls (the waves of a batch): the same
worker processes serve each call, and a pool broken by a dying worker is replaced."""

from __future__ import annotations

import os
import time

from planeval.run.parallel import WorkerPool, run_parallel


def _pid(item: str) -> tuple[str, int]:
    if item == "die":
        os._exit(1)  # a worker that crashes (as a segfault would)
    time.sleep(0.05)  # long enough for every worker of the pool to take items
    return item, os.getpid()


def _crashed(item: str, exc: BaseException) -> tuple[str, int]:
    return item, -1


def test_pool_serves_every_call_and_is_replaced_when_broken():
    with WorkerPool(2) as pool:
        items = [f"a{i}" for i in range(12)]
        first = dict(run_parallel(_pid, items, _crashed, pool=pool))
        second = dict(run_parallel(_pid, ["d"], _crashed, pool=pool))
        assert set(first) == set(items) and os.getpid() not in first.values()
        assert len(set(first.values())) == 2
        assert second["d"] in first.values()  # a worker of the first call, still running
        broken = dict(run_parallel(_pid, ["die"], _crashed, pool=pool))
        assert broken == {"die": -1}
        after = dict(run_parallel(_pid, ["e", "f"], _crashed, pool=pool))
        assert set(after) == {"e", "f"} and -1 not in after.values()
        assert not set(after.values()) & set(first.values())  # new worker processes


def test_one_worker_runs_in_this_process():
    with WorkerPool(1) as pool:
        assert dict(run_parallel(_pid, ["a", "b"], _crashed, 2, pool=pool)) == {
            "a": os.getpid(),
            "b": os.getpid(),
        }
