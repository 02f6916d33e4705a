"""``Engine(path=...)``: acknowledged writes survive a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from coodie.embedded import Engine
from coodie.embedded.records import MAGIC_LOG

WRITER = textwrap.dedent(
    """
    import sys, threading
    from coodie.embedded import Engine
    base = int(sys.argv[2])
    s = Engine(path=sys.argv[1]).session()
    s.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = "
              "{'class': 'SimpleStrategy', 'replication_factor': 1}")
    s.execute("CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY, v text, n list<int>)")
    p = s.prepare("INSERT INTO ks.t (k, v, n) VALUES (?, ?, ?) USING TIMESTAMP ?")
    lock = threading.Lock()

    def write(worker):
        for i in range(100000):
            k = base + worker * 10000 + i
            s.execute(p, [k, f"v{k}", [k, -k], 1000 + k])
            with lock:
                print(k, flush=True)

    for w in range(4):
        threading.Thread(target=write, args=(w,), daemon=True).start()
    threading.Event().wait()
    """
)


def test_acknowledged_writes_survive_sigkill_under_load(tmp_path: Path) -> None:
    acked: set[int] = set()
    for round_ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(round_ * 100000)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for count, line in enumerate(proc.stdout, start=1):
            acked.add(int(line))
            if count >= 100:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    with Engine(path=str(tmp_path)) as e:
        rows = e.session().execute("SELECT k, v, n, writetime(v) FROM ks.t").rows
    found = {k: (v, n, wt) for k, v, n, wt in rows}
    assert len(acked) == 500
    for k in acked:
        assert found[k] == (f"v{k}", [k, -k], 1000 + k)
    for k, (v, n, wt) in found.items():  # unacknowledged writes are whole or absent
        assert (v, n, wt) == (f"v{k}", [k, -k], 1000 + k)


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
    assert (tmp_path / "commitlog.log").read_bytes() == MAGIC_LOG
    s.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 'b', {3})")
    s.execute("UPDATE ks.t SET v = v - {1} WHERE k = 1 AND c = 'a'")
    e.close()
    again = Engine(path=str(tmp_path)).session()
    assert again.execute("SELECT c, v FROM ks.t WHERE k = 1").rows == [("b", {3}), ("a", {2})]
