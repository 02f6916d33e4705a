"""Cell semantics the corpus checks only indirectly: tokens, tie-breaks, liveness, TTL."""

from __future__ import annotations

import struct
import time

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
