"""Aggregates fold rows in as they are read: ``count(*)`` over many rows keeps no rows."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal

from coodie.embedded import Engine

REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"


def _engine(rows: int) -> Engine:
    engine = Engine()
    s = engine.session()
    s.execute(f"CREATE KEYSPACE ks WITH replication = {REPLICATION}")
    s.execute("CREATE TABLE ks.t (k int, c int, v int, d decimal, PRIMARY KEY (k, c))")
    insert = s.prepare("INSERT INTO ks.t (k, c, v, d) VALUES (?, ?, ?, ?)")
    for i in range(rows):
        s.execute(insert, [i % 50, i, i if i % 3 else None, Decimal(i) / 4])
    return engine


def test_count_over_many_rows_holds_no_rows_in_memory() -> None:
    rows = 20_000
    s = _engine(rows).session()
    s.execute("SELECT count(*), max(c), sum(v) FROM ks.t WHERE k = 1")  # parse and import once
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        assert s.execute("SELECT count(*), max(c), sum(v) FROM ks.t").rows[0][0] == rows
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # collecting the rows first took ~440 bytes per row (a view and two dicts each): 8.8 MB
    assert peak < 10 * rows, f"count(*) peaked at {peak} bytes for {rows} rows"


def test_aggregates_keep_cassandra_semantics() -> None:
    s = _engine(300).session()
    values = [i for i in range(300) if i % 3]
    row = s.execute("SELECT count(*), count(v), min(v), max(v), sum(v), avg(v) FROM ks.t").rows[0]
    assert row == (300, len(values), 1, 299, sum(values), sum(values) // len(values))
    avg_d = s.execute("SELECT avg(d) FROM ks.t").rows[0][0]
    assert avg_d == sum(Decimal(i) / 4 for i in range(300)) / 300
    empty = s.execute("SELECT count(*), min(v), sum(v), avg(v) FROM ks.t WHERE k = 999").rows
    assert empty == [(0, None, 0, 0)]


def test_group_by_streams_groups_and_stops_at_the_limit() -> None:
    s = _engine(500).session()
    rows = s.execute("SELECT k, count(*), min(c) FROM ks.t WHERE k IN (3, 4) GROUP BY k").rows
    assert rows == [(3, 10, 3), (4, 10, 4)]
    limited = s.execute("SELECT k, count(*) FROM ks.t GROUP BY k LIMIT 3").rows
    assert len(limited) == 3 and all(count == 10 for _, count in limited)
    everything = s.execute("SELECT k, count(*) FROM ks.t GROUP BY k").rows
    assert len(everything) == 50 and limited == everything[:3]
