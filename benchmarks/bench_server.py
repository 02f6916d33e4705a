"""Round trips through scylla-driver against ``coodie serve`` (the embedded engine over CQL).

Run: ``.venv/bin/python -m pytest benchmarks/bench_server.py --benchmark-only``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from coodie.testing import embedded_server

cluster_mod = pytest.importorskip("cassandra.cluster")

ROWS = 10_000


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    with embedded_server() as server:
        cluster = cluster_mod.Cluster([server.host], port=server.port)
        session = cluster.connect()
        session.execute(
            "CREATE KEYSPACE bench "
            "WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
        )
        session.execute("CREATE TABLE bench.kv (p int, c int, v text, PRIMARY KEY (p, c))")
        insert = session.prepare("INSERT INTO bench.kv (p, c, v) VALUES (?, ?, ?)")
        session.execute(insert, (0, 0, "hello"))
        yield session
        cluster.shutdown()


def test_single_row_read(benchmark: Any, session: Any) -> None:
    select = session.prepare("SELECT v FROM bench.kv WHERE p = ? AND c = ?")
    row = benchmark(lambda: session.execute(select, (0, 0)).one())
    assert row.v == "hello"


def test_single_row_write(benchmark: Any, session: Any) -> None:
    insert = session.prepare("INSERT INTO bench.kv (p, c, v) VALUES (?, ?, ?)")
    counter = itertools.count(1)
    benchmark(lambda: session.execute(insert, (1, next(counter), "value")))


def test_load_10000_row_partition(benchmark: Any, session: Any) -> None:
    insert = session.prepare("INSERT INTO bench.kv (p, c, v) VALUES (2, ?, ?)")
    for start in range(0, ROWS, 500):
        futures = [
            session.execute_async(insert, (c, f"value-{c}")) for c in range(start, start + 500)
        ]
        for future in futures:
            future.result()
    select = session.prepare("SELECT c, v FROM bench.kv WHERE p = 2")
    rows = benchmark.pedantic(lambda: list(session.execute(select)), rounds=5, iterations=1)
    assert len(rows) == ROWS
