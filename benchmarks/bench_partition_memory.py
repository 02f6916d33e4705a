"""Iterating a large partition through ``coodie.sync`` on the embedded engine: peak client memory.

``for row in Reading.find(sensor="big").fetch_size(PAGE)`` pages through the partition,
so the client holds about one page of rows at a time; the benchmark records the peak
traced memory of the iteration (``tracemalloc``) as ``peak_kib`` in its ``extra_info``.
Run it at two sizes and compare: the peak stays flat as the partition grows. Run::

    COODIE_BENCH_PARTITION_ROWS=100000 .venv/bin/python -m pytest \\
        benchmarks/bench_partition_memory.py --benchmark-only

``COODIE_BENCH_PARTITION_ROWS`` sets the partition size (default 2,000 so the CI smoke
run stays quick); 1,000,000 rows still hold about one page (``PAGE`` rows) on the client
(the engine itself keeps the whole partition in memory). Timings are reported, never asserted.
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Iterator
from typing import Annotated, Any

import pytest

import coodie.sync
from coodie.fields import ClusteringKey, PrimaryKey
from coodie.testing import isolated_connections

KEYSPACE = "bench_partition_memory"
ROWS = int(os.environ.get("COODIE_BENCH_PARTITION_ROWS", "2000"))
PAGE = 500


class Reading(coodie.sync.Document):
    sensor: Annotated[str, PrimaryKey()]
    seq: Annotated[int, ClusteringKey()]
    value: float = 0.0

    class Settings:
        keyspace = KEYSPACE
        name = "reading"


@pytest.fixture(scope="module")
def engine() -> Iterator[None]:
    """An in-memory embedded engine holding a ``ROWS``-row partition ``big``."""
    with isolated_connections():
        coodie.sync.init_coodie(driver_type="embedded", name="bench")
        coodie.sync.create_keyspace(KEYSPACE, replication_factor=1)
        Reading.sync_table()
        for start in range(0, ROWS, 500):
            with coodie.sync.BatchQuery(logged=False) as batch:
                for seq in range(start, min(start + 500, ROWS)):
                    Reading(sensor="big", seq=seq, value=seq * 0.5).save(batch=batch)
        yield None


def test_iterate_partition_peak_memory(benchmark: Any, engine: None) -> None:
    def iterate() -> int:
        tracemalloc.start()
        try:
            seen = sum(1 for _ in Reading.find(sensor="big").fetch_size(PAGE))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        best = benchmark.extra_info.get("peak_kib")
        benchmark.extra_info["peak_kib"] = peak // 1024 if best is None else min(best, peak // 1024)
        return seen

    benchmark.extra_info["rows"] = ROWS
    assert benchmark(iterate) == ROWS
