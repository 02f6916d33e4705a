"""Write-ahead: a write the log refuses (ENOSPC, EROFS, EACCES, fsync errors) leaves no trace."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from coodie.embedded import Engine
from coodie.exceptions import DataDirectoryError, StorageFailure

from .durability_helpers import KEYSPACE, dump


class Faults:
    """A fault hook failing the named step with an errno while armed."""

    def __init__(self) -> None:
        self.step: str | None = None
        self.code = errno.ENOSPC

    def __call__(self, step: str) -> None:
        if step == self.step:
            raise OSError(self.code, errno.errorcode[self.code])


def _open(path: Path, faults: Faults) -> Engine:
    e = Engine(path=str(path), fault_hook=faults)
    s = e.session()
    s.execute(KEYSPACE)
    s.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
    s.execute("INSERT INTO ks.t (k, v) VALUES (1, 'kept')")
    return e


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_refused_append_leaves_no_trace(tmp_path: Path, code: int) -> None:
    faults = Faults()
    e = _open(tmp_path, faults)
    s = e.session("ks")
    before = dump(e)
    faults.step, faults.code = "append", code
    with pytest.raises(StorageFailure, match="not applied"):
        s.execute("INSERT INTO t (k, v) VALUES (2, 'lost')")
    with pytest.raises(StorageFailure):
        s.execute_batch(
            [("UPDATE t SET v = 'lost' WHERE k = 1", None), ("DELETE FROM t WHERE k = 1", None)]
        )
    with pytest.raises(StorageFailure):
        s.execute("CREATE TABLE t2 (k int PRIMARY KEY)")
    assert dump(e) == before
    assert s.execute("SELECT k, v FROM t").rows == [(1, "kept")]
    assert "t2" not in e.keyspaces["ks"].tables
    faults.step = None
    s.execute("INSERT INTO t (k, v) VALUES (3, 'after')")  # the engine carries on
    e.close()
    with Engine(path=str(tmp_path)) as again:
        assert sorted(again.session().execute("SELECT k, v FROM ks.t").rows) == [
            (1, "kept"),
            (3, "after"),
        ]
        assert "t2" not in again.keyspaces["ks"].tables


def test_a_failed_fsync_stops_the_engine_before_anyone_sees_the_write(tmp_path: Path) -> None:
    faults = Faults()
    e = _open(tmp_path, faults)
    s = e.session("ks")
    faults.step, faults.code = "fsync", errno.EIO
    with pytest.raises(StorageFailure, match="could not be synced"):
        s.execute("INSERT INTO t (k, v) VALUES (2, 'unsure')")
    faults.step = None
    with pytest.raises(StorageFailure, match="restart"):
        s.execute("SELECT k, v FROM t")
    e.close()


@pytest.mark.parametrize(
    ("step", "code", "message"),
    [
        ("open", errno.EROFS, "read-only file system"),
        ("probe", errno.ENOSPC, "is full"),
        ("open", errno.EACCES, "not writable"),
    ],
)
def test_an_unusable_directory_is_reported_at_open(
    tmp_path: Path, step: str, code: int, message: str
) -> None:
    faults = Faults()
    faults.step, faults.code = step, code
    with pytest.raises(DataDirectoryError, match=message):
        Engine(path=str(tmp_path / "data"), fault_hook=faults)
