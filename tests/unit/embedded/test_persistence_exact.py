"""A restart reproduces every stored cell exactly: values, write times, expiry, generated ids."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coodie.embedded import Engine
from coodie.embedded.packing import pack
from coodie.embedded.records import MAGIC_LOG, frame
from coodie.exceptions import DataDirectoryError

from .durability_helpers import KEYSPACE, dump


def _workload(e: Engine) -> None:
    s = e.session()
    s.execute(KEYSPACE)
    s.execute("USE ks")
    s.execute(
        "CREATE TABLE t (k int, c int, v text, l list<int>, m map<text, int>, st int static, "
        "PRIMARY KEY (k, c))"
    )
    s.execute("CREATE TABLE g (id uuid PRIMARY KEY, at timeuuid, ts timestamp)")
    s.execute("CREATE TABLE cnt (k int PRIMARY KEY, n counter)")
    s.execute(
        "CREATE MATERIALIZED VIEW mv AS SELECT k, c, v FROM t "
        "WHERE k IS NOT NULL AND c IS NOT NULL PRIMARY KEY (c, k)"
    )
    s.execute(
        "INSERT INTO t (k, c, v, l, m, st) VALUES (1, 1, 'a', [1, 2], {'x': 1}, 9) USING TTL 500"
    )
    s.execute("UPDATE t SET l = l + [3], m['y'] = 2 WHERE k = 1 AND c = 1")
    s.execute("UPDATE t SET l[0] = 7 WHERE k = 1 AND c = 1")
    s.execute("INSERT INTO t (k, c, v) VALUES (1, 2, 'b')")
    s.execute("DELETE FROM t WHERE k = 1 AND c > 1")
    s.execute("INSERT INTO g (id, at, ts) VALUES (uuid(), now(), toTimestamp(now()))")
    for _ in range(5):
        s.execute("UPDATE cnt SET n = n + 1 WHERE k = 1")
    s.execute_batch(
        [
            ("INSERT INTO t (k, c, v) VALUES (2, 1, 'x')", None),
            ("INSERT INTO t (k, c, v) VALUES (3, 1, 'y')", None),
        ]
    )
    s.execute("INSERT INTO t (k, c, v) VALUES (4, 1, 'z') IF NOT EXISTS")
    s.execute("ALTER TABLE g ADD extra int")


@pytest.mark.parametrize("checkpoint", [False, True])
def test_restart_reproduces_every_cell(tmp_path: Path, checkpoint: bool) -> None:
    e = Engine(path=str(tmp_path))
    _workload(e)
    s = e.session("ks")
    if checkpoint:
        e.checkpoint()
        s.execute("UPDATE cnt SET n = n + 1 WHERE k = 1")
        s.execute("UPDATE t SET l = l + [8] WHERE k = 2 AND c = 1")
    before = dump(e)
    generated = s.execute("SELECT id, at, ts FROM g").rows
    e.close()
    with Engine(path=str(tmp_path)) as again:
        assert dump(again) == before
        s2 = again.session("ks")
        assert s2.execute("SELECT id, at, ts FROM g").rows == generated
        assert s2.execute("SELECT n FROM cnt").rows == [(6 if checkpoint else 5,)]


def test_expired_rows_stay_expired_and_lwt_outcomes_survive(tmp_path: Path) -> None:
    e = Engine(path=str(tmp_path))
    s = e.session()
    s.execute(KEYSPACE)
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
    s.execute("INSERT INTO ks.t (k, v) VALUES (1, 'short') USING TTL 1")
    time.sleep(1.1)
    applied = s.execute("INSERT INTO ks.t (k, v) VALUES (1, 'lwt') IF NOT EXISTS").rows
    assert applied == [(True,)]
    s.execute("INSERT INTO ks.t (k, v) VALUES (2, 'gone') USING TTL 1")
    time.sleep(1.1)
    before = dump(e)
    e.close()
    with Engine(path=str(tmp_path)) as again:
        assert dump(again) == before
        assert again.session().execute("SELECT k, v FROM ks.t").rows == [(1, "lwt")]


def test_a_record_that_cannot_be_replayed_is_reported(tmp_path: Path) -> None:
    bogus = pack(("w", 1, [("ks", "missing", (1,), 0, [], ((), None, 0, []), [], 0)]))
    (tmp_path / "commitlog.log").write_bytes(MAGIC_LOG + frame(1, bogus))
    with pytest.raises(DataDirectoryError, match="record 1 at offset 8 could not be replayed"):
        Engine(path=str(tmp_path))
