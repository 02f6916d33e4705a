"""Compaction purges tombstones and expired cells after gc_grace_seconds, and no sooner."""

from __future__ import annotations

from pathlib import Path

from coodie.embedded import Engine, Session

from .durability_helpers import KEYSPACE, dump


def _now(session: Session) -> int:
    return session.engine.now_us() // 1_000_000


def test_deleted_and_expired_data_is_purged_after_gc_grace(session: Session) -> None:
    session.execute(
        "CREATE TABLE t (k int, c int, v int, s set<int>, PRIMARY KEY (k, c)) "
        "WITH gc_grace_seconds = 10"
    )
    for k in range(3):
        session.execute("INSERT INTO t (k, c, v, s) VALUES (?, 1, 1, {1, 2})", [k])
    session.execute("DELETE FROM t WHERE k = 0")
    session.execute("DELETE FROM t WHERE k = 1 AND c = 1")
    session.execute("UPDATE t SET v = null, s = s - {1} WHERE k = 2 AND c = 1")
    session.execute("INSERT INTO t (k, c, v) VALUES (3, 1, 1) USING TTL 1")
    now = _now(session)
    from coodie.embedded.compaction import compact

    early = compact(session.engine, now + 5)  # within the grace period: shadowed cells only
    assert early.partitions == 0
    data = session.engine.data[("ks", "t")]
    assert data.partitions and all(
        not row.cells or row.marker is not None
        for p in data.partitions.values()
        for row in p.rows.values()
    )
    late = compact(session.engine, now + 12)
    assert late.partitions == 3  # k = 0, 1 and the expired k = 3
    assert len(data.partitions) == 1
    (part,) = data.partitions.values()
    (row,) = part.rows.values()
    s = row.cells.get("s")
    assert set(row.cells) == {"s"} and [c.value for c in s.items.values()] == [2]  # type: ignore[union-attr]
    assert session.execute("SELECT k, c, v, s FROM t").rows == [(2, 1, None, {2})]


def test_a_deletion_keeps_shadowing_older_writes_within_gc_grace(session: Session) -> None:
    session.execute("CREATE TABLE t (k int PRIMARY KEY, v int)")
    session.execute("INSERT INTO t (k, v) VALUES (1, 1) USING TIMESTAMP 5")
    session.execute("DELETE FROM t USING TIMESTAMP 10 WHERE k = 1")
    session.engine.compact()
    session.execute("INSERT INTO t (k, v) VALUES (1, 2) USING TIMESTAMP 7")
    assert session.execute("SELECT v FROM t").rows == []


def test_checkpoint_compacts_the_snapshot(tmp_path: Path) -> None:
    e = Engine(path=str(tmp_path))
    s = e.session()
    s.execute(KEYSPACE)
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text) WITH gc_grace_seconds = 0")
    insert = s.prepare("INSERT INTO ks.t (k, v) VALUES (?, ?)")
    for k in range(200):
        s.execute(insert, [k, "x" * 100])
    e.checkpoint()
    full = (tmp_path / "snapshot.dat").stat().st_size
    for k in range(200):
        s.execute("DELETE FROM ks.t WHERE k = ?", [k])
    s.execute(insert, [1000, "kept"])
    e.pinned_clock_us = e.now_us() + 2_000_000  # two seconds later
    e.checkpoint()
    e.pinned_clock_us = None
    assert (tmp_path / "snapshot.dat").stat().st_size < full / 10
    before = dump(e)
    e.close()
    with Engine(path=str(tmp_path)) as again:
        assert dump(again) == before
        assert again.session().execute("SELECT k, v FROM ks.t").rows == [(1000, "kept")]
