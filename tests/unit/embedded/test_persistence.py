"""``Engine(path=...)``: acknowledged writes survive a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from coodie.embedded import Engine

WRITER = textwrap.dedent(
    """
    import sys
    from coodie.embedded import Engine
    s = Engine(path=sys.argv[1]).session()
    s.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = "
              "{'class': 'SimpleStrategy', 'replication_factor': 1}")
    s.execute("CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY, v text)")
    p = s.prepare("INSERT INTO ks.t (k, v) VALUES (?, ?)")
    i = 0
    while True:
        s.execute(p, [i, f"v{i}"])
        print(i, flush=True)
        i += 1
    """
)


def test_acknowledged_writes_survive_kill(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    acked = -1
    for line in proc.stdout:
        acked = int(line)
        if acked >= 200:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    s = Engine(path=str(tmp_path)).session()
    rows = s.execute("SELECT k, v FROM ks.t").rows
    keys = {k for k, _ in rows}
    assert set(range(acked + 1)) <= keys
    assert ("v7" in {v for _, v in rows}) and len(keys) >= acked + 1


def test_reopen_keeps_schema_deletes_and_batches(tmp_path: Path) -> None:
    e = Engine(path=str(tmp_path))
    s = e.session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int)")
    s.execute_batch(
        [
            ("INSERT INTO ks.t (k, v) VALUES (1, 1)", None),
            ("INSERT INTO ks.t (k, v) VALUES (2, 2)", None),
        ]
    )
    s.execute("DELETE FROM ks.t WHERE k = 1")
    before = s.execute("SELECT k, v, writetime(v) FROM ks.t").rows
    e.close()
    again = Engine(path=str(tmp_path)).session()
    assert (
        again.execute("SELECT k, v, writetime(v) FROM ks.t").rows
        == before
        == [(2, 2, before[0][2])]
    )


def test_truncate_and_drop_survive_reopen(tmp_path: Path) -> None:
    s = Engine(path=str(tmp_path)).session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY)")
    s.execute("CREATE TABLE ks.gone (k int PRIMARY KEY)")
    s.execute("INSERT INTO ks.t (k) VALUES (1)")
    s.execute("TRUNCATE ks.t")
    s.execute("INSERT INTO ks.t (k) VALUES (2)")
    s.execute("DROP TABLE ks.gone")
    s.engine.close()
    again = Engine(path=str(tmp_path)).session()
    assert again.execute("SELECT k FROM ks.t").rows == [(2,)]
    tables = again.execute(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'"
    ).rows
    assert tables == [("t",)]


def test_table_ids_are_stable_across_reopen(tmp_path: Path) -> None:
    s = Engine(path=str(tmp_path)).session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY)")
    query = "SELECT id FROM system_schema.tables WHERE keyspace_name = 'ks'"
    before = s.execute(query).rows
    s.engine.close()
    assert Engine(path=str(tmp_path)).session().execute(query).rows == before


def test_checkpoint_then_more_writes_survive(tmp_path: Path) -> None:
    e = Engine(path=str(tmp_path))
    s = e.session()
    s.execute(
        "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"
    )
    s.execute(
        "CREATE TABLE ks.t (k int, c text, v set<int>, PRIMARY KEY (k, c)) "
        "WITH CLUSTERING ORDER BY (c DESC)"
    )
    s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 'a', {1, 2})")
    e.checkpoint()
    assert (tmp_path / "commitlog.bin").stat().st_size == 0
    s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 'b', {3})")
    s.execute("UPDATE ks.t SET v = v - {1} WHERE k = 1 AND c = 'a'")
    e.close()
    again = Engine(path=str(tmp_path)).session()
    assert again.execute("SELECT c, v FROM ks.t WHERE k = 1").rows == [("b", {3}), ("a", {2})]
