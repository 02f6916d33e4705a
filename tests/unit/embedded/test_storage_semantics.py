"""Cell semantics the corpus checks only indirectly: tokens, tie-breaks, liveness, TTL."""

from __future__ import annotations

import struct
import time
import tracemalloc

from coodie.embedded import Session
from coodie.embedded.murmur3 import murmur3_token


def test_murmur3_matches_cassandra() -> None:
    assert murmur3_token(struct.pack(">i", 42)) == -7160136740246525330
    assert murmur3_token(struct.pack(">i", -1)) == 7297452126230313552
    assert murmur3_token(b"abc") != murmur3_token(b"abd")


def test_token_order_and_composite_keys(session: Session) -> None:
    session.execute("CREATE TABLE t (a int, b text, PRIMARY KEY ((a, b)))")
    for a, b in [(1, "x"), (2, "y"), (3, "z")]:
        session.execute("INSERT INTO t (a, b) VALUES (?, ?)", [a, b])
    rows = session.execute("SELECT token(a, b), a, b FROM t").rows
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_update_without_marker_vanishes_when_cells_deleted(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int)")
    session.execute("UPDATE t SET v = 1 WHERE k = 1")
    session.execute("INSERT INTO t (k, v) VALUES (2, 2)")
    session.execute("DELETE v FROM t WHERE k = 1")
    session.execute("DELETE v FROM t WHERE k = 2")
    assert session.execute("SELECT k, v FROM t").rows == [(2, None)]


def test_equal_timestamps_tombstone_then_greater_value_wins(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int)")
    session.execute("INSERT INTO t (k, v) VALUES (1, 1) USING TIMESTAMP 10")
    session.execute("INSERT INTO t (k, v) VALUES (1, -1) USING TIMESTAMP 10")
    assert session.execute("SELECT v FROM t").rows == [(-1,)]  # 0xffffffff > 0x00000001
    session.execute("DELETE FROM t USING TIMESTAMP 10 WHERE k = 1")
    assert session.execute("SELECT v FROM t").rows == []


def test_ttl_expiry_and_default_ttl(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int) WITH default_time_to_live = 100")
    session.execute("INSERT INTO t (k, v) VALUES (1, 1)")
    session.execute("INSERT INTO t (k, v) VALUES (2, 2) USING TTL 1")
    assert 98 <= session.execute("SELECT ttl(v) FROM t WHERE k = 1").rows[0][0] <= 100
    time.sleep(2.1)
    assert session.execute("SELECT k FROM t").rows == [(1,)]


def test_ten_thousand_rows_inserted_in_reverse_read_back_in_order(session: Session) -> None:
    # speed: benchmarks/test_large_partitions.py
    session.execute("CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c))")
    p = session.prepare("INSERT INTO t (k, c, v) VALUES (?, ?, ?)")
    for i in range(10_000):
        session.execute(p, [0, 9_999 - i, "x"])
    rows = session.execute("SELECT c FROM t WHERE k = 0").rows
    assert [r[0] for r in rows] == list(range(10_000))


def test_a_clustering_row_costs_well_under_540_bytes(session: Session) -> None:
    # issue 16: the row with its key, marker, timestamp and value cell; main had ~580
    session.execute("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))")
    p = session.prepare("INSERT INTO t (k, c, v) VALUES (0, ?, ?)")
    session.execute(p, [-1, -1])
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for c in range(3000):
        session.execute(p, [c, c])
    per_row = (tracemalloc.get_traced_memory()[0] - base) / 3000
    tracemalloc.stop()
    assert per_row < 500
    (part,) = session.engine.data[("ks", "t")].partitions.values()
    assert all(row.ck is sk for sk, row in part.rows.items())  # one key tuple, not two


def test_cells_written_in_any_order_overwritten_and_dropped(session: Session) -> None:
    session.execute(
        "CREATE TABLE t (k int, c int, a int, b int, x int, PRIMARY KEY (k, c))"
        " WITH CLUSTERING ORDER BY (c DESC)"
    )
    session.execute("INSERT INTO t (k, c, a, b) VALUES (0, 1, 1, 2)")
    session.execute("INSERT INTO t (k, c, b, a) VALUES (0, 2, 3, 4)")
    session.execute("UPDATE t SET x = 5, a = 6 WHERE k = 0 AND c = 1")
    session.execute("UPDATE t USING TIMESTAMP 1 SET b = 7 WHERE k = 0 AND c = 2")  # older: lost
    session.execute("DELETE a FROM t WHERE k = 0 AND c = 2")
    assert session.execute("SELECT c, a, b, x FROM t").rows == [(2, None, 3, None), (1, 6, 2, 5)]
    session.execute("ALTER TABLE t DROP b")
    assert session.execute("SELECT * FROM t").rows == [(0, 2, None, None), (0, 1, 6, 5)]
    (part,) = session.engine.data[("ks", "t")].partitions.values()
    assert [(row.ck, sorted(row.cells)) for row in part.rows.values()] == [
        ((1,), ["a", "x"]),
        ((2,), ["a"]),  # the deletion's tombstone
    ]
