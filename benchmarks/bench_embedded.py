"""coodie on the embedded engine, end to end: single-row insert, read by key, a big partition.

Everything goes through the public API (``coodie.sync`` and ``coodie.aio``) and the
embedded driver adapter; the engine runs in memory, in this process. Run::

    .venv/bin/python -m pytest benchmarks/bench_embedded.py --benchmark-only \\
        --benchmark-columns=min,median --benchmark-group-by=group

``COODIE_BENCH_ROWS`` sets the partition size of the load benchmarks (default 1,000 so
the CI smoke run stays quick; use 10,000 for figures); they record ``per_row_us`` (best
time per row) in their ``extra_info``. Timings are reported, never asserted.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import pytest

import coodie.aio
import coodie.sync
from coodie.fields import ClusteringKey, PrimaryKey
from coodie.testing import isolated_connections

KEYSPACE = "bench_embedded"
ROWS = int(os.environ.get("COODIE_BENCH_ROWS", "1000"))


class Reading(coodie.sync.Document):
    sensor: Annotated[str, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    value: float = 0.0
    unit: str = "C"
    note: str | None = None

    class Settings:
        keyspace = KEYSPACE
        name = "reading"


class AsyncReading(coodie.aio.Document):
    sensor: Annotated[str, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    value: float = 0.0
    unit: str = "C"
    note: str | None = None

    class Settings:
        keyspace = KEYSPACE
        name = "reading"


_seqs = itertools.count()


@pytest.fixture(scope="module")
def engine() -> Iterator[None]:
    """An in-memory embedded engine with the table and a ``ROWS``-row partition ``big``."""
    with isolated_connections():
        coodie.sync.init_coodie(driver_type="embedded", name="bench")
        coodie.sync.create_keyspace(KEYSPACE, replication_factor=1)
        Reading.sync_table()
        Reading(sensor="s", seq=1).save()
        for start in range(0, ROWS, 500):
            with coodie.sync.BatchQuery(logged=False) as batch:
                for seq in range(start, min(start + 500, ROWS)):
                    Reading(sensor="big", seq=seq, value=seq * 0.5).save(batch=batch)
        yield None


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


def _run(benchmark: Any, fn: Callable[[], Any]) -> Any:
    fn()  # warm caches (statement shapes, hydrators)
    return benchmark(fn)


def _per_row(benchmark: Any, fn: Callable[[], list[Any]]) -> None:
    assert len(_run(benchmark, fn)) == ROWS
    if benchmark.stats is not None:  # None under --benchmark-disable
        benchmark.extra_info["per_row_us"] = benchmark.stats.stats.min / ROWS * 1e6


@pytest.mark.benchmark(group="insert one row")
def test_insert_sync(benchmark: Any, engine: None) -> None:
    _run(benchmark, lambda: Reading(sensor="s", seq=next(_seqs)).save())


@pytest.mark.benchmark(group="insert one row")
def test_insert_aio(benchmark: Any, engine: None, loop: asyncio.AbstractEventLoop) -> None:
    _run(
        benchmark, lambda: loop.run_until_complete(AsyncReading(sensor="a", seq=next(_seqs)).save())
    )


@pytest.mark.benchmark(group="get by primary key")
def test_get_sync(benchmark: Any, engine: None) -> None:
    assert _run(benchmark, lambda: Reading.get(sensor="s", seq=1)).seq == 1


@pytest.mark.benchmark(group="get by primary key")
def test_get_aio(benchmark: Any, engine: None, loop: asyncio.AbstractEventLoop) -> None:
    found = _run(benchmark, lambda: loop.run_until_complete(AsyncReading.get(sensor="s", seq=1)))
    assert found.seq == 1


@pytest.mark.benchmark(group=f"load a {ROWS}-row partition")
def test_load_partition_sync(benchmark: Any, engine: None) -> None:
    _per_row(benchmark, lambda: Reading.find(sensor="big").all())


@pytest.mark.benchmark(group=f"load a {ROWS}-row partition")
def test_load_partition_aio(benchmark: Any, engine: None, loop: asyncio.AbstractEventLoop) -> None:
    _per_row(benchmark, lambda: loop.run_until_complete(AsyncReading.find(sensor="big").all()))
