"""Search on the embedded engine: indexed lookups against scans, and vector top-k (ANN).

Run::

    .venv/bin/python -m pytest benchmarks/bench_search.py --benchmark-only \\
        --benchmark-columns=min,median --benchmark-group-by=group

- ``index_vs_scan``: ``SELECT ... WHERE cat = ?`` (about ten matching rows) on a table of
  ``COODIE_BENCH_INDEX_ROWS`` rows (default 1,000 for the CI smoke run; 100,000 for
  figures), answered by a regular, SASI or SAI index, against the same query on an
  unindexed copy with ALLOW FILTERING (a full scan).
- ``ann``: ``ORDER BY v ANN OF ? LIMIT 10`` over ``COODIE_BENCH_VECTORS`` vectors of 384
  dimensions (default 1,000; 100,000 for figures), with numpy preselecting candidates and
  with the pure-Python path (run a few rounds only: it scores every vector).

Timings are reported, never asserted.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from typing import Any

import pytest

from coodie.embedded import Engine, Session
from coodie.embedded.vectors import use_numpy

INDEX_ROWS = int(os.environ.get("COODIE_BENCH_INDEX_ROWS", "1000"))
VECTORS = int(os.environ.get("COODIE_BENCH_VECTORS", "1000"))
DIMS = 384
INDEX_CLASSES = {
    "regular": "",
    "sasi": " USING 'org.apache.cassandra.index.sasi.SASIIndex'",
    "sai": " USING 'sai'",
}


def _session() -> Session:
    s = Engine().session()
    s.execute(
        "CREATE KEYSPACE bench_search WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("USE bench_search")
    return s


@pytest.fixture(scope="module")
def lookup_tables() -> Session:
    """One unindexed table and one table per index family, with the same rows."""
    s = _session()
    groups = max(INDEX_ROWS // 10, 1)
    for name in ("scan", *INDEX_CLASSES):
        s.execute(f"CREATE TABLE {name} (id int PRIMARY KEY, cat int, body text)")
        if name != "scan":
            s.execute(f"CREATE INDEX ON {name} (cat){INDEX_CLASSES[name]}")
        insert = s.prepare(f"INSERT INTO {name} (id, cat, body) VALUES (?, ?, ?)")
        for i in range(INDEX_ROWS):
            s.execute(insert, [i, i % groups, "x" * 20])
    for name in INDEX_CLASSES:  # build the index stores before timing
        s.execute(f"SELECT id FROM {name} WHERE cat = 0")
    return s


@pytest.mark.benchmark(group="index_vs_scan")
@pytest.mark.parametrize("kind", ["scan", *INDEX_CLASSES])
def test_equality_lookup(benchmark: Any, lookup_tables: Session, kind: str) -> None:
    s = lookup_tables
    cql = f"SELECT id, body FROM {kind} WHERE cat = ?"
    if kind == "scan":
        cql += " ALLOW FILTERING"
    stmt = s.prepare(cql)
    benchmark.extra_info["rows"] = INDEX_ROWS
    rows = benchmark(lambda: s.execute(stmt, [7]).rows)
    groups = max(INDEX_ROWS // 10, 1)
    assert sorted(r[0] for r in rows) == [i for i in range(INDEX_ROWS) if i % groups == 7]


@pytest.fixture(scope="module", params=[True, False], ids=["numpy", "pure-python"])
def vector_table(request: pytest.FixtureRequest) -> Iterator[tuple[Session, list[float]]]:
    """``VECTORS`` random unit-ish vectors of 384 dimensions under a cosine SAI index."""
    old = use_numpy(request.param)
    s = _session()
    s.execute(f"CREATE TABLE docs (id int PRIMARY KEY, v vector<float, {DIMS}>)")
    s.execute("CREATE INDEX docs_v ON docs (v) USING 'sai'")
    rng = random.Random(384)
    insert = s.prepare("INSERT INTO docs (id, v) VALUES (?, ?)")
    for i in range(VECTORS):
        s.execute(insert, [i, [rng.gauss(0, 1) for _ in range(DIMS)]])
    query = [rng.gauss(0, 1) for _ in range(DIMS)]
    s.execute("SELECT id FROM docs ORDER BY v ANN OF ? LIMIT 1", [query])  # build the index
    yield s, query
    use_numpy(old)


@pytest.mark.benchmark(group="ann")
def test_ann_top_10(benchmark: Any, vector_table: tuple[Session, list[float]]) -> None:
    s, query = vector_table
    stmt = s.prepare("SELECT id FROM docs ORDER BY v ANN OF ? LIMIT 10")
    benchmark.extra_info["vectors"] = VECTORS
    rows = benchmark.pedantic(lambda: s.execute(stmt, [query]).rows, rounds=5, warmup_rounds=1)
    assert len(rows) == min(10, VECTORS)
