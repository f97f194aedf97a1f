"""A worker pool kept across `run_parallel` calls (the waves of a batch): the same
worker processes serve each call, and a pool broken by a dying worker is replaced.
Items in chunks: every result once, a dying worker's chunk reported."""

from __future__ import annotations

import os
import time

import pytest

from planeval.run.parallel import WorkerPool, chunk_size, run_parallel


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


def _square(x: int) -> tuple[str, int]:
    return ("done", x * x)


def _die_on_7(x: int) -> tuple[str, int]:
    if x == 7:
        os._exit(3)  # a worker killed mid-task (out of memory, a segfault)
    return ("done", x)


def _reported(x: int, exc: BaseException) -> tuple[str, int]:
    return ("crashed", x)


def test_chunks_give_every_result_once():
    got = list(run_parallel(_square, list(range(23)), _reported, workers=2, chunk=5))
    assert sorted(got) == [("done", x * x) for x in range(23)]


def test_a_dying_worker_reports_every_item_of_its_chunk():
    got = list(run_parallel(_die_on_7, list(range(20)), _reported, workers=2, chunk=5))
    # every item comes back exactly once, done or crashed
    assert sorted(x for _, x in got) == list(range(20))
    crashed = {x for state, x in got if state == "crashed"}
    assert {5, 6, 7, 8, 9} <= crashed  # the chunk of the dying task


def test_chunk_size_keeps_four_chunks_a_worker():
    assert chunk_size(3000, 2) == 16
    assert chunk_size(40, 2) == 5
    assert chunk_size(3, 2) == 1
    assert chunk_size(0, 2) == 1


def test_chunks_on_a_local_dask_cluster():
    pytest.importorskip("distributed")
    items = [-x for x in range(11)]
    got = list(run_parallel(abs, items, _reported, workers=2, scheduler="local", chunk=4))
    assert sorted(got) == list(range(11))
