"""Large partitions on the embedded engine: a 100-row clustering slice and a first page.

Run (figures; the default size keeps the CI smoke run quick)::

    COODIE_BENCH_CELLS=1000000 .venv/bin/python -m pytest benchmarks/bench_large_partitions.py \
        --benchmark-only

The partition is written in random clustering order, so every insert lands inside the
sorted keys rather than at the end.
"""

from __future__ import annotations

import os
import random
import tracemalloc
from typing import Any

import pytest

from coodie.embedded import Engine, Session

CELLS = int(os.environ.get("COODIE_BENCH_CELLS", "20000"))


@pytest.fixture(scope="module")
def session() -> Session:
    s = Engine().session()
    s.execute(
        "CREATE KEYSPACE b WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("CREATE TABLE b.t (k int, c int, v int, PRIMARY KEY (k, c))")
    insert = s.prepare("INSERT INTO b.t (k, c, v) VALUES (0, ?, ?)")
    order = list(range(CELLS))
    random.Random(7).shuffle(order)
    for c in order:
        s.execute(insert, [c, c])
    return s


def test_100_row_slice_of_a_large_partition(benchmark: Any, session: Session) -> None:
    mid = CELLS // 2
    select = session.prepare("SELECT c, v FROM b.t WHERE k = 0 AND c >= ? AND c < ?")
    rows = benchmark(lambda: session.execute(select, [mid, mid + 100]).rows)
    assert rows == [(c, c) for c in range(mid, mid + 100)]


def test_first_page_of_a_large_partition_descending(benchmark: Any, session: Session) -> None:
    select = session.prepare("SELECT c FROM b.t WHERE k = 0 ORDER BY c DESC")
    rows = benchmark(lambda: session.execute(select, page_size=100).rows)
    assert rows == [(c,) for c in range(CELLS - 1, CELLS - 101, -1)]


def test_bytes_per_cell(benchmark: Any) -> None:
    n = min(CELLS, 20_000)

    def load() -> float:
        s = Engine().session()
        s.execute(
            "CREATE KEYSPACE m WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        )
        s.execute("CREATE TABLE m.t (k int, c int, v int, PRIMARY KEY (k, c))")
        insert = s.prepare("INSERT INTO m.t (k, c, v) VALUES (0, ?, ?)")
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        for c in range(n):
            s.execute(insert, [c, c])
        used = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        return used / n

    per_cell = benchmark.pedantic(load, rounds=1, iterations=1)
    benchmark.extra_info["bytes_per_cell"] = round(per_cell)
    print(f"\n{n:,} cells: {per_cell:.0f} bytes per cell")  # shown with -s
    assert per_cell > 0
